/**
 * The Gumbel (type I extreme value) distribution.
 * @module
 */
import {
  add,
  exp,
  log,
  mul,
  neg,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import type { DistributionOptions } from './distribution.js';
import { LocScale } from './loc-scale.js';
import { EULER } from './util.js';

/**
 * The Gumbel distribution (of maxima): with z = (x - loc)/scale, density
 * `exp(-(z + e^(-z))) / scale`, CDF `exp(-e^(-z))`. Reparameterized
 * (`loc + scale·g`, g = -log E with E a standard exponential draw).
 * Mean `loc + γ·scale` (γ Euler's constant), variance `π²·scale²/6`, entropy
 * `log scale + γ + 1`.
 * @param loc - the location (the mode).
 * @param scale - the scale (> 0).
 * @throws {@link ArgumentError} for a non-finite loc or a scale that is not positive.
 * @example
 * ```ts
 * import { Gumbel } from 'pathwise';
 * const d = new Gumbel(0, 1);
 * d.logProb(0).item(); // -1
 * d.cdf(0).item(); // 0.36787944117144233
 * d.mean.item(); // 0.5772156649015329
 * ```
 */
export class Gumbel extends LocScale {
  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super('Gumbel', loc, scale, options);
  }

  protected standard(r: Rng): number {
    return -Math.log(r.exponential());
  }

  protected _logProb(x: Tensor): Tensor {
    const z = this.z(x);
    return neg(add(add(z, exp(neg(z))), log(this.scale)));
  }

  protected override _mean(): Tensor {
    return add(this.loc, mul(this.scale, EULER));
  }

  protected override _variance(): Tensor {
    return mul(square(this.scale), (Math.PI * Math.PI) / 6);
  }

  protected override _entropy(): Tensor {
    return add(log(this.scale), EULER + 1);
  }

  protected override _cdf(x: Tensor): Tensor {
    return exp(neg(exp(neg(this.z(x)))));
  }

  protected override _icdf(p: Tensor): Tensor {
    return sub(this.loc, mul(this.scale, log(neg(log(p)))));
  }
}
