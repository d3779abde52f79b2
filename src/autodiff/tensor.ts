/**
 * The Tensor: a row-major Float64Array with a shape, and the ways to make one.
 * @module
 */
import { ArgumentError, JitError, ShapeError } from './errors.js';
import { fmt, sizeOf, type Shape } from './shape.js';

/**
 * Nested arrays of numbers (or booleans, read as 0/1).
 * @example
 * ```ts
 * import { tensor, type NestedArray } from 'pathwise';
 * const rows: NestedArray = [[1, 2], [true, false]];
 * tensor(rows).toArray(); // [[1, 2], [1, 0]]
 * ```
 */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * Anything an op accepts where a tensor is expected.
 * @example
 * ```ts
 * import { add, tensor, type TensorLike } from 'pathwise';
 * const inputs: TensorLike[] = [2, [1, 2], Float64Array.of(1, 2), tensor([1, 2])];
 * inputs.map((x) => add(x, 1).toArray()); // [3, [2, 3], [2, 3], [2, 3]]
 * ```
 */
export type TensorLike =
  Tensor | number | boolean | readonly NestedArray[] | Float64Array | Float32Array | Int32Array;

/**
 * A backward rule: given the cotangent `g` of the node's output, return one
 * cotangent per input (`null` meaning zero or not needed), each of that input's shape.
 * @example
 * ```ts
 * import { GradientTape, tensor, mul, type Node, type Vjp } from 'pathwise';
 * const x = tensor(3);
 * const tape = new GradientTape();
 * const y = tape.record(() => {
 *   tape.watch(x);
 *   return mul(x, 2);
 * });
 * const node = y._node as Node; // the tape entry that produced y
 * const back = node.vjp as Vjp; // mul's backward rule
 * back(tensor(1), node)[0]?.item(); // 2: dy/dx
 * ```
 */
export type Vjp = (g: Tensor, node: Node) => readonly (Tensor | null)[];

/**
 * @internal Runs a recorded op again on new inputs of the same shapes (how {@link jit}
 * replays an op it does not fuse).
 */
export type Replay = (inputs: readonly Tensor[]) => Tensor;

/**
 * One entry of the tape (a Wengert list): the op that produced `output` from `inputs`,
 * and its backward rule. `vjp === null` marks a node no gradient flows through: a leaf
 * (no inputs: a watched tensor or a Variable) or a cut (a comparison, `stopGradient`,
 * ...), kept so that {@link explainGradient} can say where a path was cut.
 * @example
 * ```ts
 * import { GradientTape, tensor, mul, type Node } from 'pathwise';
 * const x = tensor(3);
 * const tape = new GradientTape();
 * const y = tape.record(() => {
 *   tape.watch(x);
 *   return mul(x, 2);
 * });
 * const node = y._node as Node; // the tape entry that produced y
 * node.name; // 'mul'
 * node.inputs[0] === x; // true
 * node.output === y; // true
 * ```
 */
export class Node {
  /** Where the op was called from (only captured under {@link detectAnomaly}). */
  declare site: string | undefined; // undefined on the prototype: one field less per node
  /** @internal How to run the op again on new inputs, for ops that are not elementwise (see `ir.ts`). */
  declare replay: Replay | null; // null on the prototype; set by record for such ops
  // Inputs are kept in fields rather than an array: one object less per recorded op.
  private readonly in0: Tensor | null;
  private readonly in1: Tensor | null;
  private readonly rest: readonly Tensor[] | null;
  constructor(
    /** Op name, e.g. `'mul'`, or the leaf's name. */
    readonly name: string,
    inputs: readonly Tensor[] | Tensor | null,
    second: Tensor | null,
    /** Bit i is set when input i was on the tape (needs a cotangent); see `parentOf`. */
    readonly mask: number,
    /** The tensor this node produced. */
    readonly output: Tensor,
    /** The backward rule, or null for a leaf or a cut. */
    readonly vjp: Vjp | null,
    /** Identifies the recording session (see `tape.ts`). */
    readonly session: number,
    /** Position in the session's node list. */
    readonly index: number,
  ) {
    if (inputs === null || inputs instanceof Tensor) {
      this.in0 = inputs;
      this.in1 = second;
      this.rest = null;
    } else {
      this.in0 = inputs[0] ?? null;
      this.in1 = inputs[1] ?? null;
      this.rest = inputs;
    }
  }

  /** Number of inputs. */
  get arity(): number {
    const r = this.rest;
    return r !== null ? r.length : this.in0 === null ? 0 : this.in1 === null ? 1 : 2;
  }

  /** Input `i`, as the op received it. */
  input(i: number): Tensor {
    return (
      i === 0 ? this.in0 : i === 1 && this.rest === null ? this.in1 : (this.rest as Tensor[])[i]
    ) as Tensor;
  }

  /** All inputs, as a fresh array. */
  get inputs(): Tensor[] {
    return Array.from({ length: this.arity }, (_, i) => this.input(i));
  }
}
Node.prototype.site = undefined;
Node.prototype.replay = null;

/** Node's hook for `console.log` / `util.inspect` (a plain registered symbol elsewhere). */
const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/** The shape of every scalar, shared (shapes are never mutated). */
export const SCALAR: Shape = [];

const SLAB = 4096; // doubles per slab (32 KiB)
/** Inside `tidy`, buffers longer than this come from (and return to) the pool; shorter ones from slabs. */
const POOLED = 512;

let slab = new ArrayBuffer(SLAB * 8);
/** The whole current slab as one array: one-element tensors live in it without a view. */
let slabData = new Float64Array(slab);
let used = 0;

function nextSlab(): void {
  slab = new ArrayBuffer(SLAB * 8);
  slabData = new Float64Array(slab);
  used = 0;
}

/**
 * @internal Fresh zeroed storage for `n` float64s. Up to 512 elements it is a view into
 * a shared 32 KiB slab: V8 makes a standalone typed array expensive (about 0.3 µs for
 * 32 doubles, 3 µs for 1024, mostly its own ArrayBuffer and the GC work it brings),
 * which dominated small-tensor code such as a 10,000-op scalar chain or a batch-32
 * training step. A retained small tensor keeps its slab alive (at most 32 KiB).
 */
export function alloc(n: number): Float64Array {
  if (scope !== null && n > POOLED) return scope.take(n);
  return fresh(n);
}

/**
 * @internal Like {@link alloc}, but the contents may be garbage: for kernels that write
 * every element (saves a pass over recycled memory).
 */
export function allocFull(n: number): Float64Array {
  if (scope !== null && n > POOLED) return scope.take(n, true);
  return fresh(n);
}

function fresh(n: number): Float64Array {
  if (n > 512) return new Float64Array(n);
  if (used + n > SLAB) nextSlab();
  const v = new Float64Array(slab, used * 8, n);
  used += n;
  return v;
}

/**
 * @internal A one-element tensor of shape `shape` holding `value`. Its element lives in
 * a slot of the current slab, and no Float64Array view is made until someone reads
 * `data`: a view costs about as much as the rest of a scalar op (its creation and the
 * garbage it leaves), and the ops' scalar paths never need one.
 */
export function scalarOf(value: number, shape: Shape): Tensor {
  if (used >= SLAB) nextSlab();
  const off = used++;
  slabData[off] = value;
  return new Tensor(slabData, shape, off);
}

/** Released buffers by length, for reuse inside later scopes. */
const pool = new Map<number, Float64Array[]>();
let pooledBytes = 0;
const MAX_POOLED_BYTES = 256 * 1024 * 1024;

/** The storage every released tensor points to: reading it gives undefined, not stale data. */
const RELEASED = new Float64Array(0);

/**
 * @internal A memory scope (see `tidy`): the op outputs created inside it, and the
 * buffers it took from the pool or allocated.
 */
export class Scope {
  readonly tensors: Tensor[] = [];
  readonly owned = new Set<Float64Array>();
  constructor(readonly parent: Scope | null) {}

  /** A buffer of length n owned by this scope: zeroed, unless `dirty` allows old contents. */
  take(n: number, dirty = false): Float64Array {
    const b = pool.get(n)?.pop();
    if (b !== undefined) {
      pooledBytes -= n * 8;
      if (!dirty) b.fill(0);
      this.owned.add(b);
      return b;
    }
    const fresh = new Float64Array(n);
    this.owned.add(fresh);
    return fresh;
  }

  /**
   * Releases every tensor created in this scope except `keep` (and tensors sharing
   * their storage): their storage returns to the pool and they are marked released.
   * The kept ones move to the parent scope.
   */
  release(keep: ReadonlySet<Tensor>): void {
    const keptData = new Set<Float64Array>();
    for (const t of keep) keptData.add(t.data);
    for (const t of this.tensors) {
      if (keep.has(t) || keptData.has(t.data) || !this.owned.has(t.data)) continue;
      t._buf = t._data = RELEASED;
      t._off = 0;
    }
    for (const b of this.owned) {
      if (keptData.has(b)) {
        this.parent?.owned.add(b);
        continue;
      }
      if (pooledBytes + b.length * 8 > MAX_POOLED_BYTES) continue;
      let list = pool.get(b.length);
      if (list === undefined) pool.set(b.length, (list = []));
      list.push(b);
      pooledBytes += b.length * 8;
    }
    if (this.parent !== null) for (const t of keep) this.parent.tensors.push(t);
  }

  /** Hands everything to the parent scope (nothing is released). */
  merge(): void {
    if (this.parent === null) return;
    for (const t of this.tensors) this.parent.tensors.push(t);
    for (const b of this.owned) this.parent.owned.add(b);
  }
}

let scope: Scope | null = null;

/** @internal Opens a scope; returns it. */
export function openScope(): Scope {
  scope = new Scope(scope);
  return scope;
}

/** @internal Closes the innermost scope (which must be `s`). */
export function closeScope(s: Scope): void {
  scope = s.parent;
}

/**
 * A float64 array with a shape, stored row-major. Tensors are immutable values
 * (a {@link Variable} is the one kind whose contents may be assigned).
 * Create them with {@link tensor}, {@link zeros}, {@link arange}, ...
 * @example
 * ```ts
 * import { tensor } from 'pathwise';
 * const t = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.size, t.rank); // [2, 3] 6 2
 * console.log(t.toString()); // tensor([[1, 2, 3], [4, 5, 6]])
 * ```
 */
export class Tensor {
  /** @internal the tape node that produced this tensor, if recorded. */
  _node: Node | null = null;
  /** @internal true for trainable Variables, which every tape watches (see below). */
  declare _trainable: boolean;
  /** @internal true for Variables, whose storage `assign` overwrites (so views must copy). */
  declare _variable: boolean;
  /** Number of elements. */
  readonly size: number;
  /**
   * @internal The storage: `data` itself, or (for a one-element tensor made by the ops'
   * scalar paths) a whole slab holding the element at `_off`.
   */
  _buf: Float64Array;
  /** @internal Index of element 0 in `_buf`. */
  _off: number;
  /** @internal `data`, or null until a slab-stored one-element tensor's view is made. */
  _data: Float64Array | null;
  /**
   * Wraps `data` without copying; `data.length` must equal the product of `shape`.
   * (Internally, with `offset`: a one-element tensor stored at `data[offset]`.)
   */
  constructor(
    data: Float64Array,
    /** Length of each axis. */
    readonly shape: Shape,
    offset?: number,
  ) {
    this._buf = data;
    if (offset === undefined) {
      this._off = 0;
      this._data = data;
      this.size = data.length;
      if (scope !== null && data.length > POOLED) scope.tensors.push(this); // only these can hold pooled storage
    } else {
      this._off = offset;
      this._data = null;
      this.size = 1;
    }
  }

  /** The elements, row-major. Treat as read-only. */
  get data(): Float64Array {
    return this._data ?? this.view();
  }

  private view(): Float64Array {
    const b = this._buf;
    return (this._data = new Float64Array(b.buffer, b.byteOffset + this._off * 8, 1));
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * The single element of a one-element tensor, as a number.
   * @throws {@link ShapeError} if the tensor has more than one element.
   */
  item(): number {
    if (tracing !== 0) checkConcrete(this, 'item');
    if (this.size !== 1)
      throw new ShapeError(
        'item',
        `tensor of shape ${fmt(this.shape)} has ${this.size} elements, not 1`,
      );
    return this._buf[this._off];
  }

  /** The elements as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    if (tracing !== 0) checkConcrete(this, 'toArray');
    if (this.shape.length === 0) return this.data[0];
    return nest(this.data, this.shape, 0, 0);
  }

  /** Readable form, e.g. `tensor([0.5, 1.25])`; large tensors are abbreviated. */
  toString(): string {
    const body = this.size > 1000 ? `<${this.size} values>` : show(this.toArray());
    return `tensor(${body}${this.size > 1000 || this.size === 0 ? `, shape=${fmt(this.shape)}` : ''})`;
  }

  /**
   * @internal `console.log(t)` prints `toString()` (the fields would show a one-element
   * tensor's whole storage slab).
   */
  [inspectSymbol](): string {
    return this.toString();
  }
}

let tracing = 0; // the session id jit is tracing, or 0

/** @internal Tells tensors which session {@link jit} is tracing (0: none). */
export function setTracedSession(id: number): void {
  tracing = id;
}

/** Under a jit trace, reading the numbers of a traced tensor would freeze them into the trace. */
function checkConcrete(t: Tensor, what: string): void {
  const n = t._node;
  if (n !== null && n.session === tracing) {
    throw new JitError(
      'jit',
      `${what}() was called on a tensor computed from jit's arguments (by '${n.name}'): a jitted function must not read tensor values into JavaScript numbers or branch on them; compute with ops (e.g. where) instead, or do not jit it`,
    );
  }
}

// False on the prototype (a Variable sets its own): two fields less in every tensor.
Tensor.prototype._trainable = false;
Tensor.prototype._variable = false;

function nest(data: Float64Array, shape: Shape, axis: number, offset: number): NestedArray[] {
  const n = shape[axis];
  const out: NestedArray[] = new Array(n);
  if (axis === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = data[offset + i];
    return out;
  }
  const step = sizeOf(shape.slice(axis + 1));
  for (let i = 0; i < n; i++) out[i] = nest(data, shape, axis + 1, offset + i * step);
  return out;
}

function show(v: NestedArray): string {
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  if (typeof v === 'boolean') return v ? '1' : '0';
  return `[${v.map(show).join(', ')}]`;
}

/**
 * @internal A tensor of shape `shape` over the same storage as `x`: shared, unless `x`
 * is a Variable, whose storage `assign` overwrites later.
 */
export function share(x: Tensor, shape: Shape): Tensor {
  if (x._data === null) return new Tensor(x._buf, shape, x._off);
  return new Tensor(x._variable ? Float64Array.from(x.data) : x.data, shape);
}

const cache: (Tensor | undefined)[] = new Array(256).fill(undefined);

/**
 * @internal A scalar tensor for a number passed to an op, shared between calls with the
 * same number (a small direct-mapped cache): `mul(0.9, x)` in a loop allocates nothing
 * for 0.9. Safe because tensors are immutable and these are never watched.
 */
export function constant(x: number): Tensor {
  const k = (x * 2654435761) & 255;
  const hit = cache[k];
  if (hit !== undefined) {
    const v = hit._buf[hit._off];
    if (v === x && (x !== 0 || 1 / v === 1 / x)) return hit;
  }
  const t = scalar(x);
  if (x === x) cache[k] = t; // never cache NaN
  return t;
}

/**
 * Converts anything tensor-like into a Tensor (a Tensor is returned as is).
 * @param op - the calling op, named in errors.
 * @param arg - the argument's name, named in errors.
 * @throws {@link ArgumentError} on non-numeric data; {@link ShapeError} on ragged arrays.
 * @example
 * ```ts
 * import { toTensor, tensor } from 'pathwise';
 * const t = tensor([1, 2]);
 * toTensor(t) === t; // true: a Tensor is returned as is
 * toTensor([[1], [2]]).shape; // [2, 1]
 * try { toTensor([[1], [2, 3]], 'myOp', 'x'); } catch (e) { console.log((e as Error).message); }
 * // myOp: argument 'x' is ragged: expected 1 entries on axis 1 at [1]
 * ```
 */
export function toTensor(x: TensorLike, op = 'tensor', arg = 'values'): Tensor {
  // the common case, small enough for V8 to inline into every op; the rest is converted below
  if (x instanceof Tensor && x._buf !== RELEASED) return x;
  return convert(x, op, arg);
}

/** {@link toTensor} of anything but a live Tensor. */
function convert(x: TensorLike, op: string, arg: string): Tensor {
  if (x instanceof Tensor) {
    if (x.size === 0) return x; // an empty tensor shares the released storage harmlessly
    throw new ArgumentError(
      op,
      `argument '${arg}' is a tensor released by tidy(); keep it by returning it from the tidy function`,
    );
  }
  if (typeof x === 'number') return scalar(x);
  if (typeof x === 'boolean') return scalar(x ? 1 : 0);
  if (x instanceof Float64Array) return new Tensor(Float64Array.from(x), [x.length]);
  if (x instanceof Float32Array || x instanceof Int32Array)
    return new Tensor(Float64Array.from(x), [x.length]);
  if (Array.isArray(x)) return fromNested(x, op, arg);
  throw new ArgumentError(
    op,
    `argument '${arg}' must be a number, a Tensor or nested arrays of numbers, got ${describe(x)}`,
  );
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (v === undefined) return 'undefined';
  if (typeof v === 'object') return `an object (${(v as object).constructor?.name ?? 'Object'})`;
  return `${typeof v} ${String(v)}`;
}

function fromNested(x: readonly NestedArray[], op: string, arg: string): Tensor {
  const shape: number[] = [];
  let probe: unknown = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (v: unknown, axis: number, path: number[]): void => {
    if (axis === shape.length) {
      if (typeof v === 'number') data[k++] = v;
      else if (typeof v === 'boolean') data[k++] = v ? 1 : 0;
      else
        throw new ArgumentError(
          op,
          `argument '${arg}' has a non-numeric value ${describe(v)} at [${path.join(',')}]`,
        );
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      throw new ShapeError(
        op,
        `argument '${arg}' is ragged: expected ${shape[axis]} entries on axis ${axis} at [${path.join(',')}]`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i], axis + 1, [...path, i]);
  };
  walk(x, 0, []);
  return new Tensor(data, shape);
}

/**
 * Creates a tensor from a number, nested arrays or a typed array (always copied to float64).
 * @param shape - optional shape; the flat data must have exactly that many elements.
 * @throws {@link ArgumentError} on non-numeric data; {@link ShapeError} on ragged arrays or a size mismatch.
 * @example
 * ```ts
 * import { tensor } from 'pathwise';
 * tensor([1, 2, 3, 4], [2, 2]).toArray(); // [[1, 2], [3, 4]]
 * ```
 */
export function tensor(values: TensorLike, shape?: Shape): Tensor {
  const t = toTensor(values);
  const data = values instanceof Tensor ? Float64Array.from(t.data) : t.data;
  if (shape === undefined) return new Tensor(data, t.shape);
  checkShape('tensor', shape);
  if (sizeOf(shape) !== t.size) {
    throw new ShapeError(
      'tensor',
      `${t.size} values do not fill shape ${fmt(shape)} (${sizeOf(shape)} elements)`,
    );
  }
  return new Tensor(data, [...shape]);
}

/**
 * @internal The most elements one tensor may hold: 2³¹ - 1 (16 GiB of float64s), below
 * the typed-array limits of JavaScript engines.
 */
export const MAX_SIZE = 2 ** 31 - 1;

/** @internal Throws a {@link ShapeError} from `op` for a shape with more than {@link MAX_SIZE} elements. */
export function checkSize(op: string, shape: Shape, n = sizeOf(shape)): void {
  if (n > MAX_SIZE)
    throw new ShapeError(
      op,
      `shape ${fmt(shape)} has ${n} elements, more than the ${MAX_SIZE} a tensor can hold`,
    );
}

function checkShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape))
    throw new ShapeError(op, `shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(op, `invalid shape ${fmt(shape)}: axes must be non-negative integers`);
  }
  checkSize(op, shape);
}

/**
 * A rank-0 tensor.
 * @example
 * ```ts
 * import { scalar } from 'pathwise';
 * scalar(2.5).item(); // 2.5
 * ```
 */
export function scalar(value: number): Tensor {
  return scalarOf(value, SCALAR);
}

/**
 * A tensor of the given shape filled with `value`.
 * @throws {@link ShapeError} for a shape that is not a list of non-negative integers or
 *   has more than 2³¹ - 1 elements; {@link ArgumentError} if `value` is not a number.
 * @example
 * ```ts
 * import { full } from 'pathwise';
 * full([2], 7).toArray(); // [7, 7]
 * ```
 */
export function full(shape: Shape, value: number): Tensor {
  return filled('full', shape, value);
}

function filled(op: string, shape: Shape, value: number): Tensor {
  checkShape(op, shape);
  if (typeof value !== 'number')
    throw new ArgumentError(op, `value must be a number, got ${describe(value)}`);
  const n = sizeOf(shape);
  if (n === 1) return scalarOf(value, shape.length === 0 ? SCALAR : [...shape]);
  const data = alloc(n);
  if (value !== 0) data.fill(value);
  return new Tensor(data, [...shape]);
}

/**
 * A tensor of zeros.
 * @throws {@link ShapeError} naming `zeros` for a bad or too large shape, as {@link full}.
 * @example
 * ```ts
 * import { zeros } from 'pathwise';
 * zeros([2, 2]).toArray(); // [[0, 0], [0, 0]]
 * ```
 */
export function zeros(shape: Shape): Tensor {
  return filled('zeros', shape, 0);
}

/**
 * A tensor of ones.
 * @throws {@link ShapeError} naming `ones` for a bad or too large shape, as {@link full}.
 * @example
 * ```ts
 * import { ones } from 'pathwise';
 * ones([3]).toArray(); // [1, 1, 1]
 * ```
 */
export function ones(shape: Shape): Tensor {
  return filled('ones', shape, 1);
}

/**
 * Zeros with the shape of `x`.
 * @example
 * ```ts
 * import { zerosLike, tensor } from 'pathwise';
 * zerosLike(tensor([1, 2])).toArray(); // [0, 0]
 * ```
 */
export function zerosLike(x: TensorLike): Tensor {
  return full(toTensor(x, 'zerosLike', 'x').shape, 0);
}

/**
 * Ones with the shape of `x`.
 * @example
 * ```ts
 * import { onesLike, tensor } from 'pathwise';
 * onesLike(tensor([1, 2])).toArray(); // [1, 1]
 * ```
 */
export function onesLike(x: TensorLike): Tensor {
  return full(toTensor(x, 'onesLike', 'x').shape, 1);
}

/**
 * Evenly spaced values in `[start, stop)` with the given step (NumPy's arange);
 * with one argument, `[0, start)`.
 * @throws {@link ArgumentError} if `step` is 0 or not finite, or `start` or `stop` is not
 *   finite; {@link ShapeError} if the result would have more than 2³¹ - 1 elements.
 * @example
 * ```ts
 * import { arange } from 'pathwise';
 * arange(4).toArray(); // [0, 1, 2, 3]
 * arange(1, 2, 0.25).toArray(); // [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step))
    throw new ArgumentError('arange', `step must be finite and non-zero, got ${step}`);
  if (!Number.isFinite(start))
    throw new ArgumentError('arange', `start must be a finite number, got ${start}`);
  if (!Number.isFinite(stop))
    throw new ArgumentError('arange', `stop must be a finite number, got ${stop}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkSize('arange', [n]);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 * @throws {@link ArgumentError} if `num` is not a non-negative integer;
 *   {@link ShapeError} if it is more than 2³¹ - 1.
 * @example
 * ```ts
 * import { linspace } from 'pathwise';
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ArgumentError('linspace', `num must be a non-negative integer, got ${num}`);
  checkSize('linspace', [num]);
  const data = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new Tensor(data, [num]);
}

/**
 * The `n × m` identity matrix (ones on the diagonal).
 * @example
 * ```ts
 * import { eye } from 'pathwise';
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 * ```
 */
export function eye(n: number, m = n): Tensor {
  checkShape('eye', [n, m]);
  const data = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m]);
}
