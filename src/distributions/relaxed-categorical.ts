/**
 * The relaxed one-hot categorical (Concrete, Gumbel-softmax) distribution and its
 * straight-through variant.
 * @module
 */
import {
  add,
  customGradient,
  div,
  equal,
  expandDims,
  log,
  logSumExp,
  max,
  mul,
  softmax,
  sub,
  sum,
  Tensor,
  where,
  noGrad,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { Multi, probsParam, type ProbsOrLogits } from './probs.js';

/** A standard Gumbel draw, -log(-log U) with U uniform on (0, 1). */
const gumbel = (r: Rng): number => -Math.log(-Math.log(r.uniform()));

/** log Γ(k) = log (k - 1)! for a positive integer k. */
function logFactorialBelow(k: number): number {
  let s = 0;
  for (let i = 2; i < k; i++) s += Math.log(i);
  return s;
}

/**
 * The Concrete or Gumbel-softmax distribution (Maddison, Mnih & Teh 2017; Jang, Gu &
 * Poole 2017): a continuous relaxation on the simplex of a one-hot categorical draw. A
 * draw is `y = softmax((l + G) / λ)` with logits l (last axis, K categories),
 * temperature λ > 0 and independent standard Gumbel noise G, so it is reparameterized;
 * as λ → 0 draws approach one-hot vectors, and `argmax y` is Categorical(l) at every λ.
 * The log density (with respect to Lebesgue measure on the first K - 1 coordinates) is
 *
 *     log p(y) = log (K-1)! + (K-1) log λ + Σₖ (lₖ - (λ+1) log yₖ) - K logΣₖ exp(lₖ - λ log yₖ)
 *
 * with l normalized (the value does not depend on a shift of l). On the simplex's
 * boundary (a coordinate exactly 0, which a draw reaches only when the softmax
 * underflows at a tiny λ) logProb is -Infinity: the limit there depends on the
 * direction of approach once two coordinates vanish. Give `{ probs }` or `{ logits }`
 * as for {@link Categorical}; temperature broadcasts against the batch shape.
 * @param temperature - λ (> 0), of the batch shape (or broadcasting to it).
 * @throws {@link ArgumentError} if temperature is not positive, if both or neither of
 *   probs and logits are given, or if a row of probs is not on the simplex.
 * @example
 * ```ts
 * import { RelaxedOneHotCategorical, rng } from 'pathwise';
 * const d = new RelaxedOneHotCategorical(1, { probs: [0.5, 0.5] });
 * d.eventShape; // [2]
 * d.logProb([0.5, 0.5]).item(); // 0
 * const y = d.sample([], rng(0)).data;
 * Math.abs(y[0] + y[1] - 1) < 1e-15; // true
 * ```
 */
export class RelaxedOneHotCategorical extends Distribution {
  static override readonly argConstraints = {
    temperature: constraints.positive,
    probs: constraints.simplex,
    logits: constraints.realVector,
  };
  static override readonly reparameterized = true;

  constructor(temperature: TensorLike, params: ProbsOrLogits, family = 'RelaxedOneHotCategorical') {
    const p = probsParam(family, params);
    super({
      family,
      params: { temperature, ...p },
      options: params,
      eventShape: (t) => (t.probs ?? t.logits).shape.slice(-1),
    });
  }

  private get m(): Multi {
    return new Multi(this.params.probs, this.params.logits);
  }

  /** The temperature λ, of the batch shape (or broadcasting to it). */
  get temperature(): Tensor {
    return this.params.temperature;
  }

  /** The number of categories K. */
  get numCategories(): number {
    return this.eventShape[0];
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
    return constraints.simplex;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, gumbel));
  }

  protected override standardDraw(): (r: Rng) => number {
    return gumbel;
  }

  /** @internal softmax((l + ε) / λ) along the last axis. */
  override fromNoise(eps: Tensor): Tensor {
    return softmax(div(add(this.logits, eps), expandDims(this.temperature, -1)), -1);
  }

  protected _logProb(x: Tensor): Tensor {
    const k = this.numCategories;
    const t = expandDims(this.temperature, -1);
    const zero = noGrad(() => max(equal(x, 0), { axis: -1, keepDims: true }));
    const ly = log(where(zero, 1 / k, x));
    const score = sub(this.logits, mul(t, ly));
    const lse = logSumExp(score, { axis: -1 });
    const body = sub(sum(sub(score, ly), -1), mul(lse, k));
    const lp = add(add(body, logFactorialBelow(k)), mul(log(this.temperature), k - 1));
    return where(
      noGrad(() => max(zero, -1)),
      -Infinity,
      lp,
    );
  }
}

/** The one-hot vector of each row's (first) largest entry. */
function oneHotArgmax(s: Tensor): Tensor {
  const k = s.shape[s.rank - 1];
  const out = new Float64Array(s.size);
  for (let r = 0; r < s.size; r += k) {
    let best = r;
    for (let j = r + 1; j < r + k; j++) if (s.data[j] > s.data[best]) best = j;
    out[best] = 1;
  }
  return new Tensor(out, s.shape);
}

/**
 * The straight-through estimator: the hard one-hot of `soft`'s row maxima forward, the
 * identity backward (the gradient flows to the relaxed draw as if no rounding happened).
 */
const straightThrough: (soft: Tensor) => Tensor = customGradient(
  (soft: Tensor) => ({ value: oneHotArgmax(soft), grad: (g: Tensor) => g }),
  { name: 'straightThroughOneHot' },
);

/**
 * The straight-through Gumbel-softmax (Jang, Gu & Poole 2017, §2.2; Bengio et al. 2013):
 * a {@link RelaxedOneHotCategorical} whose draws are hard one-hot vectors
 * (the argmax of the relaxed draw, so Categorical(l)-distributed) while their
 * gradients are those of the relaxed draw. `logProb` of a draw it returned is the
 * Concrete log density at the relaxed draw behind it (as Pyro's
 * RelaxedOneHotCategoricalStraightThrough does); any other value is scored as by
 * {@link RelaxedOneHotCategorical}.
 * @param temperature - λ (> 0), of the batch shape (or broadcasting to it).
 * @throws {@link ArgumentError} as {@link RelaxedOneHotCategorical}.
 * @example
 * ```ts
 * import { grad, RelaxedOneHotCategoricalStraightThrough, rng, sum, mul, type Tensor } from 'pathwise';
 * const d = new RelaxedOneHotCategoricalStraightThrough(0.5, { logits: [0, 1, 2] });
 * d.sample([], rng(0)).data.filter((v) => v === 1).length; // 1: hard one-hot
 * const f = (l: Tensor) =>
 *   sum(mul(new RelaxedOneHotCategoricalStraightThrough(0.5, { logits: l }).sample([], rng(0)), [1, 2, 3]));
 * grad(f)([0, 1, 2]).data.some((v) => v !== 0); // true: the relaxed gradient
 * ```
 */
export class RelaxedOneHotCategoricalStraightThrough extends RelaxedOneHotCategorical {
  /** Each hard draw's relaxed draw, for logProb. */
  private readonly softOf = new WeakMap<Tensor, Tensor>();

  constructor(temperature: TensorLike, params: ProbsOrLogits) {
    super(temperature, params, 'RelaxedOneHotCategoricalStraightThrough');
  }

  /** @internal the hard one-hot of the relaxed draw at noise ε, with its gradient. */
  override fromNoise(eps: Tensor): Tensor {
    const soft = super.fromNoise(eps);
    const hard = straightThrough(soft);
    this.softOf.set(hard, soft);
    return hard;
  }

  override logProb(value: TensorLike): Tensor {
    const soft = value instanceof Tensor ? this.softOf.get(value) : undefined;
    return super.logProb(soft ?? value);
  }
}
