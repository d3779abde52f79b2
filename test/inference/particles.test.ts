import { describe, expect, it } from 'vitest';
import { Adam, Bernoulli, mean, Normal, reshape, sigmoid, tensor } from '../../src/index.js';
import {
  autoMultivariateNormal,
  autoNormal,
  param,
  plate,
  sample,
  svi,
  traceElbo,
  type ElboLoss,
} from '../../src/inference/index.js';

const obs = tensor(Float64Array.from({ length: 16 }, (_, i) => Math.sin(i) + 0.5));
const model = (): void => {
  const mu = sample('mu', new Normal(0, 1));
  sample('y', new Normal(mu, 1), { obs });
};

function fit(
  m: () => void,
  guide: () => void,
  extra: { runEagerly?: boolean; vectorizeParticles?: boolean; loss?: ElboLoss } = {},
  steps = 12,
) {
  const run = svi(m, guide, {
    optimizer: new Adam({ learningRate: 0.05 }),
    numParticles: 8,
    seed: 2,
    ...extra,
  });
  const losses = run.run(steps, []);
  return { run, losses, params: Object.values(run.getParams()).map((t) => Array.from(t.data)) };
}

describe('vectorized particles', () => {
  it.each([
    ['autoNormal, observations outside a plate', model, autoNormal(model)],
    [
      'autoMultivariateNormal, observations in a plate',
      (): void => {
        const mu = sample('mu', new Normal(0, 1));
        plate('data', 16, () => sample('y', new Normal(mu, 1), { obs }));
      },
      autoMultivariateNormal(model),
    ],
  ])('%s: one batch along a particle axis, compiled as eager bit for bit', (_, m, g) => {
    const vec = fit(m, g);
    const eager = fit(m, g, { runEagerly: true });
    const loop = fit(m, g, { vectorizeParticles: false });
    expect(vec.run.particleReason).toBeUndefined();
    expect(vec.run.eagerReason).toBeUndefined();
    expect(loop.run.particleReason).toBe('vectorizeParticles is false');
    expect(vec.losses).toEqual(eager.losses);
    expect(vec.params).toEqual(eager.params);
    // the first step is the particle loop in both; then the draws are made in another order
    expect(vec.losses[0]).toBe(loop.losses[0]);
    expect(vec.losses[5]).not.toBe(loop.losses[5]);
  });

  it('stays a loop, saying why, where the model mixes particles (checked against the loop at the same draws)', () => {
    const mixing = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      sample('y', new Normal(mean(mu), 1), { obs }); // a mean over the particle axis too
    };
    const r = fit(mixing, autoNormal(mixing));
    expect(r.run.particleReason).toMatch(/differs from the particle loop's .* at the same draws/);
    // the rejected vectorized step is redone as a loop, compiled from then on, as an eager run
    expect(r.run.eagerReason).toBeUndefined();
    expect(r.losses).toEqual(fit(mixing, autoNormal(mixing), { runEagerly: true }).losses);
    const reshaping = (): void => {
      const mu = reshape(sample('mu', new Normal(0, 1)), [1]);
      sample('y', new Normal(mu, 1), { obs });
    };
    const s = fit(reshaping, autoNormal(reshaping));
    expect(s.run.particleReason).toMatch(/the vectorized step failed \(.*reshape/);
    expect(s.losses).toEqual(fit(reshaping, autoNormal(reshaping), { runEagerly: true }).losses);
  });

  it('stays a loop for score-function sites, a custom loss, and one particle', () => {
    const dmodel = (): void => {
      const z = sample('z', new Bernoulli({ probs: 0.3 }));
      sample('y', new Normal(z.item() * 2 - 1, 1), { obs: 0.5 });
    };
    const g = (): void => void sample('z', new Bernoulli({ probs: sigmoid(param('phi', 0)) }));
    expect(fit(dmodel, g).run.particleReason).toMatch(/not reparameterized/);
    const elbo = traceElbo();
    const custom: ElboLoss = { loss: (m, q, a, ctx) => elbo.loss(m, q, a, ctx) };
    expect(fit(model, autoNormal(model), { loss: custom }).run.particleReason).toBe(
      'a custom loss runs its own particles',
    );
    expect(svi(model, autoNormal(model)).particleReason).toBe('one particle');
  });
});
