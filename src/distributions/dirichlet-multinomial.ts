/**
 * The Dirichlet-multinomial distribution.
 * @module
 */
import {
  add,
  broadcastTo,
  div,
  expandDims,
  mul,
  noGrad,
  sub,
  sum,
  Tensor,
  type Shape,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { logRising } from './beta-binomial.js';
import { constraints } from './constraints.js';
import { dirichletMultinomialEntropy } from './dirichlet-multinomial-entropy.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { countVectors, logMultinomialCoefficient } from './multinomial.js';

/** One Multinomial(n, p) count vector into out[at..at+k), p ~ Dirichlet(a). */
function drawRow(rng: Rng, a: ArrayLike<number>, n: number, out: Float64Array, at: number): void {
  const k = a.length;
  const g = Array.from(a, (ai) => rng.gamma(ai));
  let mass = g.reduce((s, v) => s + v, 0);
  let left = n;
  for (let j = 0; j < k && left > 0; j++) {
    const c = j === k - 1 || g[j] >= mass ? left : rng.binomial(left, Math.min(1, g[j] / mass));
    out[at + j] = c;
    left -= c;
    mass -= g[j];
  }
}

/**
 * Multinomial(n, p) with p ~ Dirichlet(α) (the event is the last axis):
 * `P(x) = n!/Πxᵢ! · B(α + x)/B(α)` on vectors of non-negative integers summing to n. The
 * coefficient is a telescoping sum of betaln's and B(α + x)/B(α) is a sum of log rising
 * factorials in Stirling form, accurate for large counts and concentrations. With
 * α₀ = Σαᵢ and pᵢ = αᵢ/α₀: mean `npᵢ`, variance `npᵢ(1-pᵢ)(n+α₀)/(1+α₀)`. Not
 * reparameterized. The entropy has no closed form (torch and TFP have none): `entropy()`
 * sums -p log p over every count vector (as BetaBinomial's, which is the K = 2 case),
 * differentiable in α, while the C(n+K-1, K-1) count vectors times K stay within 1e6
 * (K = 3: n ≤ 814; K = 10: n ≤ 10); beyond that it throws an ArgumentError.
 * @param concentration - α > 0, shape `[..., K]`.
 * @param totalCount - n, a non-negative integer (broadcast against the batch).
 * @throws DistributionError if α ≤ 0 or n is not a non-negative integer; `entropy()` throws
 * an {@link ArgumentError} beyond the enumeration limit.
 * @example
 * ```ts
 * import { DirichletMultinomial } from 'pathwise';
 * const d = new DirichletMultinomial([1, 2, 3], 4);
 * d.logProb([1, 1, 2]).item(); // -2.351375257163478
 * d.mean.toArray(); // [0.6666666666666666, 1.3333333333333333, 2]
 * d.entropy().item(); // 2.4706297594821303 (by enumeration: 15 count vectors)
 * ```
 */
export class DirichletMultinomial extends Distribution {
  static override readonly argConstraints = {
    concentration: constraints.independent(constraints.positive, 1),
    totalCount: constraints.nonNegativeInteger,
  };

  constructor(concentration: TensorLike, totalCount: TensorLike, options?: DistributionOptions) {
    super({
      family: 'DirichletMultinomial',
      params: { concentration, totalCount },
      options,
      eventShape: (p) => p.concentration.shape.slice(-1),
    });
  }

  /** α, shape `[..., K]`. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  /** n, the number of draws. */
  get totalCount(): Tensor {
    return this.params.totalCount;
  }

  get support() {
    return countVectors(this.totalCount);
  }

  protected _sample(shape: Shape, rng: Rng): Tensor {
    const k = this.eventShape[0];
    const a = noGrad(() => broadcastTo(this.concentration, [...this.batchShape, k]));
    const n = noGrad(() => broadcastTo(this.totalCount, this.batchShape));
    const rows = a.size / k;
    const out = new Float64Array(shape.reduce((s, v) => s * v, 1)); // shape includes the event
    for (let i = 0; i < out.length / k; i++) {
      const r = i % rows;
      drawRow(rng, a.data.subarray(r * k, r * k + k), n.data[r], out, i * k);
    }
    return new Tensor(out, [...shape]);
  }

  protected _logProb(x: Tensor): Tensor {
    const a = this.concentration;
    const a0 = sum(a, -1);
    const ratio = sub(sum(logRising(a, x), -1), logRising(a0, this.totalCount));
    return add(logMultinomialCoefficient(x), ratio);
  }

  protected override _mean(): Tensor {
    const a = this.concentration;
    const p = div(a, sum(a, { axis: -1, keepDims: true }));
    return mul(expandDims(this.totalCount, -1), p);
  }

  protected override _entropy(): Tensor {
    const a = broadcastTo(this.concentration, [...this.batchShape, this.eventShape[0]]);
    return dirichletMultinomialEntropy(a, broadcastTo(this.totalCount, this.batchShape));
  }

  protected override _variance(): Tensor {
    const a = this.concentration;
    const a0 = sum(a, { axis: -1, keepDims: true });
    const p = div(a, a0);
    const n = expandDims(this.totalCount, -1);
    const spread = div(add(n, a0), add(a0, 1));
    return mul(mul(mul(n, p), sub(1, p)), spread);
  }
}
