import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Bernoulli,
  Beta,
  Dirichlet,
  grad,
  HalfNormal,
  Normal,
  Poisson,
  numericalGradient,
  rng,
  type Tensor,
} from '../../src/index.js';
import {
  flatten,
  logJoint,
  plate,
  potentialFn,
  sample,
  traceModel,
} from '../../src/inference/index.js';

const normalLogPdf = (x: number, m: number, s: number): number =>
  -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

const model = (ys: number[]): void => {
  const mu = sample('mu', new Normal(0, 10));
  const s = sample('s', new HalfNormal(2));
  plate('data', ys.length, () => void sample('y', new Normal(mu, s), { obs: ys }));
};

describe('logJoint and traceModel', () => {
  it('sums prior and likelihood terms exactly', () => {
    const ys = [1, 2, 3];
    const expected =
      normalLogPdf(2, 0, 10) +
      (0.5 * Math.log(2 / Math.PI) - Math.log(2) - 0.125) +
      ys.reduce((a, y) => a + normalLogPdf(y, 2, 1), 0);
    expect(logJoint(model, [ys], { mu: 2, s: 1 }).item()).toBeCloseTo(expected, 13);
  });

  it('is differentiable in the latent values', () => {
    const f = (mu: Tensor): Tensor => logJoint(model, [[1, 2, 3]], { mu, s: 1 });
    const g = grad(f)(0.5).item();
    expect(g).toBeCloseTo(-0.5 / 100 + (1 - 0.5) + (2 - 0.5) + (3 - 0.5), 13);
  });

  it('names missing latent sites', () => {
    expect(() => logJoint(model, [[1]], { mu: 2 })).toThrow(ArgumentError);
    expect(() => logJoint(model, [[1]], { mu: 2 })).toThrow("no value for latent site 's'");
    expect(
      traceModel(model, [[1]], { mu: 2, s: 1 })
        .get('s')
        ?.value.item(),
    ).toBe(1);
  });
});

describe('potentialFn', () => {
  it('is -(log joint + log-det-Jacobian) over a flat unconstrained vector', () => {
    const pot = potentialFn(model, [[1, 2, 3]]);
    expect(pot.size).toBe(2);
    expect(pot.sites.map((s) => [s.name, s.offset, s.size])).toEqual([
      ['mu', 0, 1],
      ['s', 1, 1],
    ]);
    const u = [2, Math.log(1.5)];
    const expected = -(logJoint(model, [[1, 2, 3]], { mu: 2, s: 1.5 }).item() + Math.log(1.5));
    expect(pot.potential(u).item()).toBeCloseTo(expected, 13);
    const g = grad((v) => pot.potential(v))(u);
    const n = numericalGradient((v) => pot.potential(v), [u])[0];
    g.data.forEach((a, i) =>
      expect(Math.abs(a - n.data[i])).toBeLessThan(1e-8 * Math.max(1, Math.abs(a))),
    );
  });

  it('maps simplex and interval sites and round-trips constrain / unconstrain', () => {
    const m = (): void => {
      sample('p', new Dirichlet([1, 2, 3]));
      sample('q', new Beta(2, 2));
    };
    const pot = potentialFn(m, []);
    expect(pot.sites.map((s) => s.unconstrainedShape)).toEqual([[2], []]);
    const u = pot.initial(rng(0));
    expect(u.shape).toEqual([3]);
    expect(u.data.every((v) => v > -2 && v < 2)).toBe(true);
    const values = pot.constrain(u);
    expect(values.p.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    const back = pot.unconstrain(values);
    back.data.forEach((v, i) => expect(v).toBeCloseTo(u.data[i], 12));
    expect(Number.isFinite(pot.potential(u).item())).toBe(true);
  });

  it('rejects discrete latents and wrong vector lengths', () => {
    expect(() => potentialFn(() => sample('z', new Poisson(2)), [])).toThrow(
      /latent site 'z' is discrete \(Poisson\) with an infinite support; gradient-based inference needs continuous latents/,
    );
    // a finite discrete site is summed out instead: nothing left to sample
    expect(potentialFn(() => sample('z', new Bernoulli({ probs: 0.5 })), []).size).toBe(0);
    expect(() => potentialFn(model, [[1]]).potential([1, 2, 3])).toThrow(
      /u must be a vector of length 2, got shape \[3\]/,
    );
  });
});

describe('flatten', () => {
  it('ravels and unravels named tensors, differentiably', () => {
    const { flat, unflatten } = flatten({ a: [[1, 2]], b: 3 });
    expect(flat.toArray()).toEqual([1, 2, 3]);
    const back = unflatten([4, 5, 6]);
    expect(back.a.toArray()).toEqual([[4, 5]]);
    expect(back.b.item()).toBe(6);
    expect(() => unflatten([1, 2])).toThrow(/expected a vector of length 3/);
  });
});
