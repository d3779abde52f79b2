/**
 * The inverse-gamma distribution.
 * @module
 */
import {
  add,
  digamma,
  div,
  greater,
  lgamma,
  log,
  maximum,
  mul,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { gammaLogDensity, standardGamma } from './gamma.js';
import { gammainc, gammaincinv } from './special.js';

/**
 * The distribution of 1/X for X ~ Gamma(concentration, rate): density
 * `β^α x^(-α-1) e^(-β/x) / Γ(α)`. Reparameterized as `β / z` with z a standard gamma
 * draw carrying implicit reparameterization gradients (see {@link Gamma}).
 * @param concentration - the shape α (> 0).
 * @param rate - β (> 0), a scale of the inverse-gamma variable.
 * @example
 * ```ts
 * import { InverseGamma } from 'pathwise';
 * const d = new InverseGamma(3, 2);
 * d.logProb(1).item(); // -0.6137056388801094
 * d.mean.item(); // 1
 * new InverseGamma(1, 2).mean.item(); // Infinity
 * ```
 */
export class InverseGamma extends Distribution {
  static override readonly argConstraints = {
    concentration: constraints.positive,
    rate: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(concentration: TensorLike, rate: TensorLike, options?: DistributionOptions) {
    super({ family: 'InverseGamma', params: { concentration, rate }, options });
  }

  /** The shape α. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  /** β, the rate of the reciprocal. */
  get rate(): Tensor {
    return this.params.rate;
  }

  get support() {
    return constraints.positive;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return div(this.rate, standardGamma(this.concentration, shape, rng));
  }

  protected _logProb(x: Tensor): Tensor {
    // the gamma density of 1/x, times |d(1/x)/dx| = 1/x²
    return sub(gammaLogDensity(this.concentration, this.rate, div(1, x)), mul(2, log(x)));
  }

  protected override _mean(): Tensor {
    const a = this.concentration;
    return where(greater(a, 1), div(this.rate, sub(a, 1)), Infinity);
  }

  protected override _variance(): Tensor {
    const a = this.concentration;
    const v = div(square(this.rate), mul(square(sub(a, 1)), sub(a, 2)));
    return where(greater(a, 2), v, Infinity);
  }

  protected override _mode(): Tensor {
    return div(this.rate, add(this.concentration, 1));
  }

  protected override _entropy(): Tensor {
    const a = this.concentration;
    return sub(add(add(a, log(this.rate)), lgamma(a)), mul(add(a, 1), digamma(a)));
  }

  protected override _cdf(x: Tensor): Tensor {
    return gammainc(this.concentration, div(this.rate, maximum(x, 0)), { upper: true });
  }

  protected override _icdf(p: Tensor): Tensor {
    return div(this.rate, gammaincinv(this.concentration, sub(1, p)));
  }
}
