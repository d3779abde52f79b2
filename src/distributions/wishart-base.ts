/**
 * What Wishart and InverseWishart share: the scale argument, the df bound, the
 * Bartlett factor (internal).
 * @module
 */
import {
  add,
  arange,
  ArgumentError,
  cholesky,
  expandDims,
  greater,
  matmul,
  mul,
  noGrad,
  ShapeError,
  sqrt,
  sub,
  tril,
  where,
  type Tensor,
  toTensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { standardGamma } from './gamma.js';
import { diagEmbed } from './matrix-util.js';
import type { MvnScale } from './multivariate-normal.js';
import { mT } from './util.js';

/**
 * A random lower-triangular Bartlett factor A (`shape` = `[..., p, p]`): N(0, 1) below the
 * diagonal and `A_ii = √χ²(ν - i)` (i from 0) on it, so that `A Aᵀ ~ Wishart(ν, I)`.
 * The χ² draws are `2·Gamma((ν - i)/2)` with implicit reparameterization gradients in ν.
 */
export function bartlett(df: Tensor, shape: number[], rng: Rng): Tensor {
  const p = shape[shape.length - 1];
  const eps = rng.tensor(shape, (r) => r.normal());
  const alpha = mul(sub(expandDims(df, -1), arange(0, p)), 0.5);
  const g = standardGamma(alpha, shape.slice(0, -1), rng);
  return add(tril(eps, -1), diagEmbed(sqrt(mul(g, 2))));
}

/** The Wishart-like families over p × p positive-definite matrices with a scale matrix. */
export abstract class WishartBase extends Distribution {
  static override readonly argConstraints = {
    df: constraints.positive,
    covariance: constraints.positiveDefinite,
    scaleTril: constraints.lowerCholesky,
  };
  static override readonly reparameterized = true;

  protected constructor(family: string, df: TensorLike, scale: MvnScale) {
    if ((scale.covariance === undefined) === (scale.scaleTril === undefined))
      throw new ArgumentError(family, 'pass exactly one of { covariance } or { scaleTril }');
    const name = scale.covariance !== undefined ? 'covariance' : 'scaleTril';
    const m = toTensor((scale.covariance ?? scale.scaleTril) as TensorLike, family, name);
    if (m.rank < 2 || m.shape[m.rank - 1] !== m.shape[m.rank - 2])
      throw new ShapeError(
        family,
        `argument '${name}' must be square, got shape [${m.shape.join(',')}]`,
      );
    const matrix: Record<string, TensorLike> = { [name]: m };
    super({
      family,
      params: { df, ...matrix },
      options: scale,
      eventShape: (p) => (p.covariance ?? p.scaleTril).shape.slice(-2),
    });
    const p = this.eventShape[0];
    if ((scale.validateArgs ?? true) && !this.df.data.every((v) => v > p - 1))
      this.fail(
        'df',
        `must be greater than ${p - 1} (the dimension less 1), got ${this.df.toString()}`,
      );
  }

  /** The degrees of freedom ν (> p - 1). */
  get df(): Tensor {
    return this.params.df;
  }

  /** The lower Cholesky factor L of the scale matrix. */
  get scaleTril(): Tensor {
    return this.params.scaleTril ?? cholesky(this.params.covariance);
  }

  /** The scale matrix `L Lᵀ`. */
  get scale(): Tensor {
    if (this.params.covariance) return this.params.covariance;
    const l = this.scaleTril;
    return matmul(l, mT(l));
  }

  /** The dimension p. */
  protected get dim(): number {
    return this.eventShape[0];
  }

  /** Symmetric positive-definite p × p matrices. */
  get support() {
    return constraints.positiveDefinite;
  }

  /** ν as a `[..., 1, 1]` tensor (to scale matrices). */
  protected dfMatrix(): Tensor {
    return expandDims(expandDims(this.df, -1), -1);
  }

  /** `value` where ν > bound, NaN elsewhere (a moment that does not exist). */
  protected whereDf(bound: number, value: Tensor): Tensor {
    const ok = noGrad(() => greater(this.dfMatrix(), bound));
    return where(ok, value, NaN);
  }
}
