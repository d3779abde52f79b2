/**
 * The normal (Gaussian) distribution.
 * @module
 */
import {
  add,
  div,
  log,
  mul,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import type { DistributionOptions } from './distribution.js';
import { LocScale } from './loc-scale.js';
import { ndtr, ndtri } from './special.js';

/** log √(2π). */
export const LOG_SQRT_2PI = 0.9189385332046727;

/**
 * The normal distribution N(loc, scale²). Reparameterized: `sample` is
 * `loc + scale·ε` with ε ~ N(0, 1) drawn from the Rng, so
 * `logProb(sample())` does not depend on `loc` at all (its gradient in loc is exactly 0:
 * see examples/zero-gradient-tfp.ts). The log density is
 * `-½z² - log scale - log √(2π)`, z = (x - loc)/scale; the CDF is `½ erfc(-z/√2)`.
 * @param loc - the mean (any real).
 * @param scale - the standard deviation (> 0).
 * @throws {@link ArgumentError} for a non-positive or non-finite scale, naming it.
 * @example
 * ```ts
 * import { Normal, grad, rng, type Tensor } from 'pathwise';
 * const d = new Normal(0, 2);
 * d.logProb(1).item(); // -1.737085713764618
 * d.cdf(-60).item(); // 4.906713927148024e-198: Φ(-30), far tails keep their digits
 * d.icdf(0.975).item(); // 3.919927969080108
 * // the reparameterized sample: d/d loc of logProb(sample) is exactly 0
 * const r = rng(1);
 * grad((loc: Tensor) => { const n = new Normal(loc, 0.01); return n.logProb(n.sample([], r)); })(0.1).item(); // 0
 * ```
 */
export class Normal extends LocScale {
  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super('Normal', loc, scale, options);
  }

  protected standard(r: Rng): number {
    return r.normal();
  }

  protected _logProb(x: Tensor): Tensor {
    const z = div(sub(x, this.loc), this.scale);
    return sub(sub(mul(-0.5, square(z)), log(this.scale)), LOG_SQRT_2PI);
  }

  protected override _mean(): Tensor {
    return this.loc;
  }

  protected override _variance(): Tensor {
    return square(this.scale);
  }

  protected override _entropy(): Tensor {
    return add(log(this.scale), 0.5 + LOG_SQRT_2PI);
  }

  protected override _cdf(x: Tensor): Tensor {
    return ndtr(div(sub(x, this.loc), this.scale));
  }

  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(this.scale, ndtri(p)));
  }
}
