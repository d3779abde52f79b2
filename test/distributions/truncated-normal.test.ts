/**
 * TruncatedNormal (issue 17): logProb / cdf / icdf / mean / variance / entropy against
 * golden values from scripts/golden-truncnorm.py (mpmath at 80 digits; scipy.stats.truncnorm
 * checked to agree at the typical settings), including intervals 40σ out; samples there
 * stay inside and match the moments; gradients of logProb and of samples at fixed noise
 * against central differences; the pathwise gradient of E[f(x)] against the score
 * function; support, bijectorFor, expand and validation.
 */
import { describe, expect, it } from 'vitest';
import {
  bijectorFor,
  grad,
  gradcheck,
  mean,
  rng,
  square,
  sub,
  sum,
  tensor,
  TruncatedNormal,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import goldenJson from './golden-truncnorm.json' with { type: 'json' };

type Num = number | string;
interface Case {
  params: Num[];
  extreme: boolean;
  points: { x: number; logProb: Num; cdf: Num }[];
  quantiles: { p: number; x: Num }[];
  mean: Num;
  variance: Num;
  entropy: Num;
}
const GOLDEN = goldenJson as unknown as Case[];
const params = (c: Case): number[] => c.params.map(Number);
const make = (p: readonly TensorLike[]): TruncatedNormal =>
  new TruncatedNormal(p[0], p[1], p[2], p[3]);
const label = (p: number[]): string => `TruncatedNormal(${p.join(', ')})`;

function expectClose(got: number, want: Num, rtol: number, what: string): void {
  const w = Number(want);
  if (!Number.isFinite(w)) {
    expect(got, what).toBe(w);
    return;
  }
  const err = Math.abs(got - w) / Math.max(Math.abs(w), 1e-300);
  expect(err, `${what}: got ${got}, want ${w}`).toBeLessThanOrEqual(rtol);
}

describe('golden values (mpmath; scipy.stats.truncnorm at the typical settings)', () => {
  for (const c of GOLDEN) {
    const p = params(c);
    const tol = c.extreme ? 2e-10 : 1e-12;
    it(`${label(p)}: logProb, cdf, icdf, mean, variance, entropy`, () => {
      const d = make(p);
      for (const q of c.points) {
        expectClose(d.logProb(q.x).item(), q.logProb, tol, `logProb at ${q.x}`);
        expectClose(d.cdf(q.x).item(), q.cdf, tol, `cdf at ${q.x}`);
      }
      for (const q of c.quantiles) expectClose(d.icdf(q.p).item(), q.x, tol, `icdf at ${q.p}`);
      expectClose(d.mean.item(), c.mean, tol, 'mean');
      expectClose(d.variance.item(), c.variance, tol, 'variance');
      expectClose(d.entropy().item(), c.entropy, tol, 'entropy');
    });
  }

  it('logProb is finite 40σ out, where Φ underflows', () => {
    for (const p of [
      [0, 1, 40, Infinity],
      [0, 1, 40, 41],
      [0, 1, -Infinity, -40],
      [0, 1e-3, 0.05, 0.06],
    ]) {
      const d = make(p);
      const x = Number.isFinite(p[2]) ? p[2] : p[3];
      expect(Number.isFinite(d.logProb(x).item()), label(p)).toBe(true);
    }
  });
});

// |analytic - numeric| <= 1e-8 (1 + |numeric|) per element
const TOL = { rtol: 1e-8, atol: 1e-8 };

/** gradcheck over the finite entries of `all` (central differences cannot step ±Infinity). */
function expectGrad(
  f: (...xs: Tensor[]) => Tensor,
  all: number[],
  what: string,
  options: { eps?: number; rtol?: number; atol?: number } = {},
): void {
  const free = all.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  const g = (...xs: Tensor[]): Tensor => {
    const full = all.map((v) => tensor(v));
    free.forEach((i, k) => (full[i] = xs[k]));
    return f(...full);
  };
  const r = gradcheck(
    g,
    free.map((i) => all[i]),
    { ...TOL, ...options },
  );
  expect(r.warnings, what).toEqual([]);
  expect(r.ok, `${what}: max abs error ${r.maxAbsError}, max relative ${r.maxRelError}`).toBe(true);
}

/**
 * 40σ out the cdf varies on a scale 1/40 (so gradcheck's step 6e-6·|x| is too coarse) and
 * is exp(L₁ - L₂) with |Lᵢ| ≈ 800, so a difference quotient carries ~800·eps/h of
 * rounding: central differences with an absolute step 1e-5 in each input, to 1e-7·(1 + |g|).
 */
function expectFarCdfGrad(p: number[], x: number): void {
  const all = [x, ...p];
  const f = (v: number[]): number => make(v.slice(1)).cdf(v[0]).item();
  const argnums = [0, 1, 2, 3, 4];
  const g = grad((...t: Tensor[]) => make(t.slice(1)).cdf(t[0]), { argnums })(
    ...all.map((v) => tensor(v)),
  ) as Tensor[];
  for (const k of argnums.filter((i) => Number.isFinite(all[i]))) {
    const h = 1e-5;
    const up = all.map((v, i) => (i === k ? v + h : v));
    const dn = all.map((v, i) => (i === k ? v - h : v));
    const numeric = (f(up) - f(dn)) / (2 * h);
    const what = `cdf of ${label(p)} at ${x}, argument ${k}: ${g[k].item()} vs ${numeric}`;
    expect(Math.abs(g[k].item() - numeric), what).toBeLessThan(1e-7 * (1 + Math.abs(numeric)));
  }
}

const GRAD_CASES: { p: number[]; xs: number[] }[] = [
  { p: [0, 1, -1, 1], xs: [-0.3, 0.7] },
  { p: [1, 2, -Infinity, 0.5], xs: [-1] },
  { p: [0.5, 1.5, 0, Infinity], xs: [2] },
  { p: [2, 1, 2.5, 4], xs: [3] },
  { p: [0, 1, 40, Infinity], xs: [40.1] },
  { p: [0, 1, 40, 41], xs: [40.5] },
  { p: [0, 1, -41, -40], xs: [-40.2] },
];

describe('gradients against central differences', () => {
  for (const { p, xs } of GRAD_CASES) {
    it(`${label(p)}: logProb in loc, scale, low, high and the value; cdf and icdf`, () => {
      for (const x of xs) {
        expectGrad((v, ...q) => make(q).logProb(v), [x, ...p], `logProb at ${x}`);
        if (Math.abs(x) < 20) expectGrad((v, ...q) => make(q).cdf(v), [x, ...p], `cdf at ${x}`);
        else expectFarCdfGrad(p, x);
      }
      expectGrad((u, ...q) => make(q).icdf(u), [0.3, ...p], 'icdf at 0.3');
    });

    it(`${label(p)}: a sample at fixed noise in loc, scale, low, high`, () => {
      const d = make(p);
      const u = d.noise([4], rng(5)) as Tensor;
      expect(d.sample([4], rng(5)).toArray()).toEqual(d.fromNoise(u).toArray());
      expectGrad((...q) => sum(make(q).fromNoise(u)), p, 'sample');
    });
  }

  it('mean, variance and entropy are differentiable (central and off-centre intervals)', () => {
    for (const p of [
      [0, 1, -1, 1],
      [0.5, 1.5, 0, Infinity],
      [2, 1, 2.5, 4],
      [0, 1, -3, -0.5],
    ]) {
      expectGrad((...q) => make(q).mean, p, `mean of ${label(p)}`);
      expectGrad((...q) => make(q).variance, p, `variance of ${label(p)}`);
      expectGrad((...q) => make(q).entropy(), p, `entropy of ${label(p)}`);
    }
  });
});

const N = 100_000;

describe('sampling', () => {
  const cases = [
    [0, 1, 40, Infinity],
    [0, 1, 40, 41],
    [0, 1, -41, -40],
    [0, 1, -Infinity, -40],
    [3, 0.5, 23, Infinity],
    [0, 1, -1, 1],
    [1, 2, -Infinity, 0.5],
    [0, 1, -50, 38],
  ];
  for (const p of cases) {
    it(`${label(p)}: ${N} draws stay inside and match mean and variance within 4 SE`, () => {
      const d = make(p);
      const x = d.sample([N], rng(11)).toArray() as number[];
      expect(x.every((v) => v >= p[2] && v <= p[3])).toBe(true);
      const m = x.reduce((s, v) => s + v, 0) / N;
      const c2 = x.reduce((s, v) => s + (v - m) ** 2, 0) / (N - 1);
      const c4 = x.reduce((s, v) => s + (v - m) ** 4, 0) / N;
      const mu = d.mean.item();
      const v = d.variance.item();
      expect(Math.abs(m - mu), 'mean').toBeLessThan(4 * Math.sqrt(v / N));
      expect(Math.abs(c2 - v), 'variance').toBeLessThan(4 * Math.sqrt((c4 - c2 * c2) / N));
    });
  }

  it('the pathwise gradient of E[f(x)] matches the score-function estimate within 4 SE', () => {
    // f(x) = (x - 1)², in loc and scale (the support does not move with them)
    const f = (x: Tensor): Tensor => square(sub(x, 1));
    for (const p of [
      [0.3, 1.2, -0.5, 2],
      [0, 1, 1.5, Infinity],
    ]) {
      const [lo, hi] = [p[2], p[3]];
      const pathwise = grad(
        (l: Tensor, s: Tensor) => mean(f(new TruncatedNormal(l, s, lo, hi).sample([N], rng(2)))),
        { argnums: [0, 1] },
      )(p[0], p[1]) as Tensor[];
      // per-draw score terms f(xᵢ)·∇θ log q(xᵢ), x held constant: parameters broadcast
      // to one per draw, so the gradient of the summed logProb holds each draw's term
      const x = make(p).sample([N], rng(3));
      const fx = f(x).toArray() as number[];
      const [gl, gs] = grad(
        (l: Tensor, s: Tensor) => sum(new TruncatedNormal(l, s, lo, hi).logProb(x)),
        { argnums: [0, 1] },
      )(
        tensor(new Array<number>(N).fill(p[0])),
        tensor(new Array<number>(N).fill(p[1])),
      ) as Tensor[];
      for (const [k, g] of [gl, gs].entries()) {
        const terms = (g.toArray() as number[]).map((v, i) => v * fx[i]);
        const m = terms.reduce((a, t) => a + t, 0) / N;
        const sd = Math.sqrt(terms.reduce((a, t) => a + (t - m) ** 2, 0) / (N - 1));
        const what = `${label(p)} in ${k === 0 ? 'loc' : 'scale'}: pathwise ${pathwise[k].item()}, score ${m} ± ${sd / Math.sqrt(N)}`;
        expect(Math.abs(pathwise[k].item() - m), what).toBeLessThan(4 * (sd / Math.sqrt(N)));
      }
    }
  });
});

describe('support, bijectorFor, expand, validation', () => {
  it('logProb is -Infinity outside [low, high], never NaN; cdf is 0 below and 1 above', () => {
    const d = make([0, 1, 40, 41]);
    expect(d.logProb([39.9, 41.1, NaN, Infinity]).toArray()).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    expect(d.cdf([30, 40, 41, 50]).toArray()).toEqual([0, 0, 1, 1]);
    expect(d.icdf([0, 1]).toArray()).toEqual([40, 41]);
    expect(Number.isFinite(d.logProb(40).item())).toBe(true);
  });

  it('the support is the interval, and bijectorFor maps ℝ onto it', () => {
    const cases: [number[], string][] = [
      [[0, 1, -1, 2], 'interval'],
      [[0, 1, 40, Infinity], 'greaterThan'],
      [[0, 1, -Infinity, 3], 'lessThan'],
      [[0, 1, -Infinity, Infinity], 'real'],
    ];
    for (const [p, kind] of cases) {
      const d = make(p);
      expect(d.support.kind, label(p)).toBe(kind);
      const y = bijectorFor(d.support).forward([-3, -0.5, 0, 2, 4]);
      expect(d.support.check(y).toArray(), label(p)).toEqual([1, 1, 1, 1, 1]);
    }
    expect(make([0, 1, 40, Infinity]).support.check([40, 39]).toArray()).toEqual([1, 0]);
  });

  it('batches broadcast and expand', () => {
    const d = new TruncatedNormal([0, 1], 1, [-1, 40], Infinity);
    expect(d.batchShape).toEqual([2]);
    expect(d.sample([3], rng(0)).shape).toEqual([3, 2]);
    const e = make([0, 1, -1, 1]).expand([3, 2]);
    expect(e.entropy().shape).toEqual([3, 2]);
    expect(e.sample([4], rng(0)).shape).toEqual([4, 3, 2]);
  });

  it('parameters are validated', () => {
    expect(() => make([0, 0, -1, 1])).toThrow(/TruncatedNormal.*'scale'/);
    expect(() => make([NaN, 1, -1, 1])).toThrow(/TruncatedNormal.*'loc'/);
    expect(() => make([0, 1, 1, 1])).toThrow(/TruncatedNormal.*'high' must be greater than low/);
    expect(() => make([0, 1, 2, -Infinity])).toThrow(/high/);
    expect(() => make([0, 1, NaN, 1])).toThrow(/TruncatedNormal.*'low'/);
    expect(() => new TruncatedNormal(0, -1, 0, 1, { validateArgs: false })).not.toThrow();
  });
});
