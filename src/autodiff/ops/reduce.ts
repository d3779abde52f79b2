/**
 * Reductions beyond `sum`: mean, prod, max, min, logSumExp; softmax and logSoftmax
 * (shifted by the max, so they never overflow); cumsum.
 * @module
 */
import { normAxes, normAxis, sizeOf, type Shape } from '../shape.js';
import { record, stopGradient } from '../tape.js';
import { alloc, Tensor, toTensor, type TensorLike } from '../tensor.js';
import { add, div, mul, smul, sub } from './arithmetic.js';
import { equal, greater, notEqual, where } from './compare.js';
import { forEachRow } from './map.js';
import { exp } from './math.js';
import {
  broadcastTo,
  reduceOptions,
  reducedShapes,
  reshape,
  sum,
  type ReduceOptions,
} from './structure.js';

/** The axes to reduce: one axis, a list of axes, or {@link ReduceOptions}. @inline */
type AxisArg = number | readonly number[] | ReduceOptions;

/** Resolves reduction options into [axes, kept shape, output shape]. */
function plan(op: string, t: Tensor, options: AxisArg | undefined): [number[], Shape, Shape] {
  const o = reduceOptions(options);
  const axes = normAxes(op, o.axis, t.rank);
  const [kept, out] = reducedShapes(t.shape, axes, o.keepDims ?? false);
  return [axes, kept, out];
}

/**
 * Folds `x` down to `kept` with `row`, which combines a run of `n` inputs into the
 * output: into one slot when `os` is 0, elementwise when `os` is 1.
 */
function fold(
  x: Tensor,
  kept: Shape,
  init: number,
  row: (o: Float64Array, oi: number, os: number, xd: Float64Array, xi: number, n: number) => void,
): Float64Array {
  const o = alloc(sizeOf(kept)).fill(init);
  forEachRow(x.shape, [kept], (off, st, xi, n) => row(o, off[0], st[0], x.data, xi, n));
  return o;
}

/**
 * Arithmetic mean over axes (all by default).
 * @example
 * ```ts
 * import { mean } from 'pathwise';
 * mean([[1, 2], [3, 5]], { axis: 0 }).toArray(); // [2, 3.5]
 * ```
 */
export function mean(x: TensorLike, options?: AxisArg): Tensor {
  const t = toTensor(x, 'mean', 'x');
  const [, kept] = plan('mean', t, options);
  const count = t.size / sizeOf(kept);
  return div(sum(t, options), count);
}

const maxRow = (
  o: Float64Array,
  oi: number,
  os: number,
  xd: Float64Array,
  xi: number,
  n: number,
): void => {
  for (let k = 0; k < n; k++) {
    const v = xd[xi + k];
    const j = oi + k * os;
    if (v > o[j] || Number.isNaN(v)) o[j] = v;
  }
};
const minRow = (
  o: Float64Array,
  oi: number,
  os: number,
  xd: Float64Array,
  xi: number,
  n: number,
): void => {
  for (let k = 0; k < n; k++) {
    const v = xd[xi + k];
    const j = oi + k * os;
    if (v < o[j] || Number.isNaN(v)) o[j] = v;
  }
};
const prodRow = (
  o: Float64Array,
  oi: number,
  os: number,
  xd: Float64Array,
  xi: number,
  n: number,
): void => {
  for (let k = 0; k < n; k++) o[oi + k * os] *= xd[xi + k];
};

/** max / min: the cotangent goes to the extremal entries, split evenly between ties. */
function extremum(op: 'max' | 'min', x: TensorLike, options: AxisArg | undefined): Tensor {
  const t = toTensor(x, op, 'x');
  const [, kept, out] = plan(op, t, options);
  const o = op === 'max' ? fold(t, kept, -Infinity, maxRow) : fold(t, kept, Infinity, minRow);
  return record(
    op,
    [t],
    new Tensor(o, out),
    (g, node) => {
      const hit = equal(t, reshape(node.output, kept));
      const share = div(hit, sum(hit, { axis: keptAxes(kept, t.shape), keepDims: true }));
      return [smul(broadcastTo(reshape(g, kept), t.shape), share)];
    },
    (ins) => extremum(op, ins[0], options),
  );
}

function keptAxes(kept: Shape, shape: Shape): number[] {
  return shape.flatMap((d, i) => (kept[i] === 1 && d !== 1 ? [i] : []));
}

/**
 * Maximum over axes (all by default); NaN propagates. The gradient goes to the
 * maximal entries, split evenly between ties.
 * @example
 * ```ts
 * import { max } from 'pathwise';
 * max([[1, 5], [7, 2]], { axis: 1 }).toArray(); // [5, 7]
 * ```
 */
export function max(x: TensorLike, options?: AxisArg): Tensor {
  return extremum('max', x, options);
}

/**
 * Minimum over axes (all by default); NaN propagates. Gradient as for {@link max}.
 * @example
 * ```ts
 * import { min } from 'pathwise';
 * min([[1, 5], [7, 2]]).item(); // 1
 * ```
 */
export function min(x: TensorLike, options?: AxisArg): Tensor {
  return extremum('min', x, options);
}

/**
 * Product over axes (all by default). The gradient is the product of the other
 * entries, exact also when some entries are 0.
 * @example
 * ```ts
 * import { prod } from 'pathwise';
 * prod([[1, 2], [3, 4]], { axis: 1 }).toArray(); // [2, 12]
 * ```
 */
export function prod(x: TensorLike, options?: AxisArg): Tensor {
  const t = toTensor(x, 'prod', 'x');
  const [axes, kept, out] = plan('prod', t, options);
  const o = fold(t, kept, 1, prodRow);
  return record(
    'prod',
    [t],
    new Tensor(o, out),
    (g) => {
      // product of the others = P / x where no entry is 0; with one zero, P of the
      // non-zeros at the zero and 0 elsewhere; with two or more zeros, 0.
      const nz = notEqual(t, 0);
      const safe = where(nz, t, 1);
      const pNonZero = prod(safe, { axis: axes, keepDims: true });
      const zeros = sum(sub(1, nz), { axis: axes, keepDims: true });
      // zsum is 0 but carries the zeros' gradients: each branch then equals the product of
      // the others near x, not only at x, so second derivatives are right at zeros too
      const zsum = sum(where(nz, 0, t), { axis: axes, keepDims: true });
      const others = where(
        equal(zeros, 0),
        div(pNonZero, safe),
        where(
          equal(zeros, 1),
          where(nz, div(mul(pNonZero, zsum), safe), pNonZero),
          where(equal(zeros, 2), where(nz, 0, mul(pNonZero, sub(zsum, t))), 0),
        ),
      );
      return [mul(broadcastTo(reshape(g, kept), t.shape), others)];
    },
    (ins) => prod(ins[0], options),
  );
}

/**
 * The max `m` over the reduced axes and `Σ exp(x - m)` (both `kept`-shaped): the
 * shifted parts of log-sum-exp, softmax and log-softmax. Where m is ±∞ the sum is NaN
 * (callers return m itself).
 */
function shifted(t: Tensor, kept: Shape): [Float64Array, Float64Array] {
  const m = fold(t, kept, -Infinity, maxRow);
  const s = alloc(m.length);
  const xd = t.data;
  forEachRow(t.shape, [kept], (off, st, xi, n) => {
    for (let k = 0; k < n; k++) {
      const j = off[0] + k * st[0];
      s[j] += Math.exp(xd[xi + k] - m[j]);
    }
  });
  return [m, s];
}

/**
 * The max `m` and `Σ exp(x - m)` over all entries but the first maximal one (whose term
 * is exactly 1): `log Σ exp(x - m)` is then `log1p` of it, which keeps the digits a
 * rounded `1 + s` would drop when the other entries are far below the max.
 */
function shiftedOthers(t: Tensor, kept: Shape): [Float64Array, Float64Array] {
  const m = fold(t, kept, -Infinity, maxRow);
  const s = alloc(m.length);
  const seen = new Uint8Array(m.length);
  const xd = t.data;
  forEachRow(t.shape, [kept], (off, st, xi, n) => {
    for (let k = 0; k < n; k++) {
      const j = off[0] + k * st[0];
      const v = xd[xi + k];
      if (v === m[j] && seen[j] === 0) seen[j] = 1;
      else s[j] += Math.exp(v - m[j]);
    }
  });
  return [m, s];
}

/** `m + log1p(Σ_{others} exp(x - m))`, or m where m is ±∞. */
function lseKernel(t: Tensor, kept: Shape): Float64Array {
  const [m, s] = shiftedOthers(t, kept);
  for (let j = 0; j < m.length; j++) s[j] = Number.isFinite(m[j]) ? m[j] + Math.log1p(s[j]) : m[j];
  return s;
}

/**
 * `log Σ exp(x)` over axes (all by default), as `m + log1p(Σ' exp(x - m))` with m the
 * max and Σ' over the other entries, so it neither overflows nor underflows and keeps
 * full relative precision when one entry dominates; ±∞ when the max is ±∞. Gradient
 * softmax(x).
 * @example
 * ```ts
 * import { logSumExp } from 'pathwise';
 * logSumExp([1000, 1000]).item(); // 1000.6931471805599
 * ```
 */
export function logSumExp(x: TensorLike, options?: AxisArg): Tensor {
  const t = toTensor(x, 'logSumExp', 'x');
  const [axes, kept, out] = plan('logSumExp', t, options);
  return record(
    'logSumExp',
    [t],
    new Tensor(lseKernel(t, kept), out),
    (g) => {
      // softmax as exp(x - m) / Σ exp(x - m) with the max m held constant: x - m is exact,
      // where exp(x - logSumExp) would lose |x|·eps; 0 when all entries are -inf
      const m = stopGradient(max(t, { axis: axes, keepDims: true }));
      const e = exp(sub(t, m));
      const p = where(equal(m, -Infinity), 0, div(e, sum(e, { axis: axes, keepDims: true })));
      return [smul(broadcastTo(reshape(g, kept), t.shape), p)];
    },
    (ins) => logSumExp(ins[0], options),
  );
}

/**
 * Softmax along `axis` (default -1): `exp(x - m) / Σ exp(x - m)` with m the max, so it
 * never overflows and a constant shift of x changes nothing.
 * @example
 * ```ts
 * import { softmax } from 'pathwise';
 * softmax([1, 2, 3]).toArray(); // [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
 * softmax([1000, 1001]).toArray(); // [0.2689414213699951, 0.7310585786300049]
 * ```
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const t = toTensor(x, 'softmax', 'x');
  const a = normAxis('softmax', axis, t.rank);
  const kept = t.shape.map((d, i) => (i === a ? 1 : d));
  const [m, z] = shifted(t, kept); // exp(x - m) / Σ exp(x - m): exact after the shift
  const o = alloc(t.size);
  forEachRow(t.shape, [kept], (off, st, xi, n) => {
    for (let k = 0; k < n; k++) {
      const j = off[0] + k * st[0];
      o[xi + k] = Math.exp(t.data[xi + k] - m[j]) / z[j];
    }
  });
  return record(
    'softmax',
    [t],
    new Tensor(o, t.shape),
    (g, node) => {
      const y = node.output;
      return [mul(y, sub(g, sum(mul(g, y), { axis: a, keepDims: true })))];
    },
    (ins) => softmax(ins[0], axis),
  );
}

/**
 * Log-softmax along `axis` (default -1): `(x - m) - log1p(Σ' exp(x - m))` with m the max
 * and Σ' over the entries but the (first) largest, so the largest entry keeps full
 * relative precision (`log Σ exp(x - m)` would round `1 + Σ'` first: at logits [0, -30]
 * it would give -9.348077867343381e-14, 1e-3 off, instead of -9.357622968839737e-14). VJP `g - softmax(x)·Σg`, with
 * `1 - p` of a dominant entry (p > ½) taken as `Σ' / (1 + Σ')`, not by cancellation.
 * @example
 * ```ts
 * import { logSoftmax } from 'pathwise';
 * logSoftmax([0, 0]).toArray(); // [-0.6931471805599453, -0.6931471805599453]
 * logSoftmax([0, -30]).toArray(); // [-9.357622968839737e-14, -30.000000000000092]
 * ```
 */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const t = toTensor(x, 'logSoftmax', 'x');
  const a = normAxis('logSoftmax', axis, t.rank);
  const kept = t.shape.map((d, i) => (i === a ? 1 : d));
  const [m, z] = shiftedOthers(t, kept);
  const o = alloc(t.size);
  forEachRow(t.shape, [kept], (off, st, xi, n) => {
    for (let k = 0; k < n; k++) {
      const j = off[0] + k * st[0];
      const mj = m[j];
      o[xi + k] = Number.isFinite(mj) ? t.data[xi + k] - mj - Math.log1p(z[j]) : NaN;
    }
  });
  return record(
    'logSoftmax',
    [t],
    new Tensor(o, t.shape),
    (g) => [logSoftmaxVjp(t, g, a)],
    (ins) => logSoftmax(ins[0], axis),
  );
}

/** `g - softmax(x)·Σg` along `a` as `g·(1 - p) - p·(Σg - g)`, 1 - p without cancellation. */
function logSoftmaxVjp(x: Tensor, g: Tensor, a: number): Tensor {
  const keep = { axis: a, keepDims: true };
  const e = exp(sub(x, stopGradient(max(x, keep))));
  const p = softmax(x, a);
  const top = stopGradient(greater(p, 0.5)); // at most one per row
  const others = sum(where(top, 0, e), keep);
  const q = where(top, div(others, add(others, e)), sub(1, p));
  return sub(mul(g, q), mul(p, sub(sum(g, keep), g)));
}

/**
 * Options of {@link cumsum}.
 * @example
 * ```ts
 * import { cumsum, type CumsumOptions } from 'pathwise';
 * const fromTheEnd: CumsumOptions = { axis: 1, reverse: true };
 * cumsum([[1, 2, 3]], fromTheEnd).toArray(); // [[6, 5, 3]]
 * ```
 */
export interface CumsumOptions {
  /** Axis to accumulate along (default 0). */
  axis?: number;
  /** Accumulate from the end instead (default false). */
  reverse?: boolean;
}

/**
 * Cumulative sum along an axis (default 0). Its gradient is the reverse cumulative sum.
 * @example
 * ```ts
 * import { cumsum } from 'pathwise';
 * cumsum([1, 2, 3]).toArray(); // [1, 3, 6]
 * cumsum([1, 2, 3], { reverse: true }).toArray(); // [6, 5, 3]
 * ```
 */
export function cumsum(x: TensorLike, options: number | CumsumOptions = {}): Tensor {
  const t = toTensor(x, 'cumsum', 'x');
  const { axis = 0, reverse = false } = typeof options === 'number' ? { axis: options } : options;
  const a = normAxis('cumsum', axis, t.rank);
  const outer = sizeOf(t.shape.slice(0, a));
  const n = t.shape[a];
  const inner = sizeOf(t.shape.slice(a + 1));
  const xd = t.data;
  const o = alloc(t.size);
  for (let p = 0; p < outer; p++) {
    for (let q = 0; q < inner; q++) {
      const base = p * n * inner + q;
      let acc = 0;
      for (let k = 0; k < n; k++) {
        const i = base + (reverse ? n - 1 - k : k) * inner;
        acc += xd[i];
        o[i] = acc;
      }
    }
  }
  return record(
    'cumsum',
    [t],
    new Tensor(o, t.shape),
    (g) => [cumsum(g, { axis: a, reverse: !reverse })],
    (ins) => cumsum(ins[0], options),
  );
}
