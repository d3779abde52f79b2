/**
 * What the browser-safe core needs from its host and cannot do itself: files (for
 * `save` / `loadWeights`) and a terminal progress bar (for `fit`'s default output).
 * `pathwise/node` installs Node's on import; a browser app may install its own.
 * @module
 */
import { type Callback } from './callbacks.js';

/**
 * Host services. Every member is optional; a missing one makes the feature that needs
 * it throw a clear error (files) or stay quiet (progress).
 * @example
 * ```ts
 * import { setPlatform, type Platform } from 'pathwise';
 * const files = new Map<string, string>();
 * const memory: Platform = {
 *   writeFile: (path, text) => void files.set(path, text),
 *   readFile: (path) => files.get(path) ?? '',
 * };
 * const previous = setPlatform(memory);
 * setPlatform(previous); // restore
 * ```
 */
export interface Platform {
  /** Writes a text file (Node: atomically, through a temporary file). */
  writeFile?(path: string, text: string): void;
  /** Reads a text file. */
  readFile?(path: string): string;
  /** The logger `fit` uses when none is given and verbose > 0, or null for none. */
  progressLogger?(verbose: number): Callback | null;
}

let current: Platform = {};

/**
 * Replaces the host services (merging with nothing: pass every member you want) and
 * returns the previous ones, so a caller can restore them.
 * @example
 * ```ts
 * import { setPlatform, getPlatform } from 'pathwise';
 * const previous = setPlatform({ progressLogger: () => null });
 * typeof getPlatform().progressLogger; // 'function'
 * setPlatform(previous);
 * ```
 */
export function setPlatform(platform: Platform): Platform {
  const previous = current;
  current = { ...platform };
  return previous;
}

/**
 * The host services in use (empty in a browser until set; `pathwise/node` sets Node's).
 * @example
 * ```ts
 * import { getPlatform } from 'pathwise';
 * typeof getPlatform(); // 'object'
 * ```
 */
export function getPlatform(): Platform {
  return current;
}
