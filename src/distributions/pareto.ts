/**
 * The Pareto (type I) distribution.
 * @module
 */
import {
  add,
  div,
  exp,
  expm1,
  greater,
  greaterEqual,
  log,
  log1p,
  maximum,
  mul,
  neg,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { Constraint, constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';

/** [lo, ∞), closed: the Pareto density is α/scale at x = scale, as scipy. */
function atLeast(lo: Tensor): Constraint {
  return new Constraint({
    kind: 'greaterThan',
    description: `at least ${lo.size === 1 ? String(lo.data[0]) : lo.toString()}`,
    lower: lo,
    test: (x) => greaterEqual(x, lo),
    interior: () => add(lo, 1),
  });
}

/**
 * The Pareto distribution with `scale` s and tail index `alpha` α, on [s, ∞): density
 * `α s^α / x^(α+1)`, CDF `1 - (s/x)^α` (scipy's `pareto(α, scale=s)`; at x = s the
 * density is α/s). Reparameterized (`s·e^(E/α)`, E a standard exponential draw).
 * Mean `αs/(α-1)` (∞ for α ≤ 1), variance `s²α/((α-1)²(α-2))` (∞ for α ≤ 2), entropy
 * `log(s/α) + 1 + 1/α`.
 * @param scale - the scale s (> 0), the lower end of the support.
 * @param alpha - the tail index α (> 0).
 * @throws {@link ArgumentError} for a scale or alpha that is not positive.
 * @example
 * ```ts
 * import { Pareto } from 'pathwise';
 * const d = new Pareto(1, 2);
 * d.logProb(2).item(); // -1.3862943611198906
 * d.cdf(2).item(); // 0.75
 * d.mean.item(); // 2
 * d.logProb(0.5).item(); // -Infinity
 * ```
 */
export class Pareto extends Distribution {
  static override readonly argConstraints = {
    scale: constraints.positive,
    alpha: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(scale: TensorLike, alpha: TensorLike, options?: DistributionOptions) {
    super({ family: 'Pareto', params: { scale, alpha }, options });
  }

  /** The scale s. */
  get scale(): Tensor {
    return this.params.scale;
  }

  /** The tail index α. */
  get alpha(): Tensor {
    return this.params.alpha;
  }

  /** [scale, ∞). */
  get support() {
    return atLeast(this.scale);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.exponential()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.exponential();
  }

  /** @internal s·exp(ε/α) with ε a standard exponential draw. */
  override fromNoise(eps: Tensor): Tensor {
    return mul(this.scale, exp(div(eps, this.alpha)));
  }

  protected _logProb(x: Tensor): Tensor {
    const a = this.alpha;
    return sub(sub(log(a), log(this.scale)), mul(add(a, 1), log(div(x, this.scale))));
  }

  protected override _mean(): Tensor {
    const a = this.alpha;
    const big = greater(a, 1);
    return where(big, div(mul(a, this.scale), sub(where(big, a, 2), 1)), Infinity);
  }

  protected override _variance(): Tensor {
    const a = this.alpha;
    const big = greater(a, 2);
    const as = where(big, a, 3);
    const v = div(mul(square(this.scale), as), mul(square(sub(as, 1)), sub(as, 2)));
    return where(big, v, Infinity);
  }

  protected override _mode(): Tensor {
    return this.scale;
  }

  protected override _entropy(): Tensor {
    const a = this.alpha;
    return add(add(log(div(this.scale, a)), 1), div(1, a));
  }

  protected override _cdf(x: Tensor): Tensor {
    const u = div(maximum(x, this.scale), this.scale);
    return neg(expm1(mul(neg(this.alpha), log(u))));
  }

  protected override _icdf(p: Tensor): Tensor {
    return mul(this.scale, exp(div(neg(log1p(neg(p))), this.alpha)));
  }
}
