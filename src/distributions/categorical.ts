/**
 * The categorical distribution.
 * @module
 */
import {
  arange,
  broadcastTo,
  equal,
  expandDims,
  mul,
  neg,
  noGrad,
  sum,
  Tensor,
  where,
  type Shape,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { Multi, probsParam, weighted, type ProbsOrLogits } from './probs.js';

/** For each row of `p` (last axis), the first index of its maximum. */
function argmaxLast(p: Tensor): Tensor {
  const k = p.shape[p.rank - 1];
  const out = new Float64Array(p.size / k);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p.data[r * k + j] > p.data[r * k + best]) best = j;
    out[r] = best;
  }
  return new Tensor(out, p.shape.slice(0, -1));
}

/**
 * One of K categories {0, ..., K-1}, with probabilities along the last axis. Give
 * `{ probs }` (each row on the simplex; normalized again for safety) or `{ logits }`
 * (unnormalized log-probabilities: `logProb(k) = logits[k] - logSumExp(logits)`). The
 * event is a scalar index; batch axes are the parameter's leading axes. Not
 * reparameterized; mean and variance are NaN (categories are labels).
 * @throws {@link ArgumentError} if a row of probs is not on the simplex.
 * @example
 * ```ts
 * import { Categorical } from 'pathwise';
 * const d = new Categorical({ probs: [0.2, 0.3, 0.5] });
 * d.logProb([0, 2]).toArray(); // [-1.6094379124341003, -0.6931471805599453]
 * d.logProb(3).item(); // -Infinity
 * new Categorical({ logits: [0, 0, 1000] }).logProb(2).item(); // 0
 * d.mode.item(); // 2
 * ```
 */
export class Categorical extends Distribution {
  static override readonly argConstraints = {
    probs: constraints.simplex,
    logits: constraints.realVector,
  };

  constructor(params: ProbsOrLogits) {
    super({ family: 'Categorical', params: probsParam('Categorical', params), options: params });
  }

  private get m(): Multi {
    return new Multi(this.params.probs, this.params.logits);
  }

  /** The number of categories K. */
  get numCategories(): number {
    const t = this.params.probs ?? this.params.logits;
    return t.shape[t.rank - 1];
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
    return constraints.integerInterval(0, this.numCategories - 1);
  }

  protected _sample(shape: Shape, rng: Rng): Tensor {
    const k = this.numCategories;
    const p = noGrad(() => broadcastTo(this.m.p(), [...this.batchShape, k]));
    const rows = p.size / k;
    const u = rng.tensor(shape, (r) => r.uniform());
    const out = new Float64Array(u.size);
    for (let i = 0; i < u.size; i++) {
      const row = (i % rows) * k;
      let c = 0;
      let cum = p.data[row];
      while (u.data[i] > cum && c < k - 1) cum += p.data[row + ++c];
      out[i] = c;
    }
    return new Tensor(out, u.shape);
  }

  protected _logProb(x: Tensor): Tensor {
    const onehot = noGrad(() => equal(expandDims(x, -1), arange(this.numCategories)));
    return sum(where(onehot, this.m.logP(), 0), -1);
  }

  protected override _mean(): Tensor {
    return mul(sum(this.probs, -1), NaN);
  }

  protected override _variance(): Tensor {
    return mul(sum(this.probs, -1), NaN);
  }

  protected override _mode(): Tensor {
    return argmaxLast(noGrad(() => this.m.p()));
  }

  protected override _entropy(): Tensor {
    const m = this.m;
    return neg(sum(weighted(m.p(), m.logP()), -1));
  }
}
