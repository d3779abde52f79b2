/**
 * The Bernoulli distribution.
 * @module
 */
import {
  add,
  equal,
  greater,
  less,
  mul,
  neg,
  noGrad,
  softplus,
  sub,
  where,
  type Tensor,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { Binary, probsParam, weighted, type ProbsOrLogits } from './probs.js';
import { drawEach } from './util.js';

/**
 * log p(k) from logits as `-softplus(∓l)`, not `k·l - softplus(l)`, which cancels for
 * k = 1 and large l (1.8e-5 relative error at l = 23): `-softplus((1 - 2k)·l)` when the
 * logits are as large as the values (one per observation), else both logs on the
 * logits' shape, picked per value.
 */
export function logitsLogProbOf(x: Tensor, l: Tensor): Tensor {
  if (l.size >= x.size)
    return neg(
      softplus(
        mul(
          noGrad(() => sub(1, mul(x, 2))),
          l,
        ),
      ),
    );
  return where(equal(x, 1), neg(softplus(neg(l))), neg(softplus(l)));
}

/**
 * A coin: 1 with probability p, else 0. Give `{ probs }` or `{ logits }` (log-odds).
 * With logits, `logProb(1) = -softplus(-l)` and `logProb(0) = -softplus(l)` (NUMERICS.md),
 * to full relative precision for any l (`k·l - softplus(l)` would cancel at k = 1); with
 * probs, `k log p + (1-k) log1p(-p)`, exact at p = 0 and 1. Not reparameterized: samples
 * are constants, so use a score-function estimator for gradients of expectations.
 * @throws {@link ArgumentError} if both or neither of probs and logits are given, or if
 *   probs is outside [0, 1].
 * @example
 * ```ts
 * import { Bernoulli } from 'pathwise';
 * const d = new Bernoulli({ logits: 0 });
 * d.logProb([0, 1, 2]).toArray(); // [-0.6931471805599453, -0.6931471805599453, -Infinity]
 * new Bernoulli({ logits: 800 }).logProb(0).item(); // -800
 * new Bernoulli({ probs: 0 }).logProb(0).item(); // 0
 * ```
 */
export class Bernoulli extends Distribution {
  static override readonly argConstraints = {
    probs: constraints.unitInterval,
    logits: constraints.real,
  };

  constructor(params: ProbsOrLogits) {
    super({ family: 'Bernoulli', params: probsParam('Bernoulli', params), options: params });
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** The probability of 1. */
  get probs(): Tensor {
    return this.b.p();
  }

  /** The log-odds of 1. */
  get logits(): Tensor {
    return this.b.logOdds();
  }

  get support() {
    return constraints.boolean;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return drawEach(rng, shape, [this.probs], (r, p) => r.bernoulli(p));
  }

  protected _logProb(x: Tensor): Tensor {
    const l = this.params.logits;
    if (l !== undefined) return logitsLogProbOf(x, l);
    return add(weighted(x, this.b.logP()), weighted(sub(1, x), this.b.logQ()));
  }

  protected override _mean(): Tensor {
    return this.probs;
  }

  protected override _variance(): Tensor {
    return mul(this.b.p(), this.b.q());
  }

  protected override _mode(): Tensor {
    return where(greater(this.probs, 0.5), 1, 0);
  }

  protected override _entropy(): Tensor {
    const b = this.b;
    return neg(add(weighted(b.p(), b.logP()), weighted(b.q(), b.logQ())));
  }

  protected override _cdf(x: Tensor): Tensor {
    return where(less(x, 0), 0, where(less(x, 1), this.b.q(), 1));
  }
}
