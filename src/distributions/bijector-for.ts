/**
 * From a support to the unconstrained space.
 * @module
 */
import { ArgumentError, sub, type Tensor } from '../autodiff/index.js';
import { Affine, Chain, Exp, Identity, Reinterpreted, Sigmoid, type Bijector } from './bijector.js';
import type { Constraint } from './constraints.js';
import { FillPositiveDefinite } from './fill-positive-definite.js';
import { CorrCholesky, CorrMatrix } from './corr-cholesky.js';
import { LowerCholesky } from './lower-cholesky.js';
import { MixedInterval } from './mixed-interval.js';
import { StickBreaking } from './stick-breaking.js';

/**
 * The bijector that maps ℝⁿ onto `constraint` (its `forward` goes from unconstrained to
 * constrained values), as inference uses to run HMC or SVI on unconstrained parameters:
 * real → Identity, positive / nonNegative → Exp, unitInterval → Sigmoid,
 * interval(lo, hi) and circular (lo = -π, hi = π) → Sigmoid then Affine(lo, hi - lo),
 * greaterThan(lo) → Exp then Affine(lo, 1), lessThan(hi) → Exp then Affine(hi, -1),
 * simplex → StickBreaking,
 * lowerCholesky → LowerCholesky, positiveDefinite → FillPositiveDefinite (from
 * ℝ^(p(p+1)/2)), corrCholesky → CorrCholesky, corrMatrix → CorrMatrix,
 * independent(c, n) → that of c acting on n-axis events. An interval with infinite
 * bounds takes the map of its kind: [lo, ∞) that of greaterThan(lo), (-∞, hi] that of
 * lessThan(hi), (-∞, ∞) Identity; a batch that mixes these kinds gets each entry's map,
 * entry by entry (with the same bits as a batch of that kind alone).
 * @throws {@link ArgumentError} for discrete supports and for supports without a
 *   bijection here.
 * @example
 * ```ts
 * import { bijectorFor, constraints } from 'pathwise';
 * bijectorFor(constraints.positive).name; // 'Exp'
 * bijectorFor(constraints.interval(0, 10)).forward(0).item(); // 5
 * bijectorFor(constraints.interval([0, -Infinity], [10, Infinity])).forward([0, 3]).toArray(); // [5, 3]
 * try { bijectorFor(constraints.nonNegativeInteger); } catch (e) { console.log((e as Error).message); }
 * // bijectorFor: a discrete support (a non-negative integer) has no bijection to real numbers
 * ```
 */
export function bijectorFor(constraint: Constraint): Bijector {
  const c = constraint;
  if (c.discrete)
    throw new ArgumentError(
      'bijectorFor',
      `a discrete support (${c.description}) has no bijection to real numbers`,
    );
  switch (c.kind) {
    case 'real':
    case 'realVector':
      return new Identity();
    case 'positive':
    case 'nonNegative':
      return new Exp();
    case 'unitInterval':
      return new Sigmoid();
    case 'interval':
    case 'halfOpenInterval':
    case 'circular':
      return interval(c.lower!, c.upper!, c);
    case 'greaterThan':
      return new Chain([new Exp(), new Affine(c.lower!, 1)]);
    case 'lessThan':
      return new Chain([new Exp(), new Affine(c.upper!, -1)]);
    case 'simplex':
      return new StickBreaking();
    case 'lowerCholesky':
      return new LowerCholesky();
    case 'positiveDefinite':
      return new FillPositiveDefinite();
    case 'corrCholesky':
      return new CorrCholesky();
    case 'corrMatrix':
      return new CorrMatrix();
    case 'independent':
      return reinterpret(bijectorFor(c.base!), c.eventDim);
    default:
      throw new ArgumentError(
        'bijectorFor',
        `no bijection to real numbers is available for ${c.description}`,
      );
  }
}

/**
 * The map onto [lo, hi] for bounds that may be infinite: that of one kind when every entry
 * is of that kind (the bijectors of greaterThan, lessThan and real when bounds are
 * infinite), else MixedInterval, which picks the map entry by entry.
 */
function interval(lo: Tensor, hi: Tensor, c: Constraint): Bijector {
  const all = (t: Tensor, p: (v: number) => boolean): boolean => t.data.every(p);
  const loFin = all(lo, Number.isFinite);
  const hiFin = all(hi, Number.isFinite);
  if (loFin && hiFin) return new Chain([new Sigmoid(), new Affine(lo, sub(hi, lo))]);
  const loInf = all(lo, (v) => v === -Infinity);
  const hiInf = all(hi, (v) => v === Infinity);
  if (loFin && hiInf) return new Chain([new Exp(), new Affine(lo, 1)]);
  if (loInf && hiFin) return new Chain([new Exp(), new Affine(hi, -1)]);
  if (loInf && hiInf) return new Identity();
  return new MixedInterval(lo, hi, c);
}

/** `b` acting on events of `eventDim` axes: its log-Jacobian summed over the extra axes. */
function reinterpret(b: Bijector, eventDim: number): Bijector {
  return b.eventDim >= eventDim ? b : new Reinterpreted(b, eventDim - b.eventDim);
}
