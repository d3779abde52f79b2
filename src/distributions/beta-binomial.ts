/**
 * The beta-binomial distribution.
 * @module
 */
import {
  add,
  div,
  log,
  log1p,
  mul,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { bbLogPmfValue, finiteSums, numericOp, psi } from './count-series.js';
import { stirlerrOf } from './loader.js';
import { betaln } from './special.js';
import { drawEach } from './util.js';

/**
 * log Γ(a+k) - log Γ(a) for a > 0, k ≥ 0, from lgamma(x) = (x-½) log x - x + ½ log 2π +
 * stirlerr(x): `(a+k-½) log1p(k/a) + k log a - k + stirlerr(a+k) - stirlerr(a)`, which
 * does not cancel when a is huge (the difference of two lgamma's near 1e8 would lose 1e-8).
 */
export function logRising(a: Tensor, k: Tensor): Tensor {
  const lead = add(mul(sub(add(a, k), 0.5), log1p(div(k, a))), mul(k, sub(log(a), 1)));
  return add(lead, sub(stirlerrOf(add(a, k)), stirlerrOf(a)));
}

/** The scores ∂α log p(k) and ∂β log p(k) of BetaBinomial(α, β, n). */
function scores(a: number, b: number, n: number) {
  const c = psi(n + a + b) - psi(a + b);
  const [ca, cb] = [psi(a) + c, psi(b) + c];
  return [(k: number) => psi(k + a) - ca, (k: number) => psi(n - k + b) - cb];
}

/**
 * [H, ∂H/∂α, ∂H/∂β, 0]: H = -Σ p(k) log p(k) over k = 0..n (every term, compensated),
 * ∂H/∂θ = -Σ p(k) ∂θ log p(k) · log p(k).
 */
function bbEntropyValue(a: number, b: number, n: number): number[] {
  const [sa, sb] = scores(a, b, n);
  const lp = (k: number): number => bbLogPmfValue(k, a, b, n);
  const fs = [
    (_k: number, l: number) => -l,
    (k: number, l: number) => -sa(k) * l,
    (k: number, l: number) => -sb(k) * l,
  ];
  return [...finiteSums(0, n, lp, fs), 0];
}

/**
 * [F, 0, ∂F/∂α, ∂F/∂β, 0] at x: F = Σ_{j ≤ ⌊x⌋} p(j) below the mean, else 1 - Σ_{j > ⌊x⌋} p(j)
 * (the lighter side, so that a small F keeps its digits); 0 below 0, 1 from n on.
 */
function bbCdfValue(x: number, a: number, b: number, n: number): number[] {
  const k = Math.floor(x);
  if (k < 0) return [0, 0, 0, 0, 0];
  if (k >= n) return [1, 0, 0, 0, 0];
  const [sa, sb] = scores(a, b, n);
  const lp = (j: number): number => bbLogPmfValue(j, a, b, n);
  const fs = [() => 1, sa, sb];
  if (k < (n * a) / (a + b)) {
    const [f, fa, fb] = finiteSums(0, k, lp, fs);
    return [f, 0, fa, fb, 0];
  }
  const [u, ua, ub] = finiteSums(k + 1, n, lp, fs);
  return [1 - u, 0, -ua, -ub, 0];
}

const entropyOp = numericOp('BetaBinomial.entropy', bbEntropyValue);
const cdfOp = numericOp('BetaBinomial.cdf', bbCdfValue);

/**
 * Binomial(n, p) with p ~ Beta(α, β): `P(k) = C(n, k) B(k+α, n-k+β) / B(α, β)` on
 * {0, ..., n}. The log mass is `-log(n+1) - betaln(n-k+1, k+1)` (stdlib's betaln)
 * plus B(k+α, n-k+β)/B(α, β) as three log rising factorials in Stirling form, so that
 * nothing cancels at large counts or concentrations (as `lgamma` sums would). Mean `nα/(α+β)`, variance
 * `nαβ(α+β+n)/((α+β)²(α+β+1))`. The cdf (0 below 0, 1 from n on) and the entropy are
 * finite sums over the support in numbers (the cdf over the side of ⌊x⌋ away from the
 * mean, so that a small cdf keeps its digits), differentiable in α and β (once).
 * Not reparameterized.
 * @param concentration1 - α > 0.
 * @param concentration0 - β > 0.
 * @param totalCount - n, a non-negative integer.
 * @throws DistributionError if α or β ≤ 0, or n is not a non-negative integer.
 * @example
 * ```ts
 * import { BetaBinomial } from 'pathwise';
 * const d = new BetaBinomial(2, 3, 10);
 * d.logProb(3).item(); // -1.9389414797392162
 * d.mean.item(); // 4
 * d.logProb(11).item(); // -Infinity
 * d.cdf([-1, 3.5, 10]).toArray(); // [0, 0.45454545454545553, 1]
 * ```
 */
export class BetaBinomial extends Distribution {
  static override readonly argConstraints = {
    concentration1: constraints.positive,
    concentration0: constraints.positive,
    totalCount: constraints.nonNegativeInteger,
  };

  constructor(
    concentration1: TensorLike,
    concentration0: TensorLike,
    totalCount: TensorLike,
    options?: DistributionOptions,
  ) {
    super({
      family: 'BetaBinomial',
      params: { concentration1, concentration0, totalCount },
      options,
    });
  }

  /** α, the Beta prior's first concentration. */
  get concentration1(): Tensor {
    return this.params.concentration1;
  }

  /** β, the Beta prior's second concentration. */
  get concentration0(): Tensor {
    return this.params.concentration0;
  }

  /** n, the number of trials. */
  get totalCount(): Tensor {
    return this.params.totalCount;
  }

  get support() {
    return constraints.integerInterval(0, this.totalCount);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const ps = [this.concentration1, this.concentration0, this.totalCount];
    return drawEach(rng, shape, ps, (r, a, b, n) => r.binomial(n, r.beta(a, b)));
  }

  protected _logProb(x: Tensor): Tensor {
    const [a, b, n] = [this.concentration1, this.concentration0, this.totalCount];
    const nk = sub(n, x);
    const choose = add(log1p(n), betaln(add(nk, 1), add(x, 1)));
    const ratio = sub(add(logRising(a, x), logRising(b, nk)), logRising(add(a, b), n));
    return sub(ratio, choose);
  }

  protected override _mean(): Tensor {
    const [a, b, n] = [this.concentration1, this.concentration0, this.totalCount];
    return div(mul(n, a), add(a, b));
  }

  protected override _variance(): Tensor {
    const [a, b, n] = [this.concentration1, this.concentration0, this.totalCount];
    const s = add(a, b);
    const num = mul(mul(mul(n, a), b), add(s, n));
    return div(num, mul(square(s), add(s, 1)));
  }

  protected override _entropy(): Tensor {
    return entropyOp(this.concentration1, this.concentration0, this.totalCount);
  }

  protected override _cdf(x: Tensor): Tensor {
    return cdfOp(x, this.concentration1, this.concentration0, this.totalCount);
  }
}
