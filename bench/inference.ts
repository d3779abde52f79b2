/**
 * Inference benchmarks (issue 6):
 * W3 — the log-joint of a Bayesian logistic regression (N = 10,000, D = 20) and its
 *      gradient, written with ops and through the model language, vs a hand-written loop;
 * NUTS overhead — wall time per gradient evaluation inside NUTS vs the bare value+grad
 *      of the same potential.
 */
import {
  Bernoulli,
  jit,
  matmul,
  mcmc,
  mul,
  Normal,
  plate,
  potentialFn,
  sample,
  softplus,
  square,
  sub,
  sum,
  tensor,
  tidy,
  valueAndGrad,
  add,
  type Tensor,
} from '../src/index.js';
import { median, type Row } from './util.js';

const N = 10_000;
const D = 20;

/** The W3 data set: X (N×D, row-major), labels y and the true weights w. */
export function w3Data(): { x: Float64Array; y: Float64Array; w: Float64Array } {
  let seed = 7;
  const u = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const x = Float64Array.from({ length: N * D }, () => 2 * u() - 1);
  const w = Float64Array.from({ length: D }, () => u() - 0.5);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let z = 0;
    for (let j = 0; j < D; j++) z += x[i * D + j] * w[j];
    y[i] = u() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y, w };
}

/** log p(w) + log p(y | X, w) with w ~ N(0, 1) and its gradient, in one pass over X. */
export function w3HandLoop(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  g: Float64Array,
): number {
  let lp = 0;
  for (let j = 0; j < D; j++) {
    lp += -0.5 * w[j] * w[j] - 0.9189385332046728;
    g[j] = -w[j];
  }
  for (let i = 0; i < N; i++) {
    const row = i * D;
    let z = 0;
    for (let j = 0; j < D; j++) z += x[row + j] * w[j];
    const sp = (z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));
    lp += y[i] * z - sp;
    const r = y[i] - (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
    for (let j = 0; j < D; j++) g[j] += r * x[row + j];
  }
  return lp;
}

export function w3(): Row[] {
  const { x, y, w } = w3Data();
  const X = tensor(x, [N, D]);
  const Y = tensor(y);
  const g = new Float64Array(D);
  const exact = w3HandLoop(x, y, w, g);
  const opsLogJoint = (wt: Tensor): Tensor => {
    const logits = matmul(X, wt);
    const prior = sum(sub(mul(square(wt), -0.5), 0.9189385332046728));
    return add(prior, sum(sub(mul(Y, logits), softplus(logits))));
  };
  const vgOps = valueAndGrad(opsLogJoint);
  const model = (): void => {
    const beta = sample('w', new Normal(tensor(new Float64Array(D)), 1));
    plate('data', N, () => sample('y', new Bernoulli({ logits: matmul(X, beta) }), { obs: Y }));
  };
  const pot = potentialFn(model, []);
  const vgModel = valueAndGrad((u: Tensor) => pot.potential(u));
  const wt = tensor(w);
  const check = (lp: number): string =>
    `rel. diff ${Math.abs((lp - exact) / exact).toExponential(1)}`;
  const opsLp = tidy(() => vgOps(wt).value.item());
  const modelLp = -tidy(() => vgModel(wt).value.item());
  const base = median(() => w3HandLoop(x, y, w, g), 15, 5, 5);
  const ops = median(() => tidy(() => vgOps(wt).grad.data[0]), 15, 5, 5);
  const viaModel = median(() => tidy(() => vgModel(wt).grad.data[0]), 15, 5, 5);
  return [
    {
      name: 'W3 logistic regression, ops',
      ms: ops,
      baselineMs: base,
      goal: 'goal <= 1.3x',
      extra: check(opsLp),
    },
    {
      name: 'W3 logistic regression, model language',
      ms: viaModel,
      baselineMs: base,
      goal: 'goal <= 1.3x',
      extra: check(modelLp),
    },
  ];
}

/** Wall time per gradient inside NUTS against bare value+grad of the same potential. */
export function nutsOverhead(): Row {
  const model = (): void => {
    const mu = sample('mu', new Normal(0, 10));
    plate('d', 50, () =>
      sample('x', new Normal(mu, 1), {
        obs: tensor(Float64Array.from({ length: 50 }, (_, i) => Math.sin(i))),
      }),
    );
  };
  const pot = potentialFn(model, []);
  const vg = valueAndGrad((u: Tensor) => pot.potential(u));
  const compiled = jit(vg); // NUTS compiles its potential the same way
  const q = tensor([0.3]);
  const eager = median(() => tidy(() => vg(q).grad.data[0]), 15, 5, 200);
  const bare = median(() => compiled(q).grad.data[0], 15, 25, 200);
  mcmc(model, { numWarmup: 300, numSamples: 300, seed: 1 }); // warm up (V8 and jit), as for W1
  const t0 = performance.now();
  const r = mcmc(model, { numWarmup: 1000, numSamples: 5000, seed: 0 });
  const perGrad = (performance.now() - t0) / r.gradientEvaluations;
  // the goal's baseline is one eager value+grad, what a sampler written op by op pays;
  // NUTS evaluates the compiled potential, whose bare cost is shown beside it
  return {
    name: 'NUTS: time per gradient / bare value+grad',
    ms: perGrad,
    baselineMs: eager,
    goal: 'goal <= 1.5x',
    extra: `${r.gradientEvaluations} gradients; ${(perGrad * 1000).toFixed(1)} µs per gradient in NUTS; bare value+grad ${(eager * 1000).toFixed(1)} µs eager, ${(bare * 1000).toFixed(1)} µs compiled`,
  };
}
