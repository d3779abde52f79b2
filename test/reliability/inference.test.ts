/**
 * Issue 12, bad inputs to the model language and inference: site shapes in
 * logJoint/condition/substitute (item 2), a NaN log density in logJoint (item 7).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  condition,
  constraints,
  param,
  type Constraint,
  Dirichlet,
  factor,
  logJoint,
  Normal,
  plate,
  sample,
  seed,
  ShapeError,
  substitute,
  trace,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const scalarMu = (): void => {
  const mu = sample('mu', new Normal(0, 1));
  sample('y', new Normal(mu, 1), { obs: 0.5 });
};
const inPlate = (): void => {
  plate('data', 3, () => sample('z', new Normal(0, 1)));
};
const simplex = (): void => {
  sample('p', new Dirichlet([1, 1, 1]));
};
const run = (m: () => void) => (): unknown => trace(seed(m, 0)).getTrace();

const shapeCases: ErrorCase[] = [
  {
    name: "logJoint: scalar site 'mu' given [1, 2, 3]",
    run: () => logJoint(scalarMu, [], { mu: [1, 2, 3] }),
    error: ShapeError,
    mentions: ['logJoint', "site 'mu'", 'shape [3]', 'has shape []'],
  },
  {
    name: "logJoint: plate site 'z' of shape [3] given 2 values",
    run: () => logJoint(inPlate, [], { z: [0, 1] }),
    error: ShapeError,
    mentions: ['logJoint', "site 'z'", 'shape [2]', 'has shape [3]'],
  },
  {
    name: "logJoint: Dirichlet site 'p' (event shape [3]) given a scalar",
    run: () => logJoint(simplex, [], { p: 0.5 }),
    error: ShapeError,
    mentions: ['logJoint', "site 'p'", 'shape []', 'event shape [3]', 'has shape [3]'],
  },
  {
    name: "condition: scalar site 'mu' given [1, 2, 3]",
    run: run(condition(scalarMu, { mu: [1, 2, 3] })),
    error: ShapeError,
    mentions: ['condition', "site 'mu'", 'shape [3]', 'has shape []'],
  },
  {
    name: "condition: plate site 'z' given [[1, 2, 3]]",
    run: run(condition(inPlate, { z: [[1, 2, 3]] })),
    error: ShapeError,
    mentions: ['condition', "site 'z'", 'shape [1,3]', 'has shape [3]'],
  },
  {
    name: "substitute: scalar site 'mu' given [1, 2]",
    run: run(substitute(scalarMu, { mu: [1, 2] })),
    error: ShapeError,
    mentions: ['substitute', "site 'mu'", 'shape [2]', 'has shape []'],
  },
  {
    name: "substitute (function): site 'p' given [0.5, 0.5]",
    run: run(substitute(simplex, (m) => (m.name === 'p' ? [0.5, 0.5] : undefined))),
    error: ShapeError,
    mentions: ['substitute', "site 'p'", 'shape [2]', 'has shape [3]'],
  },
];

const nanCases: ErrorCase[] = [
  {
    name: "logJoint(() => factor('f', NaN))",
    run: () => logJoint(() => factor('f', NaN), [], {}),
    error: ArgumentError,
    mentions: ['logJoint', 'NaN', "factor site 'f'"],
  },
  {
    name: "logJoint with a factor 'penalty' NaN at the given value",
    run: () =>
      logJoint(
        () => {
          const x = sample('x', new Normal(0, 1));
          factor('penalty', x.item() > 0 ? NaN : 0);
        },
        [],
        { x: 1 },
      ),
    error: ArgumentError,
    mentions: ['logJoint', 'NaN', "factor site 'penalty'"],
  },
];

describe('item 2: a value for a site must have the site shape', () => {
  it.each(shapeCases)('$name', (c) => void expectError(c));

  it('matching shapes still work (scalar, plate, event shape)', () => {
    expect(logJoint(scalarMu, [], { mu: 0 }).item()).toBeCloseTo(
      -2 * 0.9189385332046728 - 0.125,
      12,
    );
    expect(logJoint(inPlate, [], { z: [0, 0, 0] }).item()).toBeCloseTo(-3 * 0.9189385332046728, 12);
    expect(Number.isFinite(logJoint(simplex, [], { p: [0.2, 0.3, 0.5] }).item())).toBe(true);
  });
});

describe('item 7: a NaN log density in logJoint names the site', () => {
  it.each(nanCases)('$name', (c) => void expectError(c));

  it('a -Infinity factor is no error (zero density)', () => {
    expect(logJoint(() => factor('f', -Infinity), [], {}).item()).toBe(-Infinity);
  });
});

const paramCases: ErrorCase[] = [
  {
    name: "param('s', -1, { constraint: constraints.positive })",
    run: () => param('s', -1, { constraint: constraints.positive }),
    error: ArgumentError,
    mentions: ['param', "'s'", 'outside its constraint', 'positive (> 0)', 'entry 0', '-1'],
  },
  {
    name: "param('s', 0, positive): the boundary is outside an open set",
    run: () => param('s', 0, { constraint: constraints.positive }),
    error: ArgumentError,
    mentions: ['param', "'s'", 'positive (> 0)', 'entry 0'],
  },
  {
    name: "param('p', [0.5, 1.5], unitInterval)",
    run: () => param('p', [0.5, 1.5], { constraint: constraints.unitInterval }),
    error: ArgumentError,
    mentions: ['param', "'p'", 'outside its constraint', 'entry 1', '1.5'],
  },
  {
    name: "param('w', () => [0.2, 0.2], simplex) from an init function",
    run: () => param('w', () => [0.2, 0.2], { constraint: constraints.simplex }),
    error: ArgumentError,
    mentions: ['param', "'w'", 'outside its constraint', 'entry 0'],
  },
  {
    name: "param('t', NaN, real)",
    run: () => param('t', NaN),
    error: ArgumentError,
    mentions: ['param', "'t'", 'NaN'],
  },
  {
    name: "param('s', 1, { constraint: 'positive' })",
    run: () => param('s', 1, { constraint: 'positive' as unknown as Constraint }),
    error: ArgumentError,
    mentions: ['param', "'s'", 'must be a Constraint', 'positive'],
  },
];

describe('item 6: a param initial value must lie in its constraint', () => {
  it.each(paramCases)('$name', (c) => void expectError(c));

  it('values inside the constraint are returned as they are', () => {
    expect(param('s', 2, { constraint: constraints.positive }).item()).toBe(2);
    expect(param('w', [0.5, 0.5], { constraint: constraints.simplex }).toArray()).toEqual([
      0.5, 0.5,
    ]);
  });
});
