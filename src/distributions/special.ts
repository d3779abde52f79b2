/**
 * Differentiable special functions for log-densities, CDFs and quantiles: each one is
 * a stdlib routine for the value and a {@link customGradient} VJP written with pathwise
 * ops (so second derivatives exist where the VJP is itself differentiable).
 * @module
 */
import betaincFn from '@stdlib/math-base-special-betainc';
import betaincinvFn from '@stdlib/math-base-special-betaincinv';
import betalnFn from '@stdlib/math-base-special-betaln';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammaincFn from '@stdlib/math-base-special-gammainc';
import gammaincinvFn from '@stdlib/math-base-special-gammaincinv';
import {
  add,
  customGradient,
  digamma,
  div,
  exp,
  greater,
  log,
  logicalAnd,
  mul,
  neg,
  noGrad,
  onesLike,
  scalar,
  sdiv,
  smul,
  square,
  stopGradient,
  sub,
  where,
  zerosLike,
  type Tensor,
} from '../autodiff/index.js';
import { gammaincGradA, gammaSampleGrad } from './gamma-grad.js';
import { refineGammaQuantile, regularizedGamma } from './incomplete-gamma.js';
import { dbinomRaw, gammaLogDensity } from './loader.js';
import { branch, broadcastAll, constantOp, mapValues, xlog1py, xlogy } from './util.js';

const INV_SQRT_2PI = 0.3989422804014327;

/** The standard normal density φ(z) (tape ops). */
export function normalPdf(z: Tensor): Tensor {
  return mul(exp(mul(-0.5, square(z))), INV_SQRT_2PI);
}

const ndtrOp = customGradient(
  (z: Tensor) => ({
    value: mapValues([z], (v) => 0.5 * erfc(-v * Math.SQRT1_2)),
    grad: (g: Tensor) => mul(g, normalPdf(z)),
  }),
  { name: 'ndtr' },
);

/** Φ(z), the standard normal CDF, as `½ erfc(-z/√2)`: full relative precision in the lower tail. */
export function ndtr(z: Tensor): Tensor {
  return ndtrOp(z);
}

/** Φ⁻¹(p), the standard normal quantile, as `-√2 erfcinv(2p)`. Derivative 1/φ(Φ⁻¹(p)). */
export const ndtri: (p: Tensor) => Tensor = customGradient(
  (p: Tensor) => ({
    value: mapValues([p], (v) => -Math.SQRT2 * erfcinv(2 * v)),
    grad: (g: Tensor) => div(g, normalPdf(ndtri(p))),
  }),
  { name: 'ndtri' },
);

const betalnOp = customGradient(
  (a: Tensor, b: Tensor) => ({
    value: mapValues([a, b], betalnFn),
    grad: (g: Tensor) => {
      const ab = digamma(add(a, b));
      return [mul(g, sub(digamma(a), ab)), mul(g, sub(digamma(b), ab))];
    },
  }),
  { name: 'betaln' },
);

/**
 * log B(a, b) by stdlib's betaln, which does not cancel for large a, b (unlike
 * lgamma(a) + lgamma(b) - lgamma(a + b)). Derivatives ψ(a) - ψ(a + b), ψ(b) - ψ(a + b).
 */
export function betaln(a: Tensor | number, b: Tensor | number): Tensor {
  const [ta, tb] = broadcastAll([toT(a), toT(b)]);
  return betalnOp(ta, tb);
}

/** Arctangent; derivative 1/(1 + z²). */
export const atan = customGradient(
  (z: Tensor) => ({
    value: mapValues([z], Math.atan),
    grad: (g: Tensor) => div(g, add(1, square(z))),
  }),
  { name: 'atan' },
);

/** log of the Gamma(a, 1) density at x, in Loader's form (tape ops). */
function logGammaDensity(a: Tensor, x: Tensor): Tensor {
  return gammaLogDensity(a, onesLike(a), x);
}

/**
 * P(a, x) or Q(a, x): @stdlib's gammainc below a = 100, the series / continued fraction of
 * incomplete-gamma.ts from there (stdlib's is wrong by up to 2% from a ≈ 1000 on).
 */
function regularizedGammaAny(a: number, x: number, upper: boolean): number {
  if (x === Infinity && a > 0) return upper ? 0 : 1; // stdlib gives NaN there
  return a >= 100 ? regularizedGamma(a, x, upper) : gammaincFn(x, a, true, upper);
}

/** x with P(a, x) = p: @stdlib's gammaincinv, refined by Newton steps from a = 100 on. */
function gammaQuantile(a: number, p: number): number {
  const x = gammaincinvFn(p, a);
  return a >= 100 ? refineGammaQuantile(a, p, x) : x;
}

/** ∂P(a, x)/∂a as a recorded first-order op (so that a jitted VJP recomputes it). */
const gammaincDa = constantOp('gammaincGradA', gammaincGradA);
/** dz/da of a Gamma(a, 1) quantile z, as a recorded first-order op. */
const gammaQuantileDa = constantOp('gammaSampleGrad', gammaSampleGrad);

const gammaincOp = (upper: boolean) =>
  customGradient(
    (a: Tensor, x: Tensor) => ({
      value: mapValues([a, x], (av, xv) => regularizedGammaAny(av, xv, upper)),
      grad: (g: Tensor) => {
        const sign = upper ? -1 : 1;
        const da = gammaincDa(a, x);
        return [smul(g, mul(da, sign)), smul(g, mul(exp(logGammaDensity(a, x)), sign))];
      },
    }),
    { name: upper ? 'gammaincc' : 'gammainc' },
  );
const lowerGammainc = gammaincOp(false);
const upperGammainc = gammaincOp(true);

/**
 * The regularized incomplete gamma function P(a, x) (or Q = 1 - P with `upper`),
 * differentiable in both arguments; ∂/∂a comes from the series / continued-fraction
 * derivatives of `gamma-grad.ts` (a first-order constant).
 */
export function gammainc(a: Tensor | number, x: Tensor, options: { upper?: boolean } = {}): Tensor {
  const [ta, tx] = broadcastAll([toT(a), x]);
  return (options.upper ? upperGammainc : lowerGammainc)(ta, tx);
}

const gammaincinvOp: (a: Tensor, p: Tensor) => Tensor = customGradient(
  (a: Tensor, p: Tensor) => ({
    value: mapValues([a, p], gammaQuantile),
    grad: (g: Tensor) => {
      // the quantile again, as an op (not the forward value: jit must recompute it)
      const x = gammaincinvOp(a, p);
      return [smul(g, gammaQuantileDa(a, x)), sdiv(g, exp(logGammaDensity(a, x)))];
    },
  }),
  { name: 'gammaincinv' },
);

/** The inverse of P(a, ·): x with P(a, x) = p; ∂x/∂a is the implicit gamma gradient. */
export function gammaincinv(a: Tensor, p: Tensor): Tensor {
  const [ta, tp] = broadcastAll([a, p]);
  return gammaincinvOp(ta, tp);
}

/**
 * log of the Beta(a, b) density at x (tape ops), as R's dbeta: for a, b > 2 through
 * Loader's binomial form `log(a+b-1) + dbinomRaw(a-1, a+b-2, x, 1-x)` (no cancellation
 * at large a, b), else `(a-1) log x + (b-1) log1p(-x) - betaln(a, b)`.
 */
export function logBetaDensity(x: Tensor, a: Tensor, b: Tensor): Tensor {
  const big = noGrad(() => logicalAnd(greater(a, 2), greater(b, 2)));
  return branch(
    big,
    () => {
      const as = where(big, a, 3);
      const bs = where(big, b, 3);
      const n = sub(add(as, bs), 2);
      return add(log(add(n, 1)), dbinomRaw(sub(as, 1), n, x, sub(1, x)));
    },
    () => sub(add(xlogy(sub(a, 1), x), xlog1py(sub(b, 1), neg(x))), betaln(a, b)),
  );
}

const betaincOp = customGradient(
  (x: Tensor, a: Tensor, b: Tensor) => ({
    value: mapValues([x, a, b], (xv, av, bv) => betaincFn(xv, av, bv)),
    grad: (g: Tensor) => [mul(g, exp(logBetaDensity(x, a, b))), zerosLike(a), zerosLike(b)],
  }),
  { name: 'betainc' },
);

/**
 * The regularized incomplete beta function I_x(a, b), differentiable in x only: a and b
 * pass through `stopGradient` (so {@link explainGradient} names the cut).
 */
export function betainc(x: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const [tx, ta, tb] = broadcastAll([x, stopGradient(toT(a)), stopGradient(toT(b))]);
  return betaincOp(tx, ta, tb);
}

const betaincinvOp: (p: Tensor, a: Tensor, b: Tensor) => Tensor = customGradient(
  (p: Tensor, a: Tensor, b: Tensor) => ({
    value: mapValues([p, a, b], (pv, av, bv) => betaincinvFn(pv, av, bv)),
    grad: (g: Tensor) => {
      const x = betaincinvOp(p, a, b); // recomputed as an op, for jit
      return [sdiv(g, exp(logBetaDensity(x, a, b))), zerosLike(a), zerosLike(b)];
    },
  }),
  { name: 'betaincinv' },
);

/** x with I_x(a, b) = p, differentiable in p only (a and b pass through `stopGradient`). */
export function betaincinv(p: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const [tp, ta, tb] = broadcastAll([p, stopGradient(toT(a)), stopGradient(toT(b))]);
  return betaincinvOp(tp, ta, tb);
}

function toT(v: Tensor | number): Tensor {
  return typeof v === 'number' ? scalar(v) : v;
}
