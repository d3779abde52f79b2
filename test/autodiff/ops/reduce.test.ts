import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  cumsum,
  gather,
  grad,
  logSoftmax,
  logSumExp,
  max,
  mean,
  min,
  mul,
  prod,
  ShapeError,
  softmax,
  sum,
  tensor,
  vjp,
  type ReduceOptions,
  type Tensor,
  type TensorLike,
} from '../../../src/index.js';
import {
  at,
  awayFromZero,
  check,
  cotangentFor,
  distinctTensorArb,
  expectClose,
  expectGradOk,
  expectSecondOrderOk,
  GradLog,
  indices,
  real,
  reduceOptionsArb,
  reduceRef,
  shapeArb,
  tensorArb,
  uniformInt,
  type Fn,
} from '../../helpers/check.js';

const worst = new GradLog('reduce');

type Reduce = (x: TensorLike, o?: ReduceOptions) => Tensor;

const lseRef = (v: number[]): number => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};

const reductions: {
  name: string;
  f: Reduce;
  values: (shape: number[]) => fc.Arbitrary<Tensor>;
  ref: (v: number[]) => number;
}[] = [
  {
    name: 'mean',
    f: mean,
    values: (s) => tensorArb(s, real(-3, 3)),
    ref: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  },
  { name: 'max', f: max, values: distinctTensorArb, ref: (v) => Math.max(...v) },
  { name: 'min', f: min, values: distinctTensorArb, ref: (v) => Math.min(...v) },
  {
    name: 'prod',
    f: prod,
    values: (s) => tensorArb(s, awayFromZero(0.5, 1.5)),
    ref: (v) => v.reduce((a, b) => a * b, 1),
  },
  { name: 'logSumExp', f: logSumExp, values: (s) => tensorArb(s, real(-3, 3)), ref: lseRef },
];

const reductionInputs = (values: (s: number[]) => fc.Arbitrary<Tensor>) =>
  shapeArb(0, 3).chain((s) => fc.tuple(values(s), reduceOptionsArb(s.length)));

/** Ops along one axis: softmax, logSoftmax, cumsum (both directions). */
const alongAxis: {
  name: string;
  f: (x: Tensor, axis: number) => Tensor;
  ref: (v: number[]) => number[];
}[] = [
  {
    name: 'softmax',
    f: (x, a) => softmax(x, a),
    ref: (v) => {
      const m = Math.max(...v);
      const e = v.map((x) => Math.exp(x - m));
      const s = e.reduce((p, q) => p + q, 0);
      return e.map((x) => x / s);
    },
  },
  { name: 'logSoftmax', f: (x, a) => logSoftmax(x, a), ref: (v) => v.map((x) => x - lseRef(v)) },
  {
    name: 'cumsum',
    f: (x, a) => cumsum(x, { axis: a }),
    ref: (v) => v.map((_, i) => v.slice(0, i + 1).reduce((p, q) => p + q, 0)),
  },
  {
    name: 'cumsum (reverse)',
    f: (x, a) => cumsum(x, { axis: a, reverse: true }),
    ref: (v) => v.map((_, i) => v.slice(i).reduce((p, q) => p + q, 0)),
  },
];

const axisInputs = shapeArb(1, 3).chain((s) =>
  fc.tuple(tensorArb(s, real(-3, 3)), uniformInt(-s.length, s.length - 1)),
);

/** Applies `ref` to every 1-D fibre of `x` along `axis`. */
function alongAxisRef(x: Tensor, axis: number, ref: (v: number[]) => number[]): Tensor {
  const a = axis < 0 ? axis + x.rank : axis;
  const out = new Float64Array(x.size);
  const n = x.shape[a];
  for (const idx of indices(x.shape)) {
    if (idx[a] !== 0) continue;
    const fibre = Array.from({ length: n }, (_, k) =>
      at(
        x,
        idx.map((v, i) => (i === a ? k : v)),
      ),
    );
    ref(fibre).forEach((v, k) => {
      let flat = 0;
      idx.forEach((d, i) => (flat = flat * x.shape[i] + (i === a ? k : d)));
      out[flat] = v;
    });
  }
  return tensor(out, x.shape);
}

describe('reduction VJPs match float64 central differences', () => {
  it.each(reductions)('$name over random axes (keepDims or not)', ({ name, f, values }) => {
    check(reductionInputs(values), ([x, o]) => expectGradOk(name, (t) => f(t, o), [x], worst));
  });

  it.each(alongAxis)('$name along a random axis', ({ name, f }) => {
    check(axisInputs, ([x, a]) => expectGradOk(name, (t) => f(t, a), [x], worst));
  });

  it('prod at points with one, two and three zeros', () => {
    for (const [x, o] of [
      [[2, 0, 3, 5], undefined],
      [[2, 0, 3, 0], undefined],
      [[0, 0, 0.5, 0], undefined],
      [
        [
          [2, 0, 3],
          [0, 0, 4],
          [1.5, -2, 0.5],
        ],
        { axis: 1 },
      ],
    ] as [TensorLike, ReduceOptions | undefined][])
      expectGradOk('prod (zeros)', (t) => prod(t, o), [tensor(x)], worst);
  });
});

describe('reduction second derivatives (VJP of the VJP) match central differences', () => {
  it.each(reductions)('$name', ({ name, f, values }) => {
    check(
      reductionInputs(values),
      ([x, o]) => {
        const g: Fn = (t) => f(t, o);
        expectSecondOrderOk(name, g, [x], cotangentFor(g, [x]), worst);
      },
      { numRuns: 10 },
    );
  });

  it.each(alongAxis.slice(0, 2))('$name', ({ name, f }) => {
    check(
      axisInputs,
      ([x, a]) => {
        const g: Fn = (t) => f(t, a);
        expectSecondOrderOk(name, g, [x], cotangentFor(g, [x]), worst);
      },
      { numRuns: 10 },
    );
  });

  it('prod at points with one and two zeros (the Hessian is not zero there)', () => {
    for (const [x, o] of [
      [[2, 0, 3, 5], undefined],
      [[2, 0, 3, 0], undefined],
      [[0, 0, 0.5, 0], undefined],
      [
        [
          [2, 0, 3],
          [0, 0, 4],
        ],
        { axis: 1 },
      ],
    ] as [TensorLike, ReduceOptions | undefined][]) {
      const g: Fn = (t) => prod(t, o);
      const t = tensor(x);
      expectSecondOrderOk('prod (zeros)', g, [t], cotangentFor(g, [t]), worst);
    }
    // closed form: the Hessian of x₀x₁x₂x₃ is H_ij = Π_{k≠i,j} x_k; at (2, 0, 3, 5) its
    // row 0 is [0, x₂x₃, x₁x₃, x₁x₂] = [0, 15, 0, 0] and row 1 is [15, 0, 10, 6]
    const row = (i: number): Tensor =>
      grad((x: Tensor) => sum(gather(grad((y: Tensor) => prod(y))(x), [i])))([2, 0, 3, 5]);
    expect(row(0).toArray()).toEqual([0, 15, 0, 0]);
    expect(row(1).toArray()).toEqual([15, 0, 10, 6]);
  });
});

describe('reduction forward values', () => {
  it.each(reductions)('$name equals a naive reduction', ({ f, values, ref }) => {
    check(reductionInputs(values), ([x, o]) =>
      expectClose(f(x, o), reduceRef(x, o, ref), 1e-14, 1e-15),
    );
  });

  it.each(alongAxis)('$name equals a naive loop over each fibre', ({ f, ref }) => {
    check(axisInputs, ([x, a]) => expectClose(f(x, a), alongAxisRef(x, a, ref), 1e-14, 1e-15));
  });

  it('softmax of [1, 2, 3] to 8 digits and to full precision', () => {
    const y = softmax([1, 2, 3]);
    expectClose(y, [0.09003057, 0.24472847, 0.66524096], 5e-8);
    expectClose(y, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219], 2e-16);
  });

  it('softmax and logSoftmax are shift-invariant to the last bit', () => {
    // x - max is exact for these offsets, so the results must be identical
    expect(Array.from(softmax([1000, 1001]).data)).toEqual(Array.from(softmax([0, 1]).data));
    expect(Array.from(logSoftmax([1000, 1001]).data)).toEqual(Array.from(logSoftmax([0, 1]).data));
    expect(softmax([[1000], [1001]], 0).toArray()).toEqual(softmax([[0], [1]], 0).toArray());
    // and stay accurate for huge logits (relative error ~1e-16, not |x|·eps)
    expectClose(softmax([1e10, 1e10 + 1]), softmax([0, 1]), 2e-16);
    expectClose(logSoftmax([1e10, 1e10 + 1]), logSoftmax([0, 1]), 2e-16);
    expectClose(softmax([-1000, -1001]), softmax([0, -1]), 2e-16);
    expect(softmax([1000, 1001]).data.every(Number.isFinite)).toBe(true);
  });

  it('logSumExp neither overflows nor underflows', () => {
    expectClose(logSumExp([1000, 1000]), 1000 + Math.LN2, 1e-16);
    expect(logSumExp([1000, 1000]).item()).toBe(1000.6931471805599);
    expectClose(logSumExp([-1000, -1000]), -1000 + Math.LN2, 1e-16);
    expect(logSumExp([-Infinity, -Infinity]).item()).toBe(-Infinity);
    expect(logSumExp([Infinity, 0]).item()).toBe(Infinity);
    expect(
      logSumExp(
        [
          [1, 2],
          [3, 4],
        ],
        { axis: 0 },
      ).shape,
    ).toEqual([2]);
  });

  it('the gradient of logSumExp is softmax, accurate for large inputs too', () => {
    for (const x of [
      [1, 2, 3],
      [1000, 1001],
      [1e10, 1e10 + 1],
      [-1000, -1001, -1002],
    ]) {
      const shifted = x.map((v) => v - x[0]);
      expectClose(grad((t: Tensor) => logSumExp(t))(x), softmax(shifted), 2e-16);
    }
    expect(grad((t: Tensor) => logSumExp(t))([-Infinity, -Infinity]).toArray()).toEqual([0, 0]);
  });

  it('max and min split the gradient evenly between ties', () => {
    expect(grad((x: Tensor) => max(x))([1, 3, 3]).toArray()).toEqual([0, 0.5, 0.5]);
    const third = grad((x: Tensor) => min(x))([2, 2, 5, 2]).toArray() as number[];
    expectClose(tensor(third), [1 / 3, 1 / 3, 0, 1 / 3], 1e-16);
    const rows = vjp(
      (x: Tensor) => max(x, { axis: 1 }),
      [
        [1, 1],
        [4, 2],
      ],
    ).vjp([1, 10])[0];
    expect(rows.toArray()).toEqual([
      [0.5, 0.5],
      [10, 0],
    ]);
  });

  it('max and min propagate NaN', () => {
    expect(max([1, NaN, 3]).item()).toBeNaN();
    expect(
      min(
        [
          [1, 2],
          [NaN, 0],
        ],
        { axis: 1 },
      ).toArray(),
    ).toEqual([1, NaN]);
  });

  it('prod with zeros: value and gradient', () => {
    expect(prod([2, 0, 3]).item()).toBe(0);
    expect(grad((x: Tensor) => prod(x))([2, 0, 3]).toArray()).toEqual([0, 6, 0]);
    expect(grad((x: Tensor) => prod(x))([2, 0, 3, 0]).toArray()).toEqual([0, 0, 0, 0]);
    expect(grad((x: Tensor) => prod(x))([2, -1, 3]).toArray()).toEqual([-3, 6, -2]);
    expect(
      prod(
        [
          [1, 2],
          [3, 4],
        ],
        { axis: 1 },
      ).toArray(),
    ).toEqual([2, 12]);
  });

  it('cumsum forward and reverse, and its gradient is the reverse cumsum', () => {
    expect(cumsum([1, 2, 3]).toArray()).toEqual([1, 3, 6]);
    expect(cumsum([1, 2, 3], { reverse: true }).toArray()).toEqual([6, 5, 3]);
    expect(
      cumsum(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        1,
      ).toArray(),
    ).toEqual([
      [1, 3, 6],
      [4, 9, 15],
    ]);
    expect(
      cumsum(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { axis: -1, reverse: true },
      ).toArray(),
    ).toEqual([
      [6, 5, 3],
      [15, 11, 6],
    ]);
    expect(
      vjp((x: Tensor) => cumsum(x), [1, 2, 3])
        .vjp([1, 10, 100])[0]
        .toArray(),
    ).toEqual([111, 110, 100]);
    expect(
      vjp((x: Tensor) => cumsum(x, { reverse: true }), [1, 2, 3])
        .vjp([1, 10, 100])[0]
        .toArray(),
    ).toEqual([1, 11, 111]);
  });

  it('mean over axes', () => {
    expect(
      mean(
        [
          [1, 2],
          [3, 5],
        ],
        { axis: 0 },
      ).toArray(),
    ).toEqual([2, 3.5]);
    expect(
      mean([
        [1, 2],
        [3, 5],
      ]).item(),
    ).toBe(2.75);
    expect(grad((x: Tensor) => mean(x))([1, 2, 3, 4]).toArray()).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('bad input', () => {
  const x = [
    [1, 2],
    [3, 4],
  ];
  it.each(reductions)('$name rejects an out-of-range or repeated axis', ({ name, f }) => {
    expect(() => f(x, { axis: 2 })).toThrow(ShapeError);
    expect(() => f(x, { axis: 2 })).toThrow(
      `${name}: axis 2 is out of range for a tensor of rank 2`,
    );
    expect(() => f(x, { axis: [1, -1] })).toThrow(new RegExp(`${name}: axis 1 is repeated`));
  });

  it.each(alongAxis)('$name rejects an out-of-range axis', ({ f }) => {
    expect(() => f(tensor(x), -3)).toThrow(ShapeError);
    expect(() => f(tensor([1, 2]), 1)).toThrow(/axis 1 is out of range for a tensor of rank 1/);
  });

  it('softmax of a scalar has no axis', () => {
    expect(() => softmax(3)).toThrow(/softmax: axis -1 is out of range for a tensor of rank 0/);
  });

  it('non-numeric data names the op', () => {
    expect(() => max(['a'] as unknown as TensorLike)).toThrow(ArgumentError);
    expect(() => softmax([[1], [{}]] as unknown as TensorLike)).toThrow(/softmax: argument 'x'/);
    expect(() => cumsum([1, '2'] as unknown as TensorLike)).toThrow(/cumsum: argument 'x'/);
  });
});

describe('logSoftmax and logSumExp keep the digits of a dominant entry (mpmath, 50 digits)', () => {
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  it.each([
    [[0, -30], [-9.357622968839737e-14, -30.000000000000092], 9.357622968839737e-14],
    [
      [5, -40, 3],
      [-0.1269280110429725, -45.12692801104297, -2.1269280110429727],
      5.126928011042972,
    ],
    [[0, -40], [-4.248354255291589e-18, -40], 4.248354255291589e-18],
    [[1e-3, 0], [-0.6926473055599401, -0.6936473055599401], 0.6936473055599401],
  ])('at %j', (x, ls, lse) => {
    logSoftmax(x).data.forEach((v, i) => expect(rel(v, ls[i])).toBeLessThan(2e-16));
    expect(rel(logSumExp(x).item(), lse)).toBeLessThan(2e-16);
  });

  it('the VJP takes 1 - p of the dominant entry without cancellation', () => {
    // d/dx₀ logSoftmax(x)₀ = 1 - p₀ = 9.357622968839299e-14 at x = [0, -30]
    const g = grad((x: Tensor) => sum(mul(logSoftmax(x), [1, 0])))([0, -30]).data;
    expect(rel(g[0], 9.357622968839299e-14)).toBeLessThan(1e-15);
    expect(rel(g[1], -9.357622968839299e-14)).toBeLessThan(1e-15);
    // along axis 0 of a matrix as well
    const h = grad((x: Tensor) =>
      sum(
        mul(logSoftmax(x, 0), [
          [1, 0],
          [0, 0],
        ]),
      ),
    )([
      [0, 1],
      [-30, 1],
    ]);
    expect(rel(h.data[0], 9.357622968839299e-14)).toBeLessThan(1e-15);
  });
});
