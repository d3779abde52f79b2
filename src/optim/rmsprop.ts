/**
 * RMSprop (Hinton's lecture 6e), with Keras's options and formula.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Options of {@link RMSprop} (defaults are Keras's).
 * @example
 * ```ts
 * import { RMSprop, type RMSpropOptions } from 'pathwise';
 * const o: RMSpropOptions = { rho: 0.95, centered: true };
 * new RMSprop(o).centered; // true
 * ```
 */
export interface RMSpropOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay of the squared-gradient average (default 0.9). */
  rho?: number;
  /** Momentum in [0, 1) (default 0). */
  momentum?: number;
  /** Added under the square root (default 1e-7). */
  epsilon?: number;
  /** Divide by an estimate of the variance instead of the second moment (default false). */
  centered?: boolean;
}

/**
 * RMSprop as Keras computes it: `s ← ρ·s + (1 - ρ)·g²`; with `centered`, also
 * `ḡ ← ρ·ḡ + (1 - ρ)·g` and `s - ḡ²` in place of `s`; then
 * `Δ = lr·g / sqrt(s + ε)`, and `w ← w - Δ` (or, with momentum μ, `m ← μ·m + Δ`,
 * `w ← w - m`).
 * @throws {@link ArgumentError} if rho or momentum is outside [0, 1).
 * @example
 * ```ts
 * import { RMSprop, variable } from 'pathwise';
 * const w = variable([1]);
 * new RMSprop({ learningRate: 0.01, epsilon: 0 }).apply([[2]], [w]);
 * // s = 0.1·4 = 0.4, Δ = 0.01·2/sqrt(0.4)
 * w.item(); // 0.9683772233983162
 * ```
 */
export class RMSprop extends Optimizer {
  /** Decay of the averages. */
  readonly rho: number;
  /** Momentum coefficient. */
  readonly momentum: number;
  /** Offset under the square root. */
  readonly epsilon: number;
  /** Whether the centered variant is used. */
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    const { rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = options;
    super('RMSprop', { ...options, learningRate: options.learningRate ?? 0.001 }, [
      'velocity',
      'momentum',
      'averageGradient',
    ]);
    if (!(rho >= 0 && rho < 1))
      throw new ArgumentError('RMSprop', `rho must be in [0, 1), got ${rho}`);
    if (!(momentum >= 0 && momentum < 1))
      throw new ArgumentError('RMSprop', `momentum must be in [0, 1), got ${momentum}`);
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  protected update(w: Float64Array, g: Float64Array, [s, m, a]: Float64Array[], lr: number): void {
    const rho = this.rho;
    const mu = this.momentum;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i];
      s[i] = rho * s[i] + (1 - rho) * gi * gi;
      let denom = s[i];
      if (this.centered) {
        a[i] = rho * a[i] + (1 - rho) * gi;
        denom -= a[i] * a[i];
      }
      const step = (lr * gi) / Math.sqrt(denom + this.epsilon);
      if (mu > 0) {
        m[i] = mu * m[i] + step;
        w[i] -= m[i];
      } else w[i] -= step;
    }
  }
}
