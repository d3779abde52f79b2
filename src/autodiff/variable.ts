/**
 * Variables: named, mutable tensors that optimizers update in place and that every
 * tape watches automatically when trainable.
 * @module
 */
import { ArgumentError, JitError, ShapeError } from './errors.js';
import { fmt, sameShape } from './shape.js';
import { isTracing, noGrad } from './tape.js';
import { Tensor, toTensor, type TensorLike } from './tensor.js';

/**
 * Options of {@link variable}.
 * @example
 * ```ts
 * import { variable, maximum, type VariableOptions } from 'pathwise';
 * const nonNegative: VariableOptions = { name: 'scale', constraint: (v) => maximum(v, 0) };
 * const s = variable([-1, 2], nonNegative);
 * s.toArray(); // [0, 2]: the constraint also runs at creation
 * s.assign([3, -4]).toArray(); // [3, 0]
 * ```
 */
export interface VariableOptions {
  /** Name used in messages and gradient explanations (default `'variable'`). */
  name?: string;
  /** Whether tapes watch it automatically (default true). */
  trainable?: boolean;
  /** Applied after every assignment, e.g. a projection to non-negative values. */
  constraint?: (value: Tensor) => Tensor;
  /**
   * The constraint done in place on the values (it must give exactly what `constraint`
   * returns): used instead of it after every assignment, so an update allocates no tensor.
   */
  constrainInPlace?: (values: Float64Array) => void;
}

let counter = 0;

/**
 * A tensor whose contents can be replaced with {@link Variable.assign}. Trainable
 * variables are watched by every active tape, so `tape.gradient(loss, [v])` works
 * without `watch`. Its constraint (if any) runs after every assignment.
 *
 * Assigning while a tape that recorded an op on the variable is still waiting for its
 * `gradient` call changes what that gradient sees: compute gradients first, then update.
 * @example
 * ```ts
 * import { variable, GradientTape, mul } from 'pathwise';
 * const w = variable(3, { name: 'w' });
 * const tape = new GradientTape();
 * const y = tape.record(() => mul(w, w));
 * tape.gradient(y, w)?.item(); // 6
 * w.assign(1);
 * w.item(); // 1
 * ```
 */
export class Variable extends Tensor {
  /** The name given at creation. */
  readonly name: string;
  /** Whether tapes watch it automatically. */
  readonly trainable: boolean;
  /** The projection applied after each assignment. */
  readonly constraint: ((value: Tensor) => Tensor) | undefined;
  private readonly inPlace: ((values: Float64Array) => void) | undefined;
  /** `${name}.assign`, made once: not a string per update. */
  private readonly assignOp: string;

  constructor(init: TensorLike, options: VariableOptions = {}) {
    const t = toTensor(init, 'variable', 'init');
    super(Float64Array.from(t.data), t.shape);
    this.name = options.name ?? `variable_${counter++}`;
    this.trainable = options.trainable ?? true;
    const c = options.constraint;
    if (c !== undefined && typeof c !== 'function')
      throw new ArgumentError(
        'variable',
        `constraint of '${this.name}' must be a function of the value, got ${typeof c} ${String(c)}`,
      );
    this.constraint = c;
    this.inPlace = c === undefined ? undefined : options.constrainInPlace;
    this.assignOp = `${this.name}.assign`;
    this._trainable = this.trainable;
    this._variable = true;
    if (this.constraint) this.store(this);
  }

  /**
   * Overwrites the contents with `value` (same shape), then applies the constraint.
   * Not recorded on any tape. Returns this variable.
   * @throws {@link ShapeError} if the shape differs; {@link ArgumentError} on non-numeric data
   *   or a constraint that returns no Tensor (or one of another shape).
   */
  assign(value: TensorLike): this {
    if (isTracing())
      throw new JitError(
        this.assignOp,
        'a jitted function must not assign Variables: return the new value and assign it outside',
      );
    const t = toTensor(value, this.assignOp, 'value');
    if (t.shape !== this.shape && !sameShape(t.shape, this.shape)) {
      throw new ShapeError(
        this.assignOp,
        `value has shape ${fmt(t.shape)} but the variable has shape ${fmt(this.shape)}`,
      );
    }
    return this.store(t);
  }

  /** Writes `t` (this variable's shape), projected by the constraint. */
  private store(t: Tensor): this {
    const inPlace = this.inPlace;
    if (inPlace !== undefined) {
      if (t !== this) this.write(t);
      inPlace(this.data);
      this._node = null;
      return this;
    }
    const c = this.constraint;
    const v = c ? noGrad(() => c(t)) : t;
    if (!(v instanceof Tensor))
      throw new ArgumentError(
        `${this.name}.assign`,
        `the constraint of '${this.name}' must return a Tensor, got ${v == null ? String(v) : `${typeof v} ${String(v)}`}`,
      );
    if (!sameShape(v.shape, this.shape)) {
      throw new ArgumentError(
        `${this.name}.assign`,
        `the constraint returned shape ${fmt(v.shape)} for a variable of shape ${fmt(this.shape)}`,
      );
    }
    this.write(v);
    this._node = null;
    return this;
  }

  /** Copies the values of `v` (this variable's shape) into this variable. */
  private write(v: Tensor): void {
    if (v.size === 1)
      this.data[0] = v._buf[v._off]; // a one-element tensor may have no view yet
    else this.data.set(v.data);
  }
}

/**
 * Creates a {@link Variable}.
 * @throws {@link ArgumentError} on non-numeric data, a `constraint` that is not a
 *   function, or one that returns no Tensor (it runs at creation).
 * @example
 * ```ts
 * import { variable } from 'pathwise';
 * const s = variable([0.5], { name: 'sigma', constraint: (v) => v });
 * s.name; // 'sigma'
 * ```
 */
export function variable(init: TensorLike, options: VariableOptions = {}): Variable {
  return new Variable(init, options);
}
