/**
 * Issue 12, item 12: pow's gradient at exponent 0, a singular triangularSolve (an error
 * naming the zero pivot, as scipy), and grad's options checked at run time.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  grad,
  mul,
  pow,
  triangularSolve,
  valueAndGrad,
  type Tensor,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const f2 = (x: Tensor, y: Tensor): Tensor => mul(x, y);

const cases: ErrorCase[] = [
  {
    name: 'triangularSolve of a lower triangle with a zero pivot',
    run: () =>
      triangularSolve(
        [
          [2, 0],
          [1, 0],
        ],
        [[1], [1]],
      ),
    error: ArgumentError,
    mentions: ['triangularSolve', 'singular matrix', 'l[1,1] = 0', 'shape [2,2]'],
  },
  {
    name: 'triangularSolve upper, adjoint, zero first pivot',
    run: () =>
      triangularSolve(
        [
          [0, 1],
          [0, 3],
        ],
        [[1], [1]],
        { lower: false, adjoint: true },
      ),
    error: ArgumentError,
    mentions: ['triangularSolve', 'singular matrix', 'l[0,0] = 0'],
  },
  {
    name: 'triangularSolve batched: the second matrix is singular',
    run: () =>
      triangularSolve(
        [
          [
            [1, 0],
            [0, 1],
          ],
          [
            [1, 0],
            [5, 0],
          ],
        ],
        [[1], [1]],
      ),
    error: ArgumentError,
    mentions: ['triangularSolve', 'l[1,1] = 0', 'matrix 1', 'shape [2,2,2]'],
  },
  {
    name: 'grad(f, [0, 1]) (an array, not { argnums })',
    run: () => grad(f2, [0, 1] as unknown as { argnums: number[] }),
    error: ArgumentError,
    mentions: ['grad', 'options', 'the array [0, 1]', '{ argnums: [0, 1] }'],
  },
  {
    name: 'grad(f, 1)',
    run: () => grad(f2, 1 as unknown as { argnums: number }),
    error: ArgumentError,
    mentions: ['grad', 'options', 'got 1'],
  },
  {
    name: 'valueAndGrad(f, [1])',
    run: () => valueAndGrad(f2, [1] as unknown as { argnums: number[] }),
    error: ArgumentError,
    mentions: ['valueAndGrad', 'options', 'the array [1]'],
  },
  {
    name: "grad('sin')",
    run: () => grad('sin' as unknown as (x: Tensor) => Tensor),
    error: ArgumentError,
    mentions: ['grad', 'f must be a function', 'sin'],
  },
];

describe('item 12: pow, triangularSolve, grad options', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it.each([
    [0, 0, 0],
    [2, 0, 0],
    [0, 1, 1],
    [0, 2, 0],
    [3, 2, 6],
  ])('d/dx pow(x, %d) at x = %d is %d', (x, b, want) => {
    expect(grad((t: Tensor) => pow(t, b))(x).item()).toBe(want);
  });

  it('at a = 2, b = 0: d/da = 0 and d/db = log 2 (unchanged)', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => pow(a, b), { argnums: [0, 1] })(2, 0);
    expect(ga.item()).toBe(0);
    expect(gb.item()).toBeCloseTo(Math.log(2), 15);
  });

  it('a non-singular triangle still solves (a tiny pivot is no error)', () => {
    expect(triangularSolve([[1e-300]], [[1e-300]]).toArray()).toEqual([[1]]);
  });
});
