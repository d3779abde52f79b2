/**
 * The half-Student-t distribution.
 * @module
 */
import {
  abs,
  add,
  div,
  exp,
  greater,
  log,
  mul,
  sqrt,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { betainc, betaln } from './special.js';
import { logStudentT, standardT, StudentT, studentTIcdf } from './student-t.js';

/**
 * The distribution of |T| for T ~ StudentT(df, 0, scale), on [0, ∞): a heavy-tailed
 * prior for scales. Reparameterized like {@link StudentT} (implicit gamma gradients).
 * @param df - degrees of freedom (> 0).
 * @param scale - scale (> 0).
 * @example
 * ```ts
 * import { HalfStudentT } from 'pathwise';
 * const d = new HalfStudentT(3, 1);
 * d.logProb(1).item(); // -0.8831058139671261
 * d.logProb(-1).item(); // -Infinity
 * d.mean.item(); // 1.1026577908435842
 * ```
 */
export class HalfStudentT extends Distribution {
  static override readonly argConstraints = {
    df: constraints.positive,
    scale: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(df: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    super({ family: 'HalfStudentT', params: { df, scale }, options });
  }

  /** Degrees of freedom. */
  get df(): Tensor {
    return this.params.df;
  }

  /** Scale. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return mul(this.scale, abs(standardT(this.df, shape, rng)));
  }

  protected _logProb(x: Tensor): Tensor {
    const lp = logStudentT(this.df, div(x, this.scale));
    return sub(add(lp, Math.LN2), log(this.scale));
  }

  protected override _mean(): Tensor {
    const df = this.df;
    // 2σ√ν / (B(½, ν/2)(ν - 1)), using Γ((ν+1)/2)/Γ(ν/2) = √π / B(½, ν/2)
    const m = div(
      mul(mul(this.scale, 2), sqrt(df)),
      mul(exp(betaln(0.5, mul(df, 0.5))), sub(df, 1)),
    );
    return where(greater(df, 1), m, Infinity);
  }

  protected override _variance(): Tensor {
    const df = this.df;
    const second = div(mul(square(this.scale), df), sub(df, 2));
    return where(
      greater(df, 2),
      sub(second, square(this._mean())),
      where(greater(df, 1), Infinity, NaN),
    );
  }

  protected override _mode(): Tensor {
    return mul(this.scale, 0);
  }

  protected override _entropy(): Tensor {
    return sub(new StudentT(this.df, 0, this.scale, { validateArgs: false }).entropy(), Math.LN2);
  }

  protected override _cdf(x: Tensor): Tensor {
    const z2 = square(div(x, this.scale));
    const cdf = betainc(div(z2, add(this.df, z2)), 0.5, mul(this.df, 0.5));
    return where(greater(x, 0), cdf, 0);
  }

  protected override _icdf(p: Tensor): Tensor {
    return mul(this.scale, studentTIcdf(this.df, mul(add(p, 1), 0.5)));
  }
}
