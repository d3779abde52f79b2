import { describe, expect, it } from 'vitest';
import {
  cos,
  div,
  exp,
  grad,
  GradientError,
  log,
  matmul,
  mul,
  numericalGradient,
  sin,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  vjp,
  type Tensor,
} from '../../src/index.js';

describe('grad / valueAndGrad / vjp', () => {
  it('differentiates scalar functions of numbers and tensors', () => {
    expect(grad(sin)(0).item()).toBe(1);
    expect(grad((x) => sum(mul(x, x)))([1, 2]).toArray()).toEqual([2, 4]);
  });

  it('supports argnums and returns zeros for an unused argument', () => {
    const f = (x: Tensor, y: Tensor, _z: Tensor): Tensor => mul(sin(x), y);
    const [gx, gy, gz] = grad(f, { argnums: [0, 1, 2] })(0.5, 2, [1, 2]);
    expect(gx.item()).toBeCloseTo(2 * Math.cos(0.5), 15);
    expect(gy.item()).toBe(Math.sin(0.5));
    expect(gz.toArray()).toEqual([0, 0]);
    expect(grad(f, { argnums: 1 })(0.5, 2, 0).item()).toBe(Math.sin(0.5));
  });

  it('gives separate gradients when one tensor is passed twice', () => {
    const x = tensor(3);
    const gs = grad((a, b) => mul(mul(a, a), b), { argnums: [0, 1] })(x, x);
    expect(gs.map((g) => g.item())).toEqual([18, 9]);
  });

  it('valueAndGrad returns both', () => {
    const { value, grad: g } = valueAndGrad((x) => exp(x))(1);
    expect(value.item()).toBe(Math.E);
    expect(g.item()).toBe(Math.E);
  });

  it('rejects non-scalar functions and bad argnums', () => {
    expect(() => grad((x) => mul(x, 2))([1, 2])).toThrow(GradientError);
    expect(() => grad((x) => mul(x, 2))([1, 2])).toThrow(
      /f must return a scalar, got shape \[2\]; use vjp/,
    );
    expect(() => grad((x) => x, { argnums: 3 })(1)).toThrow(
      /argnums 3 is out of range for 1 argument/,
    );
  });

  it('vjp handles non-scalar outputs and can be called repeatedly', () => {
    const { value, vjp: back } = vjp((x, y) => mul(x, y), [1, 2, 3], 2);
    expect(value.toArray()).toEqual([2, 4, 6]);
    const [gx, gy] = back([1, 1, 1]);
    expect(gx.toArray()).toEqual([2, 2, 2]);
    expect(gy.item()).toBe(6);
    expect(back([1, 0, 0])[1].item()).toBe(1);
  });
});

describe('higher-order gradients', () => {
  const at = 0.7;
  const second = (f: (x: Tensor) => Tensor): number => grad(grad(f))(at).item();
  const table: [string, (x: Tensor) => Tensor, number][] = [
    ['sin', sin, -Math.sin(at)],
    ['exp', exp, Math.exp(at)],
    ['mul', (x) => mul(mul(x, x), x), 6 * at],
    ['div', (x) => div(1, x), 2 / at ** 3],
    ['tanh', tanh, -2 * Math.tanh(at) * (1 - Math.tanh(at) ** 2)],
    ['log', log, -1 / at ** 2],
    [
      'cos∘sin',
      (x) => cos(sin(x)),
      -Math.cos(Math.sin(at)) * Math.cos(at) ** 2 + Math.sin(Math.sin(at)) * Math.sin(at),
    ],
  ];
  it.each(table)('second derivative of %s matches the closed form', (_name, f, exact) => {
    expect(Math.abs(second(f) - exact)).toBeLessThan(1e-13 * Math.max(1, Math.abs(exact)));
  });

  it('third derivative of sin is -cos', () => {
    expect(grad(grad(grad(sin)))(at).item()).toBeCloseTo(-Math.cos(at), 15);
  });

  it('Hessian-vector product of a matmul quadratic form equals (A + Aᵀ) v', () => {
    const A = tensor([
      [2, 1, 0],
      [0.5, 3, -1],
      [1, 0, 4],
    ]);
    const v = tensor([1, -2, 0.5]);
    const f = (x: Tensor): Tensor => sum(mul(x, matmul(A, x)));
    const hvp = grad((x) => sum(mul(grad(f)(x), v)))([0.3, 0.1, -0.2]);
    const expected = [0, 1, 2].map((i) =>
      [0, 1, 2].reduce((s, j) => s + (A.data[i * 3 + j] + A.data[j * 3 + i]) * v.data[j], 0),
    );
    hvp.data.forEach((h, i) => expect(h).toBeCloseTo(expected[i], 14));
  });

  it('second derivatives agree with central differences of the first', () => {
    const f = (x: Tensor): Tensor =>
      sum(
        mul(
          tanh(
            matmul(
              [
                [1, 2],
                [3, 4],
              ],
              x,
            ),
          ),
          exp(x),
        ),
      );
    const x0 = [0.1, -0.2];
    const df = (x: Tensor): Tensor => sum(mul(grad(f)(x), [1, 0.5]));
    const analytic = grad(df)(x0);
    const numeric = numericalGradient(df, [x0])[0];
    analytic.data.forEach((a, i) =>
      expect(Math.abs(a - numeric.data[i])).toBeLessThan(1e-8 * Math.max(1, Math.abs(a))),
    );
  });
});
