/**
 * The exponential distribution.
 * @module
 */
import {
  div,
  expm1,
  log,
  log1p,
  maximum,
  mul,
  neg,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';

/**
 * The exponential distribution with the given rate, on [0, ∞). Reparameterized
 * (`E / rate`, E ~ Exp(1)). Log density `log rate - rate·x`.
 * @param rate - the rate (> 0); the mean is 1/rate.
 * @example
 * ```ts
 * import { Exponential } from 'pathwise';
 * const d = new Exponential(2);
 * d.logProb(1).item(); // -1.3068528194400546
 * d.cdf(1).item(); // 0.8646647167633873
 * d.mean.item(); // 0.5
 * ```
 */
export class Exponential extends Distribution {
  static override readonly argConstraints = { rate: constraints.positive };
  static override readonly reparameterized = true;

  constructor(rate: TensorLike, options?: DistributionOptions) {
    super({ family: 'Exponential', params: { rate }, options });
  }

  /** The rate. */
  get rate(): Tensor {
    return this.params.rate;
  }

  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.exponential()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.exponential();
  }

  /** @internal ε / rate with ε a standard exponential draw. */
  override fromNoise(eps: Tensor): Tensor {
    return div(eps, this.rate);
  }

  protected _logProb(x: Tensor): Tensor {
    return sub(log(this.rate), mul(this.rate, x));
  }

  protected override _mean(): Tensor {
    return div(1, this.rate);
  }

  protected override _variance(): Tensor {
    return div(1, square(this.rate));
  }

  protected override _mode(): Tensor {
    return mul(this.rate, 0);
  }

  protected override _entropy(): Tensor {
    return sub(1, log(this.rate));
  }

  protected override _cdf(x: Tensor): Tensor {
    return neg(expm1(neg(mul(this.rate, maximum(x, 0)))));
  }

  protected override _icdf(p: Tensor): Tensor {
    return div(neg(log1p(neg(p))), this.rate);
  }
}
