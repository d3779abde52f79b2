/**
 * Count families (issue 17): log-masses against scipy.stats (scripts/golden-counts.py,
 * ≤ 1e-12 relative at typical points, ≤ 2e-10 at extreme ones), gradients of logProb in
 * every continuous parameter against a 5-point central difference (1e-8 relative),
 * seeded sample moments within 4 standard errors, -∞ outside the support, expand;
 * DirichletMultinomial's enumerated entropy against 50-digit sums
 * (scripts/golden-dirichlet-multinomial.py), its gradient and its limit.
 */
import { describe, expect, it } from 'vitest';
import {
  BetaBinomial,
  DirichletMultinomial,
  GammaPoisson,
  Multinomial,
  NegativeBinomial,
  OneHotCategorical,
  ZeroInflatedNegativeBinomial,
  ZeroInflatedPoisson,
  bijectorFor,
  constraints,
  grad,
  rng,
  tensor,
  type Distribution,
  type Tensor,
} from '../../src/index.js';
import golden from './golden-counts.json' with { type: 'json' };
import dmGolden from './golden-dirichlet-multinomial.json' with { type: 'json' };

type Params = Record<string, number>;
type Point = { params: Params; x: number; logProb: number };

const MAKE: Record<string, (p: Params) => Distribution> = {
  NegativeBinomial: (p) => new NegativeBinomial(p.totalCount, { probs: p.probs }),
  GammaPoisson: (p) => new GammaPoisson(p.mean, p.concentration),
  BetaBinomial: (p) => new BetaBinomial(p.concentration1, p.concentration0, p.totalCount),
  ZeroInflatedPoisson: (p) => new ZeroInflatedPoisson(p.rate, p.gate),
  ZeroInflatedNegativeBinomial: (p) =>
    new ZeroInflatedNegativeBinomial(p.totalCount, { probs: p.probs, gate: p.gate }),
};

/** Builders taking every continuous parameter as a Tensor, for the gradient checks. */
const MAKE_T: Record<string, (t: Tensor[]) => Distribution> = {
  NegativeBinomial: ([r, p]) => new NegativeBinomial(r, { probs: p }),
  NegativeBinomialLogits: ([r, l]) => new NegativeBinomial(r, { logits: l }),
  GammaPoisson: ([m, c]) => new GammaPoisson(m, c),
  BetaBinomial: ([a, b]) => new BetaBinomial(a, b, 25),
  ZeroInflatedPoisson: ([l, g]) => new ZeroInflatedPoisson(l, g),
  ZeroInflatedNegativeBinomial: ([r, p, g]) =>
    new ZeroInflatedNegativeBinomial(r, { probs: p, gate: g }),
  ZeroInflatedNegativeBinomialLogits: ([r, l, g]) =>
    new ZeroInflatedNegativeBinomial(r, { logits: l, gate: g }),
};

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** f'(x) by the 5-point stencil (truncation O(h⁴)). */
function diff(f: (v: number) => number, x: number): number {
  const h = 1e-4 * Math.max(Math.abs(x), 1e-3);
  return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
}

function checkGrad(name: string, params: number[], x: number): void {
  const lp = (ps: number[]) =>
    MAKE_T[name](ps.map((v) => tensor(v)))
      .logProb(x)
      .item();
  params.forEach((_, i) => {
    const f = (t: Tensor) =>
      MAKE_T[name](params.map((v, j) => (j === i ? t : tensor(v)))).logProb(x);
    const g = grad(f)(params[i]).item();
    const fd = diff((v) => lp(params.map((u, j) => (j === i ? v : u))), params[i]);
    expect(
      relErr(g, fd),
      `${name} d/d#${i} at ${params.join(', ')}, x = ${x}: ${g} vs ${fd}`,
    ).toBeLessThan(1e-8);
  });
}

function checkMoments(d: Distribution, name: string): void {
  const n = 100_000;
  const s = d.sample([n], rng(`counts/${name}`)).data;
  let m = 0;
  for (const v of s) m += v;
  m /= n;
  let m2 = 0;
  let m4 = 0;
  for (const v of s) {
    m2 += (v - m) ** 2;
    m4 += (v - m) ** 4;
  }
  m2 /= n;
  m4 /= n;
  const mean = d.mean.item();
  const variance = d.variance.item();
  expect(Math.abs(m - mean), `${name} mean ${m} vs ${mean}`).toBeLessThan(
    4 * Math.sqrt(variance / n),
  );
  const seVar = Math.sqrt((m4 - m2 * m2) / n);
  expect(Math.abs(m2 - variance), `${name} variance ${m2} vs ${variance}`).toBeLessThan(4 * seVar);
}

describe.each(Object.keys(MAKE))('%s', (name) => {
  const g = (golden as unknown as Record<string, { typical: Point[]; extreme: Point[] }>)[name];
  it('logProb matches scipy at typical points (1e-12) and extreme points (2e-10)', () => {
    for (const [points, tol] of [
      [g.typical, 1e-12],
      [g.extreme, 2e-10],
    ] as const) {
      for (const p of points) {
        const v = MAKE[name](p.params).logProb(p.x).item();
        expect(relErr(v, p.logProb), `${JSON.stringify(p)}: ${v}`).toBeLessThanOrEqual(tol);
      }
    }
  });

  it('logProb is -Infinity outside the support, never NaN', () => {
    const d = MAKE[name](g.typical[0].params);
    expect(d.logProb([-1, 1.5, NaN, Infinity]).toArray()).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
  });

  it('expand broadcasts the batch', () => {
    const d = MAKE[name](g.typical[0].params).expand([3]);
    expect(d.batchShape).toEqual([3]);
    expect(d.logProb([0, 1, 2]).data[1]).toBeCloseTo(
      MAKE[name](g.typical[0].params).logProb(1).item(),
      14,
    );
    expect(d.sample([2], rng('counts/expand')).shape).toEqual([2, 3]);
  });
});

describe('gradients of logProb', () => {
  it('NegativeBinomial in totalCount and probs / logits', () => {
    for (const x of [0, 1, 4, 30]) {
      checkGrad('NegativeBinomial', [3, 0.4], x);
      checkGrad('NegativeBinomial', [0.7, 0.85], x);
      checkGrad('NegativeBinomialLogits', [2.5, -0.6], x);
    }
  });
  it('GammaPoisson in mean and concentration', () => {
    for (const x of [0, 1, 4, 30]) {
      checkGrad('GammaPoisson', [2, 3], x);
      checkGrad('GammaPoisson', [12, 0.5], x);
    }
  });
});

describe('gradients of logProb (BetaBinomial)', () => {
  it('BetaBinomial in both concentrations', () => {
    for (const x of [0, 1, 12, 25]) {
      checkGrad('BetaBinomial', [2, 3], x);
      checkGrad('BetaBinomial', [0.3, 2.5], x);
    }
  });
});

describe('sample moments (1e5 seeded draws, 4 SE)', () => {
  it('NegativeBinomial', () => {
    checkMoments(new NegativeBinomial(3, { probs: 0.4 }), 'nb1');
    checkMoments(new NegativeBinomial(0.6, { logits: 1.2 }), 'nb2');
  });
  it('GammaPoisson', () => {
    checkMoments(new GammaPoisson(2, 3), 'gp1');
    checkMoments(new GammaPoisson(8, 0.7), 'gp2');
  });
});

describe('sample moments (BetaBinomial)', () => {
  it('BetaBinomial', () => {
    checkMoments(new BetaBinomial(2, 3, 10), 'bb1');
    checkMoments(new BetaBinomial(0.4, 0.7, 60), 'bb2');
  });
  it('BetaBinomial logProb is -Infinity above totalCount', () => {
    expect(new BetaBinomial(2, 3, 10).logProb(11).item()).toBe(-Infinity);
  });
});

describe('ZeroInflatedPoisson gradients and moments', () => {
  it('gradients in rate and gate', () => {
    for (const x of [0, 1, 4, 30]) {
      checkGrad('ZeroInflatedPoisson', [3, 0.2], x);
      checkGrad('ZeroInflatedPoisson', [0.3, 0.85], x);
    }
  });
  it('moments', () => {
    checkMoments(new ZeroInflatedPoisson(3, 0.2), 'zip1');
    checkMoments(new ZeroInflatedPoisson(12, 0.6), 'zip2');
  });
});

describe('ZeroInflatedNegativeBinomial gradients and moments', () => {
  it('gradients in totalCount, probs / logits and gate', () => {
    for (const x of [0, 1, 4, 30]) {
      checkGrad('ZeroInflatedNegativeBinomial', [3, 0.4, 0.2], x);
      checkGrad('ZeroInflatedNegativeBinomialLogits', [0.8, 0.5, 0.6], x);
    }
  });
  it('moments', () => {
    checkMoments(new ZeroInflatedNegativeBinomial(3, { probs: 0.4, gate: 0.2 }), 'zinb1');
    checkMoments(new ZeroInflatedNegativeBinomial(1.5, { logits: 1.5, gate: 0.5 }), 'zinb2');
  });
});

describe('Multinomial', () => {
  const g = (
    golden as unknown as Record<
      string,
      Record<string, { params: { probs: number[] }; x: number[]; logProb: number }[]>
    >
  ).Multinomial;
  it('logProb matches 50-digit values (1e-12 typical, 2e-10 extreme)', () => {
    for (const [points, tol] of [
      [g.typical, 1e-12],
      [g.extreme, 2e-10],
    ] as const) {
      for (const p of points) {
        const n = p.x.reduce((a, b) => a + b, 0);
        const v = new Multinomial(n, { probs: p.params.probs }).logProb(p.x).item();
        expect(relErr(v, p.logProb), `${JSON.stringify(p)}: ${v}`).toBeLessThanOrEqual(tol);
      }
    }
  });
  it('logProb is -Infinity off the support (wrong sum, negative, fractional, NaN)', () => {
    const d = new Multinomial(4, { probs: [0.2, 0.3, 0.5] });
    const x = [
      [1, 1, 1],
      [-1, 3, 2],
      [0.5, 1.5, 2],
      [NaN, 2, 2],
    ];
    expect(d.logProb(x).toArray()).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  });
  it('gradient in each logit matches a central difference', () => {
    const logits = [0.3, -1.1, 0.8];
    const x = [2, 0, 5];
    const lp = (l: number[]) => new Multinomial(7, { logits: l }).logProb(x).item();
    const gr = grad((l: Tensor) => new Multinomial(7, { logits: l }).logProb(x))(
      tensor(logits),
    ).toArray() as number[];
    logits.forEach((v, i) => {
      const fd = diff((u) => lp(logits.map((w, j) => (j === i ? u : w))), v);
      expect(relErr(gr[i], fd), `d/dlogit${i}`).toBeLessThan(1e-8);
    });
  });
  it('sample moments per component; batch and expand', () => {
    const d = new Multinomial(10, { probs: [0.2, 0.3, 0.5] });
    const s = d.sample([100_000], rng('counts/multinomial')).data;
    const mean = d.mean.data;
    const variance = d.variance.data;
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let i = j; i < s.length; i += 3) m += s[i];
      m /= 100_000;
      let v = 0;
      for (let i = j; i < s.length; i += 3) v += (s[i] - m) ** 2;
      v /= 100_000;
      expect(Math.abs(m - mean[j])).toBeLessThan(4 * Math.sqrt(variance[j] / 100_000));
      expect(Math.abs(v - variance[j])).toBeLessThan(0.04 * variance[j]);
    }
    for (let i = 0; i < s.length; i += 3) expect(s[i] + s[i + 1] + s[i + 2]).toBe(10);
    const e = d.expand([2]);
    expect(e.batchShape).toEqual([2]);
    expect(e.sample([4], rng('counts/mexpand')).shape).toEqual([4, 2, 3]);
  });
});

describe('OneHotCategorical', () => {
  type VPoint = { params: { probs: number[] }; x: number[]; logProb: number };
  const g = (golden as unknown as Record<string, Record<string, VPoint[]>>).OneHotCategorical;
  it('logProb matches scipy (multinomial with n = 1) to 1e-12', () => {
    for (const p of [...g.typical, ...g.extreme]) {
      const v = new OneHotCategorical({ probs: p.params.probs }).logProb(p.x).item();
      expect(relErr(v, p.logProb), `${JSON.stringify(p)}: ${v}`).toBeLessThanOrEqual(1e-12);
    }
  });
  it('logProb is -Infinity off the one-hot vectors', () => {
    const d = new OneHotCategorical({ logits: [0.1, 0.2, 0.3] });
    const x = [
      [0, 1, 1],
      [0, 0, 0],
      [0.5, 0.5, 0],
      [-1, 1, 1],
      [NaN, 1, 0],
    ];
    expect(d.logProb(x).toArray()).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
  });
  it('gradient in each logit matches a central difference', () => {
    const logits = [0.3, -1.1, 0.8];
    const x = [0, 1, 0];
    const lp = (l: number[]) => new OneHotCategorical({ logits: l }).logProb(x).item();
    const gr = grad((l: Tensor) => new OneHotCategorical({ logits: l }).logProb(x))(
      tensor(logits),
    ).toArray() as number[];
    logits.forEach((v, i) => {
      const fd = diff((u) => lp(logits.map((w, j) => (j === i ? u : w))), v);
      expect(relErr(gr[i], fd), `d/dlogit${i}`).toBeLessThan(1e-8);
    });
  });
  it('sample frequencies within 4 SE of probs; expand', () => {
    const d = new OneHotCategorical({ probs: [0.2, 0.3, 0.5] });
    const s = d.sample([100_000], rng('counts/onehot')).data;
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let i = j; i < s.length; i += 3) m += s[i];
      m /= 100_000;
      const v = d.variance.data[j];
      expect(Math.abs(m - d.mean.data[j])).toBeLessThan(4 * Math.sqrt(v / 100_000));
    }
    for (let i = 0; i < s.length; i += 3) expect(s[i] + s[i + 1] + s[i + 2]).toBe(1);
    expect(d.expand([2]).sample([4], rng('counts/oexpand')).shape).toEqual([4, 2, 3]);
  });
});

describe('DirichletMultinomial', () => {
  type VPoint = { params: { concentration: number[] }; x: number[]; logProb: number };
  const g = (golden as unknown as Record<string, Record<string, VPoint[]>>).DirichletMultinomial;
  it('logProb matches 50-digit values (1e-12 typical, 2e-10 extreme)', () => {
    for (const [points, tol] of [
      [g.typical, 1e-12],
      [g.extreme, 2e-10],
    ] as const) {
      for (const p of points) {
        const n = p.x.reduce((a, b) => a + b, 0);
        const v = new DirichletMultinomial(p.params.concentration, n).logProb(p.x).item();
        expect(relErr(v, p.logProb), `${JSON.stringify(p)}: ${v}`).toBeLessThanOrEqual(tol);
      }
    }
  });
  it('logProb is -Infinity off the support', () => {
    const d = new DirichletMultinomial([1, 2, 3], 4);
    const x = [
      [1, 1, 1],
      [-1, 3, 2],
      [0.5, 1.5, 2],
      [NaN, 2, 2],
    ];
    expect(d.logProb(x).toArray()).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  });
  it('gradient in each concentration matches a central difference', () => {
    const a = [0.7, 2.5, 4];
    const x = [2, 0, 5];
    const lp = (c: number[]) => new DirichletMultinomial(c, 7).logProb(x).item();
    const gr = grad((c: Tensor) => new DirichletMultinomial(c, 7).logProb(x))(
      tensor(a),
    ).toArray() as number[];
    a.forEach((v, i) => {
      const fd = diff((u) => lp(a.map((w, j) => (j === i ? u : w))), v);
      expect(relErr(gr[i], fd), `d/dalpha${i}: ${gr[i]} vs ${fd}`).toBeLessThan(1e-8);
    });
  });
  it('sample moments per component; expand', () => {
    const d = new DirichletMultinomial([1, 2, 3], 10);
    const s = d.sample([100_000], rng('counts/dirmult')).data;
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let i = j; i < s.length; i += 3) m += s[i];
      m /= 100_000;
      let v = 0;
      for (let i = j; i < s.length; i += 3) v += (s[i] - m) ** 2;
      v /= 100_000;
      const variance = d.variance.data[j];
      expect(Math.abs(m - d.mean.data[j])).toBeLessThan(4 * Math.sqrt(variance / 100_000));
      expect(Math.abs(v - variance)).toBeLessThan(0.04 * variance);
    }
    for (let i = 0; i < s.length; i += 3) expect(s[i] + s[i + 1] + s[i + 2]).toBe(10);
    expect(d.expand([2]).sample([4], rng('counts/dexpand')).shape).toEqual([4, 2, 3]);
  });
});

type MPoint = { params: Params; cdf: { x: number; value: number }[]; entropy: number };
const methods = (golden as unknown as { methods: Record<string, Record<string, MPoint[]>> })
  .methods;

describe.each(Object.keys(MAKE))('%s cdf and entropy', (name) => {
  it('match 30-digit references (1e-12 typical, 2e-10 extreme)', () => {
    for (const [points, tol] of [
      [methods[name].typical, 1e-12],
      [methods[name].extreme, 2e-10],
    ] as const) {
      for (const p of points) {
        const d = MAKE[name](p.params);
        const h = d.entropy().item();
        expect(relErr(h, p.entropy), `${JSON.stringify(p.params)} entropy ${h}`).toBeLessThan(tol);
        const xs = p.cdf.map((c) => c.x);
        const f = d.cdf(xs).toArray() as number[];
        p.cdf.forEach((c, i) => {
          const e = c.value === 0 ? Math.abs(f[i]) : relErr(f[i], c.value);
          expect(e, `${JSON.stringify(p.params)} cdf(${c.x}) ${f[i]}`).toBeLessThanOrEqual(tol);
        });
      }
    }
  });
});

describe('Multinomial entropy', () => {
  type NPoint = { params: { totalCount: number; probs: number[] }; entropy: number };
  const g = (golden as unknown as { methods: Record<string, Record<string, NPoint[]>> }).methods
    .Multinomial;
  it('matches 30-digit references (1e-12 typical, 2e-10 extreme, n up to 1e4)', () => {
    for (const [points, tol] of [
      [g.typical, 1e-12],
      [g.extreme, 2e-10],
    ] as const) {
      for (const p of points) {
        const h = new Multinomial(p.params.totalCount, { probs: p.params.probs }).entropy().item();
        expect(relErr(h, p.entropy), `${JSON.stringify(p.params)}: ${h}`).toBeLessThan(tol);
      }
    }
  });
});

describe('DirichletMultinomial entropy (enumeration of the count vectors)', () => {
  it('matches 50-digit sums (scripts/golden-dirichlet-multinomial.py) to 1e-12', () => {
    for (const p of dmGolden) {
      const h = new DirichletMultinomial(p.concentration, p.totalCount).entropy().item();
      expect(relErr(h, p.entropy), `${JSON.stringify(p)}: ${h}`).toBeLessThan(1e-12);
    }
  });
  it("is BetaBinomial's at K = 2, batched, and differentiable in α", () => {
    const bb = new BetaBinomial(0.3, 4, 17).entropy().item();
    expect(relErr(new DirichletMultinomial([0.3, 4], 17).entropy().item(), bb)).toBeLessThan(1e-14);
    const d = new DirichletMultinomial(
      [
        [1, 2, 3],
        [0.5, 0.5, 9],
      ],
      [4, 6],
    );
    const one = (a: number[], n: number) => new DirichletMultinomial(a, n).entropy().item();
    expect(d.entropy().toArray()).toEqual([one([1, 2, 3], 4), one([0.5, 0.5, 9], 6)]);
    const a = [0.7, 2.5, 4];
    const gr = grad((c: Tensor) => new DirichletMultinomial(c, 7).entropy())(tensor(a)).data;
    a.forEach((v, i) => {
      const fd = diff(
        (u) =>
          one(
            a.map((w, j) => (j === i ? u : w)),
            7,
          ),
        v,
      );
      expect(relErr(gr[i], fd), `dH/dα${i}: ${gr[i]} vs ${fd}`).toBeLessThan(1e-8);
    });
  });
  it('throws a named error beyond 1e6 count vectors × categories', () => {
    expect(new DirichletMultinomial([1, 1, 1], 814).entropy().item()).toBeGreaterThan(0);
    expect(() => new DirichletMultinomial([1, 1, 1], 815).entropy()).toThrow(
      /DirichletMultinomial\.entropy.*no closed form/,
    );
  });
});

/** d/dθ of a method (entropy, or the cdf at x) against the 5-point central difference. */
function checkMethodGrad(name: string, params: number[], m: (d: Distribution) => Tensor): void {
  params.forEach((_, i) => {
    const at = (t: Tensor) => m(MAKE_T[name](params.map((v, j) => (j === i ? t : tensor(v)))));
    const g = grad(at)(params[i]).item();
    const fd = diff((v) => at(tensor(v)).item(), params[i]);
    expect(relErr(g, fd), `${name} d/d#${i} at ${params.join(', ')}: ${g} vs ${fd}`).toBeLessThan(
      1e-8,
    );
  });
}

describe('gradients of entropy and cdf (5-point central differences, 1e-8)', () => {
  const CASES: [string, number[]][] = [
    ['NegativeBinomial', [3, 0.4]],
    ['NegativeBinomial', [0.7, 0.85]],
    ['NegativeBinomialLogits', [2.5, -0.6]],
    ['GammaPoisson', [2, 3]],
    ['GammaPoisson', [12, 0.5]],
    ['BetaBinomial', [2, 3]],
    ['BetaBinomial', [0.3, 2.5]],
    ['ZeroInflatedPoisson', [3, 0.35]],
    ['ZeroInflatedPoisson', [0.6, 0.5]],
    ['ZeroInflatedNegativeBinomial', [3, 0.4, 0.2]],
    ['ZeroInflatedNegativeBinomialLogits', [0.8, 0.5, 0.6]],
  ];
  it.each(CASES)('%s at %j', (name, params) => {
    checkMethodGrad(name, params, (d) => d.entropy());
    // (ZIP's cdf at 12 is within 1e-5 of 1: a central difference has no digits left there)
    const xs = name === 'ZeroInflatedPoisson' ? [0, 1, 4.5] : [0, 1, 4.5, 12];
    for (const x of xs) checkMethodGrad(name, params, (d) => d.cdf(x));
  });
  it('Multinomial entropy in each logit', () => {
    const logits = [0.3, -1.1, 0.8];
    const h = (l: Tensor) => new Multinomial(7, { logits: l }).entropy();
    const gr = grad(h)(tensor(logits)).toArray() as number[];
    logits.forEach((v, i) => {
      const fd = diff((u) => h(tensor(logits.map((w, j) => (j === i ? u : w)))).item(), v);
      expect(relErr(gr[i], fd), `d/dlogit${i}: ${gr[i]} vs ${fd}`).toBeLessThan(1e-8);
    });
  });
});

describe('cdf edges, mode, batches', () => {
  it('cdf is 0 below 0, uses floor, is 1 from the top of a finite support', () => {
    const bb = new BetaBinomial(2, 3, 10);
    expect(bb.cdf([-0.5, 10, 10.5, 1e9]).toArray()).toEqual([0, 1, 1, 1]);
    expect(bb.cdf(3.7).item()).toBe(bb.cdf(3).item());
    for (const d of [
      new NegativeBinomial(3, { probs: 0.4 }),
      new GammaPoisson(2, 3),
      new ZeroInflatedPoisson(3, 0.2),
      new ZeroInflatedNegativeBinomial(3, { probs: 0.4, gate: 0.2 }),
    ]) {
      expect(d.cdf([-1, -0.2]).toArray()).toEqual([0, 0]);
      expect(d.cdf(2.9).item()).toBe(d.cdf(2).item());
    }
  });
  it('cdf and entropy broadcast over a batch', () => {
    const d = new NegativeBinomial([3, 0.7], { probs: [0.4, 0.25] });
    const one = (i: number) => new NegativeBinomial([3, 0.7][i], { probs: [0.4, 0.25][i] });
    expect(d.entropy().toArray()).toEqual([one(0).entropy().item(), one(1).entropy().item()]);
    expect(d.cdf([[2], [5]]).shape).toEqual([2, 2]);
    const m = new Multinomial([4, 10], {
      probs: [
        [0.2, 0.3, 0.5],
        [0.5, 0.25, 0.25],
      ],
    });
    const m1 = new Multinomial(10, { probs: [0.5, 0.25, 0.25] }).entropy().item();
    expect(relErr(m.entropy().data[1], m1)).toBeLessThan(1e-14);
  });
  it('mode: NegativeBinomial ⌊(r-1)p/(1-p)⌋ (0 for r ≤ 1), GammaPoisson ⌊μ(φ-1)/φ⌋', () => {
    const nb = new NegativeBinomial([3, 0.7, 12.5], { probs: [0.4, 0.25, 0.8] });
    expect(nb.mode.toArray()).toEqual([1, 0, 46]);
    expect(new GammaPoisson([7.5, 2, 0.3], [0.6, 3, 40]).mode.toArray()).toEqual([0, 1, 0]);
    // the mode is an argmax of the mass
    for (const d of [new NegativeBinomial(12.5, { probs: 0.8 }), new GammaPoisson(21, 4)]) {
      const k = d.mode.item();
      const lp = d.logProb([k - 1, k, k + 1]).toArray() as number[];
      expect(lp[1]).toBeGreaterThanOrEqual(Math.max(lp[0], lp[2]));
    }
  });
});

describe('constraints.multinomial (the count-vector support)', () => {
  it('is the support of Multinomial and DirichletMultinomial; check; no bijector', () => {
    for (const d of [
      new Multinomial(4, { probs: [0.2, 0.3, 0.5] }),
      new DirichletMultinomial([1, 2, 3], 4),
    ]) {
      expect(d.support.kind).toBe('multinomial');
      expect(d.support.discrete).toBe(true);
      const x = [
        [1, 1, 2],
        [1, 1, 1],
        [-1, 3, 2],
        [0.5, 1.5, 2],
        [NaN, 2, 2],
        [Infinity, 0, 0],
      ];
      expect(d.support.check(x).toArray()).toEqual([1, 0, 0, 0, 0, 0]);
      const lp = d.logProb(x).toArray() as number[];
      expect(Number.isFinite(lp[0])).toBe(true);
      expect(lp.slice(1)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
      expect(() => bijectorFor(d.support)).toThrow(
        'bijectorFor: a discrete support (a vector of non-negative integers summing to 4) has no bijection',
      );
    }
    expect(
      constraints
        .multinomial([2, 3])
        .check([
          [1, 1],
          [1, 1],
        ])
        .toArray(),
    ).toEqual([1, 0]);
  });
});
