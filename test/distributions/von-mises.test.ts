/**
 * VonMises: logProb / cdf / entropy / circular variance against golden values from
 * scripts/golden-vonmises.py (mpmath, cross-checked against scipy), i0e / i1e against mpmath,
 * gradients of logProb, cdf, entropy and variance against central differences, the implicit
 * gradient of a draw against -(∂G/∂κ)/p by differences of the CDF, circular moments of 1e5
 * draws, the pathwise gradient of E[f(x)] against a score-function estimate, and the edges.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  bijectorFor,
  constraints,
  cos,
  grad,
  mul,
  rng,
  sin,
  sub,
  sum,
  tensor,
  VonMises,
  type Tensor,
} from '../../src/index.js';
import { besselRatioSlope, i0e, i1e } from '../../src/distributions/bessel.js';
import { centredCdf, centredSampleGrad } from '../../src/distributions/von-mises-cdf.js';
import { expectGrad } from '../helpers/golden.js';
import { expectMeanWithinSE, expectPathwiseMatchesScore } from '../helpers/monte-carlo.js';
import golden from './golden-vonmises.json' with { type: 'json' };

const rel = (a: number, b: number): number =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('golden values (mpmath)', () => {
  it('i0e and i1e from 0 to 1e8 within 2e-15 relative (the worst, i1e near 8: 7 ulp)', () => {
    for (const b of golden.bessel) {
      expect(rel(i0e(b.x), b.i0e), `i0e(${b.x})`).toBeLessThanOrEqual(1e-15);
      expect(rel(i1e(b.x), b.i1e), `i1e(${b.x})`).toBeLessThanOrEqual(2e-15);
    }
  });

  it('logProb: 1e-12 relative at typical points, 2e-10 at extreme ones', () => {
    for (const p of golden.points) {
      const got = new VonMises(p.loc, p.concentration).logProb(p.x).item();
      const what = `VonMises(${p.loc}, ${p.concentration}) at ${p.x}: ${got} vs ${p.logProb}`;
      expect(rel(got, p.logProb), what).toBeLessThanOrEqual(p.extreme ? 2e-10 : 1e-12);
    }
  });

  it('cdf: within 1e-14 absolute of mpmath quadrature everywhere', () => {
    for (const p of golden.points) {
      const got = new VonMises(p.loc, p.concentration).cdf(p.x).item();
      const what = `VonMises(${p.loc}, ${p.concentration}) at ${p.x}: ${got} vs ${p.cdf}`;
      expect(Math.abs(got - p.cdf), what).toBeLessThanOrEqual(1e-14);
    }
  });

  it('entropy and circular variance 1e-12 relative; the slope of I1/I0 1e-10', () => {
    for (const m of golden.moments) {
      const d = new VonMises(m.loc, m.concentration);
      const what = `VonMises(${m.loc}, ${m.concentration})`;
      expect(rel(d.entropy().item(), m.entropy), `entropy ${what}`).toBeLessThanOrEqual(1e-12);
      expect(rel(d.variance.item(), m.variance), `variance ${what}`).toBeLessThanOrEqual(1e-12);
      expect(rel(besselRatioSlope(m.concentration), m.slope), what).toBeLessThanOrEqual(1e-10);
      expect(d.mean.item()).toBe(m.loc);
      expect(d.mode.item()).toBe(m.loc);
    }
  });
});

describe('gradients against central differences', () => {
  const typical = golden.points.filter((p) => !p.extreme);
  it('logProb and cdf in the value, loc and concentration', () => {
    for (const p of typical) {
      const what = `VonMises(${p.loc}, ${p.concentration}) at ${p.x}`;
      const lp = (x: Tensor, l: Tensor, k: Tensor): Tensor => new VonMises(l, k).logProb(x);
      const cdf = (x: Tensor, l: Tensor, k: Tensor): Tensor => new VonMises(l, k).cdf(x);
      expectGrad(lp, [p.x, p.loc, p.concentration], `logProb ${what}`);
      expectGrad(cdf, [p.x, p.loc, p.concentration], `cdf ${what}`);
    }
  });

  it('entropy and variance in the concentration (both series), second order of logProb', () => {
    for (const k of [1e-3, 0.5, 2, 10, 29.5, 30.5, 100, 500]) {
      expectGrad((t: Tensor) => new VonMises(0, t).entropy(), [k], `entropy at ${k}`);
      expectGrad((t: Tensor) => new VonMises(0, t).variance, [k], `variance at ${k}`);
      const dk = (t: Tensor): Tensor => grad((u: Tensor) => new VonMises(0.2, u).logProb(1))(t);
      expectGrad(dk, [k], `d²logProb/dκ² at ${k}`);
    }
  });
});

describe('icdf', () => {
  it('inverts cdf at every golden point (x to 1e-12, or the cdf to 1e-15 where flat)', () => {
    for (const q of golden.points) {
      const d = new VonMises(q.loc, q.concentration);
      const c = d.cdf(q.x).item();
      const x = d.icdf(c).item();
      const what = `VonMises(${q.loc}, ${q.concentration}) at ${q.x}: icdf ${x}`;
      const ok = Math.abs(x - q.x) <= 1e-12 || Math.abs(d.cdf(x).item() - c) <= 1e-15;
      expect(ok, what).toBe(true);
    }
    const d = new VonMises(1, 3);
    expect(d.icdf([0, 1]).toArray()).toEqual([-Math.PI, Math.PI]);
    expect(() => d.icdf(1.5)).toThrow(/VonMises.icdf/);
  });

  it('is differentiable in p, loc and concentration', () => {
    for (const [p, loc, k] of [
      [0.3, 0, 1],
      [0.7, 0.5, 2],
      [0.1, -2, 10],
      [0.55, 1, 29],
      [0.2, 0, 40],
      [0.9, 3, 500],
    ])
      expectGrad(
        (u: Tensor, l: Tensor, c: Tensor) => new VonMises(l, c).icdf(u),
        [p, loc, k],
        `icdf(${p}) of VonMises(${loc}, ${k})`,
      );
  });
});

describe('implicit gradient of a draw: dv/dκ = -(∂G/∂κ)(v)/p(v)', () => {
  it('matches central differences of the CDF in κ on both sides of κ = 30', () => {
    let worst = 0;
    for (const k of [1e-3, 0.3, 2, 8, 29, 31, 200, 1e4, 1e6])
      for (const z of [-3, -1.5, -0.4, 0.1, 0.9, 2.5]) {
        const v = Math.max(-3, Math.min(3, z / Math.sqrt(k)));
        const h = 1e-5 * k;
        const dG = (centredCdf(k + h, v) - centredCdf(k - h, v)) / (2 * h);
        const p = new VonMises(0, k).logProb(v).item();
        const want = -dG / Math.exp(p);
        const e = Math.abs(centredSampleGrad(k, v) - want) / (Math.abs(want) + 1e-9 / k);
        expect(e, `κ ${k}, v ${v}`).toBeLessThanOrEqual(1e-6);
        worst = Math.max(worst, e);
      }
    expect(worst).toBeGreaterThanOrEqual(0);
  });
});

const N = 100000;
const SAMPLED: [number, number][] = [
  [0.3, 1e-3],
  [-1, 0.5],
  [3, 2],
  [0, 29],
  [-3, 31],
  [1, 500],
  [2, 1e5],
];

describe('sampling (1e5 draws, 4 standard errors)', () => {
  for (const [loc, k] of SAMPLED) {
    const what = `VonMises(${loc}, ${k})`;
    it(`${what}: in [-π, π), E[cos(x - μ)] = I1/I0, E[sin(x - μ)] = 0`, () => {
      const d = new VonMises(loc, k);
      const x = d.sample([N], rng(`vm/${what}`));
      const v = x.toArray() as number[];
      expect(v.every((a) => a >= -Math.PI && a < Math.PI)).toBe(true);
      expectMeanWithinSE(cos(sub(x, loc)), 1 - d.variance.item(), `${what} E cos`);
      expectMeanWithinSE(sin(sub(x, loc)), 0, `${what} E sin`);
    });

    it(`${what}: pathwise d/dμ, d/dκ of E[cos x + 0.3 sin 2x] match the score function`, () => {
      const f = (x: Tensor): Tensor => add(cos(x), mul(0.3, sin(mul(2, x))));
      const r = `vm/grad/${what}`;
      // a batch of N copies of (μ, κ): the gradient in each copy is one draw's pathwise term
      const per = grad((l: Tensor, c: Tensor) => sum(f(new VonMises(l, c).sample([], rng(r)))), {
        argnums: [0, 1],
      })(Array(N).fill(loc), Array(N).fill(k)) as Tensor[];
      const x = new VonMises(loc, k).sample([N], rng(`${r}/sf`));
      const a = 1 - new VonMises(loc, k).variance.item();
      const scores = [mul(k, sin(sub(x, loc))), sub(cos(sub(x, loc)), a)];
      per.forEach((g, i) => expectPathwiseMatchesScore(g, mul(f(x), scores[i]), `${what} θ${i}`));
    });
  }
});

describe('support, edges, expand, bijectorFor, validation', () => {
  it('logProb is -Infinity outside [-π, π] and at NaN / ±Infinity, never NaN', () => {
    const d = new VonMises(0.5, 3);
    expect(d.logProb([-4, 3.2, NaN, Infinity, -Infinity]).toArray()).toEqual(
      Array(5).fill(-Infinity),
    );
    expect(Number.isFinite(d.logProb(Math.PI).item())).toBe(true);
    const g = grad((l: Tensor) => sum(new VonMises(l, 3).logProb([4, NaN, 0])))(0.5).item();
    expect(Number.isFinite(g)).toBe(true);
    expect(d.cdf([-4, -Math.PI, Math.PI, 4]).toArray()).toEqual([0, 0, 1, 1]);
  });

  it('the support is the circle, mapped from ℝ by an interval bijector', () => {
    const d = new VonMises(0, 1);
    expect(d.support).toBe(constraints.circular);
    expect(d.support.kind).toBe('circular');
    const y = bijectorFor(d.support).forward([-30, -2, 0, 1, 30]);
    expect(d.support.check(y).toArray()).toEqual([1, 1, 1, 1, 1]);
    expect(bijectorFor(d.support).forward(0).item()).toBeCloseTo(0, 15);
    expect(d.reparameterized).toBe(true);
  });

  it('broadcasts parameters and expands', () => {
    const d = new VonMises([0, 1, 2], tensor([[1], [5]]));
    expect(d.batchShape).toEqual([2, 3]);
    expect(d.sample([4], rng(0)).shape).toEqual([4, 2, 3]);
    expect(d.mean.shape).toEqual([2, 3]);
    expect(d.variance.shape).toEqual([2, 3]);
    const e = new VonMises(0.2, 2).expand([3, 2]);
    expect(e.batchShape).toEqual([3, 2]);
    expect((e.entropy().toArray() as number[][])[2][1]).toBe(new VonMises(0.2, 2).entropy().item());
  });

  it('validates its arguments', () => {
    expect(() => new VonMises(0, 0)).toThrow(/VonMises.*concentration/);
    expect(() => new VonMises(0, -1)).toThrow(/VonMises.*concentration/);
    expect(() => new VonMises(NaN, 1)).toThrow(/VonMises.*loc/);
    expect(() => new VonMises(Infinity, 1)).toThrow(/VonMises.*loc/);
    expect(() => new VonMises(0, Infinity)).toThrow(/VonMises.*concentration/);
  });
});
