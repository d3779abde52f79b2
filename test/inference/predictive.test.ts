import { describe, expect, it } from 'vitest';
import { add, HalfNormal, mul, Normal, tensor, type Tensor } from '../../src/index.js';
import {
  deterministic,
  logLikelihood,
  mcmc,
  mergeChains,
  param,
  plate,
  predictive,
  sample,
  constraints,
} from '../../src/index.js';

const mean = (xs: ArrayLike<number>): number =>
  Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const column = (t: Tensor, j: number): number[] => {
  const k = t.shape[1];
  return Array.from({ length: t.shape[0] }, (_, i) => t.data[i * k + j]);
};
const cov = (a: number[], b: number[]): number => {
  const ma = mean(a);
  const mb = mean(b);
  return a.reduce((s, x, i) => s + (x - ma) * (b[i] - mb), 0) / (a.length - 1);
};

// mu ~ N(0, 1), y_i ~ N(mu, 0.5²): Var y_i = 1.25, Cov(y_i, y_j) = 1.
const ys = [0.3, -0.2, 1.1];
const model = (): void => {
  const mu = sample('mu', new Normal(0, 1));
  deterministic('twice', mul(mu, 2));
  plate('data', 3, () => sample('y', new Normal(mu, 0.5), { obs: ys }));
};

describe('predictive: prior', () => {
  for (const vectorize of [true, false] as const) {
    it(`moments of the prior predictive (vectorize ${vectorize})`, () => {
      const n = 4000;
      const p = predictive(model, { numSamples: n, seed: 1, vectorize });
      expect(p.mu.shape).toEqual([n]);
      expect(p.y.shape).toEqual([n, 3]);
      expect(p.twice.shape).toEqual([n]);
      p.twice.data.forEach((t, i) => expect(t).toBe(2 * p.mu.data[i]));
      const y0 = column(p.y, 0);
      const y1 = column(p.y, 1);
      // standard errors: mean sqrt(1.25/n) = 0.018; variance ≈ 1.25·sqrt(2/n) = 0.028
      expect(Math.abs(mean(y0))).toBeLessThan(4 * 0.018);
      expect(Math.abs(cov(y0, y0) - 1.25)).toBeLessThan(4 * 0.028);
      expect(Math.abs(cov(y0, y1) - 1)).toBeLessThan(4 * 0.025);
    });
  }

  it('returnSites restricts the output; the same seed gives the same draws', () => {
    const a = predictive(model, { numSamples: 10, seed: 3, returnSites: ['y'] });
    const b = predictive(model, { numSamples: 10, seed: 3, returnSites: ['y'] });
    expect(Object.keys(a)).toEqual(['y']);
    expect(a.y.toArray()).toEqual(b.y.toArray());
  });

  it('needs numSamples', () => {
    expect(() => predictive(model, {})).toThrow(/numSamples must be a positive integer/);
  });
});

describe('predictive: posterior', () => {
  const mus = [-3, 0, 2, 7];
  for (const vectorize of [true, false] as const) {
    it(`y_rep ~ N(mu_s, 0.5²) at each draw (vectorize ${vectorize})`, () => {
      const S = 2000;
      const draws = Array.from({ length: S }, (_, i) => mus[i % 4]);
      const p = predictive(model, { posteriorSamples: { mu: draws }, seed: 2, vectorize });
      expect(Object.keys(p).sort()).toEqual(['twice', 'y']);
      expect(p.y.shape).toEqual([S, 3]);
      for (let k = 0; k < 4; k++) {
        const rows = column(p.y, 1).filter((_, i) => i % 4 === k);
        // sd of the mean 0.5 / sqrt(500) = 0.022
        expect(Math.abs(mean(rows) - mus[k])).toBeLessThan(4 * 0.023);
      }
      expect(p.twice.toArray()).toEqual(draws.map((m) => 2 * m));
    });
  }

  it('falls back to a loop for a model that does not broadcast, and agrees with it', () => {
    // .item() makes the model scalar-only: vectorized, it throws
    const scalarOnly = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      sample('y', new Normal(mu.item() * 10, 1e-9), { obs: 0 });
    };
    const post = { mu: [1, 2, 3] };
    expect(() => predictive(scalarOnly, { posteriorSamples: post, vectorize: true })).toThrow();
    const p = predictive(scalarOnly, { posteriorSamples: post, seed: 0 });
    p.y.data.forEach((y, i) => expect(y).toBeCloseTo(10 * (i + 1), 6));
  });

  it('a model whose vectorized run silently reduces over the draws is caught by the check', () => {
    // sum over everything mixes the draws: the per-draw check must reject it
    const mixing = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      const m = mu.size > 1 ? mu.data.reduce((a, b) => a + b, 0) : mu.item();
      deterministic('m', tensor(m));
    };
    expect(() => predictive(mixing, { posteriorSamples: { mu: [1, 2] }, vectorize: true })).toThrow(
      /differs|vectorized/,
    );
    expect(predictive(mixing, { posteriorSamples: { mu: [1, 2] } }).m.toArray()).toEqual([1, 2]);
  });

  it('takes an mcmc result (chains merged) and nested plates', () => {
    const twoPlates = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      const s = sample('s', new HalfNormal(1));
      plate(
        'rows',
        2,
        () =>
          plate(
            'cols',
            3,
            () =>
              sample('y', new Normal(add(mu, tensor([[0], [10]])), s), {
                obs: [
                  [0, 0, 0],
                  [10, 10, 10],
                ],
              }),
            { dim: -1 },
          ),
        { dim: -2 },
      );
    };
    const r = mcmc(twoPlates, { numWarmup: 100, numSamples: 50, numChains: 2, seed: 0 });
    const p = predictive(twoPlates, { posteriorSamples: r, seed: 0, vectorize: true });
    expect(p.y.shape).toEqual([100, 2, 3]);
    expect(mergeChains(r.samples).mu.shape).toEqual([100]);
    const ll = logLikelihood(twoPlates, r, [], { vectorize: true });
    const llLoop = logLikelihood(twoPlates, mergeChains(r.samples), [], { vectorize: false });
    expect(ll.y.shape).toEqual([100, 2, 3]);
    ll.y.data.forEach((v, i) => expect(v).toBeCloseTo(llLoop.y.data[i], 12));
  });

  it('draws from a guide at given params', () => {
    const guide = (): void => {
      sample(
        'mu',
        new Normal(param('loc', 0), param('scale', 1, { constraint: constraints.positive })),
      );
    };
    const p = predictive(model, {
      guide,
      params: { loc: 4, scale: 1e-6 },
      numSamples: 50,
      seed: 0,
      returnSites: ['mu', 'y'],
    });
    expect(p.mu.shape).toEqual([50]);
    p.mu.data.forEach((m) => expect(m).toBeCloseTo(4, 4));
    expect(Math.abs(mean(p.y.data) - 4)).toBeLessThan(0.3);
  });

  it('rejects draws of different lengths', () => {
    const two = (): void => {
      sample('a', new Normal(0, 1));
      sample('b', new Normal(0, 1));
    };
    expect(() => predictive(two, { posteriorSamples: { a: [1, 2], b: [1, 2, 3] } })).toThrow(
      /leading draw axis of the same length/,
    );
  });
});

describe('logLikelihood', () => {
  it('is log N(y_i; mu_s, 0.5) per draw and observation, in both modes', () => {
    const mus = [-1, 0, 0.5, 2];
    for (const vectorize of [true, false]) {
      const ll = logLikelihood(model, { mu: mus }, [], { vectorize });
      expect(ll.y.shape).toEqual([4, 3]);
      mus.forEach((m, s) =>
        ys.forEach((y, i) => {
          const z = (y - m) / 0.5;
          const exact = -0.5 * z * z - Math.log(0.5) - 0.5 * Math.log(2 * Math.PI);
          expect(Math.abs(ll.y.data[s * 3 + i] - exact)).toBeLessThan(1e-13);
        }),
      );
      expect(Object.keys(ll)).toEqual(['y']);
    }
  });
});
