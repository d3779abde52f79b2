/**
 * The KL registry: every analytic pair against a seeded Monte-Carlo estimate
 * E_p[log p(x) - log q(x)] (within 4 standard errors), gradients in both distributions'
 * parameters (gradcheck), batch broadcasting, registration, and the error for an
 * unregistered pair.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Bernoulli,
  Beta,
  Categorical,
  Dirichlet,
  Exponential,
  Gamma,
  gradcheck,
  klDivergence,
  Laplace,
  MultivariateNormal,
  Normal,
  Poisson,
  registerKL,
  rng,
  StudentT,
  sub,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';

const N = 100_000;

const PAIRS: [string, Distribution, Distribution][] = [
  ['Normal', new Normal(0.3, 1.2), new Normal(-0.5, 0.7)],
  [
    'MultivariateNormal',
    new MultivariateNormal([0, 1], {
      covariance: [
        [2, 0.5],
        [0.5, 1],
      ],
    }),
    new MultivariateNormal([0.5, 0], {
      scaleTril: [
        [1, 0],
        [-0.3, 1.4],
      ],
    }),
  ],
  ['Gamma', new Gamma(2.5, 1.5), new Gamma(1.5, 0.8)],
  ['Beta', new Beta(2, 3), new Beta(1.2, 0.9)],
  ['Bernoulli', new Bernoulli({ probs: 0.3 }), new Bernoulli({ logits: 1.1 })],
  [
    'Categorical',
    new Categorical({ probs: [0.2, 0.3, 0.5] }),
    new Categorical({ logits: [0, 1, -1] }),
  ],
  ['Exponential', new Exponential(2), new Exponential(0.7)],
  ['Poisson', new Poisson(3.5), new Poisson(5)],
  ['Dirichlet', new Dirichlet([1.5, 2, 4]), new Dirichlet([1, 1, 1])],
];

describe('klDivergence against Monte Carlo', () => {
  for (const [name, p, q] of PAIRS) {
    it(name, () => {
      const x = p.sample([N], rng(`kl/${name}`));
      const diff = sub(p.logProb(x), q.logProb(x)).data;
      const m = diff.reduce((a, b) => a + b, 0) / N;
      const v = diff.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1);
      const kl = klDivergence(p, q).item();
      expect(kl).toBeGreaterThan(0);
      expect(Math.abs(kl - m), `${kl} vs MC ${m}`).toBeLessThanOrEqual(4 * Math.sqrt(v / N));
      expect(klDivergence(p, p).item()).toBeCloseTo(0, 12);
    });
  }
});

describe('klDivergence gradients and shapes', () => {
  const check = (f: (...xs: Tensor[]) => Tensor, inputs: TensorLike[]): void => {
    const r = gradcheck(f, inputs, { rtol: 1e-7, atol: 1e-9 });
    expect(r.ok, `max relative error ${r.maxRelError}`).toBe(true);
  };

  it('is differentiable in both sides', () => {
    check((a, b, c, d) => klDivergence(new Normal(a, b), new Normal(c, d)), [0.3, 1.2, -0.5, 0.7]);
    check((a, b, c, d) => klDivergence(new Gamma(a, b), new Gamma(c, d)), [2.5, 1.5, 1.5, 0.8]);
    check((a, b, c, d) => klDivergence(new Beta(a, b), new Beta(c, d)), [2, 3, 1.2, 0.9]);
    check(
      (a, b) => klDivergence(new Dirichlet(a), new Dirichlet(b)),
      [
        [1.5, 2, 4],
        [1, 2, 1],
      ],
    );
    check(
      (a, b) => klDivergence(new Bernoulli({ logits: a }), new Bernoulli({ logits: b })),
      [0.4, -1],
    );
    check((a, b) => klDivergence(new Poisson(a), new Poisson(b)), [3.5, 5]);
  });

  it('broadcasts the batch shapes', () => {
    const kl = klDivergence(new Normal([0, 1, 2], 1), new Normal([[0], [1]], 1));
    expect(kl.shape).toEqual([2, 3]);
    expect(kl.toArray()).toEqual([
      [0, 0.5, 2],
      [0.5, 0, 0.5],
    ]);
  });

  it('is 0 at p = 0 where q is anything (no 0·log 0 NaN)', () => {
    expect(
      klDivergence(new Bernoulli({ probs: 0 }), new Bernoulli({ probs: 0.5 })).item(),
    ).toBeCloseTo(Math.LN2, 15);
    expect(klDivergence(new Poisson(0), new Poisson(2)).item()).toBe(2);
  });
});

describe('the registry', () => {
  it('throws naming both families for an unregistered pair', () => {
    expect(() => klDivergence(new Normal(0, 1), new StudentT(3, 0, 1))).toThrow(ArgumentError);
    expect(() => klDivergence(new Normal(0, 1), new StudentT(3, 0, 1))).toThrow(
      'klDivergence: no KL divergence is registered for (Normal, StudentT)',
    );
  });

  it('accepts new pairs (and a later registration replaces an earlier one)', () => {
    registerKL(Laplace, Normal, () => {
      throw new Error('replaced');
    });
    registerKL(Laplace, Normal, (p, q) => sub(p.scale, q.scale));
    expect(klDivergence(new Laplace(0, 3), new Normal(0, 1)).item()).toBe(2);
  });
});
