/**
 * Issue 12, item 11: SVI names a guide site the model lacks, and rejects a bad step count.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  autoMultivariateNormal,
  constraints,
  Normal,
  param,
  sample,
  svi,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const model = (): void => {
  const mu = sample('mu', new Normal(0, 1));
  sample('y', new Normal(mu, 1), { obs: 1 });
};
const guideWith = (names: string[]) => (): void => {
  const loc = param('loc', 0);
  const s = param('s', 1, { constraint: constraints.positive });
  for (const n of names) sample(n, new Normal(loc, s));
};

const cases: ErrorCase[] = [
  {
    name: "a guide site 'muu' (misspelt) the model lacks",
    run: () => svi(model, guideWith(['mu', 'muu']), { seed: 0 }).step(),
    error: ArgumentError,
    mentions: ['svi', "guide's site 'muu'", 'not a site of the model'],
  },
  {
    name: 'a guide with only the misspelt site',
    run: () => svi(model, guideWith(['m']), { seed: 0 }).run(3, []),
    error: ArgumentError,
    mentions: ['svi', "'m'"],
  },
  {
    name: "a guide missing the model's latent 'mu'",
    run: () => svi(model, guideWith([]), { seed: 0 }).step(),
    error: ArgumentError,
    mentions: ['svi', "latent site 'mu'"],
  },
  ...[-1, 2.5, NaN, Infinity].map((steps) => ({
    name: `svi.run(${steps}, [])`,
    run: () => svi(model, guideWith(['mu']), { seed: 0 }).run(steps, []),
    error: ArgumentError,
    mentions: ['SVI.run', 'steps', `got ${steps}`],
  })),
];

describe('item 11: SVI model/guide mismatches and step counts', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('an auxiliary guide site is allowed (autoMultivariateNormal), run(0) is []', () => {
    const s = svi(model, autoMultivariateNormal(model), { seed: 0 });
    expect(s.run(5, []).every(Number.isFinite)).toBe(true);
    expect(s.run(0, [])).toEqual([]);
  });
});
