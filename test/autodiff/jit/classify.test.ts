import { describe, expect, it } from 'vitest';
import { JitError, matmul } from '../../../src/index.js';
import { classify, leading, sumsLeading } from '../../../src/autodiff/jit/classify.js';
import { builder } from './graph.js';

/** x: [2, 3] with a [3] bias, a [2, 1] column, and every kind of equation on them. */
function tiny() {
  const b = builder();
  const x = b.arg([2, 3]);
  const s = b.arg([]);
  const bias = b.constant([1, 2, 3], [3]);
  const col = b.constant([1, 2], [2, 1]);
  const h = b.eqn('add', [x, bias], [2, 3]);
  const e = b.eqn('exp', [h], [2, 3]);
  const total = b.eqn('sum', [e], [1, 1]);
  const t = b.eqn('reshape', [total], []);
  const colSum = b.eqn('sum', [e], [1, 3]);
  const rows = b.eqn('sum', [e], [2, 1]);
  const k = b.eqn('mul', [s, t], []);
  const general = b.eqn('add', [x, col], [2, 3]);
  const one = b.eqn('broadcastTo', [s], [2, 3]);
  const spread = b.eqn('broadcastTo', [col], [2, 3]);
  const mm = b.eqn('matmul', [x, x], [2, 2], { replay: (xs) => matmul(xs[0], xs[1]) });
  b.returns(k, colSum, rows, general, one, spread, mm);
  return { b, x, h, e, total, t, colSum, rows, k, general, one, spread, mm };
}

describe('jit classify pass', () => {
  it('decides each value’s kind on a tiny graph', () => {
    const v = tiny();
    const g = classify(v.b.g);
    const kinds = g.vals.map((val) => val.kind);
    expect(kinds).toEqual([
      'arg',
      'arg',
      'const',
      'const',
      'elem', // x + bias: the bias broadcasts along leading axes, read at i mod 3
      'elem', // exp
      'red', // a full sum
      'alias', // reshape
      'colRed', // a sum over the leading axis: a bias gradient
      'opaque', // a sum over the trailing axis
      'scalar', // one number
      'opaque', // [2, 3] + [2, 1]: general broadcasting
      'alias', // one number broadcast is read as one number
      'opaque', // a column broadcast
      'opaque', // matmul has a replay: its eager kernel
    ]);
    expect(g.vals[v.t].root).toBe(v.total);
    expect(g.vals[v.one].root).toBe(1);
    expect(g.vals[v.e].expr).toBe('Math.exp($0)');
    expect(g.vals[v.rows].why).toBe('sum [2, 3] to [2, 1]: not over leading axes');
    expect(g.vals[v.general].why).toBe(
      'broadcasts [2, 3] with [2, 1] other than along leading axes',
    );
    expect(g.vals[v.spread].why).toBe('broadcast [2, 1] to [2, 3]');
    expect(g.vals[v.mm].why).toBe('not elementwise');
    // opaque ops get the eager kernel to replay; fused ones none
    expect(g.vals[v.rows].replay).not.toBeNull();
    expect(g.vals[v.general].replay).not.toBeNull();
    expect(g.vals[v.h].replay).toBeNull();
  });

  it('refuses an op it has no rule for', () => {
    const b = builder();
    const x = b.arg([2]);
    b.eqn('mystery', [x], [2]);
    expect(() => classify(b.g)).toThrow(JitError);
    expect(() => classify(b.g)).toThrow(/cannot compile op 'mystery'/);
  });

  it('reads broadcasts along leading axes only, and sums that keep a suffix', () => {
    expect(leading([3], [2, 3])).toBe(true);
    expect(leading([1, 3], [4, 2, 3])).toBe(true);
    expect(leading([2, 1], [2, 3])).toBe(false);
    expect(leading([2, 3], [3])).toBe(false);
    expect(sumsLeading([4, 2, 3], [1, 2, 3])).toBe(true);
    expect(sumsLeading([4, 2, 3], [1, 1, 3])).toBe(true);
    expect(sumsLeading([4, 2, 3], [4, 1, 3])).toBe(false);
  });
});
