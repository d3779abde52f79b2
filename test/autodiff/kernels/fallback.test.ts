import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the kernel backend', () => {
  it('is wasm where WebAssembly SIMD compiles (Node 20)', async () => {
    const k = await import('../../../src/autodiff/kernels/index.js');
    expect(k.kernelBackend()).toBe('wasm');
  });

  it('falls back to JS, chosen once, when WebAssembly is missing or compiling it throws', async () => {
    for (const stub of [
      undefined,
      {
        Module: function () {
          throw new Error('Refused to compile: CSP');
        },
      },
    ]) {
      vi.resetModules();
      vi.stubGlobal('WebAssembly', stub);
      const k = await import('../../../src/autodiff/kernels/index.js');
      const { matmul, cholesky, triangularSolve } = await import('../../../src/index.js');
      expect(k.kernelBackend()).toBe('js');
      expect(() => k.setKernelBackend('wasm')).toThrow('WebAssembly unavailable');
      const a = Array.from({ length: 30 }, (_, i) =>
        Array.from({ length: 30 }, (_, j) => (i === j ? 40 : Math.sin(i + j))),
      );
      expect(matmul([[1, 2], [3, 4]], [[5], [6]]).toArray()).toEqual([[17], [39]]); // prettier-ignore
      const l = cholesky(a);
      const x = triangularSolve(l, a);
      expect(x.shape).toEqual([30, 30]);
      expect(k.kernelBackend()).toBe('js');
      vi.unstubAllGlobals();
    }
  });
});
