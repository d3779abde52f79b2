/**
 * From a support to the unconstrained space.
 * @module
 */
import { ArgumentError, sub } from '../autodiff/index.js';
import { Affine, Chain, Exp, Identity, Reinterpreted, Sigmoid, type Bijector } from './bijector.js';
import type { Constraint } from './constraints.js';
import { FillPositiveDefinite } from './fill-positive-definite.js';
import { CorrCholesky, CorrMatrix } from './corr-cholesky.js';
import { LowerCholesky } from './lower-cholesky.js';
import { StickBreaking } from './stick-breaking.js';

/**
 * The bijector that maps ℝⁿ onto `constraint` (its `forward` goes from unconstrained to
 * constrained values), as inference uses to run HMC or SVI on unconstrained parameters:
 * real → Identity, positive / nonNegative → Exp, unitInterval → Sigmoid,
 * interval(lo, hi) and circular (lo = -π, hi = π) → Sigmoid then Affine(lo, hi - lo), greaterThan(lo) → Exp then
 * Affine(lo, 1), lessThan(hi) → Exp then Affine(hi, -1), simplex → StickBreaking,
 * lowerCholesky → LowerCholesky, positiveDefinite → FillPositiveDefinite (from
 * ℝ^(p(p+1)/2)), corrCholesky → CorrCholesky, corrMatrix → CorrMatrix,
 * independent(c, n) → that of c acting on n-axis events.
 * @throws {@link ArgumentError} for discrete supports and for supports without a
 *   bijection here.
 * @example
 * ```ts
 * import { bijectorFor, constraints } from 'pathwise';
 * bijectorFor(constraints.positive).name; // 'Exp'
 * bijectorFor(constraints.interval(0, 10)).forward(0).item(); // 5
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
      return new Chain([new Sigmoid(), new Affine(c.lower!, sub(c.upper!, c.lower!))]);
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

/** `b` acting on events of `eventDim` axes: its log-Jacobian summed over the extra axes. */
function reinterpret(b: Bijector, eventDim: number): Bijector {
  return b.eventDim >= eventDim ? b : new Reinterpreted(b, eventDim - b.eventDim);
}
