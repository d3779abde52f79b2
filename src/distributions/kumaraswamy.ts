/**
 * The Kumaraswamy distribution.
 * @module
 */
import { isTracing } from '../autodiff/tape.js';
import {
  add,
  clip,
  digamma,
  div,
  equal,
  exp,
  expm1,
  less,
  lgamma,
  log,
  log1p,
  logicalOr,
  mul,
  neg,
  noGrad,
  pow,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { EULER } from './util.js';
import { Distribution, type DistributionOptions } from './distribution.js';

/**
 * The Kumaraswamy distribution on [0, 1] with concentrations a and b: density
 * `a b x^(a-1) (1 - x^a)^(b-1)`, CDF `1 - (1 - x^a)^b`. At x = 0 the density's limit
 * (+∞, b, 0 as a <, =, > 1), at x = 1 likewise in b (+∞, a, 0). Reparameterized through
 * the closed-form quantile `(1 - (1-u)^(1/b))^(1/a)` of a uniform draw u. Moments
 * `E[Xⁿ] = b·B(1 + n/a, b)`; entropy `(1 - 1/b) + (1 - 1/a) H_b - log(ab)` (H_b the
 * harmonic number ψ(b + 1) + γ).
 * @param concentration1 - a (> 0).
 * @param concentration0 - b (> 0).
 * @throws {@link ArgumentError} for a concentration that is not positive.
 * @example
 * ```ts
 * import { Kumaraswamy } from 'pathwise';
 * const d = new Kumaraswamy(2, 3);
 * d.cdf(0.5).item(); // 0.578125
 * d.logProb(0).item(); // -Infinity
 * d.mean.item(); // 0.4571428571428571
 * ```
 */
export class Kumaraswamy extends Distribution {
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
    super({ family: 'Kumaraswamy', params: { concentration1, concentration0 }, options });
  }

  /** The concentration a. */
  get concentration1(): Tensor {
    return this.params.concentration1;
  }

  /** The concentration b. */
  get concentration0(): Tensor {
    return this.params.concentration0;
  }

  /** The unit interval, ends included: the density there is its limit. */
  get support() {
    return constraints.unitInterval;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.uniform()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.uniform();
  }

  /** @internal The quantile at a standard uniform draw ε. */
  override fromNoise(eps: Tensor): Tensor {
    return this._icdf(eps);
  }

  protected _logProb(x: Tensor): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const end = noGrad(() => logicalOr(equal(x, 0), equal(x, 1)));
    const xs = where(end, 0.5, x);
    const lx = log(xs);
    const l1 = log(neg(expm1(mul(a, lx)))); // log(1 - x^a)
    const lp = add(add(log(mul(a, b)), mul(sub(a, 1), lx)), mul(sub(b, 1), l1));
    if (!isTracing() && !end.data.includes(1)) return lp;
    const at0 = where(
      equal(a, 1),
      log(b),
      noGrad(() => where(less(a, 1), Infinity, -Infinity)),
    );
    const at1 = where(
      equal(b, 1),
      log(a),
      noGrad(() => where(less(b, 1), Infinity, -Infinity)),
    );
    return where(end, where(equal(x, 0), at0, at1), lp);
  }

  /** E[Xⁿ] = b·B(1 + n/a, b). */
  private moment(n: number): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const s = add(1, div(n, a));
    return mul(b, exp(sub(add(lgamma(s), lgamma(b)), lgamma(add(s, b)))));
  }

  protected override _mean(): Tensor {
    return this.moment(1);
  }

  protected override _variance(): Tensor {
    return sub(this.moment(2), square(this.moment(1)));
  }

  protected override _entropy(): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const h = add(digamma(add(b, 1)), EULER);
    return sub(add(sub(1, div(1, b)), mul(sub(1, div(1, a)), h)), log(mul(a, b)));
  }

  protected override _cdf(x: Tensor): Tensor {
    const u = pow(clip(x, 0, 1), this.concentration1);
    // 1 - (1 - u)^b = -expm1(b·log1p(-u))
    return neg(expm1(mul(this.concentration0, log1p(neg(u)))));
  }

  protected override _icdf(p: Tensor): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const v = neg(expm1(div(log1p(neg(p)), b))); // 1 - (1-p)^(1/b)
    return pow(v, div(1, a));
  }
}
