/**
 * Issue 12, item 3: every NUTS/HMC kernel option and mcmc option is validated with an
 * error naming the function, the option and the value (no frozen chains).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  hmc,
  mcmc,
  Normal,
  nuts,
  sample,
  type HmcOptions,
  type Kernel,
  type NutsOptions,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const model = (): void => void sample('x', new Normal(0, 1));

const badNuts: [NutsOptions, string, string][] = [
  [{ maxTreeDepth: 0 }, 'maxTreeDepth', '0'],
  [{ maxTreeDepth: 2.5 }, 'maxTreeDepth', '2.5'],
  [{ maxTreeDepth: 31 }, 'maxTreeDepth', '31'],
  [{ maxTreeDepth: NaN }, 'maxTreeDepth', 'NaN'],
  [{ targetAccept: 1.5 }, 'targetAccept', '1.5'],
  [{ targetAccept: 1 }, 'targetAccept', '1'],
  [{ targetAccept: 0 }, 'targetAccept', '0'],
  [{ targetAccept: -0.2 }, 'targetAccept', '-0.2'],
  [{ targetAccept: NaN }, 'targetAccept', 'NaN'],
  [{ stepSize: 0 }, 'stepSize', '0'],
  [{ stepSize: -1 }, 'stepSize', '-1'],
  [{ stepSize: Infinity }, 'stepSize', 'Infinity'],
  [{ maxDeltaH: 0 }, 'maxDeltaH', '0'],
  [{ maxDeltaH: NaN }, 'maxDeltaH', 'NaN'],
  [{ dense: 'yes' as unknown as boolean }, 'dense', 'yes'],
  [{ adaptStepSize: 1 as unknown as boolean }, 'adaptStepSize', '1'],
  [{ adaptMassMatrix: 0 as unknown as boolean }, 'adaptMassMatrix', '0'],
];

const badHmc: [HmcOptions, string, string][] = [
  [{ stepSize: -1 }, 'stepSize', '-1'],
  [{ trajectoryLength: 0 }, 'trajectoryLength', '0'],
  [{ trajectoryLength: -3 }, 'trajectoryLength', '-3'],
  [{ trajectoryLength: Infinity }, 'trajectoryLength', 'Infinity'],
  [{ trajectoryLength: NaN }, 'trajectoryLength', 'NaN'],
  [{ targetAccept: 2 }, 'targetAccept', '2'],
  [{ maxSteps: 0 }, 'maxSteps', '0'],
  [{ maxSteps: 2.5 }, 'maxSteps', '2.5'],
];

const cases: ErrorCase[] = [
  ...badNuts.map(([o, arg, v]) => ({
    name: `nuts(${JSON.stringify(o)})`,
    run: () => nuts(o),
    error: ArgumentError,
    mentions: ['nuts', arg, `got ${v}`],
  })),
  ...badHmc.map(([o, arg, v]) => ({
    name: `hmc(${JSON.stringify(o)})`,
    run: () => hmc(o),
    error: ArgumentError,
    mentions: ['hmc', arg, `got ${v}`],
  })),
  {
    name: 'mcmc with a hand-made kernel { kind: nuts, options: { maxTreeDepth: 0 } }',
    run: () => mcmc(model, { kernel: { kind: 'nuts', options: { maxTreeDepth: 0 } } }),
    error: ArgumentError,
    mentions: ['nuts', 'maxTreeDepth', 'got 0'],
  },
  {
    name: "mcmc with kernel { kind: 'mh' }",
    run: () => mcmc(model, { kernel: { kind: 'mh', options: {} } as unknown as Kernel }),
    error: ArgumentError,
    mentions: ['mcmc', 'kernel', 'nuts() or hmc()'],
  },
  ...(
    [
      ['numSamples', 0],
      ['numSamples', 2.5],
      ['numWarmup', -1],
      ['numWarmup', NaN],
      ['numChains', 0],
      ['initRadius', 0],
      ['initRadius', Infinity],
      ['initRadius', NaN],
    ] as const
  ).map(([arg, v]) => ({
    name: `mcmc({ ${arg}: ${v} })`,
    run: () => mcmc(model, { [arg]: v }),
    error: ArgumentError,
    mentions: ['mcmc', arg, `got ${v}`],
  })),
];

describe('item 3: kernel and mcmc options are validated', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('valid edge options are accepted', () => {
    expect(nuts({ maxTreeDepth: 1, targetAccept: 0.99, maxDeltaH: Infinity }).kind).toBe('nuts');
    expect(hmc({ trajectoryLength: 0.1, stepSize: 1e-3 }).kind).toBe('hmc');
  });
});
