/**
 * Bayesian dense layers and the losses mechanism: the KL term against a plain loop over
 * the formula, Flipout's lower gradient variance, gradients at fixed noise against
 * central differences, compiled = eager bit for bit with the noise as a step argument,
 * seeded reproducibility, bit-exact save/load, and a 1-D regression that learns.
 */
import { describe, expect, it } from 'vitest';
import {
  Adam,
  add,
  Constant,
  defaultRng,
  Dense,
  DenseFlipout,
  DenseReparameterization,
  GradientTape,
  Layer,
  mean,
  mul,
  scaleMixturePrior,
  Sequential,
  ShapeError,
  square,
  sub,
  sum,
  tensor,
  Variable,
  type Rng,
  type Shape,
  type Tensor,
} from '../../src/index.js';

const softplus = (r: number): number => Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r)));

/** Records the noise of the first call and returns it again while `replay` is set. */
class FixedReparam extends DenseReparameterization {
  eps: Tensor[] = [];
  replay = false;
  k = 0;
  protected override noise(shape: Shape, draw?: (r: Rng) => number): Tensor {
    return fixed(this, () => super.noise(shape, draw));
  }
}
/** The same for DenseFlipout. */
class FixedFlipout extends DenseFlipout {
  eps: Tensor[] = [];
  replay = false;
  k = 0;
  protected override noise(shape: Shape, draw?: (r: Rng) => number): Tensor {
    return fixed(this, () => super.noise(shape, draw));
  }
}
function fixed(l: FixedReparam | FixedFlipout, fresh: () => Tensor): Tensor {
  if (l.replay) return l.eps[l.k++ % l.eps.length];
  const t = fresh();
  l.eps.push(t);
  return t;
}

const xs3 = [
  [0.3, -1.2, 0.5],
  [1.1, 0.4, -0.7],
];

describe('the KL term', () => {
  it('of DenseReparameterization equals the analytic sum over all weights (plain loop)', () => {
    for (const klWeight of [1, 1 / 250]) {
      const layer = new DenseReparameterization({ units: 4, seed: 11, klWeight });
      layer.apply(xs3);
      let kl = 0;
      const ws = layer.weights; // kernel_loc, kernel_rho, bias_loc, bias_rho
      for (const [loc, rho] of [
        [ws[0], ws[1]],
        [ws[2], ws[3]],
      ])
        for (let i = 0; i < loc.size; i++) {
          const s = softplus(rho.data[i]);
          kl += 0.5 * (s * s + loc.data[i] ** 2 - 1) - Math.log(s);
        }
      expect(layer.losses).toHaveLength(1);
      const got = layer.losses[0].item();
      expect(Math.abs(got - klWeight * kl) / (klWeight * kl)).toBeLessThan(1e-12);
    }
  });

  it('with the scale-mixture prior is log q(w) - log p(w) at the draw (plain loop)', () => {
    const [pi, s1, s2] = [0.25, 1.5, 0.1];
    const prior = scaleMixturePrior({ mixture: pi, scale1: s1, scale2: s2 });
    for (const Cls of [FixedReparam, FixedFlipout]) {
      const layer = new Cls({ units: 3, seed: 5, prior });
      expect(layer.analyticKL).toBe(false);
      layer.apply(xs3);
      const [kLoc, kRho, bLoc, bRho] = layer.weights;
      // noise order: the kernel's ε, (Flipout: two sign tensors), the bias's ε
      const eps = [layer.eps[0], layer.eps[layer.eps.length - 1]];
      const normal = (x: number, s: number): number =>
        Math.exp(-0.5 * (x / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
      let kl = 0;
      [
        [kLoc, kRho],
        [bLoc, bRho],
      ].forEach(([loc, rho], j) => {
        for (let i = 0; i < loc.size; i++) {
          const s = softplus(rho.data[i]);
          const w = loc.data[i] + s * eps[j].data[i];
          const logq = -0.5 * eps[j].data[i] ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
          kl += logq - Math.log(pi * normal(w, s1) + (1 - pi) * normal(w, s2));
        }
      });
      const got = layer.losses[0].item();
      expect(Math.abs(got - kl) / Math.abs(kl)).toBeLessThan(1e-12);
    }
  });

  it('rejects bad options, naming them', () => {
    expect(() => new DenseFlipout({ units: 0 })).toThrow('units must be a positive integer');
    expect(() => new DenseFlipout({ units: 2, klWeight: -1 })).toThrow(
      'DenseFlipout: klWeight must be finite and >= 0, got -1',
    );
    expect(() => scaleMixturePrior({ mixture: 1, scale1: 1, scale2: 1 })).toThrow(
      'scaleMixturePrior: needs 0 < mixture < 1',
    );
    expect(() => new DenseReparameterization({ units: 2 }).apply([[[1]]])).toThrow(ShapeError);
  });
});

describe('gradients at fixed noise', () => {
  for (const [name, Cls] of [
    ['DenseReparameterization', FixedReparam],
    ['DenseFlipout', FixedFlipout],
  ] as const) {
    it(`${name}: outputs and KL w.r.t. loc and rho match central differences`, () => {
      const prior = scaleMixturePrior({ mixture: 0.5, scale1: 1, scale2: 0.3 });
      for (const p of [undefined, prior]) {
        const layer = new Cls({ units: 3, activation: 'tanh', seed: 2, prior: p });
        layer.apply(xs3);
        layer.replay = true;
        const target = tensor([0.7, -0.3, 0.2]);
        // the outputs weighted by a fixed vector, plus the KL term the call added
        const objective = (): Tensor => add(sum(mul(layer.apply(xs3), target)), layer.losses[0]);
        const vars = layer.weights;
        const tape = new GradientTape();
        const grads = tape.gradient(tape.record(objective), vars) as Tensor[];
        const value = (): number => objective().item();
        let worst = 0;
        vars.forEach((v, k) => {
          for (let i = 0; i < v.size; i++) {
            const x0 = v.data[i];
            const h = 6e-6 * Math.max(1, Math.abs(x0));
            v.data[i] = x0 + h;
            const up = value();
            v.data[i] = x0 - h;
            const down = value();
            v.data[i] = x0;
            const num = (up - down) / (2 * h);
            const a = grads[k].data[i];
            worst = Math.max(worst, Math.abs(a - num) / Math.max(Math.abs(a), Math.abs(num), 1e-3));
          }
        });
        expect(worst).toBeLessThan(1e-7);
      }
    });
  }
});

describe('Flipout', () => {
  it('gives gradient estimates of lower variance than reparameterization (same layer, data)', () => {
    const n = 64;
    const x = Array.from({ length: n }, (_, i) => [
      Math.sin(i),
      Math.cos(2 * i),
      (i % 7) / 7 - 0.5,
      1,
    ]);
    const t = tensor(x.map(([a, b]) => [a * b, a - b]));
    const options = { units: 2, seed: 8, rhoInitializer: new Constant({ value: 0 }) };
    const variance = (layer: DenseReparameterization | DenseFlipout): number => {
      layer.apply(x);
      const loc = layer.weights[0];
      const reps = 400;
      const g: Float64Array[] = [];
      for (let r = 0; r < reps; r++) {
        const tape = new GradientTape();
        const loss = tape.record(() => mean(square(sub(layer.apply(x), t))));
        g.push(Float64Array.from((tape.gradient(loss, loc) as Tensor).data));
      }
      let total = 0;
      for (let i = 0; i < loc.size; i++) {
        const m = g.reduce((a, v) => a + v[i], 0) / reps;
        total += g.reduce((a, v) => a + (v[i] - m) ** 2, 0) / (reps - 1);
      }
      return total;
    };
    const reparam = new DenseReparameterization(options);
    const flipout = new DenseFlipout(options);
    flipout.apply(x);
    reparam.apply(x);
    expect(flipout.getWeights()).toEqual(reparam.getWeights()); // the same parameters
    const ratio = variance(flipout) / variance(reparam);
    console.log(`Flipout / reparameterization gradient variance (kernel loc): ${ratio.toFixed(4)}`);
    expect(ratio).toBeLessThan(0.5);
  });
});

describe('under fit', () => {
  const n = 120;
  const x = Array.from({ length: n }, (_, i) => [(4 * i) / n - 2]);
  const y = x.map(([v]) => [Math.sin(2 * v)]);
  const make = (Cls: typeof DenseFlipout | typeof DenseReparameterization): Sequential =>
    new Sequential([
      new Cls({ units: 32, activation: 'tanh', inputShape: [1], klWeight: 1 / n, seed: 1 }),
      new Cls({ units: 1, klWeight: 1 / n, seed: 2 }),
    ]);
  const train = (m: Sequential, runEagerly: boolean, epochs = 3): number[][] => {
    const warnings: string[] = [];
    m.compile({ loss: 'mse', optimizer: 'adam', runEagerly });
    const h = m.fit(x, y, {
      epochs,
      batchSize: 32,
      verbose: 0,
      seed: 4,
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([]);
    return [h.history.loss, ...m.getWeights().map((w) => Array.from(w.data))];
  };

  for (const Cls of [DenseFlipout, DenseReparameterization]) {
    it(`${Cls.name}: compiled and eager steps give bit-identical losses and weights; same seed, same run`, () => {
      const compiled = train(make(Cls), false);
      expect(compiled).toEqual(train(make(Cls), true));
      expect(compiled).toEqual(train(make(Cls), false));
      const other = new Sequential([new Cls({ units: 1, inputShape: [1], seed: 9 })]);
      expect(other.getWeights()[0].data[0]).not.toBe(compiled[1][0]);
    });
  }

  it('a Bayesian net learns a 1-D regression (the loss decreases)', () => {
    const m = make(DenseFlipout);
    m.compile({ loss: 'mse', optimizer: new Adam({ learningRate: 0.02 }) });
    const h = m.fit(x, y, { epochs: 150, batchSize: 32, verbose: 0, seed: 4 });
    const loss = h.history.loss;
    expect(loss[loss.length - 1]).toBeLessThan(0.5 * loss[0]);
    const preds = Array.from({ length: 20 }, () => m.predict(x).data);
    let mse = 0;
    for (let i = 0; i < n; i++)
      mse += (preds.reduce((a, p) => a + p[i], 0) / 20 - y[i][0]) ** 2 / n;
    expect(mse).toBeLessThan(0.2); // Var(y) ≈ 0.5
  });

  it('saves and loads the variational parameters bit for bit', () => {
    const m = make(DenseReparameterization);
    train(m, false, 1);
    const copy = make(DenseReparameterization);
    copy.loadWeightsJSON(JSON.stringify(m));
    const bits = (s: Sequential): string[] =>
      s
        .getWeights()
        .flatMap((w) =>
          Array.from(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), String),
        );
    expect(copy.weights.map((w) => w.name.replace(/_\d+\//, '/'))).toEqual(
      m.weights.map((w) => w.name.replace(/_\d+\//, '/')),
    );
    expect(bits(copy)).toEqual(bits(m));
  });
});

describe('Layer.addLoss and losses', () => {
  class Penalty extends Layer {
    k: Variable | undefined;
    override build(): void {
      this.k = this.addWeight({ name: 'k', shape: [1], initializer: 'ones' });
    }
    call(x: Tensor): Tensor {
      this.addLoss(mul(0.5, sum(square(this.k as Variable))));
      return mul(x, this.k as Variable);
    }
  }

  it('fit and evaluate add every layer loss to the loss; cleared at each outermost call', () => {
    const shared = new Penalty({ inputShape: [1] });
    const second = new Penalty();
    const m = new Sequential([
      shared,
      new Dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
      second,
    ]);
    m.compile({ loss: 'mse', optimizer: new Adam({ learningRate: 0 }) });
    const xs = [[1], [2]];
    const ys = [[0], [0]];
    const expected = (1 + 4) / 2 + 2 * 0.5; // mse with weights 1, plus each layer's loss
    expect(m.evaluate(xs, ys).loss).toBe(expected);
    expect(m.losses).toHaveLength(2);
    m.apply([[1]]);
    expect(m.losses).toHaveLength(2);
    const h = m.fit(xs, ys, { epochs: 1, verbose: 0 });
    expect(h.history.loss[0]).toBe(expected);
    expect(() => shared.addLoss([1, 2])).toThrow('a loss must be a scalar, got shape [2]');
  });

  it("after fit, losses hold the last step's values (compiled as eager)", () => {
    const last = (runEagerly: boolean): number[] => {
      const m = new Sequential([new Penalty({ inputShape: [1] }), new Penalty()]);
      m.compile({ loss: 'mse', optimizer: new Adam({ learningRate: 0.1 }), runEagerly });
      m.fit([[1], [2]], [[0], [0]], { epochs: 4, batchSize: 1, verbose: 0, seed: 3 });
      return m.losses.map((l) => l.item());
    };
    const compiled = last(false);
    expect(compiled).toEqual(last(true));
    // the weights moved from 1, so the last step's penalties are not the first step's 0.5
    for (const v of compiled) expect(v).toBeLessThan(0.45);
  });

  it('fit states why it trains eagerly when a layer draws noise it cannot take as an argument', () => {
    class Raw extends Layer {
      call(x: Tensor): Tensor {
        return add(x, defaultRng().normal()); // not through this.noise
      }
    }
    const m = new Sequential([new Raw({ inputShape: [1] }), new Dense({ units: 1, seed: 1 })]);
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    const warnings: string[] = [];
    m.fit([[1], [2]], [[1], [2]], { epochs: 3, verbose: 0, onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /training steps run eagerly from now on: the step cannot be compiled: .*must not draw random numbers/,
    );
  });
});
