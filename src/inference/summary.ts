/**
 * The summary table of MCMC draws: per scalar element of each site, the mean, sd,
 * quantiles, MCSE, bulk and tail ESS and R-hat (as ArviZ's and NumPyro's summaries).
 * @module
 */
import { ArgumentError, type Tensor } from '../autodiff/index.js';
import { essBulk, essTail, mcseMean, quantile, rhat } from './diagnostics.js';

/**
 * One row of a {@link Summary}: the statistics of one scalar element of one site,
 * over all chains and draws.
 * @example
 * ```ts
 * import { summary, rng, type SummaryRow } from 'pathwise';
 * const row: SummaryRow = summary({ mu: rng(0).tensor([4, 200], (r) => r.normal(3, 1)) }).rows[0];
 * [row.name, Math.abs(row.mean - 3) < 0.1]; // ['mu', true]
 * ```
 */
export interface SummaryRow {
  /** The site name, with the element's index for non-scalar sites: `theta[0,1]`. */
  readonly name: string;
  /** The mean of all draws. */
  readonly mean: number;
  /** The standard deviation of all draws (divisor n - 1). */
  readonly sd: number;
  /** The 5% quantile of all draws (R's type 7, as every quantile here). */
  readonly q5: number;
  /** The median of all draws. */
  readonly q50: number;
  /** The 95% quantile of all draws. */
  readonly q95: number;
  /** Monte-Carlo standard error of the mean, see {@link mcseMean}. */
  readonly mcseMean: number;
  /** Bulk effective sample size, see {@link essBulk}. */
  readonly essBulk: number;
  /** Tail effective sample size, see {@link essTail}. */
  readonly essTail: number;
  /** Rank-normalized split R-hat, see {@link rhat}. */
  readonly rhat: number;
}

/**
 * Options of {@link summary}.
 * @example
 * ```ts
 * import { summary, rng, type SummaryOptions } from 'pathwise';
 * const o: SummaryOptions = { divergences: 3, digits: 3 };
 * summary({ mu: rng(0).tensor([2, 50], (r) => r.normal()) }, o).toString().endsWith('Number of divergences: 3'); // true
 * ```
 */
export interface SummaryOptions {
  /** Divergent transitions of the run; when given, the table ends with their number. */
  divergences?: number;
  /** Decimals of the mean, sd, quantiles and MCSE columns (default 2). */
  digits?: number;
}

/** Node's hook for `console.log` / `util.inspect` (a plain registered symbol elsewhere). */
const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The result of {@link summary}: one {@link SummaryRow} per scalar element, and a
 * `toString()` that lays them out as an aligned table (also what `console.log` shows).
 * ESS is printed rounded to an integer, R-hat with 2 decimals.
 * @example
 * ```ts
 * import { summary, tensor, type Summary } from 'pathwise';
 * const s: Summary = summary({ x: tensor([[1, 2, 3, 4], [2, 3, 4, 5]]) });
 * s.rows.length; // 1
 * ```
 */
export class Summary {
  /** The rows, site by site in the order of the samples' keys, elements row-major. */
  readonly rows: readonly SummaryRow[];
  /** The number of divergent transitions, if it was given. */
  readonly divergences: number | undefined;
  /** Decimals of the mean, sd, quantiles and MCSE columns. */
  readonly digits: number;

  constructor(rows: readonly SummaryRow[], options: SummaryOptions = {}) {
    const { divergences, digits = 2 } = options;
    if (divergences !== undefined && !(Number.isInteger(divergences) && divergences >= 0))
      throw new ArgumentError(
        'summary',
        `divergences must be a non-negative integer, got ${divergences}`,
      );
    if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20))
      throw new ArgumentError('summary', `digits must be an integer in [0, 20], got ${digits}`);
    this.rows = rows;
    this.divergences = divergences;
    this.digits = digits;
  }

  /** The table: a header, one line per row, and the number of divergences if known. */
  toString(): string {
    const header = [
      '',
      'mean',
      'sd',
      '5%',
      '50%',
      '95%',
      'mcse_mean',
      'ess_bulk',
      'ess_tail',
      'r_hat',
    ];
    const d = this.digits;
    const cells = this.rows.map((r) => [
      r.name,
      ...[r.mean, r.sd, r.q5, r.q50, r.q95, r.mcseMean].map((v) => fixed(v, d)),
      fixed(r.essBulk, 0),
      fixed(r.essTail, 0),
      fixed(r.rhat, 2),
    ]);
    const table = [header, ...cells];
    const widths = header.map((_, j) => Math.max(...table.map((line) => line[j].length)));
    const lines = table.map((line) =>
      line
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
        .join('  '),
    );
    if (this.divergences !== undefined)
      lines.push('', `Number of divergences: ${this.divergences}`);
    return lines.join('\n');
  }

  /** @internal `console.log(summary)` prints the table. */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/** `v` with `digits` decimals; NaN and ±Infinity as words, and no "-0.00". */
function fixed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(digits);
  return /^-[0.]*$/.test(s) ? s.slice(1) : s;
}

/**
 * Summarizes MCMC draws: for each site of `samples`, a tensor of shape
 * `[chains, draws, ...siteShape]`, one row per scalar element with the mean, sd, 5%,
 * 50% and 95% quantiles, the MCSE of the mean, bulk and tail ESS and R-hat (Vehtari et
 * al. 2021; see {@link rhat}, {@link essBulk}, {@link essTail}, {@link mcseMean}).
 * Elements of non-scalar sites are named `name[i]`, `name[i,j]`, … (0-based). Print the
 * result to see the table. Constant elements get NaN R-hat and ESS rather than an error.
 * @param samples Draws per site, shaped `[chains, draws, ...siteShape]`.
 * @param options `divergences` to report (default: not shown), `digits` (default 2).
 * @throws {@link ArgumentError} if a site has fewer than 2 axes or fewer than 4 draws per chain.
 * @example
 * ```ts
 * import { summary, tensor } from 'pathwise';
 * const s = summary(
 *   { mu: tensor([[0.1, -0.4, 0.3, 0.2, -0.1, 0.5], [0.2, 0.0, -0.3, 0.4, 0.1, -0.2]]) },
 *   { divergences: 0 },
 * );
 * console.log(s.toString()); // mean sd 5% 50% 95% mcse_mean ess_bulk ess_tail r_hat
 * s.rows[0].mean; // ≈ 0.06666667
 * ```
 */
export function summary(samples: Record<string, Tensor>, options: SummaryOptions = {}): Summary {
  const rows: SummaryRow[] = [];
  for (const [name, t] of Object.entries(samples)) {
    const [chains, draws, ...site] = t.shape;
    if (t.rank < 2 || chains < 1 || draws < 4)
      throw new ArgumentError(
        'summary',
        `samples['${name}'] must have shape [chains, draws, ...siteShape] with at least 1 chain and 4 draws per chain, got shape [${t.shape.join(', ')}]`,
      );
    const size = t.size / (chains * draws);
    for (let k = 0; k < size; k++) {
      const perChain = Array.from({ length: chains }, (_, c) => {
        const x = new Float64Array(draws);
        for (let i = 0; i < draws; i++) x[i] = t.data[(c * draws + i) * size + k];
        return x;
      });
      rows.push(rowOf(site.length === 0 ? name : `${name}[${unravel(k, site)}]`, perChain));
    }
  }
  return new Summary(rows, options);
}

function rowOf(name: string, chains: Float64Array[]): SummaryRow {
  const n = chains.length * chains[0].length;
  let sum = 0;
  for (const c of chains) for (const v of c) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const c of chains) for (const v of c) ss += (v - mean) * (v - mean);
  return {
    name,
    mean,
    sd: Math.sqrt(ss / (n - 1)),
    q5: quantile(chains, 0.05),
    q50: quantile(chains, 0.5),
    q95: quantile(chains, 0.95),
    mcseMean: mcseMean(chains),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
    rhat: rhat(chains),
  };
}

/** The row-major multi-index of flat position `k` in `shape`, as "i,j,…". */
function unravel(k: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(k % shape[a]);
    k = Math.floor(k / shape[a]);
  }
  return idx.join(',');
}
