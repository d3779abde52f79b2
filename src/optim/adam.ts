/**
 * Adam (Kingma & Ba 2015) with Keras's defaults and update formula.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link Adam} (defaults are Keras's).
 * @example
 * ```ts
 * import { Adam, type AdamOptions } from 'pathwise';
 * const o: AdamOptions = { learningRate: 0.01, beta2: 0.99 };
 * new Adam(o).beta1; // 0.9
 * ```
 */
export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay of the first-moment average (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment average (default 0.999). */
  beta2?: number;
  /** Added to `sqrt(v)` (default 1e-7, Keras's; the paper's 1e-8). */
  epsilon?: number;
  /** Use the running maximum of `v` (AMSGrad, Reddi et al. 2018; default false). */
  amsgrad?: boolean;
}

/**
 * Adam, exactly as Keras computes it. At step t (1-based), for each element:
 *
 *     m ← m + (g - m)·(1 - β₁)
 *     v ← v + (g² - v)·(1 - β₂)
 *     α = lr · sqrt(1 - β₂ᵗ) / (1 - β₁ᵗ)
 *     w ← w - α·m / (sqrt(v) + ε)
 *
 * (ε is added to the uncorrected sqrt(v), the paper's "ε-hat" form.)
 * @throws {@link ArgumentError} if a β is outside [0, 1) or ε is negative.
 * @example
 * ```ts
 * import { Adam, variable } from 'pathwise';
 * const w = variable([1]);
 * const adam = new Adam({ learningRate: 0.1 });
 * adam.apply([[0.5]], [w]);
 * // m = 0.05, v = 0.00025, α = 0.1·sqrt(0.001)/0.1: the first step is about lr
 * w.item(); // ≈ 0.9
 * adam.getSlot(w, 'm')?.item(); // 0.05
 * ```
 */
export class Adam extends Optimizer {
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Denominator offset. */
  readonly epsilon: number;
  /** Whether AMSGrad is used. */
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = options;
    super('Adam', { ...options, learningRate: options.learningRate ?? 0.001 }, ['m', 'v', 'vhat']);
    for (const [k, b] of [
      ['beta1', beta1],
      ['beta2', beta2],
    ] as const)
      if (!(b >= 0 && b < 1)) throw new ArgumentError('Adam', `${k} must be in [0, 1), got ${b}`);
    if (!(epsilon >= 0)) throw new ArgumentError('Adam', `epsilon must be >= 0, got ${epsilon}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.amsgrad = amsgrad;
  }

  protected update(
    w: Float64Array,
    g: Float64Array,
    [m, v, vhat]: Float64Array[],
    lr: number,
    t: number,
  ): void {
    const b1 = this.beta1;
    const b2 = this.beta2;
    const eps = this.epsilon;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      const gi = g[i];
      m[i] += (gi - m[i]) * (1 - b1);
      v[i] += (gi * gi - v[i]) * (1 - b2);
      let vi = v[i];
      if (this.amsgrad) vi = vhat[i] = Math.max(vhat[i], vi);
      w[i] -= (m[i] * alpha) / (Math.sqrt(vi) + eps);
    }
  }
}
