/**
 * The bijection from ℝ^(d(d-1)/2) onto lower Cholesky factors of d × d correlation
 * matrices, and the one onto correlation matrices themselves.
 * @module
 */
import {
  add,
  ArgumentError,
  cholesky,
  concat,
  cumsum,
  exp,
  eye,
  gather,
  log,
  log1p,
  matmul,
  mul,
  neg,
  reshape,
  softplus,
  square,
  sub,
  sum,
  tanh,
  tensor,
  toTensor,
  tril,
  ones,
  zeros,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Bijector } from './bijector.js';
import { constraints } from './constraints.js';
import { mT } from './util.js';

/** d for a vector of n = d(d-1)/2 entries. */
function dimOf(op: string, n: number): number {
  const d = Math.round((1 + Math.sqrt(1 + 8 * n)) / 2);
  if ((d * (d - 1)) / 2 !== n)
    throw new ArgumentError(op, `a vector of length ${n} is not d(d-1)/2 for any d`);
  return d;
}

/** The row-major positions (i·d + j) of the strictly lower triangle of a d × d matrix. */
function lowerPositions(d: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < d; i++) for (let j = 0; j < i; j++) out.push(i * d + j);
  return out;
}

/** For each of the d² positions, 1 + the index in the packed vector, or 0 (a zero). */
function unpackIndex(d: number): Tensor {
  const idx = new Float64Array(d * d);
  lowerPositions(d).forEach((p, k) => (idx[p] = k + 1));
  return tensor(idx);
}

/** The d × d matrix whose strictly lower triangle is v (row by row), zero elsewhere. */
function unpack(v: Tensor, d: number): Tensor {
  const batch = v.shape.slice(0, -1);
  const padded = concat([zeros([...batch, 1]), v], -1);
  return reshape(gather(padded, unpackIndex(d), -1), [...batch, d, d]);
}

/** The strictly lower triangle of m, row by row. */
function pack(m: Tensor): Tensor {
  const d = m.shape[m.rank - 1];
  const batch = m.shape.slice(0, -2);
  return gather(reshape(m, [...batch, d * d]), lowerPositions(d), -1);
}

/** log(1 - tanh²x) = 2(log 2 - x - softplus(-2x)), without cancellation for large |x|. */
const log1mTanh2 = (x: Tensor): Tensor => mul(sub(sub(Math.LN2, x), softplus(mul(x, -2))), 2);

/**
 * Maps x ∈ ℝ^(d(d-1)/2) (last axis) to the lower Cholesky factor L of a d × d
 * correlation matrix (torch's CorrCholeskyTransform, Stan's corr_matrix transform):
 * the entries rᵢⱼ = tanh(x) fill the strictly lower triangle row by row, and each row is
 * a stick broken on squares: Lᵢⱼ = rᵢⱼ·√sᵢⱼ for j < i, Lᵢᵢ = √sᵢᵢ, with the remaining
 * length sᵢⱼ = Πₖ<ⱼ (1 - rᵢₖ²), so every row has unit norm. sᵢⱼ is kept in log space
 * (log(1 - tanh²x) = 2(log 2 - x - softplus(-2x))), so no entry rounds to a NaN.
 * The Jacobian of x ↦ (strictly lower triangle of L) is triangular in each row, and
 * log |det| = Σᵢ>ⱼ (½ log sᵢⱼ + log(1 - rᵢⱼ²)), exact. The inverse reads sᵢⱼ as the tail
 * sum Σₖ≥ⱼ Lᵢₖ² (no cancellation) and takes atanh(Lᵢⱼ/√sᵢⱼ).
 * @throws {@link ArgumentError} if the last axis of x is not d(d-1)/2 long for any d.
 * @example
 * ```ts
 * import { CorrCholesky } from 'pathwise';
 * const b = new CorrCholesky();
 * b.forward([0]).toArray(); // [[1, 0], [0, 1]]
 * const l = b.forward([Math.atanh(0.6)]);
 * l.toArray(); // [[1, 0], [0.6, 0.8]]
 * b.inverse(l).item(); // ≈ 0.6931471805599453 (atanh 0.6)
 * b.forwardShape([3]); // [3, 3]
 * b.inverseShape([4, 4]); // [6]
 * ```
 */
export class CorrCholesky extends Bijector {
  readonly name = 'CorrCholesky';
  readonly domain = constraints.realVector;
  readonly codomain = constraints.corrCholesky;

  /** The tanh'd entries, their log(1 - r²) and the exclusive row sums log sᵢⱼ, as matrices. */
  private parts(x: TensorLike): { r: Tensor; l1m: Tensor; logS: Tensor; d: number } {
    const tx = toTensor(x, 'CorrCholesky', 'x');
    const d = dimOf('CorrCholesky', tx.shape[tx.rank - 1]);
    const l1m = unpack(log1mTanh2(tx), d);
    const logS = sub(cumsum(l1m, { axis: -1 }), l1m);
    return { r: unpack(tanh(tx), d), l1m, logS, d };
  }

  forward(x: TensorLike): Tensor {
    const { r, logS, d } = this.parts(x);
    return mul(add(r, eye(d)), exp(mul(logS, 0.5)));
  }

  inverse(y: TensorLike): Tensor {
    const ty = toTensor(y, 'CorrCholesky.inverse', 'y');
    const tails = cumsum(square(ty), { axis: -1, reverse: true }); // sᵢⱼ = Σₖ≥ⱼ Lᵢₖ²
    const t = mul(pack(ty), exp(mul(log(pack(tails)), -0.5)));
    return mul(sub(log1p(t), log1p(neg(t))), 0.5);
  }

  logDetJacobian(x: TensorLike): Tensor {
    const { l1m, logS, d } = this.parts(x);
    const strict = tril(ones([d, d]), -1);
    return sum(mul(add(mul(logS, 0.5), l1m), strict), [-2, -1]);
  }

  override forwardShape(shape: Shape): Shape {
    const d = dimOf('CorrCholesky.forwardShape', shape[shape.length - 1]);
    return [...shape.slice(0, -1), d, d];
  }

  override inverseShape(shape: Shape): Shape {
    const d = shape[shape.length - 1];
    return [...shape.slice(0, -2), (d * (d - 1)) / 2];
  }
}

/**
 * Maps x ∈ ℝ^(d(d-1)/2) to a d × d correlation matrix C = L Lᵀ, L = CorrCholesky(x)
 * (torch's CorrCholeskyTransform followed by the inverse of CorrMatrixCholeskyTransform;
 * what {@link bijectorFor} gives for `constraints.corrMatrix`). The map from L's strictly
 * lower triangle to C's has log |det| = Σᵢ (d - 1 - i) log Lᵢᵢ (i from 0), added to
 * CorrCholesky's. The inverse factors C by `cholesky`.
 * @throws {@link ArgumentError} as {@link CorrCholesky}.
 * @example
 * ```ts
 * import { CorrMatrix } from 'pathwise';
 * const b = new CorrMatrix();
 * b.forward([Math.atanh(0.6)]).toArray(); // [[1, 0.6], [0.6, 1]]
 * b.inverse([[1, 0.6], [0.6, 1]]).item(); // ≈ 0.6931471805599453
 * ```
 */
export class CorrMatrix extends Bijector {
  readonly name = 'CorrMatrix';
  readonly domain = constraints.realVector;
  readonly codomain = constraints.corrMatrix;
  private readonly chol = new CorrCholesky();

  forward(x: TensorLike): Tensor {
    const l = this.chol.forward(x);
    return matmul(l, mT(l));
  }

  inverse(y: TensorLike): Tensor {
    return this.chol.inverse(cholesky(toTensor(y, 'CorrMatrix.inverse', 'y')));
  }

  logDetJacobian(x: TensorLike): Tensor {
    const l = this.chol.forward(x);
    const d = l.shape[l.rank - 1];
    const order = tensor(Array.from({ length: d }, (_, i) => d - 1 - i));
    const logDiag = log(sum(mul(l, eye(d)), -1));
    return add(this.chol.logDetJacobian(x), sum(mul(order, logDiag), -1));
  }

  override forwardShape(shape: Shape): Shape {
    return this.chol.forwardShape(shape);
  }

  override inverseShape(shape: Shape): Shape {
    return this.chol.inverseShape(shape);
  }
}
