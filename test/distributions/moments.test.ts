/**
 * Samples against the moments: for every family, 1e5 seeded draws whose mean and
 * variance lie within 4 standard errors of `mean` and `variance` (per component for
 * vector events), whose Monte-Carlo entropy -E[log p(x)] lies within 4 standard errors
 * of `entropy()`, and, for the heavy-tailed Cauchy families (no moments), whose
 * quantiles match `icdf`. Categorical compares frequencies with `probs`.
 */
import { describe, expect, it } from 'vitest';
import { Categorical, rng, tensor, type Distribution, type Tensor } from '../../src/index.js';
import { CASES } from './cases.js';

const N = 100_000;

/** Mean, variance and the standard errors of both, of column j of an [N, k] sample. */
function stats(x: Float64Array, k: number, j: number) {
  let m = 0;
  for (let i = j; i < x.length; i += k) m += x[i];
  m /= N;
  let m2 = 0;
  let m4 = 0;
  for (let i = j; i < x.length; i += k) {
    const d = (x[i] - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= N;
  m4 /= N;
  return { mean: m, variance: m2, seVariance: Math.sqrt((m4 - m2 * m2) / N) };
}

function expectWithin(actual: number, expected: number, se0: number, what: string): void {
  const se = Math.max(se0, 1e-12 * Math.abs(expected)); // a constant log density: rounding only
  expect(
    Math.abs(actual - expected),
    `${what}: ${actual} vs ${expected} (SE ${se})`,
  ).toBeLessThanOrEqual(4 * se);
}

function checkMoments(d: Distribution, s: Tensor, name: string): void {
  const k = s.size / N;
  const mean = d.mean.data;
  const variance = d.variance.data;
  for (let j = 0; j < k; j++) {
    const st = stats(s.data, k, j);
    expectWithin(st.mean, mean[j], Math.sqrt(variance[j] / N), `${name} mean[${j}]`);
    expectWithin(st.variance, variance[j], st.seVariance, `${name} variance[${j}]`);
  }
}

function checkQuantiles(d: Distribution, s: Tensor, name: string): void {
  for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) {
    const cut = d.icdf(q).item();
    const frac = s.data.reduce((n, v) => n + (v <= cut ? 1 : 0), 0) / N;
    expectWithin(frac, q, Math.sqrt((q * (1 - q)) / N), `${name} P(X ≤ icdf(${q}))`);
  }
}

function checkFrequencies(d: Categorical, s: Tensor): void {
  const p = d.probs.data;
  for (let c = 0; c < p.length; c++) {
    const frac = s.data.reduce((n, v) => n + (v === c ? 1 : 0), 0) / N;
    expectWithin(frac, p[c], Math.sqrt((p[c] * (1 - p[c])) / N), `Categorical frequency of ${c}`);
  }
}

function checkEntropy(d: Distribution, s: Tensor, name: string): void {
  const lp = d.logProb(s).data;
  const { mean, variance } = stats(lp, 1, 0);
  expectWithin(-mean, d.entropy().item(), Math.sqrt(variance / N), `${name} entropy`);
}

describe('1e5 seeded draws match the moments, entropy and quantiles', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const d = c.make(...c.params.map((p) => tensor(p)));
      const s = d.sample([N], rng(`moments/${c.name}`));
      expect(s.shape).toEqual([N, ...d.batchShape, ...d.eventShape]);
      if (d instanceof Categorical) checkFrequencies(d, s);
      else if (c.heavy) checkQuantiles(d, s, c.name);
      else checkMoments(d, s, c.name);
      checkEntropy(d, s, c.name);
    });
  }
});
