/**
 * Issue 12, item 13: a worker thread that exits mid-chain is an error naming the chain,
 * not a hang.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ArgumentError, mcmc, setChainRunner, type ChainRunner } from '../../src/index.js';
import { useParallelChains } from '../../src/node-chains.js';
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
});
