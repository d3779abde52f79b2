import { describe, expect, it } from 'vitest';
import { softmax } from '../../../src/index.js';
import { sumTo } from '../../../src/autodiff/ops/structure.js';
import { schedule } from '../../../src/autodiff/jit/schedule.js';
import { builder } from './graph.js';

/** A classified graph: loops of two lengths, opaque ops between them, scalars around. */
function tiny() {
  const b = builder();
  const x = b.arg([2, 3]);
  const s = b.arg([]);
  const a4 = b.arg([4]);
  const bias = b.constant([1, 2, 3], [3]);
  const two = b.constant([2], []);
  const h = b.eqn('add', [x, bias], [2, 3], { kind: 'elem' });
  const e = b.eqn('exp', [h], [2, 3], { kind: 'elem' });
  const total = b.eqn('sum', [e], [1, 1], { kind: 'red' });
  const rows = b.eqn('sum', [e], [2, 1], { kind: 'opaque', replay: (xs) => sumTo(xs[0], [2, 1]) });
  const k = b.eqn('mul', [s, two], [], { kind: 'scalar' });
  const colSum = b.eqn('sum', [e], [1, 3], { kind: 'colRed' });
  const y = b.eqn('add', [total, k], [], { kind: 'scalar' });
  const z = b.eqn('mul', [x, x], [2, 3], { kind: 'elem' });
  const q = b.eqn('softmax', [x], [2, 3], { kind: 'opaque', replay: (xs) => softmax(xs[0]) });
  const w = b.eqn('add', [q, e], [2, 3], { kind: 'elem' });
  const u = b.eqn('neg', [a4], [4], { kind: 'elem' });
  b.returns(y, colSum, w, u);
  return { g: b.g, h, e, total, rows, k, colSum, y, z, q, w, u };
}

describe('jit schedule pass', () => {
  it('groups a tiny graph into loops, scalar statements and opaque steps', () => {
    const v = tiny();
    const { items, replays } = schedule(v.g);
    expect(items).toEqual([
      // every [2, 3] value that can go first shares one loop; k needs only leaves
      { n: 6, pre: [v.k], body: [v.h, v.e, v.total, v.colSum, v.z], opaque: -1 },
      // y reads the full sum, known only after the loop: the next step
      { n: -1, pre: [v.y], body: [], opaque: v.rows },
      { n: -1, pre: [], body: [], opaque: v.q },
      // w reads softmax's result: a new loop after it
      { n: 6, pre: [], body: [v.w], opaque: -1 },
      // another length: a loop of its own
      { n: 4, pre: [], body: [v.u], opaque: -1 },
    ]);
    expect(replays).toHaveLength(2);
    expect(v.g.vals[v.rows].slot).toBe(0);
    expect(v.g.vals[v.q].slot).toBe(1);
    expect(v.g.vals[v.w].item).toBe(3);
  });

  it('stores loop values read outside their loop (1) or returned (2), keeps others local (0)', () => {
    const v = tiny();
    schedule(v.g);
    const store = (id: number) => v.g.vals[id].store;
    expect(store(v.h)).toBe(0); // read only by exp, in the same loop
    expect(store(v.z)).toBe(0);
    expect(store(v.e)).toBe(1); // read by the opaque sum and by w's loop
    expect(store(v.w)).toBe(2);
    expect(store(v.u)).toBe(2);
    expect(store(v.colSum)).toBe(2);
  });
});
