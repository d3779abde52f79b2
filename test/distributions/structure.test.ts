/**
 * Shapes and structure: batch / event / sample shapes for every family, expand,
 * Independent, Delta, ImproperUniform, Variables as parameters, reparameterized versus
 * constant samples, reproducible sampling, and cdf / icdf against @stdlib.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { describe, expect, it } from 'vitest';
import {
  Beta,
  constraints,
  defaultRng,
  Delta,
  Exp,
  Gamma,
  GradientTape,
  ImproperUniform,
  Independent,
  Normal,
  Poisson,
  rng,
  setSeed,
  StudentT,
  sum,
  tensor,
  mul,
  TransformedDistribution,
  type Rng,
  variable,
  type Tensor,
} from '../../src/index.js';
import { CASES } from './cases.js';

const batched = (p: unknown): unknown => [p, p];

describe('shapes', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const one = c.make(...c.params.map((p) => tensor(p)));
      const many = c.make(
        ...c.params.map((p, i) =>
          tensor(c.discreteParams?.includes(i) ? p : (batched(p) as number[])),
        ),
      );
      const ev = one.eventShape;
      expect(one.batchShape).toEqual([]);
      expect(many.batchShape).toEqual([2]);
      expect(one.sample([], rng(0)).shape).toEqual(ev);
      expect(many.sample([3, 4], rng(0)).shape).toEqual([3, 4, 2, ...ev]);
      expect(many.logProb(c.value).shape).toEqual([2]);
      expect(many.entropy().shape).toEqual([2]);
      const wide = many.expand([5, 2]);
      expect(wide.batchShape).toEqual([5, 2]);
      expect(wide.sample([3], rng(0)).shape).toEqual([3, 5, 2, ...ev]);
      expect(wide.logProb(c.value).shape).toEqual([5, 2]);
      expect(wide.entropy().shape).toEqual([5, 2]);
      const rank = ev.length;
      if (!c.name.startsWith('Categorical')) expect(wide.mean.shape).toEqual([5, 2, ...ev]);
      expect(wide.support.eventDim).toBe(rank);
      expect(String(one)).toContain(`batchShape=[], eventShape=[${ev.join(',')}]`);
    });
  }
});

describe('sampling semantics', () => {
  it('the same seed gives the same draws; the default generator follows setSeed', () => {
    expect(new Gamma(2, 3).sample([5], rng(7)).toArray()).toEqual(
      new Gamma(2, 3).sample([5], rng(7)).toArray(),
    );
    setSeed(11);
    const a = new Normal(0, 1).sample([3]).toArray();
    setSeed(11);
    expect(new Normal(0, 1).sample(3).toArray()).toEqual(a);
    expect(defaultRng().seed).toBe('11');
  });

  it('reparameterized samples carry gradients; the others are constants on the tape', () => {
    const loc = variable(0.5);
    const rate = variable(2);
    const tape = new GradientTape({ persistent: true });
    const [x, k] = tape.record(() => [
      sum(new Normal(loc, 1).sample([4], rng(0))),
      sum(new Poisson(rate).sample([4], rng(0))),
    ]);
    expect(tape.gradient(x, loc)?.item()).toBe(4);
    expect(tape.gradient(k, rate)).toBe(null);
    expect(new Normal(0, 1).reparameterized).toBe(true);
    expect(new Poisson(1).reparameterized).toBe(false);
  });

  it('where a family draws from standard noise, sample = fromNoise(noise), bit for bit with the same draws', () => {
    const withNoise: string[] = [];
    for (const c of CASES) {
      const d = c.make(...c.params.map((p) => tensor(p)));
      const eps = d.noise([3], rng(5));
      if (eps === undefined) continue;
      withNoise.push(c.name);
      const r1 = rng(9);
      const r2 = rng(9);
      expect(d.fromNoise(d.noise([2], r1) as Tensor).toArray(), c.name).toEqual(
        d.sample([2], r2).toArray(),
      );
      expect(r1.uniform(), c.name).toBe(r2.uniform()); // the streams stay in step
      const t = new TransformedDistribution(
        new Independent(d.expand([2, ...d.batchShape]), 1),
        new Exp(),
      );
      expect(t.fromNoise(t.noise([], rng(3)) as Tensor).toArray(), c.name).toEqual(
        t.sample([], rng(3)).toArray(),
      );
    }
    expect(
      new Delta([1, 2]).fromNoise(new Delta([1, 2]).noise([2], rng(0)) as Tensor).toArray(),
    ).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(withNoise).toEqual(
      expect.arrayContaining(['Normal', 'LogNormal', 'MultivariateNormal']),
    );
    expect(new Poisson(1).noise([], rng(0))).toBeUndefined();
    // a subclass that samples otherwise, without its own noise form, has none
    class Doubled extends Normal {
      protected override _sample(shape: number[], r: Rng): Tensor {
        return mul(2, super._sample(shape, r));
      }
    }
    expect(new Doubled(0, 1).noise([], rng(0))).toBeUndefined();
    expect(new Normal(0, 1).noise([], rng(0))).toBeDefined();
    expect(() => new Poisson(1).fromNoise(tensor(0))).toThrow(/fromNoise/);
  });

  it('Variables are parameters', () => {
    const scale = variable([1, 2]);
    const tape = new GradientTape();
    const y = tape.record(() => sum(new Normal(0, scale).logProb([1, 1])));
    expect((tape.gradient(y, scale) as Tensor).toArray()).toEqual([0, -0.375]);
  });
});

describe('Independent, Delta, ImproperUniform', () => {
  it('Independent sums the reinterpreted axes', () => {
    const base = new Normal(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      1,
    );
    const d = new Independent(base, 1);
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([3]);
    const x = [
      [0, 1, 2],
      [0, 0, 0],
    ];
    expect(d.logProb(x).toArray()).toEqual(Array.from(sum(base.logProb(x), -1).data));
    expect(d.entropy().toArray()).toEqual(Array.from(sum(base.entropy(), -1).data));
    expect(d.sample([4], rng(0)).toArray()).toEqual(base.sample([4], rng(0)).toArray());
    expect(d.expand([5, 2]).batchShape).toEqual([5, 2]);
    expect(
      d.logProb([
        [0, NaN, 2],
        [0, 0, 0],
      ]).data[0],
    ).toBe(-Infinity);
  });

  it('Delta', () => {
    const v = variable([1, 2]);
    const d = new Delta(v, { eventDim: 1, logDensity: -3 });
    expect(d.eventShape).toEqual([2]);
    expect(
      d
        .logProb([
          [1, 2],
          [1, 3],
        ])
        .toArray(),
    ).toEqual([-3, -Infinity]);
    const tape = new GradientTape();
    const s = tape.record(() => sum(d.sample([3])));
    expect((tape.gradient(s, v) as Tensor).toArray()).toEqual([3, 3]);
    expect(new Delta(2).cdf([1, 2, 3]).toArray()).toEqual([0, 1, 1]);
  });

  it('ImproperUniform: log density 0 inside its support, -Infinity outside', () => {
    const d = new ImproperUniform(constraints.simplex, { batchShape: [2], eventShape: [3] });
    expect(
      d
        .logProb([
          [0.2, 0.3, 0.5],
          [0.5, 0.6, -0.1],
        ])
        .toArray(),
    ).toEqual([0, -Infinity]);
    const r = new ImproperUniform(constraints.real, { eventShape: [2] });
    expect(
      r
        .logProb([
          [1, 2],
          [NaN, 0],
        ])
        .toArray(),
    ).toEqual([0, -Infinity]);
    expect(r.support.eventDim).toBe(1);
  });
});

describe('cdf and icdf', () => {
  const grid = [-3, -0.5, 0.2, 1, 4, 9];
  const checks: [string, (x: number) => number, (x: number) => number][] = [
    ['Normal', (x) => new Normal(0.5, 2).cdf(x).item(), (x) => normalCdf(x, 0.5, 2)],
    ['Gamma', (x) => new Gamma(2.5, 0.7).cdf(x).item(), (x) => gammaCdf(x, 2.5, 0.7)],
    ['Beta', (x) => new Beta(2, 3).cdf(x / 10).item(), (x) => betaCdf(x / 10, 2, 3)],
    ['StudentT', (x) => new StudentT(4, 1, 2).cdf(x).item(), (x) => tCdf((x - 1) / 2, 4)],
  ];
  for (const [name, ours, ref] of checks) {
    it(`${name} agrees with @stdlib`, () => {
      for (const x of grid) expect(ours(x)).toBeCloseTo(ref(x), 14);
    });
  }

  it('icdf inverts cdf for every continuous scalar family', () => {
    for (const c of CASES.filter((k) => k.continuous)) {
      const d = c.make(...c.params.map((p) => tensor(p)));
      if (d.eventShape.length > 0) continue;
      const ps = [0.001, 0.2, 0.5, 0.77, 0.999];
      const back = d.cdf(d.icdf(ps));
      expect(Array.from(back.data), c.name).toEqual(ps.map((p) => expect.closeTo(p, 10)));
    }
  });

  it('the normal CDF keeps its relative precision far in the lower tail', () => {
    // Φ(-30) from mpmath; ½ erfc(-z/√2) keeps ~1e-13 (1 - Φ(30) would be 0)
    const rel = new Normal(0, 1).cdf(-30).item() / 4.906713927148187e-198 - 1;
    expect(Math.abs(rel)).toBeLessThanOrEqual(1e-12);
  });

  it('Poisson entropy: the sum and the asymptotic series agree where they meet (λ = 1e4)', () => {
    const below = new Poisson(1e4 * (1 - 1e-12)).entropy().item();
    const at = new Poisson(1e4).entropy().item();
    expect(Math.abs(below - at)).toBeLessThanOrEqual(1e-12); // the sum rounds ~2400 terms
    // ½ log(2πeλ) - 1/(12λ) - ... at λ = 1e8
    expect(new Poisson(1e8).entropy().item()).toBeCloseTo(10.629278904347522, 13);
  });

  it('discrete CDFs', () => {
    expect(new Poisson(3).cdf([-1, 0, 2, 2.5]).toArray()).toEqual([
      0,
      Math.exp(-3),
      expect.closeTo(Math.exp(-3) * (1 + 3 + 4.5), 15),
      expect.closeTo(Math.exp(-3) * (1 + 3 + 4.5), 15),
    ]);
  });
});
