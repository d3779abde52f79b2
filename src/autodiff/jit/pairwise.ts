/**
 * @internal How a fused full sum keeps `sum`'s pairwise order. Pairwise summation of n
 * elements splits them recursively (at {@link pairwiseSplit}) down to leaf runs of at
 * most {@link PAIRWISE_LEAF} elements. The compiled loop sums each leaf run as `sum`'s
 * leaf does, into a buffer of leaf sums; {@link combine} then adds those up the tree.
 * @module
 */
import { pairwiseSplit, PAIRWISE_LEAF } from '../ops/structure.js';

/** Starts of the leaf runs pairwise summation of n elements uses, then n. */
export function leafBounds(n: number): Int32Array {
  const out: number[] = [];
  const rec = (start: number, m: number): void => {
    if (m <= PAIRWISE_LEAF) out.push(start);
    else {
      const h = pairwiseSplit(m);
      rec(start, h);
      rec(start + h, m - h);
    }
  };
  rec(0, n);
  out.push(n);
  return Int32Array.from(out);
}

/** The next leaf sum {@link tree} reads. */
let next = 0;

/** The pairwise sum of m elements whose leaf sums start at `leaves[next]`. */
function tree(leaves: Float64Array, m: number): number {
  if (m <= PAIRWISE_LEAF) return leaves[next++];
  const h = pairwiseSplit(m);
  const a = tree(leaves, h);
  return a + tree(leaves, m - h);
}

/** Adds leaf sums up the way pairwise summation of n elements does (no closure per call). */
export function combine(leaves: Float64Array, n: number): number {
  next = 0;
  return tree(leaves, n);
}
