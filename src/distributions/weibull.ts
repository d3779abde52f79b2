/**
 * The Weibull distribution.
 * @module
 */
import { isTracing } from '../autodiff/tape.js';
import {
  add,
  div,
  equal,
  exp,
  expm1,
  less,
  lgamma,
  log,
  log1p,
  maximum,
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
 * The Weibull distribution with `scale` λ and shape `concentration` k on [0, ∞):
 * density `(k/λ)(x/λ)^(k-1) e^(-(x/λ)^k)`, CDF `1 - e^(-(x/λ)^k)` (scipy's
 * `weibull_min(k, scale=λ)`). At x = 0 the density's limit: +∞, 1/λ, 0 as k <, =, > 1.
 * Reparameterized (`λ·E^(1/k)`, E a standard exponential draw). Mean `λΓ(1 + 1/k)`,
 * variance `λ²(Γ(1 + 2/k) - Γ(1 + 1/k)²)`, entropy `γ(1 - 1/k) + log(λ/k) + 1`.
 * @param scale - the scale λ (> 0).
 * @param concentration - the shape k (> 0).
 * @throws {@link ArgumentError} for a scale or concentration that is not positive.
 * @example
 * ```ts
 * import { Weibull } from 'pathwise';
 * const d = new Weibull(2, 1.5);
 * d.logProb(1).item(); // -0.9878090533250273
 * d.cdf(2).item(); // 0.6321205588285577
 * d.logProb(0).item(); // -Infinity
 * ```
 */
export class Weibull extends Distribution {
  static override readonly argConstraints = {
    scale: constraints.positive,
    concentration: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(scale: TensorLike, concentration: TensorLike, options?: DistributionOptions) {
    super({ family: 'Weibull', params: { scale, concentration }, options });
  }

  /** The scale λ. */
  get scale(): Tensor {
    return this.params.scale;
  }

  /** The shape k. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.exponential()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.exponential();
  }

  /** @internal λ·ε^(1/k) with ε a standard exponential draw. */
  override fromNoise(eps: Tensor): Tensor {
    return mul(this.scale, pow(eps, div(1, this.concentration)));
  }

  protected _logProb(x: Tensor): Tensor {
    const k = this.concentration;
    const norm = sub(log(k), log(this.scale));
    const general = (xs: Tensor): Tensor => {
      const u = div(xs, this.scale);
      return sub(add(norm, mul(sub(k, 1), log(u))), pow(u, k));
    };
    if (!isTracing() && !x.data.includes(0)) return general(x);
    // at x = 0 the density's limit: +∞, 1/λ, 0 as k <, =, > 1 (for k = 1 the
    // gradient takes (k - 1)·log x as 0, as Gamma does)
    const zero = noGrad(() => equal(x, 0));
    const limit = where(
      equal(k, 1),
      norm,
      noGrad(() => where(less(k, 1), Infinity, -Infinity)),
    );
    return where(zero, limit, general(where(zero, 1, x)));
  }

  protected override _mean(): Tensor {
    return mul(this.scale, exp(lgamma(add(1, div(1, this.concentration)))));
  }

  protected override _variance(): Tensor {
    const k = this.concentration;
    const g1 = exp(lgamma(add(1, div(1, k))));
    const g2 = exp(lgamma(add(1, div(2, k))));
    return mul(square(this.scale), sub(g2, square(g1)));
  }

  protected override _mode(): Tensor {
    const k = this.concentration;
    const m = mul(this.scale, pow(div(maximum(sub(k, 1), 0), k), div(1, k)));
    return m;
  }

  protected override _entropy(): Tensor {
    const k = this.concentration;
    return add(add(mul(sub(1, div(1, k)), EULER), log(div(this.scale, k))), 1);
  }

  protected override _cdf(x: Tensor): Tensor {
    return neg(expm1(neg(pow(div(maximum(x, 0), this.scale), this.concentration))));
  }

  protected override _icdf(p: Tensor): Tensor {
    return mul(this.scale, pow(neg(log1p(neg(p))), div(1, this.concentration)));
  }
}
