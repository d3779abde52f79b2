/**
 * @internal The plain-JS dense kernels, used when WebAssembly is unavailable (a content
 * security policy without `wasm-unsafe-eval`, an old engine without SIMD) and for products
 * too small to pay a call into wasm.
 *
 * Same plan as the wasm kernels ({@link planGemm}), same summation order: every output
 * element is `((0 + x₀y₀) + x₁y₁) + …` over p in order, so both paths (and the loops they
 * replaced) agree bit for bit. No inner loop walks memory with a stride: a product whose
 * output columns are contiguous in b accumulates whole rows (`acc += a[i,p]·b[p,:]`, so
 * `Xᵀr` reads X row by row), and a product whose operands are both contiguous in p runs
 * dot products over p.
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
