/**
 * The logistic distribution.
 * @module
 */
import {
  add,
  log,
  log1p,
  mul,
  neg,
  sigmoid,
  softplus,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import type { DistributionOptions } from './distribution.js';
import { LocScale } from './loc-scale.js';

/**
 * The logistic distribution: CDF `sigmoid((x - loc)/scale)`, log density
 * `-z - log scale - 2 softplus(-z)` (stable in both tails). Reparameterized.
 * @param loc - the location (mean, median and mode).
 * @param scale - the scale (> 0).
 * @example
 * ```ts
 * import { Logistic } from 'pathwise';
 * const d = new Logistic(0, 1);
 * d.logProb(0).item(); // -1.3862943611198906
 * d.logProb(800).item(); // -800: no overflow
 * d.icdf(0.5).item(); // 0
 * ```
 */
export class Logistic extends LocScale {
  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super('Logistic', loc, scale, options);
  }

  protected standard(r: Rng): number {
    return r.logistic();
  }

  protected _logProb(x: Tensor): Tensor {
    const z = this.z(x);
    return neg(add(add(z, log(this.scale)), mul(softplus(neg(z)), 2)));
  }

  protected override _mean(): Tensor {
    return this.loc;
  }

  protected override _variance(): Tensor {
    return mul(square(this.scale), (Math.PI * Math.PI) / 3);
  }

  protected override _entropy(): Tensor {
    return add(log(this.scale), 2);
  }

  protected override _cdf(x: Tensor): Tensor {
    return sigmoid(this.z(x));
  }

  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(this.scale, sub(log(p), log1p(neg(p)))));
  }
}
