/**
 * Elementwise loops with NumPy broadcasting. No tape here: these are the raw kernels
 * the ops in this folder wrap. Each op owns its loop (one monomorphic loop per op);
 * broadcasting is handled by walking the output in contiguous rows, where every
 * input advances with stride 0 (broadcast) or 1.
 * @module
 */
import { broadcastShapes, sameShape, sizeOf, stridesOf, type Shape } from '../shape.js';
import { allocFull, scalarOf, Tensor } from '../tensor.js';

/** A unary loop: `o[i] = f(x[i])` for `i < n`. */
export type UnaryKernel = (x: Float64Array, o: Float64Array, n: number) => void;

/**
 * A binary loop over one row: `o[oi + k] = f(a[ai + k*as], b[bi + k*bs])` for `k < n`,
 * with strides `as`, `bs` of 0 or 1.
 */
export type BinaryKernel = (
  a: Float64Array,
  ai: number,
  as: number,
  b: Float64Array,
  bi: number,
  bs: number,
  o: Float64Array,
  oi: number,
  n: number,
) => void;

// Scratch for the one-element paths: the kernel runs on these, so no view is made.
const IN = new Float64Array(1);
const OUT = new Float64Array(1);

/** Applies a unary kernel into a fresh tensor of the same shape. */
export function map1(x: Tensor, k: UnaryKernel): Tensor {
  if (x.size === 1) {
    IN[0] = x._buf[x._off];
    k(IN, OUT, 1);
    return scalarOf(OUT[0], x.shape);
  }
  const o = allocFull(x.size);
  k(x.data, o, x.size);
  return new Tensor(o, x.shape);
}

/**
 * Per-axis strides of `shape` read as if broadcast to `out` (0 on broadcast axes).
 */
function broadcastStrides(shape: Shape, out: Shape): number[] {
  const st = stridesOf(shape);
  const r = out.length;
  const s = new Array<number>(r).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = r - shape.length + i;
    s[j] = shape[i] === 1 ? 0 : st[i];
  }
  return s;
}

/**
 * Calls `row(offsets, strides, oi, n)` for each contiguous row of `out`, where
 * `offsets[j]` is input j's start and `strides[j]` its inner stride. Adjacent axes
 * that every input walks alike are merged first, so rows are as long as possible.
 */
export function forEachRow(
  out: Shape,
  inputs: readonly Shape[],
  row: (offsets: number[], strides: number[], oi: number, n: number) => void,
): void {
  const m = inputs.length;
  const full = inputs.map((s) => broadcastStrides(s, out));
  const dims: number[] = [];
  const st: number[][] = inputs.map(() => []);
  for (let ax = 0; ax < out.length; ax++) {
    const d = out[ax];
    if (d === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let j = 0; j < m && merge; j++) merge = st[j][last] === full[j][ax] * d;
    if (merge) {
      dims[last] *= d;
      for (let j = 0; j < m; j++) st[j][last] = full[j][ax];
    } else {
      dims.push(d);
      for (let j = 0; j < m; j++) st[j].push(full[j][ax]);
    }
  }
  const total = sizeOf(out);
  if (total === 0) return;
  if (dims.length === 0) {
    row(new Array<number>(m).fill(0), new Array<number>(m).fill(0), 0, 1);
    return;
  }
  const r = dims.length;
  const n = dims[r - 1];
  const inner = st.map((s) => s[r - 1]);
  const offsets = new Array<number>(m).fill(0);
  const counter = new Array<number>(r - 1).fill(0);
  for (let oi = 0; oi < total; oi += n) {
    row(offsets, inner, oi, n);
    // advance the odometer over the outer axes
    for (let ax = r - 2; ax >= 0; ax--) {
      if (++counter[ax] < dims[ax]) {
        for (let j = 0; j < m; j++) offsets[j] += st[j][ax];
        break;
      }
      counter[ax] = 0;
      for (let j = 0; j < m; j++) offsets[j] -= st[j][ax] * (dims[ax] - 1);
    }
  }
}

/**
 * Applies a binary kernel with broadcasting into a fresh tensor.
 * @throws ShapeError (naming `op` and both shapes) if the shapes do not broadcast.
 */
export function map2(op: string, a: Tensor, b: Tensor, k: BinaryKernel): Tensor {
  if (a.size === 1 && b.size === 1) {
    const shape = a.shape === b.shape ? a.shape : broadcastShapes(op, a.shape, b.shape);
    k(a._buf, a._off, 0, b._buf, b._off, 0, OUT, 0, 1);
    return scalarOf(OUT[0], shape);
  }
  const ad = a.data;
  const bd = b.data;
  if (sameShape(a.shape, b.shape)) {
    const o = allocFull(a.size);
    k(ad, 0, 1, bd, 0, 1, o, 0, a.size);
    return new Tensor(o, a.shape);
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const size = sizeOf(shape);
  const o = allocFull(size);
  if (b.size === 1 && a.size === size) k(ad, 0, 1, bd, 0, 0, o, 0, size);
  else if (a.size === 1 && b.size === size) k(ad, 0, 0, bd, 0, 1, o, 0, size);
  else
    forEachRow(shape, [a.shape, b.shape], (off, s, oi, n) =>
      k(ad, off[0], s[0], bd, off[1], s[1], o, oi, n),
    );
  return new Tensor(o, shape);
}
