/**
 * @internal Pass 2, classify: decide for each equation of a {@link Graph} how the
 * compiled program computes it: an alias of its input's storage, a scalar statement, a
 * loop element, a full or leading-axes sum accumulated by a loop, or an opaque call to
 * the op's eager kernel (with the reason, for `explain()`).
 * @module
 */
import { JitError } from '../errors.js';
import { elementwiseOps } from '../ir.js';
import type { Shape } from '../shape.js';
import { broadcastTo, sumTo } from '../ops/structure.js';
import type { Graph, Value } from './types.js';

/** Reshape-like ops: their result is their input's storage seen in another shape. */
const ALIASES = new Set(['reshape', 'argument', 'stopGradient']);

/**
 * Whether `inner` broadcasts to `outer` along leading axes only (its shape, without
 * leading 1s, ends `outer`): element i of the result then reads element i mod size.
 */
export function leading(inner: Shape, outer: Shape): boolean {
  let a = 0;
  while (a < inner.length && inner[a] === 1) a++;
  const tail = inner.length - a;
  if (tail > outer.length) return false;
  for (let j = 0; j < tail; j++) if (inner[a + j] !== outer[outer.length - tail + j]) return false;
  return true;
}

/** Whether `kept` (same rank as `shape`) keeps a suffix of `shape` and reduces the axes before it. */
export function sumsLeading(shape: Shape, kept: Shape): boolean {
  let a = 0;
  while (a < kept.length && kept[a] === 1) a++;
  for (let j = a; j < kept.length; j++) if (kept[j] !== shape[j]) return false;
  return true;
}

const shapeText = (s: Shape): string => `[${s.join(', ')}]`;

/** Makes `v` an alias of its first input's storage. */
function alias(g: Graph, v: Value): void {
  v.kind = 'alias';
  v.root = g.vals[v.ins[0]].root;
}

/** Makes `v` an opaque call of `replay`, for the reason `why`. */
function opaque(v: Value, replay: Value['replay'], why: string): void {
  v.kind = 'opaque';
  v.replay = replay;
  v.why = why;
}

/** `broadcastTo`: an alias when it broadcasts one number or nothing, else its kernel. */
function classifyBroadcast(g: Graph, v: Value): void {
  const x = g.vals[v.ins[0]].t;
  if (x.size === 1 || x.size === v.t.size) return alias(g, v); // one number is read as one number
  const shape = v.t.shape;
  opaque(
    v,
    (xs) => broadcastTo(xs[0], shape),
    `broadcast ${shapeText(x.shape)} to ${shapeText(shape)}`,
  );
}

/** `sum` (to a shape): full, over leading axes (both fused), or its kernel. */
function classifySum(g: Graph, v: Value): void {
  const x = g.vals[v.ins[0]].t;
  if (v.t.size === 1) v.kind = 'red';
  // sum's order there is row by row, each column in turn: the loop's order too
  else if (sumsLeading(x.shape, v.t.shape)) v.kind = 'colRed';
  else {
    const shape = v.t.shape;
    opaque(
      v,
      (xs) => sumTo(xs[0], shape),
      `sum ${shapeText(x.shape)} to ${shapeText(shape)}: not over leading axes`,
    );
  }
}

/** An elementwise op: a scalar statement, a loop element, or (general broadcasting) its kernel. */
function classifyElementwise(g: Graph, v: Value): void {
  const ew = elementwiseOps.get(v.op);
  if (ew === undefined) return;
  v.expr = ew.expr;
  const ins = v.ins.map((u) => g.vals[u].t);
  if (v.t.size === 1) v.kind = 'scalar';
  else if (ins.every((t) => t.size === 1 || leading(t.shape, v.t.shape))) v.kind = 'elem';
  else {
    const shapes = ins.map((t) => shapeText(t.shape)).join(' with ');
    opaque(v, ew.run, `broadcasts ${shapes} other than along leading axes`);
  }
}

/** Classifies one equation (kind `'eqn'`), or throws if no pass can compile its op. */
export function classifyValue(g: Graph, v: Value): void {
  if (v.replay !== null) return opaque(v, v.replay, 'not elementwise');
  if (ALIASES.has(v.op)) return alias(g, v);
  if (v.op === 'broadcastTo') return classifyBroadcast(g, v);
  if (v.op === 'sum') return classifySum(g, v);
  classifyElementwise(g, v);
  if (v.kind === 'eqn')
    throw new JitError('jit', `jit cannot compile op '${v.op}' yet; run the function eagerly`);
}

/** Classifies every equation of `g`, in order (an alias's root is classified before it). */
export function classify(g: Graph): Graph {
  for (const id of g.eqns) classifyValue(g, g.vals[id]);
  return g;
}
