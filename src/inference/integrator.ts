/**
 * The leapfrog integrator over a readonly phase-space point, and the potential function
 * it calls (value and gradient of -log density over a flat unconstrained vector).
 * @module
 */
import { ArgumentError, jit, Tensor, valueAndGrad } from '../autodiff/index.js';
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

const SLAB = 256; // doubles per slab (2 KiB: a retained vector keeps at most that alive)
const SMALL = 32; // longer vectors get their own buffer
let slab = new Float64Array(SLAB);
let used = 0;

/**
 * @internal A zeroed vector of length n for the sampler's points (positions, momenta,
 * gradients, velocities). Short ones are views into a shared 2 KiB slab: a standalone
 * Float64Array costs V8 its own ArrayBuffer (about 0.3 µs and GC work), several of
 * which every leapfrog step used to make.
 */
export function vector(n: number): Float64Array {
  if (n > SMALL) return new Float64Array(n);
  if (used + n > SLAB) {
    slab = new Float64Array(SLAB);
    used = 0;
  }
  const v = slab.subarray(used, used + n);
  used += n;
  return v;
}

/** @internal A copy of `a` made by {@link vector}. */
export function copyOf(a: Float64Array): Float64Array {
  const v = vector(a.length);
  v.set(a);
  return v;
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
      // q is never written after this (each leapfrog step makes a new one): no copy
      const { value, grad } = evaluate(new Tensor(q, [q.length]));
      const u = value.item();
      const g = copyOf(grad.data);
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

/** Scratch for the half-step momentum and its velocity (leapfrog is not re-entrant). */
let pHalf = new Float64Array(0);
let vHalf = new Float64Array(0);

/**
 * One leapfrog step of size `eps` (negative to go backward):
 * p ← p - (ε/2)∇U(q); q ← q + ε M⁻¹ p; p ← p - (ε/2)∇U(q). Returns a new point; the
 * half step lives in scratch buffers, so a step allocates only the new q and p.
 */
export function leapfrog(z: Point, eps: number, metric: Metric, f: PotentialGrad): Point {
  const n = z.q.length;
  if (pHalf.length !== n) {
    pHalf = new Float64Array(n);
    vHalf = new Float64Array(n);
  }
  for (let i = 0; i < n; i++) pHalf[i] = z.p[i] - 0.5 * eps * z.grad[i];
  const v = metric.velocityInto(pHalf, vHalf);
  const q = vector(n);
  for (let i = 0; i < n; i++) q[i] = z.q[i] + eps * v[i];
  const { u, grad } = f(q);
  const p = vector(n);
  for (let i = 0; i < n; i++) p[i] = pHalf[i] - 0.5 * eps * grad[i];
  return { q, p, u, grad };
}

/** Total energy H = U(q) + K(p); NaN counts as +∞. */
export function energy(z: Point, metric: Metric): number {
  const h = z.u + metric.kinetic(z.p);
  return Number.isNaN(h) ? Infinity : h;
}
