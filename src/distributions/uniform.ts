/**
 * The continuous uniform distribution.
 * @module
 */
import {
  add,
  clip,
  div,
  log,
  mul,
  neg,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { describeValue, Distribution, type DistributionOptions } from './distribution.js';
import { broadcastAll } from './util.js';

/**
 * The uniform distribution on [low, high). Reparameterized (`low + (high - low)·u`).
 * @param low - the lower bound.
 * @param high - the upper bound (> low).
 * @throws {@link ArgumentError} if some high ≤ low, naming both values.
 * @example
 * ```ts
 * import { Uniform } from 'pathwise';
 * const d = new Uniform(0, 4);
 * d.logProb([1, 5]).toArray(); // [-1.3862943611198906, -Infinity]
 * d.cdf(1).item(); // 0.25
 * d.variance.item(); // 1.3333333333333333
 * ```
 */
export class Uniform extends Distribution {
  static override readonly argConstraints = {
    low: constraints.real,
    high: constraints.real,
  };
  static override readonly reparameterized = true;

  constructor(low: TensorLike, high: TensorLike, options: DistributionOptions = {}) {
    super({ family: 'Uniform', params: { low, high }, options });
    if (options.validateArgs ?? true) {
      const [lo, hi] = broadcastAll([this.low, this.high]);
      const bad = hi.data.findIndex((h, i) => !(h > lo.data[i]));
      if (bad >= 0)
        this.fail(
          'high',
          `must be greater than low, got high ${describeValue(hi, bad)} and low ${lo.data[bad]}`,
        );
    }
  }

  /** The lower bound. */
  get low(): Tensor {
    return this.params.low;
  }

  /** The upper bound. */
  get high(): Tensor {
    return this.params.high;
  }

  get support() {
    return constraints.halfOpenInterval(this.low, this.high);
  }

  private width(): Tensor {
    return sub(this.high, this.low);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.uniform()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.uniform();
  }

  /** @internal low + (high - low)·ε with ε uniform in (0, 1). */
  override fromNoise(eps: Tensor): Tensor {
    return add(this.low, mul(this.width(), eps));
  }

  protected _logProb(_x: Tensor): Tensor {
    return neg(log(this.width()));
  }

  protected override _mean(): Tensor {
    return mul(add(this.low, this.high), 0.5);
  }

  protected override _variance(): Tensor {
    return div(square(this.width()), 12);
  }

  protected override _entropy(): Tensor {
    return log(this.width());
  }

  protected override _cdf(x: Tensor): Tensor {
    return clip(div(sub(x, this.low), this.width()), 0, 1);
  }

  protected override _icdf(p: Tensor): Tensor {
    return add(this.low, mul(p, this.width()));
  }
}
