/**
 * The entropy of the Dirichlet-multinomial distribution by enumerating its support (there
 * is no closed form; torch and TFP have none): a finite sum over every count vector.
 * @module
 */
import betaln from '@stdlib/math-base-special-betaln';
import {
  ArgumentError,
  customGradient,
  expandDims,
  mul,
  Tensor,
  zerosLike,
} from '../autodiff/index.js';
import { logRisingValue, psi } from './count-series.js';

/** The most work, count vectors × categories, that the enumerated entropy takes. */
export const MAX_ENTROPY_WORK = 1e6;

/** C(n + K - 1, K - 1), the number of count vectors of K categories summing to n (float). */
export function countVectorsOf(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i < k && c < 1e300; i++) c = (c * (n + i)) / i;
  return c;
}

/** The next count vector after x in lexicographic order of x₀..x_(K-2) (x_(K-1) the rest). */
function nextCountVector(x: Int32Array): boolean {
  const last = x.length - 1;
  let j = last - 1;
  while (j >= 0 && x[last] === 0) {
    x[last] += x[j];
    x[j] = 0;
    j--;
  }
  if (j < 0) return false;
  x[j]++;
  x[last]--;
  return true;
}

/** f(αⱼ, x) for every category j and x = 0..n, row j at j·(n + 1). */
function tableOf(a: ArrayLike<number>, n: number, f: (aj: number, x: number) => number) {
  const t = new Float64Array(a.length * (n + 1));
  for (let j = 0; j < a.length; j++) for (let x = 0; x <= n; x++) t[j * (n + 1) + x] = f(a[j], x);
  return t;
}

/**
 * [H, ∂H/∂α₀, …, ∂H/∂α_(K-1)] of DirichletMultinomial(α, n): H = -Σ p(x) log p(x) over every
 * count vector x, log p(x) = log n!/Πxⱼ! + Σⱼ log Γ(αⱼ+xⱼ)/Γ(αⱼ) - log Γ(α₀+n)/Γ(α₀), the
 * coefficient as a telescoping sum of betaln's (as `logProb`: no lgamma(n+1) to cancel),
 * and, with the score ∂αⱼ log p(x) = ψ(αⱼ+xⱼ) - ψ(αⱼ) - c, c = ψ(α₀+n) - ψ(α₀),
 * ∂H/∂αⱼ = -Σ p log p (ψ(αⱼ+xⱼ) - ψ(αⱼ)) - c·H. Sums compensated (Neumaier).
 */
function entropyValue(a: ArrayLike<number>, n: number): number[] {
  const k = a.length;
  const a0 = Array.from(a).reduce((s, v) => s + v, 0);
  const t = tableOf(a, n, logRisingValue);
  const dg = tableOf(a, n, (aj, x) => psi(aj + x) - psi(aj));
  const base = -logRisingValue(a0, n);
  const s = new Float64Array(k + 1);
  const c = new Float64Array(k + 1);
  const add = (i: number, v: number): void => {
    const u = s[i] + v;
    c[i] += Math.abs(s[i]) >= Math.abs(v) ? s[i] - u + v : v - u + s[i];
    s[i] = u;
  };
  const x = new Int32Array(k);
  x[k - 1] = n;
  do {
    let lp = base + t[x[0]];
    for (let j = 1, prev = x[0]; j < k; prev += x[j++]) {
      // log C(prev + xⱼ, xⱼ) = -log1p(prev + xⱼ) - betaln(prev + 1, xⱼ + 1) (as logProb)
      if (x[j] > 0)
        lp += t[j * (n + 1) + x[j]] - Math.log1p(prev + x[j]) - betaln(prev + 1, x[j] + 1);
    }
    const w = Math.exp(lp) * lp;
    if (w === 0) continue;
    add(0, w);
    for (let j = 0; j < k; j++) if (x[j] > 0) add(j + 1, w * dg[j * (n + 1) + x[j]]);
  } while (nextCountVector(x));
  const h = -(s[0] + c[0]);
  const shift = psi(a0 + n) - psi(a0);
  return [h, ...Array.from({ length: k }, (_, j) => -(s[j + 1] + c[j + 1]) - shift * h)];
}

/**
 * H of DirichletMultinomial(α, n) per batch row: α of shape `[...B, K]`, n of shape `B`
 * (both broadcast to the batch), differentiable once in α (the partials are constants).
 * @throws {@link ArgumentError} where count vectors × K exceeds {@link MAX_ENTROPY_WORK}.
 */
export const dirichletMultinomialEntropy = customGradient(
  (a: Tensor, n: Tensor) => {
    const k = a.shape[a.rank - 1];
    const h = new Float64Array(n.size);
    const dh = new Float64Array(a.size);
    for (let r = 0; r < n.size; r++) {
      const nr = n.data[r];
      const count = countVectorsOf(nr, k);
      if (count * k > MAX_ENTROPY_WORK)
        throw new ArgumentError(
          'DirichletMultinomial.entropy',
          `no closed form, and enumerating the ${count.toPrecision(3)} count vectors of ` +
            `${k} categories summing to ${nr} is beyond the limit (count × categories ≤ ${MAX_ENTROPY_WORK})`,
        );
      const v = entropyValue(a.data.subarray(r * k, (r + 1) * k), nr);
      h[r] = v[0];
      dh.set(v.slice(1), r * k);
    }
    return {
      value: new Tensor(h, n.shape),
      grad: (g: Tensor) => [mul(expandDims(g, -1), new Tensor(dh, a.shape)), zerosLike(n)],
    };
  },
  { name: 'DirichletMultinomial.entropy' },
);
