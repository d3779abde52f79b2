/**
 * Loader's saddle-point pieces (C. Loader, "Fast and accurate computation of binomial
 * probabilities", 2000; R's nmath stirlerr.c and bd0.c): log-densities of counts that
 * keep ~1e-15 relative accuracy where `k·log λ - λ - lgamma(k+1)` loses ~1e-10.
 * @module
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { isTracing } from '../autodiff/tape.js';
import {
  add,
  customGradient,
  digamma,
  div,
  equal,
  greaterEqual,
  less,
  lgamma,
  log,
  mul,
  neg,
  noGrad,
  smul,
  sub,
  where,
  type Tensor,
} from '../autodiff/index.js';
import { broadcastAll, EULER, mapValues, mayNeedGradient } from './util.js';

/** stirlerr(n/2) for n = 1..30 (high-precision values, as R's table). */
const HALVES = [
  0.15342640972002736, 0.08106146679532726, 0.05481412105191765, 0.0413406959554093,
  0.03316287351993629, 0.02767792568499834, 0.023746163656297496, 0.020790672103765093,
  0.018488450532673187, 0.016644691189821193, 0.015134973221917378, 0.013876128823070748,
  0.012810465242920227, 0.01189670994589177, 0.011104559758206917, 0.010411265261972096,
  0.009799416126158804, 0.009255462182712733, 0.008768700134139386, 0.00833056343336287,
  0.00793411456431402, 0.007573675487951841, 0.007244554301320383, 0.00694284010720953,
  0.006665247032707682, 0.006408994188004207, 0.006171712263039458, 0.0059513701127588475,
  0.0057462165130101155, 0.005554733551962801,
];

const LN_SQRT_2PI = 0.9189385332046727;

/**
 * The error of Stirling's formula, `log n! - ((n + ½) log n - n + log √(2π))`; 0 at 0.
 */
export function stirlerr(n: number): number {
  if (n <= 0) return 0;
  if (n <= 15) {
    const nn = 2 * n;
    if (nn === Math.floor(nn)) return HALVES[nn - 1];
    return gammaln(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/**
 * `x log(x/m) + m - x` (the deviance term), summed as a series where x ≈ m so that it
 * keeps full relative precision. `bd0(0, m) = m`.
 */
export function bd0Value(x: number, m: number): number {
  if (x === 0) return m;
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    if (Math.abs(s) < 2.2250738585072014e-308) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / m) + m - x;
}

/** log(x^k e^(-x) / Γ(k + 1)) for real k ≥ 0 and x > 0, as numbers (R's dpois_raw). */
function dpoisRawValue(k: number, x: number): number {
  if (k === 0) return -x;
  return -0.5 * Math.log(2 * Math.PI * k) - stirlerr(k) - bd0Value(k, x);
}

/**
 * log of the Gamma(a, 1) density at x > 0 as a number, in the dpois_raw form of
 * {@link gammaLogDensity} (no cancellation at large a).
 */
export function gammaLogPdf(a: number, x: number): number {
  return a >= 1 ? dpoisRawValue(a - 1, x) : dpoisRawValue(a, x) + Math.log(a / x);
}

const bd0Op = customGradient(
  (x: Tensor, m: Tensor) => ({
    value: mapValues([x, m], bd0Value),
    grad: (g: Tensor) => [smul(g, log(div(x, m))), smul(g, div(sub(m, x), m))],
  }),
  { name: 'bd0' },
);

/**
 * {@link bd0Value} as a differentiable op: ∂/∂x = log(x/m), ∂/∂m = (m - x)/m.
 */
export function bd0(x: Tensor, m: Tensor): Tensor {
  const [bx, bm] = broadcastAll([x, m]);
  return bd0Op(bx, bm);
}

const stirlerrOp = customGradient(
  (n: Tensor) => ({
    value: mapValues([n], stirlerr),
    // d/dn [lgamma(n+1) - (n+½) log n + n] = ψ(n+1) - log n - 1/(2n)
    grad: (g: Tensor) => smul(g, sub(sub(digamma(add(n, 1)), log(n)), div(0.5, n))),
  }),
  { name: 'stirlerr' },
);

/** {@link stirlerr} of each element, differentiable (for real-valued shapes). */
export function stirlerrOf(n: Tensor): Tensor {
  return stirlerrOp(n);
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * `-λ`, the value of dpois_raw at k = 0, with the k-derivative it has there:
 * ∂/∂k (k log λ - λ - lgamma(k + 1)) = log λ + γ at k = 0 (so a Gamma(1, ·)
 * concentration still gets its gradient). -∞ at λ = 0 (strong zero for a zero cotangent).
 */
const dpoisAtZero = customGradient(
  (_k: Tensor, lam: Tensor) => ({
    value: neg(lam),
    grad: (g: Tensor) => {
      const dk = mul(g, add(log(lam), EULER));
      return [
        where(
          noGrad(() => equal(g, 0)),
          0,
          dk,
        ),
        neg(g),
      ];
    },
  }),
  { name: 'dpoisRaw' },
);

/**
 * log(λ^k e^(-λ) / Γ(k + 1)) for real k ≥ 0 (R's dpois_raw): `-λ` at k = 0, else
 * `-½ log(2πk) - stirlerr(k) - bd0(k, λ)`. Differentiable in k and λ (at k = 0 too).
 */
export function dpoisRaw(k: Tensor, lam: Tensor): Tensor {
  const general = (ks: Tensor): Tensor => {
    const lead = add(mul(0.5, add(log(ks), LOG_2PI)), stirlerrOf(ks));
    return neg(add(lead, bd0(ks, lam)));
  };
  if (!isTracing() && !k.data.includes(0)) return general(k);
  const zero = noGrad(() => equal(k, 0));
  // the k-gradient at 0 matters only for a k that is a parameter (Gamma's a - 1)
  const atZero = mayNeedGradient(k) ? dpoisAtZero(...broadcastAll([k, lam])) : neg(lam);
  return where(zero, atZero, general(where(zero, 1, k)));
}

/**
 * log(C(n, k) p^k q^(n-k)) for real 0 < k < n (R's dbinom_raw, general case):
 * `stirlerr(n) - stirlerr(k) - stirlerr(n-k) - bd0(k, np) - bd0(n-k, nq)
 * - ½ log(2πk(n-k)/n)`, the last as log k + log((n-k)/n): with n - k computed once,
 * no digits are lost when k/n is close to 1 (as log1p(-k/n) of a rounded k/n would,
 * e.g. a Binomial at k ≈ n or a NegativeBinomial with a huge total count). Differentiable
 * in all arguments.
 */
export function dbinomRaw(k: Tensor, n: Tensor, p: Tensor, q: Tensor): Tensor {
  const nk = sub(n, k);
  const stir = sub(sub(stirlerrOf(n), stirlerrOf(k)), stirlerrOf(nk));
  const dev = add(bd0(k, mul(n, p)), bd0(nk, mul(n, q)));
  const lf = add(add(log(k), log(div(nk, n))), LOG_2PI);
  return sub(sub(stir, dev), mul(0.5, lf));
}

/**
 * log of the Gamma(a, rate b) density at x > 0 in R's dgamma form, through Loader's
 * dpois_raw: `dpoisRaw(a - 1, bx) + log b` for a ≥ 1, `dpoisRaw(a, bx) + log(a/x)`
 * below (no cancellation between a·log(bx), bx and lgamma(a) at large a). At x = 0 the
 * density's limit, as scipy: +∞ for a < 1, b for a = 1 (value `a log b - lgamma(a)`, whose
 * gradient takes (a-1)·log x as 0, like xlogy), -∞ for a > 1.
 */
export function gammaLogDensity(a: Tensor, b: Tensor, x: Tensor): Tensor {
  const general = (xs: Tensor): Tensor => {
    const big = noGrad(() => greaterEqual(a, 1));
    const k = where(big, sub(a, 1), a);
    const extra = where(big, log(b), sub(log(a), log(xs)));
    return add(dpoisRaw(k, mul(b, xs)), extra);
  };
  if (!isTracing() && !x.data.includes(0)) return general(x);
  const zero = noGrad(() => equal(x, 0));
  const atOne = sub(mul(a, log(b)), lgamma(a));
  const limit = where(less(a, 1), Infinity, where(equal(a, 1), atOne, -Infinity));
  return where(zero, limit, general(where(zero, 1, x)));
}
