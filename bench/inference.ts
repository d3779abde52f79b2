/**
 * Inference benchmarks (issue 6):
 * W3 — the log-joint of a Bayesian logistic regression (N = 10,000, D = 20) and its
 *      gradient, written with ops and through the model language, vs a hand-written loop;
 * NUTS overhead — wall time per gradient evaluation inside NUTS vs the bare value+grad
 *      of the same potential;
 * W5 (issue 15) — one SVI step (mu ~ N(0, 1), 16 observations, autoNormal, 8 particles,
 *      Adam) vs the same step written by hand in closed form.
 */
import {
  Adam,
  autoNormal,
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
  rng,
  svi,
  type Rng,
  type Tensor,
} from '../src/index.js';
import { earnings, kidiq } from '../examples/lib/posteriordb.js';
import { potentialGrad } from '../src/inference/integrator.js';
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

/**
 * The W5 step by hand: mu ~ N(0, 1), y_i ~ N(mu, 1), guide N(loc, exp(u)), the
 * reparameterized ELBO gradient of 8 particles in closed form, then Adam (Keras's
 * update, as pathwise's). Returns the loss estimate.
 */
function handSviStep(
  ys: Float64Array,
  w: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  r: Rng,
  lr: number,
): number {
  const P = 8;
  const s = Math.exp(w[1]);
  let sumY = 0;
  let sumY2 = 0;
  for (let i = 0; i < ys.length; i++) {
    sumY += ys[i];
    sumY2 += ys[i] * ys[i];
  }
  const n = ys.length;
  const c = 0.9189385332046728;
  let elbo = 0;
  let gLoc = 0;
  let gU = 0;
  for (let p = 0; p < P; p++) {
    const e = r.normal();
    const z = w[0] + s * e;
    // log p(z) + Σ log N(y_i | z, 1) - log q(z)
    const lp = -0.5 * z * z - c - 0.5 * (sumY2 - 2 * z * sumY + n * z * z) - n * c;
    const lq = -0.5 * e * e - w[1] - c;
    elbo += lp - lq;
    const dz = -z + (sumY - n * z);
    gLoc += dz;
    gU += dz * s * e + 1;
  }
  const g = [-gLoc / P, -gU / P];
  const b1 = 0.9;
  const b2 = 0.999;
  const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
  for (let i = 0; i < 2; i++) {
    m[i] += (g[i] - m[i]) * (1 - b1);
    v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
    w[i] -= (m[i] * alpha) / (Math.sqrt(v[i]) + 1e-7);
  }
  return -elbo / P;
}

/** W5: one SVI step (autoNormal guide, 8 particles, Adam) against the hand-written step. */
export function w5(): Row {
  const ys = Float64Array.from({ length: 16 }, (_, i) => Math.sin(i) + 0.5);
  const obs = tensor(ys);
  const model = (): void => {
    const mu = sample('mu', new Normal(0, 1));
    sample('y', new Normal(mu, 1), { obs });
  };
  const lr = 0.01;
  const run = svi(model, autoNormal(model), {
    optimizer: new Adam({ learningRate: lr }),
    numParticles: 8,
    seed: 0,
  });
  run.run(20_000, []); // warm up (jit, and V8, which takes ~10^4 steps to settle the first run)
  const ms = median(() => run.step(), 15, 5, 400);
  const w = new Float64Array([0, Math.log(0.1)]);
  const m = new Float64Array(2);
  const v = new Float64Array(2);
  const r = rng(0);
  let t = 0;
  for (let i = 0; i < 20_000; i++) handSviStep(ys, w, m, v, ++t, r, lr); // warm up, as above
  const base = median(() => handSviStep(ys, w, m, v, ++t, r, lr), 15, 5, 400);
  const post = run.getParams();
  return {
    name: 'W5 SVI step (autoNormal, 8 particles, Adam)',
    ms,
    baselineMs: base,
    goal: 'goal <= 20x',
    extra: `${(ms * 1000).toFixed(1)} µs per step; ${run.eagerReason ?? 'compiled'}; q(mu) = N(${post.auto_mu_loc.item().toFixed(3)}, ${post.auto_mu_scale.item().toFixed(3)}), hand-written N(${w[0].toFixed(3)}, ${Math.exp(w[1]).toFixed(3)})`,
  };
}

/**
 * NUTS on posteriordb's kidiq and earnings: wall time per gradient inside NUTS against
 * the bare compiled value+gradient NUTS calls (the same `potentialGrad`, at the draws),
 * alternated in one process so machine noise hits both.
 */
export function nutsPosteriors(): Row[] {
  return [kidiq(), earnings()].map((post) => {
    const pot = potentialFn(post.model, []);
    const f = potentialGrad(pot);
    const warm = mcmc(post.model, { numWarmup: 300, numSamples: 200, seed: 1 });
    const drawOf = (name: string, shape: readonly number[], i: number): Tensor => {
      const m = shape.reduce((a, b) => a * b, 1);
      return tensor(warm.samples[name].data.slice(i * m, (i + 1) * m), shape);
    };
    const points = Array.from(
      { length: 200 },
      (_, i) =>
        pot.unconstrain(
          Object.fromEntries(pot.sites.map((s) => [s.name, drawOf(s.name, s.shape, i)])),
        ).data,
    );
    const nutsTimes: number[] = [];
    const bareTimes: number[] = [];
    let grads = 0;
    for (let rep = 0; rep < 5; rep++) {
      const t1 = performance.now();
      for (let k = 0; k < 20; k++) for (const q of points) f(q);
      bareTimes.push((performance.now() - t1) / (20 * points.length));
      const t0 = performance.now();
      const r = mcmc(post.model, { numWarmup: 500, numSamples: 500, seed: rep });
      nutsTimes.push((performance.now() - t0) / r.gradientEvaluations);
      grads = r.gradientEvaluations;
    }
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const ms = med(nutsTimes);
    const bare = med(bareTimes);
    return {
      name: `NUTS ${post.name}: per gradient / bare`,
      ms,
      baselineMs: bare,
      goal: 'goal <= 1.2x',
      extra: `${(ms * 1000).toFixed(1)} µs per gradient in NUTS, ${(bare * 1000).toFixed(1)} µs bare compiled value+grad; ~${grads} gradients per run`,
    };
  });
}
