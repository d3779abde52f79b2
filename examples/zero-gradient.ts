/**
 * The TensorFlow Probability question: "Gradients always zero when backpropagating the
 * log_prob of a sample of a normal distribution". Run: npx tsx examples/zero-gradient.ts
 *
 * With x = loc + scale·ε (a reparameterized sample), log q(x) = log N(ε; 0, 1) - log scale:
 * loc cancels, so d/dloc log q(x) = 0 exactly, for every sample. That is the right answer
 * for d/dloc E_q[log q(x)] (the negative entropy does not depend on loc). A score-function
 * estimator of the same gradient is 0 only on average, and noisy.
 */
import {
  gradientEstimatorReport,
  grad,
  Normal,
  rng,
  stopGradient,
  type Tensor,
} from '../src/index.js';
import { plot } from './plot.js';

const quick = process.argv.includes('--quick');
const r = rng(2024);

console.log('== The question: d/dloc of log_prob(sample) ==');
const sampleThenLogProb = (loc: Tensor): Tensor => {
  const d = new Normal(loc, 0.01);
  return d.logProb(d.sample([], r));
};
console.log(
  `d/dloc log q(q.sample())            = ${grad(sampleThenLogProb)(0.1).item()}   (exactly 0: loc cancels)`,
);
const atConstant = (loc: Tensor): Tensor => new Normal(loc, 0.01).logProb(0.1);
console.log(
  `d/dloc log q(0.1) at loc = 0.12     = ${grad(atConstant)(0.12).item().toFixed(6)}   ((x - loc)/scale² = -200)`,
);
const scoreOnly = (loc: Tensor): Tensor => {
  const d = new Normal(loc, 0.01);
  return d.logProb(stopGradient(d.sample([], r)));
};
console.log(
  `d/dloc log q(stopGradient(sample))  = ${grad(scoreOnly)(0.1).item().toFixed(6)}   (the score: noisy, mean 0)`,
);

console.log('\n== Each estimator of d/dθ E_q[log q(x)] over independent replicates ==');
const q = new Normal(0.1, 0.01);
const report = gradientEstimatorReport((x) => q.logProb(x), q, {
  samples: 8,
  replicates: quick ? 100 : 1000,
  rng: r,
});
console.log(report.toString());

console.log('\n== Variance of the loc gradient against the number of samples ==');
const rows: { samples: number; estimator: string; variance: number }[] = [];
for (const samples of quick ? [2, 8, 32] : [2, 4, 8, 16, 32, 64, 128]) {
  const rep = gradientEstimatorReport((x) => q.logProb(x), q, {
    samples,
    replicates: quick ? 60 : 300,
    rng: r,
  });
  for (const e of rep.estimators) {
    const loc = e.stats.find((s) => s.param === 'loc');
    if (loc && loc.variance > 0) rows.push({ samples, estimator: e.name, variance: loc.variance });
  }
}
for (const row of rows)
  console.log(
    `${String(row.samples).padStart(4)} samples  ${row.estimator.padEnd(32)} variance ${row.variance.toExponential(3)}`,
  );
console.log(
  '(the pathwise estimator is exactly 0 at every sample size, so it has no point on the log scale)',
);
const file = await plot('gradient-estimator-variance', {
  title: 'Variance of the score-function estimate of d/dloc E[log q] (pathwise: exactly 0)',
  width: 480,
  height: 300,
  data: { values: rows },
  mark: { type: 'line', point: true },
  encoding: {
    x: {
      field: 'samples',
      type: 'quantitative',
      scale: { type: 'log', base: 2 },
      title: 'samples per estimate',
    },
    y: {
      field: 'variance',
      type: 'quantitative',
      scale: { type: 'log' },
      title: 'variance over replicates',
    },
    color: { field: 'estimator', type: 'nominal' },
  },
});
console.log(`wrote ${file}`);
