/**
 * The multinomial distribution.
 * @module
 */
import {
  add,
  arange,
  broadcastTo,
  cumsum,
  exp,
  expandDims,
  lgamma,
  log1p,
  max,
  mul,
  neg,
  noGrad,
  reshape,
  slice,
  sub,
  sum,
  Tensor,
  type Shape,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { Binomial } from './binomial.js';
import { type Constraint, constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { Multi, probsParam, weighted, type ProbsOrLogits } from './probs.js';
import { betaln } from './special.js';

const lastRange = (x: Tensor, begin: number, size: number): Tensor =>
  slice(x, [...x.shape.slice(0, -1).map(() => 0), begin], [...x.shape.slice(0, -1), size]);

/**
 * log(n! / Πᵢ xᵢ!) for count vectors x (last axis), as the telescoping sum over
 * i ≥ 2 of log C(sᵢ, xᵢ) = -log(sᵢ+1) - betaln(sᵢ₋₁+1, xᵢ+1), sᵢ = x₁+…+xᵢ, with stdlib's
 * betaln (no cancellation between lgamma's of large counts).
 */
export function logMultinomialCoefficient(x: Tensor): Tensor {
  const k = x.shape[x.rank - 1];
  if (k === 1) return mul(sum(x, -1), 0);
  const s = cumsum(x, { axis: -1 });
  const prev = lastRange(s, 0, k - 1);
  const terms = add(
    log1p(lastRange(s, 1, k - 1)),
    betaln(add(prev, 1), add(lastRange(x, 1, k - 1), 1)),
  );
  return neg(sum(terms, -1));
}

/**
 * Vectors of non-negative integers (last axis) summing to n: `constraints.multinomial(n)`.
 */
export function countVectors(n: Tensor, description?: string): Constraint {
  return constraints.multinomial(n, description);
}

/**
 * Σᵢ E[lgamma(xᵢ + 1)] over the Binomial(n, pᵢ) marginals (tape ops): the sum over
 * k = 0..max n of Binomial(n, pᵢ).prob(k)·lgamma(k+1), k > n masked out.
 */
function expectedLogFactorials(n: Tensor, p: Tensor): Tensor {
  const nMax = noGrad(() => max(n).item());
  const ks = reshape(arange(nMax + 1), [nMax + 1, ...p.shape.map(() => 1)]);
  const lp = new Binomial(expandDims(n, -1), { probs: p, validateArgs: false }).logProb(ks);
  return sum(sum(mul(exp(lp), lgamma(add(ks, 1))), 0), -1);
}

/**
 * The counts in K categories of `totalCount` independent Categorical(p) draws:
 * `P(x) = n!/Πxᵢ! Πpᵢ^xᵢ` on vectors of non-negative integers summing to n (the event
 * is the last axis). Give `{ probs }` (normalized along the last axis) or `{ logits }`.
 * The coefficient is a telescoping sum of betaln's, accurate for large counts. Mean `npᵢ`,
 * variance `npᵢ(1-pᵢ)`. The entropy is torch's and scipy's formula
 * `n·H(Categorical(p)) - lgamma(n+1) + Σᵢ E[lgamma(xᵢ+1)]`, the expectations over the
 * Binomial(n, pᵢ) marginals (n + 1 terms each), differentiable in probs / logits; the mode
 * is not unique in general and is not offered. The support is `constraints.multinomial(n)`.
 * Not reparameterized.
 * @param totalCount - n, a non-negative integer (broadcast against the batch).
 * @throws DistributionError if n is not a non-negative integer or probs is not a simplex.
 * @example
 * ```ts
 * import { Multinomial } from 'pathwise';
 * const d = new Multinomial(4, { probs: [0.2, 0.3, 0.5] });
 * d.logProb([1, 1, 2]).item(); // -1.7147984280919264
 * d.mean.toArray(); // [0.8, 1.2, 2]
 * d.logProb([1, 1, 1]).item(); // -Infinity
 * d.entropy().item(); // 2.349083981674512
 * ```
 */
export class Multinomial extends Distribution {
  static override readonly argConstraints = {
    totalCount: constraints.nonNegativeInteger,
    probs: constraints.simplex,
    logits: constraints.realVector,
  };

  constructor(totalCount: TensorLike, params: ProbsOrLogits) {
    super({
      family: 'Multinomial',
      params: { totalCount, ...probsParam('Multinomial', params) },
      options: params,
      eventShape: (p) => (p.probs ?? p.logits).shape.slice(-1),
    });
  }

  private get m(): Multi {
    return new Multi(this.params.probs, this.params.logits);
  }

  /** n, the number of draws. */
  get totalCount(): Tensor {
    return this.params.totalCount;
  }

  /** Normalized probabilities, shape `[...batchShape, K]`. */
  get probs(): Tensor {
    return this.m.p();
  }

  get support() {
    return countVectors(this.totalCount);
  }

  protected _sample(shape: Shape, rng: Rng): Tensor {
    const k = this.eventShape[0];
    const p = noGrad(() => broadcastTo(this.m.p(), [...this.batchShape, k]));
    const n = noGrad(() => broadcastTo(this.totalCount, this.batchShape));
    const rows = p.size / k;
    const draws = shape.reduce((a, b) => a * b, 1) / (rows * k); // shape includes batch, event
    const out = new Float64Array(draws * rows * k);
    for (let i = 0; i < draws * rows; i++) {
      const row = (i % rows) * k;
      let left = n.data[i % rows];
      let mass = 1;
      for (let j = 0; j < k && left > 0; j++) {
        const pj = p.data[row + j];
        const c = j === k - 1 || pj >= mass ? left : rng.binomial(left, Math.min(1, pj / mass));
        out[i * k + j] = c;
        left -= c;
        mass -= pj;
      }
    }
    return new Tensor(out, [...shape]);
  }

  protected _logProb(x: Tensor): Tensor {
    return add(logMultinomialCoefficient(x), sum(weighted(x, this.m.logP()), -1));
  }

  protected override _mean(): Tensor {
    return mul(expandDims(this.totalCount, -1), this.m.p());
  }

  protected override _variance(): Tensor {
    const p = this.m.p();
    return mul(mul(expandDims(this.totalCount, -1), p), sub(1, p));
  }

  protected override _entropy(): Tensor {
    const n = this.totalCount;
    const m = this.m;
    const cat = neg(sum(weighted(m.p(), m.logP()), -1));
    const lead = sub(mul(n, cat), lgamma(add(n, 1)));
    return add(lead, expectedLogFactorials(n, m.p()));
  }
}
