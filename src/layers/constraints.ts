/**
 * Weight constraints (Keras's): projections applied to a weight after every optimizer
 * update, through the Variable's `constraint`.
 * @module
 */
import {
  add,
  ArgumentError,
  clip,
  div,
  mul,
  relu,
  sqrt,
  square,
  sum,
  Tensor,
} from '../autodiff/index.js';

/**
 * A projection of a weight's value, run after each update (never recorded on a tape).
 * @example
 * ```ts
 * import { variable, tensor, type WeightConstraint } from 'pathwise';
 * const atMostOne: WeightConstraint = { name: 'AtMostOne', apply: (w) => tensor(Array.from(w.data, (v) => Math.min(v, 1))) };
 * variable([0.5, 3], { constraint: (w) => atMostOne.apply(w) }).toArray(); // [0.5, 1]
 * ```
 */
export interface WeightConstraint {
  /** The class name, e.g. `'NonNeg'`. */
  readonly name: string;
  /** The projected value (same shape). */
  apply(w: Tensor): Tensor;
  /**
   * Optional: `apply` done in place on the values, giving them bit for bit; a weight's
   * Variable then uses it after each update instead of allocating a tensor (a subclass
   * that overrides `apply` must override this too).
   */
  applyInPlace?(values: Float64Array): void;
}

/**
 * Clamps negative elements to 0 (`σ ≥ 0` for the bump layer's width).
 * @example
 * ```ts
 * import { NonNeg, tensor } from 'pathwise';
 * new NonNeg().apply(tensor([-0.5, 0.25])).toArray(); // [0, 0.25]
 * ```
 */
export class NonNeg implements WeightConstraint {
  readonly name = 'NonNeg';
  apply(w: Tensor): Tensor {
    return relu(w);
  }
  /** `apply` in place: negative elements become 0 (as relu: -0 and NaN stay). */
  applyInPlace(values: Float64Array): void {
    for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
  }
}

const EPSILON = 1e-7; // Keras's backend epsilon

function norms(w: Tensor, axis: number | readonly number[]): Tensor {
  return sqrt(sum(square(w), { axis, keepDims: true }));
}

/**
 * Options of {@link MinMaxNorm}.
 * @example
 * ```ts
 * import { MinMaxNorm, type MinMaxNormOptions } from 'pathwise';
 * const o: MinMaxNormOptions = { minValue: 1, maxValue: 2 };
 * new MinMaxNorm(o).maxValue; // 2
 * ```
 */
export interface MinMaxNormOptions {
  /** Smallest allowed norm (default 0). */
  minValue?: number;
  /** Largest allowed norm (default 1). */
  maxValue?: number;
  /** 1 (default) projects fully; r < 1 moves the norm a fraction r of the way. */
  rate?: number;
  /** Axis or axes over which norms are taken (default 0: each output unit's incoming weights). */
  axis?: number | readonly number[];
}

/**
 * Keeps the L2 norm of each slice along `axis` within `[minValue, maxValue]`:
 * `w · (rate·clip(‖w‖, min, max) + (1 - rate)·‖w‖) / (ε + ‖w‖)`, with Keras's ε = 1e-7.
 * @throws {@link ArgumentError} if `maxValue < minValue` or `rate` is outside [0, 1].
 * @example
 * ```ts
 * import { MinMaxNorm, tensor } from 'pathwise';
 * const w = new MinMaxNorm({ minValue: 0, maxValue: 1 }).apply(tensor([[3], [4]]));
 * w.toArray(); // ≈ [[0.6], [0.8]]
 * ```
 */
export class MinMaxNorm implements WeightConstraint {
  readonly name = 'MinMaxNorm';
  /** Smallest allowed norm. */
  readonly minValue: number;
  /** Largest allowed norm. */
  readonly maxValue: number;
  /** Projection rate. */
  readonly rate: number;
  /** The axis or axes of the norms. */
  readonly axis: number | readonly number[];
  constructor(options: MinMaxNormOptions = {}) {
    this.minValue = options.minValue ?? 0;
    this.maxValue = options.maxValue ?? 1;
    this.rate = options.rate ?? 1;
    this.axis = options.axis ?? 0;
    if (!(this.maxValue >= this.minValue))
      throw new ArgumentError(
        'MinMaxNorm',
        `maxValue ${this.maxValue} is below minValue ${this.minValue}`,
      );
    if (!(this.rate >= 0 && this.rate <= 1))
      throw new ArgumentError('MinMaxNorm', `rate must be in [0, 1], got ${this.rate}`);
  }
  apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = add(
      mul(this.rate, clip(n, this.minValue, this.maxValue)),
      mul(1 - this.rate, n),
    );
    return mul(w, div(desired, add(n, EPSILON)));
  }
}

/**
 * Options of {@link UnitNorm}.
 * @example
 * ```ts
 * import { UnitNorm, type UnitNormOptions } from 'pathwise';
 * const o: UnitNormOptions = { axis: 1 };
 * new UnitNorm(o).axis; // 1
 * ```
 */
export interface UnitNormOptions {
  /** Axis or axes over which norms are taken (default 0). */
  axis?: number | readonly number[];
}

/**
 * Scales each slice along `axis` to unit L2 norm: `w / (ε + ‖w‖)`.
 * @example
 * ```ts
 * import { UnitNorm, tensor } from 'pathwise';
 * new UnitNorm({ axis: 1 }).apply(tensor([[3, 4]])).toArray(); // ≈ [[0.6, 0.8]]
 * ```
 */
export class UnitNorm implements WeightConstraint {
  readonly name = 'UnitNorm';
  /** The axis or axes of the norms. */
  readonly axis: number | readonly number[];
  constructor(options: UnitNormOptions = {}) {
    this.axis = options.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return div(w, add(norms(w, this.axis), EPSILON));
  }
}

const NAMED: Record<string, () => WeightConstraint> = {
  nonneg: () => new NonNeg(),
  minmaxnorm: () => new MinMaxNorm(),
  unitnorm: () => new UnitNorm(),
};

/**
 * A constraint from a Keras-style name (`'non_neg'`, `'NonNeg'`, `'nonNeg'`,
 * `'min_max_norm'`, `'unit_norm'`; case and underscores are ignored) or the constraint itself.
 * @throws {@link ArgumentError} naming the known constraints.
 * @example
 * ```ts
 * import { getConstraint } from 'pathwise';
 * getConstraint('non_neg').name; // 'NonNeg'
 * ```
 */
export function getConstraint(spec: string | WeightConstraint): WeightConstraint {
  if (typeof spec !== 'string') return spec;
  const make = NAMED[spec.toLowerCase().replace(/_/g, '')];
  if (make === undefined)
    throw new ArgumentError(
      'getConstraint',
      `unknown constraint '${spec}'; known: ${Object.keys(NAMED).join(', ')}`,
    );
  return make();
}
