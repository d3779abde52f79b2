/**
 * The figures of the Stack Overflow questions the project was started from, reproduced
 * with pathwise.
 */
import { describe, expect, it } from 'vitest';
import {
  abs,
  customGradient,
  div,
  exp,
  explainGradient,
  grad,
  less,
  logicalAnd,
  greater,
  mean,
  mul,
  neg,
  pow,
  round,
  sigmoid,
  softmax,
  sqrt,
  square,
  stopGradient,
  sub,
  sum,
  tensor,
  where,
  type Tensor,
} from '../../src/index.js';

const to8 = (t: Tensor): number[] => Array.from(t.data, (v) => Number(v.toFixed(8)));

describe('Q1: trainable bump layer', () => {
  const x = tensor([-0.9, -0.4, -0.05, 0.02, 0.3, 0.69, 0.75, 1.2, 2.5]);

  it("the question's layer: the threshold only feeds less → explainGradient names it", () => {
    const fTrue = (v: Tensor): Tensor => exp(neg(pow(sub(1, pow(v, 2)), -1)));
    const fFalse = (v: Tensor): Tensor => mul(0, v);
    const r = explainGradient(
      ({ threshold }) => sum(where(less(x, threshold), fTrue(x), fFalse(x))),
      {
        threshold: 0.5,
      },
    );
    expect(r.findings[0].ops).toEqual(['less']);
    expect(r.toString()).toMatch(
      /only reaches the target through `less`.*whose output only chooses a branch of `where`, so no gradient can reach it/s,
    );
  });

  it('the naive bump where(|x| < s, exp(-s/(s - x²)), 0) has finite, exact gradients w.r.t. s', () => {
    for (const s of [0.5, 0.5625, 1.44, 4]) {
      // s = 0.5625 = 0.75²: the unselected branch divides by zero at x = 0.75; s = 1.44 hits x = 1.2
      const f = (sv: Tensor): Tensor =>
        sum(where(less(abs(x), sv), exp(div(neg(sv), sub(sv, square(x)))), 0));
      const g = grad(f)(s).item();
      let exact = 0;
      for (const xi of x.data) {
        if (Math.abs(xi) < s) {
          const d = s - xi * xi;
          const y = Math.exp(-s / d);
          if (Number.isFinite(y * ((xi * xi) / (d * d)))) exact += y * ((xi * xi) / (d * d));
        }
      }
      expect(Number.isFinite(g)).toBe(true);
      expect(Math.abs(g - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact)));
    }
  });

  it("the accepted answer's condition (two comparisons and logicalAnd) gives the same gradient", () => {
    const s = 0.5;
    const naive = grad((sv) =>
      sum(where(less(abs(x), sv), exp(div(neg(sv), sub(sv, square(x)))), 0)),
    )(s);
    const answer = grad((sv) =>
      sum(
        where(
          logicalAnd(greater(x, neg(sv)), less(x, sv)),
          exp(div(neg(sv), sub(sv, square(x)))),
          0,
        ),
      ),
    )(s);
    expect(answer.item()).toBe(naive.item());
  });
});

describe('Q4: differentiable round', () => {
  it('round has gradient 0; x - stopGradient(x - round(x)) has gradient 1; a custom identity VJP has 1', () => {
    expect(grad(round)(1.3).item()).toBe(0);
    const st = (v: Tensor): Tensor => sub(v, stopGradient(sub(v, round(v))));
    expect(st(tensor(1.3)).item()).toBe(1);
    expect(grad(st)(1.3).item()).toBe(1);
    const roundWithGradients = customGradient((v) => ({ value: round(v), grad: (dy) => dy }));
    expect(roundWithGradients(2.7).item()).toBe(3);
    expect(grad(roundWithGradients)(2.7).item()).toBe(1);
  });
});

describe('Q5: sigmoid and softmax', () => {
  it('sigmoid([1,2,3]) and softmax([1,2,3]) match the printed values', () => {
    expect(to8(sigmoid([1, 2, 3]))).toEqual([0.73105858, 0.88079708, 0.95257413]);
    expect(to8(softmax([1, 2, 3]))).toEqual([0.09003057, 0.24472847, 0.66524096]);
  });

  it("the answer's s(measure) and normalized sigmoid sn(measure) match to 8 digits", () => {
    const measure = tensor([0.01, 0.2, 0.5, 0.6, 0.7, 1.0, 2.5, 5.0, 50.0, 5000.0]);
    expect(to8(sigmoid(measure))).toEqual([
      0.50249998, 0.549834, 0.62245933, 0.64565631, 0.66818777, 0.73105858, 0.92414182, 0.99330715,
      1, 1,
    ]);
    const centered = sub(measure, mean(measure));
    const sn = sigmoid(div(centered, sqrt(mean(square(centered))))); // np.std: population (ddof = 0)
    expect(to8(sn)).toEqual([
      0.41634425, 0.41637507, 0.41642373, 0.41643996, 0.41645618, 0.41650485, 0.41674821,
      0.41715391, 0.42447515, 0.9525677,
    ]);
  });

  it('softmax([1000, 1001]) is finite and exact', () => {
    const p = softmax([1000, 1001]);
    expect(Array.from(p.data)).toEqual(Array.from(softmax([0, 1]).data));
    expect(p.data[1]).toBe(1 / (1 + Math.exp(-1)));
    expect(p.data[0] + p.data[1]).toBe(1);
  });
});
