/**
 * The optimizer base class: validates and clips gradients, evaluates the learning-rate
 * schedule, keeps per-variable slots (momentum, second moments, ...), and updates
 * Variables in place, after which each Variable's constraint applies. Subclasses
 * implement one loop over a variable's elements.
 * @module
 */
import {
  ArgumentError,
  GradientTape,
  NonFiniteGradientError,
  ShapeError,
  Tensor,
  toTensor,
  Variable,
  type TensorLike,
} from '../autodiff/index.js';
import { fmt, sameShape } from '../autodiff/shape.js';
import { checkLimit, clipFactor, clipValueInPlace, scaleInPlace, sumOfSquares } from './clip.js';
import { type LearningRateSchedule } from './schedules.js';

/**
 * Options shared by every optimizer. At most one of the clipping options may be set
 * (as in Keras).
 * @example
 * ```ts
 * import { SGD, type OptimizerOptions } from 'pathwise';
 * const o: OptimizerOptions = { learningRate: 0.1, globalClipNorm: 1 };
 * new SGD(o).learningRate; // 0.1
 * ```
 */
export interface OptimizerOptions {
  /** A number, or a schedule called with the step count. Each optimizer has its own default. */
  learningRate?: number | LearningRateSchedule;
  /** Clip every gradient element to `[-clipValue, clipValue]`. */
  clipValue?: number;
  /** Clip each gradient separately to this L2 norm. */
  clipNorm?: number;
  /** Clip all gradients jointly to this global L2 norm. */
  globalClipNorm?: number;
}

/** Per-variable state: scratch copies of the gradient and the new value, and the slots. */
interface State {
  variable: Variable;
  grad: Float64Array;
  next: Tensor;
  slots: Float64Array[];
}

/**
 * Throws a {@link NonFiniteGradientError} from `${name}.apply` at the first NaN or
 * ±Infinity in `g` (the op name is built only then: not a string per step).
 */
function checkFiniteGradient(name: string, v: Variable, g: Tensor): void {
  // a one-element tensor may have no view yet: read it without making one (or an array)
  if (g.size === 1) {
    const x = g.item();
    if (!Number.isFinite(x)) throw nonFiniteGradient(name, v, x, 0);
    return;
  }
  const d = g.data;
  for (let i = 0; i < d.length; i++)
    if (!Number.isFinite(d[i])) throw nonFiniteGradient(name, v, d[i], i);
}

function nonFiniteGradient(
  name: string,
  v: Variable,
  x: number,
  i: number,
): NonFiniteGradientError {
  return new NonFiniteGradientError(
    `${name}.apply`,
    v.name,
    `the gradient of variable '${v.name}' (shape ${fmt(v.shape)}) holds ${x} at flat index ${i}; nothing was updated`,
  );
}

/**
 * Base class of the optimizers. Use {@link Optimizer.apply} with gradients you computed,
 * or {@link Optimizer.minimize} to record a loss, differentiate it and update in one
 * call. Updates happen in place on the Variables, then each Variable's constraint
 * runs. A `null` gradient leaves its variable (and its slots) untouched. A gradient
 * holding NaN or ±Infinity is an error ({@link NonFiniteGradientError}), never applied:
 * one NaN would otherwise poison moment estimates for good.
 *
 * A subclass declares its slot names and implements `update`, one loop over the
 * elements of one variable.
 * @example
 * ```ts
 * import { Optimizer, variable } from 'pathwise';
 * // plain gradient descent, written as a subclass
 * class Descent extends Optimizer {
 *   constructor() {
 *     super('Descent', { learningRate: 0.5 }, []);
 *   }
 *   protected update(w: Float64Array, g: Float64Array, _slots: Float64Array[], lr: number): void {
 *     for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
 *   }
 * }
 * const w = variable([1, 2]);
 * new Descent().apply([[2, 2]], [w]);
 * w.toArray(); // [0, 1]
 * ```
 */
export abstract class Optimizer {
  /** The optimizer's name, used in errors. */
  readonly name: string;
  /** The learning rate: a number or a schedule of the step count. */
  learningRate: number | LearningRateSchedule;
  /** Number of updates applied so far (each `apply` call is one). */
  iterations = 0;
  private readonly clipValue: number | undefined;
  private readonly clipNorm: number | undefined;
  private readonly globalClipNorm: number | undefined;
  private readonly slotNames: readonly string[];
  private readonly state = new WeakMap<Variable, State>();
  /**
   * The states one apply updates, in its first `count` entries, the rest null: reused
   * with its length kept (emptying it would free the backing store, reallocated by the
   * next push: 152 bytes per step), without keeping variables alive between applies.
   */
  private readonly active: (State | null)[] = [];

  /**
   * @param name - the optimizer's name, used in errors.
   * @param options - learning rate and clipping.
   * @param slotNames - the names of the per-variable slots `update` receives, in order.
   * @param slotInit - the initial value of every slot element (default 0).
   * @throws {@link ArgumentError} for a bad learning rate or clipping option.
   */
  constructor(
    name: string,
    options: OptimizerOptions,
    slotNames: readonly string[],
    private readonly slotInit: readonly number[] = [],
  ) {
    this.name = name;
    const lr = options.learningRate ?? 0.001;
    if (typeof lr === 'number' && !(lr >= 0 && Number.isFinite(lr)))
      throw new ArgumentError(name, `learningRate must be a finite number >= 0, got ${lr}`);
    if (typeof lr !== 'number' && typeof lr !== 'function')
      throw new ArgumentError(name, `learningRate must be a number or a schedule function`);
    this.learningRate = lr;
    const set = (['clipValue', 'clipNorm', 'globalClipNorm'] as const).filter(
      (k) => options[k] !== undefined,
    );
    if (set.length > 1)
      throw new ArgumentError(
        name,
        `set at most one of clipValue, clipNorm, globalClipNorm, got ${set.join(', ')}`,
      );
    for (const k of set) checkLimit(name, k, options[k] as number);
    this.clipValue = options.clipValue;
    this.clipNorm = options.clipNorm;
    this.globalClipNorm = options.globalClipNorm;
    this.slotNames = slotNames;
  }

  /** The learning rate of the next update (the schedule evaluated at `iterations`). */
  get currentLearningRate(): number {
    const lr = this.learningRate;
    return typeof lr === 'number' ? lr : lr(this.iterations);
  }

  /**
   * Updates `w` (a copy of the variable's values, written back afterwards) from the
   * clipped gradient `g`, the slots (in the order of `slotNames`), the learning rate and
   * the 1-based step `t`.
   */
  protected abstract update(
    w: Float64Array,
    g: Float64Array,
    slots: Float64Array[],
    lr: number,
    t: number,
  ): void;

  /**
   * Applies one update: `variables[i]` moves along `grads[i]` (same shape; `null` means
   * no gradient: the variable is skipped). Then `iterations` increases by one.
   * @throws {@link ArgumentError} if the lists differ in length or a variable is not a
   *   Variable; {@link ShapeError} naming the variable if a gradient's shape differs;
   *   {@link NonFiniteGradientError} naming the variable and the entry if a gradient
   *   holds NaN or ±Infinity. Every check runs before anything is written: after a throw,
   *   all variables, slots and `iterations` are as they were.
   */
  apply(grads: readonly (TensorLike | null)[], variables: readonly Variable[]): void {
    if (grads.length !== variables.length) {
      throw new ArgumentError(
        `${this.name}.apply`,
        `got ${grads.length} gradient(s) for ${variables.length} variable(s)`,
      );
    }
    const active = this.active;
    let count = 0;
    try {
      for (let i = 0; i < variables.length; i++) {
        const v = variables[i];
        const g = grads[i];
        if (!(v instanceof Variable))
          throw new ArgumentError(`${this.name}.apply`, `variables[${i}] is not a Variable`);
        if (g === null) continue;
        const t = g instanceof Tensor ? g : toTensor(g, `${this.name}.apply`, `grads[${i}]`);
        if (t.shape !== v.shape && !sameShape(t.shape, v.shape)) {
          throw new ShapeError(
            `${this.name}.apply`,
            `the gradient of variable '${v.name}' has shape ${fmt(t.shape)}, but the variable has shape ${fmt(v.shape)}`,
          );
        }
        checkFiniteGradient(this.name, v, t);
        const s = this.stateOf(v);
        if (t.size === 1)
          s.grad[0] = t.item(); // a one-element tensor may have no view yet
        else s.grad.set(t.data);
        active[count++] = s;
      }
      this.clip(active as State[], count);
      const lr = this.currentLearningRate;
      const step = this.iterations + 1;
      for (let i = 0; i < count; i++) {
        const s = active[i] as State;
        const w = s.next.data;
        w.set(s.variable.data);
        this.update(w, s.grad, s.slots, lr, step);
        s.variable.assign(s.next);
      }
    } finally {
      for (let i = 0; i < count; i++) active[i] = null;
    }
    this.iterations++;
  }

  /**
   * Records `loss()` on a fresh GradientTape, differentiates it with respect to
   * `variables` and applies the update. Returns the loss (its value before the update).
   * Variables the loss does not depend on are left unchanged.
   * @example
   * ```ts
   * import { SGD, variable, square, sub, sum } from 'pathwise';
   * const w = variable([0, 0]);
   * const opt = new SGD({ learningRate: 0.25 });
   * for (let i = 0; i < 50; i++) opt.minimize(() => sum(square(sub(w, [1, -2]))), [w]);
   * w.toArray(); // ≈ [1, -2]
   * ```
   */
  minimize(loss: () => Tensor, variables: readonly Variable[]): Tensor {
    const tape = new GradientTape();
    const value = tape.record(loss);
    this.apply(tape.gradient(value, variables), variables);
    return value;
  }

  /**
   * A copy of one slot of a variable (e.g. Adam's `'m'` and `'v'`), or undefined if the
   * variable has not been updated yet or the optimizer has no such slot.
   */
  getSlot(variable: Variable, name: string): Tensor | undefined {
    const k = this.slotNames.indexOf(name);
    const s = this.state.get(variable);
    if (k < 0 || s === undefined) return undefined;
    return new Tensor(Float64Array.from(s.slots[k]), variable.shape);
  }

  private stateOf(v: Variable): State {
    let s = this.state.get(v);
    if (s === undefined) {
      s = {
        variable: v,
        grad: new Float64Array(v.size),
        next: new Tensor(new Float64Array(v.size), v.shape),
        slots: this.slotNames.map((_, k) => new Float64Array(v.size).fill(this.slotInit[k] ?? 0)),
      };
      this.state.set(v, s);
    }
    return s;
  }

  /** Clips the gradients of the first `n` states of `active`. */
  private clip(active: readonly State[], n: number): void {
    if (this.clipValue !== undefined)
      for (let i = 0; i < n; i++) clipValueInPlace(active[i].grad, this.clipValue);
    else if (this.clipNorm !== undefined) {
      for (let i = 0; i < n; i++) {
        const s = active[i];
        const c = clipFactor(Math.sqrt(sumOfSquares(s.grad)), this.clipNorm);
        if (c !== 1) scaleInPlace(s.grad, c);
      }
    } else if (this.globalClipNorm !== undefined) {
      let total = 0;
      for (let i = 0; i < n; i++) total += sumOfSquares(active[i].grad);
      const c = clipFactor(Math.sqrt(total), this.globalClipNorm);
      if (c !== 1) for (let i = 0; i < n; i++) scaleInPlace(active[i].grad, c);
    }
  }
}
