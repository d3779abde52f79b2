import { afterAll, describe, expect, it } from 'vitest';
import {
  gemm,
  kernelBackend,
  setKernelBackend,
  type GemmLayout,
} from '../../../src/autodiff/kernels/index.js';

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
