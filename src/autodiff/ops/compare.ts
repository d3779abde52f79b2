/**
 * Comparisons and logic, which return 0/1 tensors and pass no gradient (a boolean has
 * no derivative), and `where`, which routes the cotangent to the selected branch only.
 *
 * The tape still records a comparison whose input is watched, as a cut: that is how
 * {@link explainGradient} can say "the threshold only feeds `less`, whose output only
 * chooses a branch of `where`".
 * @module
 */
import { sameShape, sizeOf, broadcastShapes } from '../shape.js';
import { defineElementwise } from '../ir.js';
import { needs, record } from '../tape.js';
import { allocFull, Tensor, toTensor, type TensorLike } from '../tensor.js';
import { binary, unary } from './arithmetic.js';
import { forEachRow } from './map.js';
import { unbroadcast } from './structure.js';

/**
 * `a < b` elementwise, as 1/0, with broadcasting. No gradient.
 * @example
 * ```ts
 * import { less } from 'pathwise';
 * less([1, 2, 3], 2).toArray(); // [1, 0, 0]
 * ```
 */
export const less = binary(
  'less',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] < b[bi] ? 1 : 0;
  },
  null,
  '$0 < $1 ? 1 : 0',
);

/**
 * `a ≤ b` elementwise, as 1/0. No gradient.
 * @example
 * ```ts
 * import { lessEqual } from 'pathwise';
 * lessEqual([1, 2, 3], 2).toArray(); // [1, 1, 0]
 * ```
 */
export const lessEqual = binary(
  'lessEqual',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] <= b[bi] ? 1 : 0;
  },
  null,
  '$0 <= $1 ? 1 : 0',
);

/**
 * `a > b` elementwise, as 1/0. No gradient.
 * @example
 * ```ts
 * import { greater } from 'pathwise';
 * greater([1, 2, 3], 2).toArray(); // [0, 0, 1]
 * ```
 */
export const greater = binary(
  'greater',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] > b[bi] ? 1 : 0;
  },
  null,
  '$0 > $1 ? 1 : 0',
);

/**
 * `a ≥ b` elementwise, as 1/0. No gradient.
 * @example
 * ```ts
 * import { greaterEqual } from 'pathwise';
 * greaterEqual([1, 2, 3], 2).toArray(); // [0, 1, 1]
 * ```
 */
export const greaterEqual = binary(
  'greaterEqual',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] >= b[bi] ? 1 : 0;
  },
  null,
  '$0 >= $1 ? 1 : 0',
);

/**
 * `a == b` elementwise, as 1/0 (NaN equals nothing). No gradient.
 * @example
 * ```ts
 * import { equal } from 'pathwise';
 * equal([1, 2, NaN], [1, 3, NaN]).toArray(); // [1, 0, 0]
 * ```
 */
export const equal = binary(
  'equal',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] === b[bi] ? 1 : 0;
  },
  null,
  '$0 === $1 ? 1 : 0',
);

/**
 * `a != b` elementwise, as 1/0. No gradient.
 * @example
 * ```ts
 * import { notEqual } from 'pathwise';
 * notEqual([1, 2], [1, 3]).toArray(); // [0, 1]
 * ```
 */
export const notEqual = binary(
  'notEqual',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== b[bi] ? 1 : 0;
  },
  null,
  '$0 !== $1 ? 1 : 0',
);

/**
 * Logical and: 1 where both are non-zero. No gradient.
 * @example
 * ```ts
 * import { logicalAnd } from 'pathwise';
 * logicalAnd([1, 1, 0], [1, 0, 0]).toArray(); // [1, 0, 0]
 * ```
 */
export const logicalAnd = binary(
  'logicalAnd',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
  },
  null,
  '$0 !== 0 && $1 !== 0 ? 1 : 0',
);

/**
 * Logical or: 1 where either is non-zero. No gradient.
 * @example
 * ```ts
 * import { logicalOr } from 'pathwise';
 * logicalOr([1, 1, 0], [1, 0, 0]).toArray(); // [1, 1, 0]
 * ```
 */
export const logicalOr = binary(
  'logicalOr',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
  },
  null,
  '$0 !== 0 || $1 !== 0 ? 1 : 0',
);

/**
 * Logical not: 1 where x is 0. No gradient.
 * @example
 * ```ts
 * import { logicalNot } from 'pathwise';
 * logicalNot([0, 2]).toArray(); // [1, 0]
 * ```
 */
export const logicalNot = unary(
  'logicalNot',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] === 0 ? 1 : 0;
  },
  null,
  '$0 === 0 ? 1 : 0',
);

function select(c: Tensor, a: Tensor, b: Tensor, op: string): Tensor {
  const cd = c.data;
  const ad = a.data;
  const bd = b.data;
  if (sameShape(c.shape, a.shape) && sameShape(a.shape, b.shape)) {
    const o = allocFull(c.size);
    for (let i = 0; i < o.length; i++) o[i] = cd[i] !== 0 ? ad[i] : bd[i];
    return new Tensor(o, c.shape);
  }
  const shape = broadcastShapes(op, broadcastShapes(op, c.shape, a.shape), b.shape);
  const size = sizeOf(shape);
  const o = allocFull(size);
  const flat = (t: Tensor): boolean => t.size === 1 || sameShape(t.shape, shape);
  if (flat(c) && flat(a) && flat(b)) {
    // each input is a scalar or already of the output's shape: one loop, strides 0 or 1
    const cs = c.size === 1 ? 0 : 1;
    const as = a.size === 1 ? 0 : 1;
    const bs = b.size === 1 ? 0 : 1;
    for (let i = 0; i < size; i++) o[i] = cd[i * cs] !== 0 ? ad[i * as] : bd[i * bs];
    return new Tensor(o, shape);
  }
  forEachRow(shape, [c.shape, a.shape, b.shape], (off, st, oi, n) => {
    let ci = off[0];
    let ai = off[1];
    let bi = off[2];
    const cs = st[0];
    const as = st[1];
    const bs = st[2];
    for (let k = 0; k < n; k++, ci += cs, ai += as, bi += bs)
      o[oi + k] = cd[ci] !== 0 ? ad[ai] : bd[bi];
  });
  return new Tensor(o, shape);
}

/**
 * Elementwise choice: `a` where `cond` is non-zero, else `b`, with broadcasting of all
 * three. The cotangent reaches only the selected branch; the other gets exactly 0, and
 * thanks to strong zeros that 0 stays 0 through its ops even where they overflowed.
 * Unlike `tf.where` / `jnp.where`, an Infinity in the unselected branch never turns the
 * gradient into NaN, so the double-where trick is unnecessary.
 * @throws {@link ShapeError} if the three shapes do not broadcast.
 * @example
 * ```ts
 * import { where, less, grad, exp, div, sub, type Tensor } from 'pathwise';
 * where([1, 0], [10, 20], [30, 40]).toArray(); // [10, 40]
 * const f = (x: Tensor) => where(less(x, 1), exp(div(1, sub(x, 1))), 0);
 * // at x = 1.001 the unselected branch is exp(1000) = Infinity, yet the gradient is finite:
 * grad(f)(1.001).item(); // 0 (tf.where and jnp.where give NaN here)
 * ```
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toTensor(cond, 'where', 'cond');
  const ta = toTensor(a, 'where', 'a');
  const tb = toTensor(b, 'where', 'b');
  const y = select(c, ta, tb, 'where');
  return record('where', [c, ta, tb], y, (g, node) => [
    null,
    needs(node, 1) ? unbroadcast(where(c, g, 0), ta.shape) : null,
    needs(node, 2) ? unbroadcast(where(c, 0, g), tb.shape) : null,
  ]);
}
defineElementwise('where', '$0 !== 0 ? $1 : $2', (ins) => where(ins[0], ins[1], ins[2]));
