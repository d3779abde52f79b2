/**
 * @internal The WebAssembly SIMD dense kernels (gemm.wat) and their memory.
 *
 * Why WAT assembled with wabt rather than AssemblyScript or a C toolchain: the kernels
 * are two short loops whose whole point is the exact f64x2 instruction sequence (one
 * `f64x2.mul` and one `f64x2.add` per term, never a fused multiply-add or a reassociated
 * sum, so the results stay bit-identical to the JS loops); WAT states that sequence
 * directly, wabt is a single npm dev dependency with no native build, and the module is
 * under 2 kB. The bytes are embedded (base64) in gemm-wasm.ts and compiled synchronously
 * with `new WebAssembly.Module`, so they load the same way in Node and in browsers: no
 * fetch, no file read, no Node-only API.
 *
 * How operands reach wasm memory: a wasm instance can read only its own linear memory,
 * and a Tensor's Float64Array lives in the JS heap, so each call copies `a` and `b` (once
 * for the whole batch; once if they are the same buffer) into the memory, runs the
 * kernels over every matrix of the batch, and copies the product out. The memory is one
 * instance-wide buffer that grows (in 64 KiB pages) to the largest call seen and is
 * reused by every later call; it never shrinks. A copy costs about 0.013 ms per MB on the
 * development machine (12–14 µs for the 960 kB of a 5000×24 design matrix), against
 * about 0.04 ms for the product of that matrix with a vector. Reading tensors in place
 * would need them allocated inside the module's memory, but growing it detaches its
 * ArrayBuffer (and every Float64Array on it) unless the memory is shared, which browsers
 * allow only on cross-origin-isolated pages; and a cache of copies keyed by buffer is
 * unsafe in general, since Variables are updated in place and `tidy` recycles buffers.
 *
 * The exception is a buffer that can never change: jit's constants (its private copies of
 * the tensors `f` reads, frozen at trace time, see {@link pinnable}). Such an operand is
 * copied once, into a pinned region at the bottom of the memory, and every later product
 * reads it there (a 5000×24 design matrix is then never copied again). The pinned region
 * holds at most {@link PIN_CAP} bytes; when a new constant would pass that, the region is
 * emptied and refilled from the constants in use. Per-call operands sit above it.
 * @module
 */
import { gemmWasmBase64 } from './gemm-wasm.js';
import type { GemmPlan } from './js.js';

interface Exports {
  memory: WebAssembly.Memory;
  gemm_rows: (...args: number[]) => void;
  gemm_dots: (...args: number[]) => void;
  trsm_rows: (...args: number[]) => void;
  chol: (a: number, o: number, n: number) => number;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const code = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) code[abc.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let nb = 0;
  let w = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | code[clean.charCodeAt(i)];
    nb += 6;
    if (nb >= 8) {
      nb -= 8;
      out[w++] = (bits >> nb) & 255;
    }
  }
  return out;
}

/** The embedded module's bytes. */
export function gemmWasmBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(gemmWasmBase64);
}

let ex: Exports | null = null;
let f64 = new Float64Array(0);

/**
 * Instantiates the kernels, or returns false when this engine cannot (no WebAssembly, no
 * SIMD, or a content security policy that forbids compiling wasm).
 */
export function loadWasm(): boolean {
  if (ex !== null) return true;
  try {
    if (typeof WebAssembly !== 'object') return false;
    const mod = new WebAssembly.Module(gemmWasmBytes());
    ex = new WebAssembly.Instance(mod, {}).exports as unknown as Exports;
    f64 = new Float64Array(ex.memory.buffer);
    return true;
  } catch {
    ex = null;
    return false;
  }
}

/** Grows the memory to at least `bytes`; false if it cannot grow that far. */
function reserve(e: Exports, bytes: number): boolean {
  const have = e.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      e.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false;
    }
  }
  if (f64.buffer !== e.memory.buffer) f64 = new Float64Array(e.memory.buffer);
  return true;
}

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * The operand whose copy sits at the start of the per-call region (the larger operand of
 * the last product), or null. A product may skip copying it again only for an operand
 * the caller vouches for (`trusted`): an input of the forward product whose VJP is
 * running, which the tape already requires to be unchanged since that forward product
 * copied it.
 */
let resident: Float64Array | null = null;

/** Forgets the resident operand (a backend switch, or a kernel that reuses its place). */
export function forgetResident(): void {
  resident = null;
}

/** The most bytes the pinned region holds (64 MiB); a pinnable buffer is at most a quarter. */
export const PIN_CAP = 2 ** 26;
let pinCap = PIN_CAP;
/** Buffers that never change (jit constants); pinned (copied once) on first use. */
let frozen = new WeakSet<Float64Array>();
/** Byte offsets of the pinned copies, and the end of the pinned region (8-byte units). */
let pinned = new WeakMap<Float64Array, number>();
let pinEnd = 0;
/** How many times the pinned region was emptied. */
let resets = 0;

/**
 * Declares that `d` will never change again, so that a product may read a copy of it
 * kept in wasm memory instead of copying it at every call. Only for buffers nobody can
 * write: jit's private copies of its constants.
 */
export function pinnable(d: Float64Array): void {
  if (d.length * 8 <= pinCap / 4) frozen.add(d);
}

/** The byte offset of `d`'s pinned copy (making it), or -1 if `d` is not pinnable. */
function pin(e: Exports, d: Float64Array): number {
  if (!frozen.has(d)) return -1;
  const at = pinned.get(d);
  if (at !== undefined) return at;
  const bytes = align(d.length * 8);
  if (pinEnd + bytes > pinCap) {
    pinned = new WeakMap();
    pinEnd = 0;
    resets++;
  }
  if (!reserve(e, pinEnd + bytes)) return -1;
  resident = null; // the per-call region moves up
  const off = pinEnd;
  f64.set(d, off / 8);
  pinned.set(d, off);
  pinEnd += bytes;
  return off;
}

/**
 * Empties the pinned region and forgets every pinnable buffer; for tests, which may also
 * set a smaller cap (in bytes) to exercise the emptying.
 */
export function unpinAll(cap = PIN_CAP): void {
  pinCap = cap;
  frozen = new WeakSet();
  pinned = new WeakMap();
  pinEnd = 0;
  resident = null;
}

/**
 * Runs plan `p` on every product of a batch, `parts` holding (x0, y0, o0) element offsets
 * into `xd`, `yd` and `o`. Returns false (having done nothing) when the memory cannot hold
 * the operands, so that the caller falls back to JS.
 */
export function gemmWasm(
  p: GemmPlan,
  xd: Float64Array,
  yd: Float64Array,
  o: Float64Array,
  parts: readonly number[],
  trusted: Float64Array | null = null,
): boolean {
  const e = ex;
  if (e === null) return false;
  let xPin = pin(e, xd);
  const before = resets;
  const yPin = xd === yd ? xPin : pin(e, yd);
  if (resets !== before && xPin >= 0) xPin = pin(e, xd); // y's pin emptied the region
  const at = place(e, xPin < 0 ? xd : null, yPin < 0 ? yd : null, o.length, trusted);
  if (at === null) return false;
  const X = xPin < 0 ? at[0] : xPin;
  const Y = yPin < 0 ? at[1] : yPin;
  const O = at[2];
  const { n, k, m, xs, xp, ys, os, ot } = p;
  for (let t = 0; t < parts.length; t += 3) {
    const xa = X + parts[t] * 8;
    const ya = Y + parts[t + 1] * 8;
    const oa = O + parts[t + 2] * 8;
    if (p.kind === 'rows') e.gemm_rows(xa, xs * 8, xp * 8, ya, ys * 8, oa, os * 8, ot * 8, n, k, m);
    else e.gemm_dots(xa, xs * 8, ya, ys * 8, oa, os * 8, ot * 8, n, k, m);
  }
  o.set(f64.subarray(O / 8, O / 8 + o.length));
  return true;
}

/**
 * Copies the unpinned operands (null: pinned) into the per-call region above the pinned
 * one, the larger first (skipped if it is `trusted` and still resident there), and
 * returns the byte offsets of x, y and an output of `outLen` elements; null (nothing
 * done) when the memory cannot hold them.
 */
function place(
  e: Exports,
  x: Float64Array | null,
  y: Float64Array | null,
  outLen: number,
  trusted: Float64Array | null,
): [number, number, number] | null {
  const base = pinEnd;
  const big = x === null ? y : y === null || x.length >= y.length ? x : y;
  const other = big === x ? y : x;
  const S = big === null ? base : align(base + big.length * 8);
  const O = other === null || other === big ? S : align(S + other.length * 8);
  if (O + outLen * 8 > 2 ** 31 || !reserve(e, O + outLen * 8)) {
    resident = null;
    return null;
  }
  if (big !== null) {
    if (!(trusted === big && resident === big)) f64.set(big, base / 8);
    resident = big;
  }
  if (other !== null && other !== big) f64.set(other, S / 8);
  return [x === big ? base : S, y === big ? base : S, O];
}

/**
 * `M X = B` for one n×n triangle at `l0` (strides `mis`, `mjs` in elements) and an n×k B,
 * as {@link trsm} in triangular.ts; false (nothing done) if the memory cannot hold them.
 */
export function trsmWasm(
  l: Float64Array,
  l0: number,
  mis: number,
  mjs: number,
  mLower: boolean,
  b: Float64Array,
  b0: number,
  o: Float64Array,
  o0: number,
  n: number,
  k: number,
): boolean {
  const e = ex;
  if (e === null) return false;
  const L = pinEnd;
  const B = align(L + n * n * 8);
  const X = align(B + n * k * 8);
  if (X + n * k * 8 > 2 ** 31 || !reserve(e, X + n * k * 8)) return false;
  resident = null;
  f64.set(l.subarray(l0, l0 + n * n), L / 8);
  f64.set(b.subarray(b0, b0 + n * k), B / 8);
  e.trsm_rows(L, mis * 8, mjs * 8, mLower ? 1 : 0, B, X, n, k);
  o.set(f64.subarray(X / 8, X / 8 + n * k), o0);
  return true;
}

/**
 * The Cholesky factor of one n×n matrix at `a0` into `o` at `o0`, as {@link cholesky} in
 * triangular.ts: the failing pivot and its value, `[-1, 0]` on success, or null (nothing
 * done) if the memory cannot hold the matrices.
 */
export function cholWasm(
  a: Float64Array,
  a0: number,
  o: Float64Array,
  o0: number,
  n: number,
): [number, number] | null {
  const e = ex;
  if (e === null) return null;
  const A = pinEnd;
  const O = align(A + n * n * 8);
  if (O + n * n * 8 + 8 > 2 ** 31 || !reserve(e, O + n * n * 8 + 8)) return null;
  resident = null;
  f64.set(a.subarray(a0, a0 + n * n), A / 8);
  const pivot = e.chol(A, O, n);
  if (pivot >= 0) return [pivot, f64[O / 8 + n * n]];
  o.set(f64.subarray(O / 8, O / 8 + n * n), o0);
  return [-1, 0];
}
