/**
 * Keras-style optimizer identifiers: `'adam'`, `'sgd'`, `'rmsprop'`, `'adagrad'`.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

const FACTORIES: Record<string, () => Optimizer> = {
  adam: () => new Adam(),
  sgd: () => new SGD(),
  rmsprop: () => new RMSprop(),
  adagrad: () => new Adagrad(),
};

/**
 * An optimizer from a Keras-style name (case-insensitive: `'adam'`, `'sgd'`,
 * `'rmsprop'`, `'adagrad'`, with default settings), or the optimizer itself.
 * @throws {@link ArgumentError} naming the known identifiers for an unknown name.
 * @example
 * ```ts
 * import { getOptimizer, Adam } from 'pathwise';
 * getOptimizer('Adam') instanceof Adam; // true
 * getOptimizer('adam').currentLearningRate; // 0.001
 * try { getOptimizer('adamw'); } catch (e) { console.log((e as Error).message); }
 * // getOptimizer: unknown optimizer 'adamw'; known: adam, sgd, rmsprop, adagrad
 * ```
 */
export function getOptimizer(spec: string | Optimizer): Optimizer {
  if (spec instanceof Optimizer) return spec;
  const make = typeof spec === 'string' ? FACTORIES[spec.toLowerCase()] : undefined;
  if (make === undefined) {
    throw new ArgumentError(
      'getOptimizer',
      `unknown optimizer ${typeof spec === 'string' ? `'${spec}'` : String(spec)}; known: ${Object.keys(FACTORIES).join(', ')}`,
    );
  }
  return make();
}
