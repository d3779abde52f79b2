/**
 * MixtureSameFamily and Mixture: log densities against scipy (scripts/golden-mixture.py),
 * gradients against central differences, sample moments against mean / variance, and
 * shapes under batching, expand and bad input.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Binomial,
  Categorical,
  Gamma,
  gradcheck,
  Laplace,
  Mixture,
  MixtureSameFamily,
  MultivariateNormal,
  Normal,
  Poisson,
  rng,
  ShapeError,
  StudentT,
  sum,
  tensor,
  Uniform,
  type Tensor,
} from '../../src/index.js';
import golden from './mixture-golden.json' with { type: 'json' };

const close = (a: number[], b: number[], rtol: number): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) =>
    expect(Math.abs(v - b[i]), `entry ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(
      rtol * Math.abs(b[i]) + 1e-300,
    ),
  );
};

describe('log densities agree with scipy', () => {
  it('MixtureSameFamily of normals, tails included', () => {
    const g = golden.normal3;
    const d = new MixtureSameFamily(
      new Categorical({ probs: g.weights }),
      new Normal(g.locs, g.scales),
    );
    close(Array.from(d.logProb(g.x).data), g.logProb, 1e-13);
  });
  it('MixtureSameFamily of gammas', () => {
    const g = golden.gamma2;
    const d = new MixtureSameFamily(
      new Categorical({ probs: g.weights }),
      new Gamma(g.concentration, g.rate),
    );
    close(Array.from(d.logProb(g.x).data), g.logProb, 1e-13);
    expect(d.logProb(-1).item()).toBe(-Infinity);
  });
  it('MixtureSameFamily of Poissons (a discrete support)', () => {
    const g = golden.poisson2;
    const d = new MixtureSameFamily(new Categorical({ probs: g.weights }), new Poisson(g.rates));
    close(Array.from(d.logProb(g.x).data), g.logProb, 1e-13);
    expect(d.logProb(1.5).item()).toBe(-Infinity);
  });
  it('MixtureSameFamily of bivariate normals (event shape [2])', () => {
    const g = golden.mvn2;
    const d = new MixtureSameFamily(
      new Categorical({ probs: g.weights }),
      new MultivariateNormal(g.locs, { covariance: g.covs }),
    );
    expect(d.eventShape).toEqual([2]);
    expect(d.batchShape).toEqual([]);
    close(Array.from(d.logProb(g.x).data), g.logProb, 1e-13);
  });
  it('Mixture of a normal, a Student t and a Laplace', () => {
    const g = golden.hetero3;
    const d = new Mixture(new Categorical({ probs: g.weights }), [
      new Normal(0, 1),
      new StudentT(3, 2, 0.5),
      new Laplace(-1, 2),
    ]);
    close(Array.from(d.logProb(g.x).data), g.logProb, 1e-13);
  });
  it('logits and probs give the same mixture; one component is the component itself', () => {
    const a = new MixtureSameFamily(
      new Categorical({ probs: [0.25, 0.75] }),
      new Normal([0, 1], 1),
    );
    const b = new MixtureSameFamily(
      new Categorical({ logits: [0, Math.log(3)] }),
      new Normal([0, 1], 1),
    );
    close(
      Array.from(a.logProb([-1, 0.3, 2]).data),
      Array.from(b.logProb([-1, 0.3, 2]).data),
      1e-15,
    );
    const one = new MixtureSameFamily(new Categorical({ probs: [1] }), new Normal([2], [3]));
    expect(one.logProb(0.7).item()).toBeCloseTo(new Normal(2, 3).logProb(0.7).item(), 15);
  });
});

describe('components with parameter-dependent supports', () => {
  it('uniforms on different intervals: the support is their hull, gaps have density 0', () => {
    const d = new MixtureSameFamily(
      new Categorical({ probs: [0.3, 0.7] }),
      new Uniform([0, 5], [1, 7]),
    );
    expect(d.support.description).toBe('in [0, 7)');
    const lp = Array.from(d.logProb([0.5, 6, 3, 8, -1]).data);
    expect(lp[0]).toBeCloseTo(Math.log(0.3), 14);
    expect(lp[1]).toBeCloseTo(Math.log(0.7 / 2), 14);
    expect(lp.slice(2)).toEqual([-Infinity, -Infinity, -Infinity]);
    const x = d.sample([2000], rng(1)).data;
    expect(x.every((v) => (v >= 0 && v <= 1) || (v >= 5 && v <= 7))).toBe(true);
  });
  it('binomials with different counts: mass from the components that can reach k', () => {
    const d = new MixtureSameFamily(
      new Categorical({ probs: [0.5, 0.5] }),
      new Binomial([3, 10], { probs: 0.5 }),
    );
    const choose = (n: number, k: number): number =>
      k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k;
    const pmf = (n: number, k: number): number => (k > n ? 0 : choose(n, k) / 2 ** n);
    for (const k of [0, 2, 3, 7, 10])
      expect(d.logProb(k).item()).toBeCloseTo(Math.log(0.5 * pmf(3, k) + 0.5 * pmf(10, k)), 13);
    expect(d.logProb(11).item()).toBe(-Infinity);
  });
  it('a Mixture needs supports of one kind', () => {
    expect(
      () =>
        new Mixture(new Categorical({ probs: [0.5, 0.5] }), [new Gamma(2, 1), new Normal(0, 1)]),
    ).toThrow(/the components' supports differ \(non-negative \(≥ 0\); a finite real number\)/);
    const u = new Mixture(new Categorical({ probs: [0.5, 0.5] }), [
      new Uniform(0, 1),
      new Uniform(2, 4),
    ]);
    expect(u.logProb(3).item()).toBeCloseTo(Math.log(0.25), 14);
  });
});

describe('batches', () => {
  it('a batch of mixtures: mixing weights per batch member', () => {
    const w = [
      [0.1, 0.9],
      [0.6, 0.4],
    ];
    const locs = [
      [0, 3],
      [-1, 1],
    ];
    const d = new MixtureSameFamily(new Categorical({ probs: w }), new Normal(locs, 1));
    expect(d.batchShape).toEqual([2]);
    const lp = d.logProb([
      [0.5, 0.5],
      [2, -2],
      [0, 0],
    ]);
    expect(lp.shape).toEqual([3, 2]);
    for (const [r, x] of [
      [0.5, 0.5],
      [2, -2],
      [0, 0],
    ].entries())
      for (let b = 0; b < 2; b++) {
        const ref = Math.log(
          w[b][0] * Math.exp(new Normal(locs[b][0], 1).logProb(x[b]).item()) +
            w[b][1] * Math.exp(new Normal(locs[b][1], 1).logProb(x[b]).item()),
        );
        expect(lp.data[r * 2 + b]).toBeCloseTo(ref, 13);
      }
  });
  it('shared mixing weights broadcast over a batch; expand keeps the density', () => {
    const d = new MixtureSameFamily(
      new Categorical({ probs: [0.3, 0.7] }),
      new Normal(
        [
          [0, 2],
          [1, 5],
        ],
        1,
      ),
    );
    expect(d.batchShape).toEqual([2]);
    expect(d.sample([4], rng(0)).shape).toEqual([4, 2]);
    const e = new MixtureSameFamily(
      new Categorical({ probs: [0.3, 0.7] }),
      new Normal([0, 2], 1),
    ).expand([3]);
    expect(e.batchShape).toEqual([3]);
    expect(e.sample([], rng(0)).shape).toEqual([3]);
    expect(Array.from(e.logProb([0.5, 0.5, 0.5]).data)).toEqual(
      new Array(3).fill(e.logProb(0.5).data[0]),
    );
  });
  it('componentLogPosterior gives responsibilities that sum to one', () => {
    const d = new MixtureSameFamily(
      new Categorical({ probs: [0.3, 0.7] }),
      new Normal([-1, 2], [0.5, 1]),
    );
    const r = d.componentLogPosterior([0, 1]).toArray() as number[][];
    for (const row of r) expect(Math.exp(row[0]) + Math.exp(row[1])).toBeCloseTo(1, 14);
    const j0 = Math.log(0.3) + new Normal(-1, 0.5).logProb(0).item();
    expect(r[0][0]).toBeCloseTo(j0 - d.logProb(0).item(), 14);
  });
});

describe('gradients agree with central differences', () => {
  const TOL = { rtol: 1e-7, atol: 1e-9 };
  it('MixtureSameFamily of normals: logits, locs, scales, value', () => {
    const f = (logits: Tensor, loc: Tensor, scale: Tensor, x: Tensor): Tensor =>
      sum(new MixtureSameFamily(new Categorical({ logits }), new Normal(loc, scale)).logProb(x));
    const r = gradcheck(
      f,
      [
        [0.2, -0.5, 1],
        [-2, 0.5, 3],
        [0.7, 1.2, 0.4],
        [-1.3, 0.4, 2.5],
      ],
      TOL,
    );
    expect(r.warnings).toEqual([]);
    expect(r.maxRelError).toBeLessThanOrEqual(TOL.rtol);
  });
  it('Mixture of different families: probs, parameters, value', () => {
    const f = (probs: Tensor, loc: Tensor, df: Tensor, x: Tensor): Tensor =>
      sum(
        new Mixture(new Categorical({ probs, validateArgs: false }), [
          new Normal(loc, 1),
          new StudentT(df, 1, 2),
        ]).logProb(x),
      );
    const r = gradcheck(f, [[0.35, 0.65], 0.3, 4, [-0.7, 1.9]], TOL);
    expect(r.warnings).toEqual([]);
    expect(r.maxRelError).toBeLessThanOrEqual(TOL.rtol);
  });
  it('mean and variance are differentiable in the weights', () => {
    const f = (logits: Tensor, loc: Tensor): Tensor => {
      const d = new MixtureSameFamily(new Categorical({ logits }), new Normal(loc, [1, 2]));
      return sum(d.variance);
    };
    const r = gradcheck(
      f,
      [
        [0.1, 0.4],
        [-1, 2],
      ],
      TOL,
    );
    expect(r.maxRelError).toBeLessThanOrEqual(TOL.rtol);
  });
});

describe('sampling matches the moments', () => {
  const moments = (x: Float64Array): [number, number] => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    return [m, x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)];
  };
  it('MixtureSameFamily: sample mean and variance within 5 standard errors', () => {
    const d = new MixtureSameFamily(
      new Categorical({ probs: [0.3, 0.7] }),
      new Normal([-1, 2], [0.5, 1]),
    );
    expect(d.mean.item()).toBeCloseTo(1.1, 14);
    expect(d.variance.item()).toBeCloseTo(
      0.3 * 0.25 + 0.7 * 1 + 0.3 * 2.1 ** 2 + 0.7 * 0.9 ** 2,
      14,
    );
    const n = 40000;
    const [m, v] = moments(d.sample([n], rng(3)).data);
    expect(Math.abs(m - 1.1)).toBeLessThan(5 * Math.sqrt(d.variance.item() / n));
    expect(Math.abs(v - d.variance.item())).toBeLessThan(0.05 * d.variance.item());
  });
  it('Mixture: the fraction of draws near each component matches the weights', () => {
    const d = new Mixture(new Categorical({ probs: [0.2, 0.8] }), [
      new Normal(-50, 1),
      new Laplace(50, 1),
    ]);
    const x = d.sample([20000], rng(4)).data;
    const left = x.filter((v) => v < 0).length / x.length;
    expect(Math.abs(left - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / x.length));
    expect(d.mean.item()).toBeCloseTo(0.2 * -50 + 0.8 * 50, 12);
  });
  it('bivariate components: draws have the event shape and the mean', () => {
    const g = golden.mvn2;
    const d = new MixtureSameFamily(
      new Categorical({ probs: g.weights }),
      new MultivariateNormal(g.locs, { covariance: g.covs }),
    );
    const s = d.sample([20000], rng(5));
    expect(s.shape).toEqual([20000, 2]);
    const mean = d.mean.toArray() as number[];
    expect(mean[0]).toBeCloseTo(0.6 * 2, 14);
    const m0 = s.data.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0) / 20000;
    expect(Math.abs(m0 - mean[0])).toBeLessThan(
      5 * Math.sqrt((d.variance.toArray() as number[])[0] / 20000),
    );
  });
});

describe('bad input', () => {
  it('names the problem', () => {
    expect(
      () => new MixtureSameFamily(new Categorical({ probs: [0.5, 0.5] }), new Normal(0, 1)),
    ).toThrow(ShapeError);
    expect(
      () => new MixtureSameFamily(new Categorical({ probs: [0.5, 0.5] }), new Normal([0, 1, 2], 1)),
    ).toThrow(/2 categories but there are 3 components/);
    expect(
      () =>
        new Mixture(new Categorical({ probs: [0.5, 0.5] }), [
          new Normal(0, 1),
          new Normal([0, 1], 1),
        ]),
    ).toThrow(/component 1/);
    expect(() => new Mixture(new Categorical({ probs: [1] }), [])).toThrow(ArgumentError);
    expect(
      () =>
        new MixtureSameFamily(
          new Categorical({
            probs: [
              [0.5, 0.5],
              [0.5, 0.5],
              [0.5, 0.5],
            ],
          }),
          new Normal(
            tensor([
              [0, 1],
              [0, 1],
            ]),
            1,
          ),
        ),
    ).toThrow(/does not broadcast/);
  });
});
