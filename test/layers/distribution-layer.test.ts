import { describe, expect, it } from 'vitest';
import {
  Adam,
  ArgumentError,
  Dense,
  DenseFlipout,
  DistributionLayer,
  exponentialDecay,
  IndependentNormal,
  Independent,
  NegativeLogLikelihood,
  Normal,
  rng,
  Sequential,
  ShapeError,
  tensor,
} from '../../src/index.js';

function data(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const r = rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = -2 + 4 * r.uniform();
    y[i] = x[i] + (0.1 + 0.2 * Math.abs(x[i])) * r.normal();
  }
  return { x, y };
}

const model = (): Sequential =>
  new Sequential([
    new Dense({ units: 16, activation: 'relu', inputShape: [1], seed: 1 }),
    new Dense({ units: 16, activation: 'relu', seed: 2 }),
    new Dense({ units: 2, seed: 3 }),
    new IndependentNormal(1),
  ]);

describe('IndependentNormal and the negative log-likelihood', () => {
  it('scores y under N(loc, minScale + softplus(pre-scale))', () => {
    const head = new IndependentNormal(2, { minScale: 0.5 });
    const d = head.toDistribution([[1, 2, 0, 3]]);
    expect(d.eventShape).toEqual([2]);
    expect(Array.from(d.mean.data)).toEqual([1, 2]);
    const s = [0.5 + Math.log(2), 0.5 + Math.log1p(Math.exp(3))];
    d.stddev.data.forEach((v, i) => expect(v).toBeCloseTo(s[i], 14));
    const nll = new NegativeLogLikelihood((t) => head.toDistribution(t));
    const want = -(new Normal(1, s[0]).logProb(0).item() + new Normal(2, s[1]).logProb(1).item());
    expect(nll.call(tensor([[0, 1]]), tensor([[1, 2, 0, 3]])).item()).toBeCloseTo(want, 13);
  });

  it('recovers a heteroscedastic noise sd within 10% (y = x + N(0, (0.1 + 0.2|x|)²))', () => {
    const { x, y } = data(4000, 1);
    const m = model();
    const learningRate = exponentialDecay({
      initialLearningRate: 0.01,
      decaySteps: 100 * 40,
      decayRate: 0.05,
    });
    m.compile({ loss: 'negativeLogLikelihood', optimizer: new Adam({ learningRate }) });
    const h = m.fit(tensor(x, [4000, 1]), tensor(y, [4000, 1]), {
      epochs: 100,
      batchSize: 100,
      verbose: 0,
      seed: 3,
    });
    expect(h.history.loss[h.history.loss.length - 1]).toBeLessThan(h.history.loss[0]);
    const xs = [-1.5, -1, -0.5, 0.5, 1, 1.5];
    const sd = m.predictDistribution(tensor(xs, [6, 1])).stddev.data;
    const ratio = Array.from(sd, (s, i) => s / (0.1 + 0.2 * Math.abs(xs[i])));
    console.log(`heteroscedastic sd / true sd: ${ratio.map((r) => r.toFixed(3)).join(' ')}`);
    for (const r of ratio) expect(Math.abs(r - 1)).toBeLessThan(0.1);
    // predict is the mean of the predicted distribution
    const mu = m.predict(tensor(xs, [6, 1])).data;
    mu.forEach((v, i) => expect(Math.abs(v - xs[i])).toBeLessThan(0.1));
  });

  it('a compiled fit equals an eager fit bit for bit, and a seed fixes the run', () => {
    const { x, y } = data(200, 5);
    const run = (runEagerly: boolean): number[] => {
      const m = model();
      m.compile({ loss: 'nll', optimizer: new Adam({ learningRate: 0.01 }), runEagerly });
      return m.fit(tensor(x, [200, 1]), tensor(y, [200, 1]), {
        epochs: 3,
        batchSize: 32,
        verbose: 0,
        seed: 4,
      }).history.loss;
    };
    const compiled = run(false);
    expect(compiled).toEqual(run(true));
    expect(compiled).toEqual(run(false));
  });

  it("metrics score the predicted distribution's mean, in fit and evaluate", () => {
    const { x, y } = data(200, 5);
    const m = model();
    m.compile({ loss: 'nll', optimizer: new Adam({ learningRate: 0.01 }), metrics: ['mae'] });
    const xs = tensor(x, [200, 1]);
    const ys = tensor(y, [200, 1]);
    const h = m.fit(xs, ys, { epochs: 2, batchSize: 50, verbose: 0, seed: 4 });
    expect(h.history.mae).toHaveLength(2);
    const mu = m.predict(xs).data;
    const mae = mu.reduce((a, v, i) => a + Math.abs(v - y[i]), 0) / 200;
    expect(m.evaluate(xs, ys, { batchSize: 50 }).mae).toBeCloseTo(mae, 12);
  });

  it('predict({ samples }) combines the passes by the law of total variance', () => {
    const m = new Sequential([
      new DenseFlipout({ units: 2, inputShape: [1], seed: 7 }),
      new IndependentNormal(1),
    ]);
    const xs = tensor([[0.5], [2]]);
    const s = m.predict(xs, { samples: 4000 });
    expect(s.mean.shape).toEqual([2, 1]);
    // by hand from single passes of a model with the same seed
    const m2 = new Sequential([
      new DenseFlipout({ units: 2, inputShape: [1], seed: 7 }),
      new IndependentNormal(1),
    ]);
    const means: number[][] = [];
    const vars: number[][] = [];
    for (let k = 0; k < 4000; k++) {
      const d = m2.predictDistribution(xs);
      means.push(Array.from(d.mean.data));
      vars.push(Array.from(d.variance.data));
    }
    for (let i = 0; i < 2; i++) {
      const mu = means.reduce((a, r) => a + r[i], 0) / 4000;
      const v = means.reduce((a, r, k) => a + (r[i] - mu) ** 2 + vars[k][i], 0) / 4000;
      expect(s.mean.data[i]).toBeCloseTo(mu, 12);
      expect(s.stddev.data[i]).toBeCloseTo(Math.sqrt(v), 12);
    }
    expect(s.stddev.data[0]).toBeGreaterThan(0);
  });

  it('DistributionLayer takes any family; errors name the layer and the shapes', () => {
    const m = new Sequential([
      new Dense({ units: 1, inputShape: [1], seed: 1 }),
      new DistributionLayer((t) => new Independent(new Normal(t, 1), 1)),
    ]);
    expect(m.predictDistribution([[1]]).eventShape).toEqual([1]);
    expect(() => new IndependentNormal(1).toDistribution([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => new IndependentNormal(0)).toThrow(ArgumentError);
    const plain = new Sequential([new Dense({ units: 1, inputShape: [1] })]);
    expect(() => plain.compile({ loss: 'nll', optimizer: 'adam' })).toThrow(
      /needs a model whose last layer is a DistributionLayer/,
    );
    expect(() => plain.predictDistribution([[1]])).toThrow(/does not end in a DistributionLayer/);
    expect(() => m.predict([[1]], { samples: 0 })).toThrow(/samples must be a positive integer/);
    expect(() => new NegativeLogLikelihood().call(tensor([[0]]), tensor([[0]]))).toThrow(
      ArgumentError,
    );
  });
});
