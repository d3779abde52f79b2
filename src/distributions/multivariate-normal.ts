/**
 * The multivariate normal distribution.
 * @module
 */
import {
  add,
  ArgumentError,
  cholesky,
  expandDims,
  eye,
  log,
  matmul,
  mul,
  ShapeError,
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
import { LOG_SQRT_2PI } from './normal.js';
import { mT } from './util.js';

/**
 * The covariance of a {@link MultivariateNormal}: `{ covariance }` (symmetric positive
 * definite) or `{ scaleTril }` (its lower Cholesky factor L, Σ = L Lᵀ), plus options.
 * @example
 * ```ts
 * import { MultivariateNormal, type MvnScale } from 'pathwise';
 * const s: MvnScale = { scaleTril: [[2, 0], [1, 1]] };
 * new MultivariateNormal([0, 0], s).covariance.toArray(); // [[4, 2], [2, 2]]
 * ```
 */
export type MvnScale = (
  | { covariance: TensorLike; scaleTril?: undefined }
  | { scaleTril: TensorLike; covariance?: undefined }
) &
  DistributionOptions;

const diagPart = (m: Tensor): Tensor => sum(mul(m, eye(m.shape[m.rank - 1])), -1);

/**
 * The multivariate normal N(loc, Σ) over vectors (event shape `[d]`). Reparameterized:
 * `loc + L ε`, ε ~ N(0, I). The log density solves `L y = x - loc` by substitution:
 * `-½|y|² - Σ log diag L - d log √(2π)`. A covariance is factored (differentiably) by
 * `cholesky` when first needed.
 * @param loc - the mean, shape `[..., d]`.
 * @throws {@link ArgumentError} unless exactly one of covariance / scaleTril is given,
 *   or if it is not positive definite / not lower triangular with a positive diagonal;
 *   {@link ShapeError} if its size is not d × d.
 * @example
 * ```ts
 * import { MultivariateNormal } from 'pathwise';
 * const d = new MultivariateNormal([0, 0], { covariance: [[1, 0], [0, 4]] });
 * d.eventShape; // [2]
 * d.logProb([1, 2]).item(); // -3.5310242469692907
 * d.variance.toArray(); // [1, 4]
 * ```
 */
export class MultivariateNormal extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.realVector,
    covariance: constraints.positiveDefinite,
    scaleTril: constraints.lowerCholesky,
  };
  static override readonly reparameterized = true;

  constructor(loc: TensorLike, scale: MvnScale) {
    if ((scale.covariance === undefined) === (scale.scaleTril === undefined))
      throw new ArgumentError(
        'MultivariateNormal',
        'pass exactly one of { covariance } or { scaleTril }',
      );
    const matrix: Record<string, TensorLike> =
      scale.covariance !== undefined
        ? { covariance: scale.covariance }
        : { scaleTril: scale.scaleTril as TensorLike };
    super({
      family: 'MultivariateNormal',
      params: { loc, ...matrix },
      options: scale,
      eventShape: (p) => p.loc.shape.slice(-1),
    });
    const m = this.params.covariance ?? this.params.scaleTril;
    const d = this.eventShape[0];
    if (m.shape[m.rank - 1] !== d || m.shape[m.rank - 2] !== d) {
      const name = this.params.covariance ? 'covariance' : 'scaleTril';
      throw new ShapeError(
        'MultivariateNormal',
        `argument '${name}' must be ${d} × ${d} to match loc, got shape [${m.shape.join(',')}]`,
      );
    }
  }

  /** The mean, shape `[..., d]`. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** L, the lower Cholesky factor of the covariance. */
  get scaleTril(): Tensor {
    return this.params.scaleTril ?? cholesky(this.params.covariance);
  }

  /** Σ = L Lᵀ. */
  get covariance(): Tensor {
    if (this.params.covariance) return this.params.covariance;
    const l = this.scaleTril;
    return matmul(l, mT(l));
  }

  get support() {
    return constraints.realVector;
  }

  private halfLogDet(l: Tensor): Tensor {
    return sum(log(diagPart(l)), -1);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.normal()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.normal();
  }

  /** @internal loc + L·ε. */
  override fromNoise(eps: Tensor): Tensor {
    return add(this.loc, squeeze(matmul(this.scaleTril, expandDims(eps, -1)), -1));
  }

  protected _logProb(x: Tensor): Tensor {
    const l = this.scaleTril;
    const y = triangularSolve(l, expandDims(sub(x, this.loc), -1));
    const m = sum(square(y), [-2, -1]);
    return sub(mul(-0.5, m), add(this.halfLogDet(l), this.eventShape[0] * LOG_SQRT_2PI));
  }

  protected override _mean(): Tensor {
    return this.loc;
  }

  protected override _variance(): Tensor {
    return sum(square(this.scaleTril), -1);
  }

  protected override _mode(): Tensor {
    return this.loc;
  }

  protected override _entropy(): Tensor {
    const d = this.eventShape[0];
    return add(this.halfLogDet(this.scaleTril), d * (0.5 + LOG_SQRT_2PI));
  }
}
