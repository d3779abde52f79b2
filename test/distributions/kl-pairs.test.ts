/**
 * The KL pairs of src/distributions/kl-pairs.ts (torch's registry): each finite pair against
 * tanh-sinh quadrature of ∫ p (log p - log q) at two parameter points (≤ 1e-12 relative),
 * against a seeded Monte-Carlo estimate at 1e5 draws (within 4 SE), its gradients in the
 * parameters of both sides against central differences, the +∞ pairs, broadcasting, and
 * the wrappers (Independent, TransformedDistribution) with their declines.
 */
import { describe, expect, it } from 'vitest';
import {
  Affine,
  ArgumentError,
  Bernoulli,
  Beta,
  Binomial,
  Cauchy,
  ContinuousBernoulli,
  Exp,
  Exponential,
  Gamma,
  grad,
  gradcheck,
  Gumbel,
  HalfNormal,
  Independent,
  klDivergence,
  Laplace,
  Normal,
  Pareto,
  Poisson,
  rng,
  sub,
  sum,
  tensor,
  TransformedDistribution,
  Uniform,
  type Distribution,
  type Tensor,
} from '../../src/index.js';

type Make = (...x: Tensor[]) => [Distribution, Distribution];
/** name, make(params), two parameter points, the breakpoints of the integrand (kinks, support ends). */
type Row = [string, Make, number[], number[], (x: number[]) => number[]];

const N = 100_000;
const R = (x: number[]): number[] => [-Infinity, x[0], Infinity];
const POS = (): number[] => [0, Infinity];
const UNIT = (): number[] => [0, 1];

const ROWS: Row[] = [
  [
    'HalfNormal‖HalfNormal',
    (a, b) => [new HalfNormal(a), new HalfNormal(b)],
    [1.3, 0.7],
    [0.4, 2.5],
    POS,
  ],
  [
    'Laplace‖Laplace',
    (a, b, c, d) => [new Laplace(a, b), new Laplace(c, d)],
    [0.3, 1.2, -0.5, 0.7],
    [0, 0.5, 1, 2],
    (x) => [-Infinity, x[0], x[2], Infinity],
  ],
  [
    'Pareto‖Pareto',
    (a, b, c, d) => [new Pareto(a, b), new Pareto(c, d)],
    [1.5, 3, 1.2, 2],
    [2, 1.5, 0.5, 4],
    (x) => [x[0], Infinity],
  ],
  [
    'Uniform‖Uniform',
    (a, b, c, d) => [new Uniform(a, b), new Uniform(c, d)],
    [0.2, 1.1, -0.5, 2],
    [-1, 1, -1, 3],
    (x) => [x[0], x[1]],
  ],
  [
    'Cauchy‖Cauchy',
    (a, b, c, d) => [new Cauchy(a, b), new Cauchy(c, d)],
    [0.3, 1.2, -0.5, 0.7],
    [0, 0.5, 2, 3],
    (x) => [-Infinity, x[0], Infinity],
  ],
  [
    'Beta‖ContinuousBernoulli',
    (a, b, l) => [new Beta(a, b), new ContinuousBernoulli({ logits: l })],
    [2.5, 1.5, 0.8],
    [1.3, 3.2, -2.1],
    UNIT,
  ],
  [
    'Beta‖Exponential',
    (a, b, r) => [new Beta(a, b), new Exponential(r)],
    [2.5, 1.5, 0.8],
    [1.3, 3.2, 2.1],
    UNIT,
  ],
  [
    'Beta‖Gamma',
    (a, b, c, r) => [new Beta(a, b), new Gamma(c, r)],
    [2.5, 1.5, 0.8, 1.3],
    [1.3, 3.2, 2.1, 0.6],
    UNIT,
  ],
  [
    'Beta‖Normal',
    (a, b, m, s) => [new Beta(a, b), new Normal(m, s)],
    [2.5, 1.5, 0.8, 1.3],
    [1.3, 3.2, -0.4, 0.6],
    UNIT,
  ],
  [
    'Beta‖Uniform',
    (a, b, l, h) => [new Beta(a, b), new Uniform(l, h)],
    [2.5, 1.5, -0.2, 1.3],
    [1.3, 3.2, 0, 1],
    UNIT,
  ],
  [
    'ContinuousBernoulli‖Exponential',
    (l, r) => [new ContinuousBernoulli({ logits: l }), new Exponential(r)],
    [0.8, 1.7],
    [-2.5, 0.4],
    UNIT,
  ],
  [
    'ContinuousBernoulli‖Normal',
    (l, m, s) => [new ContinuousBernoulli({ logits: l }), new Normal(m, s)],
    [0.8, 0.3, 0.9],
    [-2.5, -1, 2],
    UNIT,
  ],
  [
    'ContinuousBernoulli‖Uniform',
    (l, a, b) => [new ContinuousBernoulli({ logits: l }), new Uniform(a, b)],
    [0.8, -0.3, 1.9],
    [-2.5, 0, 1],
    UNIT,
  ],
  [
    'Exponential‖Gamma',
    (r, c, s) => [new Exponential(r), new Gamma(c, s)],
    [1.5, 2.2, 0.7],
    [0.4, 0.8, 1.9],
    POS,
  ],
  [
    'Exponential‖Gumbel',
    (r, m, s) => [new Exponential(r), new Gumbel(m, s)],
    [1.5, 0.4, 1.2],
    [0.6, -0.5, 2.5],
    POS,
  ],
  [
    'Exponential‖Normal',
    (r, m, s) => [new Exponential(r), new Normal(m, s)],
    [1.5, 0.4, 1.2],
    [0.6, -0.5, 2.5],
    POS,
  ],
  [
    'Gamma‖Exponential',
    (c, r, s) => [new Gamma(c, r), new Exponential(s)],
    [2.5, 1.5, 0.8],
    [1.3, 0.6, 2.1],
    POS,
  ],
  [
    'Gamma‖Gumbel',
    (c, r, m, s) => [new Gamma(c, r), new Gumbel(m, s)],
    [2.5, 1.5, 0.8, 1.1],
    [1.3, 0.6, -0.4, 2.1],
    POS,
  ],
  [
    'Gamma‖Normal',
    (c, r, m, s) => [new Gamma(c, r), new Normal(m, s)],
    [2.5, 1.5, 0.8, 1.1],
    [1.3, 0.6, -0.4, 2.1],
    POS,
  ],
  [
    'Gumbel‖Normal',
    (a, b, m, s) => [new Gumbel(a, b), new Normal(m, s)],
    [0.3, 1.2, -0.5, 1.7],
    [-1, 0.6, 0.4, 0.9],
    R,
  ],
  [
    'Laplace‖Normal',
    (a, b, m, s) => [new Laplace(a, b), new Normal(m, s)],
    [0.3, 1.2, -0.5, 1.7],
    [-1, 0.6, 0.4, 0.9],
    (x) => [-Infinity, x[0], Infinity],
  ],
  [
    'Normal‖Gumbel',
    (a, b, m, s) => [new Normal(a, b), new Gumbel(m, s)],
    [0.3, 1.2, -0.5, 1.7],
    [-1, 0.6, 0.4, 0.9],
    R,
  ],
  [
    'Normal‖Laplace',
    (a, b, m, s) => [new Normal(a, b), new Laplace(m, s)],
    [0.3, 1.2, -0.5, 1.7],
    [-1, 0.6, 0.4, 0.9],
    (x) => [-Infinity, x[2], Infinity],
  ],
  [
    'Pareto‖Exponential',
    (s, a, r) => [new Pareto(s, a), new Exponential(r)],
    [1.5, 3.5, 0.8],
    [0.5, 1.8, 2.1],
    (x) => [x[0], Infinity],
  ],
  [
    'Pareto‖Gamma',
    (s, a, c, r) => [new Pareto(s, a), new Gamma(c, r)],
    [1.5, 3.5, 0.8, 1.3],
    [0.5, 1.8, 2.1, 0.6],
    (x) => [x[0], Infinity],
  ],
  [
    'Pareto‖Normal',
    (s, a, m, v) => [new Pareto(s, a), new Normal(m, v)],
    [1.5, 4.5, 0.8, 1.3],
    [0.5, 2.8, 2.1, 0.6],
    (x) => [x[0], Infinity],
  ],
  [
    'Uniform‖Beta',
    (l, h, a, b) => [new Uniform(l, h), new Beta(a, b)],
    [0.2, 0.7, 2.5, 1.5],
    [0, 1, 0.7, 3.2],
    (x) => [x[0], x[1]],
  ],
  [
    'Uniform‖ContinuousBernoulli',
    (l, h, g) => [new Uniform(l, h), new ContinuousBernoulli({ logits: g })],
    [0.2, 0.7, 0.8],
    [0, 1, -2.5],
    (x) => [x[0], x[1]],
  ],
  [
    'Uniform‖Exponential',
    (l, h, r) => [new Uniform(l, h), new Exponential(r)],
    [0.2, 1.7, 0.8],
    [0, 3, 2.5],
    (x) => [x[0], x[1]],
  ],
  [
    'Uniform‖Gamma',
    (l, h, c, r) => [new Uniform(l, h), new Gamma(c, r)],
    [0.2, 1.7, 2.5, 1.5],
    [0, 3, 0.7, 0.6],
    (x) => [x[0], x[1]],
  ],
  [
    'Uniform‖Gumbel',
    (l, h, m, s) => [new Uniform(l, h), new Gumbel(m, s)],
    [0.2, 1.7, 0.5, 1.5],
    [-3, 3, -1, 0.6],
    (x) => [x[0], x[1]],
  ],
  [
    'Uniform‖Normal',
    (l, h, m, s) => [new Uniform(l, h), new Normal(m, s)],
    [0.2, 1.7, 0.5, 1.5],
    [-3, 3, -1, 0.6],
    (x) => [x[0], x[1]],
  ],
  [
    'Uniform‖Pareto',
    (l, h, s, a) => [new Uniform(l, h), new Pareto(s, a)],
    [1.2, 2.7, 0.5, 1.5],
    [3, 8, 3, 0.6],
    (x) => [x[0], x[1]],
  ],
];

/** Tanh-sinh nodes and weights on (-1, 1), with 1 ∓ u kept exactly near the ends. */
function tanhSinh(h = 1 / 64, tmax = 4.2): { u: number; w: number; c: number }[] {
  const out: { u: number; w: number; c: number }[] = [];
  for (let t = -tmax; t <= tmax + 1e-12; t += h) {
    const s = (Math.PI / 2) * Math.sinh(t);
    const c = 1 / (Math.exp(Math.abs(s)) * Math.cosh(s)); // 1 - |u|
    out.push({ u: Math.tanh(s), w: (h * (Math.PI / 2) * Math.cosh(t)) / Math.cosh(s) ** 2, c });
  }
  return out;
}
const NODES = tanhSinh();

/** ∫_a^b f for finite a < b, or a half-line through x = a + v/(1-v) (or its mirror). */
function points(a: number, b: number): { x: number; w: number }[] {
  if (Number.isFinite(a) && Number.isFinite(b))
    return NODES.map(({ u, w, c }) => ({
      x: u < 0 ? a + ((b - a) * c) / 2 : b - ((b - a) * c) / 2,
      w: (w * (b - a)) / 2,
    }));
  const mirror = !Number.isFinite(a);
  const o = mirror ? b : a;
  return NODES.map(({ u, w, c }) => {
    const v = u < 0 ? c / 2 : 1 - c / 2; // v in (0, 1)
    const oneMinus = u < 0 ? 1 - c / 2 : c / 2;
    const d = v / oneMinus;
    return { x: mirror ? o - d : o + d, w: w / 2 / oneMinus ** 2 };
  });
}

/** ∫ p(x)(log p(x) - log q(x)) dx over the pieces between the breakpoints. */
function quadKL(p: Distribution, q: Distribution, cuts: number[]): number {
  const breaks = [...new Set(cuts)].sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i + 1 < breaks.length; i++) {
    const pts = points(breaks[i], breaks[i + 1]).filter(
      (s) => s.x > breaks[i] && s.x < breaks[i + 1] && s.w > 0 && Number.isFinite(s.w),
    );
    const xs = tensor(pts.map((s) => s.x));
    const lp = p.logProb(xs).data;
    const lq = q.logProb(xs).data;
    pts.forEach((s, k) => {
      const px = Math.exp(lp[k]); // 0 far in p's tail, where log q may be -∞
      if (px > 0) total += s.w * px * (lp[k] - lq[k]);
    });
  }
  return total;
}

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const report = { quad: 0, mc: 0 };

describe('kl-pairs against quadrature (two points each) and Monte Carlo', () => {
  for (const [name, make, xa, xb, breaks] of ROWS) {
    it(name, () => {
      for (const x of [xa, xb]) {
        const [p, q] = make(...x.map((v) => tensor(v)));
        const kl = klDivergence(p, q).item();
        const ref = quadKL(p, q, breaks(x));
        const e = relErr(kl, ref);
        report.quad = Math.max(report.quad, e);
        expect(e, `${name} at [${x.join(', ')}]: ${kl} vs quadrature ${ref}`).toBeLessThan(1e-12);
      }
      const [p, q] = make(...xa.map((v) => tensor(v)));
      const s = p.sample([N], rng(`kl-pairs/${name}`));
      const d = sub(p.logProb(s), q.logProb(s)).data;
      const m = d.reduce((a, v) => a + v, 0) / N;
      const se = Math.sqrt(d.reduce((a, v) => a + (v - m) ** 2, 0) / (N - 1) / N);
      const kl = klDivergence(p, q).item();
      if (se > 1e-12) report.mc = Math.max(report.mc, Math.abs(kl - m) / se);
      expect(Math.abs(kl - m), `${name}: ${kl} vs MC ${m} ± ${se}`).toBeLessThan(
        4 * se + 1e-11 * kl,
      ); // + rounding: Uniform‖Uniform's log-ratio is constant
    });
  }

  it('worst figures (printed for the record)', () => {
    console.log(
      `kl-pairs: worst quadrature rel. error ${report.quad.toExponential(2)}, worst MC ${report.mc.toFixed(2)} SE`,
    );
    expect(report.quad).toBeLessThan(1e-12);
  });
});

describe('kl-pairs gradients in both sides (central differences)', () => {
  for (const [name, make, xa] of ROWS) {
    it(name, () => {
      const r = gradcheck(
        (...xs: Tensor[]) => {
          const [p, q] = make(...xs);
          return klDivergence(p, q);
        },
        xa,
        { rtol: 1e-8, atol: 1e-10 },
      );
      expect(r.ok, `${name}: max relative error ${r.maxRelError}`).toBe(true);
    });
  }
});

describe('kl-pairs: +∞ where p puts mass outside the support of q', () => {
  const INF: [string, Distribution, Distribution][] = [
    ['Beta‖Pareto', new Beta(2, 3), new Pareto(0.5, 2)],
    ['ContinuousBernoulli‖Pareto', new ContinuousBernoulli({ probs: 0.3 }), new Pareto(0.1, 2)],
    ['Exponential‖Beta', new Exponential(2), new Beta(2, 3)],
    ['Exponential‖Uniform', new Exponential(2), new Uniform(0, 100)],
    ['Gamma‖ContinuousBernoulli', new Gamma(2, 3), new ContinuousBernoulli({ probs: 0.3 })],
    ['Gamma‖Pareto', new Gamma(2, 3), new Pareto(0.5, 2)],
    ['Gumbel‖Exponential', new Gumbel(0, 1), new Exponential(1)],
    ['Gumbel‖Gamma', new Gumbel(0, 1), new Gamma(2, 1)],
    ['Laplace‖Uniform', new Laplace(0, 1), new Uniform(-10, 10)],
    ['Normal‖Gamma', new Normal(0, 1), new Gamma(2, 1)],
    ['Normal‖Beta', new Normal(0, 1), new Beta(2, 1)],
    ['Pareto‖Uniform', new Pareto(1, 3), new Uniform(0, 100)],
    ['Pareto‖Pareto (s_p < s_q)', new Pareto(1, 3), new Pareto(1.5, 3)],
    ['Pareto‖Exponential (α ≤ 1)', new Pareto(1, 1), new Exponential(1)],
    ['Pareto‖Gamma (α ≤ 1)', new Pareto(1, 0.5), new Gamma(2, 1)],
    ['Pareto‖Normal (α ≤ 2)', new Pareto(1, 2), new Normal(0, 1)],
    ['Uniform‖Uniform (not inside)', new Uniform(0, 2), new Uniform(0.5, 3)],
    ['Uniform‖Beta (high > 1)', new Uniform(0.5, 1.5), new Beta(2, 2)],
    [
      'Uniform‖ContinuousBernoulli (low < 0)',
      new Uniform(-0.5, 0.5),
      new ContinuousBernoulli({ probs: 0.3 }),
    ],
    ['Uniform‖Exponential (low < 0)', new Uniform(-0.5, 0.5), new Exponential(1)],
    ['Uniform‖Gamma (low < 0)', new Uniform(-0.5, 0.5), new Gamma(0.5, 1)],
    ['Uniform‖Pareto (low < scale)', new Uniform(0.5, 2), new Pareto(1, 2)],
    ['Beta‖Uniform (low > 0)', new Beta(2, 2), new Uniform(0.1, 1)],
    [
      'ContinuousBernoulli‖Uniform (high < 1)',
      new ContinuousBernoulli({ probs: 0.3 }),
      new Uniform(0, 0.9),
    ],
    ['Poisson‖Bernoulli', new Poisson(0.5), new Bernoulli({ probs: 0.3 })],
    ['Poisson‖Binomial', new Poisson(0.5), new Binomial(10, { probs: 0.3 })],
  ];
  for (const [name, p, q] of INF)
    it(name, () => {
      expect(klDivergence(p, q).item()).toBe(Infinity);
    });

  it('gives finite values (no NaN) next to +∞ in a batch, with zero gradients there', () => {
    const kl = klDivergence(new Uniform([-0.5, 0, 0.2], 1), new Beta(2, 3));
    const v = kl.data;
    expect(v[0]).toBe(Infinity);
    expect(Number.isFinite(v[1]) && Number.isFinite(v[2])).toBe(true);
    const f = (h: Tensor): Tensor =>
      sum(klDivergence(new Uniform([0.5, 1.5], h), new Pareto(1, 2)));
    const g = grad(f)([2, 3]).data;
    const one = (h: number): number => klDivergence(new Uniform(1.5, h), new Pareto(1, 2)).item();
    const fd = (one(3 + 6e-6) - one(3 - 6e-6)) / 1.2e-5;
    expect(g[0]).toBe(0);
    expect(relErr(g[1], fd)).toBeLessThan(1e-8);
  });

  it('Uniform on exactly [0, 1] against ContinuousBernoulli / Beta is finite, and the support edges are closed', () => {
    expect(
      Number.isFinite(
        klDivergence(new Uniform(0, 1), new ContinuousBernoulli({ probs: 0.3 })).item(),
      ),
    ).toBe(true);
    expect(
      Number.isFinite(
        klDivergence(new ContinuousBernoulli({ probs: 0.3 }), new Uniform(0, 1)).item(),
      ),
    ).toBe(true);
    expect(klDivergence(new Uniform(0, 1), new Beta(1, 1)).item()).toBeCloseTo(0, 15);
  });
});

describe('kl-pairs: discrete pairs (exact sums)', () => {
  const sumKL = (p: Distribution, q: Distribution, ks: number[]): number => {
    const x = tensor(ks);
    const lp = p.logProb(x).data;
    const lq = q.logProb(x).data;
    return ks.reduce(
      (a, _, i) => (lp[i] > -Infinity ? a + Math.exp(lp[i]) * (lp[i] - lq[i]) : a),
      0,
    );
  };

  it('Bernoulli‖Poisson is finite: the sum over {0, 1}', () => {
    for (const [pr, rate] of [
      [0.3, 0.7],
      [0.9, 2.5],
      [0, 1.5],
    ]) {
      const p = new Bernoulli({ probs: pr });
      const q = new Poisson(rate);
      expect(relErr(klDivergence(p, q).item(), sumKL(p, q, [0, 1]))).toBeLessThan(1e-14);
    }
    const r = gradcheck(
      (l: Tensor, m: Tensor) => klDivergence(new Bernoulli({ logits: l }), new Poisson(m)),
      [0.4, 1.7],
      { rtol: 1e-8, atol: 1e-10 },
    );
    expect(r.ok, `max relative error ${r.maxRelError}`).toBe(true);
  });

  it('Poisson(0) (a point mass at 0) against Bernoulli / Binomial is -log q(0)', () => {
    const p = new Poisson(0);
    const b = new Bernoulli({ probs: 0.3 });
    const n = new Binomial(4, { probs: 0.3 });
    expect(relErr(klDivergence(p, b).item(), -Math.log(0.7))).toBeLessThan(1e-14);
    expect(relErr(klDivergence(p, n).item(), -4 * Math.log(0.7))).toBeLessThan(1e-14);
  });
});

describe('kl-pairs: wrappers and broadcasting', () => {
  it('broadcasts the batch shapes of a cross pair', () => {
    const p = new Gamma([1.5, 2, 3], 1.2);
    const q = new Normal([[0], [1]], [[1], [2]]);
    const kl = klDivergence(p, q);
    expect(kl.shape).toEqual([2, 3]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const one = klDivergence(new Gamma([1.5, 2, 3][j], 1.2), new Normal(i, i + 1)).item();
        expect(kl.data[i * 3 + j]).toBe(one);
      }
  });

  it('Independent‖Independent sums the base KL over the reinterpreted axes', () => {
    const pb = new Laplace([[0, 1, 2]], [1, 2, 0.5]);
    const qb = new Normal([[0], [1]], [1.5, 1, 2]);
    const kl = klDivergence(new Independent(pb, 1), new Independent(qb, 1));
    expect(kl.shape).toEqual([2]);
    const base = klDivergence(pb, qb).data;
    expect(kl.data[1]).toBeCloseTo(base[3] + base[4] + base[5], 14);
    const r = gradcheck(
      (a: Tensor, b: Tensor) =>
        klDivergence(new Independent(new Normal(a, 1), 1), new Independent(new Laplace(0, b), 1)),
      [
        [0.3, -0.2],
        [1.1, 0.8],
      ],
      { rtol: 1e-8, atol: 1e-10 },
    );
    expect(r.ok).toBe(true);
  });

  it('Independent with different reinterpreted counts has no registered KL', () => {
    const p = new Independent(new Normal([[0, 1]], 1), 1);
    const q = new Independent(new Normal([[0, 1]], 1), 2);
    expect(() => klDivergence(p, q)).toThrow(ArgumentError);
    expect(() => klDivergence(p, q)).toThrow(/no KL divergence is registered/);
  });

  it('TransformedDistribution with the same bijector is the KL of the bases (against quadrature)', () => {
    const p = new TransformedDistribution(new Normal(0.3, 0.8), [new Affine(1, 2), new Exp()]);
    const q = new TransformedDistribution(new Normal(-0.2, 1.1), [new Affine(1, 2), new Exp()]);
    const kl = klDivergence(p, q).item();
    expect(kl).toBe(klDivergence(new Normal(0.3, 0.8), new Normal(-0.2, 1.1)).item());
    expect(relErr(kl, quadKL(p, q, [0, Math.E, Infinity]))).toBeLessThan(1e-12);
  });

  it('TransformedDistribution with different bijectors (or parameters) has no registered KL', () => {
    const p = new TransformedDistribution(new Normal(0, 1), new Affine(1, 2));
    const q = new TransformedDistribution(new Normal(0, 1), new Affine(1, 3));
    const r = new TransformedDistribution(new Normal(0, 1), new Exp());
    expect(() => klDivergence(p, q)).toThrow(/no KL divergence is registered/);
    expect(() => klDivergence(p, r)).toThrow(/no KL divergence is registered/);
  });
});
