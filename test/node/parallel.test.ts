import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, mcmc, setChainRunner, tensor, type ChainRunner } from '../../src/index.js';
import { useParallelChains } from '../../src/node-chains.js';
import { regression } from './fixtures/models.js';

const source = {
  module: new URL('./fixtures/models.ts', import.meta.url).href,
  export: 'regression',
};
const options = {
  numWarmup: 150,
  numSamples: 100,
  numChains: 2,
  seed: 5,
  args: [[1, 2, 3, 2.5]] as [number[]],
};

describe('parallel chains in worker threads', () => {
  let previous: ChainRunner | null = null;
  beforeAll(() => {
    previous = setChainRunner(null);
    useParallelChains();
  });
  afterAll(() => void setChainRunner(previous));

  it('gives bit-identical draws and statistics to the sequential run', () => {
    const parallel = mcmc(regression, { ...options, parallel: true, modelSource: source });
    const sequential = mcmc(regression, options);
    for (const site of ['mu', 's']) {
      expect(parallel.samples[site].shape).toEqual([2, 100]);
      expect(Array.from(parallel.samples[site].data)).toEqual(
        Array.from(sequential.samples[site].data),
      );
    }
    expect(Array.from(parallel.stats.numSteps.data)).toEqual(
      Array.from(sequential.stats.numSteps.data),
    );
    expect(parallel.gradientEvaluations).toBe(sequential.gradientEvaluations);
    expect(parallel.adaptation.map((a) => a.stepSize)).toEqual(
      sequential.adaptation.map((a) => a.stepSize),
    );
  }, 120_000);

  it('explains what it needs', () => {
    expect(() => mcmc(regression, { ...options, parallel: true })).toThrow(
      /parallel chains need modelSource/,
    );
    expect(() =>
      mcmc(regression, {
        ...options,
        args: [tensor([1, 2]) as unknown as number[]],
        parallel: true,
        modelSource: source,
      }),
    ).toThrow(/plain-data args/);
    expect(() =>
      mcmc(regression, {
        ...options,
        parallel: true,
        modelSource: { ...source, export: 'notAModel' },
      }),
    ).toThrow(ArgumentError);
  }, 120_000);
});
