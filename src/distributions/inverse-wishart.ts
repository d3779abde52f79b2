/**
 * The inverse Wishart distribution over positive-definite matrices.
 * @module
 */
import {
  add,
  cholesky,
  div,
  expandDims,
  eye,
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
 * The inverse Wishart distribution W⁻¹_p(ν, Ψ) over symmetric positive-definite p × p
 * matrices (event shape `[p, p]`): X⁻¹ ~ Wishart(ν, Ψ⁻¹). `df` ν > p - 1 and the scale
 * matrix Ψ = L Lᵀ come as for {@link Wishart} (scipy's invwishart): density
 * `|Ψ|^(ν/2) |X|^(-(ν+p+1)/2) e^(-tr(Ψ X⁻¹)/2) / (2^(νp/2) Γ_p(ν/2))`.
 * Reparameterized by the Bartlett decomposition: `X = (L A⁻ᵀ)(L A⁻ᵀ)ᵀ` with A the
 * Bartlett factor of Wishart(ν, I) (its χ² diagonal carrying implicit gradients in ν).
 * Near the lower bound of ν the draws can be numerically singular, as for Wishart.
 * Mean `Ψ/(ν-p-1)` (ν > p + 1), variance
 * `((ν-p+1)Ψ_ij² + (ν-p-1)Ψ_ii Ψ_jj) / ((ν-p)(ν-p-1)²(ν-p-3))` (ν > p + 3), NaN where
 * they do not exist; entropy
 * `(p+1) log|L| - p(p+1)/2 log 2 + log Γ_p(ν/2) - (ν+p+1)/2 ψ_p(ν/2) + νp/2`.
 * @param df - ν (> p - 1), batch shape.
 * @param scale - `{ scaleTril }` or `{ covariance }` (Ψ), shape `[..., p, p]`, plus options.
 * @throws {@link ArgumentError} for df ≤ p - 1 or a bad scale, as {@link Wishart}.
 * @example
 * ```ts
 * import { InverseWishart } from 'pathwise';
 * const w = new InverseWishart(6, { covariance: [[2, 0.5], [0.5, 1]] });
 * w.mean.toArray(); // [[0.6666666666666666, 0.16666666666666666], [0.16666666666666666, 0.3333333333333333]]
 * w.logProb([[1, 0.2], [0.2, 0.5]]).item(); // -2.4923728998959187
 * ```
 */
export class InverseWishart extends WishartBase {
  constructor(df: TensorLike, scale: MvnScale) {
    super('InverseWishart', df, scale);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const a = bartlett(this.df, shape, rng);
    const ait = triangularSolve(a, eye(this.dim), { adjoint: true }); // A⁻ᵀ
    const m = matmul(this.scaleTril, ait);
    return symmetrize(matmul(m, mT(m)));
  }

  protected _logProb(x: Tensor): Tensor {
    const p = this.dim;
    const df = this.df;
    const l = this.scaleTril;
    const lx = cholesky(x);
    const tr = sum(square(triangularSolve(lx, l)), [-2, -1]); // tr(Ψ X⁻¹)
    const a = mul(df, halfLogDet(l));
    const b = mul(add(df, p + 1), halfLogDet(lx));
    const norm = add(mul(df, (p * LOG2) / 2), mvlgamma(mul(df, 0.5), p));
    return sub(sub(a, add(b, mul(0.5, tr))), norm);
  }

  protected override _mean(): Tensor {
    const p = this.dim;
    return this.whereDf(p + 1, div(this.scale, sub(this.dfMatrix(), p + 1)));
  }

  protected override _variance(): Tensor {
    const p = this.dim;
    const n = this.dfMatrix();
    const s = this.scale;
    const d = diagPart(s);
    const outer = mul(expandDims(d, -1), expandDims(d, -2));
    const num = add(mul(sub(n, p - 1), square(s)), mul(sub(n, p + 1), outer));
    const den = mul(mul(sub(n, p), square(sub(n, p + 1))), sub(n, p + 3));
    return this.whereDf(p + 3, div(num, den));
  }

  protected override _mode(): Tensor {
    return div(this.scale, add(this.dfMatrix(), this.dim + 1));
  }

  protected override _entropy(): Tensor {
    const p = this.dim;
    const df = this.df;
    const h = mul(df, 0.5);
    const lead = sub(mul(p + 1, halfLogDet(this.scaleTril)), (p * (p + 1) * LOG2) / 2);
    const psi = mul(div(add(df, p + 1), 2), mvdigamma(h, p));
    return add(sub(add(lead, mvlgamma(h, p)), psi), mul(h, p));
  }
}
