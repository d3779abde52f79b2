/**
 * A pluggable progress display for long inference runs (SVI steps, MCMC chains). The
 * core stays browser-safe: it only calls the reporter that the platform installs (the
 * Node entry point `pathwise/node` installs a terminal bar drawn with `progress`).
 * @module
 */

/**
 * One running progress display.
 * @example
 * ```ts
 * import { type ProgressTask } from 'pathwise';
 * const shown: number[] = [];
 * const task: ProgressTask = { update: (done) => shown.push(done), finish: () => undefined };
 * task.update(5);
 * shown; // [5]
 * ```
 */
export interface ProgressTask {
  /** Reports that `done` of the total units are finished, with named figures to show. */
  update(done: number, info?: Readonly<Record<string, number>>): void;
  /** Finishes the display. */
  finish(): void;
}

/**
 * Makes a progress display titled `title` for `total` units.
 * @example
 * ```ts
 * import { setProgressReporter, type ProgressReporter } from 'pathwise';
 * const quiet: ProgressReporter = () => ({ update: () => undefined, finish: () => undefined });
 * setProgressReporter(setProgressReporter(quiet)) === quiet; // true
 * ```
 */
export type ProgressReporter = (title: string, total: number) => ProgressTask;

let reporter: ProgressReporter | null = null;

/**
 * Installs the reporter used when an inference run asks for progress (null to remove).
 * Returns the previous one.
 * @example
 * ```ts
 * import { setProgressReporter } from 'pathwise';
 * const lines: string[] = [];
 * const previous = setProgressReporter((title, total) => ({
 *   update: (done) => lines.push(`${title} ${done}/${total}`),
 *   finish: () => undefined,
 * }));
 * setProgressReporter(previous);
 * ```
 */
export function setProgressReporter(r: ProgressReporter | null): ProgressReporter | null {
  const previous = reporter;
  reporter = r;
  return previous;
}

const silent: ProgressTask = { update: () => undefined, finish: () => undefined };

/** @internal A progress task from the installed reporter, or a silent one. */
export function startProgress(enabled: boolean, title: string, total: number): ProgressTask {
  return enabled && reporter !== null ? reporter(title, total) : silent;
}
