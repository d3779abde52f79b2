/**
 * The log-normal distribution.
 * @module
 */
import {
  add,
  div,
  exp,
  expm1,
  log,
  maximum,
  mul,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { LOG_SQRT_2PI } from './normal.js';
import { ndtr, ndtri } from './special.js';

/**
 * The distribution of exp(X) for X ~ N(loc, scale²). Reparameterized
 * (`exp(loc + scale·ε)`).
 * @param loc - mean of log X.
 * @param scale - standard deviation of log X (> 0).
 * @example
 * ```ts
 * import { LogNormal } from 'pathwise';
 * const d = new LogNormal(0, 1);
 * d.logProb(1).item(); // -0.9189385332046727
 * d.mean.item(); // 1.6487212707001282
 * d.cdf(1).item(); // 0.5
 * ```
 */
export class LogNormal extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.real,
    scale: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super({ family: 'LogNormal', params: { loc, scale }, options });
  }

  /** Mean of log X. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** Standard deviation of log X. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.positive;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.normal()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.normal();
  }

  /** @internal exp(loc + scale·ε). */
  override fromNoise(eps: Tensor): Tensor {
    return exp(add(this.loc, mul(this.scale, eps)));
  }

  protected _logProb(x: Tensor): Tensor {
    const lx = log(x);
    const z = div(sub(lx, this.loc), this.scale);
    return sub(sub(sub(mul(-0.5, square(z)), log(this.scale)), LOG_SQRT_2PI), lx);
  }

  protected override _mean(): Tensor {
    return exp(add(this.loc, mul(0.5, square(this.scale))));
  }

  protected override _variance(): Tensor {
    const s2 = square(this.scale);
    return mul(expm1(s2), exp(add(mul(2, this.loc), s2)));
  }

  protected override _mode(): Tensor {
    return exp(sub(this.loc, square(this.scale)));
  }

  protected override _entropy(): Tensor {
    return add(add(this.loc, log(this.scale)), 0.5 + LOG_SQRT_2PI);
  }

  protected override _cdf(x: Tensor): Tensor {
    return ndtr(div(sub(log(maximum(x, 0)), this.loc), this.scale));
  }

  protected override _icdf(p: Tensor): Tensor {
    return exp(add(this.loc, mul(this.scale, ndtri(p))));
  }
}
