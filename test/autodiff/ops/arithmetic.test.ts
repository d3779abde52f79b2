import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  clip,
  customGradient,
  div,
  grad,
  maximum,
  minimum,
  mul,
  neg,
  sdiv,
  ShapeError,
  smul,
  square,
  sub,
  tensor,
  vjp,
  type Tensor,
  type TensorLike,
} from '../../../src/index.js';
import {
  anyTensorArb,
  awayFromZero,
  broadcastRef,
  broadcastTensorsArb,
  check,
  cotangentFor,
  expectClose,
  expectGradOk,
  expectSecondOrderOk,
  GradLog,
  lattice,
  namedExamples,
  real,
  type Domain,
  type Fn,
} from '../../helpers/check.js';

const worst = new GradLog('arithmetic');

interface BinaryCase {
  name: string;
  f: (a: TensorLike, b: TensorLike) => Tensor;
  doms: [Domain, Domain];
  ref: (a: number, b: number) => number;
}

// Ties are kept apart by drawing a and b from lattices with disjoint fractional parts.
const below = lattice(0.05, 0.35);
const above = lattice(0.55, 0.85);

const binaryCases: BinaryCase[] = [
  { name: 'add', f: add, doms: [real(-3, 3), real(-3, 3)], ref: (a, b) => a + b },
  { name: 'sub', f: sub, doms: [real(-3, 3), real(-3, 3)], ref: (a, b) => a - b },
  { name: 'mul', f: mul, doms: [real(-3, 3), real(-3, 3)], ref: (a, b) => a * b },
  { name: 'div', f: div, doms: [real(-3, 3), awayFromZero(0.5, 3)], ref: (a, b) => a / b },
  { name: 'maximum', f: maximum, doms: [below, above], ref: Math.max },
  { name: 'maximum (swapped)', f: maximum, doms: [above, below], ref: Math.max },
  { name: 'minimum', f: minimum, doms: [below, above], ref: Math.min },
  { name: 'minimum (swapped)', f: minimum, doms: [above, below], ref: Math.min },
  { name: 'smul', f: smul, doms: [awayFromZero(0.1, 3), real(-3, 3)], ref: (a, b) => a * b },
  {
    name: 'sdiv',
    f: sdiv,
    doms: [awayFromZero(0.1, 3), awayFromZero(0.5, 3)],
    ref: (a, b) => a / b,
  },
];

describe('arithmetic VJPs match float64 central differences', () => {
  it.each(binaryCases)('$name on broadcasting pairs', ({ name, f, doms }) => {
    check(broadcastTensorsArb(doms), ([a, b]) => expectGradOk(name, f, [a, b], worst), {
      examples: namedExamples(doms),
    });
  });

  it.each([
    { name: 'neg', f: neg as Fn },
    { name: 'square', f: square as Fn },
  ])('$name on shapes of rank 0-3', ({ name, f }) => {
    check(anyTensorArb(real(-3, 3)), (x) => expectGradOk(name, f, [x], worst));
  });

  it('clip on broadcasting triples, away from both bounds', () => {
    // x, lo and hi come from lattices with disjoint fractional parts: never within 0.15.
    const doms = [lattice(0.05, 0.25), lattice(0.4, 0.6), lattice(0.75, 0.95)];
    check(
      broadcastTensorsArb(doms),
      ([x, lo, hi]) => expectGradOk('clip', clip, [x, lo, hi], worst),
      {
        examples: namedExamples(doms),
      },
    );
  });
});

describe('arithmetic second derivatives (VJP of the VJP) match central differences', () => {
  const cases: { name: string; f: Fn; doms: Domain[] }[] = [
    { name: 'mul', f: mul, doms: [real(-3, 3), real(-3, 3)] },
    { name: 'div', f: div, doms: [real(-3, 3), awayFromZero(0.5, 3)] },
    { name: 'sub', f: sub, doms: [real(-3, 3), real(-3, 3)] },
    { name: 'maximum', f: maximum, doms: [below, above] },
    { name: 'sdiv', f: sdiv, doms: [awayFromZero(0.1, 3), awayFromZero(0.5, 3)] },
  ];
  it.each(cases)('$name', ({ name, f, doms }) => {
    check(
      broadcastTensorsArb(doms),
      (xs) => expectSecondOrderOk(name, f, xs, cotangentFor(f, xs), worst),
      { numRuns: 10 },
    );
  });

  it('square', () => {
    check(
      anyTensorArb(real(-3, 3)),
      (x) => expectSecondOrderOk('square', square, [x], cotangentFor(square, [x]), worst),
      { numRuns: 10 },
    );
  });

  it('grad(grad) of a/b in b is 2a/b³ and in a is 0', () => {
    const [a, b] = [1.7, -0.8];
    const d2b = grad((y: Tensor) => grad((z: Tensor) => div(a, z))(y))(b).item();
    expect(d2b).toBeCloseTo((2 * a) / b ** 3, 13);
    const d2a = grad((x: Tensor) => grad((z: Tensor) => div(z, b))(x))(a).item();
    expect(d2a).toBe(0);
    const dab = grad((y: Tensor) => grad((x: Tensor, z: Tensor) => div(x, z))(a, y))(b).item();
    expect(dab).toBeCloseTo(-1 / b ** 2, 14);
  });
});

describe('arithmetic forward values', () => {
  it.each(binaryCases)('$name equals a naive broadcasting loop exactly', ({ f, doms, ref }) => {
    check(broadcastTensorsArb(doms), ([a, b]) => expectClose(f(a, b), broadcastRef(ref, a, b), 0), {
      examples: namedExamples(doms),
    });
  });

  it('clip equals min(max(x, lo), hi) on broadcasting triples', () => {
    const d = real(-3, 3);
    check(broadcastTensorsArb([d, d, d]), ([x, lo, hi]) =>
      expectClose(
        clip(x, lo, hi),
        broadcastRef((v, l, h) => Math.min(Math.max(v, l), h), x, lo, hi),
        0,
      ),
    );
  });

  it('broadcasts [3,1] with [1,4] and a scalar with [2,3]', () => {
    const y = add([[1], [2], [3]], [[10, 20, 30, 40]]);
    expect(y.shape).toEqual([3, 4]);
    expect(y.toArray()).toEqual([
      [11, 21, 31, 41],
      [12, 22, 32, 42],
      [13, 23, 33, 43],
    ]);
    expect(
      mul(2, [
        [1, 2, 3],
        [4, 5, 6],
      ]).toArray(),
    ).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
  });

  it('neg, square and IEEE division', () => {
    expect(neg([1, -2, 0]).toArray()).toEqual([-1, 2, -0]);
    expect(square([-3, 0.5]).toArray()).toEqual([9, 0.25]);
    expect(div([1, -1, 0], 0).toArray()).toEqual([Infinity, -Infinity, NaN]);
  });

  it('maximum and minimum propagate NaN', () => {
    expect(maximum([NaN, 1], [1, NaN]).toArray()).toEqual([NaN, NaN]);
    expect(minimum([NaN, 1], [1, NaN]).toArray()).toEqual([NaN, NaN]);
  });
});

describe('ties and strong zeros', () => {
  it('maximum and minimum split the gradient 0.5/0.5 at ties', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => maximum(a, b), { argnums: [0, 1] })(2, 2);
    expect([ga.item(), gb.item()]).toEqual([0.5, 0.5]);
    // a broadcast tie: b = 2 ties with two entries of a, and collects half of each
    const [va, vb] = vjp(maximum, [2, 3, 2], 2).vjp([1, 1, 1]);
    expect(va.toArray()).toEqual([0.5, 1, 0.5]);
    expect(vb.item()).toBe(1);
    const m = vjp(minimum, [1, 5, 3], [1, 2, 3]).vjp([1, 1, 1]);
    expect(m[0].toArray()).toEqual([0.5, 0, 0.5]);
    expect(m[1].toArray()).toEqual([0.5, 1, 0.5]);
  });

  it('clip passes 1 inside, 0 outside and 1/2 on a bound', () => {
    const g = vjp((x: Tensor) => clip(x, 0, 1), [-1, 0, 0.5, 1, 2]).vjp([1, 1, 1, 1, 1])[0];
    expect(g.toArray()).toEqual([0, 0.5, 1, 0.5, 0]);
  });

  it('smul and sdiv give exactly 0 where the first factor is 0', () => {
    expect(smul(0, Infinity).item()).toBe(0);
    expect(smul([0, 0, 2], [Infinity, NaN, 3]).toArray()).toEqual([0, 0, 6]);
    expect(sdiv([0, 6], [0, 3]).toArray()).toEqual([0, 2]);
    expect(mul(0, Infinity).item()).toBeNaN(); // plain mul keeps IEEE semantics
  });

  it('smul and sdiv are identically 0 in b where a is 0: an infinite cotangent gives 0 there', () => {
    // second-order sweeps carry such cotangents (see the where test in compare.test.ts)
    const [ga, gb] = vjp(smul, [0, 2], [3, 4]).vjp([Infinity, 1]);
    expect(ga.toArray()).toEqual([Infinity, 4]);
    expect(gb.toArray()).toEqual([0, 2]);
    const [da, db] = vjp(sdiv, [0, 6], [0, 3]).vjp([Infinity, 1]);
    expect(da.toArray()).toEqual([Infinity, 1 / 3]);
    expect(Math.abs(db.data[0])).toBe(0);
    expect(db.data[1]).toBeCloseTo(-6 / 9, 15);
  });

  it('a zero cotangent through mul and div at ±Infinity stays 0', () => {
    const [ga, gb] = vjp(mul, [0, 2], [Infinity, -Infinity]).vjp([0, 0]);
    expect([...ga.data, ...gb.data].every((v) => v === 0)).toBe(true);
    const [da, db] = vjp(div, [1, 0], [0, 0]).vjp([0, 0]);
    expect([...da.data, ...db.data].every((v) => v === 0)).toBe(true);
  });
});

describe('the gradient assertion itself', () => {
  const scaled = (factor: number): Fn =>
    customGradient((x: Tensor) => ({ value: square(x), grad: (g) => mul(g, mul(x, 2 * factor)) }));

  it('rejects a VJP that is off by 1e-7 relative', () => {
    expect(() => expectGradOk('wrong', scaled(1 + 1e-7), [tensor([0.7, -1.3, 2.1])])).toThrow(
      /wrong: gradient of input 0/,
    );
  });

  it('accepts the exact VJP', () => {
    const s = expectGradOk('right', scaled(1), [tensor([0.7, -1.3, 2.1])]);
    expect(s.worstRatio).toBeLessThanOrEqual(1);
  });
});

describe('bad input', () => {
  it.each(binaryCases.map((c) => c.name.split(' ')[0]).filter((n, i, a) => a.indexOf(n) === i))(
    '%s rejects shapes [2] and [3] with a ShapeError naming the op and both shapes',
    (name) => {
      const f = binaryCases.find((c) => c.name === name)?.f as BinaryCase['f'];
      expect(() => f([1, 2], [1, 2, 3])).toThrow(ShapeError);
      expect(() => f([1, 2], [1, 2, 3])).toThrow(`${name}: cannot broadcast shapes [2] and [3]`);
    },
  );

  it('rejects [2,3] with [3,2] and non-broadcasting clip bounds', () => {
    expect(() =>
      add(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      ),
    ).toThrow(/add: cannot broadcast shapes \[2,3\] and \[3,2\]/);
    expect(() => clip([1, 2, 3], [0, 0], 1)).toThrow(ShapeError);
  });

  it('rejects non-numeric data with an ArgumentError naming the op and argument', () => {
    const bad = [1, 'a'] as unknown as TensorLike;
    expect(() => add(bad, 1)).toThrow(ArgumentError);
    expect(() => add(bad, 1)).toThrow(/add: argument 'a' has a non-numeric value the string "a"/);
    expect(() => mul(1, { x: 1 } as unknown as TensorLike)).toThrow(/mul: argument 'b'/);
    expect(() => sub(null as unknown as TensorLike, 1)).toThrow(ArgumentError);
    expect(() => square('3' as unknown as TensorLike)).toThrow(ArgumentError);
  });

  it('rejects ragged arrays with a ShapeError', () => {
    expect(() => add([[1, 2], [3]], 1)).toThrow(ShapeError);
  });
});
