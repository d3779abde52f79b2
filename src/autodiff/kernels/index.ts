/**
 * @internal Dense kernels shared by the eager ops and jit (which replays matmul through
 * the same op): matrix products in WebAssembly SIMD ({@link ./wasm.ts}) with a plain-JS
 * path ({@link ./js.ts}). The backend is chosen once, at first use: wasm when the engine
 * can compile the embedded module, JS otherwise. Both compute every element with the
 * same IEEE operations in the same order, so the choice (and the size threshold below
 * which JS runs anyway) never changes a result.
 * @module
 */
import {
  blockJs,
  dotsJs,
  planGemm,
  rowsJs,
  smallGemm,
  type GemmLayout,
  type GemmPlan,
} from './js.js';
import { forgetResident, gemmWasm, loadWasm } from './wasm.js';

export type { GemmLayout } from './js.js';
export { pinnable } from './wasm.js';

/** Which implementation runs the dense kernels. */
export type KernelBackend = 'wasm' | 'js';

let backend: KernelBackend | null = null;
let minWork = 512;

/** The backend in use, choosing it on the first call. */
export function kernelBackend(): KernelBackend {
  if (backend === null) backend = loadWasm() ? 'wasm' : 'js';
  return backend;
}

/**
 * Forces a backend, for tests and benchmarks: `'wasm'` then runs every product in wasm,
 * even those too small to gain (below 512 multiply-adds, which `'auto'` runs in JS);
 * `'auto'` chooses again as at start-up.
 * @throws Error if `'wasm'` is asked for and this engine cannot run it.
 */
export function setKernelBackend(b: KernelBackend | 'auto'): void {
  if (b === 'wasm' && !loadWasm()) throw new Error('setKernelBackend: WebAssembly unavailable');
  backend = b === 'auto' ? null : b;
  forgetResident();
  minWork = b === 'wasm' ? 0 : 512;
}

/**
 * `o = op(a) op(b)` for every product of a batch: `parts` holds (a0, b0, o0) element
 * offsets, the matrix at `o0` is row-major n×m, and `layout` gives op(a) and op(b) by
 * strides (see {@link GemmLayout}). `trusted` may name an operand unchanged since the
 * last product that read it (an input of the forward product, in its VJP): if its copy is
 * still in wasm memory it is not copied again.
 */
export function gemm(
  ad: Float64Array,
  bd: Float64Array,
  o: Float64Array,
  layout: GemmLayout,
  parts: readonly number[],
  trusted: Float64Array | null = null,
): void {
  const { n, k, m } = layout;
  const count = parts.length / 3;
  if (count === 0 || n === 0 || m === 0) return;
  if (k === 0) {
    for (let t = 2; t < parts.length; t += 3) o.fill(0, parts[t], parts[t] + n * m);
    return;
  }
  const work = count * n * k * m;
  const js = work < minWork || kernelBackend() === 'js';
  if (js && smallGemm(layout)) {
    for (let t = 0; t < parts.length; t += 3)
      blockJs(layout, ad, parts[t], bd, parts[t + 1], o, parts[t + 2]);
    return;
  }
  const p = planGemm(layout);
  const xd = p.swap ? bd : ad;
  const yd = p.swap ? ad : bd;
  const xy = p.swap ? swapParts(parts) : parts;
  if (!js && gemmWasm(p, xd, yd, o, xy, trusted)) return;
  gemmJs(p, xd, yd, o, xy);
}

function swapParts(parts: readonly number[]): number[] {
  const s = parts.slice();
  for (let t = 0; t < s.length; t += 3) {
    s[t] = parts[t + 1];
    s[t + 1] = parts[t];
  }
  return s;
}

function gemmJs(
  p: GemmPlan,
  xd: Float64Array,
  yd: Float64Array,
  o: Float64Array,
  parts: readonly number[],
): void {
  const run = p.kind === 'rows' ? rowsJs : dotsJs;
  for (let t = 0; t < parts.length; t += 3) run(p, xd, parts[t], yd, parts[t + 1], o, parts[t + 2]);
}
