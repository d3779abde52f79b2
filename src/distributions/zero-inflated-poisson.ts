/**
 * The zero-inflated Poisson distribution.
 * @module
 */
import {
  add,
  equal,
  exp,
  expm1,
  floor,
  greater,
  less,
  log,
  log1p,
  maximum,
  mul,
  neg,
  noGrad,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { dpoisRaw } from './loader.js';
import { Poisson } from './poisson.js';
import { weighted } from './probs.js';
import { gammainc } from './special.js';
import { drawEach, xlog1py } from './util.js';

/**
 * The log mass of a zero-inflated count: at 0, log(g + (1-g) p₀) — as log1p(-(1-g)(1-p₀))
 * (with 1 - p₀ = -expm1(log p₀)) where that mass exceeds ½, so that a value near 0 keeps
 * its digits — elsewhere `log1p(-g) + log p(k)`. `logBase` is log p at x (any value at 0)
 * and `logBase0` is log p₀.
 */
export function zeroInflatedLogProb(x: Tensor, gate: Tensor, logBase: Tensor, logBase0: Tensor) {
  const g1 = sub(1, gate);
  const mass0 = add(gate, mul(g1, exp(logBase0)));
  const near1 = noGrad(() => greater(mass0, 0.5));
  const lead = where(near1, log1p(mul(g1, expm1(logBase0))), log(where(near1, 1, mass0)));
  return where(
    noGrad(() => equal(x, 0)),
    lead,
    add(log1p(neg(gate)), logBase),
  );
}

/**
 * The entropy of a zero-inflated count from its base's entropy H and log p₀: with
 * P₀ = g + (1-g)p₀, `H' = -P₀ log P₀ - (1-g)(1-p₀) log(1-g) + (1-g)(H + p₀ log p₀)`
 * (the base's k ≥ 1 terms, rescaled by 1-g), log P₀ as log1p(-(1-g)(1-p₀)).
 */
export function zeroInflatedEntropy(gate: Tensor, entropy: Tensor, logBase0: Tensor): Tensor {
  const g1 = sub(1, gate);
  const nonZero = mul(g1, neg(expm1(logBase0))); // 1 - P₀
  const atZero = mul(sub(1, nonZero), log1p(neg(nonZero)));
  const rest = mul(g1, add(entropy, weighted(exp(logBase0), logBase0)));
  return sub(sub(rest, atZero), xlog1py(nonZero, neg(gate)));
}

/** P(X ≤ x) of a zero-inflated count, `g + (1-g)F(x)` for x ≥ 0, 0 below. */
export function zeroInflatedCdf(x: Tensor, gate: Tensor, cdf: Tensor): Tensor {
  return where(less(floor(x), 0), 0, add(gate, mul(sub(1, gate), cdf)));
}

/**
 * A Poisson(λ) count that is replaced by 0 with probability `gate` (a structural zero):
 * `P(0) = g + (1-g)e^(-λ)`, `P(k) = (1-g) λ^k e^(-λ)/k!` for k ≥ 1. Mean `(1-g)λ`, variance
 * `(1-g)λ(1 + gλ)`. The cdf is `g + (1-g)·Q(⌊x⌋+1, λ)` (0 below 0) and the entropy is
 * Poisson's (summed over the mass) with the zero's term replaced, differentiable in λ and
 * g. Not reparameterized.
 * @param rate - λ ≥ 0.
 * @param gate - g in [0, 1], the probability of a structural zero.
 * @throws DistributionError if λ < 0 or g is outside [0, 1].
 * @example
 * ```ts
 * import { ZeroInflatedPoisson } from 'pathwise';
 * const d = new ZeroInflatedPoisson(3, 0.2);
 * d.logProb(0).item(); // -1.4278263797547401
 * d.mean.item(); // 2.4000000000000004
 * d.cdf(0).item(); // 0.23982965469429118
 * ```
 */
export class ZeroInflatedPoisson extends Distribution {
  static override readonly argConstraints = {
    rate: constraints.nonNegative,
    gate: constraints.unitInterval,
  };

  constructor(rate: TensorLike, gate: TensorLike, options?: DistributionOptions) {
    super({ family: 'ZeroInflatedPoisson', params: { rate, gate }, options });
  }

  /** λ, the rate of the Poisson part. */
  get rate(): Tensor {
    return this.params.rate;
  }

  /** g, the probability of a structural zero. */
  get gate(): Tensor {
    return this.params.gate;
  }

  get support() {
    return constraints.nonNegativeInteger;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return drawEach(rng, shape, [this.rate, this.gate], (r, l, g) =>
      r.uniform() < g || l === 0 ? 0 : r.poisson(l),
    );
  }

  protected _logProb(x: Tensor): Tensor {
    const l = this.rate;
    return zeroInflatedLogProb(x, this.gate, dpoisRaw(where(equal(x, 0), 1, x), l), neg(l));
  }

  protected override _mean(): Tensor {
    return mul(sub(1, this.gate), this.rate);
  }

  protected override _variance(): Tensor {
    return mul(this._mean(), add(1, mul(this.gate, this.rate)));
  }

  protected override _entropy(): Tensor {
    const h = new Poisson(this.rate, { validateArgs: false }).entropy();
    return zeroInflatedEntropy(this.gate, h, neg(this.rate));
  }

  protected override _cdf(x: Tensor): Tensor {
    const k = floor(x);
    const f = gammainc(add(maximum(k, 0), 1), this.rate, { upper: true });
    return zeroInflatedCdf(x, this.gate, f);
  }
}
