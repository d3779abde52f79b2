/**
 * The KL pairs of src/distributions/kl-extra.ts against a seeded Monte-Carlo estimate
 * E_p[log p(x) - log q(x)] at 1e5 draws (within 4 standard errors), zero at p = q, and
 * torch's rules for Binomial pairs with unequal totals.
 */
import { describe, expect, it } from 'vitest';
import {
  Binomial,
  Geometric,
  Gumbel,
  klDivergence,
  OneHotCategorical,
  rng,
  sub,
  Weibull,
  type Distribution,
} from '../../src/index.js';

const N = 100_000;

const PAIRS: [string, Distribution, Distribution][] = [
  ['Gumbel', new Gumbel(0.3, 1.2), new Gumbel(-0.5, 0.7)],
  ['Weibull', new Weibull(1.5, 2), new Weibull(1.1, 1.3)],
  [
    'OneHotCategorical',
    new OneHotCategorical({ probs: [0.2, 0.3, 0.5] }),
    new OneHotCategorical({ logits: [0, 1, -1] }),
  ],
  ['Binomial', new Binomial(7, { probs: 0.3 }), new Binomial(7, { logits: 0.4 })],
  ['Geometric', new Geometric({ probs: 0.3 }), new Geometric({ probs: 0.55 })],
];

describe('KL pairs of kl-extra against Monte Carlo', () => {
  for (const [name, p, q] of PAIRS) {
    it(`${name}: within 4 SE of E_p[log p - log q] at ${N} draws, and 0 at p = q`, () => {
      const x = p.sample([N], rng(7));
      const d = sub(p.logProb(x), q.logProb(x)).toArray() as number[];
      const m = d.reduce((a, v) => a + v, 0) / N;
      const sd = Math.sqrt(d.reduce((a, v) => a + (v - m) ** 2, 0) / (N - 1));
      const kl = klDivergence(p, q).item();
      expect(Math.abs(kl - m), `${name}: ${kl} vs ${m} ± ${sd / Math.sqrt(N)}`).toBeLessThan(
        (4 * sd) / Math.sqrt(N),
      );
      expect(Math.abs(klDivergence(p, p).item())).toBeLessThan(1e-15);
    });
  }

  it('Binomial: Infinity when p.totalCount > q.totalCount, an error when it is smaller', () => {
    const p = new Binomial(8, { probs: 0.3 });
    const q = new Binomial(7, { probs: 0.3 });
    expect(klDivergence(p, q).item()).toBe(Infinity);
    expect(() => klDivergence(q, p)).toThrow(/klDivergence.*totalCount/);
  });
});
