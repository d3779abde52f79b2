/**
 * NUTS on posteriordb reference posteriors (data/posteriordb): for each parameter,
 * our posterior mean and sd next to the reference (Stan, 10 × 1000 draws) and the
 * difference in Monte-Carlo standard errors. Writes trace and density plots.
 * Run: npx tsx examples/posteriordb.ts [--quick] [kidiq] [earnings] [diamonds]
 */
import { mcmc, mcseMean, essBulk, rhat, nuts } from '../src/index.js';
import { diamonds, earnings, kidiq, type Posterior } from './lib/posteriordb.js';
import { plot, type Row } from './plot.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const wanted = argv.filter((a) => !a.startsWith('-'));
const all: [string, () => Posterior][] = [
  ['kidiq', kidiq],
  ['earnings', earnings],
  ['diamonds', diamonds],
];
// diamonds needs long trajectories (Stan hits tree depth 10 too): full runs only
const selected = all.filter(([name]) =>
  wanted.length ? wanted.includes(name) : !quick || name !== 'diamonds',
);

for (const [, make] of selected) {
  const post = make();
  const numWarmup = quick ? 300 : 1000;
  const numSamples = quick ? 300 : 1000;
  const t0 = performance.now();
  const r = mcmc(post.model, {
    numWarmup,
    numSamples,
    numChains: 4,
    seed: 2024,
    kernel: nuts({ dense: true }),
    progress: !quick,
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `\n== ${post.name}: 4 chains × ${numSamples} draws (+${numWarmup} warmup), ${seconds.toFixed(1)} s, ${r.gradientEvaluations} gradients, ${r.numDivergences} divergences ==`,
  );
  console.log(
    `${'parameter'.padEnd(12)}${'mean'.padStart(12)}${'ref mean'.padStart(12)}${'Δ/MCSE'.padStart(9)}${'sd'.padStart(11)}${'ref sd'.padStart(11)}${'sd ratio'.padStart(10)}${'ESS'.padStart(7)}${'R-hat'.padStart(8)}`,
  );
  let worst = 0;
  let essTotal = 0;
  const rows: Row[] = [];
  for (const [name, [site, index]] of Object.entries(post.params)) {
    const t = r.samples[site];
    const [c, d] = t.shape;
    const per = t.size / (c * d);
    const cs = Array.from({ length: c }, (_, ci) =>
      Float64Array.from({ length: d }, (_, i) => t.data[(ci * d + i) * per + index]),
    );
    const xs = cs.flatMap((x) => Array.from(x));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    const ref = post.reference[name];
    const z = (mean - ref.mean) / mcseMean(cs);
    const ess = essBulk(cs);
    essTotal += ess;
    worst = Math.max(worst, Math.abs(z));
    console.log(
      `${name.padEnd(12)}${mean.toPrecision(6).padStart(12)}${ref.mean.toPrecision(6).padStart(12)}${z.toFixed(2).padStart(9)}${sd.toPrecision(4).padStart(11)}${ref.sd.toPrecision(4).padStart(11)}${(sd / ref.sd).toFixed(3).padStart(10)}${ess.toFixed(0).padStart(7)}${rhat(cs).toFixed(3).padStart(8)}`,
    );
    if (rows.length < 3 * 4 * d)
      cs.forEach((x, ci) =>
        x.forEach((v, i) => rows.push({ parameter: name, chain: ci + 1, draw: i, value: v })),
      );
  }
  console.log(
    `worst |Δ|/MCSE = ${worst.toFixed(2)}; mean bulk ESS per second = ${(essTotal / Object.keys(post.params).length / seconds).toFixed(1)}, per gradient = ${(essTotal / Object.keys(post.params).length / r.gradientEvaluations).toExponential(2)}`,
  );
  const short = post.name.split('-')[0];
  await plot(`${short}-trace`, {
    title: `${post.name}: trace of the first parameters (4 chains)`,
    data: { values: rows },
    facet: { row: { field: 'parameter', type: 'nominal' } },
    spec: {
      width: 520,
      height: 110,
      mark: { type: 'line', strokeWidth: 0.6, opacity: 0.8 },
      encoding: {
        x: { field: 'draw', type: 'quantitative' },
        y: { field: 'value', type: 'quantitative', scale: { zero: false } },
        color: { field: 'chain', type: 'nominal' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  });
  await plot(`${short}-density`, {
    title: `${post.name}: posterior densities (all chains)`,
    data: { values: rows },
    facet: { column: { field: 'parameter', type: 'nominal' } },
    spec: {
      width: 170,
      height: 140,
      transform: [{ density: 'value', groupby: ['parameter'] }],
      mark: 'area',
      encoding: {
        x: { field: 'value', type: 'quantitative' },
        y: { field: 'density', type: 'quantitative' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  });
  console.log(`wrote examples/out/${short}-trace.svg and ${short}-density.svg`);
}
