/**
 * Dense linear-algebra benchmarks (issue 14), each against the best plain-JS loop (or the
 * JS kernels) measured in the same run, interleaved:
 * - the value and gradient of a 5000×24 linear regression (posteriordb diamonds' shape);
 * - W3, the logistic regression of bench/inference.ts (N = 1e4, D = 20), compiled;
 * - one Adam step of a Dense 8-32-32-1 network on a batch of 32 (inside `fit`);
 * - MultivariateNormal logProb and its gradient at dimension 100 (cholesky, triangularSolve).
 * The kernel rows print pathwise on the wasm backend (or, for the Dense step, the default
 * choice: wasm from 512 multiply-adds a product) against the same code on the JS one.
 */
import {
  add,
  Dense,
  jit,
  matmul,
  mul,
  MultivariateNormal,
  Sequential,
  softplus,
  square,
  sub,
  sum,
  tensor,
  tidy,
  valueAndGrad,
  type Tensor,
} from '../src/index.js';
import {
  gemm,
  setKernelBackend,
  type GemmLayout,
  type KernelBackend,
} from '../src/autodiff/kernels/index.js';
import { w3Data, w3HandLoop } from './inference.js';
import { median, type Row } from './util.js';

/** Medians over `rounds` interleaved rounds of each function's median time (ms). */
export function interleaved(fns: (() => unknown)[], rounds = 7, samples = 7, batch = 5): number[] {
  const per: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++)
    fns.forEach((fn, i) => per[i].push(median(fn, samples, r === 0 ? 5 : 1, batch)));
  return per.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

/** Runs `fn` with the kernels forced to `b` (`'auto'`: as by default). */
function on<T>(b: KernelBackend | 'auto', fn: () => T): () => T {
  return () => {
    setKernelBackend(b);
    try {
      return fn();
    } finally {
      setKernelBackend('auto');
    }
  };
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const RN = 5000;
const RD = 24;

/** -½ Σ ((y - X b)/σ)² with σ = 2 and its gradient Xᵀ(y - X b)/σ², one pass over the rows of X. */
function regressionLoop(
  x: Float64Array,
  y: Float64Array,
  b: Float64Array,
  g: Float64Array,
): number {
  g.fill(0);
  let lp = 0;
  for (let i = 0; i < RN; i++) {
    const row = i * RD;
    let z = 0;
    for (let j = 0; j < RD; j++) z += x[row + j] * b[j];
    const r = (y[i] - z) * 0.5;
    lp -= 0.5 * r * r;
    const w = r * 0.5;
    for (let j = 0; j < RD; j++) g[j] += w * x[row + j];
  }
  return lp;
}

/** The regression workload: the compiled value+grad call, the plain-JS loop, its error. */
export function regressionWorkload(): { call: () => number; loop: () => number; rel: number } {
  const u = lcg(3);
  const x = Float64Array.from({ length: RN * RD }, () => 2 * u() - 1);
  const y = Float64Array.from({ length: RN }, () => 4 * u() - 2);
  const b = Float64Array.from({ length: RD }, () => u() - 0.5);
  const X = tensor(x, [RN, RD]);
  const Y = tensor(y);
  const f = (bt: Tensor): Tensor => mul(sum(square(mul(sub(Y, matmul(X, bt)), 0.5))), -0.5);
  const vg = jit(valueAndGrad(f));
  const bt = tensor(b);
  const g = new Float64Array(RD);
  const exact = regressionLoop(x, y, b, g);
  const rel = Math.abs((vg(bt).value.item() - exact) / exact);
  return { call: () => vg(bt).grad.data[0], loop: () => regressionLoop(x, y, b, g), rel };
}

export function regression(): Row[] {
  const { call, loop: base, rel } = regressionWorkload();
  const [loop, wasm, js] = interleaved([base, on('wasm', call), on('js', call)]);
  return [
    {
      name: 'Regression 5000×24 value+grad (jit, wasm)',
      ms: wasm,
      baselineMs: loop,
      goal: 'goal <= 0.35x',
      extra: `rel. diff ${rel.toExponential(1)}`,
    },
    {
      name: 'Regression 5000×24 value+grad (jit, JS kernels)',
      ms: js,
      baselineMs: loop,
      goal: 'plain-JS floor ~1x',
    },
  ];
}

/** W3 compiled: the value+grad call and the hand-written loop. */
export function w3Workload(): { call: () => number; loop: () => number } {
  const { x, y, w } = w3Data();
  const [N, D] = [y.length, w.length];
  const X = tensor(x, [N, D]);
  const Y = tensor(y);
  const f = (wt: Tensor): Tensor => {
    const logits = matmul(X, wt);
    const prior = sum(sub(mul(square(wt), -0.5), 0.9189385332046728));
    return add(prior, sum(sub(mul(Y, logits), softplus(logits))));
  };
  const vg = jit(valueAndGrad(f));
  const wt = tensor(w);
  const g = new Float64Array(D);
  return { call: () => vg(wt).grad.data[0], loop: () => w3HandLoop(x, y, w, g) };
}

export function w3Dense(): Row[] {
  const { call, loop: base } = w3Workload();
  const [loop, wasm, js] = interleaved([base, on('wasm', call), on('js', call)]);
  return [
    {
      name: 'W3 logistic value+grad (jit, wasm)',
      ms: wasm,
      baselineMs: loop,
      goal: 'goal <= 0.5x',
    },
    {
      name: 'W3 logistic value+grad (jit, JS kernels)',
      ms: js,
      baselineMs: loop,
      goal: 'reference',
    },
  ];
}

/** A Dense 8-32-32-1 network and a function timing one epoch of `fit` (ms per step). */
function denseFit(): () => number {
  const u = lcg(5);
  const n = 3200;
  const x = tensor(
    Float64Array.from({ length: n * 8 }, () => u() - 0.5),
    [n, 8],
  );
  const y = tensor(
    Float64Array.from({ length: n }, () => u()),
    [n, 1],
  );
  const model = new Sequential([
    new Dense({ units: 32, activation: 'relu', inputShape: [8], seed: 1 }),
    new Dense({ units: 32, activation: 'relu', seed: 2 }),
    new Dense({ units: 1, seed: 3 }),
  ]);
  model.compile({ loss: 'mse', optimizer: 'adam' });
  return () => {
    const t0 = performance.now();
    model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, seed: 4 });
    return (performance.now() - t0) / (n / 32);
  };
}

export function denseLayer(): Row[] {
  const fits = [on('auto', denseFit()), on('wasm', denseFit()), on('js', denseFit())];
  for (let i = 0; i < 3; i++) fits.forEach((f) => f()); // warm up V8 and the compiled step
  const per: number[][] = fits.map(() => []);
  for (let r = 0; r < 9; r++) fits.forEach((f, i) => per[i].push(f()));
  const [auto, wasm, js] = per.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
  return [
    {
      name: 'Dense 8-32-32-1 Adam step, batch 32 (fit)',
      ms: auto,
      baselineMs: js,
      goal: 'default kernels vs JS kernels: no slower',
    },
    {
      name: 'Dense 8-32-32-1 step, every product in wasm',
      ms: wasm,
      baselineMs: js,
      goal: 'wasm even below 512 multiply-adds',
    },
  ];
}

/** The eight products of one Dense 8-32-32-1 step on a batch of 32 (forward, then VJPs). */
const DENSE_PRODUCTS: [n: number, k: number, m: number, ta: boolean, tb: boolean][] = [
  [32, 8, 32, false, false],
  [32, 32, 32, false, false],
  [32, 32, 1, false, false],
  [32, 1, 32, false, true],
  [32, 32, 1, true, false],
  [32, 32, 32, false, true],
  [32, 32, 32, true, false],
  [8, 32, 32, true, false],
];

/** `o = op(a) op(b)` by the plain triple loop over strides, summed over p in order. */
function tripleLoop(ad: Float64Array, bd: Float64Array, o: Float64Array, l: GemmLayout): void {
  for (let i = 0; i < l.n; i++)
    for (let j = 0; j < l.m; j++) {
      let s = 0;
      for (let p = 0; p < l.k; p++) s += ad[i * l.ais + p * l.aps] * bd[p * l.bps + j * l.bjs];
      o[i * l.m + j] = s;
    }
}

/** The Dense step's products on the JS kernels against the plain triple loop (same order). */
export function denseProductsJs(): Row {
  const u = lcg(7);
  const cases = DENSE_PRODUCTS.map(([n, k, m, ta, tb]) => ({
    l: { n, k, m, ais: ta ? 1 : k, aps: ta ? n : 1, bps: tb ? 1 : m, bjs: tb ? k : 1 },
    a: Float64Array.from({ length: n * k }, () => u() - 0.5),
    b: Float64Array.from({ length: k * m }, () => u() - 0.5),
    o: new Float64Array(n * m),
  }));
  const loop = (): number => {
    for (const c of cases) tripleLoop(c.a, c.b, c.o, c.l);
    return cases[0].o[0];
  };
  const kernels = (): number => {
    for (const c of cases) gemm(c.a, c.b, c.o, c.l, [0, 0, 0]);
    return cases[0].o[0];
  };
  const [base, js] = interleaved([loop, on('js', kernels)], 7, 7, 20);
  return {
    name: 'Dense step products, JS kernels',
    ms: js,
    baselineMs: base,
    goal: 'vs strided triple loop: < 1x',
  };
}

/** MVN d = 100: logProb and its gradient in loc and covariance (one call). */
export function mvn100Workload(): () => number {
  const d = 100;
  const u = lcg(9);
  const m = Float64Array.from({ length: d * d }, () => u() - 0.5);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = i === j ? d : 0;
      for (let p = 0; p < d; p++) s += m[i * d + p] * m[j * d + p];
      cov[i * d + j] = s;
    }
  const C = tensor(cov, [d, d]);
  const xv = tensor(Float64Array.from({ length: d }, () => u()));
  const loc = tensor(new Float64Array(d));
  const vg = valueAndGrad(
    (l: Tensor, c: Tensor) => new MultivariateNormal(l, { covariance: c }).logProb(xv),
    { argnums: [0, 1] },
  );
  return () => tidy(() => vg(loc, C).grad[1].data[0]);
}

export function mvn100(): Row {
  const run = mvn100Workload();
  const [wasm, js] = interleaved([on('wasm', run), on('js', run)], 5, 5, 1);
  return {
    name: 'MVN d=100 logProb + grad (loc, covariance)',
    ms: wasm,
    baselineMs: js,
    goal: 'wasm vs JS kernels',
  };
}
