/**
 * Pins the bits of two `fit` runs (recorded from main at 53dacdf, before the compiled
 * step's per-step overhead was trimmed): a W1-like BumpLayer + Adam fit, and a
 * DenseFlipout (noise, added KL loss) + Dense (L2 penalty) fit with SGD. Any change to
 * the training path that moves a single bit of the weights or the losses fails here.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BumpLayer, Dense, DenseFlipout, Sequential, SGD } from '../../src/index.js';
import { generateData } from '../../examples/bump-sigma-sweep.js';

const sha256 = (a: readonly number[]): string =>
  createHash('sha256')
    .update(new Uint8Array(Float64Array.from(a).buffer))
    .digest('hex');

describe('fit results are pinned bit for bit', () => {
  it.each([
    {
      name: 'BumpLayer, Adam, batch 32 (W1-like)',
      run: () => {
        const { x, y } = generateData(0.5, { n: 3000, minX: -0.1, maxX: 0.1, seed: 1 });
        const m = new Sequential([new BumpLayer({ inputShape: [1], seed: 2 })]);
        m.compile({ loss: 'mse', optimizer: 'adam' });
        const h = m.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0, seed: 3 });
        return { m, loss: h.history.loss as number[] };
      },
      weights: '92a1bf124c8c95e458900f9d71735361755db2dc5c2ecda89b869fc8fb62a107',
      loss: 'a9faebde348df5eae49cfc85f34fb3e03434a6cc401eb2fd929fd6519dd34313',
    },
    {
      name: 'DenseFlipout + Dense with L2, SGD, batch 16 (noise, added losses)',
      run: () => {
        const xs = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
        const ys = xs.map(([a, b]) => [a * b + 0.1 * a]);
        const m = new Sequential([
          new DenseFlipout({ units: 4, inputShape: [2], seed: 5 }),
          new Dense({ units: 1, seed: 6, kernelRegularizer: 'l2' }),
        ]);
        m.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.05 }) });
        const h = m.fit(xs, ys, { epochs: 3, batchSize: 16, verbose: 0, seed: 7 });
        return { m, loss: h.history.loss as number[] };
      },
      weights: '4e195f0e8c199a7fe60985eddd87ab3e8dff2dd41af4fb22888bec879782dbf4',
      loss: 'c8b6d94f253d4c58bec891f5a255efbdbe0dff213a60e4d1a2f8c5a8496b5a67',
    },
  ])('$name', ({ run, weights, loss }) => {
    const r = run();
    expect(sha256(r.m.getWeights().flatMap((w) => [...w.data]))).toBe(weights);
    expect(sha256(r.loss)).toBe(loss);
  });
});
