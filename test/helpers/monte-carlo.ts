/**
 * Monte-Carlo assertions shared by the sampling tests of the distribution families: the
 * mean and standard error of per-draw terms, "a mean of draws within k SE of its exact
 * value" (moments of the draws), the score d/dθᵢ log p(x) per draw by central differences,
 * and "the pathwise gradient of E[f(x)] matches the score-function estimate E[f(x) ∇θ log p(x)]
 * within k joint SE". k is 4 unless told.
 */
import { expect } from 'vitest';
import { mul, square, sub, type Distribution, type Tensor } from '../../src/index.js';

/** Mean and standard error (sd / √n, sd with n - 1) of the entries of `t`. */
export function meanSE(t: Tensor): [number, number] {
  const v = t.toArray() as number[];
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
  return [m, Math.sqrt(s2 / v.length)];
}

/** Asserts |mean(terms) - want| < k·SE(terms). */
export function expectMeanWithinSE(terms: Tensor, want: number, what: string, k = 4): void {
  const [m, se] = meanSE(terms);
  expect(Math.abs(m - want), `${what}: ${m} vs ${want} ± ${se}`).toBeLessThan(k * se);
}

/** Asserts that the draws `x` have mean `mean` and variance `variance`, each within k SE. */
export function expectDrawMoments(
  x: Tensor,
  mean: number,
  variance: number,
  what: string,
  k = 4,
): void {
  expectMeanWithinSE(x, mean, `${what} mean`, k);
  expectMeanWithinSE(square(sub(x, mean)), variance, `${what} variance`, k);
}

/**
 * d/dθᵢ log p(x) per draw by central differences, h = 1e-6·max(1, |θᵢ|), of the family
 * `make` at the parameters `params`.
 */
export function finiteDifferenceScore(
  make: (params: number[]) => Distribution,
  params: number[],
  i: number,
  x: Tensor,
): Tensor {
  const h = 1e-6 * Math.max(1, Math.abs(params[i]));
  const at = (d: number): Tensor => make(params.map((p, k) => (k === i ? p + d : p))).logProb(x);
  return mul(sub(at(h), at(-h)), 1 / (2 * h));
}

/**
 * Asserts that a pathwise gradient estimate matches the mean of the score-function terms
 * f(x)·∇θ log p(x) within k joint SE, √(SE_pathwise² + SE_score²). The pathwise estimate
 * is a number (SE 0: the gradient of one mean over all draws) or per-draw terms.
 */
export function expectPathwiseMatchesScore(
  pathwise: number | Tensor,
  scoreTerms: Tensor,
  what: string,
  k = 4,
): void {
  const [pw, seP] = typeof pathwise === 'number' ? [pathwise, 0] : meanSE(pathwise);
  const [sf, seS] = meanSE(scoreTerms);
  const se = Math.hypot(seP, seS);
  const msg = `${what}: pathwise ${pw} ± ${seP}, score ${sf} ± ${seS}`;
  expect(Math.abs(pw - sf), msg).toBeLessThan(k * se);
}
