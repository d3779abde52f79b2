/**
 * Owen's T function and the skew-normal CDF built on it, in plain numbers, with the CDF as
 * an op whose VJP is written in closed form beside it.
 * @module
 */
import erf from '@stdlib/math-base-special-erf';
import erfcx from '@stdlib/math-base-special-erfcx';
import {
  add,
  customGradient,
  div,
  exp,
  mul,
  neg,
  smul,
  square,
  sub,
  type Tensor,
} from '../autodiff/index.js';
import { logNdtr } from './log-ndtr.js';
import { broadcastAll, mapValues } from './util.js';
import { LOG_SQRT_2PI } from './normal.js';

const SPLIT = 134217729; // 2²⁷ + 1, Dekker's splitter

/** Gauss–Legendre nodes and weights on [-1, 1]: Newton on Pₙ from Chebyshev-like starts. */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let [p1, p2] = [1, 0];
      for (let j = 1; j <= n; j++) [p1, p2] = [((2 * j - 1) * z * p1 - (j - 1) * p2) / j, p1];
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    [x[i], x[n - 1 - i]] = [-z, z];
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/** Gauss–Laguerre nodes and weights (weight e^-q on [0, ∞)): Newton on Lₙ (Numerical Recipes' starts). */
function gaussLaguerre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  let z = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) z = 3 / (1 + 2.4 * n);
    else if (i === 1) z += 15 / (1 + 2.5 * n);
    else z += ((1 + 2.55 * (i - 1)) / (1.9 * (i - 1))) * (z - x[i - 2]);
    let [dp, prev] = [1, 0];
    for (let it = 0; it < 100; it++) {
      let [p1, p2] = [1, 0];
      for (let j = 1; j <= n; j++) [p1, p2] = [((2 * j - 1 - z) * p1 - (j - 1) * p2) / j, p1];
      dp = (n * (p1 - p2)) / z;
      prev = p2;
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) <= 1e-15 * z) break;
    }
    x[i] = z;
    w[i] = -1 / (dp * n * prev);
  }
  return { x, w };
}

const GL = gaussLegendre(32);
const LAG = gaussLaguerre(40);

/** ∫ₗᵒʰⁱ f by 32-point Gauss–Legendre. */
function legendre(f: (t: number) => number, lo: number, hi: number): number {
  const m = 0.5 * (lo + hi);
  const r = 0.5 * (hi - lo);
  let s = 0;
  for (let i = 0; i < GL.x.length; i++) s += GL.w[i] * f(m + r * GL.x[i]);
  return r * s;
}

/** The rounding error e of the product: a·b = fl(a·b) + e exactly (Dekker). */
function productError(a: number, b: number): number {
  const p = a * b;
  const split = (v: number): [number, number] => {
    const c = SPLIT * v;
    const hi = c - (c - v);
    return [hi, v - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** e^(-x²/2) with x² carried to twice working precision (the relative error stays ~eps 38σ out). */
export function expNegHalfSquare(x: number): number {
  const ax = Math.abs(x);
  if (ax > 1e100) return 0;
  const s = ax * ax;
  return Math.exp(-0.5 * s) * (1 - 0.5 * productError(ax, ax));
}

/** Q(h) = Φ(-h) = 1 - Φ(h) for h ≥ 0, as ½ erfcx(h/√2)·e^(-h²/2). */
function upper(h: number): number {
  return h === Infinity ? 0 : 0.5 * erfcx(h * Math.SQRT1_2) * expNegHalfSquare(h);
}

/** Φ(z). */
function ndtr(z: number): number {
  return z < 0 ? upper(-z) : 1 - upper(z);
}

/**
 * T(h, a) for h ≥ 0, 0 < a ≤ 1 by Gauss–Legendre: `(1/2π)∫₀ᵃ e^(-h²(1+x²)/2)/(1+x²) dx`
 * for h < 1; else, with y = hx, `e^(-h²/2)/(2π) ∫₀^min(ah, 10) e^(-y²/2)·h/(h²+y²) dy`
 * (the integrand then has width 1 in y, and is below e^-50 beyond y = 10).
 */
function owensTSmall(h: number, a: number): number {
  if (h === Infinity) return 0;
  if (h < 1) {
    const f = (x: number): number => Math.exp(-0.5 * h * h * (1 + x * x)) / (1 + x * x);
    return legendre(f, 0, a) / (2 * Math.PI);
  }
  const f = (y: number): number => (Math.exp(-0.5 * y * y) * h) / (h * h + y * y);
  return (expNegHalfSquare(h) * legendre(f, 0, Math.min(a * h, 10))) / (2 * Math.PI);
}

/**
 * Owen's T function T(h, a) = (1/2π) ∫₀ᵃ e^(-h²(1+x²)/2)/(1+x²) dx: even in h, odd in a.
 * For |a| ≤ 1 by Gauss–Legendre quadrature (see `owensTSmall`); for |a| > 1 from
 * T(h, a) = ½(Q(h) + Q(ah)) - Q(h)Q(ah) - T(ah, 1/a) (h ≥ 0, Q(h) = Φ(-h)), where the
 * terms do not cancel. About 1e-15 relative to mpmath for h up to 38 (T ~ 1e-300).
 */
export function owensTValue(h: number, a: number): number {
  if (Number.isNaN(h) || Number.isNaN(a)) return NaN;
  if (a < 0) return -owensTValue(h, -a);
  const ah = Math.abs(h);
  if (a === 0) return 0;
  if (ah === 0) return Math.atan(a) / (2 * Math.PI);
  if (a === Infinity) return 0.5 * upper(ah);
  if (a <= 1) return owensTSmall(ah, a);
  const qh = upper(ah);
  const qa = upper(a * ah);
  return 0.5 * (qh + qa) - qh * qa - owensTSmall(a * ah, 1 / a);
}

/**
 * The skew-normal left tail F(-h; α) for α > 0 and b = αh ≥ 2, without the cancellation
 * of Φ(-h) - 2T(h, α): F = (1/π)∫_α^∞ e^(-h²(1+x²)/2)/(1+x²) dx, which with y = hx and
 * y² = b² + 2q becomes `e^(-(h²+b²)/2)/π · ∫₀^∞ e^-q h/((h²+b²+2q)√(b²+2q)) dq`, taken
 * by 40-point Gauss–Laguerre (the nearest singularity is at q = -b²/2 ≤ -2).
 */
function leftTail(h: number, a: number): number {
  const b = a * h;
  const b2 = b * b;
  let s = 0;
  for (let i = 0; i < LAG.x.length; i++) {
    const q2 = 2 * LAG.x[i];
    s += (LAG.w[i] * h) / ((h * h + b2 + q2) * Math.sqrt(b2 + q2));
  }
  // b = fl(a·h) + e: e^(-b²/2) at the exact product
  const scale = expNegHalfSquare(h) * expNegHalfSquare(b) * (1 - b * productError(a, h));
  return (scale * s) / Math.PI;
}

/**
 * The standard skew-normal CDF F(z; α) = Φ(z) - 2T(z, α), each case arranged as a sum of
 * non-negative terms or a difference that loses at most ~1.5 digits: z ≥ 0 with α > 1 as
 * `erf(z/√2)·Φ(αz) + 2T(αz, 1/α)`; z < 0 with α > 0 and αz ≤ -2 by {@link leftTail};
 * z < 0, α > 1 otherwise as `2T(α|z|, 1/α) - Q(α|z|)·erf(|z|/√2)`.
 */
export function skewNormalCdfValue(z: number, a: number): number {
  if (Number.isNaN(z) || Number.isNaN(a)) return NaN;
  if (z === -Infinity) return 0;
  if (z === Infinity) return 1;
  let f: number;
  if (a === 0) f = ndtr(z);
  else if (z >= 0) {
    if (a <= 1) f = ndtr(z) - 2 * owensTValue(z, a);
    else f = erf(z * Math.SQRT1_2) * ndtr(a * z) + 2 * owensTSmall(a * z, 1 / a);
  } else {
    const h = -z;
    if (a < 0) f = upper(h) + 2 * owensTValue(h, -a);
    else if (a * h >= 2) f = leftTail(h, a);
    else if (a <= 1) f = upper(h) - 2 * owensTValue(h, a);
    else f = 2 * owensTSmall(a * h, 1 / a) - upper(a * h) * erf(h * Math.SQRT1_2);
  }
  return Math.min(1, Math.max(0, f));
}

const cdfOp: (z: Tensor, a: Tensor) => Tensor = customGradient(
  (z: Tensor, a: Tensor) => ({
    value: mapValues([z, a], skewNormalCdfValue),
    grad: (g: Tensor) => {
      const logPhi = sub(mul(-0.5, square(z)), LOG_SQRT_2PI);
      const pdf = exp(add(add(logPhi, Math.LN2), logNdtr(mul(a, z))));
      const onePlus = add(square(a), 1);
      // ∂F/∂α = -2 ∂T/∂a = -e^(-z²(1+α²)/2) / (π(1+α²))
      const dA = neg(div(exp(mul(-0.5, mul(square(z), onePlus))), mul(Math.PI, onePlus)));
      return [smul(g, pdf), smul(g, dA)];
    },
  }),
  { name: 'skewNormalCdf' },
);

/**
 * The standard skew-normal CDF F(z; α) = Φ(z) - 2T(z, α) as an op: ∂F/∂z is the density
 * 2φ(z)Φ(αz) (formed in log space), ∂F/∂α = -e^(-z²(1+α²)/2)/(π(1+α²)).
 */
export function skewNormalCdf(z: Tensor, a: Tensor): Tensor {
  const [tz, ta] = broadcastAll([z, a]);
  return cdfOp(tz, ta);
}
