/**
 * Recording: the global session that ops append {@link Node}s to while a tape is
 * active, leaf watching, `noGrad`, `stopGradient`, `customGradient`, and the anomaly
 * checks of {@link detectAnomaly}. The reverse sweep lives in `grad.ts`.
 *
 * One session (a Wengert list) exists while at least one tape records; nested tapes
 * share it, so an inner tape's backward sweep, running while an outer tape records,
 * is itself recorded. That is how `grad(grad(f))` works.
 * @module
 */
import { AnomalyError, ArgumentError, GradientError } from './errors.js';
import { fmt, sameShape } from './shape.js';
import {
  closeScope,
  Node,
  openScope,
  setTracedSession,
  share,
  Tensor,
  toTensor,
  type Replay,
  type TensorLike,
  type Vjp,
} from './tensor.js';

/** The node list of one recording session. */
export interface Session {
  readonly id: number;
  readonly nodes: Node[];
}

let lastId = 0;
let current: Session | null = null;
let depth = 0; // tapes currently recording
let paused = false; // inside noGrad
let anomaly = false; // inside detectAnomaly
let inVjp = 0; // > 0 while a VJP runs under detectAnomaly
let tracing: Session | null = null; // the session jit is tracing

/** @internal Marks `s` as the session {@link jit} traces (null: none). */
export function setTracing(s: Session | null): void {
  tracing = s;
  setTracedSession(s === null ? 0 : s.id);
}

/** @internal True while {@link jit} traces a function. */
export function isTracing(): boolean {
  return tracing !== null;
}

/** @internal Opens (or joins) the recording session; returns it. */
export function beginRecording(): { session: Session; paused: boolean } {
  if (depth === 0) current = { id: ++lastId, nodes: [] };
  depth++;
  const saved = paused;
  paused = false;
  return { session: current as Session, paused: saved };
}

/** @internal Leaves the session; the last tape to leave closes it. */
export function endRecording(savedPaused: boolean): void {
  depth--;
  paused = savedPaused;
  if (depth === 0) current = null;
}

/**
 * True when ops are being recorded (a tape is active and not inside {@link noGrad}).
 * @example
 * ```ts
 * import { isRecording, grad, noGrad, mul } from 'pathwise';
 * isRecording(); // false
 * const seen: boolean[] = [];
 * grad((x) => {
 *   seen.push(isRecording(), noGrad(isRecording));
 *   return mul(x, x);
 * })(1);
 * seen; // [true, false]
 * ```
 */
export function isRecording(): boolean {
  return depth > 0 && !paused;
}

/**
 * @internal The node of input `j` of `node` in session `s`, or null if that input was a
 * constant when the op ran. (A leaf watched again in a later session has a newer node;
 * the scan finds its node in this session.)
 */
export function parentOf(s: Session, node: Node, j: number): Node | null {
  if (((node.mask >>> j) & 1) === 0) return null;
  const t = node.input(j);
  const n = t._node;
  if (n !== null && n.session === s.id) return n;
  for (let i = node.index - 1; i >= 0; i--) if (s.nodes[i].output === t) return s.nodes[i];
  return null;
}

/** The node of `t` in the current session, watching trainable Variables on first use. */
function nodeOf(t: Tensor, s: Session): Node | null {
  const n = t._node;
  if (n !== null && n.session === s.id) return n;
  // while jit traces, every Variable is an input (its value is read at each call)
  return t._trainable || (t._variable && tracing !== null) ? leaf(t, s) : null;
}

function leaf(t: Tensor, s: Session): Node {
  const name = (t as { name?: string }).name ?? 'watched';
  const node = new Node(name, null, null, 0, t, null, s.id, s.nodes.length);
  s.nodes.push(node);
  t._node = node;
  return node;
}

/** @internal Makes `t` a source on the current session (no-op if already recorded there). */
export function watchTensor(t: Tensor): void {
  if (current === null || depth === 0) {
    throw new GradientError(
      'GradientTape.watch',
      'no tape is recording; call watch inside tape.record(() => ...)',
    );
  }
  const n = t._node;
  if (n === null || n.session !== current.id) leaf(t, current);
}

/**
 * @internal Appends a node for an op that produced `output` from `inputs`, if a tape
 * is recording and any input is on it. Every op calls this; it is the whole per-op
 * cost of autodiff. `vjp === null` records a cut (no gradient flows through).
 * `replay` reruns the op on new inputs, for {@link jit}; elementwise ops, reshapes,
 * `sum` and `broadcastTo` need none (jit knows them by name).
 */
export function record(
  name: string,
  inputs: readonly Tensor[],
  output: Tensor,
  vjp: Vjp | null,
  replay: Replay | null = null,
): Tensor {
  if (anomaly) checkForward(name, inputs, output);
  if (depth === 0 || (paused && tracing === null)) return output;
  if (inputs.length > 31) {
    throw new GradientError(
      name,
      `an op may have at most 31 inputs on a tape, got ${inputs.length}`,
    );
  }
  const s = current as Session;
  let mask = 0;
  for (let i = 0; i < inputs.length; i++) if (nodeOf(inputs[i], s) !== null) mask |= 1 << i;
  if (mask === 0) return output;
  push(s, name, inputs, null, mask, output, vjp);
  // only a trace reads it; set otherwise, every such node would take a second hidden class
  if (replay !== null && tracing !== null) (output._node as Node).replay = replay;
  return output;
}

function push(
  s: Session,
  name: string,
  inputs: readonly Tensor[] | Tensor,
  second: Tensor | null,
  mask: number,
  output: Tensor,
  vjp: Vjp | null,
): Tensor {
  // inside noGrad while jit traces: recorded (jit must replay it) as a cut (no gradient)
  const node = new Node(
    name,
    inputs,
    second,
    mask,
    output,
    paused ? null : vjp,
    s.id,
    s.nodes.length,
  );
  if (anomaly) node.site = callSite();
  s.nodes.push(node);
  output._node = node;
  return output;
}

/** @internal {@link record} for a one-input op, allocating nothing when not recording. */
export function record1(name: string, a: Tensor, output: Tensor, vjp: Vjp | null): Tensor {
  if (anomaly) checkForward(name, [a], output);
  if (depth === 0 || (paused && tracing === null)) return output;
  const s = current as Session;
  return nodeOf(a, s) === null ? output : push(s, name, a, null, 1, output, vjp);
}

/** @internal {@link record} for a two-input op, allocating nothing when not recording. */
export function record2(
  name: string,
  a: Tensor,
  b: Tensor,
  output: Tensor,
  vjp: Vjp | null,
): Tensor {
  if (anomaly) checkForward(name, [a, b], output);
  if (depth === 0 || (paused && tracing === null)) return output;
  const s = current as Session;
  const mask = (nodeOf(a, s) === null ? 0 : 1) | (nodeOf(b, s) === null ? 0 : 2);
  return mask === 0 ? output : push(s, name, a, b, mask, output, vjp);
}

/** @internal Whether input `i` of `node` needs a cotangent. */
export function needs(node: Node, i: number): boolean {
  return ((node.mask >>> i) & 1) === 1;
}

/**
 * Runs `fn` without recording anything on any tape (like `torch.no_grad`).
 * @example
 * ```ts
 * import { noGrad, grad, mul } from 'pathwise';
 * const g = grad((x) => mul(x, noGrad(() => mul(x, 3))));
 * g(2).item(); // 6: the inner product is a constant
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  const saved = paused;
  paused = true;
  try {
    return fn();
  } finally {
    paused = saved;
  }
}

/**
 * The identity in the forward pass that blocks every gradient through it, at every
 * order (JAX's `stop_gradient`, TF's `tf.stop_gradient`).
 * @example
 * ```ts
 * import { grad, mul, stopGradient } from 'pathwise';
 * grad((x) => mul(x, x))(3).item(); // 6
 * grad((x) => mul(x, stopGradient(x)))(3).item(); // 3: the second factor is a constant
 * ```
 */
export function stopGradient(x: TensorLike): Tensor {
  const t = toTensor(x, 'stopGradient', 'x');
  return record1('stopGradient', t, share(t, t.shape), null);
}

/**
 * What a {@link customGradient} function returns: the value and its VJP.
 * @example
 * ```ts
 * import { customGradient, exp, grad, mul, type CustomGradientResult, type Tensor } from 'pathwise';
 * // exp with a hand-written VJP: the cotangent times eˣ
 * const myExp = customGradient((x: Tensor): CustomGradientResult => {
 *   const y = exp(x);
 *   return { value: y, grad: (g) => mul(g, y) };
 * });
 * grad(myExp)(0).item(); // 1
 * ```
 */
export interface CustomGradientResult {
  /** The forward value. Ops computing it are not recorded. */
  value: Tensor;
  /**
   * Given the cotangent of `value`, one cotangent per input (a single tensor when
   * there is one input), each of that input's shape. Written with pathwise ops, it is
   * itself differentiable (for higher-order gradients).
   */
  grad: (g: Tensor) => TensorLike | readonly TensorLike[];
}

/**
 * Defines a function with a user-supplied VJP, e.g. a straight-through estimator or
 * a numerically stable backward rule. The forward computation inside `f` is not
 * recorded; the VJP you return is used instead.
 * @param options.name - the op name used in errors and gradient explanations.
 * @throws {@link ArgumentError} if `f` does not return `{ value: Tensor, grad: function }`;
 *   {@link GradientError} during the backward sweep if the VJP returns the wrong
 *   number of cotangents or a wrong shape.
 * @example
 * ```ts
 * import { customGradient, round, grad } from 'pathwise';
 * const roundST = customGradient((x) => ({ value: round(x), grad: (g) => g }));
 * grad(roundST)(1.7).item(); // 1: straight-through
 * ```
 */
export function customGradient(
  f: (...xs: Tensor[]) => CustomGradientResult,
  options: { name?: string } = {},
): (...xs: TensorLike[]) => Tensor {
  const name = options.name ?? 'customGradient';
  return (...args) => {
    const xs = args.map((a, i) => toTensor(a, name, `argument ${i}`));
    const r = noGrad(() => f(...xs)) as Partial<CustomGradientResult> | undefined;
    if (r === null || typeof r !== 'object' || !(r.value instanceof Tensor))
      throw new ArgumentError(
        name,
        `the function must return { value: Tensor, grad: (g) => cotangents }, got ${r === null || typeof r !== 'object' ? String(r) : `value ${String(r.value)}`}`,
      );
    if (typeof r.grad !== 'function')
      throw new ArgumentError(
        name,
        `the function must return { value, grad } with grad a function of the cotangent, got grad ${String(r.grad)}`,
      );
    const { value, grad } = r as CustomGradientResult;
    const vjp: Vjp = (g) => {
      const r = grad(g);
      const list =
        xs.length === 1 && !Array.isArray(r) ? [r as TensorLike] : (r as readonly TensorLike[]);
      if (!Array.isArray(list) || list.length !== xs.length) {
        throw new GradientError(
          name,
          `the custom VJP must return ${xs.length} cotangent(s), one per input`,
        );
      }
      return list.map((c, i) => {
        const t = toTensor(c, name, `cotangent ${i}`);
        if (!sameShape(t.shape, xs[i].shape)) {
          throw new GradientError(
            name,
            `the custom VJP returned shape ${fmt(t.shape)} for input ${i} of shape ${fmt(xs[i].shape)}`,
          );
        }
        return t;
      });
    };
    return record(name, xs, share(value, value.shape), vjp, (ins) => noGrad(() => f(...ins)).value);
  };
}

/** Every Tensor inside `v` (arrays, plain objects, Maps and Sets, a few levels deep). */
function tensorsIn(v: unknown, out: Set<Tensor>, depth = 0): Set<Tensor> {
  if (v instanceof Tensor) out.add(v);
  else if (depth < 6 && v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    const values =
      v instanceof Map || v instanceof Set
        ? [...v.values()]
        : Array.isArray(v)
          ? v
          : Object.values(v);
    for (const x of values) tensorsIn(x, out, depth + 1);
  }
  return out;
}

/**
 * Runs `fn` and then recycles the storage of every tensor the ops inside it created,
 * except the tensors in its result (found inside arrays, objects and Maps): like
 * TensorFlow.js's `tf.tidy`. Memory is reused by later scopes instead of being
 * allocated fresh, which is much faster for repeated work such as training steps or
 * gradient evaluations in a sampler. A released tensor must not be used again: ops
 * reject it with an error. Inside a recording tape nothing is released (the tape
 * still needs it).
 * @example
 * ```ts
 * import { tidy, tensor, mul, add, sum } from 'pathwise';
 * const x = tensor(new Float64Array(1000).fill(2));
 * const total = tidy(() => sum(mul(add(x, 1), 3))); // the two 1000-element temporaries are recycled
 * total.item(); // 9000
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const s = openScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    closeScope(s);
    s.merge();
    throw e;
  }
  closeScope(s);
  if (isRecording()) s.merge();
  else s.release(tensorsIn(result, new Set()));
  return result;
}

// ---------------------------------------------------------------------------------
// Anomaly detection

/**
 * Runs `fn` with a check on every op's output and every cotangent of every backward
 * sweep; throws an {@link AnomalyError} at the first op that turns finite values into
 * NaN or ±Infinity, naming the op, the direction and the user's call site. Off by
 * default; when off the cost is one boolean test per op.
 * @example
 * ```ts
 * import { detectAnomaly, grad, sqrt } from 'pathwise';
 * try {
 *   detectAnomaly(() => grad((x) => sqrt(x))(0));
 * } catch (e) {
 *   console.log((e as Error).message); // sqrt: backward produced Infinity ...
 * }
 * ```
 */
export function detectAnomaly<T>(fn: () => T): T {
  const saved = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = saved;
  }
}

/** @internal True inside {@link detectAnomaly}. */
export function anomalyMode(): boolean {
  return anomaly;
}

function firstBad(t: Tensor): number {
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

function describeBad(t: Tensor, i: number): string {
  const v = t.data[i];
  return `${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'} at flat index ${i} of shape ${fmt(t.shape)}`;
}

function checkForward(name: string, inputs: readonly Tensor[], out: Tensor): void {
  if (inVjp > 0) return; // judged by checkBackward on the VJP's results (strong zeros may mend intermediates)
  const i = firstBad(out);
  if (i < 0) return;
  for (const x of inputs) if (firstBad(x) >= 0) return; // came in non-finite: not this op's doing
  throw new AnomalyError(
    name,
    'forward',
    `forward produced ${describeBad(out, i)} from finite inputs`,
    callSite(),
  );
}

/** @internal Runs `node`'s VJP; under detectAnomaly, its inner ops are judged by their result only. */
export function runVjp(node: Node, g: Tensor): readonly (Tensor | null)[] {
  const vjp = node.vjp as Vjp;
  if (!anomaly) return vjp(g, node);
  inVjp++;
  try {
    return vjp(g, node);
  } finally {
    inVjp--;
  }
}

/** @internal Called by the sweep under detectAnomaly for each cotangent a VJP returns. */
export function checkBackward(node: Node, g: Tensor, out: Tensor, input: number): void {
  const i = firstBad(out);
  if (i < 0 || firstBad(g) >= 0) return;
  throw new AnomalyError(
    node.name,
    'backward',
    `backward produced ${describeBad(out, i)} in the cotangent of input ${input} from a finite cotangent`,
    node.site,
  );
}

const ownRoot = ((): string | undefined => {
  const line = new Error().stack?.split('\n').find((l) => /autodiff[/\\]tape\.[jt]s/.test(l));
  const m = line && /((?:file|https?):\/\/\S+?|\/\S+?)[/\\]autodiff[/\\]tape\.[jt]s/.exec(line);
  return m ? m[1].replace(/^\(/, '') : undefined;
})();

/** @internal The first stack frame outside pathwise (the user's call), or undefined. */
export function callSite(): string | undefined {
  const lines = new Error().stack?.split('\n').slice(1) ?? [];
  const user = lines.find(
    (l) =>
      !(ownRoot && l.includes(ownRoot)) &&
      !l.includes('node:internal') &&
      !l.includes('node_modules'),
  );
  return user?.trim().replace(/^at /, '');
}
