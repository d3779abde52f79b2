/**
 * What {@link jit} needs to know about each op, beside its eager kernel and its VJP:
 * for an elementwise op, its scalar formula as a JavaScript expression, so that runs of
 * elementwise ops can be fused into one loop; for any other op, how to run it again on
 * new inputs (a replay). Ops register here when their module loads.
 * @module
 */
import type { Replay } from './tensor.js';

/**
 * An elementwise op: `expr` computes one output element from the input elements `$0`,
 * `$1`, `$2` (each a plain number variable), using only `Math`, literals and the
 * scalar functions of {@link scalarFunctions} as `M.name(...)`. It must compute exactly
 * what the eager kernel computes (the jit tests compare them bit for bit).
 *
 * Shared terms: a sub-expression written in braces, `{...}` (no braces inside, a pure
 * function of the inputs that never throws), may be computed once per loop iteration
 * and reused wherever the same term on the same inputs occurs in that iteration, in this
 * op's formula or in another op's: sigmoid's and softplus's `{Math.exp(-Math.abs($0))}`
 * of one logit cost one exponential. The term is then evaluated even where the formula
 * would not reach it (a branch not taken), so it must be cheap or needed on every path.
 * Elsewhere (scalar statements) the braces are plain parentheses.
 */
export interface ElementwiseIr {
  readonly expr: string;
  /** The eager op, for shapes the fused loops do not handle (general broadcasting). */
  readonly run: Replay;
}

/** @internal Elementwise ops by name. */
export const elementwiseOps = new Map<string, ElementwiseIr>();

/** @internal Scalar functions an `expr` may call as `M.name(x)` (special functions). */
export const scalarFunctions: Record<string, (...xs: number[]) => number> = {};

/** @internal Registers an elementwise op's formula (see {@link ElementwiseIr}). */
export function defineElementwise(name: string, expr: string, run: Replay): void {
  elementwiseOps.set(name, { expr, run });
}
