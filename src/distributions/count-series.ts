/**
 * Sums over the mass of a count distribution, in plain numbers: the numeric log masses
 * of the negative and beta binomials, a walk over a pmf series that stops once the tail
 * is below float64 resolution, and the op that turns "value and partial derivatives in
 * numbers" into a differentiable tensor function (entropies, cdfs).
 * @module
 */
import betalnFn from '@stdlib/math-base-special-betaln';
import digammaFn from '@stdlib/math-base-special-digamma';
import {
  ArgumentError,
  customGradient,
  mul,
  reshape,
  slice,
  Tensor,
  zerosLike,
} from '../autodiff/index.js';
import { bd0Value, stirlerr } from './loader.js';
import { broadcastAll, mapValues } from './util.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** The digamma function ψ on numbers. */
export const psi: (x: number) => number = digammaFn;

/** log(C(n, k) p^k q^(n-k)) for real 0 < k < n in numbers (R's dbinom_raw, general case). */
export function dbinomRawValue(k: number, n: number, p: number, q: number): number {
  const nk = n - k;
  const stir = stirlerr(n) - stirlerr(k) - stirlerr(nk);
  const dev = bd0Value(k, n * p) + bd0Value(nk, n * q);
  return stir - dev - 0.5 * (Math.log(k) + Math.log(nk / n) + LOG_2PI);
}

/** log q from p and q = 1 - p, through the smaller (log1p(-p) keeps a q near 1 exact). */
export function logOneMinus(p: number, q: number): number {
  return p < q ? Math.log1p(-p) : Math.log(q);
}

/**
 * log NB(k; r, p) = log Γ(k+r)/(Γ(r) k!) p^k q^r in numbers (R's dnbinom form, as
 * `negativeBinomialLogPmf`): `r log q` at k = 0, else `log(r/(r+k)) + dbinom_raw(r; r+k, q)`.
 */
export function nbLogPmfValue(k: number, r: number, p: number, q: number): number {
  if (k === 0) return r * logOneMinus(p, q);
  if (p === 0) return -Infinity;
  return Math.log(r / (r + k)) + dbinomRawValue(r, r + k, q, p);
}

/** log Γ(a+k) - log Γ(a) in numbers, in the Stirling form of `logRising`. */
export function logRisingValue(a: number, k: number): number {
  if (k === 0) return 0;
  return (a + k - 0.5) * Math.log1p(k / a) + k * (Math.log(a) - 1) + stirlerr(a + k) - stirlerr(a);
}

/** log BetaBinomial(k; α, β, n) in numbers (the form of `BetaBinomial.logProb`). */
export function bbLogPmfValue(k: number, a: number, b: number, n: number): number {
  const choose = Math.log1p(n) + betalnFn(n - k + 1, k + 1);
  return logRisingValue(a, k) + logRisingValue(b, n - k) - logRisingValue(a + b, n) - choose;
}

/** The most terms one series may take before {@link tailSums} gives up. */
export const MAX_TERMS = 5e7;

/**
 * Σ p(k)·fᵢ(k, log p(k)) for k = from, from + step, … (step ±1, k ≥ 0), each sum
 * compensated (Neumaier). The pmf must decrease along the walk (start at or beyond the
 * mode) with ratios ρ = p(k+step)/p(k) that never exceed max(ρ at k, `ratioLimit`) later
 * on. Stopping rule: after a term with ρ̄ = max(ρ, ratioLimit) < 1, the rest of the series
 * is at most T = p(k)·ρ̄/(1-ρ̄)·(1 + |log p(k)| + |log ρ̄|/(1-ρ̄)) (a geometric bound on
 * the mass and on p·|log p|); the walk stops once T ≤ 1e-17·|first sum| (or at k = 0).
 * @throws {@link ArgumentError} if more than {@link MAX_TERMS} terms are needed.
 */
export function tailSums(
  op: string,
  from: number,
  step: 1 | -1,
  logPmf: (k: number) => number,
  ratioLimit: number,
  fs: readonly ((k: number, lp: number) => number)[],
): number[] {
  const s = fs.map(() => 0);
  const c = fs.map(() => 0);
  let prev = NaN;
  for (let k = from, n = 0; k >= 0; k += step, n++) {
    if (n > MAX_TERMS)
      throw new ArgumentError(op, `the series over the mass needs more than ${MAX_TERMS} terms`);
    const lp = logPmf(k);
    const p = Math.exp(lp);
    for (let i = 0; i < fs.length && p > 0; i++) {
      const t = p * fs[i](k, lp);
      const v = s[i] + t;
      c[i] += Math.abs(s[i]) >= Math.abs(t) ? s[i] - v + t : t - v + s[i];
      s[i] = v;
    }
    if (p === 0) break; // the pmf decreases along the walk: the rest is 0 too
    const rho = Math.max(Math.exp(lp - prev), ratioLimit);
    prev = lp;
    if (!(rho < 1)) continue;
    const tail = (p * rho) / (1 - rho);
    const bound = tail * (1 + Math.abs(lp) + Math.abs(Math.log(rho)) / (1 - rho));
    if (bound <= 1e-17 * Math.abs(s[0] + c[0])) break;
  }
  return s.map((v, i) => v + c[i]);
}

/** Σ p(k)·fᵢ(k, log p(k)) over k = lo..hi (a finite support), compensated. */
export function finiteSums(
  lo: number,
  hi: number,
  logPmf: (k: number) => number,
  fs: readonly ((k: number, lp: number) => number)[],
): number[] {
  const s = fs.map(() => 0);
  const c = fs.map(() => 0);
  for (let k = lo; k <= hi; k++) {
    const lp = logPmf(k);
    const p = Math.exp(lp);
    if (p === 0) continue;
    for (let i = 0; i < fs.length; i++) {
      const t = p * fs[i](k, lp);
      const v = s[i] + t;
      c[i] += Math.abs(s[i]) >= Math.abs(t) ? s[i] - v + t : t - v + s[i];
      s[i] = v;
    }
  }
  return s.map((v, i) => v + c[i]);
}

/**
 * A differentiable elementwise function from one computed in numbers: `f(...v)` returns
 * `[value, ∂value/∂v₀, ∂value/∂v₁, ...]`. The value is one op; its VJP multiplies the
 * cotangent by the partials, themselves a recorded op of zero gradient (so a jitted VJP
 * recomputes them; the result is differentiable once). Inputs are broadcast together.
 */
export function numericOp(name: string, f: (...v: number[]) => number[]) {
  const partials = customGradient(
    (...xs: Tensor[]) => {
      const m = xs.length;
      const out = new Float64Array(xs[0].size * m);
      const ds = xs.map((x) => x.data);
      for (let j = 0; j < xs[0].size; j++) {
        const r = f(...ds.map((d) => d[j]));
        for (let i = 0; i < m; i++) out[j * m + i] = r[i + 1];
      }
      return {
        value: new Tensor(out, [...xs[0].shape, m]),
        grad: () => xs.map((x) => zerosLike(x)),
      };
    },
    { name: `${name}.partials` },
  );
  const op = customGradient(
    (...xs: Tensor[]) => ({
      value: mapValues(xs, (...v) => f(...v)[0]),
      grad: (g: Tensor) => {
        const d = partials(...xs);
        const shape = xs[0].shape;
        return xs.map((_, i) =>
          mul(g, reshape(slice(d, [...shape.map(() => 0), i], [...shape, 1]), shape)),
        );
      },
    }),
    { name },
  );
  return (...xs: Tensor[]): Tensor => op(...broadcastAll(xs));
}
