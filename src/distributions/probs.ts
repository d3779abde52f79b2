/**
 * The two parameterizations of a probability, `{ probs }` or `{ logits }`, and the
 * stable logs each one gives (NUMERICS.md: log σ(l) = -softplus(-l)).
 * @module
 */
import {
  ArgumentError,
  equal,
  log,
  log1p,
  logSoftmax,
  mul,
  neg,
  sigmoid,
  softmax,
  softplus,
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
    if (this.logits) return logSoftmax(this.logits, -1);
    const p = this.p();
    return log(p);
  }
}
