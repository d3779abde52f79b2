import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  broadcastTo,
  concat,
  expandDims,
  full,
  gather,
  grad,
  mul,
  permute,
  reshape,
  ShapeError,
  slice,
  squeeze,
  stack,
  sum,
  tensor,
  transpose,
  unbroadcast,
  vjp,
  type Tensor,
  type TensorLike,
} from '../../../src/index.js';
import {
  at,
  axisLength,
  broadcastShapeRef,
  broadcastShapesArb,
  check,
  cotangentFor,
  expectClose,
  expectGradOk,
  expectSecondOrderOk,
  GradLog,
  indices,
  real,
  reduceOptionsArb,
  reduceRef,
  shapeArb,
  sizeOf,
  tensorArb,
  uniformInt,
  type Fn,
  type Shape,
} from '../../helpers/check.js';

const worst = new GradLog('structure');
const values = real(-3, 3);

/** A structural case: a tensor and a function of it with the op's parameters bound. */
interface Case {
  x: Tensor;
  f: Fn;
  /** The expected forward value, computed by index arithmetic. */
  ref: Tensor;
  label: string;
}

function build(shape: Shape, fn: (idx: number[]) => number): Tensor {
  return tensor(Float64Array.from(indices(shape), fn), shape);
}

// ---------------------------------------------------------------------------------
// Cases

const reshapeCase = shapeArb(0, 3).chain((s) =>
  fc.tuple(tensorArb(s, values), uniformInt(0, 4)).map(([x, kind]): Case => {
    const n = sizeOf(s);
    const target = [[n], [-1], [1, ...s, 1], [...s].reverse(), [n, 1, -1]][kind];
    const resolved = target.map((d) => (d === -1 ? 1 : d));
    if (kind === 1) resolved[0] = n;
    return {
      x,
      f: (t) => reshape(t, target),
      ref: tensor(x.data, resolved),
      label: `reshape ${JSON.stringify(s)} -> ${JSON.stringify(target)}`,
    };
  }),
);

const broadcastToCase = broadcastShapesArb(2).chain(([sa, sb]) =>
  tensorArb(sa, values).map((x): Case => {
    const to = broadcastShapeRef(sa, sb);
    const off = to.length - sa.length;
    return {
      x,
      f: (t) => broadcastTo(t, to),
      ref: build(to, (idx) =>
        at(
          x,
          idx.slice(off).map((v, i) => (sa[i] === 1 ? 0 : v)),
        ),
      ),
      label: `broadcastTo ${JSON.stringify(sa)} -> ${JSON.stringify(to)}`,
    };
  }),
);

const sumCase = shapeArb(0, 3).chain((s) =>
  fc.tuple(tensorArb(s, values), reduceOptionsArb(s.length)).map(([x, o]): Case => ({
    x,
    f: (t) => sum(t, o),
    ref: reduceRef(x, o, (v) => v.reduce((a, b) => a + b, 0)),
    label: `sum ${JSON.stringify(o)}`,
  })),
);

const unbroadcastCase = broadcastShapesArb(2).chain(([sa, sb]) =>
  tensorArb(broadcastShapeRef(sa, sb), values).map((g): Case => {
    const off = g.rank - sa.length;
    const ref = build(sa, () => 0);
    const d = ref.data as Float64Array;
    for (const idx of indices(g.shape)) {
      const j = idx.slice(off).map((v, i) => (sa[i] === 1 ? 0 : v));
      let flat = 0;
      for (let i = 0; i < sa.length; i++) flat = flat * sa[i] + j[i];
      d[flat] += at(g, idx);
    }
    return {
      x: g,
      f: (t) => unbroadcast(t, sa),
      ref,
      label: `unbroadcast to ${JSON.stringify(sa)}`,
    };
  }),
);

const expandDimsCase = shapeArb(0, 3).chain((s) =>
  fc.tuple(tensorArb(s, values), uniformInt(-(s.length + 1), s.length)).map(([x, axis]): Case => {
    const a = axis < 0 ? axis + s.length + 1 : axis;
    const shape = [...s.slice(0, a), 1, ...s.slice(a)];
    return {
      x,
      f: (t) => expandDims(t, axis),
      ref: tensor(x.data, shape),
      label: `expandDims ${axis}`,
    };
  }),
);

const squeezeCase = fc
  .array(fc.oneof(fc.constant(1), axisLength), { minLength: 1, maxLength: 4 })
  .chain((s) => {
    const ones = s.flatMap((d, i) => (d === 1 ? [i] : []));
    const axisArb =
      ones.length === 0
        ? fc.constant(undefined)
        : fc.oneof(fc.constant(undefined), fc.constantFrom(...ones));
    return fc.tuple(tensorArb(s, values), axisArb).map(([x, axis]): Case => {
      const shape = s.filter((d, i) => (axis === undefined ? d !== 1 : i !== axis));
      return {
        x,
        f: (t) => squeeze(t, axis),
        ref: tensor(x.data, shape),
        label: `squeeze ${axis}`,
      };
    });
  });

function transposeCaseArb(useDefault: boolean): fc.Arbitrary<Case> {
  return shapeArb(0, 3).chain((s) => {
    const axes = s.map((_, i) => i);
    return fc
      .tuple(tensorArb(s, values), fc.shuffledSubarray(axes, { minLength: s.length }))
      .map(([x, p]): Case => {
        const perm = useDefault ? [...axes].reverse() : p;
        const shape = perm.map((a) => s[a]);
        const ref = build(shape, (idx) => {
          const src = new Array<number>(s.length);
          perm.forEach((a, i) => (src[a] = idx[i]));
          return at(x, src);
        });
        return useDefault
          ? { x, f: (t) => transpose(t), ref, label: 'transpose' }
          : { x, f: (t) => permute(t, perm), ref, label: `permute ${JSON.stringify(perm)}` };
      });
  });
}

const sliceCase = shapeArb(1, 3).chain((s) =>
  fc
    .tuple(
      tensorArb(s, values),
      fc.tuple(...s.map((d) => uniformInt(0, d - 1))),
      fc.tuple(...s.map((d) => uniformInt(0, d))),
    )
    .map(([x, begin, sz]): Case => {
      // size 0 stands for -1 (to the end); otherwise a length that fits
      const size = sz.map((v, i) => (v === 0 ? -1 : Math.min(v, s[i] - begin[i])));
      const shape = size.map((v, i) => (v === -1 ? s[i] - begin[i] : v));
      const ref = build(shape, (idx) =>
        at(
          x,
          idx.map((v, i) => v + begin[i]),
        ),
      );
      return { x, f: (t) => slice(t, begin, size), ref, label: `slice ${begin} ${size}` };
    }),
);

/** Several tensors that concatenate along `axis` (lengths on that axis vary). */
const concatInputs = shapeArb(1, 3).chain((s) =>
  fc
    .tuple(uniformInt(0, s.length - 1), fc.array(axisLength, { minLength: 1, maxLength: 3 }))
    .chain(([axis, lens]) =>
      fc
        .tuple(
          ...lens.map((l) =>
            tensorArb(
              s.map((d, i) => (i === axis ? l : d)),
              values,
            ),
          ),
        )
        .map((xs) => ({ xs, axis })),
    ),
);

const gatherCase = shapeArb(1, 3).chain((s) =>
  fc
    .tuple(tensorArb(s, values), uniformInt(0, s.length - 1), shapeArb(0, 2))
    .chain(([x, axis, is]) => {
      const n = s[axis];
      return tensorArb(is, uniformInt(-n, n - 1)).map((ix): Case => {
        const shape = [...s.slice(0, axis), ...is, ...s.slice(axis + 1)];
        const ref = build(shape, (idx) => {
          const k = ix.rank === 0 ? ix.data[0] : at(ix, idx.slice(axis, axis + is.length));
          return at(x, [...idx.slice(0, axis), k < 0 ? k + n : k, ...idx.slice(axis + is.length)]);
        });
        return {
          x,
          f: (t) => gather(t, ix, axis),
          ref,
          label: `gather axis ${axis} ${ix.toString()}`,
        };
      });
    }),
);

const cases: { name: string; arb: fc.Arbitrary<Case> }[] = [
  { name: 'reshape', arb: reshapeCase },
  { name: 'broadcastTo', arb: broadcastToCase },
  { name: 'sum', arb: sumCase },
  { name: 'unbroadcast', arb: unbroadcastCase },
  { name: 'expandDims', arb: expandDimsCase },
  { name: 'squeeze', arb: squeezeCase },
  { name: 'transpose', arb: transposeCaseArb(true) },
  { name: 'permute', arb: transposeCaseArb(false) },
  { name: 'slice', arb: sliceCase },
  { name: 'gather', arb: gatherCase },
];

describe('structure VJPs match float64 central differences', () => {
  it.each(cases)('$name', ({ name, arb }) => {
    check(arb, ({ x, f }) => expectGradOk(name, f, [x], worst));
  });

  it('concat along a random axis, 1-3 inputs', () => {
    check(concatInputs, ({ xs, axis }) =>
      expectGradOk('concat', (...ts) => concat(ts, axis), xs, worst),
    );
  });

  it('stack along a random (possibly negative) axis', () => {
    const arb = shapeArb(0, 3).chain((s) =>
      fc.tuple(
        fc.array(tensorArb(s, values), { minLength: 1, maxLength: 3 }),
        uniformInt(-(s.length + 1), s.length),
      ),
    );
    check(arb, ([xs, axis]) => expectGradOk('stack', (...ts) => stack(ts, axis), xs, worst));
  });

  it('second derivatives (the VJP is linear in the cotangent, constant in x)', () => {
    for (const { name, arb } of cases) {
      check(arb, ({ x, f }) => expectSecondOrderOk(name, f, [x], cotangentFor(f, [x]), worst), {
        numRuns: 5,
      });
    }
  });
});

describe('structure forward values', () => {
  it.each(cases)('$name equals an index-by-index reference', ({ arb }) => {
    check(arb, ({ x, f, ref, label }) => {
      const y = f(x);
      try {
        expectClose(y, ref, 0);
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}`, { cause: e });
      }
    });
  });

  it('concat then slice gives back each piece', () => {
    check(concatInputs, ({ xs, axis }) => {
      const y = concat(xs, axis);
      let at0 = 0;
      for (const x of xs) {
        const begin = x.shape.map((_, i) => (i === axis ? at0 : 0));
        expectClose(slice(y, begin, x.shape), x, 0);
        at0 += x.shape[axis];
      }
      expect(y.shape[axis]).toBe(at0);
    });
  });

  it('stack then gather or squeeze gives back each piece', () => {
    const arb = shapeArb(0, 3).chain((s) =>
      fc.array(tensorArb(s, values), { minLength: 1, maxLength: 3 }),
    );
    check(arb, (xs) => {
      for (const axis of [0, xs[0].rank]) {
        const y = stack(xs, axis);
        xs.forEach((x, i) => expectClose(squeeze(gather(y, [i], axis), axis), x, 0));
      }
    });
  });

  it('transpose twice and reshape there and back are the identity', () => {
    check(transposeCaseArb(false), ({ x, f }) => {
      const y = f(x);
      expectClose(transpose(transpose(x)), x, 0);
      expectClose(reshape(reshape(y, [-1]), y.shape), y, 0);
    });
  });

  it('known small cases', () => {
    expect(reshape([1, 2, 3, 4, 5, 6], [2, -1]).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(transpose([[1, 2, 3]]).toArray()).toEqual([[1], [2], [3]]);
    expect(
      slice(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [0, 1],
        [2, -1],
      ).toArray(),
    ).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(
      gather(
        [
          [1, 2],
          [3, 4],
        ],
        [1, 1, 0],
        1,
      ).toArray(),
    ).toEqual([
      [2, 2, 1],
      [4, 4, 3],
    ]);
    expect(gather([10, 20, 30], -1).toArray()).toEqual(30);
    expect(unbroadcast(full([2, 3], 1), [3]).toArray()).toEqual([2, 2, 2]);
    expect(
      sum(
        [
          [1, 2],
          [3, 4],
        ],
        { axis: -1, keepDims: true },
      ).toArray(),
    ).toEqual([[3], [7]]);
    expect(squeeze(full([1, 3, 1], 0)).shape).toEqual([3]);
    expect(expandDims(5, 0).shape).toEqual([1]);
  });

  it('gather with repeated indices accumulates their gradients', () => {
    const g = grad((x: Tensor) => sum(mul(gather(x, [2, 0, 2, 2, -1]), [1, 10, 100, 1000, 10000])))(
      [1, 2, 3],
    );
    expect(g.toArray()).toEqual([10, 0, 11101]);
    const g2 = vjp(
      (x: Tensor) =>
        gather(
          x,
          [
            [0, 0],
            [1, 0],
          ],
          1,
        ),
      [
        [1, 2],
        [3, 4],
      ],
    ).vjp([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ])[0];
    expect(g2.toArray()).toEqual([
      [1 + 2 + 4, 3],
      [5 + 6 + 8, 7],
    ]);
  });

  it('sum is pairwise: a million 0.1s add up to 1e5 within 1e-14', () => {
    const s = sum(full([1_000_000], 0.1)).item();
    expect(Math.abs(s - 1e5) / 1e5).toBeLessThan(1e-14);
  });
});

describe('bad input', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('reshape: size mismatch and two -1 axes', () => {
    expect(() => reshape([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => reshape([1, 2, 3], [2, 2])).toThrow(
      'reshape: cannot reshape a tensor of shape [3] (3 elements) to [2,2]',
    );
    expect(() => reshape(x, [-1, -1])).toThrow(/reshape: only one axis may be -1/);
    expect(() => reshape(x, [4, -1])).toThrow(ShapeError);
  });

  it('broadcastTo: incompatible shapes named', () => {
    expect(() => broadcastTo([1, 2], [3])).toThrow(
      'broadcastTo: cannot broadcast shape [2] to [3]',
    );
    expect(() => broadcastTo(x, [3])).toThrow(ShapeError);
  });

  it('bad axes: out of range, repeated, non-integer', () => {
    expect(() => sum(x, { axis: 2 })).toThrow('sum: axis 2 is out of range for a tensor of rank 2');
    expect(() => sum(x, { axis: -3 })).toThrow(ShapeError);
    expect(() => sum(x, [0, -2])).toThrow(/sum: axis 0 is repeated/);
    expect(() => sum(x, 0.5)).toThrow(ShapeError);
    expect(() => expandDims(x, 3)).toThrow(/expandDims: axis 3 is out of range/);
    expect(() => squeeze(x, 0)).toThrow('squeeze: axis 0 of shape [2,3] has length 2, not 1');
    expect(() => concat([x, x], 2)).toThrow(/concat: axis 2 is out of range/);
    expect(() => stack([x, x], -4)).toThrow(/stack: axis -4 is out of range/);
    expect(() => gather(x, [0], 2)).toThrow(/gather: axis 2 is out of range/);
  });

  it('transpose: not a permutation', () => {
    expect(() => transpose(x, [0, 0])).toThrow(/transpose: perm \[0,0\] is not a permutation/);
    expect(() => permute(x, [0])).toThrow(ShapeError);
  });

  it('slice: out of bounds or wrong length', () => {
    expect(() => slice(x, [0, 2], [2, 2])).toThrow(
      'slice: slice begin [0,2] size [2,2] is out of bounds for shape [2,3]',
    );
    expect(() => slice(x, [0], [1])).toThrow(ShapeError);
    expect(() => slice(x, [-1, 0])).toThrow(ShapeError);
  });

  it('concat and stack: mismatched shapes, empty lists', () => {
    expect(() => concat([x, [[1, 2]]], 0)).toThrow(
      'concat: shapes [2,3] and [1,2] differ off axis 0',
    );
    expect(() => concat([x, [1, 2, 3]], 0)).toThrow(ShapeError);
    expect(() => concat([])).toThrow(ArgumentError);
    expect(() => stack([x, [[1, 2, 3]]])).toThrow('stack: shapes [2,3] and [1,3] differ');
    expect(() => stack([])).toThrow(ArgumentError);
  });

  it('gather: out-of-range and non-integer indices', () => {
    expect(() => gather([1, 2], [2])).toThrow(ArgumentError);
    expect(() => gather([1, 2], [2])).toThrow(
      'gather: index 2 at position 0 is not an integer in [-2, 2)',
    );
    expect(() => gather([1, 2], [0, -3])).toThrow(/index -3 at position 1/);
    expect(() => gather([1, 2], [0.5])).toThrow(ArgumentError);
  });

  it('non-numeric data names the op and argument', () => {
    expect(() => reshape(['a'] as unknown as TensorLike, [1])).toThrow(/reshape: argument 'x'/);
    expect(() => gather([1, 2], [NaN])).toThrow(ArgumentError);
    expect(() => concat([[1], 'b' as unknown as TensorLike])).toThrow(/concat: argument 'xs\[1\]'/);
  });
});
