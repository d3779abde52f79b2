/**
 * `jit`: trace once, then run compiled code. The first call with given argument shapes
 * runs `f` eagerly on a tape that records every op computed from the arguments (and
 * from Variables) — the forward ops and, when `f` takes gradients, the ops of its
 * backward sweeps too. The recording is compiled into one JavaScript function:
 *
 * - elementwise ops of the same size are fused into one loop, with each input read as
 *   a scalar, at the loop index, or at the index modulo its size when it broadcasts
 *   along leading axes (a bias), and values kept in locals unless another part of the
 *   program needs them; full sums (e.g. a loss, or a gradient reduced to a scalar
 *   weight) and sums over leading axes (a bias gradient) accumulate in the loop that
 *   produces their input;
 * - every other op (matmul, partial sums, softmax, ...) runs as its eager kernel;
 * - results are bit for bit those of eager execution: the fused loops compute the same
 *   IEEE operations in the same order, and sums keep the eager pairwise order.
 *
 * Later calls with the same shapes run the compiled function: no tape, no per-op
 * objects, no intermediate arrays for fused values.
 * @module
 */
import { ArgumentError, JitError } from './errors.js';
import { elementwiseOps, scalarFunctions } from './ir.js';
import { fmt, sameShape, type Shape } from './shape.js';
import { broadcastTo, pairwiseSplit, PAIRWISE_LEAF, sumTo } from './ops/structure.js';
import {
  anomalyMode,
  beginRecording,
  endRecording,
  isRecording,
  setTracing,
  tidy,
  watchTensor,
  type Session,
} from './tape.js';
import {
  alloc,
  scalarOf,
  share,
  Tensor,
  toTensor,
  type Node,
  type Replay,
  type TensorLike,
} from './tensor.js';

/** How one traced value is computed. */
const enum Kind {
  Arg, // a jit argument
  Const, // a tensor captured by f: snapshot at compile time
  Var, // a Variable: read at each call
  Scalar, // size 1, a local number
  Elem, // one element per loop iteration, a local number inside its loop
  Red, // the full sum of a loop value, a local number after its loop
  ColRed, // a sum over leading axes of a loop value (e.g. a bias gradient), an array after its loop
  Opaque, // an op run by its eager kernel
  Alias, // a reshape-like op: the storage of `root` seen in another shape
}

interface Value {
  t: Tensor; // the tensor at trace time (shape, and data for constants)
  kind: Kind;
  root: number; // the value whose storage this one shares (itself unless a reshape-like op)
  ins: number[]; // input values, for computed kinds
  expr: string; // elementwise formula
  replay: Replay | null; // opaque ops
  slot: number; // argument index, constant / variable slot, or opaque slot
  item: number; // program item (loop or opaque call) computing it
  store: 0 | 1 | 2; // elem values: 0 local only, 1 internal buffer, 2 fresh output buffer
  uniform: boolean; // a constant whose elements are all the same
}

/** Whether every element equals the first (as Object.is: NaN equals NaN, -0 is not 0). */
function isUniform(d: Float64Array): boolean {
  const x = d[0];
  for (let i = 1; i < d.length; i++) if (!Object.is(d[i], x)) return false;
  return true;
}

/**
 * Whether `inner` broadcasts to `outer` along leading axes only (its shape, without
 * leading 1s, ends `outer`): element i of the result then reads element i mod size.
 */
function leading(inner: Shape, outer: Shape): boolean {
  let a = 0;
  while (a < inner.length && inner[a] === 1) a++;
  const tail = inner.length - a;
  if (tail > outer.length) return false;
  for (let j = 0; j < tail; j++) if (inner[a + j] !== outer[outer.length - tail + j]) return false;
  return true;
}

/** Whether `kept` (same rank as `shape`) keeps a suffix of `shape` and reduces the axes before it. */
function sumsLeading(shape: Shape, kept: Shape): boolean {
  let a = 0;
  while (a < kept.length && kept[a] === 1) a++;
  for (let j = a; j < kept.length; j++) if (kept[j] !== shape[j]) return false;
  return true;
}

/** One step of the compiled program: scalar statements, then a loop or an opaque call. */
interface Item {
  n: number; // loop length (-1: an opaque call, or nothing yet)
  pre: number[];
  body: number[];
  opaque: number;
}

const ALIASES = new Set(['reshape', 'argument', 'stopGradient']);

/** Everything a compiled program closes over. */
interface Env {
  C: Float64Array[];
  V: Tensor[];
  B: Float64Array[];
  R: Replay[];
  S: Shape[];
  P: Int32Array[];
  L: Float64Array[];
  K: unknown[];
  M: typeof scalarFunctions;
  T: typeof Tensor;
  alloc: (n: number) => Float64Array;
  scalarOf: (x: number, shape: Shape) => Tensor;
  combine: (leaves: Float64Array, n: number) => number;
}

interface Program {
  (args: readonly Tensor[]): unknown;
  opaque: boolean;
  source: string;
}

/** Starts of the leaf runs pairwise summation of n elements uses, then n. */
function leafBounds(n: number): Int32Array {
  const out: number[] = [];
  const rec = (start: number, m: number): void => {
    if (m <= PAIRWISE_LEAF) out.push(start);
    else {
      const h = pairwiseSplit(m);
      rec(start, h);
      rec(start + h, m - h);
    }
  };
  rec(0, n);
  out.push(n);
  return Int32Array.from(out);
}

/** Adds leaf sums up the way pairwise summation of n elements does. */
function combine(leaves: Float64Array, n: number): number {
  let k = 0;
  const rec = (m: number): number => {
    if (m <= PAIRWISE_LEAF) return leaves[k++];
    const h = pairwiseSplit(m);
    const a = rec(h);
    return a + rec(m - h);
  };
  return rec(n);
}

/**
 * Compiled program factories by source. The same graph (e.g. the training step of each
 * new model of one architecture) compiles to the same source: its programs then share
 * one function, and the machine code V8 optimized for it.
 */
const factories = new Map<string, (env: Env) => Program>();

/** Compiles the recorded session into a program computing `outputs` from `args`. */
function compile(s: Session, args: readonly Tensor[], result: unknown): Program {
  const outputs = tensorsOf(result, []);
  const vals: Value[] = [];
  const ids = new Map<Tensor, number>();
  const env: Env = {
    C: [],
    V: [],
    B: [],
    R: [],
    S: [],
    P: [],
    L: [],
    K: [],
    M: scalarFunctions,
    T: Tensor,
    alloc,
    scalarOf,
    combine,
  };
  const make = (t: Tensor, kind: Kind, slot = -1): number => {
    const id = vals.length;
    vals.push({
      t,
      kind,
      root: id,
      ins: [],
      expr: '',
      replay: null,
      slot,
      item: -1,
      store: 0,
      uniform: false,
    });
    ids.set(t, id);
    return id;
  };
  args.forEach((a, i) => make(a, Kind.Arg, i));
  /** The value of tensor `t`: a recorded one, or a captured constant / Variable. */
  const valueOf = (t: Tensor): number => {
    const known = ids.get(t);
    if (known !== undefined) return known;
    if (t._variable) return make(t, Kind.Var, env.V.push(t) - 1);
    const c = make(t, Kind.Const, env.C.push(Float64Array.from(t.data)) - 1);
    vals[c].uniform = isUniform(t.data); // e.g. a broadcast cotangent: read as one number
    return c;
  };
  // the nodes the outputs depend on
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

  const items: Item[] = [];
  const size = (v: number): number => vals[v].t.size;
  /** The first item at which value `u` can be read by a loop of length n (or a scalar statement). */
  const avail = (u: number, n: number): number => {
    const r = vals[vals[u].root];
    switch (r.kind) {
      case Kind.Arg:
      case Kind.Const:
      case Kind.Var:
        return 0;
      case Kind.Scalar:
        return r.item;
      case Kind.Elem:
        return r.t.size === n && size(u) === n ? r.item : r.item + 1;
      default:
        return r.item + 1;
    }
  };
  const newItem = (): number => items.push({ n: -1, pre: [], body: [], opaque: -1 }) - 1;
  const placeLoop = (v: number, n: number, from: number): void => {
    let k = from;
    while (k < items.length && !(items[k].opaque < 0 && (items[k].n === n || items[k].n === -1)))
      k++;
    if (k === items.length) newItem();
    items[k].n = n;
    items[k].body.push(v);
    vals[v].item = k;
  };

  for (const node of s.nodes) {
    if (!needed.has(node)) continue;
    const t = node.output;
    const ins: number[] = [];
    for (let j = 0; j < node.arity; j++) ins.push(valueOf(node.input(j)));
    const n = t.size;
    let kind: Kind;
    let expr = '';
    let replay = node.replay;
    const name = node.name;
    const ew = elementwiseOps.get(name);
    const alias = (): void => {
      vals[make(t, Kind.Alias)].root = vals[ins[0]].root;
    };
    if (replay === null && ALIASES.has(name)) {
      alias();
      continue;
    } else if (replay === null && name === 'broadcastTo') {
      if (size(ins[0]) === 1 || size(ins[0]) === n) {
        alias(); // a broadcast one number is read as one number
        continue;
      }
      const shape = t.shape;
      replay = (xs) => broadcastTo(xs[0], shape);
      kind = Kind.Opaque;
    } else if (replay === null && name === 'sum') {
      if (n === 1) kind = Kind.Red;
      // sum's order there is row by row, each column in turn: the loop's order too
      else if (sumsLeading(vals[ins[0]].t.shape, t.shape)) kind = Kind.ColRed;
      else {
        const shape = t.shape;
        replay = (xs) => sumTo(xs[0], shape);
        kind = Kind.Opaque;
      }
    } else if (replay === null && ew !== undefined) {
      if (n === 1) kind = Kind.Scalar;
      else if (ins.every((u) => size(u) === 1 || leading(vals[u].t.shape, t.shape)))
        kind = Kind.Elem;
      else kind = Kind.Opaque;
      expr = ew.expr;
      if (kind === Kind.Opaque) replay = ew.run;
    } else if (replay !== null) kind = Kind.Opaque;
    else throw new JitError('jit', `jit cannot compile op '${name}' yet; run the function eagerly`);

    const id = make(t, kind);
    const v = vals[id];
    v.ins = ins;
    v.expr = expr;
    v.replay = replay;
    if (kind === Kind.Scalar) {
      let e = 0;
      for (const u of ins) e = Math.max(e, avail(u, 1));
      if (e === items.length) newItem();
      items[e].pre.push(id);
      v.item = e;
    } else if (kind === Kind.Elem) {
      let e = 0;
      for (const u of ins) e = Math.max(e, avail(u, n));
      placeLoop(id, n, e);
    } else if (kind === Kind.Red || kind === Kind.ColRed) {
      const m = size(ins[0]);
      placeLoop(id, m, avail(ins[0], m));
    } else {
      const k = newItem();
      items[k].opaque = id;
      v.item = k;
      v.slot = env.R.push(replay as Replay) - 1;
    }
  }

  const outIds = outputs.map(valueOf); // before codegen: captured outputs get their slots
  // which loop values must be stored: read by another item, an opaque op, or returned
  for (const v of vals) {
    if (v.kind === Kind.Elem || v.kind === Kind.Red || v.kind === Kind.ColRed) {
      for (const u of v.ins) {
        const r = vals[vals[u].root];
        if (r.kind === Kind.Elem && r.item !== v.item && r.store === 0) r.store = 1;
      }
    } else if (v.kind === Kind.Opaque) {
      for (const u of v.ins) {
        const r = vals[vals[u].root];
        if (r.kind === Kind.Elem && r.store === 0) r.store = 1;
      }
    }
  }
  for (const o of outIds) {
    const r = vals[vals[o].root];
    if (r.kind === Kind.Elem || r.kind === Kind.ColRed) r.store = 2;
  }

  // ---- code generation
  const lines: string[] = [];
  const shapeSlot = (shape: Shape): number => env.S.push(shape) - 1;
  /** A constant's one number as a literal, so V8 folds e.g. strong-zero tests on it. */
  const literal1 = (x: number): string => `(${Object.is(x, -0) ? '-0' : String(x)})`;
  /** A number-valued expression for a value holding one number (size 1, or uniform). */
  const scalar = (u: number): string => {
    const r = vals[u].root;
    const rv = vals[r];
    return rv.kind === Kind.Const && (rv.t.size === 1 || rv.uniform)
      ? literal1(env.C[rv.slot][0])
      : `s${r}`;
  };
  /** Value u read inside the loop of item k (index i). */
  const read = (u: number, k: number): string => {
    const r = vals[u].root;
    const rv = vals[r];
    if (rv.t.size === 1 || rv.uniform) return scalar(u);
    if (rv.t.size !== items[k].n) return `d${r}[i % ${rv.t.size}]`; // broadcast along leading axes
    if (rv.kind === Kind.Elem && rv.item === k) return `e${r}`;
    return `d${r}[i]`;
  };
  const formula = (v: Value, arg: (u: number) => string): string =>
    `(${v.expr.replace(/\$(\d)/g, (_, j: string) => arg(v.ins[Number(j)]))})`;
  /** A fresh tensor of value u's shape, filled with the one number u holds. */
  const filled = (u: number, S: string): string =>
    vals[u].t.size === 1
      ? `one(${scalar(u)}, ${S})`
      : `fill(${scalar(u)}, ${vals[u].t.size}, ${S})`;
  /** A Tensor of value u's shape (for opaque ops and results). */
  const tensorOf = (u: number, fresh: boolean): string => {
    const v = vals[u];
    const r = v.root;
    const rv = vals[r];
    if (rv.kind === Kind.Arg && r === u) return `A[${rv.slot}]`;
    if (rv.kind === Kind.Opaque && r === u) return `t${r}`;
    const S = `S[${shapeSlot(v.t.shape)}]`;
    if (rv.t.size === 1) return filled(u, S); // one number, or a broadcast of one
    if (fresh && (rv.kind === Kind.Var || rv.kind === Kind.Const))
      return `new T(Float64Array.from(d${r}), ${S})`;
    return `new T(d${r}, ${S})`;
  };

  vals.forEach((v, id) => {
    if (v.root !== id) return;
    const from = v.kind === Kind.Arg ? `A[${v.slot}]` : v.kind === Kind.Var ? `V[${v.slot}]` : null;
    if (v.kind === Kind.Const) lines.push(`const d${id} = C[${v.slot}];`);
    else if (from === null) return;
    else if (v.t.size === 1) {
      // a one-element argument may have no Float64Array view yet: read its slot
      lines.push(`const s${id} = ${from}._buf[${from}._off];`);
      return;
    } else lines.push(`const d${id} = ${from}.data;`);
    // one number, read once (loads inside loops that also store are not hoisted by V8)
    if (v.kind !== Kind.Const && (v.t.size === 1 || v.uniform))
      lines.push(`const s${id} = d${id}[0];`);
  });

  items.forEach((item, k) => {
    for (const id of item.pre) {
      lines.push(`const s${id} = ${formula(vals[id], scalar)};`);
    }
    if (item.opaque >= 0) {
      const id = item.opaque;
      const v = vals[id];
      const ins = v.ins.map((u) => tensorOf(u, false)).join(', ');
      lines.push(`const t${id} = R[${v.slot}]([${ins}]);`);
      if (v.t.size === 1) lines.push(`const s${id} = t${id}._buf[t${id}._off];`);
      else lines.push(`const d${id} = t${id}.data;`);
      return;
    }
    if (item.body.length === 0) return;
    const n = item.n;
    const reds = item.body.filter((id) => vals[id].kind === Kind.Red);
    for (const id of item.body) {
      const v = vals[id];
      if (v.kind === Kind.ColRed) {
        // the sums start from 0, as sum's do
        const m = v.t.size;
        if (v.store === 2) lines.push(`const d${id} = alloc(${m}).fill(0);`);
        else lines.push(`const d${id} = B[${env.B.push(new Float64Array(m)) - 1}].fill(0);`);
        continue;
      }
      if (v.kind !== Kind.Elem || v.store === 0) continue;
      if (v.store === 2) lines.push(`const d${id} = alloc(${n});`);
      else lines.push(`const d${id} = B[${env.B.push(new Float64Array(n)) - 1}];`);
    }
    const body: string[] = [];
    for (const id of item.body) {
      const v = vals[id];
      if (v.kind === Kind.Elem) {
        body.push(`const e${id} = ${formula(v, (u) => read(u, k))};`);
        if (v.store !== 0) body.push(`d${id}[i] = e${id};`);
      } else if (v.kind === Kind.ColRed)
        body.push(`d${id}[i % ${v.t.size}] += ${read(v.ins[0], k)};`);
    }
    if (reds.length === 0) {
      lines.push(`for (let i = 0; i < ${n}; i++) {`, ...body, `}`);
      return;
    }
    // Sums accumulate the way sum's leafSum does over each leaf run of pairwise summation:
    // four lanes (element k of the run into lane k mod 4), the tail into lane 0, then
    // a0 + a1 + (a2 + a3). The body is written out once per lane, each copy in a block
    // with its own i.
    const acc = (lane: number): string[] =>
      reds.map((id) => `a${lane}_${id} += ${read(vals[id].ins[0], k)};`);
    const copy = (lane: number, index: string): string =>
      [`{ const i = ${index};`, ...body, ...acc(lane), `}`].join('\n');
    const run = [
      ...reds.map((id) => `let a0_${id} = 0, a1_${id} = 0, a2_${id} = 0, a3_${id} = 0;`),
      `let j = i0;`,
      `for (; j + 4 <= i1; j += 4) {`,
      ...[0, 1, 2, 3].map((lane) => copy(lane, lane === 0 ? 'j' : `j + ${lane}`)),
      `}`,
      `for (; j < i1; j++) ${copy(0, 'j')}`,
    ];
    const leaf = (id: number): string => `a0_${id} + a1_${id} + (a2_${id} + a3_${id})`;
    if (n <= PAIRWISE_LEAF) {
      lines.push(
        ...reds.map((id) => `let s${id};`),
        `{ const i0 = 0, i1 = ${n};`,
        ...run,
        ...reds.map((id) => `s${id} = ${leaf(id)};`),
        `}`,
      );
      return;
    }
    const bounds = env.P.push(leafBounds(n)) - 1;
    const nb = env.P[bounds].length - 1;
    for (const id of reds) lines.push(`const l${id} = L[${env.L.push(new Float64Array(nb)) - 1}];`);
    lines.push(
      `{ const P${k} = P[${bounds}]; for (let b = 0; b < ${nb}; b++) {`,
      `const i0 = P${k}[b], i1 = P${k}[b + 1];`,
      ...run,
      ...reds.map((id) => `l${id}[b] = ${leaf(id)};`),
      `} }`,
    );
    for (const id of reds) lines.push(`const s${id} = combine(l${id}, ${n});`);
  });
  const returned = new Map<Tensor, string>(); // a tensor returned twice is one tensor
  const literal = (t: unknown): string => {
    if (t instanceof Tensor) {
      let name = returned.get(t);
      if (name === undefined) {
        name = `o${returned.size}`;
        returned.set(t, name);
        lines.push(`const ${name} = ${tensorOf(valueOf(t), true)};`);
      }
      return name;
    }
    if (Array.isArray(t)) return `[${t.map(literal).join(', ')}]`;
    if (t !== null && typeof t === 'object')
      return `{ ${Object.entries(t)
        .map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`)
        .join(', ')} }`;
    return `K[${env.K.push(t) - 1}]`;
  };
  const structure = literal(result);
  lines.push(`return ${structure};`);

  const src = [
    `'use strict';`,
    `const { C, V, B, R, S, P, L, K, M, T, alloc, scalarOf, combine } = $;`,
    `const one = scalarOf;`,
    `const fill = (x, n, shape) => { const d = alloc(n); d.fill(x); return new T(d, shape); };`,
    `return function jitted(A) {`,
    ...lines,
    `};`,
  ].join('\n');
  let factory = factories.get(src);
  if (factory === undefined) {
    try {
      factory = new Function('$', src) as (env: Env) => Program;
    } catch (e) {
      // e.g. a Content-Security-Policy without 'unsafe-eval'
      throw new JitError('jit', `cannot compile here (${(e as Error).message}); run eagerly`);
    }
    factories.set(src, factory);
    if (factories.size > 64) factories.delete(factories.keys().next().value as string);
  }
  const program = factory(env);
  program.opaque = env.R.length > 0;
  program.source = src;
  return program;
}

/** The tensors in f's result (arrays and plain objects of tensors and other values). */
function tensorsOf(r: unknown, out: Tensor[]): Tensor[] {
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
 * import { jit, exp, type Jitted, type Tensor } from 'pathwise';
 * const f: Jitted<Tensor> = jit((x: Tensor) => exp(x));
 * f(0).item(); // 1
 * f.traces; // 1
 * f.eager; // false
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

/**
 * Compiles `f`, a pure function of tensors, into fused JavaScript (like `jax.jit` or
 * `tf.function`). The first call with new argument shapes traces `f` (runs it eagerly,
 * recording every op, including the backward ops of gradients `f` takes) and compiles
 * the recording: elementwise ops fuse into single loops, full sums accumulate inside
 * them, other ops run their eager kernels. Later calls with those shapes run the
 * compiled code; results equal eager results bit for bit.
 *
 * Rules, as in JAX: `f` must compute its result with pathwise ops from its arguments
 * and from Variables (read afresh at every call); any other tensor it reads is a
 * constant frozen at trace time. It must not read tensor values into numbers
 * (`item()`, `toArray()`) to branch on them, draw random numbers, or assign
 * Variables: those throw a {@link JitError} while tracing. Called under a recording
 * tape or inside {@link detectAnomaly}, the jitted function runs `f` eagerly, so
 * gradients through it work. Needs `new Function` (a page whose Content-Security-Policy
 * forbids eval cannot jit).
 * @throws {@link JitError} when tracing meets something it cannot compile; {@link ArgumentError}
 *   when called with fewer arguments than `f` declares (`f.length`).
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
  const jitted = (...raw: TensorLike[]): R => {
    if (raw.length < f.length)
      throw new ArgumentError(
        'jit',
        `the jitted function takes ${f.length} argument(s), got ${raw.length} (${raw.map((a) => (a instanceof Tensor ? `shape ${fmt(a.shape)}` : typeof a)).join(', ') || 'none'})`,
      );
    // the rest array is ours: convert in place
    for (let i = 0; i < raw.length; i++) {
      const a = raw[i];
      if (!(a instanceof Tensor)) raw[i] = toTensor(a, 'jit', `argument ${i}`);
    }
    const args = raw as Tensor[];
    if (isRecording() || anomalyMode()) return f(...args);
    if (eager) return tidy(() => f(...args));
    for (let i = 0; i < cache.length; i++) {
      const c = cache[i];
      if (!sameShapes(c.shapes, args)) continue;
      if (i > 0) cache.unshift(...cache.splice(i, 1));
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
    }
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
  Object.defineProperty(jitted, 'traces', { get: () => traces });
  Object.defineProperty(jitted, 'eager', { get: () => eager });
  Object.defineProperty(jitted, 'source', { get: () => cache[0]?.program.source });
  return jitted as Jitted<R>;
}

function trace<R>(
  f: (...args: Tensor[]) => R,
  args: readonly Tensor[],
): { result: R; compiled: Compiled } {
  const { session, paused } = beginRecording();
  setTracing(session);
  let result: R;
  const xs = args.map((a) => share(a, a.shape)); // one distinct traced input per argument
  try {
    for (const x of xs) watchTensor(x);
    result = f(...xs);
  } finally {
    setTracing(null);
    endRecording(paused);
  }
  const program = compile(session, xs, result);
  return {
    result,
    compiled: { shapes: args.map((a) => a.shape), program, opaque: program.opaque, checked: true },
  };
}
