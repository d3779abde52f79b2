/**
 * The Laplace (double exponential) distribution.
 * @module
 */
import {
  abs,
  add,
  div,
  exp,
  expm1,
  less,
  log,
  mul,
  neg,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import type { DistributionOptions } from './distribution.js';
import { LocScale } from './loc-scale.js';

/**
 * The Laplace distribution: density `exp(-|x - loc|/scale) / (2 scale)`.
 * Reparameterized (`loc + scale·l`, l a standard Laplace draw).
 * @param loc - the location (mean, median and mode).
 * @param scale - the scale (> 0).
 * @example
 * ```ts
 * import { Laplace } from 'pathwise';
 * const d = new Laplace(0, 1);
 * d.logProb(1).item(); // -1.6931471805599454
 * d.variance.item(); // 2
 * d.cdf(0).item(); // 0.5
 * ```
 */
export class Laplace extends LocScale {
  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super('Laplace', loc, scale, options);
  }

  protected standard(r: Rng): number {
    return r.laplace();
  }

  protected _logProb(x: Tensor): Tensor {
    const z = div(abs(sub(x, this.loc)), this.scale);
    return neg(add(add(log(this.scale), z), Math.LN2));
  }

  protected override _mean(): Tensor {
    return this.loc;
  }

  protected override _variance(): Tensor {
    return mul(square(this.scale), 2);
  }

  protected override _entropy(): Tensor {
    return add(log(this.scale), 1 + Math.LN2);
  }

  protected override _cdf(x: Tensor): Tensor {
    const z = div(sub(x, this.loc), this.scale);
    return where(less(z, 0), mul(0.5, exp(z)), sub(0.5, mul(0.5, expm1(neg(z)))));
  }

  protected override _icdf(p: Tensor): Tensor {
    const z = where(less(p, 0.5), log(mul(p, 2)), neg(log(mul(sub(1, p), 2))));
    return add(this.loc, mul(this.scale, z));
  }
}
