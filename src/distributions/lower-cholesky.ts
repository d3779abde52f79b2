/**
 * The bijection from unconstrained square matrices to Cholesky factors.
 * @module
 */
import {
  exp,
  eye,
  log,
  mul,
  sum,
  toTensor,
  tril,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Bijector } from './bijector.js';
import { constraints } from './constraints.js';

const eyeOf = (x: Tensor): Tensor => eye(x.shape[x.rank - 1]);

/**
 * Maps a square matrix x to a lower-triangular L with positive diagonal: the strictly
 * lower part is kept, the diagonal exponentiated, the upper part dropped (torch's
 * LowerCholeskyTransform; it is a bijection from the lower triangle of x).
 * log |det| = Σ diag(x) (only the diagonal is stretched).
 * @example
 * ```ts
 * import { LowerCholesky } from 'pathwise';
 * const b = new LowerCholesky();
 * b.forward([[0, 5], [2, Math.log(3)]]).toArray(); // [[1, 0], [2, 3]]
 * b.inverse([[1, 0], [2, 3]]).toArray(); // [[0, 0], [2, 1.0986122886681096]]
 * b.logDetJacobian([[0, 5], [2, 1]]).item(); // 1
 * ```
 */
export class LowerCholesky extends Bijector {
  readonly name = 'LowerCholesky';
  readonly domain = constraints.independent(constraints.real, 2);
  readonly codomain = constraints.lowerCholesky;

  forward(x: TensorLike): Tensor {
    const tx = toTensor(x, 'LowerCholesky.forward', 'x');
    const i = eyeOf(tx);
    return where(i, exp(mul(tx, i)), tril(tx, -1));
  }

  inverse(y: TensorLike): Tensor {
    const ty = toTensor(y, 'LowerCholesky.inverse', 'y');
    const i = eyeOf(ty);
    return where(i, log(where(i, ty, 1)), tril(ty, -1));
  }

  logDetJacobian(x: TensorLike): Tensor {
    const tx = toTensor(x, 'LowerCholesky.logDetJacobian', 'x');
    return sum(mul(tx, eyeOf(tx)), [-1, -2]);
  }
}
