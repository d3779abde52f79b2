import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import { describe, expect, it } from 'vitest';
import { ArgumentError, rng, tensor, type Rng } from '../../src/index.js';
import {
  autocovariance,
  essBulk,
  essMean,
  essTail,
  mcseMean,
  quantile,
  rankNormalize,
  rhat,
  rhatBulk,
  rhatFolded,
  splitChains,
  summary,
} from '../../src/inference/index.js';

// ---------------------------------------------------------------------------------
// Test data

/** `chains` chains of `n` draws, each draw from `draw`. */
function iid(seed: number, chains: number, n: number, draw: (r: Rng) => number): number[][] {
  const r = rng(seed);
  return Array.from({ length: chains }, () => Array.from({ length: n }, () => draw(r)));
}

/** Stationary AR(1) chains x_t = φ x_{t-1} + ε_t, ε ~ N(0, 1), started at stationarity. */
function ar1(seed: number, chains: number, n: number, phi: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: chains }, () => {
    let x = r.normal(0, 1 / Math.sqrt(1 - phi * phi));
    return Array.from({ length: n }, () => (x = phi * x + r.normal()));
  });
}

const Phi = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

// ---------------------------------------------------------------------------------
// An independent reference: a line-by-line transcription of the `posterior` R package
// (R/convergence.R), with R's 1-based indexing kept, direct-sum autocovariances, ranks by
// a comparison sort and R's quantile(type = 7). Draws are columns = chains, as in R.

/** R's `x[i]` for a 1-based index vector, dropping index 0 (so `1:0` selects x[1]). */
const rIndex = (x: number[], idx: number[]): number[] =>
  idx.filter((i) => i !== 0).map((i) => x[i - 1]);
/** R's `a:b`, which counts down when b < a. */
const rSeq = (a: number, b: number): number[] =>
  a <= b
    ? Array.from({ length: b - a + 1 }, (_, i) => a + i)
    : Array.from({ length: a - b + 1 }, (_, i) => a - i);
const rMean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
const rVar = (x: number[]): number =>
  x.reduce((s, v) => s + (v - rMean(x)) ** 2, 0) / (x.length - 1);

function refQuantile(x: number[], p: number): number {
  const s = [...x].sort((a, b) => a - b);
  const index = 1 + (s.length - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const h = index - lo;
  return index > lo && s[hi - 1] !== s[lo - 1] ? (1 - h) * s[lo - 1] + h * s[hi - 1] : s[lo - 1];
}

function refSplit(cols: number[][]): number[][] {
  const niter = cols[0].length;
  const half = niter / 2;
  const first = cols.map((c) => rIndex(c, rSeq(1, Math.floor(half))));
  const second = cols.map((c) => rIndex(c, rSeq(Math.ceil(half + 1), niter)));
  return [...first, ...second];
}

function refZScale(cols: number[][]): number[][] {
  const all = cols.flat();
  const order = all.map((_, i) => i).sort((a, b) => all[a] - all[b]);
  const rank = new Array<number>(all.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && all[order[j + 1]] === all[order[i]]) j++;
    for (let k = i; k <= j; k++) rank[order[k]] = (i + 1 + j + 1) / 2; // average of ranks i+1..j+1
    i = j + 1;
  }
  const S = all.length;
  const z = rank.map((r) => -Math.SQRT2 * erfcinv(2 * ((r - 3 / 8) / (S - 2 * (3 / 8) + 1))));
  return cols.map((c, k) => z.slice(k * c.length, (k + 1) * c.length));
}

const refConstant = (cols: number[][]): boolean =>
  Math.abs(Math.max(...cols.flat()) - Math.min(...cols.flat())) < 2.220446049250313e-16;

function refRhat(cols: number[][]): number {
  if (refConstant(cols)) return NaN;
  const niterations = cols[0].length;
  const varBetween = niterations * rVar(cols.map(rMean));
  const varWithin = rMean(cols.map(rVar));
  return Math.sqrt((varBetween / varWithin + niterations - 1) / niterations);
}

/** Direct O(n²) sums, divisor n (Geyer's "biased" estimate). */
function refAutocov(x: number[]): number[] {
  const n = x.length;
  const m = rMean(x);
  return x.map((_, t) => {
    let s = 0;
    for (let i = 0; i + t < n; i++) s += (x[i] - m) * (x[i + t] - m);
    return s / n;
  });
}

function refEss(cols: number[][]): number {
  const nchains = cols.length;
  const niterations = cols[0].length;
  if (niterations < 3 || refConstant(cols)) return NaN;
  const acov = cols.map(refAutocov); // acov[chain][lag]
  const acovMeans = rSeq(1, niterations).map((t) => rMean(acov.map((a) => a[t - 1])));
  const meanVar = (acovMeans[0] * niterations) / (niterations - 1);
  let varPlus = (meanVar * (niterations - 1)) / niterations;
  if (nchains > 1) varPlus += rVar(cols.map(rMean));
  const rho = new Array<number>(niterations).fill(0); // rho[t + 1] in R is rho[t] here
  let t = 0;
  let rhoEven = 1;
  rho[t] = rhoEven;
  let rhoOdd = 1 - (meanVar - acovMeans[t + 1]) / varPlus;
  rho[t + 1] = rhoOdd;
  while (t < niterations - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = 1 - (meanVar - acovMeans[t]) / varPlus;
    rhoOdd = 1 - (meanVar - acovMeans[t + 1]) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  if (rhoEven > 0) rho[maxT] = rhoEven;
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  const ess = nchains * niterations;
  let tauHat = -1 + 2 * rIndex(rho, rSeq(1, maxT)).reduce((s, v) => s + v, 0) + rho[maxT];
  tauHat = Math.max(tauHat, 1 / Math.log10(ess));
  return ess / tauHat;
}

const ref = {
  rhat(x: number[][]): number {
    const median = refQuantile(x.flat(), 0.5);
    const folded = x.map((c) => c.map((v) => Math.abs(v - median)));
    return Math.max(refRhat(refZScale(refSplit(x))), refRhat(refZScale(refSplit(folded))));
  },
  essBulk: (x: number[][]): number => refEss(refZScale(refSplit(x))),
  essMean: (x: number[][]): number => refEss(refSplit(x)),
  essTail(x: number[][]): number {
    const below = (p: number): number => {
      const q = refQuantile(x.flat(), p);
      return refEss(refSplit(x.map((c) => c.map((v) => (v <= q ? 1 : 0)))));
    };
    return Math.min(below(0.05), below(0.95));
  },
};

// ---------------------------------------------------------------------------------

describe('splitChains', () => {
  it('halves each chain, first halves then second halves, dropping the middle draw', () => {
    const halves = splitChains([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]).map((c) => Array.from(c));
    expect(halves).toEqual([
      [1, 2],
      [6, 7],
      [4, 5],
      [9, 10],
    ]);
    expect(splitChains([new Float64Array([1, 2, 3, 4])]).map((c) => Array.from(c))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('rejects chains too short to split, ragged chains and a flat array', () => {
    expect(() => splitChains([[1]])).toThrow(ArgumentError);
    expect(() =>
      splitChains([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(/equal lengths, got lengths \[3, 2\]/);
    expect(() => splitChains([1, 2, 3] as unknown as number[][])).toThrow(/pass \[draws\]/);
  });
});

describe('quantile', () => {
  it("matches R's quantile(type = 7) on small vectors", () => {
    // quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0, .05, .25, .5, .9, 1))
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const got = [0, 0.05, 0.25, 0.5, 0.9, 1].map((p) => quantile(x, p));
    [1, 1, 1.75, 3.5, 6.9, 9].forEach((q, i) => expect(got[i]).toBeCloseTo(q, 14));
    // quantile(c(2.5, -1, 7, 0.5, 3), c(.1, .33, .95)): h = 4p, linear between order statistics
    const y = [2.5, -1, 7, 0.5, 3];
    expect(quantile(y, 0.1)).toBeCloseTo(-0.4, 14);
    expect(quantile(y, 0.33)).toBeCloseTo(1.14, 14);
    expect(quantile(y, 0.95)).toBeCloseTo(6.2, 14);
  });

  it('pools chains, gives NaN for NaN draws, rejects bad p and empty input', () => {
    expect(quantile([[3, 1, 4, 1], new Float64Array([5, 9, 2, 6])], 0.25)).toBe(1.75);
    expect(quantile([1, NaN, 3], 0.5)).toBeNaN();
    expect(() => quantile([1, 2], 1.5)).toThrow(/p must be a probability in \[0, 1\], got 1.5/);
    expect(() => quantile([1, 2], NaN)).toThrow(ArgumentError);
    expect(() => quantile([], 0.5)).toThrow(ArgumentError);
  });
});

describe('rankNormalize', () => {
  it('uses pooled average ranks and Φ⁻¹((r - 3/8)/(S + 1/4)), checked by hand', () => {
    // pooled: 1 2 3 2 5 9 → ranks 1, 2.5, 4 | 2.5, 5, 6 (the two 2s share 2.5); S = 6
    // (r - 3/8)/(6 + 1/4): 0.1, 0.34, 0.58 | 0.34, 0.74, 0.9
    const z = rankNormalize([
      [1, 2, 3],
      [2, 5, 9],
    ]);
    const p = [
      [0.1, 0.34, 0.58],
      [0.34, 0.74, 0.9],
    ];
    z.forEach((c, i) => c.forEach((v, j) => expect(Phi(v)).toBeCloseTo(p[i][j], 14)));
    expect(z[1][2]).toBeCloseTo(1.2815515655446004, 13); // qnorm(0.9)
    expect(z[0][0]).toBeCloseTo(-1.2815515655446004, 13);
    expect(z[0][1]).toBe(z[1][0]);
  });

  it('is invariant to monotone transforms and keeps NaN', () => {
    const x = iid(1, 2, 50, (r) => r.normal());
    const a = rankNormalize(x);
    const b = rankNormalize(x.map((c) => c.map((v) => Math.exp(3 * v))));
    expect(b).toEqual(a);
    expect(Array.from(rankNormalize([[1, NaN, 0]])[0]).map(Number.isNaN)).toEqual([
      false,
      true,
      false,
    ]);
  });
});

describe('autocovariance', () => {
  it('equals the direct sums (1/n) Σ (x_i - x̄)(x_{i+t} - x̄) at every lag', () => {
    for (const n of [1, 2, 5, 37, 1000]) {
      const x = ar1(n, 1, n, 0.5)[0];
      const got = autocovariance(x);
      const want = refAutocov(x);
      expect(got.length).toBe(n);
      want.forEach((w, t) => expect(Math.abs(got[t] - w)).toBeLessThan(1e-12 * want[0] + 1e-300));
    }
    expect(Array.from(autocovariance([2, 2, 2]))).toEqual([0, 0, 0]);
  });
});

describe('agreement with a transcription of the posterior R package', () => {
  const cases: [string, number[][]][] = [
    ['iid normal 4 × 1000', iid(10, 4, 1000, (r) => r.normal())],
    ['AR(1) φ = 0.9, odd length 4 × 301', ar1(11, 4, 301, 0.9)],
    ['antithetic AR(1) φ = -0.6, 2 × 200', ar1(12, 2, 200, -0.6)],
    [
      'unmixed means, 3 × 100',
      iid(13, 3, 100, (r) => r.normal()).map((c, i) => c.map((v) => v + i)),
    ],
    ['ties: Poisson(2) counts, 4 × 150', iid(14, 4, 150, (r) => r.poisson(2))],
    ['short chains, 3 × 7 (split chains of 3)', iid(15, 3, 7, (r) => r.normal())],
    ['one chain, 1 × 120', iid(16, 1, 120, (r) => r.gamma(2))],
  ];
  it.each(cases)('%s: rhat, essBulk, essTail, essMean to 1e-10', (_, x) => {
    const close = (got: number, want: number): void => {
      expect(Number.isFinite(want)).toBe(true);
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-10);
    };
    close(rhat(x), ref.rhat(x));
    close(essBulk(x), ref.essBulk(x));
    close(essTail(x), ref.essTail(x));
    close(essMean(x), ref.essMean(x));
  });
});

describe('R-hat and ESS on known processes', () => {
  it('iid normal 4 × 1000: bulk and tail ESS within 10% of 4000, R-hat < 1.01', () => {
    const x = iid(0, 4, 1000, (r) => r.normal());
    expect(Math.abs(essBulk(x) / 4000 - 1)).toBeLessThan(0.1);
    expect(Math.abs(essTail(x) / 4000 - 1)).toBeLessThan(0.1);
    expect(Math.abs(essMean(x) / 4000 - 1)).toBeLessThan(0.1);
    expect(rhat(x)).toBeLessThan(1.01);
  });

  it('AR(1), φ = 0.9: ESS ≈ n(1 - φ)/(1 + φ), within 15% averaged over 20 runs of 4 × 1000', () => {
    // one run's ESS estimate has a ~18% relative sd here (the autocorrelations decay slowly),
    // so single runs are noisy; the mean of 20 has a ~4% sd
    const phi = 0.9;
    const target = (4000 * (1 - phi)) / (1 + phi); // 210.5
    let bulk = 0;
    let plain = 0;
    for (let s = 0; s < 20; s++) {
      const x = ar1(100 + s, 4, 1000, phi);
      bulk += essBulk(x) / 20;
      plain += essMean(x) / 20;
    }
    expect(Math.abs(bulk / target - 1)).toBeLessThan(0.15);
    expect(Math.abs(plain / target - 1)).toBeLessThan(0.15);
  });

  it('chains with different means (unmixed) have R-hat > 1.1', () => {
    const x = iid(5, 4, 1000, (r) => r.normal()).map((c, i) => c.map((v) => v + (i === 3 ? 2 : 0)));
    expect(rhat(x)).toBeGreaterThan(1.1);
    expect(rhatBulk(x)).toBeGreaterThan(1.1);
  });

  it('chains with the same mean but different scales: bulk R-hat ≈ 1, folded R-hat > 1.05', () => {
    const scales = [1, 1, 2, 2];
    const x = iid(6, 4, 1000, (r) => r.normal()).map((c, i) => c.map((v) => v * scales[i]));
    expect(rhatBulk(x)).toBeLessThan(1.01);
    expect(rhatFolded(x)).toBeGreaterThan(1.05);
    expect(rhat(x)).toBe(Math.max(rhatBulk(x), rhatFolded(x)));
  });

  it('iid Cauchy 4 × 1000: rank-normalized bulk and tail ESS within 20% of 4000', () => {
    const x = iid(7, 4, 1000, (r) => r.cauchy());
    expect(Math.abs(essBulk(x) / 4000 - 1)).toBeLessThan(0.2);
    expect(Math.abs(essTail(x) / 4000 - 1)).toBeLessThan(0.2);
    expect(rhat(x)).toBeLessThan(1.01);
  });

  it('autocorrelated Cauchy chains: bulk ESS is that of the underlying chains, plain ESS is not', () => {
    // Cauchy marginals by a monotone map of AR(1) chains: ranks, and so bulk ESS, are unchanged,
    // while the ESS of the raw values is dominated by a few huge draws and overstates
    const phi = 0.9;
    const z = ar1(8, 4, 1000, phi);
    const sd = 1 / Math.sqrt(1 - phi * phi);
    const x = z.map((c) => c.map((v) => Math.tan(Math.PI * (Phi(v / sd) - 0.5))));
    expect(essBulk(x)).toBeCloseTo(essBulk(z), 8);
    expect(essTail(x)).toBeCloseTo(essTail(z), 8);
    expect(Math.abs(essBulk(x) / 210.5 - 1)).toBeLessThan(0.3);
    expect(essMean(x)).toBeGreaterThan(3 * essBulk(x));
  });

  it('MCSE of the mean is sd / sqrt(essMean)', () => {
    const x = ar1(9, 4, 500, 0.5);
    const all = x.flat();
    expect(mcseMean(x)).toBeCloseTo(Math.sqrt(rVar(all)) / Math.sqrt(essMean(x)), 14);
  });
});

describe('degenerate and bad input', () => {
  it('constant draws give NaN R-hat and ESS (as posterior), not an exception', () => {
    const x = [
      [2, 2, 2, 2, 2, 2],
      [2, 2, 2, 2, 2, 2],
    ];
    for (const f of [rhat, rhatBulk, rhatFolded, essBulk, essTail, essMean, mcseMean])
      expect(f(x)).toBeNaN();
  });

  it('NaN draws give NaN; infinite draws keep the rank-based figures', () => {
    const x = iid(3, 2, 50, (r) => r.normal());
    x[1][7] = NaN;
    for (const f of [rhat, essBulk, essTail, essMean]) expect(f(x)).toBeNaN();
    x[1][7] = Infinity;
    expect(Number.isFinite(rhat(x))).toBe(true);
    expect(Number.isFinite(essBulk(x))).toBe(true);
    expect(essTail(x)).toBeNaN();
  });

  it('chains of 4 or 5 draws give R-hat but NaN ESS (split chains under 3 draws)', () => {
    const x = [
      [1, 3, 2, 4, 0],
      [2, 5, 1, 3, 2],
    ];
    expect(Number.isFinite(rhat(x))).toBe(true);
    expect(essBulk(x)).toBeNaN();
  });

  it('fewer than 4 draws per chain throws an ArgumentError naming the function and shape', () => {
    const short = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    for (const [name, f] of Object.entries({ rhat, essBulk, essTail, essMean, mcseMean })) {
      expect(() => f(short)).toThrow(ArgumentError);
      expect(() => f(short)).toThrow(
        `${name}: needs at least 4 draws per chain, got draws of shape [2, 3]`,
      );
    }
    expect(() => rhat([])).toThrow(/rhat: draws must be an array of chains/);
  });
});

// The table of the layout test: 6 draws per chain give split chains of 3, where ESS is
// conservative (τ̂ = 2); the 95% indicator of sigma[0] is constant (NaN tail ESS), and so
// is every figure of the constant site c.
const SNAPSHOT = [
  '           mean    sd     5%    50%    95%  mcse_mean  ess_bulk  ess_tail  r_hat',
  'mu         0.07  0.28  -0.34   0.10   0.44       0.11         6         6   0.90',
  'sigma[0]   1.92  0.73   1.00   2.00   3.00       0.30         6       NaN   0.91',
  'sigma[1]  10.83  1.23   9.28  10.75  12.72       0.50         6         6   0.89',
  'c          1.00  0.00   1.00   1.00   1.00        NaN       NaN       NaN    NaN',
  '',
  'Number of divergences: 2',
].join('\n');

describe('summary', () => {
  it('gives one row per scalar element, named name[i,j], matching the single functions', () => {
    const r = rng(20);
    const s = summary({
      mu: r.tensor([3, 40], (g) => g.normal()),
      theta: r.tensor([3, 40, 2, 2], (g) => g.normal()),
    });
    expect(s.rows.map((row) => row.name)).toEqual([
      'mu',
      'theta[0,0]',
      'theta[0,1]',
      'theta[1,0]',
      'theta[1,1]',
    ]);
    const oneChain = summary({ x: tensor([[1, 2, 3, 4]]) }); // shape [1, 4]
    expect(oneChain.rows[0].mean).toBe(2.5);
    expect(summary({ empty: tensor([], [2, 5, 0]) }).rows).toEqual([]);
  });

  it('row statistics equal the functions applied to the element draws', () => {
    const draws = rng(21).tensor([2, 30, 3], (g) => g.normal());
    const s = summary({ v: draws });
    const element = (k: number): number[][] =>
      [0, 1].map((c) => Array.from({ length: 30 }, (_, i) => draws.data[(c * 30 + i) * 3 + k]));
    s.rows.forEach((row, k) => {
      const x = element(k);
      expect(row.name).toBe(`v[${k}]`);
      expect(row.mean).toBeCloseTo(rMean(x.flat()), 14);
      expect(row.sd).toBeCloseTo(Math.sqrt(rVar(x.flat())), 14);
      expect([row.q5, row.q50, row.q95]).toEqual([0.05, 0.5, 0.95].map((p) => quantile(x, p)));
      expect(row.essBulk).toBe(essBulk(x));
      expect(row.essTail).toBe(essTail(x));
      expect(row.rhat).toBe(rhat(x));
      expect(row.mcseMean).toBe(mcseMean(x));
    });
  });

  it('prints an aligned table, with the number of divergences when given', () => {
    const s = summary(
      {
        mu: tensor([
          [0.1, -0.4, 0.3, 0.2, -0.1, 0.5],
          [0.2, 0.0, -0.3, 0.4, 0.1, -0.2],
        ]),
        sigma: tensor([
          [
            [1, 10],
            [2, 12],
            [1.5, 11],
            [3, 13],
            [2.5, 9],
            [1, 10.5],
          ],
          [
            [2, 11],
            [1, 12.5],
            [2.5, 10],
            [1.5, 9.5],
            [3, 11.5],
            [2, 10],
          ],
        ]),
        c: tensor([
          [1, 1, 1, 1],
          [1, 1, 1, 1],
        ]),
      },
      { divergences: 2 },
    );
    expect(s.toString()).toBe(SNAPSHOT);
    expect(summary({ mu: tensor([[1, 2, 3, 4]]) }).toString()).not.toMatch(/divergences/);
  });

  it('rejects sites without a draws axis, short chains and bad options', () => {
    expect(() => summary({ mu: tensor([1, 2, 3, 4]) })).toThrow(
      /summary: samples\['mu'\] must have shape \[chains, draws, \.\.\.siteShape\].*got shape \[4\]/,
    );
    expect(() => summary({ mu: tensor([[1, 2, 3]]) })).toThrow(/got shape \[1, 3\]/);
    expect(() => summary({}, { divergences: -1 })).toThrow(ArgumentError);
    expect(() => summary({}, { digits: 1.5 })).toThrow(ArgumentError);
  });
});
