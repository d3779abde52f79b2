/**
 * Implicit reparameterization of the gamma distribution (Figurnov, Mohamed & Mnih 2018).
 *
 * A sample z of Gamma(a, 1) is a function of a at fixed CDF value u = P(a, z), where P
 * is the regularized lower incomplete gamma function. Differentiating u = P(a, z(a)):
 *
 *     dz/da = -(∂P(a, z)/∂a) / q(z; a),   q(z; a) = z^(a-1) e^(-z) / Γ(a).
 *
 * ∂P/∂a is computed by differentiating the two classic expansions term by term, and
 * the common prefactor z^a e^(-z)/Γ(a) cancels against q, so neither underflows:
 *
 * - series (z < a + 1): P = Σₙ z^(a+n) e^(-z) / Γ(a+n+1), whose terms differentiate to
 *   themselves times (log z - ψ(a+n+1)); so dz/da = -(z/a) Σₙ rₙ (log z - ψ(a+n+1)),
 *   r₀ = 1, rₙ₊₁ = rₙ z/(a+n+1).
 * - continued fraction (z ≥ a + 1): Q = 1 - P = z^a e^(-z)/Γ(a) · h(a, z) with Legendre's
 *   fraction h evaluated by modified Lentz, carrying ∂h/∂a alongside (forward mode);
 *   dz/da = z ((log z - ψ(a)) h + ∂h/∂a).
 *
 * Both converge in O(√a) terms near z ≈ a; the tests compare against central
 * differences of the inverse CDF at fixed u.
 * @module
 */
import digamma from '@stdlib/math-base-special-digamma';
import { customGradient, mul, Tensor } from '../autodiff/index.js';
import { gammaLogPdf } from './loader.js';
import { mapValues } from './util.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 1_000_000;

/** -(z/a) Σ rₙ (log z - ψ(a+n+1)): dz/da by the series (z < a + 1). */
function seriesGrad(a: number, z: number): number {
  const lz = Math.log(z);
  let psi = digamma(a) + 1 / a; // ψ(a + 1)
  let r = 1;
  let total = 1;
  let s = lz - psi;
  for (let n = 0; n < MAX_TERMS; n++) {
    psi += 1 / (a + n + 1); // ψ(a + n + 2)
    r *= z / (a + n + 1);
    total += r;
    const term = r * (lz - psi);
    s += term;
    if (r < EPS * total && Math.abs(term) < EPS * Math.abs(s)) break;
  }
  return (-z / a) * s;
}

/** z ((log z - ψ(a)) h + ∂h/∂a): dz/da by Legendre's continued fraction (z ≥ a + 1). */
function fractionGrad(a: number, z: number): number {
  let b = z + 1 - a; // ∂b/∂a = -1 throughout
  let c = 1 / TINY;
  let dc = 0;
  let d = 1 / b;
  let dd = d * d; // ∂(1/b)/∂a = 1/b²
  let h = d;
  let dh = dd;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    let den = an * d + b;
    const dden = i * d + an * dd - 1;
    if (Math.abs(den) < TINY) den = TINY;
    let cn = b + an / c;
    const dcn = -1 + i / c - (an * dc) / (c * c);
    if (Math.abs(cn) < TINY) cn = TINY;
    d = 1 / den;
    dd = -dden * d * d;
    c = cn;
    dc = dcn;
    const del = d * c;
    const ddel = dd * c + d * dc;
    dh = dh * del + h * ddel;
    h *= del;
    if (Math.abs(del - 1) < EPS && Math.abs(h * ddel) <= EPS * Math.abs(dh)) break;
  }
  return z * ((Math.log(z) - digamma(a)) * h + dh);
}

/**
 * dz/da for a sample z of Gamma(a, 1) held at a fixed CDF value: the implicit
 * reparameterization gradient. 0 at z = 0 (an underflowed sample).
 */
export function gammaSampleGrad(a: number, z: number): number {
  if (!(z > 0)) return 0;
  if (z === Infinity) return Infinity;
  return z < a + 1 ? seriesGrad(a, z) : fractionGrad(a, z);
}

/**
 * ∂P(a, x)/∂a, the derivative of the regularized lower incomplete gamma function in
 * its shape: `-q(x; a) · dz/da`.
 */
export function gammaincGradA(a: number, x: number): number {
  if (!(x > 0) || x === Infinity) return 0;
  return -Math.exp(gammaLogPdf(a, x)) * gammaSampleGrad(a, x);
}

/**
 * A differentiable gamma sample: returns the constant draws `z` (already drawn from
 * Gamma(a, 1), same shape as `a`) with the implicit gradient `dz/da` as its VJP.
 */
export function implicitGamma(a: Tensor, z: Tensor): Tensor {
  const op = customGradient(
    () => ({
      value: z,
      grad: (g: Tensor) => mul(g, mapValues([a, z], gammaSampleGrad)),
    }),
    { name: 'Gamma.sample' },
  );
  return op(a);
}
