/**
 * The beta distribution, reparameterized through two gamma draws.
 * @module
 */
import {
  add,
  clip,
  digamma,
  div,
  greater,
  logicalAnd,
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
import { standardGamma } from './gamma.js';
import { betainc, betaincinv, betaln, logBetaDensity } from './special.js';

/**
 * The beta distribution on [0, 1]: density `x^(a-1) (1-x)^(b-1) / B(a, b)` with
 * a = `concentration1`, b = `concentration0` (torch's names and order). The log density
 * uses `log1p(-x)` and stdlib's `betaln`, so it keeps its digits near 0, near 1 and
 * for large concentrations.
 *
 * Reparameterized through implicit reparameterization gradients (Figurnov et al.
 * 2018, as TFP): x = g₁/(g₁ + g₀) with gᵢ ~ Gamma(cᵢ, 1), each gamma draw carrying its
 * implicit gradient. `cdf` and `icdf` are differentiable in x and p only.
 * @param concentration1 - a (> 0), the weight of 1.
 * @param concentration0 - b (> 0), the weight of 0.
 * @example
 * ```ts
 * import { Beta } from 'pathwise';
 * const d = new Beta(2, 5);
 * d.logProb(0.2).item(); // 0.8991852639712161
 * d.mean.item(); // 0.2857142857142857
 * d.cdf(0.2).item(); // 0.34464000000000005
 * ```
 */
export class Beta extends Distribution {
  static override readonly argConstraints = {
    concentration1: constraints.positive,
    concentration0: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(
    concentration1: TensorLike,
    concentration0: TensorLike,
    options?: DistributionOptions,
  ) {
    super({ family: 'Beta', params: { concentration1, concentration0 }, options });
  }

  /** a, the weight of 1. */
  get concentration1(): Tensor {
    return this.params.concentration1;
  }

  /** b, the weight of 0. */
  get concentration0(): Tensor {
    return this.params.concentration0;
  }

  get support() {
    return constraints.unitInterval;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const g1 = standardGamma(this.concentration1, shape, rng);
    const g0 = standardGamma(this.concentration0, shape, rng);
    return div(g1, add(g1, g0));
  }

  protected _logProb(x: Tensor): Tensor {
    return logBetaDensity(x, this.concentration1, this.concentration0);
  }

  private total(): Tensor {
    return add(this.concentration1, this.concentration0);
  }

  protected override _mean(): Tensor {
    return div(this.concentration1, this.total());
  }

  protected override _variance(): Tensor {
    const t = this.total();
    return div(mul(this.concentration1, this.concentration0), mul(square(t), add(t, 1)));
  }

  protected override _mode(): Tensor {
    const [a, b] = [this.concentration1, this.concentration0];
    const inside = logicalAnd(greater(a, 1), greater(b, 1));
    return where(inside, div(sub(a, 1), sub(this.total(), 2)), NaN);
  }

  protected override _entropy(): Tensor {
    const [a, b] = [this.concentration1, this.concentration0];
    const t = this.total();
    const terms = add(mul(sub(a, 1), digamma(a)), mul(sub(b, 1), digamma(b)));
    return add(sub(betaln(a, b), terms), mul(sub(t, 2), digamma(t)));
  }

  protected override _cdf(x: Tensor): Tensor {
    return betainc(clip(x, 0, 1), this.concentration1, this.concentration0);
  }

  protected override _icdf(p: Tensor): Tensor {
    return betaincinv(p, this.concentration1, this.concentration0);
  }
}
