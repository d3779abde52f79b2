/**
 * Errors thrown by pathwise. Every message names the operation, the argument and
 * the offending shape or value, so a user can find the bad call without a debugger.
 * @module
 */

/**
 * Base class of every error pathwise throws on purpose.
 * @example
 * ```ts
 * import { add, PathwiseError } from 'pathwise';
 * try { add([1, 2], [1, 2, 3]); } catch (e) { console.log(e instanceof PathwiseError); } // true
 * ```
 */
export class PathwiseError extends Error {
  /** The operation (or function) that rejected its input. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = new.target.name;
    this.op = op;
  }
}

/**
 * Shapes that do not fit the operation: a broadcasting mismatch, a wrong rank, a bad axis.
 * @example
 * ```ts
 * import { matmul, ShapeError } from 'pathwise';
 * try { matmul([[1, 2]], [[1, 2]]); } catch (e) { console.log((e as ShapeError).message); }
 * // matmul: inner dimensions differ: a has shape [1,2] and b has shape [1,2] (2 vs 1)
 * ```
 */
export class ShapeError extends PathwiseError {}

/**
 * A value of the wrong kind: non-numeric data, a non-integer index, a bad option.
 * @example
 * ```ts
 * import { tensor, ArgumentError } from 'pathwise';
 * try { tensor([1, 'a' as unknown as number]); } catch (e) { console.log(e instanceof ArgumentError); } // true
 * ```
 */
export class ArgumentError extends PathwiseError {}

/**
 * Misuse of the differentiation API, such as the gradient of a non-scalar target
 * without a seed cotangent, or a custom VJP returning the wrong shape.
 * @example
 * ```ts
 * import { GradientTape, tensor, mul, GradientError } from 'pathwise';
 * const x = tensor([1, 2]);
 * const tape = new GradientTape();
 * const y = tape.record(() => { tape.watch(x); return mul(x, x); });
 * try { tape.gradient(y, [x]); } catch (e) { console.log(e instanceof GradientError); } // true
 * ```
 */
export class GradientError extends PathwiseError {}

/**
 * Thrown by {@link detectAnomaly} at the first operation that turns finite values into
 * NaN or ±Infinity, in the forward pass or in the backward sweep.
 * @example
 * ```ts
 * import { detectAnomaly, log, tensor, AnomalyError } from 'pathwise';
 * try { detectAnomaly(() => log(tensor(-1))); } catch (e) { console.log((e as AnomalyError).direction); } // 'forward'
 * ```
 */
export class AnomalyError extends PathwiseError {
  /** `'forward'` when an op's output went non-finite, `'backward'` when a cotangent did. */
  readonly direction: 'forward' | 'backward';
  /** The first stack frame in user code that called the op, when it could be found. */
  readonly site: string | undefined;
  constructor(op: string, direction: 'forward' | 'backward', message: string, site?: string) {
    super(op, message + (site ? `\n  called at ${site}` : ''));
    this.direction = direction;
    this.site = site;
  }
}

/**
 * Thrown by {@link jit} for a function it cannot compile: one whose result depends on
 * tensor values through JavaScript (`item()`, `toArray()`, control flow), that draws
 * random numbers, assigns a Variable, or uses an op jit does not know.
 * @example
 * ```ts
 * import { jit, JitError, tensor, type Tensor } from 'pathwise';
 * const f = jit((x: Tensor) => (x.item() > 0 ? x : tensor(0)));
 * try {
 *   f(1);
 * } catch (e) {
 *   console.log(e instanceof JitError); // true
 * }
 * ```
 */
export class JitError extends PathwiseError {}

/**
 * A computation produced NaN or ±Infinity where only a finite number makes sense: a
 * gradient handed to an optimizer, a training loss. The state it would have changed is
 * left as it was.
 * @example
 * ```ts
 * import { NonFiniteError, PathwiseError } from 'pathwise';
 * const e = new NonFiniteError('fit', 'the loss is NaN');
 * console.log(e instanceof PathwiseError, e.message); // true 'fit: the loss is NaN'
 * ```
 */
export class NonFiniteError extends PathwiseError {}

/**
 * Thrown by an optimizer's `apply` when a gradient holds NaN or ±Infinity: it names the
 * variable and the first bad entry, and neither the variables nor the optimizer's state
 * (momenta, moment estimates, step count) change.
 * @example
 * ```ts
 * import { SGD, variable, NonFiniteGradientError } from 'pathwise';
 * const w = variable([1, 2], { name: 'w' });
 * try {
 *   new SGD({ learningRate: 0.1 }).apply([[0.5, NaN]], [w]);
 * } catch (e) {
 *   console.log((e as NonFiniteGradientError).variable, w.toArray()); // 'w' [1, 2]
 * }
 * ```
 */
export class NonFiniteGradientError extends NonFiniteError {
  /** The name of the variable whose gradient is not finite. */
  readonly variable: string;
  constructor(op: string, variable: string, message: string) {
    super(op, message);
    this.variable = variable;
  }
}
