/**
 * Issue 12, item 15: no native TypeError escapes from inside the library for a bad
 * customGradient function, a bad Variable constraint, or a bad rng (the last in
 * tensor.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  customGradient,
  grad,
  variable,
  type CustomGradientResult,
  type Tensor,
  type VariableOptions,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

type Fn = (x: Tensor) => CustomGradientResult;

const cases: ErrorCase[] = [
  {
    name: 'customGradient returning { grad } without value',
    run: () => customGradient(((_x: Tensor) => ({ grad: (g: Tensor) => g })) as unknown as Fn)(1),
    error: ArgumentError,
    mentions: ['customGradient', 'must return { value: Tensor', 'value undefined'],
  },
  {
    name: 'customGradient returning nothing (named op)',
    run: () => customGradient((() => undefined) as unknown as Fn, { name: 'myRound' })(1),
    error: ArgumentError,
    mentions: ['myRound', 'must return { value: Tensor', 'got undefined'],
  },
  {
    name: 'customGradient returning a number as value',
    run: () =>
      customGradient(((_x: Tensor) => ({ value: 3, grad: (g: Tensor) => g })) as unknown as Fn)(1),
    error: ArgumentError,
    mentions: ['customGradient', 'value 3'],
  },
  {
    name: 'customGradient returning { value } without grad',
    run: () => customGradient(((x: Tensor) => ({ value: x })) as unknown as Fn)(1),
    error: ArgumentError,
    mentions: ['customGradient', 'grad a function', 'got grad undefined'],
  },
  {
    name: 'variable(x, { constraint: () => undefined })',
    run: () =>
      variable([1, 2], {
        name: 'w',
        constraint: (() => undefined) as unknown as VariableOptions['constraint'],
      }),
    error: ArgumentError,
    mentions: ["constraint of 'w'", 'must return a Tensor', 'got undefined'],
  },
  {
    name: "variable(x, { constraint: 'positive' })",
    run: () =>
      variable([1, 2], {
        name: 'w',
        constraint: 'positive' as unknown as VariableOptions['constraint'],
      }),
    error: ArgumentError,
    mentions: ['variable', "constraint of 'w'", 'must be a function', 'positive'],
  },
  {
    name: 'a constraint that returns null on assign',
    run: () => {
      let calls = 0;
      const v = variable([1], {
        name: 'late',
        constraint: ((t: Tensor) => (calls++ > 0 ? null : t)) as VariableOptions['constraint'],
      });
      return v.assign([2]);
    },
    error: ArgumentError,
    mentions: ['late.assign', "constraint of 'late'", 'got null'],
  },
];

describe('item 15: library errors instead of native TypeErrors', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('a well-formed customGradient still works', () => {
    const st = customGradient((x: Tensor) => ({ value: x, grad: (g) => g }));
    expect(grad(st)(2).item()).toBe(1);
  });
});
