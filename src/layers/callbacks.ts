/**
 * What `fit` reports while it trains: callbacks (Keras's), the History it returns, and
 * the text of Keras's progress lines, kept free of any terminal code so it runs in
 * browsers (the terminal bar lives in `pathwise/node`).
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';

/**
 * Named numbers reported by `fit`: `loss`, the metrics, and `val_`-prefixed
 * validation figures.
 * @example
 * ```ts
 * import { formatLogs, type Logs } from 'pathwise';
 * const logs: Logs = { loss: 0.25, val_loss: 0.5 };
 * formatLogs(logs); // ' - loss: 0.2500 - val_loss: 0.5000'
 * ```
 */
export type Logs = Record<string, number>;

/**
 * The run's parameters, given to each callback before training starts.
 * @example
 * ```ts
 * import { type FitParams } from 'pathwise';
 * const p: FitParams = { epochs: 5, steps: 3125, samples: 100000, verbose: 1 };
 * p.steps * 32; // 100000
 * ```
 */
export interface FitParams {
  /** Number of epochs. */
  epochs: number;
  /** Batches per epoch. */
  steps: number;
  /** Training samples. */
  samples: number;
  /** The verbosity `fit` was called with. */
  verbose: number;
}

/**
 * Hooks `fit` calls while training (Keras's callbacks; epochs and batches count from 0).
 * Set `model.stopTraining = true` from a hook to stop after the current batch.
 * @example
 * ```ts
 * import { Sequential, Dense, type Callback } from 'pathwise';
 * const losses: number[] = [];
 * const record: Callback = { onEpochEnd: (_epoch, logs) => void losses.push(logs.loss) };
 * const model = new Sequential([new Dense({ units: 1, inputShape: [1], seed: 1 })]);
 * model.compile({ loss: 'mse', optimizer: 'sgd' });
 * model.fit([[0], [1]], [[1], [3]], { epochs: 3, verbose: 0, callbacks: [record] });
 * losses.length; // 3
 * ```
 */
export interface Callback {
  /** Called once, before training, with the run's parameters. */
  setParams?(params: FitParams): void;
  /** Before the first epoch. */
  onTrainBegin?(): void;
  /** Before each epoch. */
  onEpochBegin?(epoch: number): void;
  /** After each batch, with the running means of the epoch so far. */
  onBatchEnd?(batch: number, logs: Logs): void;
  /** After each epoch (validation figures included). */
  onEpochEnd?(epoch: number, logs: Logs): void;
  /** After the last epoch, with the last epoch's logs. */
  onTrainEnd?(logs: Logs): void;
}

/**
 * What `fit` returns: the logs of every epoch (Keras's History).
 * @example
 * ```ts
 * import { History } from 'pathwise';
 * const h = new History();
 * h.onEpochEnd(0, { loss: 1 });
 * h.onEpochEnd(1, { loss: 0.5 });
 * h.history.loss; // [1, 0.5]
 * h.epoch; // [0, 1]
 * ```
 */
export class History implements Callback {
  /** The epochs run. */
  readonly epoch: number[] = [];
  /** Each figure's value at the end of every epoch. */
  readonly history: Record<string, number[]> = {};
  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

/**
 * Keras's formatting of logs: ` - name: value` each, with 4 decimals, or 4 significant
 * digits in exponent form when |value| ≤ 1e-3.
 * @example
 * ```ts
 * import { formatLogs } from 'pathwise';
 * formatLogs({ loss: 0.123456, mae: 0.00001 }); // ' - loss: 0.1235 - mae: 1.0000e-05'
 * ```
 */
export function formatLogs(logs: Logs): string {
  let s = '';
  for (const [k, v] of Object.entries(logs)) {
    const text =
      Math.abs(v) > 1e-3 || !Number.isFinite(v)
        ? v.toFixed(4)
        : v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
    s += ` - ${k}: ${text}`;
  }
  return s;
}

/**
 * Keras's ETA text: `3s`, `1:05` past a minute, `1:00:05` past an hour.
 * @example
 * ```ts
 * import { formatEta } from 'pathwise';
 * [formatEta(3.4), formatEta(65), formatEta(3605)]; // ['3s', '1:05', '1:00:05']
 * ```
 */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  if (s >= 3600)
    return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  if (s >= 60) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${s}s`;
}

/**
 * Keras's time per step: `2s/step`, `12ms/step` or `85us/step`.
 * @example
 * ```ts
 * import { formatStepTime } from 'pathwise';
 * [formatStepTime(2), formatStepTime(0.012), formatStepTime(0.000085)]; // ['2s/step', '12ms/step', '85us/step']
 * ```
 */
export function formatStepTime(seconds: number): string {
  if (seconds >= 1 || seconds === 0) return `${seconds.toFixed(0)}s/step`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(0)}ms/step`;
  return `${(seconds * 1e6).toFixed(0)}us/step`;
}

/**
 * Options of {@link formatProgress}.
 * @example
 * ```ts
 * import { formatProgress, type ProgressLine } from 'pathwise';
 * const line: ProgressLine = { current: 100, total: 100, elapsed: 0.2, logs: { loss: 0.5 } };
 * formatProgress(line); // '100/100 [==============================] - 0s 2ms/step - loss: 0.5000'
 * ```
 */
export interface ProgressLine {
  /** Batches done. */
  current: number;
  /** Batches per epoch. */
  total: number;
  /** Seconds since the epoch began. */
  elapsed: number;
  /** The figures to show. */
  logs: Logs;
  /** Bar width (default 30, Keras's). */
  width?: number;
}

/**
 * One of Keras's progress lines: while running,
 * ` 32/100 [========>.....................] - ETA: 3s - loss: 0.1234`; when
 * `current >= total`, the elapsed time and time per step replace the ETA (past the end
 * the bar stays full and the counts are shown as they are).
 * @throws {@link ArgumentError} if `current`, `total`, `elapsed` or `width` is negative
 *   or not finite, or `width` is not an integer.
 * @example
 * ```ts
 * import { formatProgress } from 'pathwise';
 * formatProgress({ current: 32, total: 100, elapsed: 1.5, logs: { loss: 0.1234 } });
 * // ' 32/100 [========>.....................] - ETA: 3s - loss: 0.1234'
 * ```
 */
export function formatProgress(line: ProgressLine): string {
  const { current, total, elapsed, logs, width = 30 } = line;
  for (const [name, v] of [
    ['current', current],
    ['total', total],
    ['elapsed', elapsed],
    ['width', width],
  ] as const)
    if (!(v >= 0 && v < Infinity))
      throw new ArgumentError('formatProgress', `${name} must be a finite number >= 0, got ${v}`);
  if (!Number.isInteger(width))
    throw new ArgumentError('formatProgress', `width must be an integer, got ${width}`);
  const digits = String(total).length;
  // past the end (current > total) the bar stays full; with total 0 it is full
  const done = total > 0 ? Math.floor(width * Math.min(1, current / total)) : width;
  let bar = '';
  if (done > 0) bar = '='.repeat(done - 1) + (current < total ? '>' : '=');
  bar += '.'.repeat(width - done);
  return `${String(current).padStart(digits)}/${total} [${bar}]${timing(current, total, elapsed)}${formatLogs(logs)}`;
}

/** @internal ` - ETA: 3s` while running, ` - 1s 2ms/step` at the end. */
export function timing(current: number, total: number, elapsed: number): string {
  if (current < total)
    return ` - ETA: ${formatEta(current === 0 ? 0 : (elapsed / current) * (total - current))}`;
  return ` - ${elapsed.toFixed(0)}s ${formatStepTime(elapsed / Math.max(1, total))}`;
}

/**
 * Options of {@link consoleLogger}.
 * @example
 * ```ts
 * import { consoleLogger, type ConsoleLoggerOptions } from 'pathwise';
 * const lines: string[] = [];
 * const o: ConsoleLoggerOptions = { print: (line) => void lines.push(line) };
 * consoleLogger(o).onEpochBegin?.(0);
 * lines; // ['Epoch 1/1']
 * ```
 */
export interface ConsoleLoggerOptions {
  /** Where lines go (default `console.log`). */
  print?: (line: string) => void;
}

/**
 * A logger for environments without a terminal (browsers, log files): Keras's
 * `verbose=2` output, `Epoch 1/10` and one summary line per epoch, through
 * `console.log`. Pass it as `fit`'s `logger`.
 * @example
 * ```ts
 * import { consoleLogger } from 'pathwise';
 * const lines: string[] = [];
 * const log = consoleLogger({ print: (l) => void lines.push(l) });
 * log.setParams?.({ epochs: 2, steps: 4, samples: 100, verbose: 2 });
 * log.onEpochBegin?.(0);
 * log.onEpochEnd?.(0, { loss: 0.25 });
 * lines[0]; // 'Epoch 1/2'
 * lines[1].endsWith('- loss: 0.2500'); // true
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Callback {
  const print = options.print ?? ((line: string) => console.log(line));
  let params: FitParams = { epochs: 1, steps: 1, samples: 0, verbose: 2 };
  let start = 0;
  return {
    setParams: (p) => void (params = p),
    onEpochBegin: (epoch) => {
      start = Date.now();
      print(`Epoch ${epoch + 1}/${params.epochs}`);
    },
    onEpochEnd: (_epoch, logs) => {
      const t = (Date.now() - start) / 1000;
      print(
        `${params.steps}/${params.steps} - ${t.toFixed(0)}s - ${formatStepTime(t / Math.max(1, params.steps))}${formatLogs(logs)}`,
      );
    },
  };
}
