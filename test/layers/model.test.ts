/**
 * Sequential: building, weights, compile, fit / evaluate / predict, shape errors that
 * name the expected and actual shapes, callbacks, validation, reproducibility.
 */
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Adam,
  BumpLayer,
  Dense,
  L2,
  Layer,
  mul,
  NonNeg,
  Sequential,
  SGD,
  tensor,
  type Callback,
  type Tensor,
  type Variable,
  GaussianBump,
  SoftRound,
  StraightThroughRound,
  NormalizedSigmoid,
} from '../../src/index.js';

function linearData(n: number): { x: number[][]; y: number[][] } {
  const x = Array.from({ length: n }, (_, i) => [i / n, (i % 7) / 7]);
  return { x, y: x.map(([a, b]) => [2 * a - 3 * b + 0.5]) };
}

describe('building and weights', () => {
  it('builds on add when the first layer has an inputShape, else on the first call', () => {
    const eager = new Sequential([
      new Dense({ units: 4, inputShape: [3] }),
      new Dense({ units: 2 }),
    ]);
    expect(eager.getWeights().map((w) => w.shape)).toEqual([[3, 4], [4], [4, 2], [2]]);
    const lazy = new Sequential([new Dense({ units: 2 })]);
    expect(lazy.weights).toHaveLength(0);
    lazy.predict([[1, 2, 3, 4, 5]]);
    expect(lazy.getWeights()[0].shape).toEqual([5, 2]);
    expect(eager.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2);
  });

  it('names layers and weights like Keras', () => {
    const a = new Dense({ units: 1, name: 'out', inputShape: [2] });
    const model = new Sequential([a]);
    expect(model.weights.map((w) => w.name)).toEqual(['out/kernel', 'out/bias']);
    expect(new BumpLayer().name).toMatch(/^bump_layer(_\d+)?$/);
  });

  it('setWeights checks the count and the shapes, naming the weight', () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [3], name: 'd' })]);
    expect(() => model.setWeights([[1]])).toThrow(
      /expected 2 value\(s\) \(d\/kernel \[3,2\], d\/bias \[2\]\), got 1/,
    );
    expect(() => model.setWeights([[[1, 2, 3]], [0, 0]])).toThrow(
      "weight 'd/kernel' has shape [3,2], got a value of shape [1,3]",
    );
    model.setWeights([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [0.5, -0.5],
    ]);
    expect(model.predict([[1, 1, 1]]).toArray()).toEqual([[9.5, 11.5]]);
  });

  it('a frozen layer has no trainable weights and fit leaves it alone', () => {
    const frozen = new Dense({ units: 1, inputShape: [2], trainable: false, seed: 1 });
    const model = new Sequential([frozen, new Dense({ units: 1, seed: 2 })]);
    const before = frozen.getWeights()[0].toArray();
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    const { x, y } = linearData(64);
    model.fit(x, y, { epochs: 2, verbose: 0 });
    expect(frozen.getWeights()[0].toArray()).toEqual(before);
    expect(model.trainableWeights).toHaveLength(2);
    expect(model.nonTrainableWeights).toHaveLength(2);
  });
});

describe('fit, evaluate, predict', () => {
  it('learns a linear map with Dense + Adam, and reports a History', () => {
    const { x, y } = linearData(256);
    const model = new Sequential([new Dense({ units: 1, inputShape: [2], seed: 3 })]);
    model.compile({ loss: 'mse', optimizer: new Adam({ learningRate: 0.05 }), metrics: ['mae'] });
    const h = model.fit(x, y, { epochs: 60, batchSize: 32, verbose: 0, seed: 4 });
    expect(h.epoch).toHaveLength(60);
    expect(Object.keys(h.history)).toEqual(['loss', 'mae']);
    expect(h.history.loss[59]).toBeLessThan(1e-4);
    const [kernel, bias] = model.getWeights();
    expect(kernel.toArray()).toEqual([[expect.closeTo(2, 2)], [expect.closeTo(-3, 2)]]);
    expect(bias.item()).toBeCloseTo(0.5, 2);
    const e = model.evaluate(x, y);
    expect(e.loss).toBeCloseTo(h.history.loss[59], 3);
    expect(model.predict(x).shape).toEqual([256, 1]);
  });

  it('predict in batches equals one pass', () => {
    const model = new Sequential([
      new Dense({ units: 3, inputShape: [2], activation: 'tanh', seed: 5 }),
    ]);
    const { x } = linearData(100);
    expect(model.predict(x, { batchSize: 7 }).toArray()).toEqual(
      model.predict(x, { batchSize: 1000 }).toArray(),
    );
  });

  it('validationSplit holds out the last samples and reports val_ figures', () => {
    const { x, y } = linearData(100);
    const model = new Sequential([new Dense({ units: 1, inputShape: [2], seed: 6 })]);
    model.compile({ loss: 'mse', optimizer: 'adam', metrics: ['mae'] });
    let steps = 0;
    const h = model.fit(x, y, {
      epochs: 2,
      batchSize: 10,
      validationSplit: 0.2,
      verbose: 0,
      callbacks: [{ setParams: (p) => void (steps = p.steps) }],
    });
    expect(steps).toBe(8); // 80 training samples
    expect(Object.keys(h.history)).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    const val = model.evaluate(x.slice(80), y.slice(80));
    expect(h.history.val_loss[1]).toBeCloseTo(val.loss, 14);
  });

  it('calls callbacks in order and stops when a callback sets stopTraining', () => {
    const { x, y } = linearData(64);
    const model = new Sequential([new Dense({ units: 1, inputShape: [2], seed: 7 })]);
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    const events: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => void events.push('train'),
      onEpochBegin: (e) => void events.push(`epoch ${e}`),
      onBatchEnd: (b) => {
        events.push(`batch ${b}`);
        if (b === 0) model.stopTraining = true;
      },
      onEpochEnd: (e, logs) => void events.push(`end ${e} ${typeof logs.loss}`),
      onTrainEnd: () => void events.push('done'),
    };
    const h = model.fit(x, y, { epochs: 5, verbose: 0, callbacks: [cb] });
    expect(events).toEqual(['train', 'epoch 0', 'batch 0', 'end 0 number', 'done']);
    expect(h.epoch).toEqual([0]);
  });

  it('is reproducible: same seeds, same weights bit for bit', () => {
    const run = (): number[] => {
      const { x, y } = linearData(96);
      const model = new Sequential([
        new Dense({ units: 2, inputShape: [2], seed: 8, activation: 'relu' }),
        new Dense({ units: 1, seed: 9 }),
      ]);
      model.compile({ loss: 'huber', optimizer: 'rmsprop' });
      model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 10 });
      return model.getWeights().flatMap((w) => Array.from(w.data));
    };
    expect(run()).toEqual(run());
  });

  it('adds regularization penalties to the loss it minimises and reports', () => {
    const model = new Sequential([
      new Dense({
        units: 1,
        inputShape: [1],
        kernelInitializer: 'ones',
        kernelRegularizer: new L2({ l2: 0.5 }),
      }),
    ]);
    model.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0 }) });
    // prediction x·1 + 0 = y: mse 0, penalty 0.5·1²
    expect(model.evaluate([[1], [2]], [[1], [2]]).loss).toBe(0.5);
    const h = model.fit([[1], [2]], [[1], [2]], { epochs: 1, verbose: 0 });
    expect(h.history.loss[0]).toBe(0.5);
  });

  it('accepts 1-D x and y as one feature per sample (Keras expand_1d)', () => {
    const model = new Sequential([new Dense({ units: 1, inputShape: [1], seed: 1 })]);
    model.compile({ loss: 'mae', optimizer: 'sgd' });
    expect(
      model.fit(Float64Array.of(1, 2, 3), [2, 4, 6], { verbose: 0 }).history.loss,
    ).toHaveLength(1);
    expect(model.predict([1, 2]).shape).toEqual([2, 1]);
  });
});

describe('errors name the expected and actual shapes', () => {
  const model = new Sequential([new Dense({ units: 2, inputShape: [3], name: 'dense_in' })]);
  model.compile({ loss: 'mse', optimizer: 'adam' });

  it.each([
    [
      'fit: x features',
      () => model.fit([[1, 2]], [[1, 2]]),
      'x has shape [1,2] but the model expects inputs of shape [null,3]',
    ],
    [
      'fit: y features',
      () => model.fit([[1, 2, 3]], [[1, 2, 3]]),
      "y has shape [1,3] but the model's outputs have shape [null,2]",
    ],
    [
      'fit: sample counts',
      () =>
        model.fit(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          [[1, 2]],
        ),
      'x has 2 samples (shape [2,3]) but y has 1 (shape [1,2])',
    ],
    [
      'fit: a scalar',
      () => model.fit(3, [[1, 2]]),
      "argument 'x' must have a batch axis, got a scalar",
    ],
    [
      'predict: x features',
      () => model.predict([[1, 2, 3, 4]]),
      'x has shape [1,4] but the model expects inputs of shape [null,3]',
    ],
    [
      'evaluate: y features',
      () => model.evaluate([[1, 2, 3]], [[1]]),
      "y has shape [1,1] but the model's outputs have shape [null,2]",
    ],
    [
      'a layer called directly',
      () => model.layers[0].apply([[1]]),
      'dense_in: expected inputs of shape [null,3], got shape [1,1]',
    ],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  it('and the other misuses', () => {
    const bare = new Sequential([new Dense({ units: 1 })]);
    expect(() => bare.fit([[1]], [[1]])).toThrow(
      /the model is not compiled; call compile\(\{ loss, optimizer \}\) first/,
    );
    expect(() => bare.compile({ loss: 'msq', optimizer: 'adam' })).toThrow(
      /getLoss: unknown loss 'msq'/,
    );
    expect(() => bare.compile({ loss: 'mse', optimizer: 'adamw' })).toThrow(
      /getOptimizer: unknown optimizer 'adamw'/,
    );
    expect(() => bare.compile({ loss: 'mse', optimizer: 'sgd', metrics: ['f1'] })).toThrow(
      /unknown metric 'f1'/,
    );
    model.compile({ loss: 'mse', optimizer: 'adam' });
    expect(() => model.fit([[1, 2, 3]], [[1, 2]], { batchSize: 0 })).toThrow(
      /batchSize must be an integer >= 1, got 0/,
    );
    expect(() => model.fit([[1, 2, 3]], [[1, 2]], { validationSplit: 1 })).toThrow(
      /validationSplit must be in \[0, 1\), got 1/,
    );
    expect(() => new Sequential([model.layers[0], model.layers[0]])).toThrow(
      /is already in the model/,
    );
  });
});

describe('custom layers', () => {
  /** A layer whose weight is used only in a condition that is never true: zero, not missing. */
  class Gate extends Layer {
    w: Variable | undefined;
    override build(): void {
      this.w = this.addWeight({
        name: 'w',
        shape: [1],
        initializer: 'ones',
        constraint: new NonNeg(),
      });
    }
    call(x: Tensor): Tensor {
      return mul(x, this.w as Variable);
    }
  }

  it('compose with built-in layers and train', () => {
    const gate = new Gate({ inputShape: [1] });
    const model = new Sequential([gate, new Activation({ activation: 'linear' })]);
    model.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.1 }) });
    model.fit(tensor([[1], [2], [3]]), tensor([[2], [4], [6]]), {
      epochs: 50,
      verbose: 0,
      seed: 1,
    });
    expect(gate.getWeights()[0].item()).toBeCloseTo(2, 6);
  });

  it('reject duplicate weight names', () => {
    class Twice extends Layer {
      override build(): void {
        this.addWeight({ name: 'k', shape: [1] });
        this.addWeight({ name: 'k', shape: [1] });
      }
      call(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Twice({ name: 'twice' }).apply([[1]])).toThrow(
      "twice.addWeight: the layer already has a weight named 'k'",
    );
  });
});

describe('fit compiles its training step (jit), checked against eager execution', () => {
  function train(model: Sequential, runEagerly: boolean, metrics: string[] = []): number[][] {
    model.compile({
      loss: 'mse',
      optimizer: new Adam({ learningRate: 0.01 }),
      metrics,
      runEagerly,
    });
    const { x, y: y1 } = linearData(100); // batches of 32, 32, 32 and 4: two traces
    // bump and Peek layers keep the input's width 2
    const y =
      model.layers.at(-1) instanceof Dense ? y1 : x.map(([a, b]) => [Math.exp(-a), 0.3 * b]);
    const h = model.fit(x, y, { epochs: 3, verbose: 0, seed: 4 });
    return [h.history.loss, ...model.getWeights().map((w) => Array.from(w.data))];
  }

  it('gives bit-identical weights and losses to runEagerly', () => {
    let calls = 0;
    class Counted extends Dense {
      override call(x: Tensor): Tensor {
        calls++;
        return super.call(x);
      }
    }
    const make = (): Sequential =>
      new Sequential([
        new Counted({ units: 3, inputShape: [2], activation: 'tanh', seed: 1 }),
        new Dense({ units: 1, seed: 2 }),
      ]);
    const [m1, m2] = [make(), make()];
    calls = 0;
    const compiled = train(m1, false, ['mae']);
    // 12 steps: one shape check, then per batch size one trace and one eager check
    expect(calls).toBe(5);
    calls = 0;
    expect(compiled).toEqual(train(m2, true, ['mae']));
    expect(calls).toBe(13);
    const bump = (): Sequential => new Sequential([new BumpLayer({ inputShape: [2], seed: 3 })]);
    expect(train(bump(), false)).toEqual(train(bump(), true));
  });

  it('a layer that reads tensor values into JavaScript trains eagerly, with the same result', () => {
    let calls = 0;
    class Peek extends Layer {
      w: Variable | undefined;
      override build(): void {
        this.w = this.addWeight({ name: 'w', shape: [1], initializer: 'ones' });
      }
      call(x: Tensor): Tensor {
        calls++;
        // reads x's numbers behind the tape's back: a trace would freeze them
        const shift = tensor(
          Array.from(x.data, (v) => (v > 0.5 ? 2 : 1)),
          x.shape,
        );
        return mul(mul(x, this.w as Variable), shift);
      }
    }
    const a = train(new Sequential([new Peek({ inputShape: [2] })]), false);
    expect(calls).toBeGreaterThan(12); // eager after the check failed
    const b = train(new Sequential([new Peek({ inputShape: [2] })]), true);
    expect(a).toEqual(b);
  });
});

describe('every layer, loss, regularizer and constraint trains the same compiled and eager', () => {
  /** Counts forward passes, so a test can tell compiled steps from eager ones. */
  class Count extends Layer {
    static calls = 0;
    call(x: Tensor): Tensor {
      Count.calls++;
      return x;
    }
  }
  const cases: [string, () => Layer[], string, number][] = [
    [
      'Dense relu/sigmoid, L1/L2, MinMaxNorm/UnitNorm, binary crossentropy',
      () => [
        new Dense({
          units: 4,
          activation: 'relu',
          kernelRegularizer: new L2({ l2: 0.01 }),
          seed: 1,
        }),
        new Dense({ units: 3, activation: 'softplus', kernelConstraint: 'unitnorm', seed: 2 }),
        new Dense({ units: 1, activation: 'sigmoid', biasRegularizer: 'l1', seed: 3 }),
      ],
      'binary_crossentropy',
      1,
    ],
    [
      'softmax and categorical crossentropy',
      () => [new Dense({ units: 3, seed: 4 }), new Activation({ activation: 'softmax' })],
      'categorical_crossentropy',
      3,
    ],
    ['GaussianBump, huber', () => [new GaussianBump({ seed: 5 })], 'huber', 2],
    [
      'SoftRound, mae',
      () => [new Dense({ units: 2, seed: 6 }), new SoftRound({ alpha: 3 })],
      'mae',
      2,
    ],
    [
      'StraightThroughRound, NormalizedSigmoid',
      () => [new Dense({ units: 2, seed: 7 }), new StraightThroughRound(), new NormalizedSigmoid()],
      'mse',
      2,
    ],
  ];
  for (const [name, layers, loss, width] of cases) {
    it(name, () => {
      const n = 70; // batches of 32, 32, 6
      const x = Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
      const y = x.map(([a, b]) =>
        Array.from({ length: width }, (_, k) =>
          loss.endsWith('crossentropy') ? (k === (a > b ? 0 : width - 1) ? 1 : 0) : a * b + k,
        ),
      );
      const run = (runEagerly: boolean): number[][] => {
        const model = new Sequential([new Count({ inputShape: [2] }), ...layers()]);
        model.compile({ loss, optimizer: new Adam({ learningRate: 0.05 }), runEagerly });
        Count.calls = 0;
        const h = model.fit(x, y, { epochs: 4, verbose: 0, seed: 9 });
        return [h.history.loss, ...model.getWeights().map((w) => Array.from(w.data))];
      };
      const compiled = run(false);
      expect(Count.calls).toBe(5); // shape check, then a trace and a check per batch size
      expect(compiled).toEqual(run(true));
      expect(Count.calls).toBe(13);
    });
  }
});
