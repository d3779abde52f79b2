/**
 * @internal Pass 1, trace: run f once on a recording tape and turn what it recorded
 * into a {@link Graph}, a flat list of equations over arguments, constants and
 * Variables. Only the ops f's result depends on are kept.
 * @module
 */
import { JitError } from '../errors.js';
import { pinnable } from '../kernels/index.js';
import { beginRecording, endRecording, setTracing, watchTensor, type Session } from '../tape.js';
import { share, Tensor, type Node } from '../tensor.js';
import type { Graph, Kind, Value } from './types.js';

/** The tensors in f's result (arrays and plain objects of tensors and other values). */
export function tensorsOf(r: unknown, out: Tensor[]): Tensor[] {
  if (r instanceof Tensor) out.push(r);
  else if (Array.isArray(r)) for (const x of r) tensorsOf(x, out);
  else if (r !== null && typeof r === 'object') {
    const proto = Object.getPrototypeOf(r) as unknown;
    if (proto !== Object.prototype && proto !== null)
      throw new JitError(
        'jit',
        `a jitted function may return tensors in arrays and plain objects, not a ${(r as object).constructor.name}`,
      );
    for (const x of Object.values(r)) tensorsOf(x, out);
  } else if (typeof r === 'function')
    throw new JitError('jit', 'a jitted function may not return a function');
  return out;
}

/** What running f on the tape gave: the session, f's traced inputs, and its result. */
export interface Recording<R> {
  session: Session;
  inputs: Tensor[];
  result: R;
}

/**
 * Runs f eagerly on a recording tape, each argument as a distinct watched tensor, so
 * that every op computed from the arguments (or from Variables) is recorded, backward
 * sweeps of gradients f takes included. Random draws, `item()` and Variable
 * assignment throw a {@link JitError} meanwhile.
 */
export function record<R>(f: (...args: Tensor[]) => R, args: readonly Tensor[]): Recording<R> {
  const { session, paused } = beginRecording();
  setTracing(session);
  const inputs = args.map((a) => share(a, a.shape)); // one distinct traced input per argument
  try {
    for (const x of inputs) watchTensor(x);
    return { session, inputs, result: f(...inputs) };
  } finally {
    setTracing(null);
    endRecording(paused);
  }
}

/** Whether every element equals the first (as Object.is: NaN equals NaN, -0 is not 0). */
function isUniform(d: Float64Array): boolean {
  const x = d[0];
  for (let i = 1; i < d.length; i++) if (!Object.is(d[i], x)) return false;
  return true;
}

/** The nodes the outputs depend on (walking back from the outputs). */
function neededNodes(s: Session, outputs: readonly Tensor[]): Set<Node> {
  const byOutput = new Map<Tensor, Node>();
  for (const n of s.nodes) if (n.arity > 0) byOutput.set(n.output, n);
  const needed = new Set<Node>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const n = byOutput.get(stack.pop() as Tensor);
    if (n === undefined || needed.has(n)) continue;
    needed.add(n);
    for (let j = 0; j < n.arity; j++) stack.push(n.input(j));
  }
  return needed;
}

/** Adds a value to the graph and returns its id. */
function addValue(g: Graph, t: Tensor, kind: Kind, slot = -1): number {
  const id = g.vals.length;
  g.vals.push({
    t,
    kind,
    op: '',
    root: id,
    ins: [],
    expr: '',
    replay: null,
    slot,
    item: -1,
    store: 0,
    uniform: false,
    why: '',
  } satisfies Value);
  g.ids.set(t, id);
  return id;
}

/** The value of tensor `t`: a recorded one, or a newly met constant or Variable. */
function valueOf(g: Graph, t: Tensor): number {
  const known = g.ids.get(t);
  if (known !== undefined) return known;
  if (t._variable) return addValue(g, t, 'var', g.vars.push(t) - 1);
  const data = Float64Array.from(t.data); // jit's own copy: nothing ever writes to it
  if (data.length >= 512) pinnable(data); // so the dense kernels may keep it in wasm memory
  const c = addValue(g, t, 'const', g.consts.push(data) - 1);
  g.vals[c].uniform = isUniform(t.data); // e.g. a broadcast cotangent: read as one number
  return c;
}

/**
 * The graph of a recording: arguments, then, for each needed node in tape order, the
 * constants and Variables it reads first met, then its output as an equation (kind
 * `'eqn'`, for the classify pass); last, constants f returns without computing them.
 */
export function toGraph(s: Session, inputs: readonly Tensor[], result: unknown): Graph {
  const outputs = tensorsOf(result, []);
  const g: Graph = {
    vals: [],
    eqns: [],
    outputs: [],
    ids: new Map(),
    result,
    consts: [],
    vars: [],
  };
  inputs.forEach((a, i) => addValue(g, a, 'arg', i));
  const needed = neededNodes(s, outputs);
  for (const node of s.nodes) {
    if (!needed.has(node)) continue;
    const ins: number[] = [];
    for (let j = 0; j < node.arity; j++) ins.push(valueOf(g, node.input(j)));
    const id = addValue(g, node.output, 'eqn');
    const v = g.vals[id];
    v.op = node.name;
    v.ins = ins;
    v.replay = node.replay;
    g.eqns.push(id);
  }
  g.outputs = outputs.map((t) => valueOf(g, t));
  return g;
}
