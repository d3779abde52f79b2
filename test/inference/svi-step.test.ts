import { describe, expect, it } from 'vitest';
import {
  Adam,
  Bernoulli,
  constraints,
  gather,
  HalfNormal,
  Normal,
  sigmoid,
  tensor,
  type Tensor,
} from '../../src/index.js';
import {
  autoLowRankMultivariateNormal,
  autoMultivariateNormal,
  autoNormal,
  param,
  plate,
  sample,
  svi,
} from '../../src/inference/index.js';

// mu ~ N(0, 1), 16 observations y_i ~ N(mu, 1): the W5 benchmark's model
const obs = tensor(Float64Array.from({ length: 16 }, (_, i) => Math.sin(i) + 0.5));
const model = (): void => {
  const mu = sample('mu', new Normal(0, 1));
  sample('y', new Normal(mu, 1), { obs });
};
const postMean = Array.from(obs.data).reduce((a, b) => a + b, 0) / 17;
const postSd = Math.sqrt(1 / 17);

/** Losses and final parameters of `steps` steps, compiled or eager. */
function runOf(
  m: () => void,
  guide: () => void,
  runEagerly: boolean,
  steps = 40,
  numParticles = 8,
): { losses: number[]; params: Record<string, number[]>; reason: string | undefined } {
  const run = svi(m, guide, {
    optimizer: new Adam({ learningRate: 0.05 }),
    numParticles,
    seed: 4,
    runEagerly,
  });
  const losses = run.run(steps, []);
  const params = Object.fromEntries(
    Object.entries(run.getParams()).map(([k, v]) => [k, Array.from(v.data)]),
  );
  return { losses, params, reason: run.eagerReason };
}

describe('the compiled SVI step', () => {
  it.each([
    ['autoNormal', autoNormal(model)],
    ['autoMultivariateNormal', autoMultivariateNormal(model)],
    ['autoLowRankMultivariateNormal', autoLowRankMultivariateNormal(model, { rank: 1 })],
  ])('with %s gives the eager run bit for bit (same seed, same draws)', (_, guide) => {
    const eager = runOf(model, guide, true);
    const compiled = runOf(model, guide, false);
    expect(eager.reason).toBe('runEagerly is set');
    expect(compiled.reason).toBeUndefined();
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.params).toEqual(eager.params);
  });

  it('compiles a hand-written guide over positive and real sites', () => {
    const m = (): void => {
      const s = sample('s', new HalfNormal(1));
      const mu = sample('mu', new Normal(0, 1));
      sample('y', new Normal(mu, s), { obs });
    };
    const g = (): void => {
      sample('s', new HalfNormal(param('sq', 1, { constraint: constraints.positive })));
      sample(
        'mu',
        new Normal(param('m', 0), param('ms', 0.5, { constraint: constraints.positive })),
      );
    };
    const eager = runOf(m, g, true, 30, 3);
    const compiled = runOf(m, g, false, 30, 3);
    expect(compiled.reason).toBeUndefined();
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.params).toEqual(eager.params);
  });

  it('recovers the Normal–Normal posterior mean and sd within 2% (averaged over the last 500 iterates)', () => {
    const run = svi(model, autoNormal(model), {
      optimizer: new Adam({ learningRate: 0.01 }),
      numParticles: 8,
      seed: 0,
    });
    run.run(2500, []);
    let loc = 0;
    let sd = 0;
    for (let i = 0; i < 500; i++) {
      run.step();
      const p = run.getParams();
      loc += p.auto_mu_loc.item() / 500;
      sd += p.auto_mu_scale.item() / 500;
    }
    expect(run.eagerReason).toBeUndefined();
    expect(Math.abs(loc - postMean) / postMean).toBeLessThan(0.02);
    expect(Math.abs(sd - postSd) / postSd).toBeLessThan(0.02);
  });

  it('stays eager, with the reason, for a score-function site, and keeps its baseline working', () => {
    const dmodel = (): void => {
      const z = sample('z', new Bernoulli({ probs: 0.3 }));
      sample('y', new Normal(z.item() * 2 - 1, 1), { obs: 0.5 });
    };
    const g = (): void => void sample('z', new Bernoulli({ probs: sigmoid(param('phi', 0)) }));
    const eager = runOf(dmodel, g, true, 30, 2);
    const compiled = runOf(dmodel, g, false, 30, 2);
    expect(compiled.reason).toMatch(/site 'z' \(Bernoulli\) is not reparameterized/);
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.params).toEqual(eager.params);
  });

  it('stays eager for a subsampling plate, with the same draws as an eager run', () => {
    const m = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      plate('data', 16, (idx) => sample('y', new Normal(mu, 1), { obs: gather(obs, idx) }), {
        subsampleSize: 4,
      });
    };
    const eager = runOf(m, autoNormal(m), true, 20, 2);
    const compiled = runOf(m, autoNormal(m), false, 20, 2);
    expect(compiled.reason).toMatch(/plate 'data' subsamples/);
    expect(compiled.losses).toEqual(eager.losses);
  });

  it('falls back to eager, naming the cause, when the model reads a value into a number', () => {
    const m = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      const scale = mu.item() > 0 ? 1 : 2; // data-dependent control flow
      sample('y', new Normal(mu, scale), { obs });
    };
    const eager = runOf(m, autoNormal(m), true, 20);
    const compiled = runOf(m, autoNormal(m), false, 20);
    expect(compiled.reason).toMatch(/cannot trace the step/);
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.params).toEqual(eager.params);
  });

  it('recompiles when the arguments change, and stays eager once they keep changing', () => {
    const m = (y: Tensor): void => {
      const mu = sample('mu', new Normal(0, 1));
      sample('y', new Normal(mu, 1), { obs: y });
    };
    const run = svi(m, autoNormal(m), { seed: 1 });
    const y1 = tensor([1, 2]);
    const y2 = tensor([5, 6]);
    run.run(3, [y1]);
    run.run(3, [y2]);
    expect(run.eagerReason).toBeUndefined();
    // the compiled step reads y2, not the y1 it was first traced with
    const eager = svi(m, autoNormal(m), { seed: 1, runEagerly: true });
    eager.run(3, [y1]);
    expect(run.run(3, [y2])).toEqual(eager.run(6, [y2]).slice(3));
    run.run(1, [y1]);
    run.run(1, [y2]);
    expect(run.eagerReason).toMatch(/arguments of step\(\) change/);
  });
});

describe('a guide whose sites change from step to step', () => {
  it('runs eagerly from the step that finds out, saying why', () => {
    let calls = 0;
    const m = (): void => {
      sample('a', new Normal(0, 1));
      sample('b', new Normal(0, 1));
    };
    const g = (): void => {
      calls++;
      // JavaScript state decides the order of the sites: not visible to the tensors
      const names = calls === 1 ? ['a', 'b'] : ['b', 'a'];
      for (const n of names) sample(n, new Normal(param(`${n}_loc`, 0), 1));
    };
    const run = svi(m, g, { seed: 0 });
    const losses = run.run(6, []);
    expect(run.eagerReason).toMatch(/the guide's sites change from step to step/);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});
