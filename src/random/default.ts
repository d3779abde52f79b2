/**
 * The module's default generator, used by every sampling call that is not given an Rng.
 * @module
 */
import { Rng, type Seed } from './rng.js';

let current = new Rng(0);

/**
 * Reseeds the default generator (it starts seeded with 0, so a program that never calls
 * `setSeed` is still reproducible). Returns the new default generator.
 * @example
 * ```ts
 * import { setSeed, defaultRng } from 'pathwise';
 * setSeed(3);
 * const a = defaultRng().uniform();
 * setSeed(3);
 * defaultRng().uniform() === a; // true
 * ```
 */
export function setSeed(seed: Seed): Rng {
  current = new Rng(seed);
  return current;
}

/**
 * The default generator (see {@link setSeed}).
 * @example
 * ```ts
 * import { defaultRng, Rng } from 'pathwise';
 * defaultRng() instanceof Rng; // true
 * ```
 */
export function defaultRng(): Rng {
  return current;
}
