/**
 * Gumbel, Weibull, Chi2, Pareto, Kumaraswamy and AsymmetricLaplace (issue 17):
 * logProb / cdf / entropy / mean / variance against golden values from
 * scripts/golden-continuous.py (scipy.stats, checked against 50-digit mpmath), gradients
 * of logProb in every parameter and the value and of reparameterized samples at fixed
 * noise against central differences, the support's edges, icdf, expand and bijectorFor.
 */
import { describe, expect, it } from 'vitest';
import {
  AsymmetricLaplace,
  bijectorFor,
  Chi2,
  Gamma,
  grad,
  Gumbel,
  Kumaraswamy,
  Pareto,
  rng,
  sum,
  tensor,
  Weibull,
  type Distribution,
  type Tensor,
} from '../../src/index.js';
import {
  describeGolden,
  expectClose,
  expectGrad,
  type Golden,
  type Make,
} from '../helpers/golden.js';
import goldenJson from './golden-continuous.json' with { type: 'json' };

const GOLDEN = goldenJson as unknown as Record<string, Golden>;

const FAMILIES: Record<string, Make> = {
  Gumbel: (a, b) => new Gumbel(a, b),
  Weibull: (a, b) => new Weibull(a, b),
  Chi2: (a) => new Chi2(a),
  Pareto: (a, b) => new Pareto(a, b),
  Kumaraswamy: (a, b) => new Kumaraswamy(a, b),
  AsymmetricLaplace: (a, b, c) => new AsymmetricLaplace(a, b, c),
};
const make = (name: string, params: number[]): Distribution =>
  FAMILIES[name](...params.map((p) => tensor(p)));

// a golden 0 is judged by relative error (so got must be 0)
describeGolden('golden values (scipy.stats / mpmath)', GOLDEN, FAMILIES, 'relative');

describe('gradients of logProb in every parameter and the value', () => {
  for (const [name, g] of Object.entries(GOLDEN)) {
    it(name, () => {
      for (const p of g.points.filter((q) => !q.extreme)) {
        const what = `${name}(${p.params.join(', ')}) at ${p.x}`;
        expectGrad(
          (...xs: Tensor[]) => FAMILIES[name](...xs.slice(1)).logProb(xs[0]),
          [p.x, ...p.params],
          what,
        );
      }
    });
  }

  it('in the parameters at the edges of the support, where the density is finite', () => {
    const cases: [string, number[], number][] = [
      ['Weibull', [2, 1], 0],
      ['Kumaraswamy', [1, 2], 0],
      ['Kumaraswamy', [2, 1], 1],
      ['Pareto', [1.5, 2], 1.5],
    ];
    for (const [name, params, x] of cases) {
      const f = (...xs: Tensor[]): Tensor => FAMILIES[name](...xs).logProb(x);
      const g = grad(f, { argnums: params.map((_, i) => i) })(...params) as Tensor[];
      for (const t of g) expect(Number.isFinite(t.item()), `${name} at ${x}`).toBe(true);
      // d/d(scale) of log(1/λ) for Weibull(2, 1) at 0; d/db log b, d/da log a for Kumaraswamy
      if (name === 'Weibull') expect(g[0].item()).toBeCloseTo(-0.5, 14);
      if (name === 'Kumaraswamy') expect(g[x === 0 ? 1 : 0].item()).toBeCloseTo(0.5, 14);
    }
  });
});

describe('reparameterized samples', () => {
  const reparam: [string, number[]][] = [
    ['Gumbel', [0.5, 1.3]],
    ['Weibull', [2, 1.5]],
    ['Pareto', [1.5, 2.5]],
    ['Kumaraswamy', [2, 3]],
    ['AsymmetricLaplace', [0.5, 1.3, 2]],
  ];
  for (const [name, params] of reparam) {
    it(`${name}: gradient of a sample at fixed noise, and sample = fromNoise(noise)`, () => {
      const d = make(name, params);
      expect(d.reparameterized).toBe(true);
      const eps = d.noise([5], rng(3)) as Tensor;
      expect(d.sample([5], rng(3)).toArray()).toEqual(d.fromNoise(eps).toArray());
      expectGrad((...xs: Tensor[]) => sum(FAMILIES[name](...xs).fromNoise(eps)), params, name);
      const s = d.sample([200], rng(1));
      expect((d.support.check(s).toArray() as number[]).every((v) => v === 1)).toBe(true);
    });
  }

  it('Chi2: implicit gradient dz/dν = -(∂F/∂ν)/p(z), by central differences of the cdf', () => {
    const nu = 3.5;
    const z = new Chi2(nu).sample([4], rng(2));
    const g = grad((v: Tensor) => sum(new Chi2(v).sample([4], rng(2))))(nu).item();
    const h = 1e-5;
    let want = 0;
    for (const zi of z.toArray() as number[]) {
      const dF = (new Chi2(nu + h).cdf(zi).item() - new Chi2(nu - h).cdf(zi).item()) / (2 * h);
      want += -dF / Math.exp(new Chi2(nu).logProb(zi).item());
    }
    expect(Math.abs(g - want) / Math.abs(want)).toBeLessThan(1e-6);
    // the same draws as Gamma(ν/2, ½)
    expect(z.toArray()).toEqual(new Gamma(nu / 2, 0.5).sample([4], rng(2)).toArray());
  });
});

describe('support, icdf, expand, bijectorFor', () => {
  const outside: [string, number[], number[]][] = [
    ['Weibull', [2, 1.5], [-1, -1e-300, NaN, Infinity]],
    ['Chi2', [3], [-2, NaN, Infinity]],
    ['Pareto', [1.5, 2], [1.4999, 0, -1, NaN]],
    ['Kumaraswamy', [2, 3], [-0.1, 1.1, NaN]],
    ['Gumbel', [0, 1], [NaN, Infinity, -Infinity]],
    ['AsymmetricLaplace', [0, 1, 2], [NaN, Infinity]],
  ];
  it('logProb is -Infinity outside the support, never NaN, and cdf is in [0, 1] there', () => {
    for (const [name, params, xs] of outside) {
      const d = make(name, params);
      expect(d.logProb(xs).toArray(), name).toEqual(xs.map(() => -Infinity));
      const finite = xs.filter((x) => !Number.isNaN(x));
      for (const c of d.cdf(finite).toArray() as number[])
        expect(c >= 0 && c <= 1, name).toBe(true);
    }
  });

  it('icdf inverts cdf', () => {
    for (const [name, g] of Object.entries(GOLDEN)) {
      for (const m of g.moments) {
        const d = make(name, m.params);
        for (const p of [1e-6, 0.1, 0.5, 0.77, 0.999]) {
          const x = d.icdf(p).item();
          expectClose(d.cdf(x).item(), p, 1e-9, `${name}(${m.params.join(', ')}) at p ${p}`);
        }
      }
    }
  });

  it('expand broadcasts the parameters to a batch', () => {
    for (const [name, g] of Object.entries(GOLDEN)) {
      const m = g.moments[0];
      const d = make(name, m.params).expand([3, 2]);
      expect(d.batchShape, name).toEqual([3, 2]);
      expect(d.sample([4], rng(0)).shape, name).toEqual([4, 3, 2]);
      expectClose((d.entropy().toArray() as number[][])[2][1], m.entropy, 1e-12, name);
    }
  });

  it('bijectorFor(support) maps the real line into the support', () => {
    for (const [name, g] of Object.entries(GOLDEN)) {
      const d = make(name, g.moments[0].params);
      const y = bijectorFor(d.support).forward([-3, -0.5, 0, 2, 4]);
      expect(d.support.check(y).toArray(), name).toEqual([1, 1, 1, 1, 1]);
    }
  });

  it('parameters are validated', () => {
    expect(() => new Weibull(1, 0)).toThrow(/Weibull.*concentration/);
    expect(() => new Chi2(-1)).toThrow(/Chi2.*df/);
    expect(() => new Pareto(0, 1)).toThrow(/Pareto.*scale/);
    expect(() => new Kumaraswamy(1, -2)).toThrow(/Kumaraswamy.*concentration0/);
    expect(() => new AsymmetricLaplace(0, 1, 0)).toThrow(/AsymmetricLaplace.*asymmetry/);
    expect(() => new Gumbel(NaN, 1)).toThrow(/Gumbel.*loc/);
  });
});
