import { describe, expect, it } from 'vitest';
import {
  Adam,
  autoDelta,
  autoLaplaceApproximation,
  autoLowRankMultivariateNormal,
  autoMultivariateNormal,
  autoNormal,
  Dirichlet,
  HalfNormal,
  mul,
  Normal,
  plate,
  sample,
  svi,
  type Tensor,
} from '../../src/index.js';

const Z = [-1.959963984540054, 0, 1.959963984540054]; // Φ⁻¹ of 0.025, 0.5, 0.975
const QS = [0.025, 0.5, 0.975];

const mean = (xs: ArrayLike<number>): number =>
  Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: ArrayLike<number>): number => {
  const m = mean(xs);
  return Math.sqrt(Array.from(xs).reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const corr = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1) / sd(a) / sd(b);
};
const col = (t: Tensor, j: number, k: number): number[] =>
  Array.from({ length: t.shape[0] }, (_, i) => t.data[i * k + j]);

// a real site, a positive one and a simplex
const model = (): void => {
  sample('m', new Normal(0, 1));
  sample('s', new HalfNormal(1));
  sample('p', new Dirichlet([1, 1, 1]));
};

describe('median / quantiles / samplePosterior from hand-set params', () => {
  it('autoNormal: the transforms of loc and loc ± 1.96 scale', () => {
    const g = autoNormal(model);
    const params = {
      auto_m_loc: 1,
      auto_m_scale: 2,
      auto_s_loc: 0.5,
      auto_s_scale: 0.1,
      auto_p_loc: [0, 0],
      auto_p_scale: [1, 1],
    };
    const med = g.median(params);
    expect(med.m.item()).toBe(1);
    expect(med.s.item()).toBeCloseTo(Math.exp(0.5), 14);
    expect(med.p.toArray()).toEqual(
      [1 / 3, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 14) as number),
    );
    const q = g.quantiles(params, QS);
    expect(q.m.shape).toEqual([3]);
    expect(q.p.shape).toEqual([3, 3]);
    q.m.data.forEach((v, i) => expect(v).toBeCloseTo(1 + 2 * Z[i], 12));
    q.s.data.forEach((v, i) => expect(v).toBeCloseTo(Math.exp(0.5 + 0.1 * Z[i]), 12));
    const n = 4000;
    const draws = g.samplePosterior(params, n, { seed: 0 });
    expect(draws.m.shape).toEqual([n]);
    expect(draws.p.shape).toEqual([n, 3]);
    // sd of the mean 2/sqrt(n) = 0.032; sd of the sd ≈ 2/sqrt(2n) = 0.022
    expect(Math.abs(mean(draws.m.data) - 1)).toBeLessThan(4 * 0.032);
    expect(Math.abs(sd(draws.m.data) - 2)).toBeLessThan(4 * 0.023);
    expect(Math.abs(mean(Array.from(draws.s.data, Math.log)) - 0.5)).toBeLessThan(4 * 0.0016);
    for (let i = 0; i < n; i++)
      expect(draws.p.data[3 * i] + draws.p.data[3 * i + 1] + draws.p.data[3 * i + 2]).toBeCloseTo(
        1,
        12,
      );
  });

  it('autoMultivariateNormal: marginal sd sqrt(Σ_jj) and the correlation of L Lᵀ', () => {
    const two = (): void => {
      sample('a', new Normal(0, 1));
      sample('b', new Normal(0, 1));
    };
    const g = autoMultivariateNormal(two);
    const params = {
      auto_loc: [1, 2],
      auto_scale_tril: [
        [1, 0],
        [0.5, 2],
      ],
    };
    expect(g.median(params).b.item()).toBe(2);
    const q = g.quantiles(params, QS);
    q.b.data.forEach((v, i) => expect(v).toBeCloseTo(2 + Math.sqrt(4.25) * Z[i], 12));
    const d = g.samplePosterior(params, 5000, { seed: 1 });
    // ρ = 0.5 / sqrt(4.25) = 0.243; its sd ≈ (1 - ρ²)/sqrt(n) = 0.013
    expect(Math.abs(corr(d.a.data, d.b.data) - 0.5 / Math.sqrt(4.25))).toBeLessThan(4 * 0.014);
  });

  it('autoLowRankMultivariateNormal: Σ = W Wᵀ + diag(s²), W = cov_factor · diag(s)', () => {
    const two = (): void => {
      sample('a', new Normal(0, 1));
      sample('b', new Normal(0, 1));
    };
    const g = autoLowRankMultivariateNormal(two, { rank: 1 });
    const params = { auto_loc: [0, 0], auto_cov_factor: [[1], [2]], auto_scale: [1, 0.5] };
    // W = [1, 1]ᵀ, Σ = [[2, 1], [1, 1.25]]
    const q = g.quantiles(params, QS);
    q.a.data.forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(2) * Z[i], 12));
    q.b.data.forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(1.25) * Z[i], 12));
    const d = g.samplePosterior(params, 5000, { seed: 2 });
    expect(Math.abs(corr(d.a.data, d.b.data) - 1 / Math.sqrt(2.5))).toBeLessThan(4 * 0.011);
  });

  it('autoDelta: median and every quantile are the point; draws repeat it', () => {
    const g = autoDelta(model);
    const params = { auto_m_loc: -0.3, auto_s_loc: 2, auto_p_loc: [0.2, 0.3, 0.5] };
    expect(g.median(params).s.item()).toBeCloseTo(2, 14);
    g.quantiles(params, QS).m.data.forEach((v) => expect(v).toBeCloseTo(-0.3, 14));
    const p = g.samplePosterior(params, 3).p;
    expect(col(p, 2, 3).map((v) => Number(v.toFixed(12)))).toEqual([0.5, 0.5, 0.5]);
  });

  it('names a missing param and rejects bad quantiles and counts', () => {
    const g = autoNormal(model);
    expect(() => g.median({ auto_m_loc: 0 })).toThrow(/no param 'auto_s_loc'/);
    expect(() => g.quantiles({}, [0, 0.5])).toThrow(/probabilities in \(0, 1\)/);
    expect(() => g.samplePosterior({}, 0)).toThrow(/positive integer/);
  });
});

// mu ~ N(0, 2²), tau ~ N(mu, 3²), y_i ~ N(mu, 1): Gaussian posterior with precision
// H = [[1/4 + n + 1/9, -1/9], [-1/9, 1/9]].
const ys = [0.8, 1.3, 2.1, 0.4, 1.7];
const joint = (y: number[]): void => {
  const mu = sample('mu', new Normal(0, 2));
  sample('tau', new Normal(mu, 3));
  plate('data', y.length, () => void sample('y', new Normal(mu, 1), { obs: y }));
};
const n = ys.length;
const h = [1 / 4 + n + 1 / 9, -1 / 9, -1 / 9, 1 / 9];
const det = h[0] * h[3] - h[1] * h[2];
const cov = [h[3] / det, -h[1] / det, -h[2] / det, h[0] / det];
const postMean = ys.reduce((a, b) => a + b, 0) / (1 / 4 + n);

describe('autoLaplaceApproximation', () => {
  it('gives N(mode, H⁻¹) from the exact Hessian (hand-set mode)', () => {
    const g = autoLaplaceApproximation(joint);
    const params = { auto_loc: [postMean, postMean] };
    const q = g.quantiles(params, QS, { args: [ys] });
    q.mu.data.forEach((v, i) =>
      expect(Math.abs(v - (postMean + Math.sqrt(cov[0]) * Z[i]))).toBeLessThan(1e-10),
    );
    q.tau.data.forEach((v, i) =>
      expect(Math.abs(v - (postMean + Math.sqrt(cov[3]) * Z[i]))).toBeLessThan(1e-10),
    );
    const d = g.samplePosterior(params, 5000, { seed: 3, args: [ys] });
    const rho = cov[1] / Math.sqrt(cov[0] * cov[3]);
    expect(Math.abs(corr(d.mu.data, d.tau.data) - rho)).toBeLessThan(
      4 * ((1 - rho * rho) / Math.sqrt(5000)),
    );
  });

  it('trains to the mode with SVI and uses the last call args', () => {
    const g = autoLaplaceApproximation(joint);
    const run = svi(joint, g, { optimizer: new Adam({ learningRate: 0.05 }), seed: 0 });
    run.run(1500, [ys]);
    const med = g.median(run.getParams());
    expect(med.mu.item()).toBeCloseTo(postMean, 4);
    expect(med.tau.item()).toBeCloseTo(postMean, 4);
    const q = g.quantiles(run.getParams(), [0.975]);
    expect(q.mu.item()).toBeCloseTo(med.mu.item() + Math.sqrt(cov[0]) * Z[2], 6);
  });

  it('throws away from a mode where the Hessian is not positive definite', () => {
    const bimodal = (): void => {
      const z = sample('z', new Normal(0, 10));
      sample('y', new Normal(mul(z, z), 0.1), { obs: 1 });
    };
    expect(() => autoLaplaceApproximation(bimodal).median({ auto_loc: [0] })).not.toThrow();
    expect(() => autoLaplaceApproximation(bimodal).quantiles({ auto_loc: [0] }, [0.5])).toThrow(
      /not positive definite/,
    );
  });
});

describe('autoLowRankMultivariateNormal training', () => {
  it('recovers a correlated Gaussian posterior', () => {
    // a ~ N(0, 1), b ~ N(a, 0.5²): Cov = [[1, 1], [1, 1.25]]
    const m = (): void => {
      const a = sample('a', new Normal(0, 1));
      sample('b', new Normal(a, 0.5));
    };
    const g = autoLowRankMultivariateNormal(m, { rank: 1 });
    const run = svi(m, g, {
      optimizer: new Adam({ learningRate: 0.02 }),
      seed: 1,
      numParticles: 8,
    });
    run.run(1500, []);
    const d = g.samplePosterior(run.getParams(), 4000, { seed: 0 });
    expect(Math.abs(sd(d.a.data) - 1)).toBeLessThan(0.1);
    expect(Math.abs(sd(d.b.data) - Math.sqrt(1.25))).toBeLessThan(0.1);
    expect(Math.abs(corr(d.a.data, d.b.data) - 1 / Math.sqrt(1.25))).toBeLessThan(0.05);
  });
});
