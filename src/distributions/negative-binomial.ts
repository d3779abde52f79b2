/**
 * The negative binomial distribution.
 * @module
 */
import betaincFn from '@stdlib/math-base-special-betainc';
import {
  add,
  div,
  equal,
  floor,
  greater,
  log,
  mul,
  noGrad,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { logOneMinus, nbLogPmfValue, numericOp, psi, tailSums } from './count-series.js';
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

/** The mode ⌊(r-1)p/q⌋ of NB(r, p) (0 for r ≤ 1), as a number. */
function nbModeValue(r: number, p: number, q: number): number {
  return r > 1 ? Math.floor(((r - 1) * p) / q) : 0;
}

/**
 * [H, ∂H/∂r, ∂H/∂p, 0] of NB(r, p) with q = 1 - p given too (∂H/∂p is the total derivative
 * along q = 1 - p): H = -Σ p(k) log p(k) and ∂H/∂θ = -Σ p(k) ∂θ log p(k) · log p(k)
 * (Σ ∂θ p = 0), summed from the mode outwards by {@link tailSums} (upwards the ratios
 * p(k+1)/p(k) = (k+r)p/(k+1) stay below max(current, p); downwards they decrease).
 */
function nbEntropyValue(r: number, p: number, q: number): number[] {
  if (p === 0) return [0, 0, 0, 0];
  if (q === 0) return [Infinity, 0, 0, 0];
  const lp = (k: number): number => nbLogPmfValue(k, r, p, q);
  const c = logOneMinus(p, q) - psi(r);
  const fs = [
    (_k: number, l: number) => -l,
    (k: number, l: number) => -(psi(k + r) + c) * l,
    (k: number, l: number) => -(k / p - r / q) * l,
  ];
  const op = 'NegativeBinomial.entropy';
  const mode = nbModeValue(r, p, q);
  const up = tailSums(op, mode, 1, lp, p, fs);
  const down = mode > 0 ? tailSums(op, mode - 1, -1, lp, 0, fs) : [0, 0, 0];
  return [up[0] + down[0], up[1] + down[1], up[2] + down[2], 0];
}

/**
 * [F, 0, ∂F/∂r, ∂F/∂p, 0] at x of NB(r, p), q = 1 - p: F(k) = I_q(r, k+1) (scipy's
 * nbinom.cdf), k = ⌊x⌋, by stdlib's betainc of the smaller of p and q (as 1 - I_p(k+1, r)
 * when p < q); ∂F/∂q is the Beta(r, k+1) density at q, which is
 * NB(k)·(r+k)/q; ∂F/∂r = Σ_{j≤k} p(j)(ψ(j+r) - ψ(r) + log q), summed over the lighter side
 * (below k when k is under the mode, else minus the sum above k).
 */
function nbCdfValue(x: number, r: number, p: number, q: number): number[] {
  const k = Math.floor(x);
  if (k < 0) return [0, 0, 0, 0, 0];
  if (p === 0 || k === Infinity) return [1, 0, 0, 0, 0];
  const lp = (j: number): number => nbLogPmfValue(j, r, p, q);
  const c = logOneMinus(p, q) - psi(r);
  const fs = [() => 1, (j: number) => psi(j + r) + c];
  const op = 'NegativeBinomial.cdf';
  const dr =
    k >= nbModeValue(r, p, q)
      ? -tailSums(op, k + 1, 1, lp, p, fs)[1]
      : tailSums(op, k, -1, lp, 0, fs)[1];
  const dq = (Math.exp(lp(k)) * (r + k)) / q;
  // from the smaller of p and q: the other would be rounded (1 - q at q = 1 - 3e-8)
  const f = p < q ? betaincFn(p, k + 1, r, true, true) : betaincFn(q, r, k + 1);
  return [f, 0, dr, -dq, 0];
}

const entropyOp = numericOp('NegativeBinomial.entropy', nbEntropyValue);
const cdfOp = numericOp('NegativeBinomial.cdf', nbCdfValue);

/**
 * The entropy of NB(r, p) given p and q = 1 - p (both, so that a q computed directly
 * keeps its digits), differentiable in r and p (once).
 */
export function negativeBinomialEntropy(r: Tensor, p: Tensor, q: Tensor): Tensor {
  return entropyOp(r, p, q);
}

/** P(X ≤ x) of NB(r, p) given p and q = 1 - p, differentiable in r and p (once). */
export function negativeBinomialCdf(x: Tensor, r: Tensor, p: Tensor, q: Tensor): Tensor {
  return cdfOp(x, r, p, q);
}

/** The mode ⌊(r-1)p/q⌋ of NB(r, p), 0 for r ≤ 1 (as torch). */
export function negativeBinomialMode(r: Tensor, p: Tensor, q: Tensor): Tensor {
  return where(greater(r, 1), floor(div(mul(sub(r, 1), p), q)), 0);
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
 * variance `rp/(1-p)²`, mode `⌊(r-1)p/(1-p)⌋` (0 for r ≤ 1). The cdf is `I_(1-p)(r, ⌊x⌋+1)`
 * (0 below 0); the entropy is summed over the mass from the mode outwards until the
 * geometric bound on the tail is below 1e-17 of the sum (O(standard deviation) terms).
 * Both are differentiable (once) in r and p: ∂/∂r as a sum over the mass. Sampled as a
 * Gamma–Poisson mixture; not reparameterized.
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
 * d.cdf([2, 2.5]).toArray(); // [0.68256, 0.68256]
 * d.entropy().item(); // 1.8473316728950835
 * d.mode.item(); // 1
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

  protected override _mode(): Tensor {
    return negativeBinomialMode(this.totalCount, this.b.p(), this.b.q());
  }

  protected override _entropy(): Tensor {
    return negativeBinomialEntropy(this.totalCount, this.b.p(), this.b.q());
  }

  protected override _cdf(x: Tensor): Tensor {
    return negativeBinomialCdf(x, this.totalCount, this.b.p(), this.b.q());
  }
}
