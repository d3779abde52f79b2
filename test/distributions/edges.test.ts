/**
 * logProb at the edges: NaN and ±Infinity values (-Infinity, gradient 0, for every
 * family), zero probabilities inside the support (-Infinity, gradient 0), the density's
 * limit on the support's boundary (as scipy, test/distributions/golden.json "boundary"),
 * and the same answers under jit when later calls move across those edges.
 */
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  grad,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  jit,
  LogNormal,
  Normal,
  Poisson,
  StudentT,
  sum,
  tensor,
  Uniform,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import { CASES } from './cases.js';
import golden from './golden.json' with { type: 'json' };

const EULER = 0.5772156649015329;

/** Every gradient of sum(make(...params).logProb(value)) in the continuous parameters. */
function paramGrads(
  make: (...p: Tensor[]) => Distribution,
  params: TensorLike[],
  value: TensorLike,
  discrete: number[] = [],
): number[] {
  const argnums = params.map((_, i) => i);
  const gs = grad((...ps: Tensor[]) => sum(make(...ps).logProb(value)), { argnums })(...params);
  return gs.filter((_, i) => !discrete.includes(i)).flatMap((g) => Array.from(g.data));
}

/** The value with its first element replaced by v (events keep their shape). */
function withFirst(value: TensorLike, v: number): TensorLike {
  const t = tensor(value);
  const d = Float64Array.from(t.data);
  d[0] = v;
  return tensor(d, t.shape);
}

describe('NaN and ±Infinity values: -Infinity with gradient 0, for every family', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const d = c.make(...c.params.map((p) => tensor(p)));
      for (const v of [NaN, Infinity, -Infinity]) {
        const x = withFirst(c.value, v);
        expect(d.logProb(x).item(), `at ${v}`).toBe(-Infinity);
        const gs = paramGrads(c.make, c.params, x, c.discreteParams);
        expect(
          gs.every((g) => g === 0),
          `gradients at ${v}: ${gs}`,
        ).toBe(true);
      }
    });
  }

  it('issue 12: Gamma(2, 1) and Poisson(2) at Infinity are -Infinity, not NaN', () => {
    expect(new Gamma(2, 1).logProb(Infinity).item()).toBe(-Infinity);
    expect(new Poisson(2).logProb(Infinity).item()).toBe(-Infinity);
    const at1 = new Gamma(2, 1).logProb(1).item();
    expect(new Gamma(2, 1).logProb([1, Infinity, NaN]).toArray()).toEqual([
      at1,
      -Infinity,
      -Infinity,
    ]);
    const g = grad((x) => sum(new Gamma(2, 1).logProb(x)))([1, Infinity]);
    expect(g.toArray()).toEqual([0, 0]);
  });
});

describe('zero probability inside the support: -Infinity with gradient 0', () => {
  const table: [string, (...p: Tensor[]) => Distribution, TensorLike[], TensorLike][] = [
    ['Binomial probs 0, k = 3', (n, p) => new Binomial(n, { probs: p }), [10, 0], 3],
    ['Binomial probs 1, k = 3', (n, p) => new Binomial(n, { probs: p }), [10, 1], 3],
    ['Binomial probs 1, k = 0', (n, p) => new Binomial(n, { probs: p }), [10, 1], 0],
    ['Bernoulli probs 0, k = 1', (p) => new Bernoulli({ probs: p }), [0], 1],
    ['Bernoulli probs 1, k = 0', (p) => new Bernoulli({ probs: p }), [1], 0],
    [
      'Categorical probs [0, .5, .5], k = 0',
      (p) => new Categorical({ probs: p }),
      [[0, 0.5, 0.5]],
      0,
    ],
    ['Geometric probs 1, k = 2', (p) => new Geometric({ probs: p }), [1], 2],
    ['Poisson rate 0, k = 2', (r) => new Poisson(r), [0], 2],
    ['Gamma(2.5, 1) at 0', (a, b) => new Gamma(a, b), [2.5, 1], 0],
    ['Beta(3, 2) at 1', (a, b) => new Beta(a, b), [3, 2], 1],
    ['Dirichlet([2, 1, 3]) at [0, .5, .5]', (a) => new Dirichlet(a), [[2, 1, 3]], [0, 0.5, 0.5]],
  ];
  for (const [name, make, params, x] of table) {
    it(name, () => {
      const discrete = name.startsWith('Binomial') ? [0] : [];
      expect(
        make(...params.map((p) => tensor(p)))
          .logProb(x)
          .item(),
      ).toBe(-Infinity);
      const gs = paramGrads(make, params, x, discrete);
      expect(
        gs.every((g) => g === 0),
        `gradients ${gs}`,
      ).toBe(true);
    });
  }

  it('the finite neighbours keep their gradients (Binomial probs 0 at k = 0: -n)', () => {
    const g = grad((p: Tensor) => new Binomial(10, { probs: p }).logProb(0))(0).item();
    expect(g).toBe(-10);
  });
});

type Maker = (p: (number | number[])[]) => Distribution;
const MAKERS: Record<string, Maker> = {
  Gamma: ([a, b]) => new Gamma(a, b),
  Exponential: ([r]) => new Exponential(r),
  Beta: ([a, b]) => new Beta(a, b),
  HalfNormal: ([s]) => new HalfNormal(s),
  HalfCauchy: ([s]) => new HalfCauchy(s),
  InverseGamma: ([a, b]) => new InverseGamma(a, b),
  LogNormal: ([m, s]) => new LogNormal(m, s),
  Dirichlet: ([a]) => new Dirichlet(a),
};

describe("the support's boundary: the density's limit, as scipy", () => {
  for (const row of golden.boundary) {
    const want =
      typeof row.logProb === 'string'
        ? Number(row.logProb.replace('inf', 'Infinity'))
        : row.logProb;
    it(`${row.family}(${JSON.stringify(row.params)}) at ${JSON.stringify(row.x)}: ${want}`, () => {
      const v = MAKERS[row.family](row.params)
        .logProb(row.x as TensorLike)
        .item();
      if (Number.isFinite(want)) expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-15);
      else expect(v).toBe(want);
    });
  }

  it('issue 12: Gamma(1, 2) at 0 is log 2 as Exponential(2); Gamma(0.5, 1) at 0 is +Infinity', () => {
    expect(new Gamma(1, 2).logProb(0).item()).toBe(Math.LN2);
    expect(new Exponential(2).logProb(0).item()).toBe(Math.LN2);
    expect(new Gamma(0.5, 1).logProb(0).item()).toBe(Infinity);
  });

  it('Gamma(1, b) at 0: d/db = 1/b and d/da = log b + γ (0·log 0 taken as 0, like xlogy)', () => {
    expect(grad((b: Tensor) => new Gamma(1, b).logProb(0))(2).item()).toBe(0.5);
    const ga = grad((a: Tensor) => new Gamma(a, 2).logProb(0))(1).item();
    expect(ga).toBeCloseTo(Math.LN2 + EULER, 15);
    // +Infinity at shape 0.5: gradient 0, as for every infinite log density
    expect(grad((a: Tensor) => new Gamma(a, 1).logProb(0))(0.5).item()).toBe(0);
  });

  it('a batch of shapes at 0 mixes the three limits; Beta(1, b) at 0 keeps finite gradients', () => {
    expect(new Gamma([0.5, 1, 2], 3).logProb(0).toArray()).toEqual([
      Infinity,
      Math.log(3),
      -Infinity,
    ]);
    const g = grad((a: Tensor) => sum(new Gamma(a, 3).logProb(0)))([
      0.5, 1, 2,
    ]).toArray() as number[];
    expect(g[0]).toBe(0);
    expect(g[1]).toBeCloseTo(Math.log(3) + EULER, 15);
    expect(g[2]).toBe(0);
    // log Beta(1, b) density at 0 is log b: d/db = 1/b; d/da = ψ(1 + b) - ψ(1) (0·log 0 as 0)
    const [ga, gb] = grad((a: Tensor, b: Tensor) => new Beta(a, b).logProb(0), { argnums: [0, 1] })(
      1,
      2,
    );
    expect(gb.item()).toBeCloseTo(0.5, 15);
    expect(ga.item()).toBeCloseTo(1.5, 14);
  });

  it('Dirichlet: +Infinity on a face where αᵢ < 1; -Infinity once a zero coordinate has αᵢ > 1', () => {
    expect(new Dirichlet([0.5, 2, 3]).logProb([0, 0.4, 0.6]).item()).toBe(Infinity);
    expect(new Dirichlet([0.5, 2, 3]).logProb([0, 0, 1]).item()).toBe(-Infinity);
    expect(
      new Dirichlet([1, 2, 3])
        .logProb([
          [0, 0.4, 0.6],
          [0, 0, 1],
        ])
        .toArray(),
    ).toEqual([new Dirichlet([1, 2, 3]).logProb([0, 0.4, 0.6]).item(), -Infinity]);
  });
});

describe('under jit, later calls across the edges match eager results', () => {
  it('a real support: NaN or Infinity after tracing on finite values', () => {
    const f = jit((x: Tensor) => new Normal(0, 1).logProb(x));
    expect(f([0.5, 1]).toArray()).toEqual(new Normal(0, 1).logProb([0.5, 1]).toArray());
    expect(f([NaN, Infinity]).toArray()).toEqual([-Infinity, -Infinity]);
    expect(f.traces).toBe(1);
  });

  it('interval bounds that are traced parameters (Uniform)', () => {
    const f = jit((x: Tensor, lo: Tensor, hi: Tensor) => new Uniform(lo, hi).logProb(x));
    expect(f(0.5, 0, 1).item() + 0).toBe(0); // -0 is 0
    expect(f(0.5, 1, 3).item()).toBe(-Infinity); // outside the new bounds
    expect(f(2, 1, 3).item()).toBe(-Math.LN2);
    expect(f.traces).toBe(1);
  });

  it('Gamma at 0 and at Infinity after tracing at interior points', () => {
    const f = jit((x: Tensor, a: Tensor) => new Gamma(a, 2).logProb(x));
    f([1, 2], 1);
    expect(f([0, Infinity], 1).toArray()).toEqual([Math.LN2, -Infinity]);
    expect(f([0, 0.5], 0.5).toArray()).toEqual(new Gamma(0.5, 2).logProb([0, 0.5]).toArray());
    expect(f.traces).toBe(1);
  });

  it('Beta across its two log-density forms (a, b > 2 or not)', () => {
    const f = jit((x: Tensor, a: Tensor, b: Tensor) => new Beta(a, b).logProb(x));
    const eager = (x: number, a: number, b: number): number => new Beta(a, b).logProb(x).item();
    expect(f(0.3, 5, 6).item()).toBe(eager(0.3, 5, 6));
    expect(f(0.3, 1.5, 6).item()).toBe(eager(0.3, 1.5, 6));
    expect(f(0.3, 0.5, 0.5).item()).toBe(eager(0.3, 0.5, 0.5));
  });

  it('StudentT across df = 20, value and df-gradient', () => {
    const g = (x: Tensor, df: Tensor): Tensor =>
      grad((d: Tensor) => new StudentT(d, 0, 1).logProb(x))(df);
    const f = jit(g);
    for (const df of [50, 3, 1e8]) {
      expect(f(1.5, df).item(), `df ${df}`).toBe(g(tensor(1.5), tensor(df)).item());
    }
  });

  it('gradients of cdf and icdf in the concentration (gammainc, gammaincinv)', () => {
    const dc = (x: Tensor, a: Tensor): Tensor => grad((s: Tensor) => new Gamma(s, 1).cdf(x))(a);
    const di = (p: Tensor, a: Tensor): Tensor => grad((s: Tensor) => new Gamma(s, 1).icdf(p))(a);
    const [jc, ji] = [jit(dc), jit(di)];
    for (const [x, a] of [
      [0.7, 2],
      [3, 0.5],
      [40, 30],
    ]) {
      expect(jc(x, a).item()).toBe(dc(tensor(x), tensor(a)).item());
      expect(ji(x / 50, a).item()).toBe(di(tensor(x / 50), tensor(a)).item());
    }
    const dip = (p: Tensor, a: Tensor): Tensor => grad((q: Tensor) => new Gamma(a, 1).icdf(q))(p);
    const jp = jit(dip);
    for (const [p, a] of [
      [0.2, 2],
      [0.9, 5],
    ])
      expect(jp(p, a).item()).toBe(dip(tensor(p), tensor(a)).item());
  });
});
