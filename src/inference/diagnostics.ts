/**
 * Convergence diagnostics for MCMC draws, as defined by Vehtari, Gelman, Simpson,
 * Carpenter and Bürkner (2021), "Rank-normalization, folding, and localization: an
 * improved R-hat for assessing convergence of MCMC", and implemented by the `posterior`
 * R package and ArviZ: split chains, rank normalization, bulk and folded R-hat, bulk,
 * tail and mean effective sample sizes, and the Monte-Carlo standard error of the mean.
 *
 * Every function takes the draws of one scalar quantity as chains × draws
 * (`number[][]` or `Float64Array[]`, all chains of one length). Degenerate input follows
 * `posterior`: NaN draws, or draws that are all equal, give NaN, not an exception.
 * @module
 */
import erfcinv from '@stdlib/math-base-special-erfcinv';
import { ArgumentError } from '../autodiff/index.js';

/**
 * The draws of one scalar quantity: one array per chain, all of the same length.
 * @example
 * ```ts
 * import { rhat, type Draws } from 'pathwise';
 * const d: Draws = [new Float64Array([1, 2, 3, 4]), [2, 1, 4, 3]];
 * rhat(d); // ≈ 1.6186586: both chains drift upwards, so their split halves disagree
 * ```
 */
export type Draws = readonly ArrayLike<number>[];

// ---------------------------------------------------------------------------------
// Input checks and small helpers

/** The minimum chain length of R-hat and the effective sample sizes. */
const MIN_DRAWS = 4;

/** Validates `draws` as chains × draws with at least `minDraws` per chain. */
function chainsOf(fn: string, draws: Draws, minDraws: number): Float64Array[] {
  if (
    !Array.isArray(draws) ||
    draws.length === 0 ||
    !draws.every((c) => typeof c === 'object' && c !== null && typeof c.length === 'number')
  ) {
    const got = Array.isArray(draws)
      ? draws.length === 0
        ? 'an empty array'
        : 'an array of numbers (for one chain pass [draws])'
      : typeof draws;
    throw new ArgumentError(fn, `draws must be an array of chains (chains × draws), got ${got}`);
  }
  const n = draws[0].length;
  if (draws.some((c) => c.length !== n))
    throw new ArgumentError(
      fn,
      `chains must have equal lengths, got lengths [${draws.map((c) => c.length).join(', ')}]`,
    );
  if (n < minDraws)
    throw new ArgumentError(
      fn,
      `needs at least ${minDraws} draw${minDraws === 1 ? '' : 's'} per chain, got draws of shape [${draws.length}, ${n}]`,
    );
  return draws.map((c) => (c instanceof Float64Array ? c : Float64Array.from(c)));
}

function pooled(chains: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(chains.length * chains[0].length);
  chains.forEach((c, i) => out.set(c, i * c.length));
  return out;
}

function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** The sample variance, with divisor n - 1 (R's `var`). */
function varianceOf(x: ArrayLike<number>): number {
  const m = meanOf(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

/** `posterior`'s `should_return_NA`: a non-finite draw, or all draws equal (within eps). */
function degenerate(chains: readonly Float64Array[]): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains)
    for (const v of c) {
      if (!Number.isFinite(v)) return true;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return hi - lo < Number.EPSILON;
}

/** R's type-7 quantile of ascending `sorted` values: linear between order statistics. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const index = 1 + (sorted.length - 1) * p; // 1-based as in R, so h rounds as R's does
  const lo = Math.floor(index);
  const h = index - lo;
  const q = sorted[lo - 1];
  return h > 0 && sorted[lo] !== q ? (1 - h) * q + h * sorted[lo] : q;
}

function pooledQuantile(chains: readonly Float64Array[], p: number): number {
  const all = pooled(chains);
  if (all.some(Number.isNaN)) return NaN;
  return quantileSorted(all.sort(), p);
}

/** Φ⁻¹(p), the standard normal quantile. */
function ndtri(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

// ---------------------------------------------------------------------------------
// Splitting, quantiles, rank normalization

/**
 * Splits each chain into its first and second half, dropping the middle draw of an odd
 * length: m chains of n draws become 2m chains of ⌊n/2⌋ draws (all first halves, then
 * all second halves, as `posterior` and ArviZ order them). A chain that drifts then has
 * halves with different means, which R-hat sees.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 2 draws per chain.
 * @example
 * ```ts
 * import { splitChains } from 'pathwise';
 * splitChains([[1, 2, 3, 4, 5]]).map((c) => Array.from(c)); // [[1, 2], [4, 5]]
 * ```
 */
export function splitChains(draws: Draws): Float64Array[] {
  const chains = chainsOf('splitChains', draws, 2);
  const n = chains[0].length;
  const half = Math.floor(n / 2);
  return [...chains.map((c) => c.slice(0, half)), ...chains.map((c) => c.slice(n - half))];
}

/**
 * The `p`-quantile of all draws pooled, with R's default definition (type 7): with the
 * values sorted, x₍₁₎ ≤ … ≤ x₍ₙ₎, and h = (n - 1)p, the quantile is
 * x₍⌊h⌋+1₎ + (h - ⌊h⌋)(x₍⌊h⌋+2₎ - x₍⌊h⌋+1₎). NaN if any draw is NaN.
 * @param draws One array of values, or chains × draws.
 * @param p The probability, in [0, 1].
 * @throws {@link ArgumentError} if there are no values or `p` is outside [0, 1].
 * @example
 * ```ts
 * import { quantile } from 'pathwise';
 * quantile([3, 1, 4, 1, 5, 9, 2, 6], 0.25); // 1.75
 * quantile([[3, 1, 4, 1], [5, 9, 2, 6]], 0.9); // 6.9
 * ```
 */
export function quantile(draws: ArrayLike<number> | Draws, p: number): number {
  if (!(p >= 0 && p <= 1))
    throw new ArgumentError('quantile', `p must be a probability in [0, 1], got ${p}`);
  const flat = draws.length > 0 && typeof draws[0] === 'number';
  const chains = flat
    ? [Float64Array.from(draws as ArrayLike<number>)]
    : chainsOf('quantile', draws as Draws, 1);
  return pooledQuantile(chains, p);
}

/**
 * Rank normalization: each draw is replaced by z = Φ⁻¹((r - 3/8)/(S + 1/4)), where r is
 * its rank among all S draws pooled over chains (1 for the smallest; tied draws share
 * the average of their ranks) and Φ⁻¹ is the standard normal quantile (Blom's offset
 * 3/8). The result has the chains' shape and is normal whatever the draws' distribution,
 * so R-hat and ESS computed from it exist even without a finite mean or variance.
 * NaN draws stay NaN.
 * @throws {@link ArgumentError} if `draws` is not chains × draws.
 * @example
 * ```ts
 * import { rankNormalize } from 'pathwise';
 * // ranks 1, 2.5, 4, 2.5, 5, 6 of S = 6 draws: Φ⁻¹ of 0.1, 0.34, 0.58, 0.34, 0.74, 0.9
 * const z = rankNormalize([[1, 2, 3], [2, 5, 9]]);
 * z[0][0]; // ≈ -1.2815516
 * z[1][2]; // ≈ 1.2815516
 * z[0][1] === z[1][0]; // true
 * ```
 */
export function rankNormalize(draws: Draws): Float64Array[] {
  return zScale(chainsOf('rankNormalize', draws, 1));
}

function zScale(chains: readonly Float64Array[]): Float64Array[] {
  const sorted = pooled(chains).sort(); // NaNs sort last and take no rank from the others
  const S = sorted.length;
  return chains.map((c) => {
    const z = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const x = c[i];
      if (Number.isNaN(x)) z[i] = NaN;
      else {
        const r = (countBelow(sorted, x, false) + countBelow(sorted, x, true) + 1) / 2;
        z[i] = ndtri((r - 3 / 8) / (S + 1 / 4));
      }
    }
    return z;
  });
}

/** The number of `sorted` values < x (or ≤ x when `inclusive`), by bisection. */
function countBelow(sorted: Float64Array, x: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------
// R-hat

/**
 * R-hat of chains as given: with n draws per chain, W the mean of the within-chain
 * variances and B/n the variance of the chain means,
 * R̂ = sqrt(((n - 1)/n · W + B/n) / W).
 */
function rhatOf(chains: readonly Float64Array[]): number {
  if (degenerate(chains)) return NaN;
  const n = chains[0].length;
  const B = n * varianceOf(chains.map(meanOf));
  const W = meanOf(chains.map(varianceOf));
  return Math.sqrt((B / W + n - 1) / n);
}

/**
 * Bulk R-hat: the split R-hat of the rank-normalized draws, sqrt(((n - 1)/n · W + B/n) / W)
 * over the split chains (W the mean within-chain variance, B/n the variance of the chain
 * means). Detects chains whose locations differ. NaN if a draw is NaN or all are equal.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { rhatBulk } from 'pathwise';
 * rhatBulk([[1, 2, 3, 4], [5, 6, 7, 8]]) > 1.5; // true: the chains do not overlap
 * ```
 */
export function rhatBulk(draws: Draws): number {
  return rhatOf(zScale(splitChains(chainsOf('rhatBulk', draws, MIN_DRAWS))));
}

/**
 * Folded R-hat: the bulk R-hat of |x - median(x)| (median over all draws). Detects chains
 * with the same location but different scales, which the bulk R-hat misses.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { rhatFolded, rhatBulk } from 'pathwise';
 * const narrow = [-0.2, 0.1, -0.1, 0.2, 0, 0.1], wide = [-2, 1, -1, 2, 0.05, -0.05];
 * rhatBulk([narrow, wide]) < 1.1; // true
 * rhatFolded([narrow, wide]) > 1.1; // true
 * ```
 */
export function rhatFolded(draws: Draws): number {
  return rhatOf(zScale(splitChains(folded(chainsOf('rhatFolded', draws, MIN_DRAWS)))));
}

function folded(chains: readonly Float64Array[]): Float64Array[] {
  const median = pooledQuantile(chains, 0.5);
  return chains.map((c) => c.map((x) => Math.abs(x - median)));
}

/**
 * The rank-normalized split R-hat of Vehtari et al. (2021): the larger of
 * {@link rhatBulk} and {@link rhatFolded}. Near 1 when the chains agree; values above
 * 1.01 say the chains have not mixed (or need more draws). NaN if a draw is NaN or all
 * draws are equal, as in `posterior`.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { rhat, rng } from 'pathwise';
 * const r = rng(0);
 * const good = [0, 1, 2, 3].map(() => Array.from({ length: 500 }, () => r.normal()));
 * rhat(good) < 1.01; // true
 * const stuck = good.map((c, i) => c.map((x) => x + i));
 * rhat(stuck) > 1.1; // true
 * rhat([[1, 1, 1, 1], [1, 1, 1, 1]]); // NaN: constant draws
 * ```
 */
export function rhat(draws: Draws): number {
  const chains = chainsOf('rhat', draws, MIN_DRAWS);
  const bulk = rhatOf(zScale(splitChains(chains)));
  return Math.max(bulk, rhatOf(zScale(splitChains(folded(chains)))));
}

// ---------------------------------------------------------------------------------
// Autocovariance and effective sample size

/**
 * The autocovariances of one sequence at every lag t = 0 … n-1, with the "biased"
 * divisor n that Geyer (1992) recommends: γ̂_t = (1/n) Σ_{i<n-t} (x_i - x̄)(x_{i+t} - x̄).
 * Computed with a zero-padded radix-2 FFT, O(n log n); γ̂_0 is the exact sum.
 * @example
 * ```ts
 * import { autocovariance } from 'pathwise';
 * Array.from(autocovariance([1, 2, 3, 4])); // ≈ [1.25, 0.3125, -0.375, -0.5625]
 * ```
 */
export function autocovariance(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const m = meanOf(x);
  let size = 1;
  while (size < 2 * n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    re[i] = x[i] - m;
    ss += re[i] * re[i];
  }
  if (ss === 0) return new Float64Array(n);
  fft(re, im);
  for (let k = 0; k < size; k++) {
    re[k] = re[k] * re[k] + im[k] * im[k];
    im[k] = 0;
  }
  // the power spectrum is real and even, so its inverse transform is its forward one / size
  fft(re, im);
  // scale so that lag 0 is exactly ss / n (what posterior does; the FFT scale cancels)
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = (re[t] / re[0]) * (ss / n);
  return out;
}

/** In-place iterative radix-2 FFT (length a power of 2), X_k = Σ x_j e^{-2πi jk/N}. */
function fft(re: Float64Array, im: Float64Array): void {
  const N = re.length;
  for (let i = 1, j = 0; i < N; i++) {
    let bit = N >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = re[i];
      re[i] = re[j];
      re[j] = r;
      const m = im[i];
      im[i] = im[j];
      im[j] = m;
    }
  }
  const [cos, sin] = twiddles(N);
  for (let len = 2; len <= N; len *= 2) {
    const half = len / 2;
    const step = N / len;
    for (let start = 0; start < N; start += len) {
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const wr = cos[k * step];
        const wi = sin[k * step];
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

const twiddleCache = new Map<number, [Float64Array, Float64Array]>();

/** cos and sin of -2πk/N for k < N/2, computed once per N. */
function twiddles(N: number): [Float64Array, Float64Array] {
  let t = twiddleCache.get(N);
  if (t === undefined) {
    const cos = new Float64Array(N / 2);
    const sin = new Float64Array(N / 2);
    for (let k = 0; k < N / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / N);
      sin[k] = -Math.sin((2 * Math.PI * k) / N);
    }
    t = [cos, sin];
    twiddleCache.set(N, t);
  }
  return t;
}

/**
 * @internal ESS of chains as given (posterior's `.ess`). With W the mean within-chain variance,
 * var⁺ = (n-1)/n · W + var(chain means) and γ̄_t the chains' mean autocovariance, the
 * multi-chain autocorrelation is ρ̂_t = 1 - (W - γ̄_t)/var⁺. Geyer's initial positive
 * sequence truncates the sum where a pair ρ̂_{2k} + ρ̂_{2k+1} turns negative, the initial
 * monotone sequence makes the pair sums non-increasing, and
 * ESS = mn / τ̂ with τ̂ = -1 + 2 Σ_{t<T} ρ̂_t + ρ̂_T, τ̂ ≥ 1/log10(mn).
 */
export function essOf(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = chains[0].length;
  if (n < 3 || degenerate(chains)) return NaN;
  const acov = new Float64Array(n);
  for (const c of chains) autocovariance(c).forEach((g, t) => (acov[t] += g / m));
  const W = (acov[0] * n) / (n - 1);
  const varPlus = (W * (n - 1)) / n + (m > 1 ? varianceOf(chains.map(meanOf)) : 0);
  const rhoAt = (t: number): number => 1 - (W - acov[t]) / varPlus;

  // Geyer's initial positive sequence (indices as in posterior, 0-based)
  const rho = new Float64Array(n);
  let t = 0;
  let even = 1;
  let odd = rhoAt(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && even + odd > 0) {
    t += 2;
    even = rhoAt(t);
    odd = rhoAt(t + 1);
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even; // for the improved estimate below
  // Geyer's initial monotone sequence
  for (t = 2; t <= maxT - 2; t += 2) {
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  // the truncated sum averaged over truncation at maxT and maxT + 1 (less variance for
  // antithetic chains), and capped so that ESS ≤ mn·log10(mn). When no pair after the
  // first was examined (maxT = 0: split chains of ≤ 5 draws), posterior's R code
  // `sum(rho_hat_t[1:max_t])` still adds ρ̂_0 (1:0 is c(1, 0) in R), giving τ̂ = 2; we
  // keep that conservative figure (ArviZ's sum is empty there, and it reports the cap).
  let sum = 0;
  for (t = 0; t < Math.max(maxT, 1); t++) sum += rho[t];
  const S = m * n;
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(S));
  return S / tau;
}

/**
 * Bulk effective sample size: the ESS of the rank-normalized split chains. How many
 * independent draws the chains are worth for estimates in the bulk of the distribution
 * (mean, median); meaningful even when the mean or variance does not exist. NaN if a
 * draw is NaN, all draws are equal, or the split chains have fewer than 3 draws
 * (chains of 4 or 5 draws).
 *
 * The ESS of m chains of n draws is mn/τ̂, where τ̂ = -1 + 2 Σ ρ̂_t sums the multi-chain
 * autocorrelations ρ̂_t = 1 - (W - γ̄_t)/var⁺ (W the mean within-chain variance, γ̄_t
 * the chains' mean autocovariance at lag t, var⁺ = (n-1)/n·W + var(chain means)),
 * truncated by Geyer's initial monotone sequence; τ̂ is kept ≥ 1/log10(mn).
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { essBulk, rng } from 'pathwise';
 * const r = rng(1);
 * const iid = [0, 1, 2, 3].map(() => Array.from({ length: 500 }, () => r.normal()));
 * Math.abs(essBulk(iid) / 2000 - 1) < 0.15; // true: iid draws are worth about their number
 * ```
 */
export function essBulk(draws: Draws): number {
  return essOf(zScale(splitChains(chainsOf('essBulk', draws, MIN_DRAWS))));
}

/**
 * Tail effective sample size: the smaller of the ESS of the indicators I(x ≤ q₀.₀₅) and
 * I(x ≤ q₀.₉₅) over the split chains, where q_p are the quantiles of all draws. How
 * well the chains pin down the 5% and 95% quantiles. NaN if a draw is not finite or all
 * draws are equal.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { essTail, rng } from 'pathwise';
 * const r = rng(2);
 * const iid = [0, 1, 2, 3].map(() => Array.from({ length: 500 }, () => r.normal()));
 * Math.abs(essTail(iid) / 2000 - 1) < 0.2; // true
 * ```
 */
export function essTail(draws: Draws): number {
  const chains = chainsOf('essTail', draws, MIN_DRAWS);
  if (degenerate(chains)) return NaN;
  const essBelow = (p: number): number => {
    const q = pooledQuantile(chains, p);
    return essOf(splitChains(chains.map((c) => c.map((x) => (x <= q ? 1 : 0)))));
  };
  return Math.min(essBelow(0.05), essBelow(0.95));
}

/**
 * Effective sample size for the mean: the ESS of the split chains as they are (not
 * rank-normalized), the figure behind {@link mcseMean}. Unreliable when the variance is
 * infinite (use {@link essBulk} then). NaN if a draw is not finite or all are equal.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { essMean } from 'pathwise';
 * essMean([[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]]); // 6: trending chains are worth less
 * ```
 */
export function essMean(draws: Draws): number {
  return essOf(splitChains(chainsOf('essMean', draws, MIN_DRAWS)));
}

/**
 * Monte-Carlo standard error of the mean of all draws: sd / sqrt({@link essMean}), with
 * sd the sample standard deviation of the pooled draws. The posterior mean is known to
 * about ± 2 MCSE.
 * @throws {@link ArgumentError} if `draws` is not chains × draws with at least 4 draws per chain.
 * @example
 * ```ts
 * import { mcseMean, rng } from 'pathwise';
 * const r = rng(3);
 * const iid = [0, 1, 2, 3].map(() => Array.from({ length: 2500 }, () => r.normal(0, 2)));
 * Math.abs(mcseMean(iid) - 0.02) < 0.002; // true: 2 / sqrt(10000)
 * ```
 */
export function mcseMean(draws: Draws): number {
  const chains = chainsOf('mcseMean', draws, MIN_DRAWS);
  return Math.sqrt(varianceOf(pooled(chains))) / Math.sqrt(essOf(splitChains(chains)));
}
