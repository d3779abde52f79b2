/**
 * Issue 12, item 13: a worker thread that exits mid-chain, or never starts, is an error
 * naming the chain, not a hang.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  ArgumentError,
  mcmc,
  setChainRunner,
  type ChainJob,
  type ChainRunner,
} from '../../src/index.js';
import { runChainWorkers, useParallelChains } from '../../src/node-chains.js';
import { exits } from '../node/fixtures/models.js';
import { expectError } from './expect-error.js';

describe('item 13: parallel chains whose worker exits', () => {
  let previous: ChainRunner | null = null;
  beforeAll(() => {
    previous = setChainRunner(null);
    useParallelChains();
  });
  afterAll(() => void setChainRunner(previous));

  it('process.exit(3) in the model: an error naming chain 1 and the exit code', () => {
    expectError({
      name: 'mcmc parallel, model exits',
      run: () =>
        mcmc(exits, {
          numWarmup: 10,
          numSamples: 10,
          numChains: 2,
          parallel: true,
          modelSource: {
            module: new URL('../node/fixtures/models.ts', import.meta.url).href,
            export: 'exits',
          },
        }),
      error: ArgumentError,
      mentions: ['mcmc', 'chain 1', 'exited with code 3', 'process.exit'],
    });
  }, 60_000);

  it('a worker thread that dies before running any code: an error after the start deadline, not a hang', () => {
    const job = { numChains: 2 } as unknown as ChainJob;
    const t0 = Date.now();
    expectError({
      name: 'worker code that does not parse',
      run: () =>
        runChainWorkers({ module: 'unused' }, job, 1, {
          code: 'this is not JavaScript (',
          startTimeoutMs: 1500,
        }),
      error: ArgumentError,
      mentions: ['mcmc', "chain 1's worker thread did not start within 1.5 s"],
    });
    const waited = Date.now() - t0;
    if (waited < 1500 || waited > 20_000) throw new Error(`waited ${waited} ms`);
  }, 60_000);
});
