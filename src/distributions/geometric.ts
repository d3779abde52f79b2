/**
 * The geometric distribution (failures before the first success).
 * @module
 */
import {
  add,
  div,
  expm1,
  floor,
  less,
  mul,
  neg,
  square,
  where,
  type Tensor,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { describeValue, Distribution } from './distribution.js';
import { Binary, probsParam, weighted, type ProbsOrLogits } from './probs.js';
import { drawEach } from './util.js';

/**
 * The number of failures before the first success in Bernoulli(p) trials, on
 * {0, 1, 2, ...}: `P(k) = (1-p)^k p`. Give `{ probs }` (in (0, 1]) or `{ logits }`.
 * Not reparameterized.
 * @throws {@link ArgumentError} if probs is 0 or outside [0, 1].
 * @example
 * ```ts
 * import { Geometric } from 'pathwise';
 * const d = new Geometric({ probs: 0.5 });
 * d.logProb(2).item(); // -2.0794415416798357
 * d.mean.item(); // 1
 * d.cdf(1).item(); // 0.75
 * ```
 */
export class Geometric extends Distribution {
  static override readonly argConstraints = {
    probs: constraints.unitInterval,
    logits: constraints.real,
  };

  constructor(params: ProbsOrLogits) {
    super({ family: 'Geometric', params: probsParam('Geometric', params), options: params });
    const p = this.params.probs;
    if (p !== undefined && (params.validateArgs ?? true)) {
      const bad = p.data.findIndex((v) => v === 0);
      if (bad >= 0) this.fail('probs', `must be in (0, 1], got ${describeValue(p, bad)}`);
    }
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** The probability of success. */
  get probs(): Tensor {
    return this.b.p();
  }

  /** The log-odds of success. */
  get logits(): Tensor {
    return this.b.logOdds();
  }

  get support() {
    return constraints.nonNegativeInteger;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return drawEach(rng, shape, [this.probs], (r, p) => r.geometric(p));
  }

  protected _logProb(x: Tensor): Tensor {
    return add(weighted(x, this.b.logQ()), this.b.logP());
  }

  protected override _mean(): Tensor {
    return div(this.b.q(), this.b.p());
  }

  protected override _variance(): Tensor {
    return div(this.b.q(), square(this.b.p()));
  }

  protected override _mode(): Tensor {
    return mul(this.b.p(), 0);
  }

  protected override _entropy(): Tensor {
    const b = this.b;
    const h = add(weighted(b.q(), b.logQ()), weighted(b.p(), b.logP()));
    return neg(div(h, b.p()));
  }

  protected override _cdf(x: Tensor): Tensor {
    const k = add(floor(x), 1);
    const cdf = neg(expm1(weighted(k, this.b.logQ())));
    return where(less(x, 0), 0, cdf);
  }
}
