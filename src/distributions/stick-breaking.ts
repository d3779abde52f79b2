/**
 * The stick-breaking bijection from ℝ^(K-1) onto the K-simplex.
 * @module
 */
import {
  add,
  arange,
  concat,
  cumsum,
  exp,
  log,
  neg,
  slice,
  softplus,
  sub,
  sum,
  toTensor,
  zeros,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Bijector } from './bijector.js';
import { constraints } from './constraints.js';

/** log(K-1-i) for i = 0..K-2: the shift that maps x = 0 to the uniform point 1/K. */
const offsets = (k1: number): Tensor => log(sub(k1, arange(k1)));

const lastSlice = (x: Tensor, begin: number, size: number): Tensor =>
  slice(x, [...x.shape.slice(0, -1).map(() => 0), begin], [...x.shape.slice(0, -1), size]);

/**
 * Maps x ∈ ℝ^(K-1) (last axis) onto the simplex in ℝ^K by breaking a unit stick:
 * zᵢ = σ(xᵢ - log(K-1-i)), yᵢ = zᵢ Πⱼ<ᵢ (1 - zⱼ), y_K = Πⱼ (1 - zⱼ) (torch's
 * StickBreakingTransform; x = 0 gives the uniform point). Everything is computed in
 * log space (log zᵢ = -softplus(-x̃ᵢ), log(1 - zᵢ) = -softplus(x̃ᵢ)); the Jacobian of
 * the first K-1 coordinates is triangular, so log |det| = Σ(log zᵢ + log(1-zᵢ) +
 * log Πⱼ<ᵢ(1-zⱼ)). The inverse uses the tail sums Σⱼ>ᵢ yⱼ, which do not cancel.
 * @example
 * ```ts
 * import { StickBreaking } from 'pathwise';
 * const b = new StickBreaking();
 * b.forward([0, 0]).toArray(); // [0.3333333333333333, 0.33333333333333337, 0.3333333333333333]
 * b.inverse([0.2, 0.3, 0.5]).toArray(); // [-0.6931471805599452, -0.5108256237659908]
 * b.forwardShape([2]); // [3]
 * ```
 */
export class StickBreaking extends Bijector {
  readonly name = 'StickBreaking';
  readonly domain = constraints.realVector;
  readonly codomain = constraints.simplex;

  private parts(x: TensorLike): { logz: Tensor; log1mz: Tensor; before: Tensor; all: Tensor } {
    const tx = toTensor(x, 'StickBreaking', 'x');
    const k1 = tx.shape[tx.rank - 1];
    const shifted = sub(tx, offsets(k1));
    const logz = neg(softplus(neg(shifted)));
    const log1mz = neg(softplus(shifted));
    const cum = cumsum(log1mz, { axis: -1 });
    const before = concat([zeros([...tx.shape.slice(0, -1), 1]), lastSlice(cum, 0, k1 - 1)], -1);
    return { logz, log1mz, before, all: lastSlice(cum, k1 - 1, 1) };
  }

  forward(x: TensorLike): Tensor {
    const { logz, before, all } = this.parts(x);
    return exp(concat([add(logz, before), all], -1));
  }

  inverse(y: TensorLike): Tensor {
    const ty = toTensor(y, 'StickBreaking.inverse', 'y');
    const k = ty.shape[ty.rank - 1];
    const tails = cumsum(ty, { axis: -1, reverse: true }); // Σⱼ≥ᵢ yⱼ
    const head = lastSlice(ty, 0, k - 1);
    const rest = lastSlice(tails, 1, k - 1); // Σⱼ>ᵢ yⱼ
    return add(sub(log(head), log(rest)), offsets(k - 1));
  }

  logDetJacobian(x: TensorLike): Tensor {
    const { logz, log1mz, before } = this.parts(x);
    return sum(add(add(logz, log1mz), before), -1);
  }

  override forwardShape(shape: Shape): Shape {
    return [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  }

  override inverseShape(shape: Shape): Shape {
    return [...shape.slice(0, -1), shape[shape.length - 1] - 1];
  }
}
