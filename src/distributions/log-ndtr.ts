/**
 * The normal distribution's log CDF and log interval masses in log space, stable 40σ and
 * more out (where Φ itself underflows), the truncated normal's quantile in standard
 * units, and the tail quantities of the truncated normal's moments. Each op is a plain
 * number routine for the value and a {@link customGradient} VJP written with pathwise
 * ops beside it.
 * @module
 */
import erf from '@stdlib/math-base-special-erf';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import erfcx from '@stdlib/math-base-special-erfcx';
import {
  add,
  customGradient,
  exp,
  mul,
  neg,
  sdiv,
  smul,
  square,
  sub,
  type Tensor,
} from '../autodiff/index.js';
import { broadcastAll, constantOp, mapValues } from './util.js';

const LOG_SQRT_2PI = 0.9189385332046727;
const LN2 = Math.LN2;

/** log Φ(z): `log(½ erfcx(-z/√2)) - z²/2` below 0 (finite 40σ out and beyond), else `log1p(-½ erfc(z/√2))`. */
export function logNdtrValue(z: number): number {
  if (z === -Infinity) return -Infinity;
  if (z < 0) return Math.log(0.5 * erfcx(-z * Math.SQRT1_2)) - 0.5 * z * z;
  return Math.log1p(-0.5 * erfc(z * Math.SQRT1_2));
}

/** log(1 - eˣ) for x ≤ 0 (Mächler 2012). */
function log1mexp(x: number): number {
  return x > -LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * log(Φ(b) - Φ(a)) for a ≤ b: on the side of 0 where both lie, a difference of log Φ's
 * on the lower tail (mirrored for a ≥ 0: Φ(b) - Φ(a) = Φ(-a) - Φ(-b)); across 0, the
 * sum `½(erf(b/√2) + erf(-a/√2))` of two non-negative terms (no cancellation).
 */
export function logMassValue(a: number, b: number): number {
  if (!(a < b)) return a === b ? -Infinity : NaN;
  if (a >= 0) return logMassValue(-b, -a);
  if (b <= 0) {
    const lb = logNdtrValue(b);
    return lb + log1mexp(logNdtrValue(a) - lb);
  }
  return Math.log(0.5 * (erf(b * Math.SQRT1_2) + erf(-a * Math.SQRT1_2)));
}

/** log φ(z) as ops. */
function logPhi(z: Tensor): Tensor {
  return sub(mul(-0.5, square(z)), LOG_SQRT_2PI);
}

const logNdtrOp: (z: Tensor) => Tensor = customGradient(
  (z: Tensor) => ({
    value: mapValues([z], logNdtrValue),
    grad: (g: Tensor) => smul(g, exp(sub(logPhi(z), logNdtrOp(z)))),
  }),
  { name: 'logNdtr' },
);

/** log Φ(z), finite wherever Φ(z) > 0 in exact arithmetic (z > -∞); derivative φ(z)/Φ(z). */
export function logNdtr(z: Tensor): Tensor {
  return logNdtrOp(z);
}

const logMassOp: (a: Tensor, b: Tensor) => Tensor = customGradient(
  (a: Tensor, b: Tensor) => ({
    value: mapValues([a, b], logMassValue),
    grad: (g: Tensor) => {
      const l = logMassOp(a, b);
      return [neg(smul(g, exp(sub(logPhi(a), l)))), smul(g, exp(sub(logPhi(b), l)))];
    },
  }),
  { name: 'logGaussMass' },
);

/**
 * log(Φ(b) - Φ(a)), the log mass of N(0, 1) on [a, b] (a, b may be ±Infinity): finite
 * and accurate 40σ out. Derivatives -φ(a)/mass and φ(b)/mass, formed in log space.
 */
export function logGaussMass(a: Tensor, b: Tensor): Tensor {
  const [ta, tb] = broadcastAll([a, b]);
  return logMassOp(ta, tb);
}

/** Φ⁻¹(p) as `-√2 erfcinv(2p)`. */
const ndtriValue = (p: number): number => -Math.SQRT2 * erfcinv(2 * p);

/**
 * x with log Φ(x) = logp (logp ≤ log ½): Φ⁻¹(eˡᵒᵍᵖ) where that does not underflow, else
 * the asymptotic start `-√(y - log y - log 2π)` (y = -2 logp); then Newton steps on
 * log Φ, whose slope φ/Φ is formed in log space.
 */
export function ndtriExpValue(logp: number): number {
  if (logp === -Infinity) return -Infinity;
  let x: number;
  if (logp > -700) x = ndtriValue(Math.exp(logp));
  else {
    const y = -2 * logp;
    x = -Math.sqrt(y - Math.log(y) - 2 * LOG_SQRT_2PI);
  }
  for (let i = 0; i < 50; i++) {
    const l = logNdtrValue(x);
    const step = (l - logp) / Math.exp(-0.5 * x * x - LOG_SQRT_2PI - l);
    x -= step;
    if (!(Math.abs(step) > 1e-15 * Math.abs(x))) break;
  }
  return x;
}

/** log(eᵘ + eᵛ). */
function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  if (m === -Infinity) return -Infinity;
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** The p-quantile on [a, b] ⊂ (-∞, 0]: x with Φ(x) = q·Φ(a) + p·Φ(b) (q = 1 - p), in log space. */
function lowerTailQuantile(p: number, q: number, a: number, b: number): number {
  const lp = logAddExp(logNdtrValue(a) + Math.log(q), logNdtrValue(b) + Math.log(p));
  return Math.min(b, Math.max(a, ndtriExpValue(lp)));
}

/**
 * The p-quantile of N(0, 1) truncated to [a, b]: on the tail nearest the mass, mirrored
 * for a ≥ 0 (x(p; a, b) = -x(1 - p; -b, -a)), so that it stays inside [a, b] 40σ out;
 * across 0, Φ⁻¹ of `Φ(a) + p·Z` or minus Φ⁻¹ of `Φ(-b) + (1-p)·Z`, whichever is ≤ ½.
 */
export function truncQuantileValue(p: number, a: number, b: number): number {
  const q = 1 - p;
  if (a >= 0) return -lowerTailQuantile(q, p, -b, -a);
  if (b <= 0) return lowerTailQuantile(p, q, a, b);
  const z = Math.exp(logMassValue(a, b));
  const lower = 0.5 * erfc(-a * Math.SQRT1_2) + p * z;
  const x = lower <= 0.5 ? ndtriValue(lower) : -ndtriValue(0.5 * erfc(b * Math.SQRT1_2) + q * z);
  return Math.min(b, Math.max(a, x));
}

const truncQuantileOp: (p: Tensor, a: Tensor, b: Tensor) => Tensor = customGradient(
  (p: Tensor, a: Tensor, b: Tensor) => ({
    value: mapValues([p, a, b], truncQuantileValue),
    grad: (g: Tensor) => {
      const s = truncQuantileOp(p, a, b); // recomputed as an op (jit, higher order)
      // φ(c)/φ(s) = exp((s - c)(s + c)/2): no overflow of either factor 40σ out
      const ratio = (c: Tensor): Tensor => exp(mul(0.5, mul(sub(s, c), add(s, c))));
      return [
        smul(g, exp(sub(logGaussMass(a, b), logPhi(s)))),
        smul(g, mul(sub(1, p), ratio(a))),
        smul(g, mul(p, ratio(b))),
      ];
    },
  }),
  { name: 'truncNormalQuantile' },
);

/**
 * The p-quantile of N(0, 1) truncated to [a, b], differentiable in p, a and b: with
 * F(s) = (Φ(s) - Φ(a))/Z = p, ∂s/∂p = Z/φ(s), ∂s/∂a = (1-p)·φ(a)/φ(s),
 * ∂s/∂b = p·φ(b)/φ(s) (implicit differentiation of F).
 */
export function truncQuantile(p: Tensor, a: Tensor, b: Tensor): Tensor {
  const [tp, ta, tb] = broadcastAll([p, a, b]);
  return truncQuantileOp(tp, ta, tb);
}

/**
 * The tail quantities of N(0, 1) on [a, ∞), a ≥ 0, with R(a) = Φ(-a)/φ(a) (Mills'
 * ratio): t = 1/R - a = E[X - a] and s = 1/t - a (so E[(X - a)²] = s·t), and d = s - t.
 * They are the first terms of Laplace's continued fraction R = 1/(a + 1/(a + 2/(a + ...))):
 * t = K₁, s = K₂ with Kₙ = n/(a + Kₙ₊₁), evaluated backwards from a ≥ 3 (no cancellation
 * 40σ out, where 1/R - a loses a² of the digits); below 3 from erfcx directly.
 */
export function tailValues(a: number): { t: number; s: number; d: number } {
  if (a === Infinity) return { t: 0, s: 0, d: 0 };
  if (a < 3) {
    const r = Math.sqrt(Math.PI / 2) * erfcx(a * Math.SQRT1_2);
    const t = 1 / r - a;
    const s = 1 / t - a;
    return { t, s, d: s - t };
  }
  const n = Math.ceil(20 + 1200 / (a * a));
  let k = 0;
  for (let i = n; i >= 3; i--) k = i / (a + k);
  const u = k;
  const s = 2 / (a + u);
  const t = 1 / (a + s);
  return { t, s, d: (a + 2 * s - u) / ((a + u) * (a + s)) };
}

const tailD = constantOp('truncNormalTailD', (a) => tailValues(a).d);

/** t(a) = E[X - a] for X ~ N(0, 1) on [a, ∞), a ≥ 0; dt/da = -t·(s - t) (first order). */
export const tailT: (a: Tensor) => Tensor = customGradient(
  (a: Tensor) => ({
    value: mapValues([a], (v) => tailValues(v).t),
    grad: (g: Tensor) => neg(smul(g, mul(tailT(a), tailD(a)))),
  }),
  { name: 'truncNormalTailT' },
);

/** s(a) = 1/t(a) - a (E[(X - a)²] = s·t on [a, ∞)); ds/da = (s - t)/t - 1 (first order). */
export const tailS: (a: Tensor) => Tensor = customGradient(
  (a: Tensor) => ({
    value: mapValues([a], (v) => tailValues(v).s),
    grad: (g: Tensor) => smul(g, sub(sdiv(tailD(a), tailT(a)), 1)),
  }),
  { name: 'truncNormalTailS' },
);
