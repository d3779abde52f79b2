/**
 * The zero-inflated negative binomial distribution.
 * @module
 */
import {
  add,
  div,
  equal,
  mul,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import {
  gammaPoissonDraw,
  negativeBinomialCdf,
  negativeBinomialEntropy,
  negativeBinomialLogPmf,
} from './negative-binomial.js';
import { Binary, probsParam, weighted, type ProbsOrLogits } from './probs.js';
import { drawEach } from './util.js';
import {
  zeroInflatedCdf,
  zeroInflatedEntropy,
  zeroInflatedLogProb,
} from './zero-inflated-poisson.js';

/**
 * A {@link NegativeBinomial}(r, p) count replaced by 0 with probability `gate`:
 * `P(0) = g + (1-g)(1-p)^r`, `P(k) = (1-g) NB(k; r, p)` for k ≥ 1. With μ = rp/(1-p) and
 * σ² = rp/(1-p)², mean `(1-g)μ` and variance `(1-g)(σ² + gμ²)`. The cdf is
 * `g + (1-g)·I_(1-p)(r, ⌊x⌋+1)` (0 below 0) and the entropy is NegativeBinomial's (summed
 * over the mass) with the zero's term replaced, differentiable in r, p and g. Not
 * reparameterized.
 * @param totalCount - r > 0.
 * @param params - `{ probs }` or `{ logits }` of the negative binomial part, and `gate`,
 *   the probability g in [0, 1] of a structural zero.
 * @throws DistributionError if r ≤ 0, or probs or gate is outside [0, 1].
 * @example
 * ```ts
 * import { ZeroInflatedNegativeBinomial } from 'pathwise';
 * const d = new ZeroInflatedNegativeBinomial(3, { probs: 0.4, gate: 0.2 });
 * d.logProb(0).item(); // -0.9867131961707009
 * d.mean.item(); // 1.6000000000000005
 * d.cdf(0).item(); // 0.3728
 * ```
 */
export class ZeroInflatedNegativeBinomial extends Distribution {
  static override readonly argConstraints = {
    totalCount: constraints.positive,
    probs: constraints.unitInterval,
    logits: constraints.real,
    gate: constraints.unitInterval,
  };

  constructor(totalCount: TensorLike, params: ProbsOrLogits & { gate: TensorLike }) {
    const { gate, ...rest } = params;
    super({
      family: 'ZeroInflatedNegativeBinomial',
      params: { totalCount, ...probsParam('ZeroInflatedNegativeBinomial', rest), gate },
      options: rest,
    });
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** r, the negative binomial part's number of failures. */
  get totalCount(): Tensor {
    return this.params.totalCount;
  }

  /** The negative binomial part's probability of success. */
  get probs(): Tensor {
    return this.b.p();
  }

  /** g, the probability of a structural zero. */
  get gate(): Tensor {
    return this.params.gate;
  }

  get support() {
    return constraints.nonNegativeInteger;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const b = this.b;
    const ps = [this.totalCount, b.p(), b.q(), this.gate];
    return drawEach(rng, shape, ps, (r, n, p, q, g) =>
      r.uniform() < g || p === 0 ? 0 : gammaPoissonDraw(r, n, q / p),
    );
  }

  protected _logProb(x: Tensor): Tensor {
    const b = this.b;
    const r = this.totalCount;
    const base = negativeBinomialLogPmf(where(equal(x, 0), 1, x), r, b.p(), b.q(), b.logQ());
    return zeroInflatedLogProb(x, this.gate, base, weighted(r, b.logQ()));
  }

  private nbMean(): Tensor {
    return div(mul(this.totalCount, this.b.p()), this.b.q());
  }

  protected override _mean(): Tensor {
    return mul(sub(1, this.gate), this.nbMean());
  }

  protected override _variance(): Tensor {
    const v = div(this.nbMean(), this.b.q());
    return mul(sub(1, this.gate), add(v, mul(this.gate, square(this.nbMean()))));
  }

  protected override _entropy(): Tensor {
    const b = this.b;
    const h = negativeBinomialEntropy(this.totalCount, b.p(), b.q());
    return zeroInflatedEntropy(this.gate, h, weighted(this.totalCount, b.logQ()));
  }

  protected override _cdf(x: Tensor): Tensor {
    const b = this.b;
    return zeroInflatedCdf(x, this.gate, negativeBinomialCdf(x, this.totalCount, b.p(), b.q()));
  }
}
