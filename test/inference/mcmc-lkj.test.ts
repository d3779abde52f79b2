/**
 * NUTS with an LKJCholesky prior on the Cholesky factor L of a correlation matrix (issue 17),
 * against references that do not come from sampling:
 * - d = 2 with data: y ~ N(0, diag(σ) L Lᵀ diag(σ)), σ known. With respect to ρ = L₁₀ the
 *   prior is (1 - ρ²)^(η-1)/c (the Cholesky Jacobian is 1 at d = 2), so the exact posterior
 *   mean of ρ (and of ρ²) is a ratio of 1-D integrals, done here by composite Simpson on (-1, 1).
 * - d = 3 without data: every correlation ρᵢⱼ = (L Lᵀ)ᵢⱼ has (ρ + 1)/2 ~ Beta(a, a),
 *   a = η - 1 + d/2, so E ρ = 0 and, ρ² ~ Beta(½, a), E ρ² = Var ρ = 1/(2a + 1).
 * Each mean within 4 MCSE (sd / √ESS_bulk of the pooled chains); for the variance the
 * estimator is the mean of ρ² (E ρ = 0 exactly), judged within 4 MCSE of ρ². Two chains:
 * R-hat < 1.05 and no divergences.
 */
import { describe, expect, it } from 'vitest';
import { LKJCholesky, mul, MultivariateNormal, rng, tensor, type Tensor } from '../../src/index.js';
import { essBulk, mcmc, nuts, plate, rhat, sample } from '../../src/inference/index.js';

const ETA = 2;
const CHAINS = 2;

/** Mean and MCSE (sd / √ESS_bulk) of per-chain draws. */
function meanAndMcse(chains: Float64Array[]): { mean: number; mcse: number } {
  const all = chains.flatMap((c) => Array.from(c));
  const mean = all.reduce((a, v) => a + v, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, v) => a + (v - mean) ** 2, 0) / (all.length - 1));
  return { mean, mcse: sd / Math.sqrt(essBulk(chains)) };
}

/** Entry (i, j) of C = L Lᵀ, per chain, from `[chains, draws, d, d]` draws of L. */
function correlation(l: Tensor, i: number, j: number): Float64Array[] {
  const [c, s, d] = l.shape;
  return Array.from({ length: c }, (_, ch) =>
    Float64Array.from({ length: s }, (_, t) => {
      const at = (ch * s + t) * d * d;
      let v = 0;
      for (let k = 0; k < d; k++) v += l.data[at + i * d + k] * l.data[at + j * d + k];
      return v;
    }),
  );
}

describe('NUTS with an LKJCholesky(η = 2) prior', () => {
  it('d = 2, 100 observations: the posterior mean of ρ from 1-D quadrature', () => {
    const sigma = [1, 2];
    const r0 = rng(7);
    const ys = Array.from({ length: 100 }, () => {
      const a = r0.normal();
      return [sigma[0] * a, sigma[1] * (0.6 * a + 0.8 * r0.normal())];
    });
    // log posterior of ρ up to a constant, from the standardized scatter S
    const s = [0, 1].map((j) =>
      [0, 1].map((k) => ys.reduce((t, y) => t + (y[j] * y[k]) / (sigma[j] * sigma[k]), 0)),
    );
    const n = ys.length;
    const logPost = (rho: number): number => {
      const q = 1 - rho * rho;
      return (ETA - 1 - n / 2) * Math.log(q) - (s[0][0] - 2 * rho * s[0][1] + s[1][1]) / (2 * q);
    };
    const m = 20_000;
    const h = 2 / m;
    const peak = Math.max(...Array.from({ length: m - 1 }, (_, k) => logPost(-1 + (k + 1) * h)));
    let z = 0;
    let first = 0;
    let second = 0;
    for (let k = 1; k < m; k++) {
      const rho = -1 + k * h;
      const w = (k % 2 === 1 ? 4 : 2) * Math.exp(logPost(rho) - peak); // 0 at ρ = ±1
      z += w;
      first += w * rho;
      second += w * rho * rho;
    }
    const exact = first / z;
    const exact2 = second / z;

    const scales = tensor(sigma.map((v) => [v]));
    const model = (y: number[][]): void => {
      const l = sample('L', new LKJCholesky(2, ETA));
      const scaleTril = mul(l, scales);
      plate(
        'data',
        y.length,
        () => void sample('y', new MultivariateNormal([0, 0], { scaleTril }), { obs: y }),
      );
    };
    const r = mcmc(model, {
      numWarmup: 300,
      numSamples: 500,
      numChains: CHAINS,
      seed: 1,
      args: [ys],
      kernel: nuts(),
    });
    expect(r.numDivergences).toBe(0);
    const rho = correlation(r.samples.L, 1, 0);
    expect(rhat(rho)).toBeLessThan(1.05);
    const got = meanAndMcse(rho);
    const msg = `ρ: ${got.mean} vs ${exact} (MCSE ${got.mcse})`;
    expect(Math.abs(got.mean - exact), msg).toBeLessThan(4 * got.mcse);
    const sq = meanAndMcse(rho.map((c) => c.map((v) => v * v)));
    const msg2 = `E ρ²: ${sq.mean} vs ${exact2} (MCSE ${sq.mcse})`;
    expect(Math.abs(sq.mean - exact2), msg2).toBeLessThan(4 * sq.mcse);
  });

  it('d = 3, no data: every correlation has mean 0 and variance 1/(2a + 1)', () => {
    const d = 3;
    const a = ETA - 1 + d / 2;
    const model = (): void => void sample('L', new LKJCholesky(d, ETA));
    const r = mcmc(model, {
      numWarmup: 300,
      numSamples: 700,
      numChains: CHAINS,
      seed: 2,
      kernel: nuts(),
    });
    expect(r.numDivergences).toBe(0);
    for (const [i, j] of [
      [1, 0],
      [2, 0],
      [2, 1],
    ]) {
      const rho = correlation(r.samples.L, i, j);
      expect(rhat(rho), `R-hat of ρ${i}${j}`).toBeLessThan(1.05);
      const mean = meanAndMcse(rho);
      expect(Math.abs(mean.mean), `ρ${i}${j}: mean ${mean.mean} (MCSE ${mean.mcse})`).toBeLessThan(
        4 * mean.mcse,
      );
      const sq = meanAndMcse(rho.map((c) => c.map((v) => v * v)));
      const msg = `ρ${i}${j}: E ρ² ${sq.mean} vs ${1 / (2 * a + 1)} (MCSE ${sq.mcse})`;
      expect(Math.abs(sq.mean - 1 / (2 * a + 1)), msg).toBeLessThan(4 * sq.mcse);
    }
  });
});
