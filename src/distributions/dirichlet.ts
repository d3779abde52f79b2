/**
 * The Dirichlet distribution, reparameterized through gamma draws.
 * @module
 */
import { isTracing } from '../autodiff/tape.js';
import {
  add,
  cumsum,
  digamma,
  div,
  equal,
  greater,
  max,
  min,
  mul,
  noGrad,
  slice,
  square,
  sub,
  sum,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { standardGamma } from './gamma.js';
import { betaln } from './special.js';
import { xlogy } from './util.js';

const keep = { axis: -1, keepDims: true };

const lastRange = (x: Tensor, begin: number, size: number): Tensor =>
  slice(x, [...x.shape.slice(0, -1).map(() => 0), begin], [...x.shape.slice(0, -1), size]);

/**
 * log B(α) = Σ log Γ(αᵢ) - log Γ(Σαᵢ), as the telescoping sum Σᵢ betaln(α₁+…+αᵢ, αᵢ₊₁)
 * of stdlib's betaln, which does not cancel for large concentrations.
 */
export function logMultivariateBeta(a: Tensor): Tensor {
  const k = a.shape[a.rank - 1];
  if (k === 1) return mul(sum(a, -1), 0);
  const partial = cumsum(a, { axis: -1 });
  return sum(betaln(lastRange(partial, 0, k - 1), lastRange(a, 1, k - 1)), -1);
}

/**
 * The Dirichlet distribution on the simplex {x ≥ 0, Σx = 1}: density
 * `Γ(α₀) / Πᵢ Γ(αᵢ) · Πᵢ xᵢ^(αᵢ-1)`, α₀ = Σαᵢ; the event is the last axis. On the
 * simplex's faces (some xᵢ = 0) the density's limit, as scipy: a zero coordinate adds
 * nothing where αᵢ = 1 (0·log 0 = 0, gradient included), +∞ where αᵢ < 1, and the log
 * density is -∞ as soon as one zero coordinate has αᵢ > 1 (also when another has
 * αⱼ < 1, where the density has no limit).
 * Reparameterized through implicit reparameterization gradients (Figurnov et al.
 * 2018): x = g / Σg with gᵢ ~ Gamma(αᵢ, 1), each carrying its implicit gradient.
 * @param concentration - α, shape `[..., K]` (each > 0).
 * @example
 * ```ts
 * import { Dirichlet } from 'pathwise';
 * const d = new Dirichlet([1, 2, 3]);
 * d.eventShape; // [3]
 * d.logProb([0.2, 0.3, 0.5]).item(); // 1.5040773967762737
 * d.mean.toArray(); // [0.16666666666666666, 0.3333333333333333, 0.5]
 * ```
 */
export class Dirichlet extends Distribution {
  static override readonly argConstraints = {
    concentration: constraints.independent(constraints.positive, 1),
  };
  static override readonly reparameterized = true;

  constructor(concentration: TensorLike, options?: DistributionOptions) {
    super({
      family: 'Dirichlet',
      params: { concentration },
      options,
      eventShape: (p) => p.concentration.shape.slice(-1),
    });
  }

  /** α, shape `[..., K]`. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  get support() {
    return constraints.simplex;
  }

  private total(): Tensor {
    return sum(this.concentration, keep);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const g = standardGamma(this.concentration, shape, rng);
    return div(g, sum(g, keep));
  }

  protected _logProb(x: Tensor): Tensor {
    const a = this.concentration;
    const terms = xlogy(sub(a, 1), x);
    const lp = sub(sum(terms, -1), logMultivariateBeta(a));
    if (!isTracing() && !x.data.includes(0)) return lp;
    // a zero coordinate with αᵢ > 1 zeroes the density, whatever the others' αⱼ < 1 do
    const vanishes = noGrad(() => max(equal(terms, -Infinity), -1));
    return where(vanishes, -Infinity, lp);
  }

  protected override _mean(): Tensor {
    return div(this.concentration, this.total());
  }

  protected override _variance(): Tensor {
    const a = this.concentration;
    const t = this.total();
    return div(mul(a, sub(t, a)), mul(square(t), add(t, 1)));
  }

  protected override _mode(): Tensor {
    const a = this.concentration;
    const k = a.shape[a.rank - 1];
    const m = div(sub(a, 1), sub(this.total(), k));
    return where(greater(min(a, keep), 1), m, NaN);
  }

  protected override _entropy(): Tensor {
    const a = this.concentration;
    const k = a.shape[a.rank - 1];
    const a0 = sum(a, -1);
    const logB = logMultivariateBeta(a);
    const t1 = mul(sub(a0, k), digamma(a0));
    return sub(add(logB, t1), sum(mul(sub(a, 1), digamma(a)), -1));
  }
}
