/**
 * The Cauchy distribution.
 * @module
 */
import {
  add,
  div,
  log,
  log1p,
  mul,
  neg,
  square,
  sub,
  tan,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import type { DistributionOptions } from './distribution.js';
import { LocScale } from './loc-scale.js';
import { atan } from './special.js';

const LOG_PI = Math.log(Math.PI);

/**
 * The Cauchy (Lorentz) distribution: density `1 / (π scale (1 + z²))`. Its mean is NaN
 * and its variance Infinity (neither exists). Reparameterized (`loc + scale·c`).
 * @param loc - the median.
 * @param scale - the half width at half maximum (> 0).
 * @example
 * ```ts
 * import { Cauchy } from 'pathwise';
 * const d = new Cauchy(0, 1);
 * d.logProb(1).item(); // -1.8378770664093453
 * d.cdf(1).item(); // 0.75
 * d.mean.item(); // NaN
 * ```
 */
export class Cauchy extends LocScale {
  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super('Cauchy', loc, scale, options);
  }

  protected standard(r: Rng): number {
    return r.cauchy();
  }

  protected _logProb(x: Tensor): Tensor {
    const z = div(sub(x, this.loc), this.scale);
    return neg(add(add(log(this.scale), log1p(square(z))), LOG_PI));
  }

  protected override _mean(): Tensor {
    return add(this.loc, NaN);
  }

  protected override _variance(): Tensor {
    return add(this.scale, Infinity);
  }

  protected override _entropy(): Tensor {
    return log(mul(this.scale, 4 * Math.PI));
  }

  protected override _cdf(x: Tensor): Tensor {
    return add(0.5, div(atan(div(sub(x, this.loc), this.scale)), Math.PI));
  }

  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(this.scale, tan(mul(sub(p, 0.5), Math.PI))));
  }
}
