/**
 * The relaxed Bernoulli (binary Concrete) distribution.
 * @module
 */
import {
  add,
  customGradient,
  div,
  greater,
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
  Tensor,
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

  constructor(temperature: TensorLike, params: ProbsOrLogits, family = 'RelaxedBernoulli') {
    super({
      family,
      params: { temperature, ...probsParam(family, params) },
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

/** 1 where the relaxed draw exceeds ½, else 0, forward; the identity backward. */
const straightThroughRound: (soft: Tensor) => Tensor = customGradient(
  (soft: Tensor) => ({ value: noGrad(() => greater(soft, 0.5)), grad: (g: Tensor) => g }),
  { name: 'straightThroughRound' },
);

/**
 * The straight-through relaxed Bernoulli (Bengio et al. 2013; Jang, Gu & Poole 2017):
 * a {@link RelaxedBernoulli} whose draws are hard 0/1 values (the relaxed draw rounded
 * at ½, so Bernoulli(sigmoid(l))-distributed) while their gradients are those of the
 * relaxed draw. `logProb` of a draw it returned is the binary Concrete log density at
 * the relaxed draw behind it (as Pyro's RelaxedBernoulliStraightThrough does); any
 * other value is scored as by {@link RelaxedBernoulli}.
 * @param temperature - λ (> 0).
 * @throws {@link ArgumentError} as {@link RelaxedBernoulli}.
 * @example
 * ```ts
 * import { grad, RelaxedBernoulliStraightThrough, rng, sum, type Tensor } from 'pathwise';
 * const d = new RelaxedBernoulliStraightThrough(0.5, { logits: 0 });
 * d.sample([4], rng(0)).data.every((v) => v === 0 || v === 1); // true
 * const f = (l: Tensor) => sum(new RelaxedBernoulliStraightThrough(0.5, { logits: l }).sample([4], rng(0)));
 * grad(f)(0).item() > 0; // true: the relaxed gradient
 * ```
 */
export class RelaxedBernoulliStraightThrough extends RelaxedBernoulli {
  /** Each hard draw's relaxed draw, for logProb. */
  private readonly softOf = new WeakMap<Tensor, Tensor>();

  constructor(temperature: TensorLike, params: ProbsOrLogits) {
    super(temperature, params, 'RelaxedBernoulliStraightThrough');
  }

  /** @internal the rounded relaxed draw at noise ε, with its gradient. */
  override fromNoise(eps: Tensor): Tensor {
    const soft = super.fromNoise(eps);
    const hard = straightThroughRound(soft);
    this.softOf.set(hard, soft);
    return hard;
  }

  override logProb(value: TensorLike): Tensor {
    const soft = value instanceof Tensor ? this.softOf.get(value) : undefined;
    return super.logProb(soft ?? value);
  }
}
