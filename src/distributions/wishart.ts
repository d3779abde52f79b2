/**
 * The Wishart distribution over positive-definite matrices.
 * @module
 */
import {
  add,
  cholesky,
  div,
  expandDims,
  matmul,
  mul,
  square,
  sub,
  sum,
  triangularSolve,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { diagPart, halfLogDet, mvdigamma, mvlgamma, symmetrize } from './matrix-util.js';
import type { MvnScale } from './multivariate-normal.js';
import { mT } from './util.js';
import { bartlett, WishartBase } from './wishart-base.js';

const LOG2 = Math.LN2;

/**
 * The Wishart distribution W_p(ν, S) over symmetric positive-definite p × p matrices
 * (event shape `[p, p]`), with `df` ν > p - 1 and scale matrix S = L Lᵀ given as
 * `{ scaleTril: L }` or `{ covariance: S }` (torch's Wishart): density
 * `|X|^((ν-p-1)/2) e^(-tr(S⁻¹X)/2) / (2^(νp/2) |S|^(ν/2) Γ_p(ν/2))`, Γ_p the
 * multivariate gamma function. Reparameterized by the Bartlett decomposition
 * `X = (L A)(L A)ᵀ`, A lower triangular with N(0, 1) below the diagonal and
 * `A_ii = √χ²(ν - i)`, the χ² draws carrying implicit gradients in ν. Mean `νS`,
 * variance `ν(S_ij² + S_ii S_jj)`, entropy
 * `(p+1) log|L| + p(p+1)/2 log 2 + log Γ_p(ν/2) - (ν-p-1)/2 ψ_p(ν/2) + νp/2`.
 * `bijectorFor(support)` is {@link FillPositiveDefinite} (ℝ^(p(p+1)/2) → matrices).
 * Near the lower bound (ν within ~1 of p - 1) the last χ²(ν - p + 1) has so much mass
 * near 0 that some draws are singular to double precision (not positive definite once
 * rounded; logProb gives them -Infinity): 2% at ν = p - 0.8, 0.1% at ν = p - 0.5, none
 * in 2000 at ν = p.
 * @param df - ν (> p - 1), batch shape.
 * @param scale - `{ scaleTril }` or `{ covariance }`, shape `[..., p, p]`, plus options.
 * @throws {@link ArgumentError} for df ≤ p - 1, a scale that is not positive definite or
 *   not a Cholesky factor, or both / neither scale forms; {@link ShapeError} for a
 *   non-square scale.
 * @example
 * ```ts
 * import { Wishart } from 'pathwise';
 * const w = new Wishart(4, { covariance: [[2, 0.5], [0.5, 1]] });
 * w.mean.toArray(); // [[8, 2], [2, 4]]
 * w.variance.toArray(); // [[32, 9], [9, 8]]
 * w.logProb([[3, 1], [1, 2]]).item(); // -5.252969761468746
 * w.sample([2]).shape; // [2, 2, 2]
 * ```
 */
export class Wishart extends WishartBase {
  constructor(df: TensorLike, scale: MvnScale) {
    super('Wishart', df, scale);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const la = matmul(this.scaleTril, bartlett(this.df, shape, rng));
    return symmetrize(matmul(la, mT(la)));
  }

  protected _logProb(x: Tensor): Tensor {
    const p = this.dim;
    const df = this.df;
    const l = this.scaleTril;
    const lx = cholesky(x);
    const tr = sum(square(triangularSolve(l, lx)), [-2, -1]); // tr(S⁻¹X)
    const logDetX = mul(2, halfLogDet(lx));
    const a = mul(mul(sub(df, p + 1), 0.5), logDetX);
    const norm = add(mul(df, (p * LOG2) / 2), mul(df, halfLogDet(l)));
    return sub(sub(a, mul(0.5, tr)), add(norm, mvlgamma(mul(df, 0.5), p)));
  }

  protected override _mean(): Tensor {
    return mul(this.dfMatrix(), this.scale);
  }

  protected override _variance(): Tensor {
    const s = this.scale;
    const d = diagPart(s);
    const outer = mul(expandDims(d, -1), expandDims(d, -2));
    return mul(this.dfMatrix(), add(square(s), outer));
  }

  protected override _mode(): Tensor {
    const p = this.dim;
    return this.whereDf(p + 1, mul(sub(this.dfMatrix(), p + 1), this.scale));
  }

  protected override _entropy(): Tensor {
    const p = this.dim;
    const df = this.df;
    const h = mul(df, 0.5);
    const lead = add(mul(p + 1, halfLogDet(this.scaleTril)), (p * (p + 1) * LOG2) / 2);
    const psi = mul(div(sub(df, p + 1), 2), mvdigamma(h, p));
    return add(sub(add(lead, mvlgamma(h, p)), psi), mul(h, p));
  }
}
