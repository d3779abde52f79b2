import { describe, expect, it } from 'vitest';
import {
  Dirichlet,
  HalfNormal,
  logLikelihood,
  mcmc,
  Normal,
  plate,
  predictive,
  sample,
  toArviz,
  toCsv,
} from '../../src/index.js';

const y = [2.1, 0.3, 1.7, 4.2];
const model = (): void => {
  const mu = sample('mu', new Normal(0, 5));
  const s = sample('sigma', new HalfNormal(2));
  sample('p', new Dirichlet([1, 1, 1]));
  plate('obs', y.length, () => sample('y', new Normal(mu, s), { obs: y }));
};
const C = 2;
const D = 30;
const r = mcmc(model, { numWarmup: 100, numSamples: D, numChains: C, seed: 3 });

describe('toArviz', () => {
  it('round-trips through JSON with [chain, draw, ...] groups equal to the draws', () => {
    const pp = predictive(model, { posteriorSamples: r, seed: 0, returnSites: ['y'] });
    const back = JSON.parse(
      JSON.stringify(toArviz(r, { model, posteriorPredictive: pp, dims: { y: ['obs'] } })),
    ) as Record<string, Record<string, unknown>>;
    expect(Object.keys(back).sort()).toEqual(
      [
        'attrs',
        'dims',
        'log_likelihood',
        'observed_data',
        'posterior',
        'posterior_predictive',
        'sample_stats',
      ].sort(),
    );
    const post = back.posterior as Record<string, number[][] | number[][][]>;
    for (let c = 0; c < C; c++) {
      for (let d = 0; d < D; d++) {
        const k = c * D + d;
        expect((post.mu as number[][])[c][d]).toBe(r.samples.mu.data[k]);
        expect((post.p as number[][][])[c][d]).toEqual(
          Array.from(r.samples.p.data.slice(3 * k, 3 * k + 3)),
        );
        const stats = back.sample_stats as Record<string, (number | boolean)[][]>;
        expect(stats.diverging[c][d]).toBe(r.stats.divergent.data[k] === 1);
        expect(stats.energy[c][d]).toBe(r.stats.energy.data[k]);
        expect(stats.tree_depth[c][d]).toBe(r.stats.treeDepth.data[k]);
        expect(stats.step_size[c][d]).toBe(r.stats.stepSize.data[k]);
      }
    }
    const ll = logLikelihood(model, r).y;
    const backLl = (back.log_likelihood as Record<string, number[][][]>).y;
    expect([backLl.length, backLl[0].length, backLl[0][0].length]).toEqual([C, D, 4]);
    expect(backLl[1][5]).toEqual(Array.from(ll.data.slice((D + 5) * 4, (D + 6) * 4)));
    expect((back.posterior_predictive as Record<string, number[][][]>).y[1][29]).toEqual(
      Array.from(pp.y.data.slice((2 * D - 1) * 4)),
    );
    expect(back.observed_data).toEqual({ y });
    expect(back.dims).toEqual({ y: ['obs'] });
  });

  it('takes prior draws as one chain and rejects draws of the wrong length', () => {
    const prior = predictive(model, { numSamples: 7, seed: 1 });
    const d = toArviz(r, { prior: { mu: prior.mu }, priorPredictive: { y: prior.y } });
    expect((d.prior!.mu as number[][]).length).toBe(1);
    expect((d.prior_predictive!.y as number[][][])[0].length).toBe(7);
    expect(() => toArviz(r, { posteriorPredictive: { y: prior.y } })).toThrow(
      /'y' has shape \[7,4\]: expected \[60, \.\.\.\] or \[2, 30, \.\.\.\]/,
    );
  });
});

describe('toCsv', () => {
  it('has one row per draw whose numbers read back exactly', () => {
    const lines = toCsv(r).split('\n');
    const header = lines[0].split(',');
    expect(header).toEqual([
      'chain',
      'draw',
      'diverging',
      'energy',
      'tree_depth',
      'n_steps',
      'step_size',
      'acceptance_rate',
      'mu',
      'sigma',
      'p[0]',
      'p[1]',
      'p[2]',
    ]);
    expect(lines.length).toBe(1 + C * D);
    const row = lines[1 + D + 4].split(',').map(Number);
    const k = D + 4;
    expect(row.slice(0, 2)).toEqual([1, 4]);
    expect(row[3]).toBe(r.stats.energy.data[k]);
    expect(row[8]).toBe(r.samples.mu.data[k]);
    expect(row[9]).toBe(r.samples.sigma.data[k]);
    expect(row.slice(10)).toEqual(Array.from(r.samples.p.data.slice(3 * k, 3 * k + 3)));
  });
});
