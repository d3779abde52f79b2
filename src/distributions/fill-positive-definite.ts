/**
 * The bijection from unconstrained vectors to positive-definite matrices.
 * @module
 */
import {
  add,
  cholesky,
  concat,
  exp,
  eye,
  gather,
  log,
  matmul,
  mul,
  reshape,
  ShapeError,
  sum,
  tensor,
  toTensor,
  where,
  zeros,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Bijector } from './bijector.js';
import { constraints } from './constraints.js';
import { symmetrize } from './matrix-util.js';
import { mT } from './util.js';

/** p for a vector of m = p(p+1)/2 entries. */
function sideOf(m: number, op: string): number {
  const p = Math.round((Math.sqrt(8 * m + 1) - 1) / 2);
  if ((p * (p + 1)) / 2 !== m)
    throw new ShapeError(op, `x must have p(p+1)/2 entries on its last axis, got ${m}`);
  return p;
}

/** Flat index k of lower-triangle entry (i, j), j ≤ i, in row-major order. */
const tri = (i: number, j: number): number => (i * (i + 1)) / 2 + j;

/**
 * Maps a vector x of p(p+1)/2 reals to the symmetric positive-definite `A = L Lᵀ`, where L
 * is lower triangular filled row by row from x with its diagonal exponentiated (NumPyro's
 * `biject_to(positive_definite)`: its LowerCholeskyTransform then CholeskyTransform⁻¹;
 * TFP's FillScaleTriL with an exp diagonal, then L Lᵀ). The inverse reads the Cholesky
 * factor of A. A bijection ℝ^(p(p+1)/2) → PD(p), so NUTS and autoguides can move on
 * Wishart-distributed matrices. On A's p(p+1)/2 distinct entries,
 * `log |det J| = p log 2 + Σᵢ (p - i + 1) log L_ii` (i from 0).
 * @example
 * ```ts
 * import { FillPositiveDefinite } from 'pathwise';
 * const b = new FillPositiveDefinite();
 * b.forward([0, 2, 0]).toArray(); // [[1, 2], [2, 5]]
 * b.inverse([[1, 2], [2, 5]]).toArray(); // [0, 2, 0]
 * b.forwardShape([3]); // [2, 2]
 * b.logDetJacobian([0, 2, 1]).item(); // 3.386294361119891
 * ```
 */
export class FillPositiveDefinite extends Bijector {
  readonly name = 'FillPositiveDefinite';
  readonly domain = constraints.realVector;
  readonly codomain = constraints.positiveDefinite;

  forward(x: TensorLike): Tensor {
    const tx = toTensor(x, 'FillPositiveDefinite.forward', 'x');
    const m = tx.shape[tx.rank - 1];
    const p = sideOf(m, 'FillPositiveDefinite.forward');
    const idx = Array.from({ length: p * p }, (_, f) => {
      const [i, j] = [Math.floor(f / p), f % p];
      return j <= i ? tri(i, j) : m; // m: the appended 0
    });
    const pre = tx.shape.slice(0, -1);
    const padded = concat([tx, zeros([...pre, 1])], -1);
    const flat = reshape(gather(padded, tensor(idx), -1), [...pre, p, p]);
    const i = eye(p);
    const l = where(i, exp(mul(flat, i)), flat);
    return symmetrize(matmul(l, mT(l)));
  }

  inverse(y: TensorLike): Tensor {
    const ty = toTensor(y, 'FillPositiveDefinite.inverse', 'y');
    const p = ty.shape[ty.rank - 1];
    const i = eye(p);
    const l = cholesky(ty);
    const logged = where(i, log(where(i, l, 1)), l);
    const idx: number[] = [];
    for (let r = 0; r < p; r++) for (let c = 0; c <= r; c++) idx.push(r * p + c);
    return gather(reshape(logged, [...ty.shape.slice(0, -2), p * p]), tensor(idx), -1);
  }

  logDetJacobian(x: TensorLike): Tensor {
    const tx = toTensor(x, 'FillPositiveDefinite.logDetJacobian', 'x');
    const p = sideOf(tx.shape[tx.rank - 1], 'FillPositiveDefinite.logDetJacobian');
    const diag = gather(tx, tensor(Array.from({ length: p }, (_, r) => tri(r, r))), -1);
    const weights = tensor(Array.from({ length: p }, (_, r) => p - r + 1));
    return add(sum(mul(diag, weights), -1), p * Math.LN2);
  }

  override forwardShape(shape: Shape): Shape {
    const p = sideOf(shape[shape.length - 1], 'FillPositiveDefinite.forwardShape');
    return [...shape.slice(0, -1), p, p];
  }

  override inverseShape(shape: Shape): Shape {
    const p = shape[shape.length - 1];
    return [...shape.slice(0, -2), (p * (p + 1)) / 2];
  }
}
