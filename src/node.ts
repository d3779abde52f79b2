/**
 * `pathwise/node`: the Node-only services of the core, kept out of the browser bundle.
 * Importing this module once installs them (see {@link useNode}): files for
 * `model.save(path)` / `model.loadWeights(path)`, and Keras's terminal progress bar
 * (drawn with the `progress` package) as `fit`'s default output.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ProgressBar from 'progress';
import {
  formatLogs,
  formatProgress,
  setPlatform,
  type Callback,
  type FitParams,
  type Logs,
  type Platform,
  setProgressReporter,
  type ProgressReporter,
} from './index.js';
import { useParallelChains } from './node-chains.js';
import { timing } from './layers/callbacks.js';

/**
 * A terminal-like output stream (process.stdout, or a fake one in tests).
 * @example
 * ```ts
 * import { type TerminalStream } from 'pathwise/node';
 * const out: TerminalStream = process.stdout;
 * typeof out.write; // 'function'
 * ```
 */
export type TerminalStream = NodeJS.WritableStream & {
  isTTY?: boolean;
  columns?: number;
  cursorTo?(x: number): boolean;
  clearLine?(dir: -1 | 0 | 1): boolean;
};

/**
 * Options of {@link terminalLogger}.
 * @example
 * ```ts
 * import { terminalLogger, type TerminalLoggerOptions } from 'pathwise/node';
 * const o: TerminalLoggerOptions = { verbose: 2, stream: process.stdout };
 * const logger = terminalLogger(o); // null unless stdout is a terminal
 * o.verbose; // 2
 * ```
 */
export interface TerminalLoggerOptions {
  /** 1: a progress bar per epoch (default); 2: one line per epoch. */
  verbose?: number;
  /** Where to write (default process.stdout). */
  stream?: TerminalStream;
}

/**
 * Keras's console output for `fit`: `Epoch 1/10`, then (verbose 1) a live bar
 * ` 32/100 [========>.....................] - ETA: 3s - loss: 0.1234` drawn by the
 * `progress` package, ending as `100/100 [==============================] - 1s 2ms/step
 * - loss: 0.0123 - val_loss: ...`; or (verbose 2) only that last line. Returns null
 * (quiet) when the stream is not a terminal. A TTY-like stream that cannot draw a live
 * bar (no numeric `columns` > 0, or no `cursorTo`/`clearLine`) gets the verbose 2 lines.
 * @example
 * ```ts
 * import { terminalLogger } from 'pathwise/node';
 * import { Writable } from 'node:stream';
 * const file = new Writable({ write: (_chunk, _enc, done) => done() }); // not a TTY
 * terminalLogger({ stream: file }); // null
 * ```
 */
export function terminalLogger(options: TerminalLoggerOptions = {}): Callback | null {
  const stream = options.stream ?? (process.stdout as TerminalStream);
  const verbose = options.verbose ?? 1;
  if (!stream.isTTY) return null;
  let params: FitParams = { epochs: 1, steps: 1, samples: 0, verbose };
  let bar: ProgressBar | null = null;
  let start = 0;
  return {
    setParams: (p) => void (params = p),
    onEpochBegin: (epoch) => {
      start = performance.now();
      stream.write(`Epoch ${epoch + 1}/${params.epochs}\n`);
      if (verbose === 1 && params.steps > 1 && canDrawBar(stream))
        bar = new ProgressBar(':count [:bar]:info', {
          total: params.steps,
          width: 30,
          complete: '=',
          incomplete: '.',
          head: '>',
          clear: true,
          renderThrottle: 50,
          stream,
        });
    },
    onBatchEnd: (batch, logs: Logs) => {
      if (bar === null || batch + 1 >= params.steps) return; // the last line is drawn at epoch end
      const elapsed = (performance.now() - start) / 1000;
      const digits = String(params.steps).length;
      bar.tick({
        count: `${String(batch + 1).padStart(digits)}/${params.steps}`,
        info: `${timing(batch + 1, params.steps, elapsed)}${formatLogs(logs)}`,
      });
    },
    onEpochEnd: (_epoch, logs: Logs) => {
      if (bar !== null) bar.terminate();
      bar = null;
      const elapsed = (performance.now() - start) / 1000;
      const { steps } = params;
      stream.write(`${formatProgress({ current: steps, total: steps, elapsed, logs })}\n`);
    },
  };
}

/** Whether the `progress` package can draw on `stream` (it reads columns, moves the cursor). */
function canDrawBar(stream: TerminalStream): boolean {
  const { columns } = stream;
  return (
    typeof columns === 'number' &&
    columns > 0 &&
    typeof stream.cursorTo === 'function' &&
    typeof stream.clearLine === 'function'
  );
}

/** Writes `text` to `file` through a temporary file and a rename, so a crash never leaves half a file. */
function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Node's services: `writeFile` (atomic), `readFile`, and {@link terminalLogger} as the
 * progress logger.
 * @example
 * ```ts
 * import { nodePlatform } from 'pathwise/node';
 * typeof nodePlatform.writeFile; // 'function'
 * ```
 */
export const nodePlatform: Platform = {
  writeFile: writeAtomic,
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  progressLogger: (verbose) => terminalLogger({ verbose }),
};

/**
 * Installs {@link nodePlatform} (done once when this module is imported; call it again
 * after another `setPlatform`). Returns the previous platform.
 * @example
 * ```ts
 * import { useNode } from 'pathwise/node';
 * import { Dense, Sequential } from 'pathwise';
 * import * as fs from 'node:fs';
 * import * as os from 'node:os';
 * import * as path from 'node:path';
 * useNode();
 * const model = new Sequential([new Dense({ units: 1, inputShape: [2], seed: 3 })]);
 * const file = path.join(os.tmpdir(), `pathwise-doc-${process.pid}.json`);
 * model.save(file);
 * const copy = new Sequential([new Dense({ units: 1, inputShape: [2], seed: 4 })]);
 * copy.loadWeights(file);
 * const [a, b] = [model.getWeights()[0].data, copy.getWeights()[0].data];
 * a.every((v, i) => Object.is(v, b[i])); // true: bit for bit
 * fs.rmSync(file);
 * ```
 */
export function useNode(): Platform {
  setProgressReporter(inferenceProgress);
  useParallelChains();
  return setPlatform(nodePlatform);
}

/**
 * The terminal progress bar of long inference runs (SVI, one per MCMC chain), drawn with
 * the `progress` package on stderr; silent when stderr is not a terminal.
 * @example
 * ```ts
 * import { inferenceProgress } from 'pathwise/node';
 * const task = inferenceProgress('chain 1/4', 100);
 * task.update(50, { stepSize: 0.7 });
 * task.finish();
 * ```
 */
export const inferenceProgress: ProgressReporter = (title, total) => {
  const stream = process.stderr as TerminalStream;
  if (!stream.isTTY || !canDrawBar(stream) || !(total > 0))
    return { update: () => undefined, finish: () => undefined };
  const bar = new ProgressBar(`${title} [:bar] :current/:total :etas :info`, {
    total,
    width: 30,
    stream,
  });
  return {
    update(done, info = {}) {
      const text = Object.entries(info)
        .map(([k, v]) => `${k} ${Number(v).toPrecision(3)}`)
        .join(' ');
      bar.update(Math.min(1, done / total), { info: text });
    },
    finish() {
      if (!bar.complete) bar.terminate();
    },
  };
};

export { useParallelChains, workerChains } from './node-chains.js';

useNode();
