/**
 * @internal The plain-JS dense kernels, used when WebAssembly is unavailable (a content
 * security policy without `wasm-unsafe-eval`, an old engine without SIMD) and for products
 * too small to pay a call into wasm.
 *
 * Same plan as the wasm kernels ({@link planGemm}), same summation order: every output
 * element is `((0 + x₀y₀) + x₁y₁) + …` over p in order, so both paths (and the loops they
 * replaced) agree bit for bit. A product whose operands fit in L1 ({@link smallGemm})
 * keeps 2×4 blocks of outputs in registers, reading both operands through their strides
 * ({@link blockJs}). A larger one never walks memory with a stride: if its output columns
 * are contiguous in b it accumulates whole rows (`acc += a[i,p]·b[p,:]`, so `Xᵀr` reads X
 * row by row), and if its operands are both contiguous in p it runs dot products over p.
 * @module
 */

/**
 * The layout of one matrix product `o = op(a) op(b)` of an n×k by a k×m matrix:
 * `op(a)[i,p] = a[a0 + i·ais + p·aps]`, `op(b)[p,j] = b[b0 + p·bps + j·bjs]` (strides in
 * elements, so a transpose is read in place); the output is row-major n×m.
 */
export interface GemmLayout {
  n: number;
  k: number;
  m: number;
  ais: number;
  aps: number;
  bps: number;
  bjs: number;
}

/**
 * How a product runs: `rows` needs x[p, j] contiguous in j (`ys` is x's p stride, `xs`,
 * `xp` a's strides), `dots` needs both operands contiguous in p (`xs` and `ys` are their
 * row / column strides). `swap` computes the transpose `oᵀ = op(b)ᵀ op(a)ᵀ` (x is b, y is
 * a), the same products in the same order since `x·y = y·x` exactly. `os`, `ot` are the
 * output strides of rows and columns of the computed (possibly transposed) product.
 */
export interface GemmPlan {
  kind: 'rows' | 'dots';
  swap: boolean;
  n: number;
  k: number;
  m: number;
  xs: number;
  xp: number;
  ys: number;
  os: number;
  ot: number;
}

/** Chooses the kernel for a layout (see {@link GemmPlan}). */
export function planGemm(l: GemmLayout): GemmPlan {
  const { n, k, m } = l;
  if (l.bjs === 1 && m >= 2)
    return { kind: 'rows', swap: false, n, k, m, xs: l.ais, xp: l.aps, ys: l.bps, os: m, ot: 1 };
  if (l.ais === 1 && n >= 2)
    return {
      kind: 'rows',
      swap: true,
      n: m,
      k,
      m: n,
      xs: l.bjs,
      xp: l.bps,
      ys: l.aps,
      os: 1,
      ot: m,
    };
  if (l.aps !== 1 || l.bps !== 1)
    throw new Error(`gemm: no kernel for layout ${JSON.stringify(l)}`);
  return { kind: 'dots', swap: false, n, k, m, xs: l.ais, xp: 1, ys: l.bjs, os: m, ot: 1 };
}

let acc = new Float64Array(64);

/** `rows` plan: for each row i, `acc = Σ_p x[i,p]·y[p,:]` in p order, then stored. */
export function rowsJs(
  p: GemmPlan,
  xd: Float64Array,
  x0: number,
  yd: Float64Array,
  y0: number,
  o: Float64Array,
  o0: number,
): void {
  const { n, k, m, xs, xp, ys, os, ot } = p;
  if (acc.length < m) acc = new Float64Array(m);
  const s = acc;
  for (let i = 0; i < n; i++) {
    s.fill(0, 0, m);
    for (let q = 0, xi = x0 + i * xs, yq = y0; q < k; q++, xi += xp, yq += ys) {
      const x = xd[xi];
      for (let j = 0; j < m; j++) s[j] += x * yd[yq + j];
    }
    const w = o0 + i * os;
    if (ot === 1) for (let j = 0; j < m; j++) o[w + j] = s[j];
    else for (let j = 0; j < m; j++) o[w + j * ot] = s[j];
  }
}

/** `dots` plan: `o[i,j] = Σ_p x[i,p]·y[j,p]`, four rows of x against one column at a time. */
export function dotsJs(
  p: GemmPlan,
  xd: Float64Array,
  x0: number,
  yd: Float64Array,
  y0: number,
  o: Float64Array,
  o0: number,
): void {
  const { n, k, m, xs, ys, os } = p;
  for (let j = 0; j < m; j++) {
    const c = y0 + j * ys;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const r0 = x0 + i * xs;
      const r1 = r0 + xs;
      const r2 = r1 + xs;
      const r3 = r2 + xs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let q = 0; q < k; q++) {
        const y = yd[c + q];
        s0 += xd[r0 + q] * y;
        s1 += xd[r1 + q] * y;
        s2 += xd[r2 + q] * y;
        s3 += xd[r3 + q] * y;
      }
      const w = o0 + i * os + j;
      o[w] = s0;
      o[w + os] = s1;
      o[w + 2 * os] = s2;
      o[w + 3 * os] = s3;
    }
    for (; i < n; i++) {
      const r = x0 + i * xs;
      let s = 0;
      for (let q = 0; q < k; q++) s += xd[r + q] * yd[c + q];
      o[o0 + i * os + j] = s;
    }
  }
}

/**
 * Whether {@link blockJs} runs a product in JS: both operands of one product fit in L1
 * together (at most 4096 elements), where register blocking beats streaming rows through
 * an accumulator array and strides cost nothing.
 */
export function smallGemm(l: GemmLayout): boolean {
  return l.k * (l.n + l.m) <= 4096;
}

/**
 * `o = op(a) op(b)` for one product of `l` (see {@link GemmLayout}), the output row-major
 * at `o0`: 2×4 blocks of outputs kept in registers, each summed over p in order from 0,
 * operands read through their strides in place (no copy for a transpose).
 */
export function blockJs(
  l: GemmLayout,
  ad: Float64Array,
  a0: number,
  bd: Float64Array,
  b0: number,
  o: Float64Array,
  o0: number,
): void {
  const { n, k, m, ais, aps, bps, bjs } = l;
  let i = 0;
  for (; i + 2 <= n; i += 2) rowPair(l, ad, a0 + i * ais, bd, b0, o, o0 + i * m);
  if (i < n) {
    const r0 = a0 + i * ais;
    const w0 = o0 + i * m;
    for (let j = 0; j < m; j++) {
      let s0 = 0;
      for (let p = 0, c = b0 + j * bjs, r = r0; p < k; p++, c += bps, r += aps) s0 += ad[r] * bd[c];
      o[w0 + j] = s0;
    }
  }
}

/** Rows `r0` and `r0 + ais` of op(a) times op(b), into the output rows at `w0`, `w0 + m`. */
function rowPair(
  l: GemmLayout,
  ad: Float64Array,
  r0: number,
  bd: Float64Array,
  b0: number,
  o: Float64Array,
  w0: number,
): void {
  const { k, m, ais, aps, bps, bjs } = l;
  const w1 = w0 + m;
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
    for (let p = 0, c = b0 + j * bjs, r = r0; p < k; p++, c += bps, r += aps) {
      const x0 = ad[r];
      const x1 = ad[r + ais];
      const y0 = bd[c];
      const y1 = bd[c + bjs];
      const y2 = bd[c + 2 * bjs];
      const y3 = bd[c + 3 * bjs];
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s13 += x1 * y3;
    }
    o[w0 + j] = s00;
    o[w0 + j + 1] = s01;
    o[w0 + j + 2] = s02;
    o[w0 + j + 3] = s03;
    o[w1 + j] = s10;
    o[w1 + j + 1] = s11;
    o[w1 + j + 2] = s12;
    o[w1 + j + 3] = s13;
  }
  for (; j < m; j++) {
    let s0 = 0;
    let s1 = 0;
    for (let p = 0, c = b0 + j * bjs, r = r0; p < k; p++, c += bps, r += aps) {
      const y = bd[c];
      s0 += ad[r] * y;
      s1 += ad[r + ais] * y;
    }
    o[w0 + j] = s0;
    o[w1 + j] = s1;
  }
}
