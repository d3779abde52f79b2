/**
 * The von Mises CDF and its derivative in the concentration, in plain float64: what
 * `VonMises.cdf` and the implicit reparameterization gradient of its samples are built on.
 *
 * G(v; κ) is the CDF on [-π, π] of the centred law, density p(v) = e^(κ(cos v - 1))/(2π i0e(κ)).
 *
 * - κ < 30: the Fourier series G(v) = ½ + v/(2π) + (1/π) Σₙ ρₙ sin(nv)/n, ρₙ = Iₙ(κ)/I0(κ)
 *   by the backward recurrence Iₙ/Iₙ₋₁ = 1/(2n/κ + Iₙ₊₁/Iₙ) (stable), and term by term
 *   ∂G/∂κ = (1/π) Σₙ ρₙ' sin(nv)/n with ρₙ' = (ρₙ₋₁ + ρₙ₊₁)/2 - ρₙρ₁ (from 2Iₙ' = Iₙ₋₁ + Iₙ₊₁).
 * - κ ≥ 30, v ≤ 0 (v > 0 by symmetry, G(v) = 1 - G(-v)): with s = sin(t/2) and
 *   w = √(2κ)·s, the integral from -π becomes e^(-w²) (1 - w²/(2κ))^(-½) dw, whose binomial
 *   series integrates term by term into upper incomplete gammas Jₖ(b) = ∫_b^∞ e^(-w²) w^(2k) dw,
 *   b = √(2κ) sin(|v|/2): G(v) = Σₖ cₖ (2κ)^(-k) Jₖ(b) / (π √(2κ) i0e(κ)), cₖ = C(2k, k)/4ᵏ,
 *   J₀ = (√π/2) erfc(b), Jₖ₊₁ = (k + ½) Jₖ + ½ b^(2k+1) e^(-b²) (all terms positive, so the
 *   left tail keeps its relative accuracy). The series is asymptotic in 1/κ; its error is
 *   below e^(-2κ) < 1e-26. ∂G/∂κ differentiates it term by term; the κ-dependence of the
 *   prefactor, 1 - A - 1/(2κ) (A = I1/I0), comes from `besselRatioExcess` without cancellation.
 *
 * The implicit gradient of a draw v (Figurnov et al. 2018) is dv/dκ = -(∂G/∂κ)(v)/p(v), odd in v.
 * @module
 */
import erfcx from '@stdlib/math-base-special-erfcx';
import { ASYMPTOTIC_KAPPA, besselRatioExcess, i0e } from './bessel.js';

const TWO_PI = 2 * Math.PI;
const SQRT_PI = Math.sqrt(Math.PI);

/** ρₙ = Iₙ(κ)/I0(κ) for n = 0..N (N where they fall below 1e-20), the last κ's cached. */
let cached: { kappa: number; rho: Float64Array } = { kappa: NaN, rho: new Float64Array(0) };

function besselRatios(kappa: number): Float64Array {
  if (cached.kappa === kappa) return cached.rho;
  const m = Math.ceil(20 + kappa + 10 * Math.sqrt(kappa));
  const r = new Float64Array(m + 2); // r[n] = Iₙ/Iₙ₋₁, r[m + 1] = 0
  for (let n = m; n >= 1; n--) r[n] = 1 / ((2 * n) / kappa + r[n + 1]);
  const rho = new Float64Array(m + 2);
  rho[0] = 1;
  let n = 1;
  for (; n <= m && rho[n - 1] > 1e-20; n++) rho[n] = rho[n - 1] * r[n];
  cached = { kappa, rho: rho.subarray(0, n + 1) }; // a trailing 0 for ρₙ₊₁
  return cached.rho;
}

/** G(v) and ∂G/∂κ(v) by the Fourier series (κ < 30, any v in [-π, π]). */
function fourier(kappa: number, v: number): { g: number; dk: number } {
  const rho = besselRatios(kappa);
  let g = 0;
  let dk = 0;
  for (let n = 1; n < rho.length - 1; n++) {
    const s = Math.sin(n * v) / n;
    g += rho[n] * s;
    dk += ((rho[n - 1] + rho[n + 1]) / 2 - rho[n] * rho[1]) * s;
  }
  return { g: 0.5 + v / TWO_PI + g / Math.PI, dk: dk / Math.PI };
}

/**
 * The left-tail series at b = √(2κ) sin(|v|/2): S = Σ cₖ eₖ with eₖ = (2κ)^(-k) Jₖ e^(b²), and
 * S' = Σ cₖ (eₖ (D - k/κ) - βₖ/κ), βₖ = ½ b^(2k+1) e^(b²)... scaled: βₖ = (b/2) yᵏ, y = b²/(2κ);
 * then G = e^(-b²) S / (π √(2κ) i0e) and ∂G/∂κ = e^(-b²) S' / (π √(2κ) i0e).
 */
function tailSums(kappa: number, b: number): { s: number; ds: number } {
  const d = besselRatioExcess(kappa);
  const y = (b * b) / (2 * kappa);
  let c = 1;
  let e = (SQRT_PI / 2) * erfcx(b);
  let beta = b / 2;
  let s = 0;
  let ds = 0;
  for (let k = 0; k < kappa; k++) {
    s += c * e;
    ds += c * (e * (d - k / kappa) - beta / kappa);
    if (c * (e + beta) < 1e-17 * s) break;
    e = ((k + 0.5) * e + beta) / (2 * kappa);
    beta *= y;
    c *= (2 * k + 1) / (2 * k + 2);
  }
  return { s, ds };
}

/** G(v; κ) on [-π, π], the CDF of the centred von Mises law. */
export function centredCdf(kappa: number, v: number): number {
  if (kappa < ASYMPTOTIC_KAPPA) return Math.min(1, Math.max(0, fourier(kappa, v).g));
  const b = Math.sqrt(2 * kappa) * Math.sin(Math.abs(v) / 2);
  const left =
    (Math.exp(-b * b) * tailSums(kappa, b).s) / (Math.PI * Math.sqrt(2 * kappa) * i0e(kappa));
  return Math.min(1, v <= 0 ? left : 1 - left);
}

/** ∂G(v; κ)/∂κ on [-π, π] (odd in v, 0 at 0 and ±π). */
export function centredCdfGradKappa(kappa: number, v: number): number {
  if (kappa < ASYMPTOTIC_KAPPA) return fourier(kappa, v).dk;
  const b = Math.sqrt(2 * kappa) * Math.sin(Math.abs(v) / 2);
  const dk =
    (Math.exp(-b * b) * tailSums(kappa, b).ds) / (Math.PI * Math.sqrt(2 * kappa) * i0e(kappa));
  return v <= 0 ? dk : -dk;
}

/**
 * dv/dκ = -(∂G/∂κ)(v)/p(v) for a centred draw v held at a fixed CDF value: the implicit
 * reparameterization gradient (computed without forming the density where it underflows).
 */
export function centredSampleGrad(kappa: number, v: number): number {
  if (kappa < ASYMPTOTIC_KAPPA) {
    const half = Math.sin(v / 2);
    const p = Math.exp(-2 * kappa * half * half) / (TWO_PI * i0e(kappa));
    return -fourier(kappa, v).dk / p;
  }
  const b = Math.sqrt(2 * kappa) * Math.sin(Math.abs(v) / 2);
  const g = (-2 / Math.sqrt(2 * kappa)) * tailSums(kappa, b).ds;
  return v <= 0 ? g : -g;
}

/** t reduced to [-π, π] with the number of turns m: t = r + 2πm. */
export function turns(t: number): { r: number; m: number } {
  const m = Math.round(t / TWO_PI);
  return { r: t - m * TWO_PI, m };
}

/** The centred CDF extended to ℝ: G(r) + m at t = r + 2πm. */
export function extendedCdf(kappa: number, t: number): number {
  const { r, m } = turns(t);
  return m + centredCdf(kappa, Math.min(Math.PI, Math.max(-Math.PI, r)));
}
