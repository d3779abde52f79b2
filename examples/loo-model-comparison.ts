/**
 * Model comparison with PSIS-LOO (Vehtari, Gelman & Gabry 2017): two regressions of the
 * kidiq data (Gelman & Hill 2007; data/posteriordb/kidiq.data.json) fitted with NUTS,
 * kid_score ~ mom_hs against kid_score ~ mom_hs + mom_iq. Pointwise log-likelihoods come
 * from `logLikelihood`, `loo` smooths the importance weights (Pareto k̂ per child) and
 * `compare` gives the elpd difference with its standard error. Plot: elpd_loo ± SE per
 * model and the pointwise elpd difference against mom_iq.
 * Run: npx tsx examples/loo-model-comparison.ts [--quick]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  add,
  compare,
  HalfNormal,
  logLikelihood,
  loo,
  Independent,
  mul,
  sum,
  zeros,
  mcmc,
  Normal,
  plate,
  sample,
  tensor,
  type McmcResult,
  type Model,
  type Tensor,
} from '../src/index.js';
import { dataDir } from './lib/posteriordb.js';
import { plot, type Row } from './plot.js';

const quick = process.argv.includes('--quick');
const d = JSON.parse(fs.readFileSync(path.join(dataDir, 'kidiq.data.json'), 'utf8')) as {
  kid_score: number[];
  mom_hs: number[];
  mom_iq: number[];
};
const n = d.kid_score.length;
const iqMean = d.mom_iq.reduce((a, b) => a + b, 0) / n;
const iqSd = Math.sqrt(d.mom_iq.reduce((a, b) => a + (b - iqMean) ** 2, 0) / (n - 1));
const y = tensor(d.kid_score);

/** kid_score ~ Normal(a + X·b, sigma); X's columns: mom_hs and (optionally) standardized mom_iq. */
const regression = (columns: number[][]): Model<[]> => {
  const x = tensor(d.kid_score.map((_, i) => columns.map((c) => c[i])));
  return () => {
    const a = sample('a', new Normal(85, 20));
    const b = sample('b', new Independent(new Normal(zeros([columns.length]), 20), 1));
    const sigma = sample('sigma', new HalfNormal(30));
    // x·b as a sum over the last axis, so the model also runs for all draws at once
    const mu: Tensor = add(a, sum(mul(x, b), -1));
    plate('child', n, () => sample('y', new Normal(mu, sigma), { obs: y }));
  };
};
const models: Record<string, Model<[]>> = {
  mom_hs: regression([d.mom_hs]),
  'mom_hs + mom_iq': regression([d.mom_hs, d.mom_iq.map((v) => (v - iqMean) / iqSd)]),
};

const settings = { numWarmup: quick ? 200 : 1000, numSamples: quick ? 250 : 1000, numChains: 4 };
const results: Record<string, ReturnType<typeof loo>> = {};
const pointwise: Record<string, Float64Array> = {};
for (const [name, model] of Object.entries(models)) {
  const t0 = performance.now();
  const r: McmcResult = mcmc(model, { ...settings, seed: 7 });
  const ll = logLikelihood(model, r).y; // [chains·draws, n]
  // r_eff per child from the chains (R loo's relative_eff): draws are chain-major
  results[name] = loo(ll, { chains: settings.numChains });
  pointwise[name] = results[name].pointwise.elpd;
  const k = results[name].paretoK!;
  console.log(
    `\n== ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${r.numDivergences} divergences, max k̂ ${Math.max(...k).toFixed(2)} ==`,
  );
  console.log(results[name].toString());
}
const table = compare(results);
console.log(`\n${table.toString()}`);
const [best, other] = table.rows;
console.log(
  `\n'${best.name}' predicts better: elpd difference ${(-other.elpdDiff).toFixed(1)} ± ${other.seDiff.toFixed(1)} (${(-other.elpdDiff / other.seDiff).toFixed(1)} SE)`,
);

const summaryRows: Row[] = table.rows.map((r) => ({
  model: r.name,
  elpd: r.estimates.elpd,
  lo: r.estimates.elpd - r.estimates.seElpd,
  hi: r.estimates.elpd + r.estimates.seElpd,
  what: 'elpd_loo ± SE',
}));
summaryRows.push({
  model: `${other.name} − best`,
  elpd: other.elpdDiff,
  lo: other.elpdDiff - other.seDiff,
  hi: other.elpdDiff + other.seDiff,
  what: 'difference ± SE',
});
const diffRows: Row[] = d.mom_iq.map((iq, i) => ({
  mom_iq: iq,
  diff: pointwise['mom_hs + mom_iq'][i] - pointwise.mom_hs[i],
  mom_hs: d.mom_hs[i] === 1 ? 'finished high school' : 'did not',
}));
const file = await plot('loo-model-comparison', {
  title: 'kidiq: PSIS-LOO comparison of two regressions',
  hconcat: [
    {
      data: { values: summaryRows },
      facet: { row: { field: 'what', type: 'nominal', title: null } },
      resolve: { scale: { x: 'independent', y: 'independent' } },
      spec: {
        width: 260,
        height: 70,
        layer: [
          {
            mark: { type: 'rule' },
            encoding: {
              y: { field: 'model', type: 'nominal', title: null },
              x: { field: 'lo', type: 'quantitative', scale: { zero: false }, title: 'elpd' },
              x2: { field: 'hi' },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 60 },
            encoding: {
              y: { field: 'model', type: 'nominal' },
              x: { field: 'elpd', type: 'quantitative' },
            },
          },
        ],
      },
    },
    {
      data: { values: diffRows },
      width: 320,
      height: 220,
      title: 'pointwise elpd difference (with mom_iq − without)',
      mark: { type: 'point', size: 12, opacity: 0.6 },
      encoding: {
        x: { field: 'mom_iq', type: 'quantitative', scale: { zero: false } },
        y: { field: 'diff', type: 'quantitative', title: 'Δ elpd_i' },
        color: { field: 'mom_hs', type: 'nominal', title: 'mother' },
      },
    },
  ],
});
console.log(`wrote ${file}`);
