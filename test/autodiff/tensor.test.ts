import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  ShapeError,
  Tensor,
  tensor,
  zeros,
  zerosLike,
} from '../../src/index.js';

describe('tensor creation', () => {
  it('infers shapes from nested arrays and stores row-major float64', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('accepts numbers, booleans, typed arrays and an explicit shape', () => {
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor(2.5).item()).toBe(2.5);
    expect(tensor([true, false]).toArray()).toEqual([1, 0]);
    expect(tensor(new Float32Array([0.5, 1.5])).toArray()).toEqual([0.5, 1.5]);
    expect(tensor(new Int32Array([3, 4])).toArray()).toEqual([3, 4]);
    expect(tensor([1, 2, 3, 4], [2, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('copies its input so later mutation does not leak in', () => {
    const src = new Float64Array([1, 2]);
    const t = tensor(src);
    src[0] = 99;
    expect(t.data[0]).toBe(1);
    const u = tensor(t);
    expect(u.data).not.toBe(t.data);
  });

  it('makes the standard constant tensors', () => {
    expect(scalar(3).shape).toEqual([]);
    expect(zeros([2, 1]).toArray()).toEqual([[0], [0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], -1.5).toArray()).toEqual([-1.5, -1.5]);
    expect(zerosLike([[1, 2]]).shape).toEqual([1, 2]);
    expect(onesLike([[1, 2]]).toArray()).toEqual([[1, 1]]);
    expect(arange(3).toArray()).toEqual([0, 1, 2]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 1, -2).toArray()).toEqual([5, 3]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0, 0.3, 4).data[3]).toBe(0.3);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('prints readably and abbreviates large tensors', () => {
    expect(
      tensor([
        [0.5, 1],
        [2, 3],
      ]).toString(),
    ).toBe('tensor([[0.5, 1], [2, 3]])');
    expect(scalar(1 / 3).toString()).toBe('tensor(0.33333333)');
    expect(zeros([2000]).toString()).toBe('tensor(<2000 values>, shape=[2000])');
    expect(zeros([0]).toString()).toBe('tensor([], shape=[0])');
  });
});

describe('bad input', () => {
  it('rejects non-numeric data naming the op, argument and position', () => {
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(ArgumentError);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(
      /tensor: argument 'values' has a non-numeric value the string "a" at \[1\]/,
    );
    expect(() => tensor({} as unknown as number)).toThrow(
      /must be a number, a Tensor or nested arrays/,
    );
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
  });

  it('rejects shapes that do not fit the data', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fill shape \[2,2\]/);
    expect(() => zeros([2, -1])).toThrow(ShapeError);
    expect(() => arange(0, 1, 0)).toThrow(ArgumentError);
    expect(() => linspace(0, 1, 1.5)).toThrow(ArgumentError);
    expect(() => tensor([1, 2]).item()).toThrow(/tensor of shape \[2\] has 2 elements, not 1/);
  });

  it('constructs directly from a Float64Array without copying', () => {
    const d = new Float64Array([1, 2]);
    expect(new Tensor(d, [2]).data).toBe(d);
  });
});
