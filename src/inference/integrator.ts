/**
 * The leapfrog integrator over a readonly phase-space point, and the potential function
 * it calls (value and gradient of -log density over a flat unconstrained vector).
 * @module
 */
import { ArgumentError, jit, tensor, valueAndGrad } from '../autodiff/index.js';
import type { Metric } from './metric.js';
import type { Potential } from './density.js';

/** A point of phase space: position, momentum, potential energy and its gradient. */
export interface Point {
  readonly q: Float64Array;
  readonly p: Float64Array;
  /** Potential energy U(q) = -log π(q) (+∞ where the density is 0, +∞ or NaN, or ∇U is not finite). */
  readonly u: number;
  /** ∇U(q). */
  readonly grad: Float64Array;
}

/** U and ∇U at a position. */
export type PotentialGrad = (q: Float64Array) => { u: number; grad: Float64Array };

/** Counts gradient evaluations (for the NUTS overhead figure and per-draw stats). */
export interface Counted extends PotentialGrad {
  calls: number;
  /** The last invalid-parameter message seen (a point outside the model's domain). */
  lastInvalid: string | undefined;
}

/**
 * Turns a model's {@link Potential} into a raw `q ↦ (U, ∇U)` function on Float64Arrays.
 * The value-and-gradient function is compiled with {@link jit} (a sampler evaluates it
 * thousands of times at one shape) under its `check` option: if the first compiled
 * evaluation differs from eager execution, or the model cannot be traced (e.g. it
 * subsamples with random draws), evaluation stays eager, so draws never depend on it.
 */
export function potentialGrad(pot: Potential): Counted {
  const evaluate = jit(
    valueAndGrad((u) => pot.potential(u)),
    { check: true },
  );
  const f = ((q: Float64Array) => {
    f.calls++;
    try {
      const { value, grad } = evaluate(tensor(q));
      const u = value.item();
      const g = Float64Array.from(grad.data);
      // A non-finite potential either way (NaN, -∞ from a +∞ log density, +∞) or a
      // non-finite gradient is no valid state: +∞ energy, so the sampler rejects it
      // and counts a divergence.
      return { u: Number.isFinite(u) && g.every(Number.isFinite) ? u : Infinity, grad: g };
    } catch (e) {
      // A distribution rejecting its parameters (e.g. a scale that overflowed to ∞) means
      // the point has zero density: the sampler treats it as infinite energy.
      if (!(e instanceof ArgumentError)) throw e;
      f.lastInvalid = e.message;
      return { u: Infinity, grad: new Float64Array(q.length).fill(NaN) };
    }
  }) as Counted;
  f.calls = 0;
  f.lastInvalid = undefined;
  return f;
}

/**
 * One leapfrog step of size `eps` (negative to go backward):
 * p ← p - (ε/2)∇U(q); q ← q + ε M⁻¹ p; p ← p - (ε/2)∇U(q). Returns a new point.
 */
export function leapfrog(z: Point, eps: number, metric: Metric, f: PotentialGrad): Point {
  const n = z.q.length;
  const pHalf = new Float64Array(n);
  for (let i = 0; i < n; i++) pHalf[i] = z.p[i] - 0.5 * eps * z.grad[i];
  const v = metric.velocity(pHalf);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = z.q[i] + eps * v[i];
  const { u, grad } = f(q);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = pHalf[i] - 0.5 * eps * grad[i];
  return { q, p, u, grad };
}

/** Total energy H = U(q) + K(p); NaN counts as +∞. */
export function energy(z: Point, metric: Metric): number {
  const h = z.u + metric.kinetic(z.p);
  return Number.isNaN(h) ? Infinity : h;
}
