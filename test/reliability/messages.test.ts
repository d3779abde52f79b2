/**
 * Issue 12, item 17: errors name the op the user called, the argument and the full
 * shapes (zeros/ones are in tensor.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  cholesky,
  dot,
  jit,
  logJoint,
  matmul,
  Normal,
  permute,
  plate,
  sample,
  seed,
  ShapeError,
  trace,
  zeros,
  type Tensor,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const add2 = jit((x: Tensor, y: Tensor) => add(x, y));
const obs5 = (): void =>
  void plate('data', 3, () => sample('y', new Normal(0, 1), { obs: [1, 2, 3, 4, 5] }));

const cases: ErrorCase[] = [
  {
    name: 'permute(x, [1, 5])',
    run: () => permute(zeros([2, 3]), [1, 5]),
    error: ShapeError,
    mentions: ['permute:', 'axis 5', 'perm [1,5]', 'shape [2,3]'],
  },
  {
    name: 'permute(x, [0, 0])',
    run: () => permute(zeros([2, 3]), [0, 0]),
    error: ShapeError,
    mentions: ['permute:', 'perm [0,0]', 'not a permutation', 'shape [2,3]'],
  },
  {
    name: 'dot([1, 2], [1, 2, 3])',
    run: () => dot([1, 2], [1, 2, 3]),
    error: ShapeError,
    mentions: ['dot:', 'a has shape [2]', 'b has shape [3]'],
  },
  {
    name: 'dot of [2,3] and [2,3]',
    run: () => dot(zeros([2, 3]), zeros([2, 3])),
    error: ShapeError,
    mentions: ['dot:', 'a has shape [2,3]', 'b has shape [2,3]', '3 vs 2'],
  },
  {
    name: 'matmul of [2,2,3] and [3,3,4]',
    run: () => matmul(zeros([2, 2, 3]), zeros([3, 3, 4])),
    error: ShapeError,
    mentions: [
      'matmul:',
      'cannot broadcast shapes [2] and [3]',
      'a has shape [2,2,3]',
      'b has shape [3,3,4]',
    ],
  },
  {
    name: 'matmul of [5,2,3] and [4,3,1]',
    run: () => matmul(zeros([5, 2, 3]), zeros([4, 3, 1])),
    error: ShapeError,
    mentions: ['matmul:', 'a has shape [5,2,3]', 'b has shape [4,3,1]'],
  },
  {
    name: 'cholesky of a non-symmetric matrix',
    run: () =>
      cholesky([
        [1, 2],
        [0, 1],
      ]),
    error: ArgumentError,
    mentions: ['cholesky:', 'not symmetric', 'a[1,0] = 0', 'a[0,1] = 2', 'shape [2,2]'],
  },
  {
    name: 'a jitted two-argument function called with one argument',
    run: () => (add2 as unknown as (x: number) => Tensor)(1),
    error: ArgumentError,
    mentions: ['jit:', 'takes 2 argument(s), got 1'],
  },
  {
    name: "plate('data', 3) around 5 observations (trace)",
    run: () => trace(seed(obs5, 0)).getTrace(),
    error: ShapeError,
    mentions: ["plate 'data'", "site 'y'", 'shape [5]', 'plate size 3'],
  },
  {
    name: "plate('data', 3) around 5 observations (logJoint)",
    run: () => logJoint(obs5, [], {}),
    error: ShapeError,
    mentions: ["plate 'data'", "site 'y'", 'shape [5]', 'plate size 3'],
  },
];

describe('item 17: messages name the op called and the full shapes', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('valid calls are unchanged (broadcast batch, 1-D dot, observed data of plate size)', () => {
    expect(matmul(zeros([1, 2, 3]), zeros([4, 3, 5])).shape).toEqual([4, 2, 5]);
    expect(dot([1, 2], [3, 4]).item()).toBe(11);
    expect(cholesky([[4]]).item()).toBe(2);
    const ok = (): void =>
      void plate('data', 3, () => sample('y', new Normal(0, 1), { obs: [1, 2, 3] }));
    expect(Number.isFinite(logJoint(ok, [], {}).item())).toBe(true);
  });
});
