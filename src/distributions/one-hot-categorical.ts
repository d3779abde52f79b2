/**
 * The one-hot categorical distribution.
 * @module
 */
import { broadcastTo, mul, neg, noGrad, sub, sum, Tensor, type Shape } from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { countVectors } from './multinomial.js';
import { Multi, probsParam, weighted, type ProbsOrLogits } from './probs.js';

/**
 * A {@link Categorical} draw written as a one-hot vector of length K (the event is the
 * last axis): `P(eᵢ) = pᵢ`, `log P(x) = Σᵢ xᵢ log pᵢ` on one-hot vectors (-∞ elsewhere).
 * Give `{ probs }` (normalized along the last axis) or `{ logits }`. Mean p, variance
 * `p(1-p)`, entropy `-Σ pᵢ log pᵢ`. Not reparameterized (see the relaxed families).
 * @throws DistributionError if probs is not on the simplex or logits are not finite.
 * @example
 * ```ts
 * import { OneHotCategorical } from 'pathwise';
 * const d = new OneHotCategorical({ probs: [0.2, 0.3, 0.5] });
 * d.logProb([0, 0, 1]).item(); // -0.6931471805599453
 * d.logProb([0, 1, 1]).item(); // -Infinity
 * d.mean.toArray(); // [0.2, 0.3, 0.5]
 * ```
 */
export class OneHotCategorical extends Distribution {
  static override readonly argConstraints = {
    probs: constraints.simplex,
    logits: constraints.realVector,
  };

  constructor(params: ProbsOrLogits) {
    super({
      family: 'OneHotCategorical',
      params: probsParam('OneHotCategorical', params),
      options: params,
      eventShape: (p) => (p.probs ?? p.logits).shape.slice(-1),
    });
  }

  private get m(): Multi {
    return new Multi(this.params.probs, this.params.logits);
  }

  /** Normalized probabilities, shape `[...batchShape, K]`. */
  get probs(): Tensor {
    return this.m.p();
  }

  /** Normalized log-probabilities, shape `[...batchShape, K]`. */
  get logits(): Tensor {
    return this.m.logP();
  }

  get support() {
    return countVectors(new Tensor(new Float64Array([1]), []), 'a one-hot vector');
  }

  protected _sample(shape: Shape, rng: Rng): Tensor {
    const k = this.eventShape[0];
    const p = noGrad(() => broadcastTo(this.m.p(), [...this.batchShape, k]));
    const rows = p.size / k;
    const out = new Float64Array(shape.reduce((a, b) => a * b, 1)); // shape includes the event
    for (let i = 0; i < out.length / k; i++) {
      const row = (i % rows) * k;
      const u = rng.uniform();
      let c = 0;
      let cum = p.data[row];
      while (u > cum && c < k - 1) cum += p.data[row + ++c];
      out[i * k + c] = 1;
    }
    return new Tensor(out, [...shape]);
  }

  protected _logProb(x: Tensor): Tensor {
    return sum(weighted(x, this.m.logP()), -1);
  }

  protected override _mean(): Tensor {
    return this.m.p();
  }

  protected override _variance(): Tensor {
    const p = this.m.p();
    return mul(p, sub(1, p));
  }

  protected override _entropy(): Tensor {
    const m = this.m;
    return neg(sum(weighted(m.p(), m.logP()), -1));
  }
}
