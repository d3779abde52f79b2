/**
 * logProb against @stdlib's logpdf / logpmf on 250 random points per family (relative
 * error ≤ 1e-12 where both are finite), against 60-digit mpmath values far in the tails
 * (test/distributions/golden.json, from scripts/golden-distributions.py), and outside
 * the support (-Infinity with gradient 0, never NaN, never a throw).
 */
import { describe, expect, it } from 'vitest';
import {
  Beta,
  Binomial,
  Dirichlet,
  Gamma,
  grad,
  HalfNormal,
  InverseGamma,
  LogNormal,
  MultivariateNormal,
  Normal,
  Poisson,
  rng,
  StudentT,
  sum,
  tensor,
  type Distribution,
  type TensorLike,
  jit,
  type Tensor,
} from '../../src/index.js';
import { CASES } from './cases.js';
import golden from './golden.json' with { type: 'json' };

const POINTS = 250;

function relError(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe('logProb agrees with @stdlib on random points', () => {
  for (const c of CASES.filter((k) => k.random !== undefined)) {
    it(c.name, () => {
      const r = rng(`logProb/${c.name}`);
      const u = (lo: number, hi: number): number => lo + (hi - lo) * r.uniform();
      let worst = 0;
      let compared = 0;
      for (let i = 0; i < POINTS; i++) {
        const { params, x } = c.random!(u);
        const args = c.wrap ? c.wrap.params(params) : params;
        const value = c.wrap ? c.wrap.value(x) : x;
        const ours = c
          .make(...args.map((a) => tensor(a)))
          .logProb(value)
          .item();
        const ref = c.reference!(params, x);
        if (!Number.isFinite(ref)) {
          expect(ours).toBe(ref);
          continue;
        }
        compared++;
        worst = Math.max(worst, relError(ours, ref));
      }
      expect(compared).toBeGreaterThanOrEqual(200);
      expect(worst).toBeLessThanOrEqual(1e-12);
    });
  }

  it('MultivariateNormal, against the closed form for 2 × 2 covariances', () => {
    const r = rng('logProb/mvn');
    const u = (lo: number, hi: number): number => lo + (hi - lo) * r.uniform();
    let worst = 0;
    for (let i = 0; i < POINTS; i++) {
      const [l11, l21, l22] = [u(0.1, 3), u(-2, 2), u(0.1, 3)];
      const [m1, m2, x1, x2] = [u(-3, 3), u(-3, 3), u(-6, 6), u(-6, 6)];
      const [c11, c12, c22] = [l11 * l11, l11 * l21, l21 * l21 + l22 * l22];
      const det = c11 * c22 - c12 * c12;
      const [d1, d2] = [x1 - m1, x2 - m2];
      const q = (c22 * d1 * d1 - 2 * c12 * d1 * d2 + c11 * d2 * d2) / det;
      const ref = -0.5 * (q + Math.log(det) + 2 * Math.log(2 * Math.PI));
      const d = new MultivariateNormal([m1, m2], {
        scaleTril: [
          [l11, 0],
          [l21, l22],
        ],
      });
      worst = Math.max(worst, relError(d.logProb([x1, x2]).item(), ref));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });
});

type Maker = (p: (number | number[])[]) => Distribution;
const MAKERS: Record<string, Maker> = {
  Normal: ([a, b]) => new Normal(a, b),
  HalfNormal: ([s]) => new HalfNormal(s),
  LogNormal: ([a, b]) => new LogNormal(a, b),
  Poisson: ([rate]) => new Poisson(rate),
  Binomial: ([n, p]) => new Binomial(n, { probs: p }),
  Gamma: ([a, b]) => new Gamma(a, b),
  InverseGamma: ([a, b]) => new InverseGamma(a, b),
  Beta: ([a, b]) => new Beta(a, b),
  StudentT: ([df, loc, scale]) => new StudentT(df, loc, scale),
  Dirichlet: ([a]) => new Dirichlet(a),
};

describe('logProb far in the tails, against 60-digit references', () => {
  for (const g of golden.tails) {
    it(`${g.family}(${JSON.stringify(g.params)}) at ${JSON.stringify(g.x)}`, () => {
      const d = MAKERS[g.family](g.params);
      const v = d.logProb(g.x as TensorLike).item();
      expect(Number.isFinite(v)).toBe(true);
      // Dirichlet([1e3, 2e3, 3e3]) sums terms of ~6e3 to get ~5: 1e-13 is its rounding floor
      expect(relError(v, g.logProb)).toBeLessThanOrEqual(g.family === 'Dirichlet' ? 1e-13 : 1e-14);
    });
  }

  it('StudentT at df = 1e300 is the normal density (lgamma differences would be garbage)', () => {
    const n = new Normal(0, 1).logProb(1.5).item();
    const t = new StudentT(1e300, 0, 1).logProb(1.5).item();
    expect(relError(t, n)).toBeLessThanOrEqual(1e-13);
  });
});

describe('outside the support: -Infinity, gradient 0, never NaN', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const d = c.make(...c.params.map((p) => tensor(p)));
      expect(d.logProb(c.outside).item()).toBe(-Infinity);
      const argnums = c.params.map((_, i) => i);
      const gs = grad((...ps) => sum(c.make(...ps).logProb(c.outside)), { argnums })(...c.params);
      for (const [i, g] of gs.entries()) {
        if (c.discreteParams?.includes(i)) continue;
        expect(Array.from(g.data).every((v) => v === 0)).toBe(true);
      }
      if (c.continuous && !Number.isNaN(c.outside)) {
        const gx = grad((x) => sum(d.logProb(x)))(c.outside);
        expect(Array.from(gx.data).every((v) => v === 0)).toBe(true);
      }
    });
  }

  it('a batch mixing values inside and outside keeps the inside values and gradients', () => {
    const d = new Gamma(2, 1);
    const g = grad((x) => sum(d.logProb(x)))([-1, 0, 2]);
    expect(d.logProb([-1, 0, 2]).toArray()).toEqual([-Infinity, -Infinity, Math.log(2) - 2]);
    expect(g.toArray()).toEqual([0, 0, 1 / 2 - 1]);
  });
});

describe('logProb under jit', () => {
  it('compiles with its support check: outside values give -Infinity at later calls', () => {
    const f = jit((x: Tensor, rate: Tensor) => new Gamma(2, rate).logProb(x));
    const eager = (x: number[], rate: number): number[] =>
      new Gamma(2, rate).logProb(x).toArray() as number[];
    expect(f([0.5, 1, 2], 1.5).toArray()).toEqual(eager([0.5, 1, 2], 1.5));
    expect(f([-1, 1, 0], 0.5).toArray()).toEqual(eager([-1, 1, 0], 0.5));
    expect(f([-1, 1, 0], 0.5).data[0]).toBe(-Infinity);
    expect(f.traces).toBe(1);
  });
});
