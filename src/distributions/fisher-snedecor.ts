/**
 * The F (Fisher–Snedecor) distribution.
 * @module
 */
import { isTracing } from '../autodiff/tape.js';
import {
  add,
  digamma,
  div,
  equal,
  greater,
  less,
  log,
  log1p,
  mul,
  noGrad,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { standardGamma } from './gamma.js';
import { betainc, betaln } from './special.js';

/**
 * The F distribution with d1 = `df1` and d2 = `df2` degrees of freedom on [0, ∞): the law of
 * `(U₁/d1)/(U₂/d2)` for independent χ² variables. Log density `(d1/2) log(d1/d2) +
 * (d1/2 - 1) log x - ((d1+d2)/2) log1p(d1 x/d2) - log B(d1/2, d2/2)`; at x = 0 its limit
 * (+∞, 0, -∞ as d1 <, =, > 2). CDF `I_z(d1/2, d2/2)` with z = d1 x/(d1 x + d2) (stdlib's
 * regularized incomplete beta; differentiable in x only). Mean `d2/(d2 - 2)` (NaN for
 * d2 ≤ 2), variance `2 d2² (d1 + d2 - 2)/(d1 (d2 - 2)² (d2 - 4))` (NaN for d2 ≤ 4), as
 * torch; entropy `log B(d1/2, d2/2) + (1 - d1/2) ψ(d1/2) - (1 + d2/2) ψ(d2/2) +
 * ((d1+d2)/2) ψ((d1+d2)/2) + log(d2/d1)`. Reparameterized: a draw is `(g₁ d2)/(g₂ d1)` with
 * g₁ ~ Gamma(d1/2, 1), g₂ ~ Gamma(d2/2, 1) and their implicit reparameterization gradients.
 * @param df1 - d1, the numerator degrees of freedom (> 0).
 * @param df2 - d2, the denominator degrees of freedom (> 0).
 * @throws {@link ArgumentError} for a df that is not positive.
 * @example
 * ```ts
 * import { FisherSnedecor } from 'pathwise';
 * const d = new FisherSnedecor(2, 6);
 * d.logProb(0).item(); // 0
 * d.mean.item(); // 1.5
 * new FisherSnedecor(3, 2).mean.item(); // NaN: no mean for df2 ≤ 2
 * ```
 */
export class FisherSnedecor extends Distribution {
  static override readonly argConstraints = {
    df1: constraints.positive,
    df2: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(df1: TensorLike, df2: TensorLike, options?: DistributionOptions) {
    super({ family: 'FisherSnedecor', params: { df1, df2 }, options });
  }

  /** The numerator degrees of freedom d1. */
  get df1(): Tensor {
    return this.params.df1;
  }

  /** The denominator degrees of freedom d2. */
  get df2(): Tensor {
    return this.params.df2;
  }

  /** The non-negative reals: the density at 0 is its limit. */
  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const g1 = standardGamma(mul(this.df1, 0.5), shape, rng);
    const g2 = standardGamma(mul(this.df2, 0.5), shape, rng);
    return div(mul(g1, this.df2), mul(g2, this.df1));
  }

  protected _logProb(x: Tensor): Tensor {
    const d1 = this.df1;
    const d2 = this.df2;
    const zero = noGrad(() => equal(x, 0));
    const xs = where(zero, 1, x);
    const h1 = mul(d1, 0.5);
    const r = div(d1, d2);
    const lp = sub(
      add(mul(h1, log(r)), mul(sub(h1, 1), log(xs))),
      add(mul(mul(add(d1, d2), 0.5), log1p(mul(r, xs))), betaln(h1, mul(d2, 0.5))),
    );
    if (!isTracing() && !zero.data.includes(1)) return lp;
    // at 0: finite only for d1 = 2, where log p(0) = log(2/d2) + log(d2/2) = 0 for every d2
    const at0 = noGrad(() => where(equal(d1, 2), 0, where(less(d1, 2), Infinity, -Infinity)));
    return where(zero, at0, lp);
  }

  protected override _mean(): Tensor {
    const d2 = this.df2;
    const ok = noGrad(() => greater(d2, 2));
    const s = where(ok, d2, 3);
    return where(ok, div(s, sub(s, 2)), NaN);
  }

  protected override _variance(): Tensor {
    const d1 = this.df1;
    const d2 = this.df2;
    const ok = noGrad(() => greater(d2, 4));
    const s = where(ok, d2, 5);
    const num = mul(mul(2, square(s)), sub(add(d1, s), 2));
    const den = mul(mul(d1, square(sub(s, 2))), sub(s, 4));
    return where(ok, div(num, den), NaN);
  }

  protected override _entropy(): Tensor {
    const h1 = mul(this.df1, 0.5);
    const h2 = mul(this.df2, 0.5);
    const hs = add(h1, h2);
    const t = add(
      mul(sub(1, h1), digamma(h1)),
      sub(mul(hs, digamma(hs)), mul(add(1, h2), digamma(h2))),
    );
    return add(add(betaln(h1, h2), t), log(div(this.df2, this.df1)));
  }

  protected override _cdf(x: Tensor): Tensor {
    const d1x = mul(
      this.df1,
      where(
        noGrad(() => less(x, 0)),
        0,
        x,
      ),
    );
    return betainc(div(d1x, add(d1x, this.df2)), mul(this.df1, 0.5), mul(this.df2, 0.5));
  }
}
