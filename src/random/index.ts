/**
 * Randomness: seedable, splittable generators (seedrandom bits, `@stdlib` samplers).
 * @module
 */
export { Rng, rng, type Seed } from './rng.js';
export { defaultRng, setSeed } from './default.js';
