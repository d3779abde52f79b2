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
  greaterEqual,
  less,
  log,
  log1p,
  mul,
  neg,
  noGrad,
  sdiv,
  smul,
  sqrt,
  square,
  stopGradient,
  sub,
  vjp,
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
import { branch, broadcastAll, mapValues, mayNeedGradient, polynomial } from './util.js';

const HALF_LOG_2PI = 0.9189385332046728;

/** L(x) - ½ log 2π = t·P(t²), t = 1/x, for L(x) = ½ log(2x) + log B(x, ½) (x ≥ 10: error < 1e-21). */
const LEAD_SERIES = [
  1 / 8,
  -1 / 192,
  1 / 640,
  -17 / 14336,
  31 / 18432,
  -691 / 180224,
  5461 / 425984,
  -929569 / 15728640,
  3202291 / 8912896,
  -221930581 / 79691776,
];

/** Entropy of the standard t minus ½(1 + log 2π), as t·Q(t), t = 2/df (df ≥ 20: error < 1e-18). */
const ENTROPY_SERIES = [
  1 / 2,
  1 / 16,
  -1 / 48,
  -1 / 128,
  3 / 320,
  1 / 256,
  -17 / 1792,
  -17 / 4096,
  155 / 9216,
  31 / 4096,
  -2073 / 45056,
  -691 / 32768,
  38227 / 212992,
  5461 / 65536,
  -929569 / 983040,
  -929569 / 2097152,
  28820619 / 4456448,
  3202291 / 1048576,
  -1109652905 / 19922944,
  -221930581 / 8388608,
];

/** Where the large-df series take over (df/2 ≥ 10). */
const SERIES_DF = 20;

/**
 * `-log B(½, df/2) - ½ log df`, the df-only part of the log density. For df ≥ 20 the
 * asymptotic series of `½ log(2x) + log B(x, ½)` in 1/x (x = df/2): the direct form's
 * derivative ½(ψ(x+½) - ψ(x)) - 1/(2df) cancels to O(1/df²) and would keep only
 * ~1e-16·df of its digits.
 */
function studentTLead(df: Tensor): Tensor {
  const big = noGrad(() => greaterEqual(df, SERIES_DF));
  return branch(
    big,
    () => {
      const t = div(2, where(big, df, SERIES_DF));
      return neg(add(mul(t, polynomial(square(t), LEAD_SERIES)), HALF_LOG_2PI));
    },
    () => {
      const d = where(big, 1, df);
      return neg(add(betaln(0.5, mul(d, 0.5)), mul(0.5, log(d))));
    },
  );
}

/** u/(1+u) - log1p(u) for u ≥ 0 as a number: its series u²(-½ + ⅔u - ¾u² + …) below 0.1. */
function log1pGapValue(u: number): number {
  if (u >= 0.1) return u / (1 + u) - Math.log1p(u);
  let s = 0;
  for (let m = 17; m >= 0; m--) s = s * u + ((m % 2 === 0 ? -1 : 1) * (m + 1)) / (m + 2);
  return u * u * s;
}

/** `-(df+1)/2 · log1p(z²/df)` by plain ops (for a df that takes no gradient). */
function plainTail(df: Tensor, z: Tensor): Tensor {
  return mul(mul(add(df, 1), -0.5), log1p(div(square(z), df)));
}

/** ∂/∂df of the tail, `½(u/(1+u) - log1p(u)) + u/(2 df (1+u))`, u = z²/df (numbers). */
function tailDfValue(df: number, z: number): number {
  const u = (z * z) / df;
  return 0.5 * log1pGapValue(u) + u / (2 * df * (1 + u));
}

/** The mixed second derivative ∂²/∂df∂z of the tail, `-z(z² - 1)/(df + z²)²` (tape ops). */
function tailDfZ(df: Tensor, z: Tensor): Tensor {
  return neg(div(mul(z, sub(square(z), 1)), square(add(df, square(z)))));
}

/**
 * The tail's df-derivative, one JavaScript loop; its VJP is the second derivatives in tape
 * ops (so Hessians stay exact): ∂²/∂df² = z²((df-1)z² - 2df) / (2df²(df+z²)²).
 */
const tailDf = customGradient(
  (df: Tensor, z: Tensor) => ({
    value: mapValues([df, z], tailDfValue),
    grad: (g: Tensor) => {
      const z2 = square(z);
      const num = mul(z2, sub(mul(sub(df, 1), z2), mul(df, 2)));
      const ddf = div(num, mul(mul(square(df), 2), square(add(df, z2))));
      return [smul(g, ddf), smul(g, tailDfZ(df, z))];
    },
  }),
  { name: 'StudentT.dTail/ddf' },
);

/**
 * `-(df+1)/2 · log1p(z²/df)`, with the df-derivative written as
 * `½(u/(1+u) - log1p(u)) + u/(2 df (1+u))` (u = z²/df, the first term by its series for
 * small u) so that its two O(u) halves do not cancel at large df.
 */
const studentTTail = customGradient(
  (df: Tensor, z: Tensor) => ({
    value: plainTail(df, z),
    // the z-gradient is plainTail's own VJP, op for op: a jit trace (which always takes
    // this path) then gives the eager plain-op path's gradient bit for bit
    grad: (g: Tensor) => [smul(g, tailDf(df, z)), vjp((zz) => plainTail(df, zz), z).vjp(g)[0]],
  }),
  { name: 'StudentT.logProb' },
);

/** log density of the standard t with `df` at z, without the scale term (tape ops). */
export function logStudentT(df: Tensor, z: Tensor): Tensor {
  // a constant df (the usual case) needs no df-gradient: plain ops, as fast as they come
  const tail = mayNeedGradient(df) ? studentTTail(...broadcastAll([df, z])) : plainTail(df, z);
  return add(studentTLead(df), tail);
}

/** Entropy of the standard t; for df ≥ 20 its series in 2/df (no cancellation of ψ's). */
function studentTEntropy(df: Tensor): Tensor {
  const big = noGrad(() => greaterEqual(df, SERIES_DF));
  return branch(
    big,
    () => {
      const t = div(2, where(big, df, SERIES_DF));
      return add(mul(t, polynomial(t, ENTROPY_SERIES)), HALF_LOG_2PI + 0.5);
    },
    () => {
      const d = where(big, 1, df);
      const h = mul(add(d, 1), 0.5);
      const psi = sub(digamma(h), digamma(mul(d, 0.5)));
      return add(add(mul(h, psi), mul(0.5, log(d))), betaln(mul(d, 0.5), 0.5));
    },
  );
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

const tIcdfOp: (df: Tensor, p: Tensor) => Tensor = customGradient(
  (df: Tensor, p: Tensor) => ({
    value: mapValues([df, p], tQuantile),
    // the quantile recomputed as an op (not the forward value), so jit recomputes it
    grad: (g: Tensor) => [zerosLike(df), sdiv(g, exp(logStudentT(df, tIcdfOp(df, p))))],
  }),
  { name: 'StudentT.icdf' },
);

/** The quantile of the standard t, differentiable in p (df passes through stopGradient). */
export function studentTIcdf(df: Tensor, p: Tensor): Tensor {
  const [d, q] = broadcastAll([stopGradient(df), p]);
  return tIcdfOp(d, q);
}

/**
 * Student's t distribution with `df` degrees of freedom, location and scale. The log
 * density is `-log B(½, df/2) - ½ log df - log scale - (df+1)/2 · log1p(z²/df)`, with
 * stdlib's `betaln` (the lgamma difference would lose ~1e-10 at df = 1e6); from df = 20
 * the df-only part and the entropy are asymptotic series in 1/df, so that they and their
 * df-gradients keep full precision at any df (the digamma differences they replace
 * cancel, e.g. to 2.7e-8 relative error in the entropy at df = 1e8).
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
    return add(studentTEntropy(this.df), log(this.scale));
  }

  protected override _cdf(x: Tensor): Tensor {
    return studentTCdf(this.df, this.z(x));
  }

  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(this.scale, studentTIcdf(this.df, p)));
  }
}
