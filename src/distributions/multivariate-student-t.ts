/**
 * The multivariate Student t distribution.
 * @module
 */
import {
  add,
  digamma,
  div,
  expandDims,
  greater,
  lgamma,
  log,
  log1p,
  matmul,
  mul,
  noGrad,
  ShapeError,
  sqrt,
  square,
  squeeze,
  sub,
  sum,
  triangularSolve,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { standardGamma } from './gamma.js';
import { halfLogDet } from './matrix-util.js';
import { mT } from './util.js';

const LOG_PI = Math.log(Math.PI);

/**
 * The multivariate Student t over vectors (event shape `[d]`) with `df` ν, location μ
 * and scale `L` (lower Cholesky, Σ = L Lᵀ), as torch's MultivariateStudentT: density
 * `Γ((ν+d)/2) / (Γ(ν/2) (νπ)^(d/2) |L|) · (1 + |L⁻¹(x-μ)|²/ν)^(-(ν+d)/2)`.
 * Reparameterized: `μ + L ε / √(2g/ν)`, ε ~ N(0, I), g ~ Gamma(ν/2, 1) drawn once per
 * event with implicit gradients in ν. Mean μ (ν > 1, else NaN), covariance `ν/(ν-2) Σ`
 * (ν > 2; Infinity for 1 < ν ≤ 2, NaN below), entropy
 * `log Γ(ν/2) - log Γ((ν+d)/2) + (d/2) log(νπ) + log|L| + (ν+d)/2 (ψ((ν+d)/2) - ψ(ν/2))`.
 * @param df - the degrees of freedom ν (> 0), batch shape.
 * @param loc - μ, shape `[..., d]`.
 * @param scaleTril - L, shape `[..., d, d]`, lower triangular with a positive diagonal.
 * @throws {@link ArgumentError} for a df that is not positive or a scaleTril that is not
 *   a Cholesky factor; {@link ShapeError} if scaleTril is not d × d.
 * @example
 * ```ts
 * import { MultivariateStudentT } from 'pathwise';
 * const d = new MultivariateStudentT(5, [0, 0], [[1, 0], [0.5, 2]]);
 * d.logProb([1, 1]).item(); // -3.205419450372545
 * d.covarianceMatrix.toArray(); // [[1.6666666666666667, 0.8333333333333334], [0.8333333333333334, 7.083333333333334]]
 * new MultivariateStudentT(1, [0, 0], [[1, 0], [0, 1]]).mean.toArray(); // [NaN, NaN]
 * ```
 */
export class MultivariateStudentT extends Distribution {
  static override readonly argConstraints = {
    df: constraints.positive,
    loc: constraints.realVector,
    scaleTril: constraints.lowerCholesky,
  };
  static override readonly reparameterized = true;

  constructor(
    df: TensorLike,
    loc: TensorLike,
    scaleTril: TensorLike,
    options?: DistributionOptions,
  ) {
    super({
      family: 'MultivariateStudentT',
      params: { df, loc, scaleTril },
      options,
      eventShape: (p) => p.loc.shape.slice(-1),
    });
    const l = this.params.scaleTril;
    const d = this.eventShape[0];
    if (l.shape[l.rank - 1] !== d || l.shape[l.rank - 2] !== d)
      throw new ShapeError(
        this.family,
        `argument 'scaleTril' must be ${d} × ${d} to match loc, got shape [${l.shape.join(',')}]`,
      );
  }

  /** The degrees of freedom ν. */
  get df(): Tensor {
    return this.params.df;
  }

  /** The location μ. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** The scale's lower Cholesky factor L. */
  get scaleTril(): Tensor {
    return this.params.scaleTril;
  }

  /** The covariance `ν/(ν-2) L Lᵀ` (ν > 2; Infinity for 1 < ν ≤ 2, NaN for ν ≤ 1). */
  get covarianceMatrix(): Tensor {
    const l = this.scaleTril;
    return mul(expandDims(expandDims(this.varianceFactor(), -1), -1), matmul(l, mT(l)));
  }

  get support() {
    return constraints.realVector;
  }

  /** ν/(ν-2), Infinity for 1 < ν ≤ 2, NaN for ν ≤ 1 (batch shape). */
  private varianceFactor(): Tensor {
    const df = this.df;
    const big = noGrad(() => greater(df, 2));
    const safe = where(big, df, 3);
    const heavy = noGrad(() => where(greater(df, 1), Infinity, NaN));
    return where(big, div(safe, sub(safe, 2)), heavy);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const eps = rng.tensor(shape, (r) => r.normal());
    const g = standardGamma(mul(this.df, 0.5), shape.slice(0, -1), rng);
    const w = sqrt(div(mul(g, 2), this.df)); // √(χ²_ν/ν)
    const le = squeeze(matmul(this.scaleTril, expandDims(eps, -1)), -1);
    return add(this.loc, div(le, expandDims(w, -1)));
  }

  protected _logProb(x: Tensor): Tensor {
    const d = this.eventShape[0];
    const df = this.df;
    const y = triangularSolve(this.scaleTril, expandDims(sub(x, this.loc), -1));
    const m = sum(square(y), [-2, -1]);
    const half = mul(add(df, d), 0.5);
    const lead = sub(lgamma(half), lgamma(mul(df, 0.5)));
    const norm = add(mul(0.5 * d, add(log(df), LOG_PI)), halfLogDet(this.scaleTril));
    return sub(sub(lead, norm), mul(half, log1p(div(m, df))));
  }

  protected override _mean(): Tensor {
    const ok = noGrad(() => greater(this.df, 1));
    return where(expandDims(ok, -1), this.loc, NaN);
  }

  protected override _variance(): Tensor {
    const l = this.scaleTril;
    return mul(expandDims(this.varianceFactor(), -1), sum(square(l), -1));
  }

  protected override _mode(): Tensor {
    return this.loc;
  }

  protected override _entropy(): Tensor {
    const d = this.eventShape[0];
    const df = this.df;
    const half = mul(add(df, d), 0.5);
    const h = mul(df, 0.5);
    const lead = sub(lgamma(h), lgamma(half));
    const norm = add(mul(0.5 * d, add(log(df), LOG_PI)), halfLogDet(this.scaleTril));
    return add(add(lead, norm), mul(half, sub(digamma(half), digamma(h))));
  }
}
