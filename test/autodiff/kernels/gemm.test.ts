import { afterAll, describe, expect, it } from 'vitest';
import {
  gemm,
  kernelBackend,
  setKernelBackend,
  type GemmLayout,
} from '../../../src/autodiff/kernels/index.js';
import { cholesky, trsm } from '../../../src/autodiff/kernels/triangular.js';
import { pinnable, unpinAll } from '../../../src/autodiff/kernels/wasm.js';

afterAll(() => setKernelBackend('auto'));

/** Deterministic values with varied exponents, signs and a few exact zeros. */
function fill(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const u = s / 2147483648;
    return u < 0.05 ? 0 : (u - 0.5) * 2 ** Math.floor(u * 20 - 10);
  });
}

/** op(a) op(b) by the plain triple loop, one product per (a0, b0, o0) triple. */
function naive(ad: Float64Array, bd: Float64Array, l: GemmLayout, parts: number[]): Float64Array {
  const o = new Float64Array((parts.length / 3) * l.n * l.m);
  for (let t = 0; t < parts.length; t += 3)
    for (let i = 0; i < l.n; i++)
      for (let j = 0; j < l.m; j++) {
        let s = 0;
        for (let p = 0; p < l.k; p++)
          s += ad[parts[t] + i * l.ais + p * l.aps] * bd[parts[t + 1] + p * l.bps + j * l.bjs];
        o[parts[t + 2] + i * l.m + j] = s;
      }
  return o;
}

function layout(n: number, k: number, m: number, ta: boolean, tb: boolean): GemmLayout {
  return {
    n,
    k,
    m,
    ais: ta ? 1 : k,
    aps: ta ? n : 1,
    bps: tb ? 1 : m,
    bjs: tb ? k : 1,
  };
}

const sizes = [0, 1, 2, 3, 5, 8, 9, 17, 31];

describe.each(['wasm', 'js'] as const)('gemm kernels (%s backend)', (backend) => {
  it('equal the naive triple loop bit for bit in every layout and odd, unit and empty sizes', () => {
    setKernelBackend(backend);
    expect(kernelBackend()).toBe(backend);
    let checked = 0;
    for (const n of sizes)
      for (const k of sizes)
        for (const m of sizes)
          for (const ta of [false, true])
            for (const tb of [false, true]) {
              const l = layout(n, k, m, ta, tb);
              // two products of a batch: a broadcast over the batch, b not
              const ad = fill(n * k, 1 + n + 7 * k);
              const bd = fill(2 * k * m, 3 + m + 11 * k);
              const parts = [0, 0, 0, 0, k * m, n * m];
              const o = new Float64Array(2 * n * m).fill(NaN);
              gemm(ad, bd, o, l, parts);
              const want = naive(ad, bd, l, parts);
              for (let q = 0; q < o.length; q++) {
                if (!Object.is(o[q], want[q]))
                  expect.fail(
                    `n=${n} k=${k} m=${m} ta=${ta} tb=${tb}: o[${q}] = ${o[q]}, want ${want[q]}`,
                  );
              }
              checked++;
            }
    expect(checked).toBe(sizes.length ** 3 * 4);
  });

  it('equal the naive loop past the register-blocked size (row and dot kernels), every layout', () => {
    setKernelBackend(backend);
    let checked = 0;
    for (const n of [1, 3, 66])
      for (const k of [65, 130])
        for (const m of [1, 2, 67])
          for (const ta of [false, true])
            for (const tb of [false, true]) {
              const l = layout(n, k, m, ta, tb);
              if (k * (n + m) <= 4096) continue; // blockJs's size, covered above
              const ad = fill(n * k, 2 + n + 5 * k);
              const bd = fill(k * m, 4 + m + 13 * k);
              const o = new Float64Array(n * m).fill(NaN);
              gemm(ad, bd, o, l, [0, 0, 0]);
              const want = naive(ad, bd, l, [0, 0, 0]);
              for (let q = 0; q < o.length; q++)
                if (!Object.is(o[q], want[q]))
                  expect.fail(
                    `n=${n} k=${k} m=${m} ta=${ta} tb=${tb}: o[${q}] = ${o[q]}, want ${want[q]}`,
                  );
              checked++;
            }
    expect(checked).toBe(40);
  });

  it('reads a and b from the same buffer (x xᵀ) and propagates NaN and infinities', () => {
    setKernelBackend(backend);
    const x = fill(13 * 6, 5);
    x[7] = NaN;
    x[20] = Infinity;
    const l = layout(13, 6, 13, false, true);
    const o = new Float64Array(169);
    gemm(x, x, o, l, [0, 0, 0]);
    const want = naive(x, x, l, [0, 0, 0]);
    for (let q = 0; q < o.length; q++) expect(Object.is(o[q], want[q])).toBe(true);
    expect(o.some(Number.isNaN)).toBe(true);
  });

  it('a large regression-shaped product: X w and Xᵀ r', () => {
    setKernelBackend(backend);
    const x = fill(501 * 24, 9);
    const w = fill(24, 10);
    const r = fill(501, 11);
    const fwd = layout(501, 24, 1, false, false);
    const o1 = new Float64Array(501);
    gemm(x, w, o1, fwd, [0, 0, 0]);
    expect(Array.from(o1)).toEqual(Array.from(naive(x, w, fwd, [0, 0, 0])));
    const back = layout(24, 501, 1, true, false);
    const o2 = new Float64Array(24);
    gemm(x, r, o2, back, [0, 0, 0]);
    expect(Array.from(o2)).toEqual(Array.from(naive(x, r, back, [0, 0, 0])));
  });

  it('reuses a copy only for a trusted operand still in memory, never after a change', () => {
    setKernelBackend(backend);
    const x = fill(300 * 7, 21);
    const w = fill(7, 22);
    const r = fill(300, 23);
    const fwd = layout(300, 7, 1, false, false);
    const back = layout(7, 300, 1, true, false);
    const o1 = new Float64Array(300);
    const o2 = new Float64Array(7);
    gemm(x, w, o1, fwd, [0, 0, 0]);
    x[5] = 17; // a Variable assigned in place between two evaluations
    gemm(x, w, o1, fwd, [0, 0, 0]); // untrusted: copies again
    expect(Array.from(o1)).toEqual(Array.from(naive(x, w, fwd, [0, 0, 0])));
    gemm(x, r, o2, back, [0, 0, 0], x); // the VJP of that product: may reuse the copy
    expect(Array.from(o2)).toEqual(Array.from(naive(x, r, back, [0, 0, 0])));
    const y = fill(400 * 7, 24);
    gemm(y, w, new Float64Array(400), layout(400, 7, 1, false, false), [0, 0, 0]);
    gemm(x, r, o2, back, [0, 0, 0], x); // trusted but overwritten by y: copies
    expect(Array.from(o2)).toEqual(Array.from(naive(x, r, back, [0, 0, 0])));
  });
});

describe('pinned operands (jit constants kept in wasm memory)', () => {
  afterAll(() => unpinAll());

  it('give the naive products in either position, beside unpinned and shared operands', () => {
    setKernelBackend('wasm');
    unpinAll();
    const x = fill(203 * 9, 31);
    const w = fill(9 * 5, 32);
    pinnable(x);
    const fwd = layout(203, 9, 5, false, false);
    const back = layout(9, 203, 5, true, false);
    const r = fill(203 * 5, 33);
    for (let round = 0; round < 3; round++) {
      const o1 = new Float64Array(203 * 5);
      gemm(x, w, o1, fwd, [0, 0, 0]);
      expect(Array.from(o1)).toEqual(Array.from(naive(x, w, fwd, [0, 0, 0])));
      const o2 = new Float64Array(9 * 5);
      gemm(x, r, o2, back, [0, 0, 0], x);
      expect(Array.from(o2)).toEqual(Array.from(naive(x, r, back, [0, 0, 0])));
      const rt = layout(5, 203, 9, true, false); // pinned operand as b
      const o3 = new Float64Array(5 * 9);
      gemm(r, x, o3, rt, [0, 0, 0]);
      expect(Array.from(o3)).toEqual(Array.from(naive(r, x, rt, [0, 0, 0])));
      const gram = layout(9, 203, 9, true, false); // xᵀx: both operands the pinned buffer
      const o4 = new Float64Array(81);
      gemm(x, x, o4, gram, [0, 0, 0]);
      expect(Array.from(o4)).toEqual(Array.from(naive(x, x, gram, [0, 0, 0])));
      w[round] += 1; // the unpinned operand changes between calls: still read afresh
    }
  });

  it('stay right when the pinned region fills and is emptied, and under cholesky / trsm', () => {
    setKernelBackend('wasm');
    unpinAll(4 * 8 * 300 * 8); // room for four 300×8 matrices: the fifth empties the region
    const mats = Array.from({ length: 7 }, (_, i) => fill(300 * 8, 40 + i));
    const w = fill(8, 50);
    const l = layout(300, 8, 1, false, false);
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < mats.length; i++) {
        const a = mats[i];
        const b = mats[(i + 3) % mats.length];
        pinnable(a);
        pinnable(b);
        const o = new Float64Array(300);
        gemm(a, w, o, l, [0, 0, 0]);
        expect(Array.from(o)).toEqual(Array.from(naive(a, w, l, [0, 0, 0])));
        const ab = layout(8, 300, 8, true, false); // two pinned operands in one product
        const o2 = new Float64Array(64);
        gemm(a, b, o2, ab, [0, 0, 0]);
        expect(Array.from(o2)).toEqual(Array.from(naive(a, b, ab, [0, 0, 0])));
      }
    // x already pinned above the bottom, y empties the region: x is pinned afresh
    unpinAll(4 * 8 * 300 * 8);
    mats.forEach((a) => pinnable(a));
    for (let i = 0; i < 4; i++) gemm(mats[i], w, new Float64Array(300), l, [0, 0, 0]);
    const xy = layout(8, 300, 8, true, false);
    const o5 = new Float64Array(64);
    gemm(mats[1], mats[4], o5, xy, [0, 0, 0]);
    expect(Array.from(o5)).toEqual(Array.from(naive(mats[1], mats[4], xy, [0, 0, 0])));
    // cholesky and trsm place their operands above the pinned region
    const n = 12;
    const m = fill(n * n, 60);
    const spd = naive(m, m, layout(n, n, n, false, true), [0, 0, 0]);
    for (let i = 0; i < n; i++) spd[i * n + i] += n;
    const lw = new Float64Array(n * n);
    expect(cholesky(spd, 0, lw, 0, n)).toBe(-1);
    const rhs = fill(n * 6, 61);
    const xw = new Float64Array(n * 6);
    trsm(lw, 0, n, 1, true, rhs, 0, xw, 0, n, 6);
    setKernelBackend('js');
    const lj = new Float64Array(n * n);
    cholesky(spd, 0, lj, 0, n);
    const xj = new Float64Array(n * 6);
    trsm(lj, 0, n, 1, true, rhs, 0, xj, 0, n, 6);
    expect(Array.from(lw)).toEqual(Array.from(lj));
    expect(Array.from(xw)).toEqual(Array.from(xj));
    const o = new Float64Array(300); // and the pinned copies are intact after them
    setKernelBackend('wasm');
    gemm(mats[6], w, o, l, [0, 0, 0]);
    expect(Array.from(o)).toEqual(Array.from(naive(mats[6], w, l, [0, 0, 0])));
  });
});
