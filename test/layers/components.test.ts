/**
 * Initializers, constraints, regularizers, losses and activations: values against
 * Keras's formulas, stability at extreme logits, gradients against central differences.
 */
import { describe, expect, it } from 'vitest';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  Constant,
  Dense,
  getActivation,
  getConstraint,
  getInitializer,
  getLoss,
  getRegularizer,
  GlorotNormal,
  GlorotUniform,
  gradcheck,
  HeNormal,
  Huber,
  L1,
  L1L2,
  L2,
  MeanAbsoluteError,
  MeanSquaredError,
  MinMaxNorm,
  NonNeg,
  Ones,
  RandomNormal,
  RandomUniform,
  tensor,
  UnitNorm,
  Zeros,
  type Variable,
  type WeightConstraint,
  type Loss,
} from '../../src/index.js';

const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: Float64Array): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

describe('initializers', () => {
  it.each([
    ['Zeros', new Zeros(), 0, 0],
    ['Ones', new Ones(), 1, 0],
    ['Constant', new Constant({ value: -2 }), -2, 0],
    [
      'RandomUniform(-1, 1)',
      new RandomUniform({ minval: -1, maxval: 1, seed: 1 }),
      0,
      1 / Math.sqrt(3),
    ],
    ['RandomNormal(1, 2)', new RandomNormal({ mean: 1, stddev: 2, seed: 1 }), 1, 2],
    // Keras: Glorot uniform limit sqrt(6/(fanIn+fanOut)) → std sqrt(2/(fanIn+fanOut))
    ['GlorotUniform [200, 300]', new GlorotUniform({ seed: 1 }), 0, Math.sqrt(2 / 500)],
    ['GlorotNormal [200, 300]', new GlorotNormal({ seed: 1 }), 0, Math.sqrt(2 / 500)],
    ['HeNormal [200, 300]', new HeNormal({ seed: 1 }), 0, Math.sqrt(2 / 200)],
  ])('%s: mean and standard deviation', (_name, init, m, s) => {
    const w = init.init([200, 300]);
    expect(w).toHaveLength(60_000);
    expect(Math.abs(mean(w) - m)).toBeLessThanOrEqual(0.02 * Math.max(s, 1e-9) + 1e-12);
    expect(Math.abs(std(w) - s)).toBeLessThanOrEqual(0.02 * s + 1e-12);
  });

  it('truncated normals stay within two standard deviations; glorot uniform within its limit', () => {
    const sd = Math.sqrt(2 / 500) / 0.87962566103423978;
    expect(
      Math.max(...new GlorotNormal({ seed: 2 }).init([200, 300]).map(Math.abs)),
    ).toBeLessThanOrEqual(2 * sd);
    expect(
      Math.max(...new GlorotUniform({ seed: 2 }).init([200, 300]).map(Math.abs)),
    ).toBeLessThanOrEqual(Math.sqrt(6 / 500));
  });

  it('a seed makes an initializer reproducible; names resolve Keras-style', () => {
    expect(Array.from(new HeNormal({ seed: 'a' }).init([5]))).toEqual(
      Array.from(new HeNormal({ seed: 'a' }).init([5])),
    );
    expect(
      ['glorot_uniform', 'GlorotNormal', 'he_normal', 'zeros'].map((n) => getInitializer(n).name),
    ).toEqual(['GlorotUniform', 'GlorotNormal', 'HeNormal', 'Zeros']);
    expect(() => getInitializer('lecun')).toThrow(/unknown initializer 'lecun'/);
    expect(() => new RandomUniform({ minval: 1, maxval: 0 })).toThrow(
      'RandomUniform: maxval 0 is below minval 1',
    );
  });
});

describe('constraints and regularizers', () => {
  it('NonNeg, MinMaxNorm and UnitNorm project like Keras', () => {
    expect(new NonNeg().apply(tensor([-1, 0, 2])).toArray()).toEqual([0, 0, 2]);
    const w = tensor([
      [3, 0.1],
      [4, 0.1],
    ]); // column norms 5 and 0.1414
    const mm = new MinMaxNorm({ minValue: 1, maxValue: 2 }).apply(w).data;
    expect(Math.hypot(mm[0], mm[2])).toBeCloseTo((2 * 5) / (5 + 1e-7), 12);
    expect(Math.hypot(mm[1], mm[3])).toBeCloseTo(
      (1 * Math.SQRT2 * 0.1) / (Math.SQRT2 * 0.1 + 1e-7),
      12,
    );
    const half = new MinMaxNorm({ maxValue: 1, rate: 0.5 }).apply(tensor([[3], [4]])).data;
    expect(Math.hypot(half[0], half[1])).toBeCloseTo((0.5 * 1 + 0.5 * 5) * (5 / (5 + 1e-7)), 12);
    const u = new UnitNorm({ axis: 1 })
      .apply(
        tensor([
          [3, 4],
          [0, 2],
        ]),
      )
      .toArray() as number[][];
    expect(u[0][0]).toBeCloseTo(0.6, 7);
    expect(u[1][1]).toBeCloseTo(1, 7);
    expect(getConstraint('non_neg')).toBeInstanceOf(NonNeg);
  });

  it('NonNeg.applyInPlace gives apply bit for bit (-0 and NaN stay), and a weight uses it', () => {
    const values = [-2, -0, 0, 1e-300, -1e-300, 3, NaN, -Infinity, Infinity];
    const inPlace = Float64Array.from(values);
    new NonNeg().applyInPlace(inPlace);
    const applied = new NonNeg().apply(tensor(values)).data;
    expect(inPlace.length).toBe(applied.length);
    inPlace.forEach((x, i) => expect(Object.is(x, applied[i])).toBe(true));
    const make = (c: string | WeightConstraint): Variable => {
      const layer = new Dense({ units: 2, kernelConstraint: c, inputShape: [1] });
      layer.apply(tensor([[1]]));
      return layer.trainableWeights[0];
    };
    expect(
      make('non_neg')
        .assign([[-1, 2]])
        .toArray(),
    ).toEqual([[0, 2]]);
    // the weight's Variable runs the in-place form when there is one
    const fives: WeightConstraint = {
      name: 'Fives',
      apply: (w) => w,
      applyInPlace: (d) => d.fill(5),
    };
    expect(
      make(fives)
        .assign([[-1, 2]])
        .toArray(),
    ).toEqual([[5, 5]]);
  });

  it.each([
    [new L1({ l1: 0.1 }), 0.1 * 6],
    [new L2({ l2: 0.1 }), 0.1 * 14],
    [new L1L2({ l1: 1, l2: 2 }), 6 + 28],
    [getRegularizer('l2'), 0.01 * 14],
  ])('%o penalises [1, -2, 3]', (reg, expected) => {
    expect(reg.apply(tensor([1, -2, 3])).item()).toBeCloseTo(expected, 14);
  });

  it('Dense regularizers and constraints are applied', () => {
    const d = new Dense({
      units: 1,
      kernelInitializer: new Constant({ value: -1 }),
      kernelConstraint: 'non_neg',
      biasRegularizer: 'l1',
    });
    d.apply([[1, 1]]);
    expect(d.getWeights()[0].toArray()).toEqual([[0], [0]]); // the constraint also runs at creation
    expect(d.regularizationLoss()?.item()).toBe(0);
  });
});

describe('losses', () => {
  const y = tensor([
    [1, 0],
    [0, 1],
  ]);
  const p = tensor([
    [0.8, 0.2],
    [0.3, 0.7],
  ]);
  const bce = (t: number, q: number): number => -(t * Math.log(q) + (1 - t) * Math.log(1 - q));

  it.each([
    ['mse', new MeanSquaredError(), (0.04 + 0.04 + 0.09 + 0.09) / 4],
    ['mae', new MeanAbsoluteError(), (0.2 + 0.2 + 0.3 + 0.3) / 4],
    [
      'huber δ = 0.25',
      new Huber({ delta: 0.25 }),
      (2 * 0.5 * 0.04 + 2 * (0.25 * 0.3 - 0.5 * 0.0625)) / 4,
    ],
    ['binary cross-entropy', new BinaryCrossentropy(), (2 * bce(1, 0.8) + 2 * bce(1, 0.7)) / 4],
    [
      'categorical cross-entropy',
      new CategoricalCrossentropy(),
      (-Math.log(0.8) - Math.log(0.7)) / 2,
    ],
  ] as [string, Loss, number][])('%s', (_name, loss, expected) => {
    expect(loss.call(y, p).item()).toBeCloseTo(expected, 14);
  });

  it('cross-entropies from logits are exact at extreme logits (no overflow, no log 0)', () => {
    const bl = new BinaryCrossentropy({ fromLogits: true });
    expect(bl.call(tensor([1, 0]), tensor([1000, -1000])).item()).toBe(0);
    expect(bl.call(tensor([0]), tensor([1000])).item()).toBe(1000);
    expect(bl.call(tensor([1]), tensor([-40])).item()).toBeCloseTo(
      40 + Math.log1p(Math.exp(-40)),
      12,
    );
    const cl = new CategoricalCrossentropy({ fromLogits: true });
    expect(cl.call(tensor([[0, 1, 0]]), tensor([[1000, 0, -1000]])).item()).toBe(1000);
    // from probabilities: clipped like Keras, so a confident mistake costs -log(1e-7)
    expect(new BinaryCrossentropy().call(tensor([1]), tensor([0])).item()).toBeCloseTo(
      -Math.log(1e-7),
      9,
    );
  });

  it('logits and probabilities agree where both are accurate; gradients match central differences', () => {
    const z = [
      [-2, 0.5],
      [1.5, -0.3],
    ];
    const probs = z.map((r) => r.map((v) => 1 / (1 + Math.exp(-v))));
    const a = new BinaryCrossentropy({ fromLogits: true }).call(y, tensor(z)).item();
    const b = new BinaryCrossentropy().call(y, tensor(probs)).item();
    expect(a).toBeCloseTo(b, 13);
    for (const loss of [
      new BinaryCrossentropy({ fromLogits: true }),
      new CategoricalCrossentropy({ fromLogits: true }),
      new Huber(),
    ]) {
      const r = gradcheck((q) => loss.call(y, q), [z]);
      expect(r.maxRelError).toBeLessThan(1e-8);
    }
  });

  it('rejects mismatched shapes (no silent broadcasting) and resolves names', () => {
    expect(() => new MeanSquaredError().call(tensor([[1], [2]]), tensor([1, 2]))).toThrow(
      'mse: yTrue has shape [2,1] but yPred has shape [2]; they must match',
    );
    expect(
      ['mse', 'mean_squared_error', 'meanSquaredError', 'MAE', 'binary_crossentropy'].map(
        (n) => getLoss(n).name,
      ),
    ).toEqual(['mse', 'mse', 'mse', 'mae', 'binary_crossentropy']);
  });
});

describe('activations', () => {
  it.each([
    ['relu', [-1, 0, 2], [0, 0, 2]],
    ['sigmoid', [0], [0.5]],
    ['tanh', [0], [0]],
    ['softplus', [0], [Math.LN2]],
    ['linear', [-3], [-3]],
  ] as const)('%s', (name, x, y) => {
    Array.from(getActivation(name)(tensor([...x])).data).forEach((v, i) =>
      expect(v).toBeCloseTo(y[i], 15),
    );
  });

  it('softmax is over the last axis', () => {
    const s = getActivation('softmax')(
      tensor([
        [1, 1],
        [0, Math.log(3)],
      ]),
    ).toArray() as number[][];
    expect(s[0]).toEqual([0.5, 0.5]);
    expect(s[1][1]).toBeCloseTo(0.75, 15);
    expect(() => getActivation('gelu' as never)).toThrow(/unknown activation 'gelu'/);
  });
});
