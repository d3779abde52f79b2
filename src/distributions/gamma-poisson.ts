/**
 * The Gamma–Poisson (negative binomial in mean/concentration form) distribution.
 * @module
 */
import { add, div, log1p, neg, square, type Tensor, type TensorLike } from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import {
  gammaPoissonDraw,
  negativeBinomialCdf,
  negativeBinomialEntropy,
  negativeBinomialLogPmf,
  negativeBinomialMode,
} from './negative-binomial.js';
import { drawEach } from './util.js';

/**
 * Poisson(λ) with λ ~ Gamma(φ, rate φ/μ): the negative binomial in mean/concentration
 * form (NumPyro's NegativeBinomial2), `P(k) = Γ(k+φ)/(Γ(φ) k!) (μ/(μ+φ))^k (φ/(μ+φ))^φ`,
 * i.e. `NegativeBinomial(φ, { probs: μ/(μ+φ) })` and scipy's `nbinom(φ, φ/(μ+φ))`. The
 * log mass is computed from μ and φ directly through Loader's saddle point (no
 * probability is rounded first). Mean μ, variance `μ + μ²/φ`, mode `⌊μ(φ-1)/φ⌋` (0 for
 * φ ≤ 1). The cdf, entropy and their gradients are NegativeBinomial's with p = μ/(μ+φ)
 * and q = φ/(μ+φ) (each computed directly). Not reparameterized.
 * @param mean - μ ≥ 0.
 * @param concentration - φ > 0 (the overdispersion is 1/φ).
 * @throws DistributionError if μ < 0 or φ ≤ 0.
 * @example
 * ```ts
 * import { GammaPoisson } from 'pathwise';
 * const d = new GammaPoisson(2, 3);
 * d.logProb(2).item(); // -1.573298865818227
 * d.variance.item(); // 3.333333333333333
 * d.cdf(2).item(); // 0.68256
 * d.mode.item(); // 1
 * ```
 */
export class GammaPoisson extends Distribution {
  static override readonly argConstraints = {
    mean: constraints.nonNegative,
    concentration: constraints.positive,
  };

  constructor(mean: TensorLike, concentration: TensorLike, options?: DistributionOptions) {
    super({ family: 'GammaPoisson', params: { mean, concentration }, options });
  }

  /** φ, the Gamma mixing distribution's concentration. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  get support() {
    return constraints.nonNegativeInteger;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return drawEach(rng, shape, [this.params.mean, this.concentration], (g, m, c) =>
      m === 0 ? 0 : gammaPoissonDraw(g, c, c / m),
    );
  }

  protected _logProb(x: Tensor): Tensor {
    const m = this.params.mean;
    const c = this.concentration;
    const total = add(m, c);
    const logQ = neg(log1p(div(m, c)));
    return negativeBinomialLogPmf(x, c, div(m, total), div(c, total), logQ);
  }

  protected override _mean(): Tensor {
    return this.params.mean;
  }

  protected override _variance(): Tensor {
    const m = this.params.mean;
    return add(m, div(square(m), this.concentration));
  }

  /** The NegativeBinomial form: r = φ, p = μ/(μ+φ) and q = φ/(μ+φ). */
  private nb(): [Tensor, Tensor, Tensor] {
    const c = this.concentration;
    const total = add(this.params.mean, c);
    return [c, div(this.params.mean, total), div(c, total)];
  }

  protected override _mode(): Tensor {
    return negativeBinomialMode(...this.nb());
  }

  protected override _entropy(): Tensor {
    return negativeBinomialEntropy(...this.nb());
  }

  protected override _cdf(x: Tensor): Tensor {
    return negativeBinomialCdf(x, ...this.nb());
  }
}
