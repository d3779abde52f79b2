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
  SGD,
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

describe('a compiled SVI step meets bad distribution arguments as an eager one does', () => {
  // an unconstrained scale that plain SGD drives below 0 at the third step
  const guide = (): void => {
    sample('mu', new Normal(param('m', 0), param('s', 0.3)));
  };
  const run = (runEagerly: boolean): { steps: number; error: unknown } => {
    const r = svi(model, guide, { optimizer: new SGD({ learningRate: 0.5 }), seed: 0, runEagerly });
    let steps = 0;
    try {
      for (; steps < 20; steps++) r.step();
    } catch (e) {
      return { steps, error: e };
    }
    return { steps, error: undefined };
  };

  it('throws the same ArgumentError at the same step, compiled or eager (not a NaN loss)', () => {
    const eager = run(true);
    const compiled = run(false);
    expect(eager.error).toBeInstanceOf(ArgumentError);
    expect(compiled.error).toBeInstanceOf(ArgumentError);
    expect((compiled.error as Error).message).toBe((eager.error as Error).message);
    expect((compiled.error as Error).message).toMatch(/Normal: argument 'scale' must be positive/);
    expect(compiled.steps).toBe(eager.steps);
    expect(compiled.steps).toBeGreaterThan(1); // the failing step was a compiled one
  });
});
