/**
 * Issue 12, item 9: the Rng samplers reject bad arguments with an ArgumentError naming
 * the method, the argument and the value (they returned NaN).
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, rng, type Rng } from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const calls: [string, (r: Rng) => number, string, string][] = [
  ['gamma(-1)', (r) => r.gamma(-1), 'concentration', '-1'],
  ['gamma(0)', (r) => r.gamma(0), 'concentration', '0'],
  ['gamma(2, -1)', (r) => r.gamma(2, -1), 'rate', '-1'],
  ['gamma(NaN)', (r) => r.gamma(NaN), 'concentration', 'NaN'],
  ['poisson(-1)', (r) => r.poisson(-1), 'rate', '-1'],
  ['poisson(Infinity)', (r) => r.poisson(Infinity), 'rate', 'Infinity'],
  ['poisson(NaN)', (r) => r.poisson(NaN), 'rate', 'NaN'],
  ['normal(0, -1)', (r) => r.normal(0, -1), 'scale', '-1'],
  ['normal(0, 0)', (r) => r.normal(0, 0), 'scale', '0'],
  ['normal(NaN, 1)', (r) => r.normal(NaN, 1), 'loc', 'NaN'],
  ['normal(Infinity, 1)', (r) => r.normal(Infinity, 1), 'loc', 'Infinity'],
  ['bernoulli(2)', (r) => r.bernoulli(2), 'probs', '2'],
  ['bernoulli(-0.1)', (r) => r.bernoulli(-0.1), 'probs', '-0.1'],
  ['bernoulli(NaN)', (r) => r.bernoulli(NaN), 'probs', 'NaN'],
  ['binomial(3.5, 0.5)', (r) => r.binomial(3.5, 0.5), 'totalCount', '3.5'],
  ['binomial(-1, 0.5)', (r) => r.binomial(-1, 0.5), 'totalCount', '-1'],
  ['binomial(3, 1.5)', (r) => r.binomial(3, 1.5), 'probs', '1.5'],
  ['geometric(0)', (r) => r.geometric(0), 'probs', '0'],
  ['geometric(1.2)', (r) => r.geometric(1.2), 'probs', '1.2'],
  ['exponential(0)', (r) => r.exponential(0), 'rate', '0'],
  ['exponential(-2)', (r) => r.exponential(-2), 'rate', '-2'],
  ['beta(0, 1)', (r) => r.beta(0, 1), 'concentration1', '0'],
  ['beta(1, -1)', (r) => r.beta(1, -1), 'concentration0', '-1'],
  ['cauchy(0, -1)', (r) => r.cauchy(0, -1), 'scale', '-1'],
  ['laplace(0, NaN)', (r) => r.laplace(0, NaN), 'scale', 'NaN'],
  ['logistic(0, Infinity)', (r) => r.logistic(0, Infinity), 'scale', 'Infinity'],
];

const cases: ErrorCase[] = calls.map(([name, f, arg, v]) => ({
  name: `rng(0).${name}`,
  run: () => f(rng(0)),
  error: ArgumentError,
  mentions: [`Rng.${name.slice(0, name.indexOf('('))}`, arg, `got ${v}`],
}));

describe('item 9: Rng samplers validate their arguments', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('edge values inside the domain still draw', () => {
    const r = rng(0);
    expect(r.poisson(0)).toBe(0);
    expect(r.bernoulli(0)).toBe(0);
    expect(r.bernoulli(1)).toBe(1);
    expect(r.binomial(0, 0.3)).toBe(0);
    expect(r.geometric(1)).toBe(0);
    expect(Number.isFinite(r.gamma(1e-3, 5))).toBe(true);
  });
});
