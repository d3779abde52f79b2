/**
 * Losses with Keras's formulas, reduced to the mean over the batch. The
 * cross-entropies take probabilities or, with `fromLogits`, logits through the stable
 * forms of NUMERICS.md.
 * @module
 */
import {
  abs,
  add,
  ArgumentError,
  clip,
  div,
  lessEqual,
  log,
  log1p,
  logSoftmax,
  mean,
  mul,
  neg,
  ShapeError,
  softplus,
  square,
  sub,
  sum,
  where,
  type Tensor,
} from '../autodiff/index.js';
import { fmt, sameShape } from '../autodiff/shape.js';

const EPSILON = 1e-7; // Keras's backend epsilon, used to clip probabilities

/**
 * A loss as a plain function: `(yTrue, yPred) => scalar tensor`.
 * @example
 * ```ts
 * import { mean, abs, sub, tensor, type LossFunction } from 'pathwise';
 * const l1: LossFunction = (yTrue, yPred) => mean(abs(sub(yPred, yTrue)));
 * l1(tensor([[1], [2]]), tensor([[1.5], [2]])).item(); // 0.25
 * ```
 */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Base class of the losses: `call` checks that the shapes agree, then computes the mean
 * loss over the batch.
 * @example
 * ```ts
 * import { Loss, mean, square, sub, tensor, type Tensor } from 'pathwise';
 * class Squared extends Loss {
 *   constructor() {
 *     super('squared');
 *   }
 *   protected compute(yTrue: Tensor, yPred: Tensor): Tensor {
 *     return mean(square(sub(yPred, yTrue)));
 *   }
 * }
 * new Squared().call(tensor([[0], [2]]), tensor([[1], [2]])).item(); // 0.5
 * ```
 */
export abstract class Loss {
  constructor(
    /** The name under which `fit` reports it, e.g. `'mse'`. */
    readonly name: string,
  ) {}

  /**
   * The mean loss over the batch.
   * @throws {@link ShapeError} naming both shapes if they differ.
   */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    if (yTrue.shape !== yPred.shape && !sameShape(yTrue.shape, yPred.shape)) {
      throw new ShapeError(
        this.name,
        `yTrue has shape ${fmt(yTrue.shape)} but yPred has shape ${fmt(yPred.shape)}; they must match`,
      );
    }
    return this.compute(yTrue, yPred);
  }

  /** The loss on same-shape tensors. */
  protected abstract compute(yTrue: Tensor, yPred: Tensor): Tensor;
}

/**
 * Mean squared error `mean((yPred - yTrue)²)` (`'mse'`).
 * @example
 * ```ts
 * import { MeanSquaredError, tensor } from 'pathwise';
 * new MeanSquaredError().call(tensor([[1], [2]]), tensor([[2], [4]])).item(); // 2.5
 * ```
 */
export class MeanSquaredError extends Loss {
  constructor() {
    super('mse');
  }
  protected compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return mul(sum(square(sub(yPred, yTrue))), 1 / yPred.size);
  }
}

/**
 * Mean absolute error `mean(|yPred - yTrue|)` (`'mae'`).
 * @example
 * ```ts
 * import { MeanAbsoluteError, tensor } from 'pathwise';
 * new MeanAbsoluteError().call(tensor([1, 2]), tensor([2, 4])).item(); // 1.5
 * ```
 */
export class MeanAbsoluteError extends Loss {
  constructor() {
    super('mae');
  }
  protected compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return mean(abs(sub(yPred, yTrue)));
  }
}

/**
 * Huber loss: `½e²` where `|e| ≤ δ`, else `δ·|e| - ½δ²`, with `e = yPred - yTrue`
 * (default δ = 1).
 * @throws {@link ArgumentError} if delta is not positive.
 * @example
 * ```ts
 * import { Huber, tensor } from 'pathwise';
 * new Huber({ delta: 1 }).call(tensor([0, 0]), tensor([0.5, 3])).item(); // 1.3125
 * ```
 */
export class Huber extends Loss {
  /** The threshold between the quadratic and the linear part. */
  readonly delta: number;
  constructor(options: { delta?: number } = {}) {
    super('huber');
    this.delta = options.delta ?? 1;
    if (!(this.delta > 0))
      throw new ArgumentError('Huber', `delta must be positive, got ${this.delta}`);
  }
  protected compute(yTrue: Tensor, yPred: Tensor): Tensor {
    const e = sub(yPred, yTrue);
    const a = abs(e);
    const d = this.delta;
    return mean(where(lessEqual(a, d), mul(0.5, square(e)), sub(mul(d, a), 0.5 * d * d)));
  }
}

/**
 * Options of the cross-entropy losses.
 * @example
 * ```ts
 * import { BinaryCrossentropy, type CrossentropyOptions } from 'pathwise';
 * const o: CrossentropyOptions = { fromLogits: true };
 * new BinaryCrossentropy(o).fromLogits; // true
 * ```
 */
export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
}

/**
 * Binary cross-entropy, averaged over every element. From logits z it is computed as
 * `softplus(z) - y·z` (= `max(z, 0) - z·y + log1p(e^-|z|)`), exact for any z; from
 * probabilities p (clipped to [1e-7, 1 - 1e-7] as in Keras) as
 * `-(y·log p + (1 - y)·log1p(-p))`.
 * @example
 * ```ts
 * import { BinaryCrossentropy, tensor } from 'pathwise';
 * new BinaryCrossentropy().call(tensor([1, 0]), tensor([0.5, 0.5])).item(); // 0.6931471805599453
 * new BinaryCrossentropy({ fromLogits: true }).call(tensor([1]), tensor([800])).item(); // 0
 * ```
 */
export class BinaryCrossentropy extends Loss {
  /** Whether yPred holds logits. */
  readonly fromLogits: boolean;
  constructor(options: CrossentropyOptions = {}) {
    super('binary_crossentropy');
    this.fromLogits = options.fromLogits ?? false;
  }
  protected compute(y: Tensor, out: Tensor): Tensor {
    if (this.fromLogits) return mean(sub(softplus(out), mul(y, out)));
    const p = clip(out, EPSILON, 1 - EPSILON);
    return neg(mean(add(mul(y, log(p)), mul(sub(1, y), log1p(neg(p))))));
  }
}

/**
 * Categorical cross-entropy over the last axis (one-hot or soft targets), averaged over
 * the other axes. From logits: `-Σ y·logSoftmax(z)` (shifted by the max: no overflow);
 * from probabilities: normalised to sum 1, clipped to [1e-7, 1 - 1e-7], `-Σ y·log p`.
 * @example
 * ```ts
 * import { CategoricalCrossentropy, tensor } from 'pathwise';
 * const cce = new CategoricalCrossentropy({ fromLogits: true });
 * cce.call(tensor([[0, 1]]), tensor([[0, 0]])).item(); // 0.6931471805599453
 * cce.call(tensor([[0, 1]]), tensor([[0, 1000]])).item(); // 0
 * ```
 */
export class CategoricalCrossentropy extends Loss {
  /** Whether yPred holds logits. */
  readonly fromLogits: boolean;
  constructor(options: CrossentropyOptions = {}) {
    super('categorical_crossentropy');
    this.fromLogits = options.fromLogits ?? false;
  }
  protected compute(y: Tensor, out: Tensor): Tensor {
    const rows = y.size / (y.shape[y.rank - 1] ?? 1);
    if (this.fromLogits) return div(neg(sum(mul(y, logSoftmax(out, -1)))), rows);
    const p = clip(div(out, sum(out, { axis: -1, keepDims: true })), EPSILON, 1 - EPSILON);
    return div(neg(sum(mul(y, log(p)))), rows);
  }
}

const NAMED: Record<string, () => Loss> = {
  mse: () => new MeanSquaredError(),
  meansquarederror: () => new MeanSquaredError(),
  mae: () => new MeanAbsoluteError(),
  meanabsoluteerror: () => new MeanAbsoluteError(),
  huber: () => new Huber(),
  binarycrossentropy: () => new BinaryCrossentropy(),
  categoricalcrossentropy: () => new CategoricalCrossentropy(),
};

/**
 * A loss resolved by {@link getLoss}: the name `fit` reports it under, and its function.
 * @example
 * ```ts
 * import { getLoss, type ResolvedLoss } from 'pathwise';
 * const r: ResolvedLoss = getLoss('mae');
 * r.name; // 'mae'
 * ```
 */
export interface ResolvedLoss {
  /** The report name, e.g. `'mse'`. */
  name: string;
  /** `(yTrue, yPred) => mean loss`. */
  fn: LossFunction;
}

/**
 * A loss from a Keras-style name (`'mse'`, `'mean_squared_error'`, `'meanSquaredError'`,
 * `'mae'`, `'huber'`, `'binary_crossentropy'`, `'categorical_crossentropy'`; case and
 * underscores are ignored), a {@link Loss}, or a {@link LossFunction}.
 * @throws {@link ArgumentError} naming the known losses.
 * @example
 * ```ts
 * import { getLoss, tensor } from 'pathwise';
 * getLoss('mean_squared_error').name; // 'mse'
 * getLoss('mse').fn(tensor([0]), tensor([3])).item(); // 9
 * ```
 */
export function getLoss(spec: string | Loss | LossFunction): ResolvedLoss {
  if (spec instanceof Loss) return { name: spec.name, fn: (a, b) => spec.call(a, b) };
  if (typeof spec === 'function') return { name: spec.name || 'loss', fn: spec };
  const make = NAMED[String(spec).toLowerCase().replace(/_/g, '')];
  if (make === undefined)
    throw new ArgumentError(
      'getLoss',
      `unknown loss '${String(spec)}'; known: ${Object.keys(NAMED).join(', ')}`,
    );
  const loss = make();
  return { name: loss.name, fn: (a, b) => loss.call(a, b) };
}
