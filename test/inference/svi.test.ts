import { describe, expect, it } from 'vitest';
import {
  Adam,
  Bernoulli,
  constraints,
  exponentialDecay,
  GradientTape,
  Normal,
  rng,
  sigmoid,
  variable,
  type Tensor,
} from '../../src/index.js';
import {
  autoDelta,
  autoMultivariateNormal,
  autoNormal,
  importanceSampling,
  map,
  param,
  plate,
  sample,
  svi,
  trace,
  traceElbo,
  seed,
} from '../../src/inference/index.js';

// Normal–Normal: mu ~ N(0, 2²), y_i ~ N(mu, 1).
const ys = [0.8, 1.3, 2.1, 0.4, 1.7];
const model = (y: number[]): void => {
  const mu = sample('mu', new Normal(0, 2));
  plate('data', y.length, () => void sample('y', new Normal(mu, 1), { obs: y }));
};
const precision = 1 / 4 + ys.length;
const postMean = ys.reduce((a, b) => a + b, 0) / precision;
const postSd = Math.sqrt(1 / precision);
const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 3000, decayRate: 0.01 });

describe('SVI on the conjugate Normal–Normal model', () => {
  it.each([
    ['autoNormal', autoNormal(model)],
    ['autoMultivariateNormal', autoMultivariateNormal(model)],
  ])('%s recovers the posterior mean and sd within 2%%', (name, guide) => {
    const run = svi(model, guide, {
      optimizer: new Adam({ learningRate: schedule }),
      seed: 0,
      numParticles: 4,
    });
    const losses = run.run(3000, [ys]);
    const p = run.getParams();
    const loc = name === 'autoNormal' ? p.auto_mu_loc.item() : p.auto_loc.item();
    const sd = name === 'autoNormal' ? p.auto_mu_scale.item() : p.auto_scale_tril.item();
    expect(Math.abs(loc - postMean) / postMean).toBeLessThan(0.02);
    expect(Math.abs(sd - postSd) / postSd).toBeLessThan(0.02);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
  });

  it('MAP (autoDelta) recovers the analytic mode to 1e-6', () => {
    const mode = map(model, [ys], {
      steps: 1500,
      optimizer: new Adam({ learningRate: 0.05 }),
      seed: 0,
    });
    expect(Math.abs(mode.mu.item() - postMean)).toBeLessThan(1e-6);
    const tr = trace(seed(autoDelta(model), 0)).getTrace(ys);
    expect(tr.get('mu')?.fn?.family).toBe('Delta');
  });

  it("importance sampling's log-evidence is within 3 standard errors of the analytic value", () => {
    const n = ys.length;
    const sum = ys.reduce((a, b) => a + b, 0);
    const sumSq = ys.reduce((a, b) => a + b * b, 0);
    // y ~ N(0, I + 4·11ᵀ): det = 1 + 4n, inverse = I - 4/(1 + 4n)·11ᵀ
    const exact =
      -0.5 *
      (n * Math.log(2 * Math.PI) + Math.log(1 + 4 * n) + sumSq - (4 * sum * sum) / (1 + 4 * n));
    const r = importanceSampling(model, [ys], { samples: 5000, seed: 11 });
    expect(Math.abs(r.logEvidence - exact)).toBeLessThan(3 * r.stdError);
    expect(r.ess).toBeGreaterThan(100);
    expect(r.ess).toBeLessThanOrEqual(5000);
    const guided = importanceSampling(model, [ys], {
      samples: 2000,
      seed: 12,
      guide: () => void sample('mu', new Normal(postMean, postSd)),
    });
    expect(Math.abs(guided.logEvidence - exact)).toBeLessThan(1e-12); // exact posterior proposal: constant weights
    expect(guided.ess).toBeCloseTo(2000, 6);
  });

  it('names a latent site the guide lacks', () => {
    const run = svi(model, () => undefined, { seed: 0 });
    expect(() => run.step(ys)).toThrow("the guide has no site for the model's latent site 'mu'");
  });
});

describe('a discrete latent with a score-function ELBO', () => {
  // z ~ Bernoulli(0.3), y ~ N(2z - 1, 1) observed at 0.5; guide z ~ Bernoulli(sigmoid(phi)).
  const dmodel = (): void => {
    const z = sample('z', new Bernoulli({ probs: 0.3 }));
    sample('y', new Normal(z.item() * 2 - 1, 1), { obs: 0.5 });
  };
  const phi = variable(0.4, { name: 'phi' });
  const guide = (): void => void sample('z', new Bernoulli({ probs: sigmoid(phi) }));
  const logN = (x: number, m: number): number => -0.5 * (x - m) ** 2 - 0.5 * Math.log(2 * Math.PI);
  const exactGrad = (): number => {
    const q1 = 1 / (1 + Math.exp(-phi.item()));
    const term = (z: number, q: number): number =>
      Math.log(z ? 0.3 : 0.7) + logN(0.5, 2 * z - 1) - Math.log(q);
    // d/dphi Σ_z q(z)·term(z) = q1(1 - q1)·(term(1) - term(0)) (the -log q terms contribute Σ ∇q = 0)
    return q1 * (1 - q1) * (term(1, q1) - term(0, 1 - q1));
  };
  const estimates = (baseline: boolean, n: number): number[] => {
    const loss = traceElbo({ baseline });
    const r = rng(baseline ? 21 : 22);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const tape = new GradientTape();
      const l: Tensor = tape.record(() =>
        loss.loss(dmodel, guide, [], { rng: r, numParticles: 1 }),
      );
      out.push(-(tape.gradient(l, phi)?.item() as number));
    }
    return out;
  };
  const stats = (xs: number[]): [number, number] => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return [m, xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)];
  };

  it('the ELBO gradient is unbiased (mean within 3 standard errors of the enumerated gradient) and the baseline cuts its variance', () => {
    const exact = exactGrad();
    const [m0, v0] = stats(estimates(false, 3000));
    const [m1, v1] = stats(estimates(true, 3000));
    expect(Math.abs(m0 - exact)).toBeLessThan(3 * Math.sqrt(v0 / 3000));
    expect(Math.abs(m1 - exact)).toBeLessThan(3 * Math.sqrt(v1 / 3000));
    expect(v0 / v1).toBeGreaterThan(1.5);
    console.log(
      `score-function ELBO gradient: exact ${exact.toFixed(4)}, no baseline ${m0.toFixed(4)} (var ${v0.toFixed(3)}), baseline ${m1.toFixed(4)} (var ${v1.toFixed(3)}), variance reduction ×${(v0 / v1).toFixed(2)}`,
    );
  });

  it('SVI with that guide moves q(z = 1) toward the exact posterior', () => {
    const p1 = 0.3 * Math.exp(logN(0.5, 1));
    const exactPost = p1 / (p1 + 0.7 * Math.exp(logN(0.5, -1)));
    const g = (): void =>
      void sample(
        'z',
        new Bernoulli({ probs: param('q', 0.5, { constraint: constraints.unitInterval }) }),
      );
    const run = svi(dmodel, g, {
      optimizer: new Adam({ learningRate: 0.05 }),
      seed: 3,
      numParticles: 4,
    });
    run.run(1500, []);
    expect(Math.abs(run.getParams().q.item() - exactPost)).toBeLessThan(0.05);
  });
});
