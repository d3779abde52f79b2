/**
 * The chi-squared distribution.
 * @module
 */
import {
  add,
  digamma,
  div,
  equal,
  lgamma,
  maximum,
  mul,
  noGrad,
  sub,
  tensor,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { standardGamma } from './gamma.js';
import { gammaLogDensity } from './loader.js';
import { gammainc, gammaincinv } from './special.js';

const HALF = tensor(0.5);

/**
 * The chi-squared distribution with `df` degrees of freedom ν, on [0, ∞): Gamma(ν/2, ½),
 * density `x^(ν/2-1) e^(-x/2) / (2^(ν/2) Γ(ν/2))`. At x = 0 the density's limit, as scipy
 * (+∞, ½, 0 as ν <, =, > 2). Reparameterized as Gamma is, by implicit gradients in ν.
 * Mean ν, variance 2ν, entropy `ν/2 + log 2 + log Γ(ν/2) + (1 - ν/2) ψ(ν/2)`.
 * @param df - the degrees of freedom ν (> 0, not necessarily an integer).
 * @throws {@link ArgumentError} for df that is not positive.
 * @example
 * ```ts
 * import { Chi2 } from 'pathwise';
 * const d = new Chi2(2);
 * d.logProb(2).item(); // -1.6931471805599454
 * d.cdf(2).item(); // 0.6321205588285577
 * d.variance.item(); // 4
 * ```
 */
export class Chi2 extends Distribution {
  static override readonly argConstraints = { df: constraints.positive };
  static override readonly reparameterized = true;

  constructor(df: TensorLike, options?: DistributionOptions) {
    super({ family: 'Chi2', params: { df }, options });
  }

  /** The degrees of freedom ν. */
  get df(): Tensor {
    return this.params.df;
  }

  /** [0, ∞): the density at 0 is its limit. */
  get support() {
    return constraints.nonNegative;
  }

  private get half(): Tensor {
    return mul(this.df, 0.5);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return mul(standardGamma(this.half, shape, rng), 2);
  }

  protected _logProb(x: Tensor): Tensor {
    return gammaLogDensity(this.half, HALF, x);
  }

  protected override _mean(): Tensor {
    return this.df;
  }

  protected override _variance(): Tensor {
    return mul(this.df, 2);
  }

  protected override _mode(): Tensor {
    return maximum(sub(this.df, 2), 0);
  }

  protected override _entropy(): Tensor {
    const a = this.half;
    return add(add(add(a, Math.LN2), lgamma(a)), mul(sub(1, a), digamma(a)));
  }

  protected override _cdf(x: Tensor): Tensor {
    // gammainc is NaN at x = ∞; the CDF there is 1
    const inf = noGrad(() => equal(x, Infinity));
    return where(inf, 1, gammainc(this.half, div(maximum(where(inf, 0, x), 0), 2)));
  }

  protected override _icdf(p: Tensor): Tensor {
    return mul(gammaincinv(this.half, p), 2);
  }
}
