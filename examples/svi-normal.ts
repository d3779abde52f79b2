/**
 * SVI on the conjugate Normal–Normal model, against the exact posterior.
 * Run: npx tsx examples/svi-normal.ts [--quick]
 */
import {
  Adam,
  autoNormal,
  exponentialDecay,
  importanceSampling,
  map,
  Normal,
  plate,
  sample,
  svi,
} from '../src/index.js';
import { plot } from './plot.js';

const quick = process.argv.includes('--quick');
const ys = [0.8, 1.3, 2.1, 0.4, 1.7];
const model = (y: number[]): void => {
  const mu = sample('mu', new Normal(0, 2));
  plate('data', y.length, () => void sample('y', new Normal(mu, 1), { obs: y }));
};
const precision = 1 / 4 + ys.length;
const exactMean = ys.reduce((a, b) => a + b, 0) / precision;
const exactSd = Math.sqrt(1 / precision);

const steps = quick ? 800 : 3000;
const run = svi(model, autoNormal(model), {
  optimizer: new Adam({
    learningRate: exponentialDecay({
      initialLearningRate: 0.05,
      decaySteps: steps,
      decayRate: 0.01,
    }),
  }),
  numParticles: 4,
  seed: 0,
});
const t0 = performance.now();
const losses = run.run(steps, [ys], { progress: true });
const ms = performance.now() - t0;
const p = run.getParams();
console.log(`SVI (autoNormal, ${steps} steps, ${(ms / steps).toFixed(2)} ms/step)`);
console.log(`  posterior mean: ${p.auto_mu_loc.item().toFixed(4)}  exact ${exactMean.toFixed(4)}`);
console.log(`  posterior sd:   ${p.auto_mu_scale.item().toFixed(4)}  exact ${exactSd.toFixed(4)}`);
const mode = map(model, [ys], {
  steps: 1500,
  optimizer: new Adam({ learningRate: 0.05 }),
  seed: 0,
});
console.log(`MAP: ${mode.mu.item()}  exact ${exactMean}`);
const is = importanceSampling(model, [ys], { samples: quick ? 2000 : 20000, seed: 1 });
const n = ys.length;
const s = ys.reduce((a, b) => a + b, 0);
const ss = ys.reduce((a, b) => a + b * b, 0);
const exactLogZ =
  -0.5 * (n * Math.log(2 * Math.PI) + Math.log(1 + 4 * n) + ss - (4 * s * s) / (1 + 4 * n));
console.log(
  `log evidence (importance sampling): ${is.logEvidence.toFixed(4)} ± ${is.stdError.toFixed(4)}, ESS ${is.ess.toFixed(0)}; exact ${exactLogZ.toFixed(4)}`,
);

const every = Math.max(1, Math.floor(steps / 300));
const file = await plot('svi-elbo', {
  title: 'SVI on the Normal–Normal model: loss (negative ELBO) per step',
  width: 480,
  height: 260,
  data: {
    values: losses.filter((_, i) => i % every === 0).map((loss, i) => ({ step: i * every, loss })),
  },
  mark: 'line',
  encoding: {
    x: { field: 'step', type: 'quantitative' },
    y: { field: 'loss', type: 'quantitative', scale: { zero: false }, title: 'loss = -ELBO' },
  },
});
console.log(`wrote ${file}`);
