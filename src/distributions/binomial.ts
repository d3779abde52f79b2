/**
 * The binomial distribution.
 * @module
 */
import {
  add,
  arange,
  clip,
  equal,
  exp,
  floor,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  max,
  mul,
  neg,
  noGrad,
  reshape,
  sub,
  sum,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { dbinomRaw } from './loader.js';
import { Binary, probsParam, weighted, type ProbsOrLogits } from './probs.js';
import { betainc } from './special.js';
import { drawEach } from './util.js';

/**
 * The number of successes in `totalCount` independent Bernoulli(p) trials. Give
 * `{ probs }` or `{ logits }`. The log mass is Loader's saddle-point form (as R's
 * dbinom_raw): `stirlerr(n) - stirlerr(k) - stirlerr(n-k) - bd0(k, np) - bd0(n-k, nq)
 * - ½ log(2πk(n-k)/n)`, accurate for large counts; exact at k = 0, k = n, p = 0, p = 1.
 * Not reparameterized. The entropy is summed over the support.
 * @param totalCount - n, a non-negative integer.
 * @example
 * ```ts
 * import { Binomial } from 'pathwise';
 * const d = new Binomial(10, { probs: 0.3 });
 * d.logProb(3).item(); // -1.3211512777668886
 * d.mean.item(); // 3
 * d.logProb(11).item(); // -Infinity
 * ```
 */
export class Binomial extends Distribution {
  static override readonly argConstraints = {
    totalCount: constraints.nonNegativeInteger,
    probs: constraints.unitInterval,
    logits: constraints.real,
  };

  constructor(totalCount: TensorLike, params: ProbsOrLogits) {
    super({
      family: 'Binomial',
      params: { totalCount, ...probsParam('Binomial', params) },
      options: params,
    });
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** n, the number of trials. */
  get totalCount(): Tensor {
    return this.params.totalCount;
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
    return constraints.integerInterval(0, this.totalCount);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return drawEach(rng, shape, [this.totalCount, this.probs], (r, n, p) => r.binomial(n, p));
  }

  protected _logProb(x: Tensor): Tensor {
    const n = this.totalCount;
    const b = this.b;
    const inner = noGrad(() => logicalAnd(less(0, x), less(x, n)));
    const k = where(inner, x, 1);
    const general = dbinomRaw(k, where(inner, n, 2), b.p(), b.q());
    const atZero = where(equal(n, 0), 0, weighted(n, b.logQ()));
    return where(equal(x, 0), atZero, where(equal(x, n), weighted(n, b.logP()), general));
  }

  protected override _mean(): Tensor {
    return mul(this.totalCount, this.b.p());
  }

  protected override _variance(): Tensor {
    return mul(mul(this.totalCount, this.b.p()), this.b.q());
  }

  protected override _mode(): Tensor {
    const n = this.totalCount;
    return clip(floor(mul(add(n, 1), this.b.p())), 0, n);
  }

  protected override _entropy(): Tensor {
    const nMax = noGrad(() => max(this.totalCount).item());
    const ks = reshape(arange(nMax + 1), [nMax + 1, ...this.batchShape.map(() => 1)]);
    const lp = this.logProb(ks);
    const inSupport = noGrad(() => lessEqual(ks, this.totalCount));
    // p log p is 0 where p = 0 (probs 0 or 1 put all the mass on one count)
    return neg(sum(where(inSupport, weighted(exp(lp), lp), 0), 0));
  }

  protected override _cdf(x: Tensor): Tensor {
    const n = this.totalCount;
    const k = floor(x);
    const inner = noGrad(() => logicalAnd(greaterEqual(k, 0), less(k, n)));
    const ks = where(inner, k, 0);
    const cdf = betainc(this.b.q(), sub(where(inner, n, 1), ks), add(ks, 1));
    return where(less(k, 0), 0, where(inner, cdf, 1));
  }
}
