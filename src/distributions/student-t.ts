/**
 * Student's t distribution, reparameterized through a normal and a gamma draw.
 * @module
 */
import betaincinvFn from '@stdlib/math-base-special-betaincinv';
import {
  add,
  customGradient,
  digamma,
  div,
  exp,
  greater,
  less,
  log,
  log1p,
  mul,
  neg,
  sqrt,
  square,
  stopGradient,
  sub,
  where,
  zerosLike,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { standardGamma } from './gamma.js';
import { betainc, betaln } from './special.js';
import { broadcastAll, mapValues } from './util.js';

/** log density of the standard t with `df` at z, without the scale term (tape ops). */
export function logStudentT(df: Tensor, z: Tensor): Tensor {
  const lead = add(betaln(0.5, mul(df, 0.5)), mul(0.5, log(df)));
  return neg(add(lead, mul(mul(add(df, 1), 0.5), log1p(div(square(z), df)))));
}

/** Standard t draws: ε / sqrt(2g/df), g ~ Gamma(df/2, 1) with implicit gradients. */
export function standardT(df: Tensor, shape: number[], rng: Rng): Tensor {
  const eps = rng.tensor(shape, (r) => r.normal());
  const g = standardGamma(mul(df, 0.5), shape, rng);
  return div(eps, sqrt(div(mul(g, 2), df)));
}

/** P(T ≤ z) for the standard t, by the incomplete beta function (z-differentiable). */
export function studentTCdf(df: Tensor, z: Tensor): Tensor {
  const x = div(df, add(df, square(z)));
  const tail = mul(betainc(x, mul(df, 0.5), 0.5), 0.5);
  return where(less(z, 0), tail, sub(1, tail));
}

/** The quantile of the standard t at p (a number). */
function tQuantile(df: number, p: number): number {
  const lower = p < 0.5;
  const u = 2 * (lower ? p : 1 - p); // the two-sided tail, in [0, 1]
  // near the centre, solve for y = t²/(df + t²) (which does not round to 0) instead of 1 - y
  const t2 =
    u > 0.5
      ? ((y) => (df * y) / (1 - y))(betaincinvFn(1 - u, 0.5, df / 2))
      : ((x) => (df * (1 - x)) / x)(betaincinvFn(u, df / 2, 0.5));
  return lower ? -Math.sqrt(t2) : Math.sqrt(t2);
}

const tIcdfOp = customGradient(
  (df: Tensor, p: Tensor) => {
    const t = mapValues([df, p], tQuantile);
    return {
      value: t,
      grad: (g: Tensor) => [zerosLike(df), div(g, exp(logStudentT(df, t)))],
    };
  },
  { name: 'StudentT.icdf' },
);

/** The quantile of the standard t, differentiable in p (df passes through stopGradient). */
export function studentTIcdf(df: Tensor, p: Tensor): Tensor {
  const [d, q] = broadcastAll([stopGradient(df), p]);
  return tIcdfOp(d, q);
}

/**
 * Student's t distribution with `df` degrees of freedom, location and scale. The log
 * density is written with stdlib's `betaln`, `-log B(½, df/2) - ½ log df - log scale -
 * (df+1)/2 · log1p(z²/df)`, so it does not cancel for huge df (the lgamma difference
 * would lose ~1e-10 at df = 1e6).
 *
 * Reparameterized through implicit reparameterization gradients (as torch): the draw
 * is `loc + scale·ε/√(2g/df)` with ε ~ N(0, 1) and g ~ Gamma(df/2, 1) carrying the
 * implicit gamma gradient (so gradients reach df too).
 * @param df - degrees of freedom (> 0).
 * @param loc - location (default 0).
 * @param scale - scale (> 0, default 1).
 * @example
 * ```ts
 * import { StudentT } from 'pathwise';
 * const d = new StudentT(3);
 * d.logProb(1).item(); // -1.5762529945270716
 * d.cdf(0).item(); // 0.5
 * new StudentT(1).mean.item(); // NaN: no mean for df ≤ 1
 * ```
 */
export class StudentT extends Distribution {
  static override readonly argConstraints = {
    df: constraints.positive,
    loc: constraints.real,
    scale: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(
    df: TensorLike,
    loc: TensorLike = 0,
    scale: TensorLike = 1,
    options?: DistributionOptions,
  ) {
    super({ family: 'StudentT', params: { df, loc, scale }, options });
  }

  /** Degrees of freedom. */
  get df(): Tensor {
    return this.params.df;
  }

  /** Location. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** Scale. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.real;
  }

  private z(x: Tensor): Tensor {
    return div(sub(x, this.loc), this.scale);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return add(this.loc, mul(this.scale, standardT(this.df, shape, rng)));
  }

  protected _logProb(x: Tensor): Tensor {
    return sub(logStudentT(this.df, this.z(x)), log(this.scale));
  }

  protected override _mean(): Tensor {
    return where(greater(this.df, 1), this.loc, NaN);
  }

  protected override _variance(): Tensor {
    const df = this.df;
    const v = div(mul(square(this.scale), df), sub(df, 2));
    return where(greater(df, 2), v, where(greater(df, 1), Infinity, NaN));
  }

  protected override _mode(): Tensor {
    return this.loc;
  }

  protected override _entropy(): Tensor {
    const df = this.df;
    const h = mul(add(df, 1), 0.5);
    const d = sub(digamma(h), digamma(mul(df, 0.5)));
    const rest = add(mul(0.5, log(df)), betaln(mul(df, 0.5), 0.5));
    return add(add(mul(h, d), rest), log(this.scale));
  }

  protected override _cdf(x: Tensor): Tensor {
    return studentTCdf(this.df, this.z(x));
  }

  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(this.scale, studentTIcdf(this.df, p)));
  }
}
