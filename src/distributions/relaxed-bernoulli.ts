/**
 * The relaxed Bernoulli (binary Concrete) distribution.
 * @module
 */
import {
  add,
  div,
  equal,
  log,
  log1p,
  logicalOr,
  mul,
  neg,
  noGrad,
  sigmoid,
  softplus,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { Binary, probsParam, type ProbsOrLogits } from './probs.js';
import { xlogy } from './util.js';

/**
 * The binary Concrete or relaxed Bernoulli distribution (Maddison, Mnih & Teh 2017;
 * Jang, Gu & Poole 2017): a continuous stand-in on [0, 1] for a Bernoulli coin. A draw
 * is `y = sigmoid((l + L) / λ)` with logits l, temperature λ > 0 and standard logistic
 * noise L, so it is reparameterized. As λ → 0 draws approach {0, 1} and
 * `P(y > ½) = sigmoid(l)` at every λ. With z = logit(y) and u = λz - l,
 *
 *     log p(y) = log λ - u - 2 softplus(-u) - log y - log(1 - y)
 *
 * (the logistic density of u carried through the sigmoid; stable in both tails). At
 * y = 0 the value is the limit `log λ - l + (λ - 1) log y` (+∞ for λ < 1, -∞ for λ > 1),
 * and at y = 1 likewise with l → -l. Give `{ probs }` or `{ logits }` as for
 * {@link Bernoulli}.
 * @param temperature - λ (> 0).
 * @throws {@link ArgumentError} if temperature is not positive, if both or neither of
 *   probs and logits are given, or if probs is outside [0, 1].
 * @example
 * ```ts
 * import { RelaxedBernoulli, rng } from 'pathwise';
 * const d = new RelaxedBernoulli(0.5, { logits: 0 });
 * d.logProb(0.5).item(); // -0.6931471805599453
 * d.logProb([0, 1]).toArray(); // [Infinity, Infinity]: λ < 1 piles mass at the ends
 * new RelaxedBernoulli(1, { probs: 0.25 }).logProb(0).item(); // 1.0986122886681098 (log 3)
 * const y = d.sample([3], rng(0)).data;
 * y.every((v) => v > 0 && v < 1); // true
 * ```
 */
export class RelaxedBernoulli extends Distribution {
  static override readonly argConstraints = {
    temperature: constraints.positive,
    probs: constraints.unitInterval,
    logits: constraints.real,
  };
  static override readonly reparameterized = true;

  constructor(temperature: TensorLike, params: ProbsOrLogits) {
    super({
      family: 'RelaxedBernoulli',
      params: { temperature, ...probsParam('RelaxedBernoulli', params) },
      options: params,
    });
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** The temperature λ. */
  get temperature(): Tensor {
    return this.params.temperature;
  }

  /** The probability that a draw exceeds ½ (the hard coin's probability of 1). */
  get probs(): Tensor {
    return this.b.p();
  }

  /** The log-odds l. */
  get logits(): Tensor {
    return this.b.logOdds();
  }

  get support() {
    return constraints.unitInterval;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.logistic()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.logistic();
  }

  /** @internal sigmoid((l + ε) / λ). */
  override fromNoise(eps: Tensor): Tensor {
    return sigmoid(div(add(this.logits, eps), this.temperature));
  }

  protected _logProb(x: Tensor): Tensor {
    const t = this.temperature;
    const l = this.logits;
    const lo = noGrad(() => equal(x, 0));
    const edge = noGrad(() => logicalOr(lo, equal(x, 1)));
    const y = where(edge, 0.5, x);
    const ly = log(y);
    const l1y = log1p(neg(y));
    const u = sub(mul(t, sub(ly, l1y)), l);
    const inner = sub(sub(neg(u), mul(softplus(neg(u)), 2)), add(ly, l1y));
    // at y = 0: log λ - l + (λ-1) log y; at y = 1: log λ + l + (λ-1) log(1 - y)
    const limit = add(where(lo, neg(l), l), xlogy(sub(t, 1), where(lo, x, sub(1, x))));
    return add(log(t), where(edge, limit, inner));
  }
}
