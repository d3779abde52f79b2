/** MCMC draws as the diagnostics take them (chains of one scalar) and their pooled moments. */
import type { Tensor } from '../../src/index.js';

/** Draws of element `j` of a `[chains, draws, ...]` tensor, per chain. */
export function chainsOf(t: Tensor, j = 0): Float64Array[] {
  const [c, d] = t.shape;
  const per = t.size / (c * d);
  return Array.from({ length: c }, (_, ci) =>
    Float64Array.from({ length: d }, (_, i) => t.data[(ci * d + i) * per + j]),
  );
}

/** All chains' draws in one list. */
export const flat = (cs: Float64Array[]): number[] => cs.flatMap((c) => Array.from(c));

/** The mean of a list. */
export const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The sample standard deviation of a list (n − 1 in the denominator). */
export const sdOf = (xs: number[]): number => {
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
