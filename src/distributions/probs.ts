/**
 * The two parameterizations of a probability, `{ probs }` or `{ logits }`, and the
 * stable logs each one gives (NUMERICS.md: log σ(l) = -softplus(-l)).
 * @module
 */
import {
  add,
  ArgumentError,
  customGradient,
  equal,
  exp,
  greater,
  log,
  log1p,
  max,
  mul,
  neg,
  noGrad,
  sigmoid,
  softmax,
  softplus,
  stopGradient,
  sub,
  sum,
  div,
  where,
  Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { DistributionOptions } from './distribution.js';

/**
 * A probability given either as `probs` (in [0, 1], or on the simplex for Categorical)
 * or as `logits` (log-odds, or unnormalized log-probabilities for Categorical), plus
 * the common {@link DistributionOptions}.
 * @example
 * ```ts
 * import { Bernoulli, type ProbsOrLogits } from 'pathwise';
 * const a: ProbsOrLogits = { probs: 0.25 };
 * const b: ProbsOrLogits = { logits: Math.log(1 / 3) };
 * new Bernoulli(a).mean.item(); // 0.25
 * new Bernoulli(b).mean.item(); // 0.25
 * ```
 */
export type ProbsOrLogits = (
  { probs: TensorLike; logits?: undefined } | { logits: TensorLike; probs?: undefined }
) &
  DistributionOptions;

/** The single parameter as a record for the base constructor. */
export function probsParam(family: string, o: ProbsOrLogits): Record<string, TensorLike> {
  if ((o.probs === undefined) === (o.logits === undefined))
    throw new ArgumentError(family, 'pass exactly one of { probs } or { logits }');
  return o.probs !== undefined ? { probs: o.probs } : { logits: o.logits as TensorLike };
}

/** p·log p-style products that are 0 where the weight is 0 (even if the log is -∞). */
export function weighted(w: Tensor, logv: Tensor): Tensor {
  return mul(w, where(equal(w, 0), 0, logv));
}

/** Scalar-event probability helpers over `{probs}` or `{logits}`. */
export class Binary {
  constructor(
    readonly probs: Tensor | undefined,
    readonly logits: Tensor | undefined,
  ) {}

  /** p */
  p(): Tensor {
    return this.probs ?? sigmoid(this.logits as Tensor);
  }
  /** 1 - p */
  q(): Tensor {
    return this.probs ? sub(1, this.probs) : sigmoid(neg(this.logits as Tensor));
  }
  /** log p */
  logP(): Tensor {
    return this.probs ? log(this.probs) : neg(softplus(neg(this.logits as Tensor)));
  }
  /** log(1 - p) */
  logQ(): Tensor {
    return this.probs ? log1p(neg(this.probs)) : neg(softplus(this.logits as Tensor));
  }
  /** log p - log(1 - p) */
  logOdds(): Tensor {
    return this.logits ?? sub(log(this.probs as Tensor), log1p(neg(this.probs as Tensor)));
  }
}

/** Log-softmax of each row (last axis) of a constant array, into `out`. */
function logSoftmaxRows(l: Float64Array, k: number, out: Float64Array): void {
  for (let r = 0; r < l.length; r += k) {
    let top = r;
    for (let j = r + 1; j < r + k; j++) if (l[j] > l[top]) top = j;
    const m = l[top];
    let s = 0;
    for (let j = r; j < r + k; j++) if (j !== top) s += Math.exp(l[j] - m);
    const lse = m === -Infinity || m === Infinity ? 0 : Math.log1p(s);
    for (let j = r; j < r + k; j++) out[j] = l[j] - m - lse;
  }
}

const KEEP = { axis: -1, keepDims: true };

/** g - softmax(l)·Σg along the last axis, without cancellation in 1 - p (tape ops). */
function logSoftmaxVjp(l: Tensor, g: Tensor): Tensor {
  const e = exp(sub(l, stopGradient(max(l, KEEP))));
  const p = softmax(l, -1);
  const top = noGrad(() => greater(p, 0.5)); // at most one per row
  const s = sum(where(top, 0, e), KEEP);
  const q = where(top, div(s, add(s, e)), sub(1, p));
  return sub(mul(g, q), mul(p, sub(sum(g, KEEP), g)));
}

/**
 * log softmax over the last axis as `(l - m) - log1p(Σ_{j ≠ argmax} exp(l_j - m))`: the
 * largest entry keeps full relative precision (log Σ exp(l - m) would round 1 + s first,
 * losing it when the others are far below). VJP: g - softmax(l)·Σg, written as
 * `g·(1 - p) - p·(Σg - g)` with 1 - p of a dominant entry taken as `s / (e + s)` (the
 * others' share), not by cancellation.
 */
export const stableLogSoftmax: (l: Tensor) => Tensor = customGradient(
  (l: Tensor) => {
    const out = new Float64Array(l.size);
    logSoftmaxRows(l.data, l.shape[l.rank - 1], out);
    return {
      value: new Tensor(out, l.shape),
      grad: (g: Tensor) => logSoftmaxVjp(l, g),
    };
  },
  { name: 'logSoftmax' },
);

/** Vector-event helpers (Categorical): normalized probabilities and their logs. */
export class Multi {
  constructor(
    readonly probs: Tensor | undefined,
    readonly logits: Tensor | undefined,
  ) {}

  p(): Tensor {
    if (this.probs) return div(this.probs, sum(this.probs, { axis: -1, keepDims: true }));
    return softmax(this.logits as Tensor, -1);
  }
  logP(): Tensor {
    if (this.logits) return stableLogSoftmax(this.logits);
    const p = this.p();
    return log(p);
  }
}
