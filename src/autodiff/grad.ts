/**
 * Reverse mode: the backward sweep over the tape, `GradientTape` (TensorFlow style)
 * and the functional transforms `grad`, `valueAndGrad`, `vjp` (JAX style).
 * @module
 */
import { ArgumentError, GradientError } from './errors.js';
import { fmt, sameShape } from './shape.js';
import {
  anomalyMode,
  beginRecording,
  checkBackward,
  endRecording,
  parentOf,
  record1,
  runVjp,
  watchTensor,
  type Session,
} from './tape.js';
import { full, Node, share, Tensor, toTensor, zerosLike, type TensorLike } from './tensor.js';
import { add, type UnaryBack } from './ops/arithmetic.js';

/** The node of `t` in session `s`, or null (falls back to a scan if `t` was re-watched later). */
function findNode(s: Session, t: Tensor): Node | null {
  const n = t._node;
  if (n !== null && n.session === s.id && s.nodes[n.index] === n) return n;
  for (let i = s.nodes.length - 1; i >= 0; i--) if (s.nodes[i].output === t) return s.nodes[i];
  return null;
}

/** {@link parentOf} for an input whose mask bit is set, with the common case inline. */
function parent(s: Session, node: Node, j: number): Node | null {
  const n = node.input(j)._node;
  return n !== null && n.session === s.id ? n : parentOf(s, node, j);
}

/**
 * True when every node between `lo` and `hi` may be taken as reachable from `sources`:
 * no cuts, and every leaf in the range is a source. (A node there whose inputs all come
 * from before `lo` is then marked too; the sweep may run its VJP for nothing, but
 * delivers nothing outside the range, so the gradients are the same.) The common case
 * of grad and valueAndGrad, checked without parent lookups.
 */
function allFromSources(
  s: Session,
  lo: number,
  hi: number,
  sources: readonly (Node | null)[],
): boolean {
  const nodes = s.nodes;
  for (let i = lo; i <= hi; i++) {
    const node = nodes[i];
    if (node.vjp !== null) continue;
    if (node.arity > 0 || !sources.includes(node)) return false;
  }
  return true;
}

/**
 * Marks the nodes between `lo` and `hi` reachable from `sources` through
 * differentiable edges (a cut or a leaf passes nothing on).
 */
function forwardReach(
  s: Session,
  lo: number,
  hi: number,
  sources: readonly (Node | null)[],
): Uint8Array {
  const reach = new Uint8Array(hi - lo + 1);
  for (const n of sources)
    if (n !== null && n.index >= lo && n.index <= hi) reach[n.index - lo] = 1;
  const nodes = s.nodes;
  for (let i = lo; i <= hi; i++) {
    if (reach[i - lo] === 1) continue;
    const node = nodes[i];
    if (node.vjp === null) continue;
    for (let j = 0, mask = node.mask; mask !== 0; j++, mask >>>= 1) {
      if ((mask & 1) === 0) continue;
      const p = parent(s, node, j);
      if (p !== null && p.index >= lo && reach[p.index - lo] === 1) {
        reach[i - lo] = 1;
        break;
      }
    }
  }
  return reach;
}

/** Optional observer of the sweep, used by `explainGradient`. */
export interface SweepObserver {
  /** Called after `node`'s VJP turned cotangent `g` into `out[j]` for each needed input j. */
  onVjp(node: Node, g: Tensor, out: readonly (Tensor | null)[]): void;
}

/** Adds cotangent `gj` of input `j` of `node` (whose own cotangent was `g`) into its parent's slot. */
function deliver(
  s: Session,
  node: Node,
  j: number,
  gj: Tensor,
  g: Tensor,
  lo: number,
  reach: Uint8Array,
  ct: (Tensor | undefined)[],
  check: boolean,
): void {
  const p = parent(s, node, j);
  if (p === null || p.index < lo || reach[p.index - lo] === 0) return;
  const input = node.input(j);
  if (gj.shape !== input.shape && !sameShape(gj.shape, input.shape)) {
    throw new GradientError(
      node.name,
      `the gradient of input ${j} has shape ${fmt(gj.shape)}, which does not match the input's shape ${fmt(input.shape)}`,
    );
  }
  if (check) checkBackward(node, g, gj, j);
  const k = p.index - lo;
  const prev = ct[k];
  ct[k] = prev === undefined ? gj : add(prev, gj);
}

/**
 * The reverse sweep: walks the session's nodes from the target's back to the earliest
 * source, skipping nodes not between sources and target, calling each VJP and adding
 * cotangents into its inputs' slots. Returns one cotangent per source, null if no
 * gradient reached it. VJPs run as ordinary ops, so an enclosing tape records them.
 */
export function backward(
  s: Session,
  target: Tensor,
  seed: Tensor,
  sources: readonly Tensor[],
  observer?: SweepObserver,
): (Tensor | null)[] {
  const tn = findNode(s, target);
  const sn = sources.map((x) => findNode(s, x));
  if (tn === null) return sources.map(() => null);
  let lo = tn.index;
  for (const n of sn) if (n !== null && n.index < lo) lo = n.index;
  const hi = tn.index;
  const reach =
    observer === undefined && !anomalyMode() && allFromSources(s, lo, hi, sn)
      ? new Uint8Array(hi - lo + 1).fill(1)
      : forwardReach(s, lo, hi, sn);
  const ct: (Tensor | undefined)[] = new Array(hi - lo + 1);
  const isSource = new Uint8Array(hi - lo + 1);
  for (const n of sn) if (n !== null && n.index >= lo && n.index <= hi) isSource[n.index - lo] = 1;
  ct[hi - lo] = seed;
  const check = anomalyMode();
  const direct = !check && observer === undefined;
  const nodes = s.nodes;
  for (let i = hi; i >= lo; i--) {
    const g = ct[i - lo];
    if (g === undefined || reach[i - lo] === 0) continue;
    const node = nodes[i];
    if (node.vjp === null) continue;
    if (isSource[i - lo] === 0) ct[i - lo] = undefined; // free as we go
    const single = direct ? (node.vjp as UnaryBack).single : undefined;
    if (single !== undefined) {
      // a one-input elementwise op: its rule, without the array around the result
      if ((node.mask & 1) === 1)
        deliver(s, node, 0, single(g, node.input(0), node.output), g, lo, reach, ct, false);
      continue;
    }
    const out = runVjp(node, g);
    if (observer) observer.onVjp(node, g, out);
    const mask = node.mask;
    for (let j = 0; j < out.length; j++) {
      const gj = out[j];
      if (gj !== null && ((mask >>> j) & 1) === 1) deliver(s, node, j, gj, g, lo, reach, ct, check);
    }
  }
  return sn.map((n) =>
    n === null || n.index < lo || n.index > hi ? null : (ct[n.index - lo] ?? null),
  );
}

/**
 * Options of {@link GradientTape}.
 * @example
 * ```ts
 * import { GradientTape, tensor, mul, type GradientTapeOptions } from 'pathwise';
 * const options: GradientTapeOptions = { persistent: true };
 * const x = tensor(3);
 * const tape = new GradientTape(options);
 * const y = tape.record(() => {
 *   tape.watch(x);
 *   return mul(x, x);
 * });
 * tape.gradient(y, x)?.item(); // 6
 * tape.gradient(y, x)?.item(); // 6: a persistent tape may be asked again
 * ```
 */
export interface GradientTapeOptions {
  /** Allow more than one `gradient` call (default false: the tape is freed after one). */
  persistent?: boolean;
}

/**
 * Options of {@link GradientTape.gradient}.
 * @example
 * ```ts
 * import { GradientTape, tensor, mul } from 'pathwise';
 * const x = tensor([1, 2]);
 * const tape = new GradientTape();
 * const y = tape.record(() => {
 *   tape.watch(x);
 *   return mul(x, x);
 * });
 * // y is not a scalar: seed the sweep with a cotangent of y's shape
 * tape.gradient(y, [x], { outputGradient: [1, 10] })[0]?.toArray(); // [2, 40]
 * ```
 */
export interface GradientOptions {
  /** Cotangent of the target (its shape); required when the target is not a scalar. */
  outputGradient?: TensorLike;
}

/**
 * Records ops while `record(fn)` runs, then computes gradients of a recorded target
 * with respect to watched tensors (TensorFlow's `tf.GradientTape`). Trainable
 * {@link Variable}s are watched automatically. Tapes nest: a tape recording around
 * another one records the inner tape's `gradient` computation too, which gives
 * higher-order derivatives.
 *
 * `gradient` returns `null` for a source with no differentiable path to the target
 * (like TF); see {@link explainGradient} for why.
 * @example
 * ```ts
 * import { GradientTape, tensor, mul, sum } from 'pathwise';
 * const x = tensor([1, 2, 3]);
 * const tape = new GradientTape();
 * const y = tape.record(() => {
 *   tape.watch(x);
 *   return sum(mul(x, x));
 * });
 * tape.gradient(y, [x])[0]?.toArray(); // [2, 4, 6]
 * ```
 */
export class GradientTape {
  /** Whether `gradient` may be called more than once. */
  readonly persistent: boolean;
  private session: Session | null = null;
  private active = false;
  private used = false;

  constructor(options: GradientTapeOptions = {}) {
    this.persistent = options.persistent ?? false;
  }

  /**
   * Runs `fn` with this tape recording and returns its result. May be called again
   * to record more (the same session is extended only if another tape keeps it open).
   */
  record<T>(fn: () => T): T {
    if (this.active)
      throw new GradientError('GradientTape.record', 'this tape is already recording');
    const { session, paused } = beginRecording();
    this.session = session;
    this.active = true;
    try {
      return fn();
    } finally {
      this.active = false;
      endRecording(paused);
    }
  }

  /**
   * Marks tensors as sources. Call inside `record`. Watching a tensor produced by a
   * recorded op is allowed (its gradient is then the gradient through it).
   * @throws {@link GradientError} if the tape is not recording.
   */
  watch(...xs: Tensor[]): void {
    if (!this.active)
      throw new GradientError(
        'GradientTape.watch',
        'the tape is not recording; call watch inside tape.record(() => ...)',
      );
    for (const x of xs) watchTensor(x);
  }

  /** @internal The recorded session (for diagnostics). */
  get recorded(): Session | null {
    return this.session;
  }

  /**
   * Gradients of `target` with respect to each source: one tensor (of the source's
   * shape) per source, or `null` where no differentiable path exists.
   * @throws {@link GradientError} if the target is not a scalar and no `outputGradient`
   *   is given, if the outputGradient's shape differs, or on a second call to a
   *   non-persistent tape.
   */
  gradient(target: Tensor, sources: Tensor): Tensor | null;
  gradient(
    target: Tensor,
    sources: readonly Tensor[],
    options?: GradientOptions,
  ): (Tensor | null)[];
  gradient(target: Tensor, sources: Tensor, options?: GradientOptions): Tensor | null;
  gradient(
    target: Tensor,
    sources: Tensor | readonly Tensor[],
    options: GradientOptions = {},
  ): (Tensor | null)[] | Tensor | null {
    const s = this.session;
    if (s === null) {
      throw new GradientError(
        'GradientTape.gradient',
        this.used
          ? 'a non-persistent tape can compute gradients only once; use new GradientTape({ persistent: true })'
          : 'nothing was recorded; run tape.record(() => ...) first',
      );
    }
    const seed = seedFor('GradientTape.gradient', target, options.outputGradient);
    const list = sources instanceof Tensor ? [sources] : sources;
    const out = backward(s, target, seed, list);
    if (!this.persistent) {
      this.used = true;
      this.session = null;
    }
    return sources instanceof Tensor ? out[0] : out;
  }
}

function seedFor(op: string, target: Tensor, outputGradient: TensorLike | undefined): Tensor {
  if (outputGradient === undefined) {
    if (target.size !== 1) {
      throw new GradientError(
        op,
        `the target has shape ${fmt(target.shape)}; pass outputGradient (a cotangent of that shape) or reduce the target to a scalar, e.g. with sum`,
      );
    }
    return full(target.shape, 1);
  }
  const g = toTensor(outputGradient, op, 'outputGradient');
  if (!sameShape(g.shape, target.shape)) {
    throw new GradientError(
      op,
      `outputGradient has shape ${fmt(g.shape)} but the target has shape ${fmt(target.shape)}`,
    );
  }
  return g;
}

/**
 * Options of {@link grad} and {@link valueAndGrad}.
 * @example
 * ```ts
 * import { grad, mul } from 'pathwise';
 * grad((x, y) => mul(x, y), { argnums: 1 })(3, 4).item(); // 3
 * grad((x, y) => mul(x, y), { argnums: [0, 1] })(3, 4).map((g) => g.item()); // [4, 3]
 * ```
 */
export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
}

/**
 * A function of tensors (numbers and arrays are converted) to a scalar tensor.
 * @example
 * ```ts
 * import { grad, mul, sum, type ScalarFn } from 'pathwise';
 * const f: ScalarFn = (x) => sum(mul(x, x));
 * grad(f)([1, 2]).toArray(); // [2, 4]
 * ```
 */
export type ScalarFn = (...args: Tensor[]) => Tensor;

const identityVjp = (g: Tensor): Tensor[] => [g];

/** A fresh source standing for argument `x`: an identity op when `x` is on a tape already. */
function argument(x: Tensor): Tensor {
  return record1('argument', x, share(x, x.shape), identityVjp);
}

/**
 * The result of {@link valueAndGrad}.
 * @example
 * ```ts
 * import { valueAndGrad, square, type Tensor, type ValueAndGrad } from 'pathwise';
 * const r: ValueAndGrad<Tensor> = valueAndGrad(square)(3);
 * r.value.item(); // 9
 * r.grad.item(); // 6
 * ```
 */
export interface ValueAndGrad<G> {
  /** f's value (a scalar tensor). */
  value: Tensor;
  /** The gradient(s), shaped like the differentiated argument(s). */
  grad: G;
}

/**
 * `f`'s value and its gradient with respect to the chosen arguments (JAX's
 * `value_and_grad`). A source with no path to the value gets zeros.
 * @throws {@link GradientError} if `f` does not return a scalar (use {@link vjp} instead).
 * @example
 * ```ts
 * import { valueAndGrad, mul, sin } from 'pathwise';
 * const { value, grad } = valueAndGrad((x, y) => mul(sin(x), y), { argnums: [0, 1] })(0, 2);
 * value.item(); // 0
 * grad.map((g) => g.item()); // [2, 0]
 * ```
 */
export function valueAndGrad(
  f: ScalarFn,
  options: { argnums: readonly number[] },
): (...args: TensorLike[]) => ValueAndGrad<Tensor[]>;
export function valueAndGrad(
  f: ScalarFn,
  options?: { argnums?: number },
): (...args: TensorLike[]) => ValueAndGrad<Tensor>;
export function valueAndGrad(
  f: ScalarFn,
  options: GradOptions = {},
): (...args: TensorLike[]) => ValueAndGrad<Tensor | Tensor[]> {
  checkGradArgs('valueAndGrad', f, options);
  const nums = options.argnums ?? 0;
  const list = typeof nums === 'number' ? [nums] : nums;
  return (...args) => {
    const xs = args.map((a, i) => toTensor(a, 'valueAndGrad', `argument ${i}`));
    for (const i of list) {
      if (!Number.isInteger(i) || i < 0 || i >= xs.length) {
        throw new GradientError(
          'valueAndGrad',
          `argnums ${i} is out of range for ${xs.length} argument(s)`,
        );
      }
    }
    const tape = new GradientTape();
    const value = tape.record(() => {
      for (const i of list) {
        xs[i] = argument(xs[i]);
        tape.watch(xs[i]);
      }
      return toTensor(f(...xs), 'valueAndGrad', 'the value of f');
    });
    if (value.size !== 1) {
      throw new GradientError(
        'grad',
        `f must return a scalar, got shape ${fmt(value.shape)}; use vjp for non-scalar outputs`,
      );
    }
    const gs = tape.gradient(
      value,
      list.map((i) => xs[i]),
    );
    const grads = gs.map((g, k) => g ?? zerosLike(xs[list[k]]));
    return { value, grad: typeof nums === 'number' ? grads[0] : grads };
  };
}

/**
 * Throws an {@link ArgumentError} unless `f` is a function and `options` an options object
 * (`grad(f, [0, 1])` would otherwise ignore the array; it means `{ argnums: [0, 1] }`).
 */
function checkGradArgs(op: string, f: unknown, options: unknown): void {
  if (typeof f !== 'function')
    throw new ArgumentError(op, `f must be a function, got ${typeof f} ${String(f)}`);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const shown = Array.isArray(options) ? `the array [${options.join(', ')}]` : String(options);
    throw new ArgumentError(
      op,
      `options must be an object such as { argnums: ${Array.isArray(options) ? `[${options.join(', ')}]` : String(options)} }, got ${shown}`,
    );
  }
}

/**
 * The gradient of a scalar function (JAX's `grad`): returns a function of the same
 * arguments giving ∂f/∂(argument argnums). Compose for higher derivatives.
 * @throws {@link GradientError} if `f` does not return a scalar; {@link ArgumentError}
 *   if `f` is not a function or `options` not an object (`grad(f, [0, 1])`: write
 *   `grad(f, { argnums: [0, 1] })`).
 * @example
 * ```ts
 * import { grad, sin } from 'pathwise';
 * grad(sin)(0).item(); // 1
 * grad(grad(sin))(Math.PI / 2).item(); // -1
 * ```
 */
export function grad(
  f: ScalarFn,
  options: { argnums: readonly number[] },
): (...args: TensorLike[]) => Tensor[];
export function grad(
  f: ScalarFn,
  options?: { argnums?: number },
): (...args: TensorLike[]) => Tensor;
export function grad(
  f: ScalarFn,
  options: GradOptions = {},
): (...args: TensorLike[]) => Tensor | Tensor[] {
  checkGradArgs('grad', f, options);
  const vg = valueAndGrad(f, options as { argnums: readonly number[] });
  return (...args) => vg(...args).grad;
}

/**
 * The result of {@link vjp}.
 * @example
 * ```ts
 * import { vjp, mul, type VjpResult } from 'pathwise';
 * const r: VjpResult = vjp((x, y) => mul(x, y), [1, 2], [3, 4]);
 * r.value.toArray(); // [3, 8]
 * r.vjp([1, 1]).map((g) => g.toArray()); // [[3, 4], [1, 2]]
 * ```
 */
export interface VjpResult {
  /** f's value. */
  value: Tensor;
  /** Pulls a cotangent of `value`'s shape back to one cotangent per argument (zeros where unconnected). May be called repeatedly. */
  vjp: (cotangent: TensorLike) => Tensor[];
}

/**
 * Evaluates `f` at `xs` and returns its value with a function that maps a cotangent of
 * the value to cotangents of every argument (JAX's `vjp`). Works for non-scalar outputs.
 * @example
 * ```ts
 * import { vjp, mul } from 'pathwise';
 * const { value, vjp: back } = vjp((x) => mul(x, x), [1, 2, 3]);
 * back([1, 1, 1])[0].toArray(); // [2, 4, 6]
 * ```
 */
export function vjp(f: (...args: Tensor[]) => Tensor, ...xs: TensorLike[]): VjpResult {
  const ts = xs.map((a, i) => toTensor(a, 'vjp', `argument ${i}`));
  const tape = new GradientTape({ persistent: true });
  const value = tape.record(() => {
    for (let i = 0; i < ts.length; i++) {
      ts[i] = argument(ts[i]);
      tape.watch(ts[i]);
    }
    return f(...ts);
  });
  return {
    value,
    vjp: (cotangent) =>
      tape.gradient(value, ts, { outputGradient: cotangent }).map((g, i) => g ?? zerosLike(ts[i])),
  };
}
