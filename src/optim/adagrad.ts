/**
 * Adagrad (Duchi, Hazan & Singer 2011), with Keras's defaults.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adagrad} (defaults are Keras's).
 * @example
 * ```ts
 * import { Adagrad, type AdagradOptions } from 'pathwise';
 * const o: AdagradOptions = { learningRate: 0.1, initialAccumulatorValue: 0 };
 * new Adagrad(o).initialAccumulatorValue; // 0
 * ```
 */
export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Starting value of the squared-gradient sums (default 0.1). */
  initialAccumulatorValue?: number;
  /** Added under the square root (default 1e-7). */
  epsilon?: number;
}

/**
 * Adagrad: `a ← a + g²`, `w ← w - lr·g / sqrt(a + ε)`, so each coordinate's step
 * shrinks with the gradients it has seen.
 * @throws {@link ArgumentError} if `initialAccumulatorValue` is negative.
 * @example
 * ```ts
 * import { Adagrad, variable } from 'pathwise';
 * const w = variable([1]);
 * new Adagrad({ learningRate: 0.1, epsilon: 0, initialAccumulatorValue: 0 }).apply([[3]], [w]);
 * w.item(); // 0.9: the first step is lr·sign(g)
 * ```
 */
export class Adagrad extends Optimizer {
  /** Initial value of the accumulators. */
  readonly initialAccumulatorValue: number;
  /** Offset under the square root. */
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    const { initialAccumulatorValue = 0.1, epsilon = 1e-7 } = options;
    if (!(initialAccumulatorValue >= 0))
      throw new ArgumentError(
        'Adagrad',
        `initialAccumulatorValue must be >= 0, got ${initialAccumulatorValue}`,
      );
    super(
      'Adagrad',
      { ...options, learningRate: options.learningRate ?? 0.001 },
      ['accumulator'],
      [initialAccumulatorValue],
    );
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.epsilon = epsilon;
  }

  protected update(w: Float64Array, g: Float64Array, [a]: Float64Array[], lr: number): void {
    for (let i = 0; i < w.length; i++) {
      const gi = g[i];
      a[i] += gi * gi;
      w[i] -= (lr * gi) / Math.sqrt(a[i] + this.epsilon);
    }
  }
}
