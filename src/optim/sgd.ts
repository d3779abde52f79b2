/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as in Keras.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link SGD}.
 * @example
 * ```ts
 * import { SGD, type SGDOptions } from 'pathwise';
 * const o: SGDOptions = { learningRate: 0.1, momentum: 0.9, nesterov: true };
 * new SGD(o).nesterov; // true
 * ```
 */
export interface SGDOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Momentum in [0, 1) (default 0: plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Gradient descent with momentum (Keras's `SGD`). With momentum μ, a velocity
 * `m ← μ·m - lr·g` is kept per variable and `w ← w + m`; with Nesterov momentum
 * `w ← w + μ·m - lr·g`. Without momentum, `w ← w - lr·g`.
 * @throws {@link ArgumentError} if momentum is outside [0, 1).
 * @example
 * ```ts
 * import { SGD, variable } from 'pathwise';
 * const w = variable([1]);
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.apply([[1]], [w]); // m = -0.1, w = 0.9
 * opt.apply([[1]], [w]); // m = 0.9·(-0.1) - 0.1 = -0.19
 * w.item(); // 0.71
 * ```
 */
export class SGD extends Optimizer {
  /** The momentum coefficient. */
  readonly momentum: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    const { momentum = 0, nesterov = false } = options;
    super('SGD', { ...options, learningRate: options.learningRate ?? 0.01 }, ['momentum']);
    if (!(momentum >= 0 && momentum < 1))
      throw new ArgumentError('SGD', `momentum must be in [0, 1), got ${momentum}`);
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  protected update(w: Float64Array, g: Float64Array, [m]: Float64Array[], lr: number): void {
    const mu = this.momentum;
    if (mu === 0) {
      for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
      return;
    }
    for (let i = 0; i < w.length; i++) {
      m[i] = mu * m[i] - lr * g[i];
      w[i] += this.nesterov ? mu * m[i] - lr * g[i] : m[i];
    }
  }
}
