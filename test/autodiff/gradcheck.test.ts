import { describe, expect, it } from 'vitest';
import {
  abs,
  ArgumentError,
  exp,
  gradcheck,
  log,
  mul,
  numericalGradient,
  relu,
  round,
  sin,
  sum,
  where,
  less,
  customGradient,
  type Tensor,
} from '../../src/index.js';

describe('gradcheck', () => {
  it('agrees to ~1e-10 on smooth functions (central differences, h ≈ 6e-6·max(1,|x|))', () => {
    const r = gradcheck(
      (a, b) => sum(mul(exp(a), log(b))),
      [
        [0.5, -1, 2],
        [[1.5], [3], [20]],
      ],
    );
    expect(r.ok).toBe(true);
    expect(r.maxRelError).toBeLessThan(1e-9);
    expect(r.inputs).toHaveLength(2);
    expect(r.inputs[1].analytic.shape).toEqual([3, 1]);
    expect(r.inputs[0].normRatio).toBeLessThan(1e-10);
    expect(r.warnings).toEqual([]);
  });

  it('scales the step with |x| so large inputs still check', () => {
    const r = gradcheck((x) => sum(mul(x, x)), [[1e6, -3e7]]);
    expect(r.maxRelError).toBeLessThan(1e-9);
  });

  it('catches a wrong gradient', () => {
    const wrong = customGradient((x) => ({ value: sin(x), grad: (g) => mul(g, 1.001) }));
    const r = gradcheck((x) => wrong(x), [[0.3]]);
    expect(r.ok).toBe(false);
    expect(r.maxRelError).toBeGreaterThan(1e-3);
  });

  it('warns when a perturbation crosses a kink or a jump', () => {
    expect(gradcheck((x) => sum(abs(x)), [[0, 1e-7, 0.5]]).inputs[0].kinks).toEqual([0, 1]);
    expect(gradcheck((x) => relu(x), [[0]]).warnings[0]).toMatch(
      /crosses a kink or a jump at flat index 0/,
    );
    expect(gradcheck((x) => round(x), [[0.5, 0.3]]).inputs[0].kinks).toEqual([0]);
    const step = (x: Tensor): Tensor => where(less(x, 1), 0, 1);
    expect(gradcheck(step, [[1, 2]]).inputs[0].kinks).toEqual([0]);
    expect(gradcheck((x) => sum(abs(x)), [[0.3, -2]]).warnings).toEqual([]);
  });

  it('numericalGradient is the plain central difference for scalar functions', () => {
    const g = numericalGradient((x) => sum(mul(x, mul(x, x))), [[2, -1]])[0];
    expect(g.data[0]).toBeCloseTo(12, 8);
    expect(g.data[1]).toBeCloseTo(3, 8);
  });

  it('rejects a bad step', () => {
    expect(() => gradcheck((x) => x, [[1]], { eps: 0 })).toThrow(ArgumentError);
  });
});
