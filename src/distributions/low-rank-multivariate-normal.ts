/**
 * The multivariate normal with a low-rank-plus-diagonal covariance.
 * @module
 */
import {
  add,
  cholesky,
  concat,
  div,
  expandDims,
  eye,
  log,
  matmul,
  mul,
  ShapeError,
  slice,
  sqrt,
  square,
  squeeze,
  sub,
  sum,
  triangularSolve,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { diagEmbed, halfLogDet } from './matrix-util.js';
import { LOG_SQRT_2PI } from './normal.js';
import { mT } from './util.js';

const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

/**
 * The multivariate normal N(loc, W Wᵀ + D) over vectors (event shape `[d]`) with a
 * `covFactor` W of shape `[..., d, k]` and a positive diagonal `covDiag` D of shape
 * `[..., d]` (torch's LowRankMultivariateNormal): O(d k²) work instead of O(d³).
 * The log density uses the Woodbury identity with the capacitance matrix
 * `C = I_k + Wᵀ D⁻¹ W = L_C L_Cᵀ`:
 * `(x-μ)ᵀ Σ⁻¹ (x-μ) = |D^(-½) r|² - |L_C⁻¹ Wᵀ D⁻¹ r|²`, `log|Σ| = 2 Σ log diag L_C + Σ log D`.
 * Reparameterized: `loc + W ε₁ + √D ⊙ ε₂` with ε₁ ~ N(0, I_k), ε₂ ~ N(0, I_d) (so the
 * gradient in W is not 0 at W = 0). Entropy `½ log|Σ| + d(½ + log √(2π))`.
 * @param loc - the mean, shape `[..., d]`.
 * @param covFactor - W, shape `[..., d, k]` (any k ≥ 1).
 * @param covDiag - the diagonal D (> 0), shape `[..., d]`.
 * @throws {@link ShapeError} if covFactor is not `[..., d, k]` or covDiag not `[..., d]`;
 *   {@link ArgumentError} for a covDiag that is not positive.
 * @example
 * ```ts
 * import { LowRankMultivariateNormal } from 'pathwise';
 * const d = new LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 1]);
 * d.covarianceMatrix.toArray(); // [[2, 1], [1, 2]]
 * d.variance.toArray(); // [2, 2]
 * d.logProb([1, -1]).item(); // -3.3871832107434
 * ```
 */
export class LowRankMultivariateNormal extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.realVector,
    covFactor: constraints.independent(constraints.real, 2),
    covDiag: constraints.independent(constraints.positive, 1),
  };
  static override readonly reparameterized = true;

  constructor(
    loc: TensorLike,
    covFactor: TensorLike,
    covDiag: TensorLike,
    options?: DistributionOptions,
  ) {
    super({
      family: 'LowRankMultivariateNormal',
      params: { loc, covFactor, covDiag },
      options,
      eventShape: (p) => p.loc.shape.slice(-1),
    });
    const d = this.eventShape[0];
    const { covFactor: w, covDiag: diag } = this.params;
    if (w.shape[w.rank - 2] !== d)
      throw new ShapeError(
        this.family,
        `argument 'covFactor' must be ${d} × k to match loc, got shape ${fmt(w.shape)}`,
      );
    if (diag.shape[diag.rank - 1] !== d)
      throw new ShapeError(
        this.family,
        `argument 'covDiag' must have ${d} entries to match loc, got shape ${fmt(diag.shape)}`,
      );
  }

  /** The mean, shape `[..., d]`. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** W, shape `[..., d, k]`. */
  get covFactor(): Tensor {
    return this.params.covFactor;
  }

  /** D, shape `[..., d]`. */
  get covDiag(): Tensor {
    return this.params.covDiag;
  }

  /** The rank k of the factor. */
  get rank(): number {
    return this.covFactor.shape[this.covFactor.rank - 1];
  }

  /** Σ = W Wᵀ + diag(D), shape `[..., d, d]`. */
  get covarianceMatrix(): Tensor {
    const w = this.covFactor;
    return add(matmul(w, mT(w)), diagEmbed(this.covDiag));
  }

  /** The lower Cholesky factor of Σ (dense, O(d³)). */
  get scaleTril(): Tensor {
    return cholesky(this.covarianceMatrix);
  }

  get support() {
    return constraints.realVector;
  }

  /** L_C, the Cholesky factor of the capacitance `I + Wᵀ D⁻¹ W` (`[..., k, k]`). */
  private capacitanceTril(): Tensor {
    const w = this.covFactor;
    const wd = div(w, expandDims(this.covDiag, -1)); // D⁻¹ W
    return cholesky(add(eye(this.rank), matmul(mT(wd), w)));
  }

  /** log |Σ| by the matrix determinant lemma. */
  private logDet(lc: Tensor): Tensor {
    return add(mul(2, halfLogDet(lc)), sum(log(this.covDiag), -1));
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const pre = shape.slice(0, -1);
    const e1 = rng.tensor([...pre, this.rank], (r) => r.normal());
    return this.mapNoise(
      e1,
      rng.tensor(shape, (r) => r.normal()),
    );
  }

  private mapNoise(e1: Tensor, e2: Tensor): Tensor {
    const we = squeeze(matmul(this.covFactor, expandDims(e1, -1)), -1);
    return add(add(this.loc, we), mul(sqrt(this.covDiag), e2));
  }

  /** @internal ε₁ (k) and ε₂ (d), drawn as `sample` draws them, side by side on the last axis. */
  override noise(sampleShape: readonly number[], rng: Rng): Tensor {
    const shape = [...sampleShape, ...this.batchShape, ...this.eventShape];
    const e1 = rng.tensor([...shape.slice(0, -1), this.rank], (r) => r.normal());
    return concat([e1, rng.tensor(shape, (r) => r.normal())], -1);
  }

  /** @internal loc + W ε₁ + √D ⊙ ε₂ at noise from {@link LowRankMultivariateNormal.noise}. */
  override fromNoise(eps: Tensor): Tensor {
    const k = this.rank;
    const pre = eps.shape.slice(0, -1);
    const d = eps.shape[eps.rank - 1] - k;
    const zero = pre.map(() => 0);
    return this.mapNoise(
      slice(eps, [...zero, 0], [...pre, k]),
      slice(eps, [...zero, k], [...pre, d]),
    );
  }

  protected _logProb(x: Tensor): Tensor {
    const r = sub(x, this.loc);
    const dr = div(r, this.covDiag); // D⁻¹ r
    const lc = this.capacitanceTril();
    const wdr = matmul(mT(this.covFactor), expandDims(dr, -1)); // Wᵀ D⁻¹ r
    const y = triangularSolve(lc, wdr);
    const maha = sub(sum(mul(r, dr), -1), sum(square(y), [-2, -1]));
    const norm = add(this.logDet(lc), 2 * this.eventShape[0] * LOG_SQRT_2PI);
    return mul(-0.5, add(maha, norm));
  }

  protected override _mean(): Tensor {
    return this.loc;
  }

  protected override _variance(): Tensor {
    return add(sum(square(this.covFactor), -1), this.covDiag);
  }

  protected override _mode(): Tensor {
    return this.loc;
  }

  protected override _entropy(): Tensor {
    const d = this.eventShape[0];
    return add(mul(0.5, this.logDet(this.capacitanceTril())), d * (0.5 + LOG_SQRT_2PI));
  }
}
