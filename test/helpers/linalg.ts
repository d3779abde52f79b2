/** Reference linear algebra for tests (plain loops, independent of the library). */

/** log |det m| by Gaussian elimination with partial pivoting. */
export function logAbsDet(m: number[][]): number {
  const a = m.map((r) => r.slice());
  const n = a.length;
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    s += Math.log(Math.abs(a[c][c]));
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return s;
}

/** |a − b| relative to the larger magnitude (1e-300 floor). */
export const rel = (a: number, b: number): number =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
