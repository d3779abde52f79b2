/**
 * Layer benchmarks (issue 3):
 * W1 — one Adam step of BumpLayer on a batch of 32 (inside `fit`: shuffling, batching,
 *      tape, MSE, gradient, Adam, NonNeg), as a mean over many steps, GC included; vs a
 *      hand-fused Float64Array loop with the closed-form gradient doing the same step;
 * the answer's full σ sweep (99 fits, 2.27 M steps) on all cores.
 */
import * as os from 'node:os';
import { BumpLayer, Dense, DenseFlipout, Sequential } from '../src/index.js';
import { ALL_SIGMAS, epochsFor, generateData, sweep } from '../examples/bump-sigma-sweep.js';
import { median, type Row } from './util.js';

const BATCH = 32;

/**
 * Mean ms per step of `fit` over `epochs` epochs of `n` samples, over `runs` fresh
 * models after `warmup` (V8 needs a few fits to optimise the whole step).
 */
function fitStepMs(n: number, epochs: number, runs = 3, warmup = 2): number {
  const { x, y } = generateData(0.5, { n, minX: -0.1, maxX: 0.1, seed: 1 });
  const run = (): number => {
    const model = new Sequential([new BumpLayer({ inputShape: [1], seed: 2 })]);
    model.compile({ loss: 'mse', optimizer: 'adam' });
    const t0 = performance.now();
    model.fit(x, y, { epochs, batchSize: BATCH, verbose: 0, seed: 3 });
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) run();
  let total = 0;
  for (let i = 0; i < runs; i++) total += run();
  return total / (runs * epochs * Math.ceil(n / BATCH));
}

/** The same training, hand-fused: one pass per batch for loss and dL/dσ, Adam, NonNeg. */
function fusedStepMs(n: number, epochs: number): { ms: number; sigma: number } {
  const { x, y } = generateData(0.5, { n, minX: -0.1, maxX: 0.1, seed: 1 });
  const run = (): { ms: number; sigma: number } => {
    let s = 0.05;
    let m = 0;
    let v = 0;
    let t = 0;
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    for (let e = 0; e < epochs; e++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        const k = perm[i];
        perm[i] = perm[j];
        perm[j] = k;
      }
      for (let b = 0; b < n; b += BATCH) {
        const end = Math.min(n, b + BATCH);
        let g = 0;
        for (let k = b; k < end; k++) {
          const xi = x[perm[k]];
          const xx = xi * xi;
          if (Math.max(Math.abs(xi), xx) < s) {
            const d = s - xx;
            const f = Math.exp(-s / d);
            g += (f - y[perm[k]]) * f * (xx / (d * d));
          }
        }
        g *= 2 / (end - b);
        t++;
        m += (g - m) * 0.1;
        v += (g * g - v) * 0.001;
        s -= ((1e-3 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t)) * (m / (Math.sqrt(v) + 1e-7));
        if (s < 0) s = 0;
      }
    }
    return { ms: performance.now() - t0, sigma: s };
  };
  for (let i = 0; i < 2; i++) run();
  const r = run();
  return { ms: r.ms / (epochs * Math.ceil(n / BATCH)), sigma: r.sigma };
}

export function w1(): Row {
  const n = 100_000;
  const epochs = 5;
  const ms = fitStepMs(n, epochs);
  const fused = fusedStepMs(n, epochs);
  return {
    name: 'W1 BumpLayer Adam step, batch 32 (in fit)',
    ms,
    baselineMs: fused.ms,
    goal: 'goal >= 250,000 steps/s, <= 5x',
    extra: `${Math.round(1000 / ms).toLocaleString('en-US')} steps/s (mean of ${(3 * epochs * Math.ceil(n / BATCH)).toLocaleString('en-US')}); fused ${Math.round(1000 / fused.ms).toLocaleString('en-US')}/s`,
  };
}

export async function sigmaSweep(): Promise<Row> {
  const workers = os.availableParallelism();
  const steps = ALL_SIGMAS.reduce((a, s) => a + epochsFor(s) * Math.ceil(100_000 / BATCH), 0);
  const fused = fusedStepMs(20_000, 3).ms;
  const t0 = performance.now();
  const runs = await sweep(ALL_SIGMAS, workers);
  const ms = performance.now() - t0;
  const ok = runs.every((r) => Math.abs(r.learned - r.sigma) <= 1e-2);
  const cpu = runs.reduce((a, r) => a + r.seconds, 0);
  return {
    name: `Sweep σ = 0.1..9.9 (99 fits, ${workers} workers)`,
    ms,
    baselineMs: (fused * steps) / workers,
    goal: 'goal <= 30 s',
    extra: `${(steps / 1e6).toFixed(2)} M steps, ${cpu.toFixed(1)} s of fits, all within 1e-2: ${ok}`,
  };
}

/**
 * One `fit` step (batch 32, Adam, compiled) of a DenseFlipout 1-32-32-1 network vs the
 * same Dense network: the price of the posterior, its noise and the KL terms.
 */
export function flipoutStep(): Row {
  const n = 3200;
  const x = Array.from({ length: n }, (_, i) => [(4 * i) / n - 2]);
  const y = x.map(([v]) => [Math.sin(2 * v)]);
  const stepMs = (flipout: boolean): number => {
    const o = { klWeight: 1 / n };
    const model = flipout
      ? new Sequential([
          new DenseFlipout({ units: 32, activation: 'tanh', inputShape: [1], seed: 1, ...o }),
          new DenseFlipout({ units: 32, activation: 'tanh', seed: 2, ...o }),
          new DenseFlipout({ units: 1, seed: 3, ...o }),
        ])
      : new Sequential([
          new Dense({ units: 32, activation: 'tanh', inputShape: [1], seed: 1 }),
          new Dense({ units: 32, activation: 'tanh', seed: 2 }),
          new Dense({ units: 1, seed: 3 }),
        ]);
    model.compile({ loss: 'mse', optimizer: 'adam' });
    return median(() => model.fit(x, y, { epochs: 1, verbose: 0, seed: 4 }), 7, 2) / (n / BATCH);
  };
  // interleaved, so both see the same machine load
  const f: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < 3; i++) {
    f.push(stepMs(true));
    d.push(stepMs(false));
  }
  const mid = (a: number[]): number => a.sort((p, q) => p - q)[a.length >> 1];
  return {
    name: 'DenseFlipout 1-32-32-1 fit step vs Dense',
    ms: mid(f),
    baselineMs: mid(d),
    goal: 'note: the Dense step is the baseline',
  };
}
