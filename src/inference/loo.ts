/**
 * Predictive model comparison from pointwise log-likelihoods: WAIC (Watanabe 2010) and
 * Pareto-smoothed importance-sampling leave-one-out cross-validation, PSIS-LOO
 * (Vehtari, Gelman & Gabry 2017; Vehtari, Simpson, Gelman, Yao & Gabry 2024), with the
 * Pareto k̂ diagnostic, and a comparison table. The algorithm and defaults follow R's
 * `loo` package 2.5 (checked against it to 1e-6 in the tests).
 * @module
 */
import {
  ArgumentError,
  ShapeError,
  toTensor,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { essOf } from './diagnostics.js';

/**
 * Totals of an information criterion: sums over observations with their standard
 * errors `sqrt(n · var(pointwise))`.
 * @example
 * ```ts
 * import { waic, type IcEstimates } from 'pathwise';
 * const e: IcEstimates = waic([[-1, -2], [-1, -2]]).estimates;
 * [e.elpd, e.pEff, e.ic]; // [-3, 0, 6]
 * ```
 */
export interface IcEstimates {
  /** Expected log pointwise predictive density, Σᵢ elpdᵢ. */
  readonly elpd: number;
  /** Its standard error. */
  readonly seElpd: number;
  /** Effective number of parameters, Σᵢ pᵢ. */
  readonly pEff: number;
  /** Its standard error. */
  readonly sePEff: number;
  /** The criterion on the deviance scale, -2·elpd (looic or waic). */
  readonly ic: number;
  /** Its standard error. */
  readonly seIc: number;
}

/**
 * The result of {@link loo} or {@link waic}.
 * @example
 * ```ts
 * import { loo, type IcResult } from 'pathwise';
 * const ll = Array.from({ length: 100 }, (_, s) => [-1 - (s % 7) / 10, -2 + (s % 5) / 10]);
 * const r: IcResult = loo(ll);
 * [r.method, r.pointwise.elpd.length, r.paretoK?.length]; // ['loo', 2, 2]
 * ```
 */
export interface IcResult {
  /** `'loo'` (PSIS-LOO) or `'waic'`. */
  readonly method: 'loo' | 'waic';
  /** Number of draws S and observations n. */
  readonly draws: number;
  readonly observations: number;
  /** The totals. */
  readonly estimates: IcEstimates;
  /** Per observation: elpdᵢ, pᵢ and the criterion -2·elpdᵢ. */
  readonly pointwise: {
    readonly elpd: Float64Array;
    readonly pEff: Float64Array;
    readonly ic: Float64Array;
  };
  /** PSIS only: the Pareto shape estimate k̂ᵢ of each observation's importance ratios. */
  readonly paretoK?: Float64Array;
  /** PSIS only: effective sample size of each observation's smoothed weights (times r_eff). */
  readonly nEff?: Float64Array;
  /** Diagnostic warnings (k̂ > 0.7, k̂ > 0.5, p_waic > 0.4), also printed unless `quiet`. */
  readonly warnings: readonly string[];
  /** A printable summary. */
  toString(): string;
}

/**
 * Options of {@link loo} and {@link waic}.
 * @example
 * ```ts
 * import { type IcOptions } from 'pathwise';
 * const o: IcOptions = { rEff: 0.8, quiet: true };
 * o.rEff; // 0.8
 * ```
 */
export interface IcOptions {
  /**
   * Relative efficiency of the draws, ESS / S (one number or one per observation;
   * default 1, as for independent draws). Only PSIS uses it: it sets the tail length
   * ⌈min(0.2·S, 3·sqrt(S / r_eff))⌉. For MCMC draws, `essMean` of `exp(ll_i)` over S.
   */
  rEff?: number | readonly number[];
  /**
   * Number of chains the draws come from, chain-major (draw `c·D + d` is chain c, draw d,
   * as {@link mergeChains} and {@link logLikelihood} of an `mcmc` result lay them out):
   * then `rEff` defaults to {@link relativeEff} of the log-likelihoods.
   */
  chains?: number;
  /** Do not print the diagnostic warnings with `console.warn` (default false). */
  quiet?: boolean;
}

/** Pointwise log-likelihoods as columns (one Float64Array of S draws per observation). */
interface Columns {
  readonly S: number;
  readonly cols: Float64Array[];
}

/**
 * Reads `[draws, observations...]` log-likelihoods, or a record of them (from
 * {@link logLikelihood}: sites concatenated, each flattened past the draw axis).
 */
function columnsOf(x: TensorLike | Readonly<Record<string, TensorLike>>, op: string): Columns {
  const parts: Tensor[] =
    x !== null &&
    typeof x === 'object' &&
    !Array.isArray(x) &&
    !ArrayBuffer.isView(x) &&
    !('shape' in x)
      ? Object.entries(x).map(([k, v]) => toTensor(v, op, k))
      : [toTensor(x as TensorLike, op, 'logLik')];
  if (parts.length === 0) throw new ArgumentError(op, 'logLik has no sites');
  const S = parts[0].shape[0];
  const cols: Float64Array[] = [];
  for (const t of parts) {
    if (t.rank < 2 || t.shape[0] !== S || S < 2) {
      throw new ShapeError(
        op,
        `logLik must be [draws, observations...] with the same draws (>= 2) in every site, got [${t.shape.join(',')}]`,
      );
    }
    const n = t.size / S;
    for (let i = 0; i < n; i++)
      cols.push(Float64Array.from({ length: S }, (_, s) => t.data[s * n + i]));
  }
  return { S, cols };
}

function logSumExp(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return m + Math.log(s);
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance (divisor n - 1). */
function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

/** Sum and its standard error sqrt(n · var). */
function total(x: Float64Array): [number, number] {
  return [x.reduce((a, b) => a + b, 0), Math.sqrt(x.length * variance(x))];
}

/**
 * Fits a generalized Pareto distribution to exceedances `x` (sorted ascending, > 0) by
 * the empirical-Bayes profile method of Zhang & Stephens (2009) with a weakly
 * informative prior on k (shrinkage toward 0.5 by 10 pseudo-observations), as loo's
 * `gpdfit`. Returns the shape k and scale σ.
 */
function gpdFit(x: Float64Array): { k: number; sigma: number } {
  const n = x.length;
  const prior = 3;
  const m = 30 + Math.floor(Math.sqrt(n));
  const xstar = x[Math.floor(n / 4 + 0.5) - 1];
  const theta = new Float64Array(m);
  const lTheta = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    theta[j] = 1 / x[n - 1] + (1 - Math.sqrt(m / (j + 0.5))) / prior / xstar;
    const a = -theta[j];
    let kk = 0;
    for (let i = 0; i < n; i++) kk += Math.log1p(a * x[i]);
    kk /= n;
    lTheta[j] = n * (Math.log(a / kk) - kk - 1);
  }
  const lse = logSumExp(lTheta);
  let thetaHat = 0;
  for (let j = 0; j < m; j++) thetaHat += theta[j] * Math.exp(lTheta[j] - lse);
  let k = 0;
  for (let i = 0; i < n; i++) k += Math.log1p(-thetaHat * x[i]);
  k /= n;
  const sigma = -k / thetaHat;
  k = (k * n) / (n + 10) + (10 * 0.5) / (n + 10);
  return { k: Number.isNaN(k) ? Infinity : k, sigma };
}

/** Pareto-smooths one observation's log importance ratios; returns the log weights and k̂. */
function psisColumn(logRatios: Float64Array, tailLen: number): { lw: Float64Array; k: number } {
  const S = logRatios.length;
  let max = -Infinity;
  for (const v of logRatios) if (v > max) max = v;
  const lw = logRatios.map((v) => v - max);
  let k = Infinity;
  if (tailLen >= 5) {
    const order = Array.from({ length: S }, (_, i) => i).sort((a, b) => lw[a] - lw[b]);
    const tail = order.slice(S - tailLen);
    const lo = lw[tail[0]];
    const hi = lw[tail[tailLen - 1]];
    if (Math.abs(hi - lo) >= Number.EPSILON / 100) {
      const cutoff = Math.exp(lw[order[S - tailLen - 1]]);
      const fit = gpdFit(Float64Array.from(tail, (i) => Math.exp(lw[i]) - cutoff));
      k = fit.k;
      if (Number.isFinite(k)) {
        tail.forEach((idx, j) => {
          const p = (j + 1 - 0.5) / tailLen;
          const q = fit.sigma > 0 ? (fit.sigma * Math.expm1(-k * Math.log1p(-p))) / k : NaN;
          lw[idx] = Math.log(q + cutoff);
        });
      }
    }
  }
  for (let i = 0; i < S; i++) lw[i] = Math.min(lw[i], 0) + max;
  return { lw, k };
}

/**
 * Relative efficiency of each observation's likelihood draws, `ESS(p(yᵢ | θ)) / S`, from
 * chain-major draws of `chains` chains (R loo's `relative_eff(exp(ll), chain_id)`): the
 * ESS of chains as given (not split), Geyer's initial monotone sequence; the likelihood
 * is scaled by its maximum first, which leaves the ESS unchanged and avoids underflow.
 * Equal to R's when the draws per chain have no prime factors but 2, 3 and 5 (R's FFT
 * padding rescales the autocovariances otherwise).
 * @throws {@link ArgumentError} unless `chains` divides the number of draws.
 * @example
 * ```ts
 * import { relativeEff, rng } from 'pathwise';
 * const r = rng(0);
 * const ll = Array.from({ length: 400 }, () => [r.normal() - 1, r.normal() - 2]);
 * const e = relativeEff(ll, 4);
 * e.length === 2 && e.every((v) => v > 0.8 && v < 1.25); // true: independent draws
 * ```
 */
export function relativeEff(
  logLik: TensorLike | Readonly<Record<string, TensorLike>>,
  chains: number,
): Float64Array {
  const { S, cols } = columnsOf(logLik, 'relativeEff');
  if (!Number.isInteger(chains) || chains < 1 || S % chains !== 0)
    throw new ArgumentError(
      'relativeEff',
      `chains must be a positive integer dividing the ${S} draws, got ${chains}`,
    );
  const n = S / chains;
  return Float64Array.from(cols, (ll) => {
    let max = -Infinity;
    for (const v of ll) if (v > max) max = v;
    const lik = ll.map((v) => Math.exp(v - max));
    return essOf(Array.from({ length: chains }, (_, c) => lik.subarray(c * n, (c + 1) * n))) / S;
  });
}

function rEffs(rEff: IcOptions['rEff'], n: number): number[] {
  const r =
    typeof rEff === 'number' || rEff === undefined
      ? new Array<number>(n).fill(rEff ?? 1)
      : [...rEff];
  if (r.length !== n || r.some((v) => !(v > 0)))
    throw new ArgumentError(
      'loo',
      `rEff must be positive, one number or one per observation (${n}), got ${String(rEff)}`,
    );
  return r;
}

function finish(
  method: 'loo' | 'waic',
  S: number,
  elpd: Float64Array,
  pEff: Float64Array,
  extra: { paretoK?: Float64Array; nEff?: Float64Array; warnings: string[]; quiet?: boolean },
): IcResult {
  const ic = elpd.map((v) => -2 * v);
  const [e, se] = total(elpd);
  const [p, seP] = total(pEff);
  const [c, seC] = total(ic);
  const estimates = { elpd: e, seElpd: se, pEff: p, sePEff: seP, ic: c, seIc: seC };
  if (!extra.quiet) for (const w of extra.warnings) console.warn(w);
  const name = method === 'loo' ? 'looic' : 'waic';
  const line = (label: string, v: number, s: number): string =>
    `${label.padEnd(10)} ${v.toFixed(1).padStart(9)} ${s.toFixed(1).padStart(7)}`;
  return {
    method,
    draws: S,
    observations: elpd.length,
    estimates,
    pointwise: { elpd, pEff, ic },
    paretoK: extra.paretoK,
    nEff: extra.nEff,
    warnings: extra.warnings,
    toString: () =>
      [
        `${method === 'loo' ? 'PSIS-LOO' : 'WAIC'}: ${S} draws, ${elpd.length} observations`,
        `${''.padEnd(10)} ${'Estimate'.padStart(9)} ${'SE'.padStart(7)}`,
        line(`elpd_${method}`, e, se),
        line(`p_${method}`, p, seP),
        line(name, c, seC),
        ...(extra.paretoK ? [kTable(extra.paretoK)] : []),
      ].join('\n'),
  };
}

function kTable(k: Float64Array): string {
  const count = (lo: number, hi: number): number => k.filter((v) => v > lo && v <= hi).length;
  return `Pareto k: ${count(-Infinity, 0.5)} good (<= 0.5), ${count(0.5, 0.7)} ok (0.5, 0.7], ${count(0.7, 1)} bad (0.7, 1], ${count(1, Infinity)} very bad (> 1)`;
}

/**
 * PSIS-LOO: the leave-one-out expected log predictive density from one set of posterior
 * draws. For each observation i the importance ratios `rₛ = 1 / p(yᵢ | θₛ)` have their
 * largest M = ⌈min(0.2·S, 3·sqrt(S / r_eff))⌉ values replaced by expected order
 * statistics of a generalized Pareto fit (shape k̂ᵢ), weights are truncated at the raw
 * maximum and normalized, and `elpdᵢ = log Σₛ wₛ p(yᵢ | θₛ)`; `pᵢ = lpdᵢ - elpdᵢ` with
 * `lpdᵢ = log mean_s p(yᵢ | θₛ)`. k̂ᵢ > 0.7 means the estimate for i is unreliable
 * (a warning names those observations); 0.5 < k̂ ≤ 0.7 is a milder warning.
 * @param logLik `[draws, observations...]` pointwise log-likelihoods, or the record
 *   {@link logLikelihood} returns (sites concatenated).
 * @throws {@link ShapeError} for a log-likelihood without a draw axis; {@link ArgumentError}
 *   for a bad `rEff`.
 * @example
 * ```ts
 * import { loo, rng, Normal } from 'pathwise';
 * // draws of mu from N(0.5, 0.2²); y = [0, 1]; log-likelihoods N(y_i; mu, 1)
 * const mus = new Normal(0.5, 0.2).sample([1000], rng(0)).data;
 * const ll = Array.from(mus, (m) => [0, 1].map((y) => new Normal(m, 1).logProb(y).item()));
 * const r = loo(ll);
 * r.estimates.elpd < 0 && Math.max(...r.paretoK!) < 0.5; // true
 * ```
 */
export function loo(
  logLik: TensorLike | Readonly<Record<string, TensorLike>>,
  options: IcOptions = {},
): IcResult {
  const { S, cols } = columnsOf(logLik, 'loo');
  const n = cols.length;
  const r = rEffs(
    options.rEff ??
      (options.chains === undefined ? undefined : [...relativeEff(logLik, options.chains)]),
    n,
  );
  const elpd = new Float64Array(n);
  const pEff = new Float64Array(n);
  const paretoK = new Float64Array(n);
  const nEff = new Float64Array(n);
  cols.forEach((ll, i) => {
    const tailLen = Math.ceil(Math.min(0.2 * S, 3 * Math.sqrt(S / r[i])));
    const { lw, k } = psisColumn(
      ll.map((v) => -v),
      tailLen,
    );
    const norm = logSumExp(lw);
    paretoK[i] = k;
    elpd[i] = logSumExp(ll.map((v, s) => v + lw[s] - norm));
    pEff[i] = logSumExp(ll) - Math.log(S) - elpd[i];
    nEff[i] = r[i] / lw.reduce((a, v) => a + Math.exp(2 * (v - norm)), 0);
  });
  const warnings: string[] = [];
  const bad = [...paretoK.keys()].filter((i) => paretoK[i] > 0.7);
  if (bad.length > 0)
    warnings.push(
      `loo: Pareto k > 0.7 for ${bad.length} of ${n} observations (indices ${bad.join(', ')}): their PSIS estimates are unreliable; refit without them (exact LOO) or use K-fold cross-validation`,
    );
  else if (paretoK.some((k) => k > 0.5))
    warnings.push('loo: some Pareto k are slightly high (0.5, 0.7]: the estimates may be noisy');
  return finish('loo', S, elpd, pEff, { paretoK, nEff, warnings, quiet: options.quiet });
}

/**
 * WAIC, the widely applicable information criterion: `elpdᵢ = lpdᵢ - pᵢ` with
 * `lpdᵢ = log mean_s p(yᵢ | θₛ)` and `pᵢ = var_s log p(yᵢ | θₛ)` (sample variance). Warns
 * when some pᵢ > 0.4 (then prefer {@link loo}).
 * @param logLik as for {@link loo}.
 * @throws {@link ShapeError} for a log-likelihood without a draw axis.
 * @example
 * ```ts
 * import { waic } from 'pathwise';
 * const w = waic([[-1, -2], [-3, -2]], { quiet: true });
 * w.estimates.pEff; // 2: var(-1, -3) + var(-2, -2)
 * ```
 */
export function waic(
  logLik: TensorLike | Readonly<Record<string, TensorLike>>,
  options: IcOptions = {},
): IcResult {
  const { S, cols } = columnsOf(logLik, 'waic');
  const n = cols.length;
  const elpd = new Float64Array(n);
  const pEff = new Float64Array(n);
  cols.forEach((ll, i) => {
    pEff[i] = variance(ll);
    elpd[i] = logSumExp(ll) - Math.log(S) - pEff[i];
  });
  const high = pEff.filter((p) => p > 0.4).length;
  const warnings =
    high > 0 ? [`waic: ${high} of ${n} p_waic estimates are greater than 0.4; prefer loo`] : [];
  return finish('waic', S, elpd, pEff, { warnings, quiet: options.quiet });
}

/**
 * One row of a {@link compare} table.
 * @example
 * ```ts
 * import { compare, waic, type CompareRow } from 'pathwise';
 * const rows: CompareRow[] = compare({ a: waic([[-1], [-1]]), b: waic([[-2], [-2]]) }).rows;
 * rows[0].name; // 'a'
 * ```
 */
export interface CompareRow {
  readonly name: string;
  /** elpd of this model minus the best model's (0 for the best). */
  readonly elpdDiff: number;
  /** Standard error of the difference, sqrt(n · var(elpdᵢ - elpd_best,ᵢ)). */
  readonly seDiff: number;
  /** The model's own estimates. */
  readonly estimates: IcEstimates;
}

/**
 * Ranks models by elpd (best first), R's `loo_compare`: each row's difference to the
 * best model and the standard error of that difference from the paired pointwise
 * differences (a difference within about 2 SE is not decisive). The results must
 * share the method and the observations.
 * @throws {@link ArgumentError} for fewer than two models, mixed methods or different
 *   numbers of observations.
 * @example
 * ```ts
 * import { compare, waic } from 'pathwise';
 * const a = waic([[-1, -1], [-1.2, -0.8]], { quiet: true });
 * const b = waic([[-2, -1], [-2.5, -1]], { quiet: true });
 * const t = compare({ a, b });
 * t.rows.map((r) => r.name); // ['a', 'b']
 * t.rows[1].elpdDiff < 0; // true
 * ```
 */
export function compare(results: Readonly<Record<string, IcResult>>): {
  rows: CompareRow[];
  toString(): string;
} {
  const entries = Object.entries(results);
  if (entries.length < 2)
    throw new ArgumentError('compare', `needs at least two models, got ${entries.length}`);
  const [, first] = entries[0];
  for (const [name, r] of entries) {
    if (r.method !== first.method || r.observations !== first.observations)
      throw new ArgumentError(
        'compare',
        `model '${name}' has method ${r.method} with ${r.observations} observations; '${entries[0][0]}' has ${first.method} with ${first.observations}`,
      );
  }
  entries.sort((a, b) => b[1].estimates.elpd - a[1].estimates.elpd);
  const best = entries[0][1].pointwise.elpd;
  const rows = entries.map(([name, r]) => {
    const d = r.pointwise.elpd.map((v, i) => v - best[i]);
    const [elpdDiff, seDiff] = total(d);
    return { name, elpdDiff, seDiff, estimates: r.estimates };
  });
  const m = first.method;
  const head = ['', 'elpd_diff', 'se_diff', `elpd_${m}`, 'se', `p_${m}`, 'se'];
  const width = Math.max(8, ...rows.map((r) => r.name.length));
  const fmt = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(width) : c.padStart(10))).join('');
  return {
    rows,
    toString: () =>
      [
        fmt(head),
        ...rows.map((r) =>
          fmt([
            r.name,
            ...[
              r.elpdDiff,
              r.seDiff,
              r.estimates.elpd,
              r.estimates.seElpd,
              r.estimates.pEff,
              r.estimates.sePEff,
            ].map((v) => v.toFixed(1)),
          ]),
        ),
      ].join('\n'),
  };
}
