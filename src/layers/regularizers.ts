/**
 * Weight regularizers (Keras's): penalties added to the training loss.
 * @module
 */
import { abs, add, ArgumentError, mul, square, sum, type Tensor } from '../autodiff/index.js';

/**
 * A penalty on a weight's value, added to the loss that `fit` minimises (and reports).
 * @example
 * ```ts
 * import { sum, mul, tensor, type Regularizer } from 'pathwise';
 * const cube: Regularizer = { name: 'Cube', apply: (w) => sum(mul(w, mul(w, w))) };
 * cube.apply(tensor([1, 2])).item(); // 9
 * ```
 */
export interface Regularizer {
  /** The class name, e.g. `'L2'`. */
  readonly name: string;
  /** The penalty, a scalar tensor (recorded on the tape: it is differentiated). */
  apply(w: Tensor): Tensor;
}

function factor(op: string, name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v))
    throw new ArgumentError(op, `${name} must be a finite number >= 0, got ${v}`);
  return v;
}

/**
 * `l1 · Σ|w|` (default l1 = 0.01).
 * @example
 * ```ts
 * import { L1, tensor } from 'pathwise';
 * new L1({ l1: 0.5 }).apply(tensor([-2, 1])).item(); // 1.5
 * ```
 */
export class L1 implements Regularizer {
  readonly name = 'L1';
  /** The factor. */
  readonly l1: number;
  constructor(options: { l1?: number } = {}) {
    this.l1 = factor('L1', 'l1', options.l1 ?? 0.01);
  }
  apply(w: Tensor): Tensor {
    return mul(this.l1, sum(abs(w)));
  }
}

/**
 * `l2 · Σw²` (default l2 = 0.01; as in Keras, no factor ½). The classic course's
 * `λ/(2m) · ΣΘ²` is `new L2({ l2: λ / (2 * m) })`.
 * @example
 * ```ts
 * import { L2, tensor } from 'pathwise';
 * new L2({ l2: 0.5 }).apply(tensor([-2, 1])).item(); // 2.5
 * ```
 */
export class L2 implements Regularizer {
  readonly name = 'L2';
  /** The factor. */
  readonly l2: number;
  constructor(options: { l2?: number } = {}) {
    this.l2 = factor('L2', 'l2', options.l2 ?? 0.01);
  }
  apply(w: Tensor): Tensor {
    return mul(this.l2, sum(square(w)));
  }
}

/**
 * `l1 · Σ|w| + l2 · Σw²` (both default 0).
 * @example
 * ```ts
 * import { L1L2, tensor } from 'pathwise';
 * new L1L2({ l1: 1, l2: 1 }).apply(tensor([-2, 1])).item(); // 8
 * ```
 */
export class L1L2 implements Regularizer {
  readonly name = 'L1L2';
  /** The L1 factor. */
  readonly l1: number;
  /** The L2 factor. */
  readonly l2: number;
  constructor(options: { l1?: number; l2?: number } = {}) {
    this.l1 = factor('L1L2', 'l1', options.l1 ?? 0);
    this.l2 = factor('L1L2', 'l2', options.l2 ?? 0);
  }
  apply(w: Tensor): Tensor {
    return add(mul(this.l1, sum(abs(w))), mul(this.l2, sum(square(w))));
  }
}

/**
 * A regularizer from a Keras-style name (`'l1'`, `'l2'`, `'l1_l2'`, with default
 * factors 0.01) or the regularizer itself.
 * @throws {@link ArgumentError} naming the known regularizers.
 * @example
 * ```ts
 * import { getRegularizer } from 'pathwise';
 * getRegularizer('l2').name; // 'L2'
 * ```
 */
export function getRegularizer(spec: string | Regularizer): Regularizer {
  if (typeof spec !== 'string') return spec;
  switch (spec.toLowerCase().replace(/_/g, '')) {
    case 'l1':
      return new L1();
    case 'l2':
      return new L2();
    case 'l1l2':
      return new L1L2({ l1: 0.01, l2: 0.01 });
    default:
      throw new ArgumentError(
        'getRegularizer',
        `unknown regularizer '${spec}'; known: l1, l2, l1_l2`,
      );
  }
}
