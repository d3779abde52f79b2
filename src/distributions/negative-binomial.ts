/**
 * The negative binomial distribution.
 * @module
 */
import {
  add,
  div,
  equal,
  log,
  mul,
  noGrad,
  square,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { dbinomRaw } from './loader.js';
import { Binary, probsParam, weighted, type ProbsOrLogits } from './probs.js';
import { drawEach } from './util.js';

/**
 * log of Γ(k+r)/(Γ(r) k!) p^k q^r for k ≥ 0 an integer, r > 0, p + q = 1 (R's dnbinom
 * form): `r log q` at k = 0, else `log(r/(r+k)) + dbinom_raw(r; r+k, q)`, Loader's
 * saddle-point form, accurate for large k and r. Differentiable in r, p and q.
 */
export function negativeBinomialLogPmf(k: Tensor, r: Tensor, p: Tensor, q: Tensor, logQ: Tensor) {
  const zero = noGrad(() => equal(k, 0));
  const ks = where(zero, 1, k);
  const n = add(r, ks);
  const general = add(log(div(r, n)), dbinomRaw(r, n, q, p));
  return where(zero, weighted(r, logQ), general);
}

/** A Poisson(λ) draw with λ ~ Gamma(r, rate), the negative binomial's mixture form. */
export function gammaPoissonDraw(rng: Rng, r: number, rate: number): number {
  if (!(rate < Infinity)) return 0;
  const lam = rng.gamma(r, rate);
  return lam === 0 ? 0 : rng.poisson(lam);
}

/**
 * The number of successes before the `totalCount`-th failure in Bernoulli(p) trials
 * (PyTorch's convention): `P(k) = Γ(k+r)/(Γ(r) k!) p^k (1-p)^r`; scipy's
 * `nbinom(r, 1 - p)`. Give `{ probs }` or `{ logits }`; r need not be an integer. The
 * log mass is R's dnbinom form through Loader's saddle point,
 * `log(r/(r+k)) + dbinom_raw(r; r+k, 1-p)`, accurate for large counts. Mean `rp/(1-p)`,
 * variance `rp/(1-p)²`. Sampled as a Gamma–Poisson mixture; not reparameterized.
 * @param totalCount - r > 0, the number of failures.
 * @param params - `{ probs }` in [0, 1) or `{ logits }`.
 * @throws DistributionError if r ≤ 0 or probs is outside [0, 1].
 * @example
 * ```ts
 * import { NegativeBinomial } from 'pathwise';
 * const d = new NegativeBinomial(3, { probs: 0.4 });
 * d.logProb(2).item(); // -1.573298865818227
 * d.mean.item(); // 2
 * d.logProb(-1).item(); // -Infinity
 * ```
 */
export class NegativeBinomial extends Distribution {
  static override readonly argConstraints = {
    totalCount: constraints.positive,
    probs: constraints.unitInterval,
    logits: constraints.real,
  };

  constructor(totalCount: TensorLike, params: ProbsOrLogits) {
    super({
      family: 'NegativeBinomial',
      params: { totalCount, ...probsParam('NegativeBinomial', params) },
      options: params,
    });
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** r, the number of failures (a positive real). */
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
    return constraints.nonNegativeInteger;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const b = this.b;
    return drawEach(rng, shape, [this.totalCount, b.p(), b.q()], (g, r, p, q) =>
      p === 0 ? 0 : gammaPoissonDraw(g, r, q / p),
    );
  }

  protected _logProb(x: Tensor): Tensor {
    const b = this.b;
    return negativeBinomialLogPmf(x, this.totalCount, b.p(), b.q(), b.logQ());
  }

  protected override _mean(): Tensor {
    return div(mul(this.totalCount, this.b.p()), this.b.q());
  }

  protected override _variance(): Tensor {
    return div(mul(this.totalCount, this.b.p()), square(this.b.q()));
  }
}
