/**
 * Issue 12, item 1: NUTS and HMC reject every non-finite state (NaN, ±∞ potential or a
 * non-finite gradient) and count it as a divergence, so no draw lands in such a region.
 */
import { describe, expect, it } from 'vitest';
import {
  customGradient,
  factor,
  greater,
  hmc,
  mcmc,
  mul,
  Normal,
  nuts,
  sample,
  where,
  zerosLike,
  type Kernel,
  type Tensor,
} from '../../src/index.js';
import { potentialFn } from '../../src/inference/density.js';
import { potentialGrad } from '../../src/inference/integrator.js';

/** log density 0 for x ≤ 1 (plus the Normal), `bad` for x > 1. */
const regionModel =
  (bad: number, above = 1) =>
  (): void => {
    const x = sample('x', new Normal(0, 1));
    factor('f', where(greater(x, above), bad, 0));
  };

/** Finite log density everywhere, but an infinite gradient for x > 1. */
const infGradModel = (): void => {
  const x = sample('x', new Normal(0, 1));
  const f = customGradient((t: Tensor) => ({
    value: zerosLike(t),
    grad: (g) => mul(g, where(greater(t, 1), Infinity, 0)),
  }));
  factor('f', f(x));
};

const models: { name: string; model: () => void }[] = [
  { name: 'log density +Infinity for x > 1', model: regionModel(Infinity) },
  { name: 'log density NaN for x > 1', model: regionModel(NaN) },
  { name: 'log density -Infinity for x > 1', model: regionModel(-Infinity) },
  { name: 'gradient Infinity for x > 1', model: infGradModel },
];

const kernels: { name: string; kernel: Kernel }[] = [
  { name: 'nuts', kernel: nuts() },
  // a fixed step: adapting it under constant rejections shrinks it toward 0 (⌈L/ε⌉ steps)
  { name: 'hmc', kernel: hmc({ stepSize: 0.1, adaptStepSize: false, trajectoryLength: 1 }) },
];

describe('NUTS/HMC: a non-finite potential or gradient is a divergence', () => {
  it('the issue example: +Infinity for x > 1 gives divergences and no draw above 1', () => {
    const r = mcmc(regionModel(Infinity), { numWarmup: 200, numSamples: 300, seed: 3 });
    expect(r.numDivergences).toBeGreaterThan(0);
    expect(r.samples.x.data.some((v) => v > 1)).toBe(false);
  });

  for (const m of models) {
    it.each(kernels)(`${m.name}, $name: rejected, counted, never drawn`, ({ kernel }) => {
      const r = mcmc(m.model, { kernel, numWarmup: 150, numSamples: 200, seed: 5 });
      const x = r.samples.x.data;
      expect(x.every(Number.isFinite)).toBe(true);
      expect(x.some((v) => v > 1)).toBe(false);
      expect(r.numDivergences).toBeGreaterThan(0);
      // every divergent flag is also in the per-draw stats
      expect(r.stats.divergent.data.reduce((a, b) => a + b, 0)).toBe(r.numDivergences);
    });
  }

  it('HMC with step-size adaptation under constant rejections stops at maxSteps per draw', () => {
    // most of the prior's mass is rejected (x > -1), so adaptation shrinks ε and ⌈L/ε⌉
    // grows without bound: it reaches any cap (here 4096), and never passes it
    const model = regionModel(Infinity, -1);
    const run = (maxSteps: number) =>
      mcmc(model, {
        kernel: hmc({ trajectoryLength: 2, maxSteps }),
        numWarmup: 200,
        numSamples: 50,
        seed: 1,
      });
    const wide = run(4096);
    expect(Math.max(...wide.stats.numSteps.data)).toBe(4096);
    const capped = run(64);
    expect(Math.max(...capped.stats.numSteps.data)).toBeLessThanOrEqual(64);
    for (const r of [wide, capped]) expect(r.samples.x.data.some((v) => v > -1)).toBe(false);
  });

  it.each(models)('the potential is +Infinity at x = 2: $name', ({ model }) => {
    const f = potentialGrad(potentialFn(model, []));
    expect(f(Float64Array.of(2)).u).toBe(Infinity);
    expect(Number.isFinite(f(Float64Array.of(0)).u)).toBe(true);
  });
});
