/**
 * The Gaussian random walk.
 * @module
 */
import {
  ArgumentError,
  add,
  arange,
  concat,
  cumsum,
  div,
  expandDims,
  log,
  mul,
  slice,
  square,
  sub,
  sum,
  zeros,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { LOG_SQRT_2PI } from './normal.js';

/**
 * A Gaussian random walk of `numSteps` steps (NumPyro's GaussianRandomWalk): paths
 * `x₁, ..., xₙ` (event shape `[n]`) with `x₁ ~ N(0, scale)` and increments
 * `xᵢ - xᵢ₋₁ ~ N(0, scale)`. Log density `Σᵢ log N(xᵢ - xᵢ₋₁; 0, scale)` (x₀ = 0).
 * Reparameterized: the cumulative sum of `scale · ε`. Mean 0, variance `scale²·i` at step i,
 * entropy `n (½ + log √(2π) + log scale)`.
 * @param scale - the step's standard deviation (> 0), batch shape.
 * @param numSteps - n, a positive integer (default 1).
 * @throws {@link ArgumentError} for a scale that is not positive or a numSteps that is
 *   not a positive integer.
 * @example
 * ```ts
 * import { GaussianRandomWalk } from 'pathwise';
 * const w = new GaussianRandomWalk(2, 3);
 * w.eventShape; // [3]
 * w.variance.toArray(); // [4, 8, 12]
 * w.logProb([1, 0, 2]).item(); // -5.586257141293855
 * ```
 */
export class GaussianRandomWalk extends Distribution {
  static override readonly argConstraints = { scale: constraints.positive };
  static override readonly reparameterized = true;

  /** The number of steps n. */
  readonly numSteps: number;

  constructor(scale: TensorLike, numSteps = 1, options?: DistributionOptions) {
    if (!Number.isInteger(numSteps) || numSteps < 1)
      throw new ArgumentError(
        'GaussianRandomWalk',
        `argument 'numSteps' must be a positive integer, got ${String(numSteps)}`,
      );
    super({
      family: 'GaussianRandomWalk',
      params: { scale },
      options,
      eventShape: () => [numSteps],
    });
    this.numSteps = numSteps;
  }

  /** The step's standard deviation. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.realVector;
  }

  private get scaleV(): Tensor {
    return expandDims(this.scale, -1);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.normal()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.normal();
  }

  /** @internal cumsum(scale · ε) along the steps. */
  override fromNoise(eps: Tensor): Tensor {
    return cumsum(mul(this.scaleV, eps), { axis: -1 });
  }

  protected _logProb(x: Tensor): Tensor {
    const n = this.numSteps;
    const pre = x.shape.slice(0, -1);
    const zero = pre.map(() => 0);
    const prev = concat([zeros([...pre, 1]), slice(x, [...zero, 0], [...pre, n - 1])], -1);
    const z2 = sum(square(sub(x, prev)), -1);
    const s = this.scale;
    return sub(mul(-0.5, div(z2, square(s))), mul(n, add(log(s), LOG_SQRT_2PI)));
  }

  protected override _mean(): Tensor {
    return zeros([this.numSteps]);
  }

  protected override _variance(): Tensor {
    return mul(square(this.scaleV), arange(1, this.numSteps + 1));
  }

  protected override _entropy(): Tensor {
    return mul(this.numSteps, add(log(this.scale), 0.5 + LOG_SQRT_2PI));
  }
}
