/**
 * Parallel MCMC chains for Node: each chain runs in its own worker thread, which imports
 * pathwise and the model's module, runs its chain with its own Rng stream, and writes the
 * packed output into shared memory. The caller waits synchronously (`Atomics.wait`), so
 * `mcmc` keeps its synchronous signature. Installed by `pathwise/node`.
 * @module
 */
import { isMainThread, Worker } from 'node:worker_threads';
import {
  ArgumentError,
  setChainRunner,
  type ChainJob,
  type ChainRunner,
  type ModelSource,
} from './index.js';

/** The worker: imports pathwise and the model, runs one chain, signals through `flags`. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { lib, source, job, chain, out, flags, error } = workerData;
Atomics.store(new Int32Array(flags), job.numChains + chain, 1); // started: the caller stops its start clock
const fail = (text) => {
  new Uint8Array(error).set(new TextEncoder().encode(text).subarray(0, 4096));
  Atomics.store(new Int32Array(flags), chain, 2);
};
// the thread ends without a result (e.g. the model called process.exit): say so, or the
// caller, blocked in Atomics.wait, would wait forever
process.on('exit', (code) => {
  if (Atomics.load(new Int32Array(flags), chain) !== 0) return;
  fail('the worker thread exited with code ' + code + ' before the chain finished (did the model or a module it imports call process.exit?)');
  Atomics.notify(new Int32Array(flags), chain);
});
(async () => {
  try {
    // running from TypeScript sources (tests, tsx): load them through tsx in this thread too
    if (lib.endsWith('.ts')) (await import('tsx/esm/api')).register();
    const pathwise = await import(lib);
    const mod = await import(source.module);
    let name = source.export;
    if (name === undefined) {
      // functions cannot cross threads: find the model's export by its name, else by its source text
      const fns = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
      let found = fns.filter((k) => k === job.model.name || mod[k].name === job.model.name);
      if (found.length !== 1) found = fns.filter((k) => String(mod[k]) === job.model.text);
      if (found.length !== 1) throw new Error('module ' + source.module + (found.length === 0 ? " exports no function with the model's name or source text: export the model, or name it in modelSource.export" : ' exports several candidates for the model (' + found.join(', ') + '): name one in modelSource.export'));
      name = found[0];
    }
    const model = mod[name];
    if (typeof model !== 'function') throw new Error('module ' + source.module + ' has no exported function ' + JSON.stringify(name));
    pathwise.runChainJob(model, job, chain, new Float64Array(out));
    Atomics.store(new Int32Array(flags), chain, 1);
  } catch (e) {
    fail(String(e && e.stack || e));
  }
  Atomics.notify(new Int32Array(flags), chain);
})();
`;

/**
 * How long a worker thread may take to run its first statement. A thread that dies before
 * that (it cannot start, or its code does not parse) sends no signal the blocked caller
 * could see, so it would wait forever; past this deadline the wait is an error instead.
 */
const START_TIMEOUT_MS = 60_000;

/** The URL of pathwise's entry module, next to this file (src/index.ts or dist/index.js). */
const lib = new URL(`./index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)
  .href;

/**
 * A {@link ChainRunner} that runs each chain in a worker thread and blocks until all are
 * done. A failing chain's error is rethrown with its stack; a worker thread that exits
 * before its chain is done (a model calling `process.exit`) is an error naming the
 * chain and the exit code, not a hang, and so is a thread that does not start within
 * 60 s. Called from a worker thread it declines (the
 * chains run in sequence there), so a module that a worker imports cannot start
 * workers of its own.
 * @example
 * ```ts
 * import { workerChains } from 'pathwise/node';
 * typeof workerChains; // 'function'
 * ```
 */
export const workerChains: ChainRunner = (source: ModelSource, job: ChainJob, size: number) =>
  runChainWorkers(source, job, size);

/**
 * @internal {@link workerChains} with the worker's code and start deadline as parameters
 * (tests give a worker that never starts).
 */
export function runChainWorkers(
  source: ModelSource,
  job: ChainJob,
  size: number,
  { code = WORKER, startTimeoutMs = START_TIMEOUT_MS } = {},
): Float64Array[] | undefined {
  if (!isMainThread) return undefined; // a worker's chains run in sequence (no nested workers)
  const n = job.numChains;
  const flags = new SharedArrayBuffer(4 * 2 * n); // per chain: state, then started
  const outs = Array.from({ length: n }, () => new SharedArrayBuffer(8 * size));
  const errors = Array.from({ length: n }, () => new SharedArrayBuffer(4096));
  const module = typeof source.module === 'string' ? source.module : source.module.href;
  const workers = outs.map(
    (out, chain) =>
      new Worker(code, {
        eval: true,
        workerData: {
          lib,
          source: { module, export: source.export },
          job,
          chain,
          out,
          flags,
          error: errors[chain],
        },
      }),
  );
  // a thread's own failures reach the caller through `flags` (or the start deadline): its
  // 'error' event, dispatched only once the caller returns, would otherwise be unhandled
  for (const w of workers) w.on('error', () => undefined);
  try {
    for (let chain = 0; chain < n; chain++) awaitChain(flags, errors, chain, startTimeoutMs);
  } finally {
    for (const w of workers) void w.terminate();
  }
  return outs.map((b) => new Float64Array(b));
}

/** Blocks until `chain` is done; throws its error, or if its thread never started. */
function awaitChain(
  flags: SharedArrayBuffer,
  errors: SharedArrayBuffer[],
  chain: number,
  startTimeoutMs: number,
): void {
  const state = new Int32Array(flags);
  const n = errors.length;
  const t0 = Date.now();
  while (Atomics.load(state, chain) === 0) {
    Atomics.wait(state, chain, 0, Math.min(1000, startTimeoutMs));
    if (Atomics.load(state, n + chain) === 0 && Date.now() - t0 > startTimeoutMs)
      throw new ArgumentError(
        'mcmc',
        `chain ${chain + 1}'s worker thread did not start within ${startTimeoutMs / 1000} s ` +
          '(it failed before running any code: out of memory or threads?)',
      );
  }
  if (Atomics.load(state, chain) === 2) {
    const text = new TextDecoder().decode(new Uint8Array(errors[chain]).filter((b) => b !== 0));
    throw new ArgumentError('mcmc', `chain ${chain + 1} failed in its worker thread: ${text}`);
  }
}

/**
 * Makes `mcmc(..., { parallel: true, modelSource })` run chains in worker threads.
 * `pathwise/node` calls it on import.
 * @example
 * ```ts
 * import { useParallelChains } from 'pathwise/node';
 * useParallelChains();
 * ```
 */
export function useParallelChains(): void {
  setChainRunner(workerChains);
}
