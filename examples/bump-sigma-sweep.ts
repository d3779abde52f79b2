/**
 * The accepted answer's sweep (the trainable bump layer question): for every
 * σ = 0.1, 0.2, ..., 9.9, generate 100,000 samples x ~ U(-1, 1) with
 * y = bump_σ(x), train a fresh BumpLayer (σ initialised in [0, 0.1), NonNeg) with Adam
 * and MSE, batch 32, for 3 / 5 / 10 epochs when σ < 1 / < 5 / ≥ 5, and check that every
 * learned σ is within 1e-2 of the true one (the answer's `np.allclose(..., atol=1e-2)`).
 *
 *   npx tsx examples/bump-sigma-sweep.ts            # all 99 values, on every core
 *   npx tsx examples/bump-sigma-sweep.ts --quick    # a subset, for CI (npm run sweep:quick)
 *   npx tsx examples/bump-sigma-sweep.ts --workers 1
 *
 * The σ values are split over worker threads (one per core by default); each run is
 * seeded from its σ, so the results do not depend on the number of workers.
 */
import * as os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { BumpLayer, rng, Sequential } from '../src/index.js';

/** The answer's grid: 0.1, 0.2, ..., 9.9. */
export const ALL_SIGMAS = Array.from({ length: 99 }, (_, i) => Math.round((i + 1) * 10) / 100);
/** A subset covering the three epoch regimes and both sides of σ = 1. */
export const QUICK_SIGMAS = [0.3, 0.9, 2.4, 6.1];

/** The answer's schedule: more epochs for larger σ (their gradients on (-1, 1) are smaller). */
export function epochsFor(sigma: number): number {
  return sigma < 1 ? 3 : sigma < 5 ? 5 : 10;
}

/** The generalized bump with the |x| < σ and x² < σ conditions, in plain JS (the data). */
export function bump(x: number, sigma: number): number {
  const xx = x * x;
  return Math.abs(x) < sigma && xx < sigma ? Math.exp(-sigma / (sigma - xx)) : 0;
}

/** The answer's generate_data: n samples x ~ U(minX, maxX), y = bump_σ(x). */
export function generateData(
  sigma: number,
  options: { n?: number; minX?: number; maxX?: number; seed?: number } = {},
): { x: Float64Array; y: Float64Array } {
  const { n = 100_000, minX = -1, maxX = 1, seed = 0 } = options;
  const r = rng(`data-${seed}`);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = minX + (maxX - minX) * r.uniform();
    y[i] = bump(x[i], sigma);
  }
  return { x, y };
}

/** One run of the sweep. */
export interface SweepRun {
  sigma: number;
  learned: number;
  epochs: number;
  seconds: number;
}

/** The answer's make_model + fit for one σ; seeded from σ. */
export function learnSigma(sigma: number, options: { n?: number } = {}): SweepRun {
  const seed = Math.round(sigma * 100);
  const { x, y } = generateData(sigma, { n: options.n, seed });
  const t0 = performance.now();
  const model = new Sequential([new BumpLayer({ inputShape: [1], seed: `init-${seed}` })]);
  model.compile({ loss: 'mse', optimizer: 'adam' });
  const epochs = epochsFor(sigma);
  model.fit(x, y, { epochs, batchSize: 32, verbose: 0, seed: `shuffle-${seed}` });
  const learned = model.layers[0].getWeights()[0].item();
  return { sigma, learned, epochs, seconds: (performance.now() - t0) / 1000 };
}

/** Runs σ values on `workers` threads (1: in this thread), in σ order. */
export async function sweep(sigmas: readonly number[], workers = 1): Promise<SweepRun[]> {
  if (workers <= 1) return sigmas.map((s) => learnSigma(s));
  const file = fileURLToPath(import.meta.url);
  const parts = Array.from({ length: workers }, (_, w) =>
    sigmas.filter((_, i) => i % workers === w),
  );
  const results = await Promise.all(
    parts.map(
      (part) =>
        new Promise<SweepRun[]>((resolve, reject) => {
          const worker = file.endsWith('.ts')
            ? // a worker does not inherit tsx's loader: register it, then load this file
              new Worker(
                `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`,
                { eval: true, workerData: part },
              )
            : new Worker(file, { workerData: part });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return results.flat().sort((a, b) => a.sigma - b.sigma);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const w = args.indexOf('--workers');
  const workers = w >= 0 ? Number(args[w + 1]) : os.availableParallelism();
  const sigmas = quick ? QUICK_SIGMAS : ALL_SIGMAS;
  console.log(
    `BumpLayer σ sweep: ${sigmas.length} values, 100,000 samples in (-1, 1), batch 32, Adam, MSE, ${workers} worker(s)`,
  );
  const t0 = performance.now();
  const runs = await sweep(sigmas, workers);
  const wall = (performance.now() - t0) / 1000;
  for (const r of runs)
    console.log(
      `σ = ${r.sigma.toFixed(1)}  learned ${r.learned.toFixed(6)}  |error| ${Math.abs(r.learned - r.sigma).toExponential(1)}  (${r.epochs} epochs, ${r.seconds.toFixed(1)} s)`,
    );
  const ok = runs.every((r) => Math.abs(r.learned - r.sigma) <= 1e-2);
  console.log(`all learned σ within 1e-2 of the true σ: ${ok}`);
  console.log(`wall time ${wall.toFixed(1)} s`);
  const { plot } = await import('./plot.js');
  const line = Math.max(...sigmas);
  const file = await plot('bump-sigma-sweep', {
    title: 'BumpLayer: learned σ against the σ that generated the data',
    width: 420,
    height: 420,
    layer: [
      {
        data: {
          values: [
            { a: 0, b: 0 },
            { a: line, b: line },
          ],
        },
        mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'a', type: 'quantitative' },
          y: { field: 'b', type: 'quantitative' },
        },
      },
      {
        data: { values: runs.map((r) => ({ sigma: r.sigma, learned: r.learned })) },
        mark: { type: 'point', filled: true, size: 30 },
        encoding: {
          x: { field: 'sigma', type: 'quantitative', title: 'true σ' },
          y: { field: 'learned', type: 'quantitative', title: 'learned σ' },
        },
      },
    ],
  });
  console.log(`wrote ${file}`);
  if (!ok) process.exitCode = 1;
}

if (!isMainThread) {
  parentPort?.postMessage((workerData as number[]).map((s) => learnSigma(s)));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
