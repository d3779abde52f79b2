/**
 * Issue 12, item 5: every optimizer rejects a NaN or ±Infinity gradient with a
 * NonFiniteGradientError naming the variable, and leaves the variables, the slots and
 * the step count as they were (so one bad gradient cannot poison Adam's moments).
 */
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  NonFiniteError,
  NonFiniteGradientError,
  RMSprop,
  SGD,
  variable,
  type Optimizer,
} from '../../src/index.js';
import { expectError } from './expect-error.js';

const optimizers: { name: string; make: () => Optimizer; slots: string[] }[] = [
  { name: 'SGD', make: () => new SGD({ learningRate: 0.1 }), slots: ['momentum'] },
  { name: 'SGD momentum', make: () => new SGD({ momentum: 0.9 }), slots: ['momentum'] },
  {
    name: 'SGD nesterov',
    make: () => new SGD({ momentum: 0.9, nesterov: true }),
    slots: ['momentum'],
  },
  { name: 'Adam', make: () => new Adam({ learningRate: 0.1 }), slots: ['m', 'v', 'vhat'] },
  { name: 'Adam amsgrad', make: () => new Adam({ amsgrad: true }), slots: ['m', 'v', 'vhat'] },
  {
    name: 'RMSprop',
    make: () => new RMSprop(),
    slots: ['velocity', 'momentum', 'averageGradient'],
  },
  {
    name: 'RMSprop centered momentum',
    make: () => new RMSprop({ centered: true, momentum: 0.5 }),
    slots: ['velocity', 'momentum', 'averageGradient'],
  },
  { name: 'Adagrad', make: () => new Adagrad({ learningRate: 0.1 }), slots: ['accumulator'] },
  { name: 'Adam clipNorm', make: () => new Adam({ clipNorm: 1 }), slots: ['m', 'v', 'vhat'] },
  {
    name: 'SGD clipValue',
    make: () => new SGD({ clipValue: 1, momentum: 0.5 }),
    slots: ['momentum'],
  },
];

const bad: [string, number][] = [
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

describe('item 5: optimizers reject non-finite gradients', () => {
  for (const o of optimizers) {
    it.each(bad)(`${o.name}: a %s gradient throws, nothing changes`, (label, value) => {
      const opt = o.make();
      const a = variable([1, -2], { name: 'a' });
      const b = variable([0.5, 3, 4], { name: 'b' });
      opt.apply(
        [
          [0.3, -0.1],
          [0.2, 0.4, -1],
        ],
        [a, b],
      ); // a first good step fills the slots
      const snap = (): unknown => [
        a.toArray(),
        b.toArray(),
        opt.iterations,
        o.slots.map((s) => [opt.getSlot(a, s)?.toArray(), opt.getSlot(b, s)?.toArray()]),
      ];
      const before = snap();
      for (const slot of o.slots) expect(opt.getSlot(a, slot), slot).toBeDefined();
      const e = expectError({
        name: `${o.name} with ${label} in b`,
        run: () =>
          opt.apply(
            [
              [0.1, 0.1],
              [0.2, value, 0],
            ],
            [a, b],
          ),
        error: NonFiniteGradientError,
        mentions: [`${opt.name}.apply`, "variable 'b'", label, 'flat index 1'],
      }) as NonFiniteGradientError;
      expect(e.variable).toBe('b');
      expect(e).toBeInstanceOf(NonFiniteError);
      expect(snap()).toEqual(before); // 'a' (a finite gradient, listed first) did not move either
      // and the next good step is the one a fresh run would take
      const ref = o.make();
      const a2 = variable([1, -2], { name: 'a' });
      const b2 = variable([0.5, 3, 4], { name: 'b' });
      ref.apply(
        [
          [0.3, -0.1],
          [0.2, 0.4, -1],
        ],
        [a2, b2],
      );
      ref.apply(
        [
          [0.1, 0.2],
          [0, 0, 1],
        ],
        [a2, b2],
      );
      opt.apply(
        [
          [0.1, 0.2],
          [0, 0, 1],
        ],
        [a, b],
      );
      expect([a.toArray(), b.toArray()]).toEqual([a2.toArray(), b2.toArray()]);
    });
  }

  it('a scalar variable: NaN named, value unchanged (first update, no slots made)', () => {
    const opt = new Adam();
    const s = variable(2, { name: 'scale' });
    expectError({
      name: 'Adam scalar NaN',
      run: () => opt.apply([NaN], [s]),
      error: NonFiniteGradientError,
      mentions: ['Adam.apply', "variable 'scale'", 'NaN'],
    });
    expect(s.item()).toBe(2);
    expect(opt.getSlot(s, 'm')).toBeUndefined();
    expect(opt.iterations).toBe(0);
  });
});
