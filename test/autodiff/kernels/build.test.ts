import { describe, expect, it } from 'vitest';
import { assemble, generated } from '../../../scripts/build-wasm.js';
import { gemmWasmBase64 } from '../../../src/autodiff/kernels/gemm-wasm.js';
import { gemmWasmBytes } from '../../../src/autodiff/kernels/wasm.js';
import * as fs from 'node:fs';

describe('the embedded wasm', () => {
  it('equals a fresh wabt assembly of gemm.wat (run `npm run build:wasm` after editing it)', async () => {
    const fresh = await assemble();
    expect(Array.from(gemmWasmBytes())).toEqual(Array.from(fresh));
    const file = new URL('../../../src/autodiff/kernels/gemm-wasm.ts', import.meta.url);
    expect(fs.readFileSync(file, 'utf8')).toBe(generated(fresh));
    expect(gemmWasmBase64.length).toBeGreaterThan(0);
  });

  it('uses 128-bit SIMD and validates in this engine', () => {
    const bytes = gemmWasmBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    // 0xfd is the SIMD opcode prefix; f64x2.mul is 0xfd 0xf2 0x01
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain('fdf201');
  });
});
