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

  it("finds the model among the module's exports when modelSource names no export", () => {
    const found = mcmc(regression, {
      ...options,
      parallel: true,
      modelSource: { module: source.module },
    });
    const sequential = mcmc(regression, options);
    expect(Array.from(found.samples.mu.data)).toEqual(Array.from(sequential.samples.mu.data));
  }, 120_000);

  it('runs a one-file script whose top-level mcmc call is guarded by isMainThread', async () => {
    const { result, oneFileModel, options: o } = await import('./fixtures/one-file.js');
    const sequential = mcmc(oneFileModel, o);
    expect(result?.samples.z.shape).toEqual([2, 50]);
    expect(Array.from(result?.samples.z.data ?? [])).toEqual(Array.from(sequential.samples.z.data));
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
    const unexported = (ys: number[]): void => regression(ys);
    expect(() =>
      mcmc(unexported, { ...options, parallel: true, modelSource: { module: source.module } }),
    ).toThrow(/exports no function with the model's name or source text/);
  }, 120_000);
});
