/**
 * `jit`: trace once, then run compiled code. The first call with given argument shapes
 * runs `f` eagerly on a tape that records every op computed from the arguments (and
 * from Variables) — the forward ops and, when `f` takes gradients, the ops of its
 * backward sweeps too. The recording is compiled into one JavaScript function by four
 * passes over a flat list of equations (types.ts documents it field by field):
 *
 * 1. trace.ts records f and keeps the equations its result needs, with the constants
 *    and Variables they read;
 * 2. classify.ts decides how each value is computed: a loop element, a scalar, a full
 *    or leading-axes sum, an alias of its input, or an opaque call of its eager kernel;
 * 3. schedule.ts groups them into steps (one loop per run of same-size elementwise
 *    ops, sums in the loop of their input, one step per opaque op) and marks which
 *    loop values must be stored;
 * 4. emit.ts (with operands.ts, loops.ts, pairwise.ts) writes the source; compile.ts
 *    runs the passes and makes the function.
 *
 * Results are bit for bit those of eager execution: the fused loops compute the same
 * IEEE operations in the same order, and sums keep the eager pairwise order. Later
 * calls with the same shapes run the compiled function: no tape, no per-op objects, no
 * intermediate arrays for fused values. This file is `jit` itself: the cache by
 * argument shapes, the check against eager runs, retracing.
 * @module
 */
import { JitError } from '../errors.js';
import { sameShape, type Shape } from '../shape.js';
import { anomalyMode, isRecording, tidy } from '../tape.js';
import { Tensor, toTensor, type TensorLike } from '../tensor.js';
import { compile } from './compile.js';
import { record, tensorsOf } from './trace.js';
import type { Program } from './types.js';

/** One compiled version of f, for one list of argument shapes. */
interface Compiled {
  shapes: Shape[];
  program: Program;
  opaque: boolean; // whether some op runs its eager kernel
  checked: boolean; // trusted: not under the check option, or its first run matched f
}

/**
 * Options of {@link jit}.
 * @example
 * ```ts
 * import { jit, mul, type JitOptions } from 'pathwise';
 * const options: JitOptions = { maxTraces: 4 };
 * jit((x) => mul(x, 2), options)([1, 2]).toArray(); // [2, 4]
 * ```
 */
export interface JitOptions {
  /** How many argument-shape signatures to keep compiled (default 8; least recent dropped). */
  maxTraces?: number;
  /**
   * Do not trust the trace (default false). The first run of each compiled version is
   * compared bit for bit with `f` run eagerly on the same arguments; if they differ (f
   * reads tensor values into JavaScript behind the tape's back, say), or f cannot be
   * traced, f runs eagerly from then on instead of throwing. Eager runs then recycle
   * their temporaries as in {@link tidy}. For loops that must never change results:
   * `fit` and NUTS use it.
   */
  check?: boolean;
}

/**
 * A function returned by {@link jit}: call it like `f`.
 * @example
 * ```ts
 * import { jit, exp, matmul, sum, type Jitted, type Tensor } from 'pathwise';
 * const f: Jitted<Tensor> = jit((x: Tensor) => exp(x));
 * f(0).item(); // 1
 * f.traces; // 1
 * f.eager; // false
 * const g = jit((a: Tensor) => sum(exp(matmul(a, a))));
 * g([[1, 0], [0, 1]]).item(); // ≈ 7.43656365691809
 * console.log(g.explain());
 * // jit: 1 loop(s) fusing 2 op(s), 0 scalar statement(s), 1 op(s) on eager kernels (matmul)
 * ```
 */
export interface Jitted<R> {
  (...args: TensorLike[]): R;
  /** How many times f has been traced (once per new list of argument shapes). */
  readonly traces: number;
  /** True once the `check` option has sent f back to eager execution. */
  readonly eager: boolean;
  /**
   * The JavaScript compiled for the most recent trace (undefined before the first
   * call): one loop per group of fused elementwise ops, `R[k](...)` for ops run by
   * their eager kernels. For reading, e.g. to see what fused.
   */
  readonly source: string | undefined;
  /**
   * The schedule of the most recent trace as text (undefined before the first call):
   * a summary line, the inputs, then each step in order — a loop with the ops fused
   * into it (and which of their values are stored, which sums it accumulates), scalar
   * statements, or an op run by its eager kernel with the reason it did not fuse (not
   * elementwise, broadcasting other than along leading axes, a sum not over leading
   * axes). Values have the names they have in {@link Jitted.source}.
   */
  explain(): string | undefined;
}

/** Whether two results of f hold the same tensors, bit for bit (as Object.is). */
function sameResults(a: unknown, b: unknown): boolean {
  const x = tensorsOf(a, []);
  const y = tensorsOf(b, []);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (!sameShape(x[i].shape, y[i].shape)) return false;
    const p = x[i].data;
    const q = y[i].data;
    for (let j = 0; j < p.length; j++) if (!Object.is(p[j], q[j])) return false;
  }
  return true;
}

function sameShapes(a: readonly Shape[], b: readonly Tensor[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameShape(a[i], b[i].shape)) return false;
  return true;
}

/** Traces f on `args` and compiles the recording: f's result now, and the compiled version. */
function trace<R>(
  f: (...args: Tensor[]) => R,
  args: readonly Tensor[],
): { result: R; compiled: Compiled } {
  const { session, inputs, result } = record(f, args);
  const program = compile(session, inputs, result);
  return {
    result,
    compiled: { shapes: args.map((a) => a.shape), program, opaque: program.opaque, checked: true },
  };
}

/** f's arguments as tensors: the rest array is ours, converted in place. */
function toArgs(raw: TensorLike[]): Tensor[] {
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i];
    if (!(a instanceof Tensor)) raw[i] = toTensor(a, 'jit', `argument ${i}`);
  }
  return raw as Tensor[];
}

/**
 * Compiles `f`, a pure function of tensors, into fused JavaScript (like `jax.jit` or
 * `tf.function`). The first call with new argument shapes traces `f` (runs it eagerly,
 * recording every op, including the backward ops of gradients `f` takes) and compiles
 * the recording: elementwise ops fuse into single loops, full sums accumulate inside
 * them, other ops run their eager kernels. Later calls with those shapes run the
 * compiled code; results equal eager results bit for bit. `explain()` on the result
 * shows what fused and what did not.
 *
 * Rules, as in JAX: `f` must compute its result with pathwise ops from its arguments
 * and from Variables (read afresh at every call); any other tensor it reads is a
 * constant frozen at trace time. It must not read tensor values into numbers
 * (`item()`, `toArray()`) to branch on them, draw random numbers, or assign
 * Variables: those throw a {@link JitError} while tracing. Called under a recording
 * tape or inside {@link detectAnomaly}, the jitted function runs `f` eagerly, so
 * gradients through it work. Needs `new Function` (a page whose Content-Security-Policy
 * forbids eval cannot jit).
 * @throws {@link JitError} when tracing meets something it cannot compile.
 * @example
 * ```ts
 * import { jit, valueAndGrad, mean, square, sub, mul, type Tensor } from 'pathwise';
 * const x = [1, 2, 3];
 * const loss = (w: Tensor) => mean(square(sub(mul(w, x), 2)));
 * const step = jit(valueAndGrad(loss)); // loss and gradient in one fused loop
 * step(0.5).value.item(); // 1.1666666666666667
 * step(0.5).grad.item(); // -3.333333333333333
 * step.traces; // 1
 * ```
 */
export function jit<R>(f: (...args: Tensor[]) => R, options: JitOptions = {}): Jitted<R> {
  const maxTraces = options.maxTraces ?? 8;
  const check = options.check ?? false;
  const cache: Compiled[] = [];
  let traces = 0;
  let eager = false;
  /** Runs the compiled version c (checking it against f on its first run if untrusted). */
  const run = (c: Compiled, args: Tensor[]): R => {
    // opaque ops allocate temporaries: recycle them (fused loops use preallocated buffers)
    const r = (c.opaque ? tidy(() => c.program(args)) : c.program(args)) as R;
    if (c.checked) return r;
    const e = tidy(() => f(...args)); // if it throws, the next run checks again
    if (sameResults(r, e)) {
      c.checked = true;
      return r;
    }
    eager = true;
    return e;
  };
  /** Traces f for new argument shapes (under check, a failed trace sends f back to eager). */
  const retrace = (args: Tensor[]): R => {
    traces++;
    let traced: { result: R; compiled: Compiled };
    try {
      traced = check ? tidy(() => trace(f, args)) : trace(f, args);
    } catch (err) {
      if (!check || !(err instanceof JitError)) throw err;
      eager = true;
      return tidy(() => f(...args));
    }
    traced.compiled.checked = !check;
    cache.unshift(traced.compiled);
    if (cache.length > maxTraces) cache.pop();
    return traced.result;
  };
  const jitted = (...raw: TensorLike[]): R => {
    const args = toArgs(raw);
    if (isRecording() || anomalyMode()) return f(...args);
    if (eager) return tidy(() => f(...args));
    for (let i = 0; i < cache.length; i++) {
      const c = cache[i];
      if (!sameShapes(c.shapes, args)) continue;
      if (i > 0) cache.unshift(...cache.splice(i, 1));
      return run(c, args);
    }
    return retrace(args);
  };
  Object.defineProperty(jitted, 'traces', { get: () => traces });
  Object.defineProperty(jitted, 'eager', { get: () => eager });
  Object.defineProperty(jitted, 'source', { get: () => cache[0]?.program.source });
  Object.defineProperty(jitted, 'explain', { value: () => cache[0]?.program.explain });
  return jitted as Jitted<R>;
}
