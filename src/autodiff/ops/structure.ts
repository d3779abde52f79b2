/**
 * Ops that move elements without arithmetic, plus `sum` (the transpose of
 * broadcasting) and `unbroadcast`, through which every binary VJP reduces its
 * cotangent back to its input's shape.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { fmt, normAxes, normAxis, sameShape, sizeOf, stridesOf, type Shape } from '../shape.js';
import { needs, record } from '../tape.js';
import { alloc, share, Tensor, toTensor, type TensorLike, type Vjp } from '../tensor.js';
import { forEachRow } from './map.js';

/**
 * Options of reductions over axes.
 * @example
 * ```ts
 * import { sum, type ReduceOptions } from 'pathwise';
 * const rows: ReduceOptions = { axis: 1, keepDims: true };
 * sum([[1, 2], [3, 4]], rows).toArray(); // [[3], [7]]
 * ```
 */
export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); all axes when omitted. */
  axis?: number | readonly number[];
  /** Keep reduced axes with length 1 (default false). */
  keepDims?: boolean;
}

/** Reads a reduction's options, also accepting a bare axis or axis list. */
export function reduceOptions(
  o: number | readonly number[] | ReduceOptions | undefined,
): ReduceOptions {
  return typeof o === 'number' || Array.isArray(o)
    ? { axis: o as number | number[] }
    : ((o ?? {}) as ReduceOptions);
}

// ---------------------------------------------------------------------------------
// reshape / broadcastTo / sum / unbroadcast

const reshapeVjp: Vjp = (g, node) => [reshape(g, node.input(0).shape)];

/**
 * The same elements in a new shape (row-major order). One axis may be -1: it is
 * inferred from the size.
 * @throws {@link ShapeError} if the sizes differ or more than one axis is -1.
 * @example
 * ```ts
 * import { reshape, arange } from 'pathwise';
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 * ```
 */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  const t = toTensor(x, 'reshape', 'x');
  const s = [...shape];
  const free = s.indexOf(-1);
  if (free >= 0) {
    if (s.indexOf(-1, free + 1) >= 0)
      throw new ShapeError('reshape', `only one axis may be -1 in ${fmt(shape)}`);
    const rest = sizeOf(s.filter((_, i) => i !== free));
    s[free] = rest === 0 ? 0 : t.size / rest;
  }
  if (!s.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(s) !== t.size) {
    throw new ShapeError(
      'reshape',
      `cannot reshape a tensor of shape ${fmt(t.shape)} (${t.size} elements) to ${fmt(shape)}`,
    );
  }
  if (sameShape(s, t.shape)) return t;
  return record('reshape', [t], share(t, s), reshapeVjp);
}

const broadcastToVjp: Vjp = (g, node) => [unbroadcast(g, node.input(0).shape)];

/**
 * Repeats `x` along its length-1 (or missing leading) axes to `shape` (NumPy rules).
 * @throws {@link ShapeError} naming both shapes if `x` does not broadcast to `shape`.
 * @example
 * ```ts
 * import { broadcastTo } from 'pathwise';
 * broadcastTo([1, 2], [2, 2]).toArray(); // [[1, 2], [1, 2]]
 * ```
 */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  const t = toTensor(x, 'broadcastTo', 'x');
  if (sameShape(t.shape, shape)) return t;
  const bad = (): ShapeError =>
    new ShapeError('broadcastTo', `cannot broadcast shape ${fmt(t.shape)} to ${fmt(shape)}`);
  if (t.rank > shape.length) throw bad();
  for (let i = 0; i < t.rank; i++) {
    const d = t.shape[t.rank - 1 - i];
    if (d !== 1 && d !== shape[shape.length - 1 - i]) throw bad();
  }
  const o = alloc(sizeOf(shape));
  const xd = t.data;
  if (t.size === 1) o.fill(xd[0]);
  else
    forEachRow(shape, [t.shape], (off, st, oi, n) => {
      if (st[0] === 0) o.fill(xd[off[0]], oi, oi + n);
      else o.set(xd.subarray(off[0], off[0] + n), oi);
    });
  return record('broadcastTo', [t], new Tensor(o, [...shape]), broadcastToVjp);
}

/** @internal Pairwise summation sums runs of at most this many elements directly. */
export const PAIRWISE_LEAF = 128;

/** Sum of `d[i..i+n)` for a leaf run (n ≤ {@link PAIRWISE_LEAF}), four lanes at a time. */
function leafSum(d: Float64Array, i: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0; // prettier-ignore
  for (; k + 4 <= n; k += 4) {
    s0 += d[i + k];
    s1 += d[i + k + 1];
    s2 += d[i + k + 2];
    s3 += d[i + k + 3];
  }
  for (; k < n; k++) s0 += d[i + k];
  return s0 + s1 + (s2 + s3);
}

/** @internal Where pairwise summation splits a run of n > {@link PAIRWISE_LEAF} elements. */
export function pairwiseSplit(n: number): number {
  return (n >> 1) & ~7;
}

/** Sum of `d[i..i+n)` by pairwise summation (error O(log n · eps), like NumPy). */
function pairwise(d: Float64Array, i: number, n: number): number {
  if (n <= PAIRWISE_LEAF) return leafSum(d, i, n);
  const h = pairwiseSplit(n);
  return pairwise(d, i, h) + pairwise(d, i + h, n - h);
}

const sumToVjp: Vjp = (g, node) => [broadcastTo(g, node.input(0).shape)];

/**
 * @internal Sums `x` down to `kept` (same rank, each axis equal or 1): the transpose of
 * broadcastTo, and the op `sum` records.
 */
export function sumTo(x: Tensor, kept: Shape): Tensor {
  if (sameShape(x.shape, kept)) return x;
  const o = alloc(sizeOf(kept));
  const xd = x.data;
  if (o.length === 1) o[0] = pairwise(xd, 0, xd.length);
  else
    forEachRow(x.shape, [kept], (off, st, xi, n) => {
      const oi = off[0];
      if (st[0] === 0) o[oi] += pairwise(xd, xi, n);
      else for (let k = 0; k < n; k++) o[oi + k] += xd[xi + k];
    });
  return record('sum', [x], new Tensor(o, kept), sumToVjp);
}

/** @internal Shape with reduced axes set to 1, and the final shape. */
export function reducedShapes(
  shape: Shape,
  axes: readonly number[],
  keepDims: boolean,
): [Shape, Shape] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return [kept, keepDims ? kept : shape.filter((_, i) => !axes.includes(i))];
}

/**
 * Sum over axes (all by default). Pairwise summation keeps the rounding error
 * O(log n · eps).
 * @param options - `{axis, keepDims}`, or just the axis.
 * @example
 * ```ts
 * import { sum } from 'pathwise';
 * sum([[1, 2], [3, 4]]).item(); // 10
 * sum([[1, 2], [3, 4]], { axis: 0 }).toArray(); // [4, 6]
 * sum([[1, 2], [3, 4]], { axis: 1, keepDims: true }).toArray(); // [[3], [7]]
 * ```
 */
export function sum(x: TensorLike, options?: number | readonly number[] | ReduceOptions): Tensor {
  const t = toTensor(x, 'sum', 'x');
  const o = reduceOptions(options);
  const [kept, out] = reducedShapes(t.shape, normAxes('sum', o.axis, t.rank), o.keepDims ?? false);
  return reshape(sumTo(t, kept), out);
}

/**
 * Reduces a cotangent `g` of a broadcast result back to an input of shape `shape`, by
 * summing over the axes that broadcasting added or stretched. Every binary VJP goes
 * through here.
 * @example
 * ```ts
 * import { unbroadcast, ones } from 'pathwise';
 * unbroadcast(ones([2, 3]), [3]).toArray(); // [2, 2, 2]
 * ```
 */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const kept = g.shape.map((d, i) => (i < lead || shape[i - lead] === 1 ? 1 : d));
  return reshape(sumTo(g, kept), shape);
}

// ---------------------------------------------------------------------------------
// expandDims / squeeze

/**
 * Inserts a length-1 axis at `axis` (negative counts from the end of the result).
 * @example
 * ```ts
 * import { expandDims } from 'pathwise';
 * expandDims([1, 2], 0).shape; // [1, 2]
 * expandDims([1, 2], -1).shape; // [2, 1]
 * ```
 */
export function expandDims(x: TensorLike, axis: number): Tensor {
  const t = toTensor(x, 'expandDims', 'x');
  const a = normAxis('expandDims', axis, t.rank + 1);
  const s = [...t.shape];
  s.splice(a, 0, 1);
  return reshape(t, s);
}

/**
 * Removes length-1 axes: the given ones, or all of them.
 * @throws {@link ShapeError} if a named axis does not have length 1.
 * @example
 * ```ts
 * import { squeeze, zeros } from 'pathwise';
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // [3, 1]
 * ```
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  const t = toTensor(x, 'squeeze', 'x');
  const axes =
    axis === undefined
      ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : normAxes('squeeze', axis, t.rank);
  for (const a of axes) {
    if (t.shape[a] !== 1)
      throw new ShapeError(
        'squeeze',
        `axis ${a} of shape ${fmt(t.shape)} has length ${t.shape[a]}, not 1`,
      );
  }
  return reshape(
    t,
    t.shape.filter((_, i) => !axes.includes(i)),
  );
}

// ---------------------------------------------------------------------------------
// strided copies: transpose, slice, concat

/** Copies the box `shape` from `src` (start `so`, strides `ss`) into `dst` (start `dO`, strides `ds`). */
function copyBox(
  shape: Shape,
  src: Float64Array,
  so: number,
  ss: readonly number[],
  dst: Float64Array,
  dO: number,
  ds: readonly number[],
): void {
  const r = shape.length;
  if (sizeOf(shape) === 0) return;
  if (r === 0) {
    dst[dO] = src[so];
    return;
  }
  const n = shape[r - 1];
  const si = ss[r - 1];
  const di = ds[r - 1];
  const counter = new Array<number>(r).fill(0);
  for (;;) {
    if (si === 1 && di === 1) dst.set(src.subarray(so, so + n), dO);
    else for (let k = 0; k < n; k++) dst[dO + k * di] = src[so + k * si];
    let ax = r - 2;
    for (; ax >= 0; ax--) {
      if (++counter[ax] < shape[ax]) {
        so += ss[ax];
        dO += ds[ax];
        break;
      }
      counter[ax] = 0;
      so -= ss[ax] * (shape[ax] - 1);
      dO -= ds[ax] * (shape[ax] - 1);
    }
    if (ax < 0) return;
  }
}

/**
 * Permutes axes: output axis i is input axis `perm[i]`. Without `perm`, reverses the
 * axes (a matrix transpose for rank 2).
 * @throws {@link ShapeError} if `perm` is not a permutation of the axes.
 * @example
 * ```ts
 * import { transpose } from 'pathwise';
 * transpose([[1, 2, 3]]).toArray(); // [[1], [2], [3]]
 * ```
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = toTensor(x, 'transpose', 'x');
  const p =
    perm === undefined
      ? t.shape.map((_, i) => t.rank - 1 - i)
      : perm.map((a) => normAxis('transpose', a, t.rank));
  if (p.length !== t.rank || new Set(p).size !== p.length) {
    throw new ShapeError(
      'transpose',
      `perm ${fmt(perm ?? [])} is not a permutation of the ${t.rank} axes of ${fmt(t.shape)}`,
    );
  }
  if (p.every((a, i) => a === i)) return t;
  const shape = p.map((a) => t.shape[a]);
  const st = stridesOf(t.shape);
  const o = alloc(t.size);
  copyBox(
    shape,
    t.data,
    0,
    p.map((a) => st[a]),
    o,
    0,
    stridesOf(shape),
  );
  const inv = new Array<number>(p.length);
  p.forEach((a, i) => (inv[a] = i));
  return record(
    'transpose',
    [t],
    new Tensor(o, shape),
    (g) => [transpose(g, inv)],
    (ins) => transpose(ins[0], p),
  );
}

/**
 * {@link transpose} with an explicit permutation (PyTorch's `permute`).
 * @throws {@link ShapeError} naming `permute` for an axis out of range or a list that is
 *   not a permutation of the axes.
 * @example
 * ```ts
 * import { permute, zeros } from 'pathwise';
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function permute(x: TensorLike, perm: readonly number[]): Tensor {
  const t = toTensor(x, 'permute', 'x');
  if (!Array.isArray(perm))
    throw new ShapeError('permute', `perm must be an array of axes, got ${String(perm)}`);
  const bad = perm.find((a) => !Number.isInteger(a) || a < -t.rank || a >= t.rank);
  if (bad !== undefined)
    throw new ShapeError(
      'permute',
      `axis ${bad} in perm ${fmt(perm)} is out of range for x with shape ${fmt(t.shape)}`,
    );
  const p = perm.map((a) => normAxis('permute', a, t.rank));
  if (p.length !== t.rank || new Set(p).size !== p.length)
    throw new ShapeError(
      'permute',
      `perm ${fmt(perm)} is not a permutation of the ${t.rank} axes of x with shape ${fmt(t.shape)}`,
    );
  return transpose(t, perm);
}

/** Resolves TF-style `begin` / `size` (size -1 = to the end) against a shape. */
function sliceBox(
  op: string,
  shape: Shape,
  begin: readonly number[],
  size?: readonly number[],
): number[] {
  if (begin.length !== shape.length || (size !== undefined && size.length !== shape.length)) {
    throw new ShapeError(
      op,
      `begin ${fmt(begin)} and size ${fmt(size ?? [])} must have one entry per axis of ${fmt(shape)}`,
    );
  }
  return shape.map((d, i) => {
    const b = begin[i];
    const s = size === undefined || size[i] === -1 ? d - b : size[i];
    if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 0 || b + s > d) {
      throw new ShapeError(
        op,
        `slice begin ${fmt(begin)} size ${fmt(size ?? [])} is out of bounds for shape ${fmt(shape)}`,
      );
    }
    return s;
  });
}

function offsetOf(begin: readonly number[], strides: readonly number[]): number {
  let o = 0;
  for (let i = 0; i < begin.length; i++) o += begin[i] * strides[i];
  return o;
}

/**
 * The box of `x` starting at `begin` with extent `size` (TF's `slice`; a size of -1
 * runs to the end of that axis; no size means to the end on every axis).
 * @throws {@link ShapeError} if the box leaves the tensor.
 * @example
 * ```ts
 * import { slice } from 'pathwise';
 * slice([[1, 2, 3], [4, 5, 6]], [0, 1], [2, 2]).toArray(); // [[2, 3], [5, 6]]
 * ```
 */
export function slice(x: TensorLike, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = toTensor(x, 'slice', 'x');
  const shape = sliceBox('slice', t.shape, begin, size);
  if (sameShape(shape, t.shape)) return t;
  const st = stridesOf(t.shape);
  const o = alloc(sizeOf(shape));
  copyBox(shape, t.data, offsetOf(begin, st), st, o, 0, stridesOf(shape));
  const b = [...begin];
  return record(
    'slice',
    [t],
    new Tensor(o, shape),
    (g) => [pad(g, t.shape, b)],
    (ins) => slice(ins[0], b, shape),
  );
}

/** Zeros of `shape` with `x` placed at `begin`: the transpose of {@link slice}. */
function pad(x: Tensor, shape: Shape, begin: readonly number[]): Tensor {
  const st = stridesOf(shape);
  const o = alloc(sizeOf(shape));
  copyBox(x.shape, x.data, 0, stridesOf(x.shape), o, offsetOf(begin, st), st);
  return record(
    'pad',
    [x],
    new Tensor(o, shape),
    (g) => [slice(g, begin, x.shape)],
    (ins) => pad(ins[0], shape, begin),
  );
}

/**
 * Joins tensors along an existing axis; all other axes must agree.
 * @throws {@link ShapeError} naming the first mismatching shapes.
 * @example
 * ```ts
 * import { concat } from 'pathwise';
 * concat([[[1, 2]], [[3, 4]]], 0).toArray(); // [[1, 2], [3, 4]]
 * ```
 */
export function concat(xs: readonly TensorLike[], axis = 0): Tensor {
  if (xs.length === 0) throw new ArgumentError('concat', 'needs at least one tensor');
  const ts = xs.map((x, i) => toTensor(x, 'concat', `xs[${i}]`));
  const first = ts[0];
  const a = normAxis('concat', axis, first.rank);
  let total = 0;
  for (const t of ts) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(
        'concat',
        `shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ off axis ${a}`,
      );
    }
    total += t.shape[a];
  }
  if (ts.length === 1) return first;
  const shape = first.shape.map((d, i) => (i === a ? total : d));
  const st = stridesOf(shape);
  const o = alloc(sizeOf(shape));
  const begins: number[][] = [];
  let at = 0;
  for (const t of ts) {
    const begin = shape.map((_, i) => (i === a ? at : 0));
    begins.push(begin);
    copyBox(t.shape, t.data, 0, stridesOf(t.shape), o, offsetOf(begin, st), st);
    at += t.shape[a];
  }
  return record(
    'concat',
    ts,
    new Tensor(o, shape),
    (g, node) => ts.map((t, i) => (!needs(node, i) ? null : slice(g, begins[i], t.shape))),
    (ins) => concat(ins, a),
  );
}

/**
 * Joins same-shape tensors along a new axis.
 * @example
 * ```ts
 * import { stack } from 'pathwise';
 * stack([[1, 2], [3, 4]], 1).toArray(); // [[1, 3], [2, 4]]
 * ```
 */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  if (xs.length === 0) throw new ArgumentError('stack', 'needs at least one tensor');
  const ts = xs.map((x, i) => toTensor(x, 'stack', `xs[${i}]`));
  for (const t of ts) {
    if (!sameShape(t.shape, ts[0].shape))
      throw new ShapeError('stack', `shapes ${fmt(ts[0].shape)} and ${fmt(t.shape)} differ`);
  }
  const a = normAxis('stack', axis, ts[0].rank + 1);
  return concat(
    ts.map((t) => expandDims(t, a)),
    a,
  );
}

// ---------------------------------------------------------------------------------
// gather / scatterAdd

function checkIndices(op: string, idx: Tensor, n: number): Int32Array {
  const out = new Int32Array(idx.size);
  for (let i = 0; i < idx.size; i++) {
    const v = idx.data[i];
    if (!Number.isInteger(v) || v < -n || v >= n) {
      throw new ArgumentError(op, `index ${v} at position ${i} is not an integer in [-${n}, ${n})`);
    }
    out[i] = v < 0 ? v + n : v;
  }
  return out;
}

/**
 * Selects entries of `x` along `axis` (NumPy's `take`, TF's `gather`). The result's
 * shape is `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. Negative indices count
 * from the end. Gradients flow to `x` (summed over repeated indices), never to `indices`.
 * @throws {@link ArgumentError} for a non-integer or out-of-range index.
 * @example
 * ```ts
 * import { gather } from 'pathwise';
 * gather([10, 20, 30], [2, 0, 2]).toArray(); // [30, 10, 30]
 * gather([[1, 2], [3, 4]], [1], 1).toArray(); // [[2], [4]]
 * ```
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const t = toTensor(x, 'gather', 'x');
  const it = toTensor(indices, 'gather', 'indices');
  const a = normAxis('gather', axis, t.rank);
  const idx = checkIndices('gather', it, t.shape[a]);
  const outer = sizeOf(t.shape.slice(0, a));
  const inner = sizeOf(t.shape.slice(a + 1));
  const n = t.shape[a];
  const shape = [...t.shape.slice(0, a), ...it.shape, ...t.shape.slice(a + 1)];
  const o = alloc(outer * idx.length * inner);
  const xd = t.data;
  let w = 0;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < idx.length; j++) {
      const r = (p * n + idx[j]) * inner;
      for (let k = 0; k < inner; k++) o[w++] = xd[r + k];
    }
  }
  return record(
    'gather',
    [t, it],
    new Tensor(o, shape),
    (g) => [scatterAdd(g, it, idx, a, t.shape), null],
    (ins) => gather(ins[0], ins[1], a),
  );
}

/** Zeros of `shape` with the rows of `g` added at `idx` along `axis`: the transpose of gather. */
function scatterAdd(g: Tensor, it: Tensor, idx: Int32Array, axis: number, shape: Shape): Tensor {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const n = shape[axis];
  const o = alloc(sizeOf(shape));
  const gd = g.data;
  let rd = 0;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < idx.length; j++) {
      const w = (p * n + idx[j]) * inner;
      for (let k = 0; k < inner; k++) o[w + k] += gd[rd++];
    }
  }
  return record(
    'scatterAdd',
    [g, it],
    new Tensor(o, shape),
    (gg) => [gather(gg, it, axis), null],
    (ins) => scatterAdd(ins[0], ins[1], checkIndices('gather', ins[1], shape[axis]), axis, shape),
  );
}
