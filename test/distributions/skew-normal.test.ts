/**
 * SkewNormal (issue 17): Owen's T and logProb / cdf / mean / variance against golden values
 * from scripts/golden-skewnormal.py (50-digit mpmath, cross-checked with scipy.stats.skewnorm),
 * gradients of logProb and cdf against central differences, moments of 1e5 draws, the
 * pathwise gradient against a score-function estimate, the noise form, support, expand,
 * bijectorFor and validation.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  bijectorFor,
  div,
  grad,
  mean,
  mul,
  Normal,
  rng,
  SkewNormal,
  square,
  sum,
  type Tensor,
} from '../../src/index.js';
import { owensTValue } from '../../src/distributions/owens-t.js';
import { expectGrad } from '../helpers/golden.js';
import {
  expectDrawMoments,
  expectPathwiseMatchesScore,
  finiteDifferenceScore,
} from '../helpers/monte-carlo.js';
import golden from './golden-skewnormal.json' with { type: 'json' };

type Num = number | string;
const rel = (got: number, want: Num): number => {
  const w = Number(want);
  if (!Number.isFinite(w)) return got === w ? 0 : Infinity;
  return w === 0 ? Math.abs(got) : Math.abs(got - w) / Math.abs(w);
};
const make = (p: number[]): SkewNormal => new SkewNormal(p[0], p[1], p[2]);

describe("Owen's T against 50-digit mpmath", () => {
  it('is within 1e-14 relative on a grid of h in [0, 37.3], a in [-4, 1000]', () => {
    let worst = 0;
    for (const g of golden.owensT) {
      const e = rel(owensTValue(g.h, g.a), g.T);
      expect(e, `T(${g.h}, ${g.a})`).toBeLessThanOrEqual(1e-14);
      worst = Math.max(worst, e);
    }
    expect(worst).toBeGreaterThan(0); // the comparison is live
  });

  it('has its special values: T(0, a) = atan(a)/2π, odd in a, even in h', () => {
    expect(owensTValue(0, 1)).toBeCloseTo(1 / 8, 16);
    expect(owensTValue(1.3, -0.4)).toBe(-owensTValue(1.3, 0.4));
    expect(owensTValue(-1.3, 0.4)).toBe(owensTValue(1.3, 0.4));
    expect(owensTValue(2, 0)).toBe(0);
  });
});

describe('golden logProb, cdf and moments (mpmath)', () => {
  it('logProb and cdf: 1e-12 relative at typical points, 2e-10 at extreme ones', () => {
    for (const p of golden.points) {
      const d = make(p.params);
      const tol = p.extreme ? 2e-10 : 1e-12;
      const what = `SkewNormal(${p.params.join(', ')}) at ${p.x}`;
      const lp = d.logProb(p.x).item();
      expect(rel(lp, p.logProb), `logProb ${what}: ${lp} vs ${p.logProb}`).toBeLessThanOrEqual(tol);
      const c = d.cdf(p.x).item();
      expect(rel(c, p.cdf), `cdf ${what}: ${c} vs ${p.cdf}`).toBeLessThanOrEqual(tol);
    }
  });

  it('mean and variance', () => {
    for (const m of golden.moments) {
      const d = make(m.params);
      expect(rel(d.mean.item(), m.mean), `mean ${m.params.join(', ')}`).toBeLessThanOrEqual(1e-14);
      expect(rel(d.variance.item(), m.variance)).toBeLessThanOrEqual(1e-14);
    }
  });

  it('α = 0 is the Normal exactly; z = -40, α = 5 is finite', () => {
    const x = [-30, -1, 0, 0.5, 7];
    expect(new SkewNormal(1, 2, 0).logProb(x).toArray()).toEqual(
      new Normal(1, 2).logProb(x).toArray(),
    );
    const cdf = new SkewNormal(1, 2, 0).cdf(x).toArray() as number[];
    const want = new Normal(1, 2).cdf(x).toArray() as number[];
    // 1e-13: at z = -15.5 the two differ by how e^(-z²/2) rounds z² (SkewNormal carries it exactly)
    cdf.forEach((c, k) => expect(rel(c, want[k]), `cdf at ${x[k]}`).toBeLessThanOrEqual(1e-13));
    expect(Number.isFinite(new SkewNormal(0, 1, 5).logProb(-40).item())).toBe(true);
  });
});

describe('gradients against central differences', () => {
  const cases: [number, number, number, number][] = [
    [0.3, 0, 1, 5],
    [-0.2, 0, 1, 5],
    [0.5, 1, 2, -3],
    [-1.8, -2, 0.5, 2],
    [2.5, 0, 1, -0.7],
    [-6, 0, 1, 3],
    [0.05, 0, 1, 30],
  ];
  for (const [x, l, s, a] of cases) {
    it(`logProb and cdf at x = ${x}, (${l}, ${s}, ${a}) in x, loc, scale, skewness`, () => {
      const f = (ll: Tensor, ss: Tensor, aa: Tensor): SkewNormal => new SkewNormal(ll, ss, aa);
      expectGrad((...t: Tensor[]) => f(t[1], t[2], t[3]).logProb(t[0]), [x, l, s, a], 'logProb');
      expectGrad((...t: Tensor[]) => f(t[1], t[2], t[3]).cdf(t[0]), [x, l, s, a], 'cdf');
      expectGrad(
        (...t: Tensor[]) => add(f(t[1], t[2], t[3]).mean, f(t[1], t[2], t[3]).variance),
        [x, l, s, a],
        'moments',
      );
    });
  }
});

const N = 100000;
describe('sampling (1e5 draws, 4 standard errors)', () => {
  for (const params of [
    [0, 1, 5],
    [1, 2, -3],
    [-1, 0.5, 0.4],
  ]) {
    const what = `SkewNormal(${params.join(', ')})`;
    it(`${what}: mean and variance of the draws`, () => {
      const d = make(params);
      const x = d.sample([N], rng(`sn/${what}`));
      expectDrawMoments(x, d.mean.item(), d.variance.item(), what);
    });

    it(`${what}: pathwise d/dθ E[f(x)] matches the score-function estimate, every θ`, () => {
      const r = `sn/grad/${what}`;
      const f = (x: Tensor): Tensor => div(1, add(1, square(x)));
      const path = grad(
        (...t: Tensor[]) => mean(f(new SkewNormal(t[0], t[1], t[2]).sample([N], rng(r)))),
        {
          argnums: [0, 1, 2],
        },
      )(...params) as Tensor[];
      const x = make(params).sample([N], rng(`${r}/sf`));
      for (let i = 0; i < 3; i++) {
        const score = finiteDifferenceScore(make, params, i, x);
        expectPathwiseMatchesScore(path[i].item(), mul(f(x), score), `${what} θ${i}`);
      }
    });
  }

  it('sample equals fromNoise(noise) bit for bit', () => {
    const d = new SkewNormal([0, 1], 2, [3, -1]);
    const eps = d.noise([4], rng(7))!;
    expect(eps.shape).toEqual([4, 2, 2]);
    expect(d.fromNoise(eps).toArray()).toEqual(d.sample([4], rng(7)).toArray());
  });
});

describe('support, expand, bijectorFor, validation', () => {
  it('logProb is -Infinity at NaN and ±Infinity; cdf is 0 and 1 there', () => {
    const d = new SkewNormal(0, 1, 2);
    expect(d.logProb([NaN, Infinity, -Infinity]).toArray()).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    expect(d.cdf([-Infinity, Infinity]).toArray()).toEqual([0, 1]);
    expect(bijectorFor(d.support).name).toBe('Identity');
    expect(d.reparameterized).toBe(true);
  });

  it('expand broadcasts the parameters', () => {
    const d = new SkewNormal(0, 1, 2).expand([3, 2]);
    expect(d.batchShape).toEqual([3, 2]);
    expect(d.sample([4], rng(0)).shape).toEqual([4, 3, 2]);
    expect(sum(d.mean).item()).toBeCloseTo(6 * new SkewNormal(0, 1, 2).mean.item(), 14);
  });

  it('validates scale > 0 and finite parameters, and has no mode or entropy', () => {
    expect(() => new SkewNormal(0, 0, 1)).toThrow(/SkewNormal.*scale/);
    expect(() => new SkewNormal(0, 1, Infinity)).toThrow(/SkewNormal.*skewness/);
    expect(() => new SkewNormal(NaN, 1, 1)).toThrow(/SkewNormal.*loc/);
    expect(() => new SkewNormal(0, 1, 1).mode).toThrow(/SkewNormal/);
    expect(() => new SkewNormal(0, 1, 1).entropy()).toThrow(/SkewNormal/);
  });
});
