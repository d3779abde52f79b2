import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  div,
  equal,
  exp,
  grad,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  logicalAnd,
  logicalNot,
  logicalOr,
  mul,
  notEqual,
  ShapeError,
  sqrt,
  sub,
  sum,
  vjp,
  where,
  type Tensor,
  type TensorLike,
} from '../../../src/index.js';
import {
  broadcastRef,
  broadcastShapesArb,
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
  tensorArb,
  uniformInt,
  type Domain,
} from '../../helpers/check.js';

const worst = new GradLog('compare');

type Binary = (a: TensorLike, b: TensorLike) => Tensor;

const comparisons: { name: string; f: Binary; ref: (a: number, b: number) => boolean }[] = [
  { name: 'less', f: less, ref: (a, b) => a < b },
  { name: 'lessEqual', f: lessEqual, ref: (a, b) => a <= b },
  { name: 'greater', f: greater, ref: (a, b) => a > b },
  { name: 'greaterEqual', f: greaterEqual, ref: (a, b) => a >= b },
  { name: 'equal', f: equal, ref: (a, b) => a === b },
  { name: 'notEqual', f: notEqual, ref: (a, b) => a !== b },
  { name: 'logicalAnd', f: logicalAnd, ref: (a, b) => a !== 0 && b !== 0 },
  { name: 'logicalOr', f: logicalOr, ref: (a, b) => a !== 0 || b !== 0 },
];

// Small integers (and NaN now and then) so that ties and zeros are frequent.
const smallInts: Domain = fc.oneof(
  { arbitrary: uniformInt(-2, 2), weight: 8 },
  { arbitrary: fc.constant(NaN), weight: 1 },
);
const bit: Domain = uniformInt(0, 1);

describe('comparison and logic forward values', () => {
  it.each(comparisons)('$name equals a naive broadcasting loop', ({ f, ref }) => {
    const doms = [smallInts, smallInts];
    check(
      broadcastTensorsArb(doms),
      ([a, b]) =>
        expectClose(
          f(a, b),
          broadcastRef((x, y) => (ref(x, y) ? 1 : 0), a, b),
          0,
        ),
      { examples: namedExamples(doms) },
    );
  });

  it('logicalNot maps 0 to 1 and everything else (NaN included) to 0', () => {
    expect(logicalNot([0, -0, 2, -1, NaN]).toArray()).toEqual([1, 1, 0, 0, 0]);
  });

  it('NaN compares unequal to everything, itself included', () => {
    expect(equal([NaN, 1], [NaN, 1]).toArray()).toEqual([0, 1]);
    expect(notEqual([NaN, 1], [NaN, 1]).toArray()).toEqual([1, 0]);
    expect(less(NaN, 1).item()).toBe(0);
    expect(greaterEqual(NaN, NaN).item()).toBe(0);
  });

  it('where equals a naive broadcasting loop on broadcasting triples', () => {
    const doms = [bit, real(-3, 3), real(-3, 3)];
    check(
      broadcastTensorsArb(doms),
      ([c, a, b]) =>
        expectClose(
          where(c, a, b),
          broadcastRef((x, y, z) => (x !== 0 ? y : z), c, a, b),
          0,
        ),
      { examples: namedExamples(doms) },
    );
  });
});

describe('gradients', () => {
  it.each(comparisons)('$name passes no gradient (0 on both sides of the check)', ({ name, f }) => {
    // a and b never within 0.2 of each other, so the comparison is locally constant
    const doms = [lattice(0.05, 0.35), lattice(0.55, 0.85)];
    check(broadcastTensorsArb(doms), ([a, b]) => {
      const s = expectGradOk(name, (x, y) => add(f(x, y), mul(x, 0)), [a, b], worst);
      expect(s.worstRatio).toBe(0); // both exactly 0
    });
  });

  it('where routes the cotangent to the selected branch (broadcasting triples)', () => {
    const doms = [real(-3, 3), real(-3, 3)];
    const arb = broadcastShapesArb(3).chain(([sc, sa, sb]) =>
      fc.tuple(tensorArb(sc, bit), tensorArb(sa, doms[0]), tensorArb(sb, doms[1])),
    );
    check(arb, ([c, a, b]) => expectGradOk('where', (x, y) => where(c, x, y), [a, b], worst), {
      examples: namedExamples([bit, ...doms]).map(([t]) => [t as [Tensor, Tensor, Tensor]]),
    });
  });

  it('where: second derivatives through a nonlinear branch', () => {
    const arb = broadcastShapesArb(3).chain(([sc, sa, sb]) =>
      fc.tuple(tensorArb(sc, bit), tensorArb(sa, real(-2, 2)), tensorArb(sb, real(0.2, 3))),
    );
    check(
      arb,
      ([c, a, b]) => {
        const f = (x: Tensor, y: Tensor): Tensor => where(c, exp(x), log(y));
        expectSecondOrderOk('where', f, [a, b], cotangentFor(f, [a, b]), worst);
      },
      { numRuns: 10 },
    );
  });

  it('where splits a vector cotangent and sums it over broadcast axes', () => {
    const [ga, gb] = vjp((a, b) => where([[1, 0, 1]], a, b), [[1], [2]], 5).vjp([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(ga.toArray()).toEqual([[4], [10]]);
    expect(gb.toArray()).toEqual(7);
  });
});

describe('strong zeros: an unselected branch never poisons the gradient', () => {
  const bump = (x: Tensor): Tensor => where(less(x, 1), exp(div(1, sub(x, 1))), 0);

  it('exp(1/(x-1)) is Infinity or overflows at x >= 1, yet the gradient there is 0', () => {
    expect(exp(div(1, sub(1, 1))).item()).toBe(Infinity); // the unselected value at x = 1
    for (const x of [1, 2, 1.001]) {
      const g = grad(bump)(x).item();
      expect(Number.isFinite(g)).toBe(true);
      expect(Math.abs(g)).toBe(0);
    }
  });

  it('the selected branch keeps its exact derivative', () => {
    const d = (x: number): number => (x < 1 ? -Math.exp(1 / (x - 1)) / (x - 1) ** 2 : 0);
    expect(grad(bump)(0.5).item()).toBeCloseTo(d(0.5), 15);
    const g = grad((v: Tensor) => sum(bump(v)))([0.5, 1, 2, -3]);
    expect(g.data.every(Number.isFinite)).toBe(true);
    expectClose(g, [d(0.5), 0, 0, d(-3)], 1e-15);
  });

  it('second derivatives stay finite too', () => {
    expect(Math.abs(grad(grad(bump))(2).item())).toBe(0);
    expect(Math.abs(grad(grad(bump))(1).item())).toBe(0);
  });

  it('NaN-producing branches (sqrt and log of x <= 0) give 0', () => {
    const f = (x: Tensor): Tensor => sum(where(greater(x, 0), add(sqrt(x), log(x)), 0));
    const g = grad(f)([-1, 0, 4]);
    expect(sqrt(-1).item()).toBeNaN();
    expect(Array.from(g.data, Math.abs)).toEqual([0, 0, 0.25 + 0.25]);
  });
});

describe('bad input', () => {
  it.each(comparisons)('$name rejects shapes [2] and [3] naming the op and both', ({ name, f }) => {
    expect(() => f([1, 2], [1, 2, 3])).toThrow(ShapeError);
    expect(() => f([1, 2], [1, 2, 3])).toThrow(`${name}: cannot broadcast shapes [2] and [3]`);
  });

  it('where rejects non-broadcasting shapes naming where and the shapes', () => {
    expect(() => where([1, 0], [1, 2, 3], 0)).toThrow(ShapeError);
    expect(() => where([1, 0], [1, 2, 3], 0)).toThrow('where: cannot broadcast shapes [2] and [3]');
    expect(() => where(1, [1, 2], [1, 2, 3])).toThrow(/where: .*\[2\] and \[3\]/);
  });

  it('non-numeric data is an ArgumentError naming the argument', () => {
    expect(() => where('yes' as unknown as TensorLike, 1, 2)).toThrow(ArgumentError);
    expect(() => where('yes' as unknown as TensorLike, 1, 2)).toThrow(/where: argument 'cond'/);
    expect(() => less(1, [null] as unknown as TensorLike)).toThrow(/less: argument 'b'/);
  });
});
