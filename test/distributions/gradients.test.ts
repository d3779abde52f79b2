/**
 * Gradients of logProb with respect to every continuous parameter and the value agree
 * with float64 central differences (gradcheck, 1e-7 relative), also for a batch, and
 * for cdf / icdf / entropy / KL where they are defined.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  Dirichlet,
  exp,
  Gamma,
  grad,
  gradcheck,
  mul,
  Normal,
  sum,
  tensor,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import { CASES } from './cases.js';

const TOL = { rtol: 1e-7, atol: 1e-9 };

function expectGrad(f: (...xs: Tensor[]) => Tensor, inputs: TensorLike[]): void {
  const r = gradcheck(f, inputs, TOL);
  expect(r.warnings).toEqual([]);
  expect(r.maxRelError, `max relative error ${r.maxRelError}`).toBeLessThanOrEqual(TOL.rtol);
  expect(r.ok).toBe(true);
}

describe('gradcheck of logProb in every continuous parameter', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const fixed = c.params.map((p) => tensor(p));
      const free = c.params.map((_, i) => i).filter((i) => !c.discreteParams?.includes(i));
      const f = (...xs: Tensor[]): Tensor => {
        const args = fixed.slice();
        free.forEach((i, k) => (args[i] = xs[k]));
        return (c.gradMake ?? c.make)(...args).logProb(c.value);
      };
      expectGrad(
        f,
        free.map((i) => c.params[i]),
      );
    });
  }
});

describe('gradcheck of logProb in the value', () => {
  for (const c of CASES.filter((k) => k.continuous && !k.name.startsWith('Dirichlet'))) {
    it(c.name, () => {
      const d = c.make(...c.params.map((p) => tensor(p)));
      expectGrad((x) => d.logProb(x), [c.value]);
    });
  }

  it('Dirichlet, along the simplex', () => {
    const d = new Dirichlet([1.5, 2.5, 4]);
    // move mass between the first two coordinates: x = [t, 0.5 - t, 0.5]
    expectGrad((t) => d.logProb(add(mul(t, [1, -1, 0]), [0, 0.5, 0.5])), [0.2]);
  });
});

describe('gradients of the other differentiable methods', () => {
  it('batched parameters and values', () => {
    expectGrad(
      (loc, scale, x) => new Normal(loc, scale).logProb(x),
      [
        [0, 1, -2],
        [1, 0.5, 3],
        [[0.3], [-1]],
      ],
    );
    expectGrad(
      (a, b) => new Gamma(a, b).logProb([[0.5, 2, 7]]),
      [
        [[0.7], [30]],
        [1.5, 0.2, 2],
      ],
    );
  });

  it('cdf in the value and the parameters (Normal, Gamma incl. concentration)', () => {
    expectGrad((x, loc, scale) => new Normal(loc, scale).cdf(x), [[-1, 0.5, 3], 0.2, 1.4]);
    expectGrad((x, a, b) => new Gamma(a, b).cdf(x), [[0.3, 2, 9], [0.5, 3, 40], 1.2]);
  });

  it('icdf in p is 1 / density at the quantile (exactly), and in the parameters', () => {
    const ps = [0.01, 0.1, 0.5, 0.9, 0.999];
    for (const c of CASES.filter((k) => k.continuous && !k.name.startsWith('Dirichlet'))) {
      const d = c.make(...c.params.map((p) => tensor(p)));
      if (c.name.startsWith('Multivariate')) continue;
      const g = grad((p) => sum(d.icdf(p)))(ps);
      const density = exp(d.logProb(d.icdf(ps)));
      for (let i = 0; i < ps.length; i++)
        expect(g.data[i] * density.data[i], `${c.name} at ${ps[i]}`).toBeCloseTo(1, 12);
    }
    expectGrad((p, loc, scale) => new Normal(loc, scale).icdf(p), [[0.01, 0.5, 0.97], 0.2, 1.4]);
    // stdlib's gammaincinv is good to ~1e-12, which central differences amplify to ~1e-9
    const loose = { rtol: 1e-6, atol: 1e-9 };
    expect(
      gradcheck(
        (p, a) => new Gamma(a, 2).icdf(p),
        [
          [0.1, 0.5, 0.9],
          [0.7, 3, 40],
        ],
        loose,
      ).ok,
    ).toBe(true);
  });

  it('entropy in the parameters', () => {
    for (const c of CASES) {
      const free = c.params.map((_, i) => i).filter((i) => !c.discreteParams?.includes(i));
      const fixed = c.params.map((p) => tensor(p));
      const f = (...xs: Tensor[]): Tensor => {
        const args = fixed.slice();
        free.forEach((i, k) => (args[i] = xs[k]));
        return (c.gradMake ?? c.make)(...args).entropy();
      };
      expectGrad(
        f,
        free.map((i) => c.params[i]),
      );
    }
  });
});
