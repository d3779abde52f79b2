/**
 * Issue 12, tensor creation: bad fill values and ranges (item 10), huge sizes (item 14),
 * a bad rng (item 15) and creation errors naming the function the user called (item 17).
 */
import { describe, expect, it } from 'vitest';
import {
  arange,
  ArgumentError,
  eye,
  full,
  linspace,
  Normal,
  ones,
  rng,
  ShapeError,
  tensor,
  zeros,
  type Rng,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const cases: ErrorCase[] = [
  // item 10
  {
    name: "full([2], 'x')",
    run: () => full([2], 'x' as unknown as number),
    error: ArgumentError,
    mentions: ['full', 'value', '"x"'],
  },
  {
    name: 'full([2], undefined)',
    run: () => full([2], undefined as unknown as number),
    error: ArgumentError,
    mentions: ['full', 'value', 'undefined'],
  },
  {
    name: 'arange(NaN)',
    run: () => arange(NaN),
    error: ArgumentError,
    mentions: ['arange', 'stop', 'got NaN'],
  },
  {
    name: 'arange(NaN, 3)',
    run: () => arange(NaN, 3),
    error: ArgumentError,
    mentions: ['arange', 'start', 'got NaN'],
  },
  {
    name: 'arange(0, 3, NaN)',
    run: () => arange(0, 3, NaN),
    error: ArgumentError,
    mentions: ['arange', 'step', 'got NaN'],
  },
  // item 14
  {
    name: 'zeros([1e9, 1e9])',
    run: () => zeros([1e9, 1e9]),
    error: ShapeError,
    mentions: ['zeros', '[1000000000,1000000000]', '1000000000000000000 elements'],
  },
  {
    name: 'zeros([2 ** 33])',
    run: () => zeros([2 ** 33]),
    error: ShapeError,
    mentions: ['zeros', '[8589934592]', '8589934592 elements'],
  },
  {
    name: 'arange(0, Infinity)',
    run: () => arange(0, Infinity),
    error: ArgumentError,
    mentions: ['arange', 'stop', 'got Infinity'],
  },
  {
    name: 'arange(0, 1e12)',
    run: () => arange(0, 1e12),
    error: ShapeError,
    mentions: ['arange', '[1000000000000]', '1000000000000 elements'],
  },
  {
    name: 'linspace(0, 1, 1e12)',
    run: () => linspace(0, 1, 1e12),
    error: ShapeError,
    mentions: ['linspace', '1000000000000 elements'],
  },
  {
    name: 'eye(1e6)',
    run: () => eye(1e6),
    error: ShapeError,
    mentions: ['eye', '[1000000,1000000]', '1000000000000 elements'],
  },
  {
    name: 'full([2 ** 31], 1)',
    run: () => full([2 ** 31], 1),
    error: ShapeError,
    mentions: ['full', '[2147483648]', 'more than the 2147483647'],
  },
  {
    name: 'new Normal(0, 1).sample([1e10, 1e10])',
    run: () => new Normal(0, 1).sample([1e10, 1e10]),
    error: ShapeError,
    mentions: ['Normal.sample', '[10000000000,10000000000]', 'elements'],
  },
  {
    name: 'new Normal([0, 0], 1).sample([2 ** 31])',
    run: () => new Normal([0, 0], 1).sample([2 ** 31]),
    error: ShapeError,
    mentions: ['Normal.sample', '[2147483648,2]', '4294967296 elements'],
  },
  {
    name: 'rng(0).tensor([1e10], ...)',
    run: () => rng(0).tensor([1e10], (r) => r.uniform()),
    error: ShapeError,
    mentions: ['Rng.tensor', '[10000000000]', 'elements'],
  },
  // item 15
  {
    name: "new Normal(0, 1).sample([2], 'notrng')",
    run: () => new Normal(0, 1).sample([2], 'notrng' as unknown as Rng),
    error: ArgumentError,
    mentions: ['Normal.sample', 'rng must be an Rng', 'notrng'],
  },
  {
    name: 'new Normal(0, 1).sample([2], {})',
    run: () => new Normal(0, 1).sample([2], {} as unknown as Rng),
    error: ArgumentError,
    mentions: ['Normal.sample', 'rng must be an Rng', 'object'],
  },
  // item 17: the op the user called
  {
    name: 'zeros([-2])',
    run: () => zeros([-2]),
    error: ShapeError,
    mentions: ['zeros:', '[-2]'],
  },
  {
    name: 'ones([Infinity])',
    run: () => ones([Infinity]),
    error: ShapeError,
    mentions: ['ones:', '[Infinity]'],
  },
  {
    name: 'zeros(3) (not an array)',
    run: () => zeros(3 as unknown as number[]),
    error: ShapeError,
    mentions: ['zeros:', 'shape must be an array', '3'],
  },
];

describe('tensor creation: clear errors for bad values and sizes', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('non-finite fill values are allowed when asked for', () => {
    expect(full([2], NaN).toArray()).toEqual([NaN, NaN]);
    expect(full([2], -Infinity).toArray()).toEqual([-Infinity, -Infinity]);
    expect(arange(0, 3, 1).toArray()).toEqual([0, 1, 2]);
    expect(tensor([], [2 ** 40, 0]).shape).toEqual([2 ** 40, 0]); // no elements: no limit
  });
});
