/**
 * Sampling of the multivariate families (issue 17): per-entry means and variances of 1e5
 * seeded draws within 4 standard errors of `mean` and `variance` (Wishart: the mean νS and
 * the variance of every entry), and the low-rank KL pairs within 4 standard errors of
 * their Monte-Carlo estimate E_p[log p - log q].
 */
import { describe, expect, it } from 'vitest';
import {
  GaussianRandomWalk,
  InverseWishart,
  klDivergence,
  LowRankMultivariateNormal,
  MultivariateNormal,
  MultivariateStudentT,
  rng,
  Wishart,
  type Distribution,
} from '../../src/index.js';

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
  return {
    mean: m,
    variance: m2,
    seMean: Math.sqrt(m2 / N),
    seVariance: Math.sqrt((m4 - m2 * m2) / N),
  };
}

const within = (got: number, want: number, se: number, what: string): void => {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want} (SE ${se})`).toBeLessThanOrEqual(4 * se);
};

const CASES: [string, Distribution][] = [
  [
    'LowRankMultivariateNormal',
    new LowRankMultivariateNormal(
      [1, -1, 0.5],
      [
        [1, 0.5],
        [0, 1],
        [-0.5, 0.3],
      ],
      [0.5, 1, 2],
    ),
  ],
  [
    'MultivariateStudentT',
    new MultivariateStudentT(
      9,
      [1, -2],
      [
        [1, 0],
        [0.6, 1.5],
      ],
    ),
  ],
  [
    'Wishart',
    new Wishart(5.5, {
      covariance: [
        [2, 0.5, 0],
        [0.5, 1, 0.3],
        [0, 0.3, 1.5],
      ],
    }),
  ],
  [
    'InverseWishart',
    new InverseWishart(14, {
      covariance: [
        [2, 0.5],
        [0.5, 1],
      ],
    }),
  ],
  ['GaussianRandomWalk', new GaussianRandomWalk(0.7, 5)],
];

describe('1e5 seeded draws match the mean and variance of every entry (4 SE)', () => {
  for (const [name, d] of CASES) {
    it(name, () => {
      const s = d.sample([N], rng(`mv-moments/${name}`));
      const k = s.size / N;
      const [mean, variance] = [d.mean.data, d.variance.data];
      for (let j = 0; j < k; j++) {
        const st = stats(s.data, k, j);
        within(st.mean, mean[j], Math.sqrt(variance[j] / N), `${name} mean[${j}]`);
        within(st.variance, variance[j], st.seVariance, `${name} variance[${j}]`);
      }
    });
  }
});

describe('KL pairs against Monte Carlo (4 SE)', () => {
  const p = new LowRankMultivariateNormal([0, 1, -1], [[1], [0.5], [-0.3]], [0.5, 1, 0.8]);
  const q = new LowRankMultivariateNormal(
    [0.5, 0, -1],
    [
      [0.2, 1],
      [1, 0],
      [0.3, 0.4],
    ],
    [1, 0.6, 1.2],
  );
  const m = new MultivariateNormal([1, 1, 0], {
    covariance: [
      [2, 0.3, 0],
      [0.3, 1, 0.2],
      [0, 0.2, 1.5],
    ],
  });
  const pairs: [string, Distribution, Distribution][] = [
    ['LowRank–LowRank', p, q],
    ['LowRank–MVN', p, m],
    ['MVN–LowRank', m, q],
  ];
  for (const [name, a, b] of pairs) {
    it(name, () => {
      const x = a.sample([N], rng(`mv-kl/${name}`));
      const lpa = a.logProb(x).data;
      const lpb = b.logProb(x).data;
      const diff = lpa.map((v, i) => v - lpb[i]);
      const st = stats(diff, 1, 0);
      const kl = klDivergence(a, b).item();
      expect(kl).toBeGreaterThan(0.05);
      within(st.mean, kl, st.seMean, name);
    });
  }
});
