/**
 * Bijectors: inverse ∘ forward = identity, logDetJacobian against the log |det| of a
 * central-difference Jacobian, bijectorFor landing in each support, and
 * TransformedDistribution against the change-of-variables formula.
 */
import { describe, expect, it } from 'vitest';
import {
  Affine,
  ArgumentError,
  bijectorFor,
  Chain,
  constraints,
  Dirichlet,
  Exp,
  gradcheck,
  Identity,
  Independent,
  LogNormal,
  LowerCholesky,
  Normal,
  numericalGradient,
  rng,
  scalar,
  Sigmoid,
  Softplus,
  StickBreaking,
  sum,
  Tanh,
  tensor,
  TransformedDistribution,
  Uniform,
  type Bijector,
  type Constraint,
  type Tensor,
} from '../../src/index.js';
import { logAbsDet, rel } from '../helpers/linalg.js';

/** The Jacobian ∂f(x)ᵣ/∂xᵢ by central differences (f from a vector to a vector). */
function jacobian(f: (x: Tensor) => Tensor, x: Tensor): number[][] {
  const m = f(x).size;
  return Array.from({ length: m }, (_, r) =>
    Array.from(numericalGradient((v) => scalar(f(v).data[r]), [x])[0].data),
  );
}

const ELEMENTWISE: [Bijector, number[]][] = [
  [new Identity(), [-2, 0.3, 5]],
  [new Exp(), [-2, 0.3, 5]],
  [new Softplus(), [-20, 0.3, 30]],
  [new Sigmoid(), [-20, 0.3, 15]],
  [new Tanh(), [-3, 0.3, 2]],
  [new Affine(1.5, -0.7), [-2, 0.3, 5]],
  [new Chain([new Exp(), new Affine(2, 3)]), [-2, 0.3, 3]],
];

describe('elementwise bijectors', () => {
  for (const [b, xs] of ELEMENTWISE) {
    it(b.name, () => {
      const x = tensor(xs);
      const y = b.forward(x);
      expect(b.inverse(y).toArray()).toEqual(xs.map((v) => expect.closeTo(v, 9)));
      expect(Array.from(b.codomain.check(y).data)).toEqual(xs.map(() => 1));
      const ldj = b.logDetJacobian(x);
      expect(ldj.shape).toEqual([3]);
      const numeric = logAbsDet(jacobian((v) => b.forward(v), x));
      expect(rel(sum(ldj).item(), numeric)).toBeLessThanOrEqual(1e-8);
      expect(b.inverseLogDetJacobian(y).toArray()).toEqual(
        Array.from(ldj.data, (v) => expect.closeTo(-v, 9)),
      );
      expect(gradcheck((v) => b.logDetJacobian(v), [xs]).ok).toBe(true);
    });
  }

  it('keep their digits in the tails', () => {
    expect(new Softplus().inverse(new Softplus().forward(-30)).item()).toBeCloseTo(-30, 9);
    expect(new Sigmoid().logDetJacobian(800).item()).toBe(-800);
    expect(new Tanh().logDetJacobian(400).item()).toBeCloseTo(2 * Math.LN2 - 800, 9);
  });
});

describe('StickBreaking', () => {
  const b = new StickBreaking();
  const x = tensor([0.3, -1.2, 2.1]);

  it('maps ℝ³ onto the 4-simplex and back', () => {
    const y = b.forward(x);
    expect(y.shape).toEqual([4]);
    expect(b.codomain.check(y).item()).toBe(1);
    expect(sum(y).item()).toBeCloseTo(1, 15);
    expect(b.inverse(y).toArray()).toEqual([0.3, -1.2, 2.1].map((v) => expect.closeTo(v, 12)));
    expect(b.forward([0, 0, 0]).toArray()).toEqual(
      [0.25, 0.25, 0.25, 0.25].map((v) => expect.closeTo(v, 15)),
    );
  });

  it('has the log |det| of its first K-1 coordinates', () => {
    const first = (v: Tensor): Tensor => tensor(Array.from(b.forward(v).data).slice(0, 3));
    expect(rel(b.logDetJacobian(x).item(), logAbsDet(jacobian(first, x)))).toBeLessThanOrEqual(
      1e-8,
    );
    expect(gradcheck((v) => b.logDetJacobian(v), [x]).ok).toBe(true);
  });

  it('works on batches', () => {
    const xs = tensor([
      [0.3, -1.2],
      [4, 0],
    ]);
    expect(b.forward(xs).shape).toEqual([2, 3]);
    expect(b.logDetJacobian(xs).shape).toEqual([2]);
    expect(b.forwardShape([5, 2])).toEqual([5, 3]);
    expect(b.inverseShape([5, 3])).toEqual([5, 2]);
  });
});

describe('LowerCholesky', () => {
  const b = new LowerCholesky();
  const packed = [0.2, -0.7, 0.4, 1.1, 0.3, -0.5]; // the lower triangle of a 3 × 3, row by row
  const unpack = (p: Tensor): Tensor => {
    const m = new Float64Array(9);
    let k = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) m[i * 3 + j] = p.data[k++];
    return tensor(m, [3, 3]);
  };
  const pack = (m: Tensor): Tensor => {
    const out: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) out.push(m.data[i * 3 + j]);
    return tensor(out);
  };

  it('maps onto Cholesky factors and back', () => {
    const x = unpack(tensor(packed));
    const y = b.forward(x);
    expect(constraints.lowerCholesky.check(y).item()).toBe(1);
    expect(pack(b.inverse(y)).toArray()).toEqual(packed.map((v) => expect.closeTo(v, 12)));
  });

  it('has the log |det| of the map between lower triangles', () => {
    const x = unpack(tensor(packed));
    const numeric = logAbsDet(jacobian((p) => pack(b.forward(unpack(p))), tensor(packed)));
    expect(rel(b.logDetJacobian(x).item(), numeric)).toBeLessThanOrEqual(1e-8);
  });
});

const SUPPORTS: [string, Constraint][] = [
  ['real', constraints.real],
  ['positive', constraints.positive],
  ['nonNegative', constraints.nonNegative],
  ['unitInterval', constraints.unitInterval],
  ['interval', constraints.interval(-2, 5)],
  ['halfOpenInterval', constraints.halfOpenInterval(1, 2)],
  ['greaterThan', constraints.greaterThan(3)],
  ['lessThan', constraints.lessThan(-1)],
  ['independent(positive)', constraints.independent(constraints.positive, 1)],
];

describe('bijectorFor maps ℝ into each support', () => {
  const xs = rng('bijectorFor').tensor([50], (r) => r.normal(0, 4));
  for (const [name, c] of SUPPORTS) {
    it(name, () => {
      const b = bijectorFor(c);
      const y = b.forward(xs);
      const ok = c.eventDim === 0 ? y.data.length : 1;
      expect(sum(c.check(y)).item()).toBe(ok);
      expect(b.inverse(y).toArray()).toEqual(Array.from(xs.data, (v) => expect.closeTo(v, 8)));
      expect(b.logDetJacobian(xs).shape).toEqual(c.eventDim === 0 ? [50] : []);
    });
  }

  it('simplex and lowerCholesky', () => {
    expect(bijectorFor(constraints.simplex)).toBeInstanceOf(StickBreaking);
    expect(bijectorFor(constraints.lowerCholesky)).toBeInstanceOf(LowerCholesky);
  });

  it('throws for discrete supports', () => {
    expect(() => bijectorFor(constraints.boolean)).toThrow(ArgumentError);
    expect(() => bijectorFor(constraints.integerInterval(0, 3))).toThrow(/discrete support/);
  });
});

describe('TransformedDistribution', () => {
  it('Normal pushed through Exp is LogNormal', () => {
    const d = new TransformedDistribution(new Normal(0.3, 0.8), new Exp());
    const ln = new LogNormal(0.3, 0.8);
    const x = [0.2, 1, 7];
    expect(d.logProb(x).toArray()).toEqual(
      Array.from(ln.logProb(x).data, (v) => expect.closeTo(v, 13)),
    );
    expect(d.cdf(x).toArray()).toEqual(Array.from(ln.cdf(x).data, (v) => expect.closeTo(v, 14)));
    expect(d.icdf(0.3).item()).toBeCloseTo(ln.icdf(0.3).item(), 13);
    expect(d.logProb(-1).item()).toBe(-Infinity);
    expect(d.reparameterized).toBe(true);
    expect(d.sample([4], rng(0)).toArray()).toEqual(ln.sample([4], rng(0)).toArray());
  });

  it('an Affine map (given as a list) of a Uniform', () => {
    const d = new TransformedDistribution(new Uniform(0, 1), [new Affine(2, 3)]);
    expect(d.logProb(3.5).item()).toBeCloseTo(-Math.log(3), 15);
    expect(d.logProb(6).item()).toBe(-Infinity);
  });

  it('Independent Normal through StickBreaking: a density on the simplex', () => {
    const base = new Normal([0.1, -0.3], 1);
    const d = new TransformedDistribution(base, new StickBreaking());
    expect(d.batchShape).toEqual([]);
    expect(d.eventShape).toEqual([3]);
    const y = tensor([0.2, 0.3, 0.5]);
    const x = new StickBreaking().inverse(y);
    const expected =
      new Independent(base, 1).logProb(x).item() - new StickBreaking().logDetJacobian(x).item();
    expect(d.logProb(y).item()).toBeCloseTo(expected, 13);
    expect(d.sample([5], rng(1)).shape).toEqual([5, 3]);
    expect(() => d.cdf(y)).toThrow(/cdf: not available/);
    const s = d.sample([1000], rng(2));
    expect(sum(new Dirichlet([1, 1, 1]).support.check(s)).item()).toBe(1000);
  });
});
