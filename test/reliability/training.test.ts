/**
 * Issue 12, item 4: `fit` checks its data up front (naming the array and the first bad
 * index) and stops with a clear error when the loss becomes non-finite, leaving the
 * weights of the last finite step.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Dense,
  NonFiniteError,
  NonFiniteLossError,
  Sequential,
  SGD,
  type Tensor,
} from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const model = (lr = 0.01): Sequential => {
  const m = new Sequential([new Dense({ units: 1, inputShape: [2], name: 'd' })]);
  m.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse' });
  return m;
};
const x = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
];
const y = [[1], [2], [3], [4]];
const fit0 = { verbose: 0, epochs: 2 } as const;

const dataCases: ErrorCase[] = [
  {
    name: 'fit with NaN in x',
    run: () =>
      model().fit(
        [
          [0, 1],
          [1, NaN],
          [2, 3],
          [3, 4],
        ],
        y,
        fit0,
      ),
    error: ArgumentError,
    mentions: ['fit', 'x holds NaN', 'index [1,1]', 'sample 1'],
  },
  {
    name: 'fit with Infinity in y',
    run: () => model().fit(x, [[1], [2], [Infinity], [4]], fit0),
    error: ArgumentError,
    mentions: ['fit', 'y holds Infinity', 'index [2,0]', 'sample 2'],
  },
  {
    name: 'fit with -Infinity in a 1-D y',
    run: () => model().fit(x, [1, 2, 3, -Infinity], fit0),
    error: ArgumentError,
    mentions: ['fit', 'y holds -Infinity', 'index [3,0]', 'sample 3'],
  },
  {
    name: 'fit with a Float64Array x holding NaN',
    run: () => {
      const m = new Sequential([new Dense({ units: 1, inputShape: [1] })]);
      m.compile({ optimizer: new SGD(), loss: 'mse' });
      return m.fit(Float64Array.of(1, NaN), [1, 2], fit0);
    },
    error: ArgumentError,
    mentions: ['fit', 'x holds NaN', 'index [1,0]'],
  },
  {
    name: 'fit with NaN in validationData[0]',
    run: () => model().fit(x, y, { ...fit0, validationData: [[[NaN, 0]], [[1]]] }),
    error: ArgumentError,
    mentions: ['fit', 'validationData[0] holds NaN', 'index [0,0]'],
  },
  {
    name: 'fit with Infinity in validationData[1]',
    run: () => model().fit(x, y, { ...fit0, validationData: [[[0, 0]], [[Infinity]]] }),
    error: ArgumentError,
    mentions: ['fit', 'validationData[1] holds Infinity', 'index [0,0]'],
  },
  {
    name: 'evaluate with NaN in y',
    run: () => model().evaluate(x, [[1], [NaN], [3], [4]]),
    error: ArgumentError,
    mentions: ['evaluate', 'y holds NaN', 'index [1,0]'],
  },
];

describe('item 4: fit checks its data', () => {
  it.each(dataCases)('$name', (c) => void expectError(c));
});

describe('item 4: fit stops on a non-finite loss', () => {
  it('diverging SGD: a NonFiniteLossError naming epoch and batch; weights of the last finite step', () => {
    const m = model(10);
    let last: Tensor[] = [];
    let steps = 0;
    const e = expectError({
      name: 'fit diverging',
      run: () =>
        m.fit(x, y, {
          verbose: 0,
          epochs: 1000,
          batchSize: 4,
          callbacks: [
            {
              onBatchEnd: () => {
                steps++;
                last = m.getWeights();
              },
            },
          ],
        }),
      error: NonFiniteLossError,
      mentions: ['sequential', '.fit', 'the loss became', 'Infinity', 'epoch', 'batch 1'],
    }) as NonFiniteLossError;
    expect(e).toBeInstanceOf(NonFiniteError);
    expect(e.epoch).toBe(steps); // one batch per epoch: the failing epoch is the next one
    expect(e.message).toContain(`epoch ${steps + 1}, batch 1`);
    expect(e.batch).toBe(0);
    const now = m.getWeights();
    expect(now.every((w) => w.data.every(Number.isFinite))).toBe(true);
    expect(now.map((w) => w.toArray())).toEqual(last.map((w) => w.toArray()));
  });

  it('a loss that is Infinity at the first step leaves the initial weights', () => {
    const m = model(1e200);
    const before = m.getWeights().map((w) => w.toArray());
    expectError({
      name: 'fit overflow',
      run: () => m.fit([[1e200, 0]], [[1]], { verbose: 0 }),
      error: NonFiniteLossError,
      mentions: ['fit', 'Infinity', 'epoch 1, batch 1'],
    });
    expect(m.getWeights().map((w) => w.toArray())).toEqual(before);
  });
});
