/**
 * minimizeFD: convergence without a tuned learning rate on a badly scaled quadratic
 * and on Rosenbrock from the standard start, the per-coordinate relative step, a
 * failing black box, and option errors.
 */
import { describe, expect, it } from 'vitest';
import { minimizeFD } from '../../src/index.js';
import {
  fea,
  loss,
  TARGET,
  THETA0,
  userGradientDescent,
} from '../../examples/fd-gradient-descent.js';

const rosenbrock = ([a, b]: Float64Array): number => 100 * (b - a * a) ** 2 + (1 - a) ** 2;

/** Curvatures 1e-6 .. 1e2 (condition number 1e8) and a minimum at very different scales. */
const C = [1e-6, 1, 100];
const STAR = [3000, -2, 0.5];
const quadratic = (x: Float64Array): number =>
  C.reduce((s, c, i) => s + c * (x[i] - STAR[i]) ** 2, 0);

describe('minimizeFD', () => {
  it.each([
    ['badly scaled quadratic', quadratic, [1000, 1, 1], STAR, 1e-6, 60],
    ['Rosenbrock from (-1.2, 1)', rosenbrock, [-1.2, 1], [1, 1], 1e-5, 100],
  ] as const)('BFGS converges on the %s', (_name, f, x0, xStar, rtol, maxIterations) => {
    const r = minimizeFD(f, x0);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(maxIterations);
    Array.from(r.x).forEach((v, i) =>
      expect(Math.abs(v - xStar[i])).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(xStar[i]))),
    );
  });

  it('steepest descent with the line search also reaches Rosenbrock’s minimum (slowly)', () => {
    const r = minimizeFD(rosenbrock, [-1.2, 1], { method: 'gradientDescent', maxIter: 50_000 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-4);
  });

  it("solves the seed's black-box problem that fixed h and lr = 1e7 break", () => {
    const user = userGradientDescent({ h: 0.1, alpha: 1e7, maxIter: 1000 });
    expect(user.firstGradient[0]).toBeCloseTo(2.0875e-6, 9); // the question's "2.078e-06"
    expect(Number.isNaN(fea(user.theta))).toBe(true); // the giant step breaks the solver
    const r = minimizeFD(loss, THETA0);
    expect(r.reason).toBe('gradient');
    expect(Math.abs(fea(r.x) - TARGET)).toBeLessThan(1e-6);
  });

  it('differences each coordinate with a step relative to its size', () => {
    // f depends on x0 only through x0/1e6: an absolute step of 6e-6 would be lost in rounding
    const f = ([a, b]: Float64Array): number => (a / 1e6 - 3) ** 2 + (b - 2) ** 2;
    const r = minimizeFD(f, [1e6, 0]);
    expect(r.converged).toBe(true);
    expect(r.x[0] / 1e6).toBeCloseTo(3, 6);
    expect(r.x[1]).toBeCloseTo(2, 6);
  });

  it('shortens a step on which the black box fails (NaN)', () => {
    const f = ([x]: Float64Array): number => (x <= 0 ? NaN : x - Math.log(x)); // minimum at 1
    const r = minimizeFD(f, [50]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
  });

  it('stops at maxIter, and reports its evaluations', () => {
    const r = minimizeFD(rosenbrock, [-1.2, 1], { maxIter: 3 });
    expect([r.reason, r.iterations, r.converged]).toEqual(['maxIter', 3, false]);
    expect(r.evaluations).toBeGreaterThanOrEqual(1 + 4 * 4);
  });

  it.each([
    [() => minimizeFD(() => NaN, [1]), 'minimizeFD: f(x0) is NaN, not a finite number'],
    [() => minimizeFD(() => 0, []), 'minimizeFD: x0 must have at least one coordinate'],
    [() => minimizeFD(() => 0, [Infinity]), 'minimizeFD: x0 must be finite, got [Infinity]'],
    [() => minimizeFD(() => 0, [1], { step: 0 }), 'minimizeFD: step must be in (0, 0.5), got 0'],
    [
      () => minimizeFD(() => 0, [1], { maxIter: 1.5 }),
      'minimizeFD: maxIter must be a non-negative integer, got 1.5',
    ],
  ])('rejects bad input: %#', (run, message) => {
    expect(run).toThrow(message);
  });
});
