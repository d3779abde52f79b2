/**
 * @internal Triangular kernels: substitution for `M X = B` with M triangular, and the
 * Cholesky factorization. Each element is computed with the same IEEE operations in the
 * same order as the textbook loops (`v = b; v -= m_ij x_j` over j in order; `v / m_ii`),
 * so results are bit-identical to them; only the loop nesting differs, so that the inner
 * loops read memory contiguously: a whole row of X is updated per term, and a
 * right-hand side with many columns runs in WebAssembly SIMD when available.
 * @module
 */
import { kernelBackend } from './index.js';
import { cholWasm, trsmWasm } from './wasm.js';

/**
 * Solves `M X = B` in place of `o` for one n×n triangle and an n×k right-hand side:
 * `M[i,j] = l[l0 + i·mis + j·mjs]` (mis, mjs swap for the adjoint), lower when
 * `mLower` (forward substitution) or upper (backward). B at b0 and X at o0 are row-major.
 */
export function trsm(
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
): void {
  if (n === 0 || k === 0) return;
  if (k >= 4 && kernelBackend() === 'wasm') {
    if (trsmWasm(l, l0, mis, mjs, mLower, b, b0, o, o0, n, k)) return;
  }
  if (k === 1) {
    for (let s = 0; s < n; s++) {
      const i = mLower ? s : n - 1 - s;
      const r = l0 + i * mis;
      let v = b[b0 + i];
      if (mLower) for (let j = 0; j < i; j++) v -= l[r + j * mjs] * o[o0 + j];
      else for (let j = i + 1; j < n; j++) v -= l[r + j * mjs] * o[o0 + j];
      o[o0 + i] = v / l[r + i * mjs];
    }
    return;
  }
  for (let s = 0; s < n; s++) {
    const i = mLower ? s : n - 1 - s;
    const r = l0 + i * mis;
    const w = o0 + i * k;
    for (let c = 0; c < k; c++) o[w + c] = b[b0 + i * k + c];
    const [from, to] = mLower ? [0, i] : [i + 1, n];
    for (let j = from; j < to; j++) {
      const mij = l[r + j * mjs];
      const x = o0 + j * k;
      for (let c = 0; c < k; c++) o[w + c] -= mij * o[x + c];
    }
    const d = l[r + i * mjs];
    for (let c = 0; c < k; c++) o[w + c] /= d;
  }
}

/**
 * The lower Cholesky factor of `(A + Aᵀ)/2` for the n×n matrix at `a0`, written to `o`
 * at `o0` (which must hold zeros above the diagonal): row by row,
 * `L[i,j] = (sym(A)[i,j] - Σ_{p<j} L[i,p] L[j,p]) / L[j,j]` subtracting over p in order,
 * and `L[j,j] = √(sym(A)[j,j] - Σ_{p<j} L[j,p]²)`. The wasm kernel runs the same element
 * formulas column by column. Returns -1, or the first pivot that is not positive
 * (`pivotValue` then holds its value) with `o` partly written.
 */
export function cholesky(
  a: Float64Array,
  a0: number,
  o: Float64Array,
  o0: number,
  n: number,
): number {
  if (n >= 8 && kernelBackend() === 'wasm') {
    const r = cholWasm(a, a0, o, o0, n);
    if (r !== null) {
      pivotValue = r[1];
      return r[0];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0.5 * (a[a0 + i * n + j] + a[a0 + j * n + i]);
      for (let p = 0; p < j; p++) s -= o[o0 + i * n + p] * o[o0 + j * n + p];
      if (i === j) {
        if (!(s > 0)) {
          pivotValue = s;
          return i;
        }
        o[o0 + i * n + i] = Math.sqrt(s);
      } else o[o0 + i * n + j] = s / o[o0 + j * n + j];
    }
  }
  return -1;
}

/** The value of the pivot that made the last {@link cholesky} call fail. */
export let pivotValue = 0;
