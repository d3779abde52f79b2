/**
 * Linear algebra on the last two axes, with NumPy batch broadcasting over the rest:
 * matmul, dot, tril/triu, cholesky and triangularSolve (for MultivariateNormal).
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { broadcastShapes, fmt, sizeOf, type Shape } from '../shape.js';
import { needs, record } from '../tape.js';
import { gemm } from '../kernels/index.js';
import { cholesky as choleskyKernel, pivotValue, trsm } from '../kernels/triangular.js';
import { alloc, Tensor, toTensor, type TensorLike } from '../tensor.js';
import { add, mul, neg } from './arithmetic.js';
import { where } from './compare.js';
import { forEachRow } from './map.js';
import { reshape, transpose, unbroadcast } from './structure.js';

/** Swaps the last two axes. */
function mT(x: Tensor): Tensor {
  const p = x.shape.map((_, i) => i);
  p[p.length - 1] = p.length - 2;
  p[p.length - 2] = p.length - 1;
  return transpose(x, p);
}

/**
 * Runs `fn(ai, bi, oi)` for each matrix of a batched binary op, with the offsets (in
 * matrices) of a, b and the output after broadcasting the batch shapes.
 */
function forEachBatch(
  op: string,
  aBatch: Shape,
  bBatch: Shape,
  fn: (ai: number, bi: number, oi: number) => void,
): Shape {
  const batch = broadcastShapes(op, aBatch, bBatch);
  if (sizeOf(batch) === 0) return batch;
  forEachRow(batch, [aBatch, bBatch], (off, st, oi, n) => {
    for (let k = 0; k < n; k++) fn(off[0] + k * st[0], off[1] + k * st[1], oi + k);
  });
  return batch;
}

/**
 * `op(a) @ op(b)` over the last two axes, op = transpose when the flag is set (read in
 * place through strides, never copied, as BLAS does), on the dense kernels
 * (WebAssembly SIMD or JS, see kernels/index.ts): each element is summed over p in order
 * from 0, as the plain triple loop does, on either backend. `trust` (1: a, 2: b) marks
 * an operand that is an input of the forward product whose VJP this is (see `gemm`).
 */
function matmul2(a: Tensor, b: Tensor, ta = false, tb = false, trust = 0): Tensor {
  const ar = a.shape[a.rank - 2];
  const ac = a.shape[a.rank - 1];
  const br = b.shape[b.rank - 2];
  const bc = b.shape[b.rank - 1];
  const n = ta ? ac : ar;
  const k = ta ? ar : ac;
  const m = tb ? br : bc;
  if ((tb ? bc : br) !== k) {
    throw new ShapeError(
      'matmul',
      `inner dimensions differ: a has shape ${fmt(a.shape)} and b has shape ${fmt(b.shape)} (${k} vs ${tb ? bc : br})`,
    );
  }
  // element (i, p) of op(a) is ad[a0 + i·ais + p·aps]; (p, j) of op(b) is bd[b0 + p·bps + j·bjs]
  const layout = {
    n,
    k,
    m,
    ais: ta ? 1 : ac,
    aps: ta ? ac : 1,
    bps: tb ? 1 : bc,
    bjs: tb ? bc : 1,
  };
  const parts: number[] = [];
  const batch = forEachBatch('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2), (ai, bi, oi) =>
    parts.push(ai * ar * ac, bi * br * bc, oi * n * m),
  );
  const o = alloc(sizeOf(batch) * n * m);
  gemm(a.data, b.data, o, layout, parts, trust === 1 ? a.data : trust === 2 ? b.data : null);
  return record(
    'matmul',
    [a, b],
    new Tensor(o, [...batch, n, m]),
    (g, node) => [
      needs(node, 0)
        ? unbroadcast(ta ? matmul2(b, g, tb, true, 1) : matmul2(g, b, false, !tb, 2), a.shape)
        : null,
      needs(node, 1)
        ? unbroadcast(tb ? matmul2(g, a, true, ta, 2) : matmul2(a, g, !ta, false, 1), b.shape)
        : null,
    ],
    (ins) => matmul2(ins[0], ins[1], ta, tb, trust),
  );
}

/** For cholesky's error: where the matrix at `off` is not symmetric, if it is not. */
function asymmetry(d: Float64Array, off: number, n: number): string {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const x = d[off + i * n + j];
      const y = d[off + j * n + i];
      if (Math.abs(x - y) > 1e-12 * Math.max(Math.abs(x), Math.abs(y)))
        return `; a is not symmetric: a[${i},${j}] = ${x} but a[${j},${i}] = ${y} (cholesky reads (a + aᵀ)/2)`;
    }
  return '';
}

/**
 * Throws a {@link ShapeError} from `op` naming both full shapes if `a @ b` is undefined:
 * a scalar, inner dimensions that differ, or batch axes that do not broadcast.
 */
function checkProductShapes(op: string, a: Tensor, b: Tensor): void {
  const both = `a has shape ${fmt(a.shape)} and b has shape ${fmt(b.shape)}`;
  if (a.rank === 0 || b.rank === 0)
    throw new ShapeError(
      op,
      `needs tensors of rank >= 1, got a with shape ${fmt(a.shape)} and b with shape ${fmt(b.shape)}`,
    );
  const ka = a.shape[a.rank - 1];
  const kb = b.rank === 1 ? b.shape[0] : b.shape[b.rank - 2];
  if (ka !== kb) throw new ShapeError(op, `inner dimensions differ: ${both} (${ka} vs ${kb})`);
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  for (let i = 1; i <= Math.min(ba.length, bb.length); i++) {
    const x = ba[ba.length - i];
    const y = bb[bb.length - i];
    if (x !== y && x !== 1 && y !== 1)
      throw new ShapeError(
        op,
        `cannot broadcast shapes ${fmt(ba)} and ${fmt(bb)} (the batch dimensions): ${both}`,
      );
  }
}

/**
 * Matrix product over the last two axes, broadcasting the leading (batch) axes, like
 * NumPy's `matmul` / `@`. A 1-D `a` is a row vector and a 1-D `b` a column vector; the
 * added axis is removed from the result.
 * @throws {@link ShapeError} for a scalar argument or mismatched inner dimensions, naming both shapes.
 * @example
 * ```ts
 * import { matmul } from 'pathwise';
 * matmul([[1, 2], [3, 4]], [[5], [6]]).toArray(); // [[17], [39]]
 * matmul([1, 2], [[1, 0], [0, 1]]).toArray(); // [1, 2]
 * ```
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, 'matmul', 'a');
  const tb = toTensor(b, 'matmul', 'b');
  checkProductShapes('matmul', ta, tb);
  if (ta.rank === 0 || tb.rank === 0) {
    throw new ShapeError(
      'matmul',
      `needs tensors of rank >= 1, got a with shape ${fmt(ta.shape)} and b with shape ${fmt(tb.shape)}`,
    );
  }
  if (ta.rank === 1 && tb.rank === 1 && ta.size !== tb.size) {
    throw new ShapeError(
      'matmul',
      `inner dimensions differ: a has shape ${fmt(ta.shape)} and b has shape ${fmt(tb.shape)}`,
    );
  }
  const a2 = ta.rank === 1 ? reshape(ta, [1, ta.size]) : ta;
  const b2 = tb.rank === 1 ? reshape(tb, [tb.size, 1]) : tb;
  let y = matmul2(a2, b2);
  if (ta.rank === 1) y = reshape(y, [...y.shape.slice(0, -2), y.shape[y.rank - 1]]);
  if (tb.rank === 1) y = reshape(y, y.shape.slice(0, -1));
  return y;
}

/**
 * Inner product of two vectors; for higher ranks, {@link matmul}.
 * @throws {@link ShapeError} naming `dot` and both full shapes, as {@link matmul}.
 * @example
 * ```ts
 * import { dot } from 'pathwise';
 * dot([1, 2, 3], [4, 5, 6]).item(); // 32
 * ```
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, 'dot', 'a');
  const tb = toTensor(b, 'dot', 'b');
  checkProductShapes('dot', ta, tb);
  return matmul(ta, tb);
}

function band(op: string, x: TensorLike, k: number, lower: boolean): Tensor {
  const t = toTensor(x, op, 'x');
  if (t.rank < 2)
    throw new ShapeError(op, `needs a tensor of rank >= 2, got shape ${fmt(t.shape)}`);
  const n = t.shape[t.rank - 2];
  const m = t.shape[t.rank - 1];
  const mask = alloc(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) mask[i * m + j] = (lower ? j - i <= k : j - i >= k) ? 1 : 0;
  return where(new Tensor(mask, [n, m]), t, 0);
}

/**
 * The lower triangle of the last two axes (entries with `j - i <= k`), zeros above.
 * @example
 * ```ts
 * import { tril } from 'pathwise';
 * tril([[1, 2], [3, 4]]).toArray(); // [[1, 0], [3, 4]]
 * ```
 */
export function tril(x: TensorLike, k = 0): Tensor {
  return band('tril', x, k, true);
}

/**
 * The upper triangle of the last two axes (entries with `j - i >= k`), zeros below.
 * @example
 * ```ts
 * import { triu } from 'pathwise';
 * triu([[1, 2], [3, 4]]).toArray(); // [[1, 2], [0, 4]]
 * ```
 */
export function triu(x: TensorLike, k = 0): Tensor {
  return band('triu', x, k, false);
}

function checkSquare(op: string, arg: string, t: Tensor): number {
  const n = t.shape[t.rank - 1];
  if (t.rank < 2 || t.shape[t.rank - 2] !== n) {
    throw new ShapeError(
      op,
      `argument '${arg}' must be a (batch of) square matrices, got shape ${fmt(t.shape)}`,
    );
  }
  return n;
}

/**
 * The Cholesky factor L (lower triangular, positive diagonal) with `L Lᵀ = A`, for a
 * (batch of) symmetric positive-definite matrices. A is read as `(A + Aᵀ)/2`, so the
 * gradient is symmetric: `Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)`, Φ taking the lower triangle with
 * the diagonal halved (Murray 2016).
 * @throws {@link ArgumentError} naming the pivot if A is not positive definite.
 * @example
 * ```ts
 * import { cholesky } from 'pathwise';
 * cholesky([[4, 2], [2, 3]]).toArray(); // [[2, 0], [1, 1.4142135623730951]]
 * ```
 */
export function cholesky(a: TensorLike): Tensor {
  const t = toTensor(a, 'cholesky', 'a');
  const n = checkSquare('cholesky', 'a', t);
  const count = t.size / (n * n);
  const o = alloc(t.size);
  for (let b = 0; b < count; b++) {
    const pivot = choleskyKernel(t.data, b * n * n, o, b * n * n, n);
    if (pivot >= 0) {
      throw new ArgumentError(
        'cholesky',
        `matrix ${count > 1 ? `${b} of the batch ` : ''}is not positive definite: pivot ${pivot} is ${pivotValue} (a has shape ${fmt(t.shape)})${asymmetry(t.data, b * n * n, n)}`,
      );
    }
  }
  return record(
    'cholesky',
    [t],
    new Tensor(o, t.shape),
    (g, node) => {
      const L = node.output;
      const phi = mul(tril(matmul(mT(L), tril(g))), halfDiagonal(n));
      const y = triangularSolve(L, phi, { adjoint: true }); // L⁻ᵀ Φ
      const s = mT(triangularSolve(L, mT(y), { adjoint: true })); // (L⁻ᵀ Φ) L⁻¹
      return [mul(add(s, mT(s)), 0.5)];
    },
    (ins) => cholesky(ins[0]),
  );
}

function halfDiagonal(n: number): Tensor {
  const d = alloc(n * n).fill(1);
  for (let i = 0; i < n; i++) d[i * n + i] = 0.5;
  return new Tensor(d, [n, n]);
}

/**
 * Options of {@link triangularSolve}.
 * @example
 * ```ts
 * import { triangularSolve, type TriangularSolveOptions } from 'pathwise';
 * const upper: TriangularSolveOptions = { lower: false };
 * triangularSolve([[2, 1], [0, 1]], [[4], [2]], upper).toArray(); // [[1], [2]]
 * // the same system as the transpose of a lower triangle
 * triangularSolve([[2, 0], [1, 1]], [[4], [2]], { adjoint: true }).toArray(); // [[1], [2]]
 * ```
 */
export interface TriangularSolveOptions {
  /** Use the lower triangle of the matrix (default true); otherwise the upper. */
  lower?: boolean;
  /** Solve with the transpose of the triangle, `Lᵀ X = B` (default false). */
  adjoint?: boolean;
}

/** Throws an {@link ArgumentError} naming the first zero on the diagonal of `l` (`[..., n, n]`). */
function checkPivots(L: Tensor, n: number): void {
  const d = L.data;
  for (let m = 0; m < L.size / (n * n || 1); m++) {
    for (let i = 0; i < n; i++) {
      if (d[m * n * n + i * n + i] !== 0) continue;
      const at = L.rank > 2 ? ` of matrix ${m} (flat batch index)` : '';
      throw new ArgumentError(
        'triangularSolve',
        `singular matrix: l has shape ${fmt(L.shape)} and a zero pivot l[${i},${i}] = 0${at}`,
      );
    }
  }
}

/**
 * Solves `L X = B` (or `Lᵀ X = B` with `adjoint`) by substitution, reading only the
 * chosen triangle of `L`. `L` is `[..., n, n]`, `B` is `[..., n, k]`; batch axes broadcast.
 * Gradients: `B̄ = L⁻ᵀ X̄`, `L̄ = -B̄ Xᵀ` restricted to the triangle.
 * @throws {@link ShapeError} for non-square L or a mismatched B; {@link ArgumentError}
 *   if the triangle is singular (a zero on the diagonal), naming the zero pivot, as
 *   scipy's `solve_triangular` raises "singular matrix" (rather than returning ±∞).
 * @example
 * ```ts
 * import { triangularSolve } from 'pathwise';
 * triangularSolve([[2, 0], [1, 1]], [[2], [3]]).toArray(); // [[1], [2]]
 * ```
 */
export function triangularSolve(
  l: TensorLike,
  b: TensorLike,
  options: TriangularSolveOptions = {},
): Tensor {
  const { lower = true, adjoint = false } = options;
  const L = toTensor(l, 'triangularSolve', 'l');
  const B = toTensor(b, 'triangularSolve', 'b');
  const n = checkSquare('triangularSolve', 'l', L);
  if (B.rank < 2 || B.shape[B.rank - 2] !== n) {
    throw new ShapeError(
      'triangularSolve',
      `b must have shape [..., ${n}, k] to match l of shape ${fmt(L.shape)}, got ${fmt(B.shape)}`,
    );
  }
  checkPivots(L, n);
  const k = B.shape[B.rank - 1];
  const ld = L.data;
  const bd = B.data;
  const parts: [number, number, number][] = [];
  const batch = forEachBatch(
    'triangularSolve',
    L.shape.slice(0, -2),
    B.shape.slice(0, -2),
    (li, bi, oi) => parts.push([li, bi, oi]),
  );
  const o = alloc(sizeOf(batch) * n * k);
  // Effective matrix M = L or Lᵀ; forward substitution if M is lower, else backward.
  const [mis, mjs] = adjoint ? [1, n] : [n, 1];
  for (const [li, bi, oi] of parts)
    trsm(ld, li * n * n, mis, mjs, lower !== adjoint, bd, bi * n * k, o, oi * n * k, n, k);
  return record(
    'triangularSolve',
    [L, B],
    new Tensor(o, [...batch, n, k]),
    (g, node) => {
      const X = node.output;
      const gb = triangularSolve(L, g, { lower, adjoint: !adjoint });
      let gl: Tensor | null = null;
      if (needs(node, 0)) {
        const full = adjoint ? matmul(X, mT(gb)) : matmul(gb, mT(X));
        gl = unbroadcast(neg(lower ? tril(full) : triu(full)), L.shape);
      }
      return [gl, needs(node, 1) ? unbroadcast(gb, B.shape) : null];
    },
    (ins) => triangularSolve(ins[0], ins[1], options),
  );
}
