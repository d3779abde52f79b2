import { describe, expect, it } from 'vitest';
import { rng, softmax, sum, tensor } from '../../../src/index.js';
import { emit } from '../../../src/autodiff/jit/emit.js';
import { combine, leafBounds } from '../../../src/autodiff/jit/pairwise.js';
import { builder } from './graph.js';

/** The statements of the compiled function (between its header and its closing line). */
const bodyOf = (source: string): string[] => {
  const lines = source.split('\n');
  return lines.slice(lines.indexOf('return function jitted(A) {') + 1, -1);
};

describe('jit emit pass', () => {
  it('writes a loop, an opaque call between loops, and the result', () => {
    const b = builder();
    const x = b.arg([3]);
    const c = b.constant([1, 2, 3], [3]);
    const two = b.constant([2], []);
    const e = b.eqn('add', [x, c], [3], { kind: 'elem', expr: '$0 + $1', item: 0, store: 1 });
    const t = b.eqn('softmax', [e], [3], { kind: 'opaque', item: 1, slot: 0 });
    const y = b.eqn('mul', [t, two], [3], { kind: 'elem', expr: '$0 * $1', item: 2, store: 2 });
    b.returns(y);
    const items = [
      { n: 3, pre: [], body: [e], opaque: -1 },
      { n: -1, pre: [], body: [], opaque: t },
      { n: 3, pre: [], body: [y], opaque: -1 },
    ];
    const out = emit(b.g, { items, replays: [(xs) => softmax(xs[0])] });
    expect(bodyOf(out.source)).toEqual([
      'const d0 = A[0].data;',
      'const d1 = C[0];',
      'const d2 = C[1];',
      'const d3 = B[0];', // e is stored (softmax reads it) in a buffer reused at every call
      'for (let i = 0; i < 3; i++) {',
      'const e3 = (d0[i] + d1[i]);',
      'd3[i] = e3;',
      '}',
      'const t4 = R[0]([new T(d3, S[0])]);',
      'const d4 = t4.data;',
      'const d5 = alloc(3);', // y is returned: a fresh array per call
      'for (let i = 0; i < 3; i++) {',
      'const e5 = (d4[i] * (2));', // a one-number constant is a literal
      'd5[i] = e5;',
      '}',
      'const o0 = new T(d5, S[1]);',
      'return [o0];',
    ]);
    expect(out.B.map((a) => a.length)).toEqual([3]);
    expect(out.S).toEqual([[3], [3]]);
  });

  it('loads an element read twice once, and computes a shared term {...} once per element', () => {
    const b = builder();
    const x = b.arg([3]);
    const c = b.constant([1, 2, 3], [3]);
    const term = '{Math.exp(-Math.abs($0))}';
    const p = b.eqn('p', [x], [3], { kind: 'elem', expr: `Math.log1p(${term})`, item: 0 });
    const q = b.eqn('q', [x], [3], { kind: 'elem', expr: `1 / (1 + ${term})`, item: 0 });
    const r = b.eqn('r', [c], [3], { kind: 'elem', expr: `${term} / ${term}`, item: 0 });
    const y = b.eqn('add', [p, q], [3], { kind: 'elem', expr: '$0 + $1', item: 0, store: 2 });
    const z = b.eqn('add', [y, r], [3], { kind: 'elem', expr: '$0 + $1', item: 0, store: 2 });
    b.returns(y, z);
    const items = [{ n: 3, pre: [], body: [p, q, r, y, z], opaque: -1 }];
    const out = emit(b.g, { items, replays: [] });
    const body = bodyOf(out.source);
    expect(body.slice(body.indexOf('for (let i = 0; i < 3; i++) {'), -3)).toEqual([
      'for (let i = 0; i < 3; i++) {',
      'const x0 = d0[i];', // read by p and q: loaded once
      'const h1 = Math.exp(-Math.abs(x0));',
      'const e2 = (Math.log1p(h1));',
      'const e3 = (1 / (1 + h1));', // the same term on the same input: reused
      'const h2 = Math.exp(-Math.abs(d1[i]));', // on another input: a term of its own
      'const e4 = (h2 / h2);',
      'const e5 = (e2 + e3);',
      'd5[i] = e5;',
      'const e6 = (e5 + e4);',
      'd6[i] = e6;',
      '}',
    ]);
  });

  it('writes a shared term in place in scalar statements', () => {
    const b = builder();
    const x = b.arg([1]);
    const s = b.eqn('p', [x], [1], { kind: 'scalar', expr: 'Math.log1p({Math.exp($0)})' });
    b.returns(s);
    const out = emit(b.g, { items: [{ n: -1, pre: [s], body: [], opaque: -1 }], replays: [] });
    expect(out.source).toContain('const s1 = (Math.log1p((Math.exp(s0))));');
  });

  it('sums over leaf runs of the pairwise tree when a full sum is longer than a leaf', () => {
    const b = builder();
    const x = b.arg([300]);
    const total = b.eqn('sum', [x], [1], { kind: 'red', item: 0 });
    b.returns(total);
    const items = [{ n: 300, pre: [], body: [total], opaque: -1 }];
    const out = emit(b.g, { items, replays: [] });
    expect(out.P).toEqual([leafBounds(300)]);
    expect(out.L.map((l) => l.length)).toEqual([leafBounds(300).length - 1]);
    expect(out.source).toContain('const s1 = combine(l1, 300);');
    expect(out.source.match(/a[0-3]_1 \+= d0\[i\];/g)).toHaveLength(5); // four lanes and the tail
  });
});

describe('jit pairwise helpers', () => {
  it('leaf sums combined up the tree equal sum bit for bit', () => {
    const r = rng(3);
    for (const n of [1, 128, 129, 1000, 4097]) {
      const d = Float64Array.from({ length: n }, () => r.normal() * 1e3);
      const bounds = leafBounds(n);
      expect(bounds[0]).toBe(0);
      expect(bounds[bounds.length - 1]).toBe(n);
      const leaves = new Float64Array(bounds.length - 1);
      for (let k = 0; k < leaves.length; k++)
        leaves[k] = sum(tensor(d.subarray(bounds[k], bounds[k + 1]))).item();
      expect(Object.is(combine(leaves, n), sum(tensor(d)).item())).toBe(true);
    }
  });
});
