/**
 * PowerTransform, AbsTransform, SoftmaxTransform, SoftmaxCentered and CumulativeDistributionTransform
 * (issue 17): inverse ∘ forward = identity, logDetJacobian against the log |det| of the
 * Jacobian computed by reverse-mode autodiff, gradients against central differences,
 * edge values, and the errors for maps without a log-Jacobian or a cdf.
 */
import { describe, expect, it } from 'vitest';
import {
  AbsTransform,
  ArgumentError,
  CumulativeDistributionTransform,
  Dirichlet,
  Exponential,
  Gamma,
  grad,
  gradcheck,
  Normal,
  PowerTransform,
  RelaxedBernoulli,
  reshape,
  rng,
  slice,
  SoftmaxCentered,
  SoftmaxTransform,
  StickBreaking,
  sum,
  tensor,
  TransformedDistribution,
  type Bijector,
  type Tensor,
} from '../../src/index.js';
import { logAbsDet, rel } from '../helpers/linalg.js';

/** The Jacobian ∂f(x)ᵣ/∂xᵢ, one reverse-mode gradient per output. */
function jacobian(f: (x: Tensor) => Tensor, x: Tensor): number[][] {
  const m = f(x).size;
  return Array.from({ length: m }, (_, r) =>
    Array.from(grad((v: Tensor) => reshape(slice(f(v), [r], [1]), []))(x).data),
  );
}

/** The largest relative round-trip error inverse(forward(x)) vs x. */
const roundTrip = (b: Bijector, xs: number[]): number =>
  Math.max(...Array.from(b.inverse(b.forward(xs)).data, (v, i) => rel(v, xs[i])));

/** The largest relative error of the elementwise logDetJacobian against d forward / dx. */
function elementwiseLdjError(b: Bijector, xs: number[]): number {
  const ldj = b.logDetJacobian(xs).data;
  const d = grad((v: Tensor) => sum(b.forward(v)))(tensor(xs)).data;
  return Math.max(...xs.map((_, i) => rel(ldj[i], Math.log(Math.abs(d[i])))));
}

const ELEMENTWISE: [Bijector, number[]][] = [
  [new PowerTransform(2), [1e-3, 0.3, 1, 7.5]],
  [new PowerTransform(0.5), [1e-3, 0.3, 1, 7.5]],
  [new PowerTransform(-1.7), [1e-3, 0.3, 1, 7.5]],
  [new PowerTransform([2, 0.5, -1.7, 3]), [0.2, 0.3, 1, 7.5]],
  [new CumulativeDistributionTransform(new Normal(0.3, 1.4)), [-4, -0.5, 0.3, 2, 5]],
  [new CumulativeDistributionTransform(new Gamma(2.5, 1.5)), [0.05, 0.7, 1.6, 4]],
  [new CumulativeDistributionTransform(new Exponential(0.8)), [0.01, 0.5, 2, 6]],
];

describe('elementwise transforms', () => {
  for (const [b, xs] of ELEMENTWISE) {
    it(`${b.name}: round trip, codomain, logDetJacobian and its gradient`, () => {
      expect(roundTrip(b, xs)).toBeLessThanOrEqual(1e-12);
      expect(Array.from(b.codomain.check(b.forward(xs)).data)).toEqual(xs.map(() => 1));
      expect(elementwiseLdjError(b, xs)).toBeLessThanOrEqual(1e-12);
      // central differences (h = 6e-6·max(1, |x|)) need x well above h
      const away = xs.filter((v) => v >= 0.1 || v < 0);
      expect(gradcheck((v) => b.logDetJacobian(v), [away]).ok).toBe(true);
      expect(gradcheck((v) => b.forward(v), [away]).ok).toBe(true);
    });
  }
});

describe('PowerTransform', () => {
  it('is differentiable in the exponent (gradients vs central differences)', () => {
    const x = [0.4, 1.3, 6];
    const f = (p: Tensor): Tensor => sum(new PowerTransform(p).forward(x));
    const g = (p: Tensor): Tensor => sum(new PowerTransform(p).logDetJacobian(x));
    expect(gradcheck(f, [[1.5, -0.7, 2.2]]).ok).toBe(true);
    expect(gradcheck(g, [[1.5, -0.7, 2.2]]).ok).toBe(true);
    expect(gradcheck((p: Tensor) => sum(new PowerTransform(p).inverse(x)), [0.8]).ok).toBe(true);
  });

  it('broadcasts a tensor exponent against x', () => {
    const b = new PowerTransform([[1], [2]]);
    expect(b.forward([2, 3]).toArray()).toEqual([
      [2, 3],
      [4, 9],
    ]);
    expect(b.logDetJacobian([2, 3]).shape).toEqual([2, 2]);
  });

  it('edge values: x at 0, tiny and huge', () => {
    const b = new PowerTransform(2);
    expect(b.forward(0).item()).toBe(0);
    expect(b.logDetJacobian(0).item()).toBe(-Infinity);
    expect(rel(b.inverse(b.forward(1e-150)).item(), 1e-150)).toBeLessThanOrEqual(1e-15);
    expect(rel(b.inverse(b.forward(1e150)).item(), 1e150)).toBeLessThanOrEqual(1e-15);
    expect(b.logDetJacobian(1e-300).item()).toBeCloseTo(Math.LN2 + Math.log(1e-300), 12);
    expect(b.logDetJacobian(1e300).item()).toBeCloseTo(Math.LN2 + Math.log(1e300), 12);
    expect(new PowerTransform(0.5).increasing).toBe(true);
    expect(new PowerTransform(-1).increasing).toBe(false);
  });

  it('throws on a zero exponent', () => {
    expect(() => new PowerTransform(0)).toThrow(ArgumentError);
    expect(() => new PowerTransform([1, 0])).toThrow(/non-zero.*element 1/);
  });
});

describe('AbsTransform', () => {
  const b = new AbsTransform();
  const CASES: [string, number[], number[], number[]][] = [
    // label, x, |x|, d|x|/dx = sign(x) (±0 at ±0, as Math.sign)
    ['signs and zero', [-2.5, -0, 0, 3], [2.5, 0, 0, 3], [-1, -0, 0, 1]],
    [
      'tiny and huge',
      [-1e-300, 1e-300, -1e300, 1e300],
      [1e-300, 1e-300, 1e300, 1e300],
      [-1, 1, -1, 1],
    ],
    ['infinities', [-Infinity, Infinity], [Infinity, Infinity], [-1, 1]],
  ];
  for (const [label, x, y, dy] of CASES) {
    it(`${label}: forward, its gradient sign(x), and inverse |y|`, () => {
      expect(b.forward(x).toArray()).toEqual(y);
      expect(Array.from(grad((v: Tensor) => sum(b.forward(v)))(tensor(x)).data)).toEqual(dy);
      expect(b.inverse(b.forward(x)).toArray()).toEqual(y);
      expect(b.forward(b.inverse(x)).toArray()).toEqual(y);
      expect(Array.from(b.codomain.check(b.forward(x)).data)).toEqual(x.map(() => 1));
    });
  }

  it('has the gradients of central differences away from 0, in forward and inverse', () => {
    const xs = [-3.2, -0.4, 0.7, 5];
    expect(gradcheck((v) => b.forward(v), [xs]).ok).toBe(true);
    expect(gradcheck((v) => b.inverse(v), [xs]).ok).toBe(true);
  });

  it('inverse folds a negative y (torch passes it through); domain and codomain', () => {
    expect(b.inverse([-2, 2]).toArray()).toEqual([2, 2]);
    expect(b.domain.kind).toBe('real');
    expect(b.codomain.kind).toBe('nonNegative');
    expect(b.increasing).toBe(false);
  });

  it('has no log |det Jacobian|, and says why', () => {
    expect(() => b.logDetJacobian([1, 2])).toThrow(ArgumentError);
    expect(() => b.logDetJacobian([1, 2])).toThrow(
      /AbsTransform.*not bijective.*p\(y\) \+ p\(-y\)/,
    );
    const d = new TransformedDistribution(new Normal(0, 1), b);
    expect(() => d.logProb(0.5)).toThrow(/not bijective/);
    // sampling pushes draws through forward: |N(0, 1)| draws
    const s = d.sample([200], rng(0));
    expect(Array.from(s.data).every((v) => v >= 0)).toBe(true);
  });
});

describe('SoftmaxTransform', () => {
  const b = new SoftmaxTransform();
  it('maps onto the simplex; the inverse recovers x up to a constant', () => {
    const x = [0.3, -1.2, 2.1, 0];
    const y = b.forward(x);
    expect(b.codomain.check(y).item()).toBe(1);
    const back = Array.from(b.inverse(y).data);
    const c = back[3] - x[3];
    expect(Math.max(...back.map((v, i) => Math.abs(v - c - x[i])))).toBeLessThanOrEqual(1e-14);
    expect(b.forward([1000, 1000]).toArray()).toEqual([0.5, 0.5]);
    expect(b.forward([[0, Math.log(3)]]).toArray()).toEqual([
      [expect.closeTo(0.25, 15), expect.closeTo(0.75, 15)],
    ]);
  });

  it('has no log |det Jacobian|, and says why', () => {
    expect(() => b.logDetJacobian([0, 1])).toThrow(ArgumentError);
    expect(() => b.logDetJacobian([0, 1])).toThrow(
      /not bijective.*StickBreaking or SoftmaxCentered/,
    );
    const d = new TransformedDistribution(new Normal([0, 0, 0], 1), b);
    expect(() => d.logProb([0.2, 0.3, 0.5])).toThrow(/not bijective/);
  });
});

describe('SoftmaxCentered', () => {
  const b = new SoftmaxCentered();
  const CASES = [
    [0.3, -1.2, 2.1],
    [0, 0, 0],
    [-8, 6, 0.5],
    [1e-12, -1e-12, 3],
  ];

  for (const xs of CASES) {
    it(`round trip and log |det| of the first K-1 coordinates at [${xs.join(', ')}]`, () => {
      const x = tensor(xs);
      const y = b.forward(x);
      expect(y.shape).toEqual([4]);
      expect(b.codomain.check(y).item()).toBe(1);
      const back = Array.from(b.inverse(y).data);
      expect(Math.max(...back.map((v, i) => Math.abs(v - xs[i])))).toBeLessThanOrEqual(1e-13);
      const first = (v: Tensor): Tensor => slice(b.forward(v), [0], [3]);
      const numeric = logAbsDet(jacobian(first, x));
      expect(rel(b.logDetJacobian(x).item(), numeric)).toBeLessThanOrEqual(1e-12);
      expect(gradcheck((v) => b.logDetJacobian(v), [xs]).ok).toBe(true);
    });
  }

  it('keeps its digits far out, where the Jacobian by elimination cannot', () => {
    const lse = 25 + Math.log1p(Math.exp(-55) + Math.exp(-24.5) + Math.exp(-25));
    const want = -30 + 25 + 0.5 - 4 * lse;
    expect(rel(b.logDetJacobian([-30, 25, 0.5]).item(), want)).toBeLessThanOrEqual(1e-15);
    const back = b.inverse(b.forward([-30, 25, 0.5])).data;
    expect(Math.max(...[-30, 25, 0.5].map((v, i) => rel(back[i], v)))).toBeLessThanOrEqual(1e-12);
  });

  it('works on batches and sends 0 to the uniform point', () => {
    expect(b.forward([[0, 0, 0]]).toArray()).toEqual([[0.25, 0.25, 0.25, 0.25]]);
    expect(
      b.logDetJacobian(
        tensor([
          [0.3, -1.2],
          [4, 0],
        ]),
      ).shape,
    ).toEqual([2]);
    expect(b.forwardShape([5, 2])).toEqual([5, 3]);
    expect(b.inverseShape([5, 3])).toEqual([5, 2]);
  });

  it('gives a density on the simplex (same as StickBreaking for a flat base)', () => {
    const base = new Normal([0.1, -0.3], 1);
    const d = new TransformedDistribution(base, b);
    const y = tensor([0.2, 0.3, 0.5]);
    const x = b.inverse(y);
    const want = sum(base.logProb(x)).item() - b.logDetJacobian(x).item();
    expect(d.logProb(y).item()).toBeCloseTo(want, 13);
    const s = d.sample([200], rng(3));
    expect(sum(new Dirichlet([1, 1, 1]).support.check(s)).item()).toBe(200);
    expect(new StickBreaking().codomain).toBe(b.codomain);
  });
});

describe('CumulativeDistributionTransform', () => {
  it('pushes Normal(0, 1) through its own cdf onto Uniform(0, 1)', () => {
    const n = new Normal(0, 1);
    const d = new TransformedDistribution(n, new CumulativeDistributionTransform(n));
    const lp = Array.from(d.logProb([1e-9, 0.1, 0.5, 0.93, 1 - 1e-9]).data);
    expect(Math.max(...lp.map(Math.abs))).toBeLessThanOrEqual(1e-12);
    expect(d.logProb(1.5).item()).toBe(-Infinity);
    expect(d.cdf(0.3).item()).toBeCloseTo(0.3, 14);
  });

  it('has the support as domain, the unit interval as codomain; edges', () => {
    const g = new CumulativeDistributionTransform(new Gamma(2, 1));
    expect(g.domain).toBe(new Gamma(2, 1).support);
    expect(g.forward(0).item()).toBe(0);
    expect(g.forward(1e300).item()).toBe(1);
    expect(g.logDetJacobian(0).item()).toBe(-Infinity);
    const e = new CumulativeDistributionTransform(new Exponential(1));
    expect(rel(e.inverse(e.forward(1e-200)).item(), 1e-200)).toBeLessThanOrEqual(1e-12);
  });

  it('throws without cdf / icdf or with vector events', () => {
    const sb = new TransformedDistribution(new Normal([0, 0], 1), new StickBreaking());
    expect(() => new CumulativeDistributionTransform(sb)).toThrow(/vector events/);
    expect(() => new CumulativeDistributionTransform(new Dirichlet([1, 2]))).toThrow(ArgumentError);
    const rb = new RelaxedBernoulli(0.5, { logits: 0 });
    expect(() => new CumulativeDistributionTransform(rb)).toThrow(ArgumentError);
    expect(() => new CumulativeDistributionTransform(rb)).toThrow(/RelaxedBernoulli has no cdf/);
  });
});
