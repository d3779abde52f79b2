/**
 * The kinetic energy of Hamiltonian Monte Carlo: a Gaussian momentum with mass matrix
 * M, diagonal or dense. Stores the inverse mass M⁻¹ (the adapted posterior variance) and
 * what is needed to draw momenta p ~ N(0, M).
 * @module
 */
import { gemm } from '../autodiff/kernels/index.js';
import { trsm } from '../autodiff/kernels/triangular.js';
import type { Rng } from '../random/index.js';
import { vector } from './integrator.js';

/** A mass matrix for HMC / NUTS. */
export interface Metric {
  /** Dimension. */
  readonly size: number;
  /** `M⁻¹ p` (the velocity, Stan's `dtau_dp`). */
  velocity(p: Float64Array): Float64Array;
  /** `M⁻¹ p` written into `out` (not `p`), which is returned. */
  velocityInto(p: Float64Array, out: Float64Array): Float64Array;
  /** The kinetic energy `½ pᵀ M⁻¹ p`. */
  kinetic(p: Float64Array): number;
  /** A momentum draw p ~ N(0, M). */
  momentum(r: Rng): Float64Array;
  /** The inverse mass matrix: its diagonal, or the full matrix row-major. */
  readonly inverseMass: Float64Array;
  /** True for a dense metric. */
  readonly dense: boolean;
}

/** A diagonal metric with inverse masses `invMass` (the per-coordinate variances). */
export function diagonalMetric(invMass: Float64Array): Metric {
  const sd = invMass.map((v) => 1 / Math.sqrt(v));
  return {
    size: invMass.length,
    dense: false,
    inverseMass: invMass,
    velocity(p) {
      return this.velocityInto(p, vector(p.length));
    },
    velocityInto(p, v) {
      for (let i = 0; i < p.length; i++) v[i] = p[i] * invMass[i];
      return v;
    },
    kinetic(p) {
      let k = 0;
      for (let i = 0; i < p.length; i++) k += p[i] * p[i] * invMass[i];
      return 0.5 * k;
    },
    momentum: (r) => {
      const p = vector(sd.length);
      for (let i = 0; i < p.length; i++) p[i] = sd[i] * r.normal();
      return p;
    },
  };
}

/** Lower Cholesky factor of a symmetric positive-definite matrix (row-major). */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / l[j * n + j];
    }
  }
  return l;
}

/**
 * A dense metric with inverse mass matrix `invMass` (row-major n × n, the posterior
 * covariance). Momenta are drawn as p = L⁻ᵀ z where M⁻¹ = L Lᵀ, so Cov(p) = (L Lᵀ)⁻¹ = M.
 */
export function denseMetric(invMass: Float64Array, n: number): Metric {
  const l = cholesky(invMass, n);
  const tmp = new Float64Array(n); // kinetic's velocity
  return {
    size: n,
    dense: true,
    inverseMass: invMass,
    velocity(p) {
      return this.velocityInto(p, vector(n));
    },
    velocityInto(p, v) {
      // v_i = Σ_j M⁻¹[i,j] p_j over j in order, on the dense kernels (wasm SIMD when available)
      gemm(invMass, p, v, { n, k: n, m: 1, ais: n, aps: 1, bps: 1, bjs: 1 }, [0, 0, 0]);
      return v;
    },
    kinetic(p) {
      const v = this.velocityInto(p, tmp);
      let k = 0;
      for (let i = 0; i < n; i++) k += p[i] * v[i];
      return 0.5 * k;
    },
    momentum(r) {
      // solve Lᵀ p = z by back substitution
      const z = Float64Array.from({ length: n }, () => r.normal());
      const p = new Float64Array(n);
      trsm(l, 0, 1, n, false, z, 0, p, 0, n, 1);
      return p;
    },
  };
}

/** The identity metric of dimension n. */
export function unitMetric(n: number): Metric {
  return diagonalMetric(new Float64Array(n).fill(1));
}
