/**
 * Arithmetic with broadcasting: add, sub, mul, div, maximum, minimum, clip,
 * neg, square, and the strong-zero products the VJPs use.
 *
 * Strong zeros: every elementwise VJP multiplies its incoming cotangent `g` by the
 * local derivative through {@link smul} / {@link sdiv}, where `0 · anything = 0`
 * (even `0 · ∞`). So an unselected `where` branch (cotangent exactly 0) contributes
 * exactly 0, never NaN: no double-where trick is needed.
 * @module
 */
import { defineElementwise } from '../ir.js';
import { needs, record1, record2 } from '../tape.js';
import { constant, Tensor, toTensor, type Node, type TensorLike, type Vjp } from '../tensor.js';
import { map1, map2, type BinaryKernel } from './map.js';
import { unbroadcast } from './structure.js';

/** A binary VJP on broadcast shapes: cotangents for a and b (null when not needed). */
type BinaryVjp = (
  g: Tensor,
  a: Tensor,
  b: Tensor,
  y: Tensor,
  node: Node,
) => [Tensor | null, Tensor | null];

/**
 * @internal Defines a broadcasting binary op from its loop and its VJP; the helper
 * converts arguments, records the node, and unbroadcasts the VJP's cotangents.
 */
export function binary(
  name: string,
  kernel: BinaryKernel,
  vjp: BinaryVjp | null,
  expr: string,
): (a: TensorLike, b: TensorLike) => Tensor {
  const back: Vjp | null =
    vjp &&
    ((g, node) => {
      const a = node.input(0);
      const b = node.input(1);
      const out = vjp(g, a, b, node.output, node);
      if (out[0] !== null) out[0] = unbroadcast(out[0], a.shape);
      if (out[1] !== null) out[1] = unbroadcast(out[1], b.shape);
      return out;
    });
  const op = (a: TensorLike, b: TensorLike): Tensor => {
    const ta = typeof a === 'number' ? constant(a) : toTensor(a, name, 'a');
    const tb = typeof b === 'number' ? constant(b) : toTensor(b, name, 'b');
    return record2(name, ta, tb, map2(name, ta, tb, kernel), back);
  };
  defineElementwise(name, expr, (ins) => op(ins[0], ins[1]));
  return op;
}

/** @internal The VJP of a one-input elementwise op: `(g, x, y) => gx`. */
export type UnaryVjp = (g: Tensor, x: Tensor, y: Tensor) => Tensor;

/**
 * @internal The node VJP {@link unary} records, carrying the elementwise rule as `single`
 * so that the backward sweep can call it without the one-element array.
 */
export type UnaryBack = Vjp & { single?: UnaryVjp };

/** @internal Defines an elementwise unary op from its loop and its VJP `(g, x, y) => gx`. */
export function unary(
  name: string,
  kernel: (x: Float64Array, o: Float64Array, n: number) => void,
  vjp: UnaryVjp | null,
  expr: string,
): (x: TensorLike) => Tensor {
  const back: UnaryBack | null = vjp && ((g, node) => [vjp(g, node.input(0), node.output)]);
  if (back !== null && vjp !== null) back.single = vjp;
  const op = (x: TensorLike): Tensor => {
    const t = toTensor(x, name, 'x');
    return record1(name, t, map1(t, kernel), back);
  };
  defineElementwise(name, expr, (ins) => op(ins[0]));
  return op;
}

/**
 * Elementwise sum `a + b` with broadcasting.
 * @throws {@link ShapeError} naming both shapes if they do not broadcast.
 * @example
 * ```ts
 * import { add } from 'pathwise';
 * add([[1], [2]], [10, 20]).toArray(); // [[11, 21], [12, 22]]
 * ```
 */
export const add = binary(
  'add',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] + b[bi];
  },
  (g) => [g, g],
  '$0 + $1',
);

/**
 * Elementwise difference `a - b` with broadcasting.
 * @example
 * ```ts
 * import { sub } from 'pathwise';
 * sub([5, 7], 2).toArray(); // [3, 5]
 * ```
 */
export const sub = binary(
  'sub',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] - b[bi];
  },
  (g, _a, _b, _y, node) => [g, needs(node, 1) ? neg(g) : null],
  '$0 - $1',
);

/**
 * Elementwise product `a · b` with broadcasting (IEEE: `0 · ∞` is NaN here; only
 * VJPs use strong zeros).
 * @example
 * ```ts
 * import { mul } from 'pathwise';
 * mul([1, 2, 3], 2).toArray(); // [2, 4, 6]
 * ```
 */
export const mul = binary(
  'mul',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] * b[bi];
  },
  (g, a, b, _y, node) => [needs(node, 0) ? smul(g, b) : null, needs(node, 1) ? smul(g, a) : null],
  '$0 * $1',
);

/**
 * Strong-zero product: `a · b`, except that it is exactly 0 wherever `a` is 0 (even if
 * `b` is ±∞ or NaN). VJPs multiply cotangents (`a`) by local derivatives (`b`) with it.
 * @example
 * ```ts
 * import { smul } from 'pathwise';
 * smul([0, 2], [Infinity, 3]).toArray(); // [0, 6]
 * ```
 */
export const smul: (a: TensorLike, b: TensorLike) => Tensor = binary(
  'smul',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) {
      const x = a[ai];
      o[oi + k] = x === 0 ? 0 : x * b[bi];
    }
  },
  // where a is 0, smul is identically 0 in b: its b-derivative is a strong 0 even for an
  // infinite cotangent (which second-order sweeps can carry), hence smul(a, g)
  (g, a, b, _y, node) => [needs(node, 0) ? smul(g, b) : null, needs(node, 1) ? smul(a, g) : null],
  '$0 === 0 ? 0 : $0 * $1',
);

/**
 * Strong-zero quotient: `a / b`, except exactly 0 wherever `a` is 0 (even if `b` is 0).
 * @example
 * ```ts
 * import { sdiv } from 'pathwise';
 * sdiv([0, 6], [0, 3]).toArray(); // [0, 2]
 * ```
 */
export const sdiv: (a: TensorLike, b: TensorLike) => Tensor = binary(
  'sdiv',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) {
      const x = a[ai];
      o[oi + k] = x === 0 ? 0 : x / b[bi];
    }
  },
  (g, _a, b, y, node) => {
    const ga = sdiv(g, b);
    return [needs(node, 0) ? ga : null, needs(node, 1) ? neg(smul(y, ga)) : null]; // 0 where y is 0
  },
  '$0 === 0 ? 0 : $0 / $1',
);

/**
 * Elementwise quotient `a / b` with broadcasting (IEEE: `1/0 = ∞`).
 * @example
 * ```ts
 * import { div } from 'pathwise';
 * div([1, 2], 4).toArray(); // [0.25, 0.5]
 * ```
 */
export const div = binary(
  'div',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] / b[bi];
  },
  (g, _a, b, y, node) => {
    const ga = sdiv(g, b); // d(a/b)/da = 1/b
    return [needs(node, 0) ? ga : null, needs(node, 1) ? neg(smul(ga, y)) : null]; // d/db = -y/b
  },
  '$0 / $1',
);

/**
 * Elementwise negation.
 * @example
 * ```ts
 * import { neg } from 'pathwise';
 * neg([1, -2]).toArray(); // [-1, 2]
 * ```
 */
export const neg: (x: TensorLike) => Tensor = unary(
  'neg',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = -x[i];
  },
  (g) => neg(g),
  '-$0',
);

/**
 * Elementwise square `x²`.
 * @example
 * ```ts
 * import { square } from 'pathwise';
 * square([-3, 2]).toArray(); // [9, 4]
 * ```
 */
export const square: (x: TensorLike) => Tensor = unary(
  'square',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] * x[i];
  },
  (g, x) => smul(g, mul(x, 2)),
  '$0 * $0',
);

/** 1 where a > b, 0.5 at ties, 0 where a < b: how maximum and minimum split gradients. */
const cmpGe = binary(
  'tieWeight',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs)
      o[oi + k] = a[ai] > b[bi] ? 1 : a[ai] === b[bi] ? 0.5 : 0;
  },
  null,
  '$0 > $1 ? 1 : $0 === $1 ? 0.5 : 0',
);

/**
 * Elementwise maximum with broadcasting. NaN wins. At ties the gradient is split
 * evenly between the two inputs (as in JAX).
 * @example
 * ```ts
 * import { maximum } from 'pathwise';
 * maximum([1, 5], [3, 2]).toArray(); // [3, 5]
 * ```
 */
export const maximum = binary(
  'maximum',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.max(a[ai], b[bi]);
  },
  (g, a, b) => {
    const w = cmpGe(a, b); // 1 where a wins, 0.5 at ties, 0 where b wins
    return [smul(g, w), smul(g, sub(1, w))];
  },
  'Math.max($0, $1)',
);

/**
 * Elementwise minimum with broadcasting. NaN wins. At ties the gradient is split evenly.
 * @example
 * ```ts
 * import { minimum } from 'pathwise';
 * minimum([1, 5], [3, 2]).toArray(); // [1, 2]
 * ```
 */
export const minimum = binary(
  'minimum',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.min(a[ai], b[bi]);
  },
  (g, a, b) => {
    const w = cmpGe(b, a); // 1 where a is the smaller
    return [smul(g, w), smul(g, sub(1, w))];
  },
  'Math.min($0, $1)',
);

/**
 * Limits `x` to `[lo, hi]` elementwise: `minimum(maximum(x, lo), hi)`. The gradient is 1
 * strictly inside, 0 outside, 1/2 exactly on a bound.
 * @throws {@link ShapeError} if the three shapes do not broadcast.
 * @example
 * ```ts
 * import { clip } from 'pathwise';
 * clip([-2, 0.5, 3], 0, 1).toArray(); // [0, 0.5, 1]
 * ```
 */
export function clip(x: TensorLike, lo: TensorLike, hi: TensorLike): Tensor {
  return minimum(maximum(x, lo), hi);
}
