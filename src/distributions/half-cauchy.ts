/**
 * The half-Cauchy distribution.
 * @module
 */
import {
  abs,
  add,
  div,
  log,
  log1p,
  maximum,
  mul,
  square,
  sub,
  tan,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { atan } from './special.js';

const LOG_2_OVER_PI = Math.log(2 / Math.PI);

/**
 * The distribution of |C| for C ~ Cauchy(0, scale), on [0, ∞): density
 * `2 / (π scale (1 + (x/scale)²))`. Mean and variance are Infinity. Reparameterized.
 * @param scale - the scale (> 0).
 * @example
 * ```ts
 * import { HalfCauchy } from 'pathwise';
 * const d = new HalfCauchy(1);
 * d.logProb(0).item(); // -0.4515827052894548
 * d.cdf(1).item(); // 0.5
 * d.icdf(0.5).item(); // 0.9999999999999999
 * ```
 */
export class HalfCauchy extends Distribution {
  static override readonly argConstraints = { scale: constraints.positive };
  static override readonly reparameterized = true;

  constructor(scale: TensorLike, options?: DistributionOptions) {
    super({ family: 'HalfCauchy', params: { scale }, options });
  }

  /** The scale. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return mul(this.scale, abs(rng.tensor(shape, (r) => r.cauchy())));
  }

  protected _logProb(x: Tensor): Tensor {
    const z = div(x, this.scale);
    return sub(sub(LOG_2_OVER_PI, log(this.scale)), log1p(square(z)));
  }

  protected override _mean(): Tensor {
    return add(this.scale, Infinity);
  }

  protected override _variance(): Tensor {
    return add(this.scale, Infinity);
  }

  protected override _mode(): Tensor {
    return mul(this.scale, 0);
  }

  protected override _entropy(): Tensor {
    return log(mul(this.scale, 2 * Math.PI));
  }

  protected override _cdf(x: Tensor): Tensor {
    return mul(atan(div(maximum(x, 0), this.scale)), 2 / Math.PI);
  }

  protected override _icdf(p: Tensor): Tensor {
    return mul(this.scale, tan(mul(p, Math.PI / 2)));
  }
}
