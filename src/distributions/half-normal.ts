/**
 * The half-normal distribution.
 * @module
 */
import {
  abs,
  add,
  div,
  erf,
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
import { ndtri } from './special.js';

const HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

/**
 * The distribution of |X| for X ~ N(0, scale²), on [0, ∞). Reparameterized
 * (`scale·|ε|`). Log density `½ log(2/π) - log scale - ½(x/scale)²`.
 * @param scale - the scale of the underlying normal (> 0).
 * @example
 * ```ts
 * import { HalfNormal } from 'pathwise';
 * const d = new HalfNormal(2);
 * d.logProb(1).item(); // -1.0439385332046727
 * d.logProb(-1).item(); // -Infinity
 * d.mean.item(); // 1.5957691216057308
 * ```
 */
export class HalfNormal extends Distribution {
  static override readonly argConstraints = { scale: constraints.positive };
  static override readonly reparameterized = true;

  constructor(scale: TensorLike, options?: DistributionOptions) {
    super({ family: 'HalfNormal', params: { scale }, options });
  }

  /** The scale of the underlying normal. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.normal()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.normal();
  }

  /** @internal scale·|ε|. */
  override fromNoise(eps: Tensor): Tensor {
    return mul(this.scale, abs(eps));
  }

  protected _logProb(x: Tensor): Tensor {
    const z = div(x, this.scale);
    return sub(sub(HALF_LOG_2_OVER_PI, log(this.scale)), mul(0.5, square(z)));
  }

  protected override _mean(): Tensor {
    return mul(this.scale, Math.sqrt(2 / Math.PI));
  }

  protected override _variance(): Tensor {
    return mul(square(this.scale), 1 - 2 / Math.PI);
  }

  protected override _mode(): Tensor {
    return mul(this.scale, 0);
  }

  protected override _entropy(): Tensor {
    return add(log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5);
  }

  protected override _cdf(x: Tensor): Tensor {
    return erf(div(maximum(x, 0), mul(this.scale, Math.SQRT2)));
  }

  protected override _icdf(p: Tensor): Tensor {
    return mul(this.scale, ndtri(mul(add(p, 1), 0.5)));
  }
}
