/**
 * Optimizers against Keras's update formulas (worked examples and a reference
 * implementation written from Keras 3's source), clipping, schedules, constraints,
 * and the API errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  clipByGlobalNorm,
  clipByValue,
  cosineDecay,
  exponentialDecay,
  getOptimizer,
  maximum,
  RMSprop,
  SGD,
  square,
  sub,
  sum,
  variable,
  type Optimizer,
} from '../../src/index.js';

/** Runs `steps` updates of `opt` on a fresh variable; returns its value after each. */
function trajectory(opt: Optimizer, w0: number[], grads: number[][]): number[][] {
  const w = variable(w0);
  return grads.map((g) => {
    opt.apply([g], [w]);
    return Array.from(w.data);
  });
}

const GRADS = [
  [0.1, -0.2, 3],
  [0.3, 0.1, -1],
  [-0.2, 0.5, 0],
  [1e-3, -2, 0.5],
];
const W0 = [1, -2, 0.5];

/** Keras 3's Adam.update_step, transcribed element by element. */
function kerasAdam(w0: number[], grads: number[][], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7) {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  return grads.map((g, step) => {
    const t = step + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      m[i] += (g[i] - m[i]) * (1 - b1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
      w[i] -= (m[i] * alpha) / (Math.sqrt(v[i]) + eps);
    }
    return [...w];
  });
}

describe('Adam', () => {
  it('has Keras defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-7', () => {
    const a = new Adam();
    expect([a.currentLearningRate, a.beta1, a.beta2, a.epsilon]).toEqual([0.001, 0.9, 0.999, 1e-7]);
  });

  it("matches Keras's update on a worked example (first step by hand)", () => {
    // step 1, g = 0.1: m = 0.01, v = 1e-5, α = 0.01·sqrt(0.001)/0.1 = 0.0031622776601683794,
    // w = 1 - α·0.01/(sqrt(1e-5) + 1e-7) = 0.9900003162177...
    const [first] = trajectory(new Adam({ learningRate: 0.01 }), [1], [[0.1]]);
    const alpha = (0.01 * Math.sqrt(0.001)) / 0.1;
    expect(first[0]).toBe(1 - (alpha * 0.01) / (Math.sqrt(1e-5) + 1e-7));
    expect(first[0]).toBeCloseTo(0.99000031622, 10);
  });

  it.each([
    { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-7 },
    { lr: 0.5, b1: 0.5, b2: 0.9, eps: 1e-3 },
    { lr: 1e-3, b1: 0, b2: 0.5, eps: 1e-9 },
  ])('matches the Keras formula over 4 steps: %o', ({ lr, b1, b2, eps }) => {
    const ours = trajectory(
      new Adam({ learningRate: lr, beta1: b1, beta2: b2, epsilon: eps }),
      W0,
      GRADS,
    );
    const ref = kerasAdam(W0, GRADS, lr, b1, b2, eps);
    ours.forEach((w, k) => w.forEach((v, i) => expect(v).toBeCloseTo(ref[k][i], 14)));
  });

  it('keeps the slots m and v', () => {
    const w = variable([0]);
    const adam = new Adam();
    adam.apply([[2]], [w]);
    expect(adam.getSlot(w, 'm')?.item()).toBeCloseTo(0.2, 15);
    expect(adam.getSlot(w, 'v')?.item()).toBeCloseTo(0.004, 15);
    expect(adam.getSlot(w, 'nope')).toBeUndefined();
  });

  it('AMSGrad uses the running maximum of v', () => {
    const w = variable([0]);
    const adam = new Adam({ amsgrad: true, learningRate: 0.1 });
    adam.apply([[10]], [w]);
    adam.apply([[0.001]], [w]);
    expect(adam.getSlot(w, 'vhat')?.item()).toBeCloseTo(0.1, 12); // v after step 1: 0.001·100
  });
});

describe('SGD', () => {
  it.each([
    // [momentum, nesterov, w after g = 1, 1, 1 from w = 0 with lr 0.1]
    [0, false, [-0.1, -0.2, -0.3]],
    [0.9, false, [-0.1, -0.29, -0.561]], // m: -0.1, -0.19, -0.271
    [0.9, true, [-0.19, -0.461, -0.8049]], // w += μ·m - lr·g
  ] as const)('momentum %s, nesterov %s', (momentum, nesterov, expected) => {
    const ws = trajectory(new SGD({ learningRate: 0.1, momentum, nesterov }), [0], [[1], [1], [1]]);
    ws.forEach((w, k) => expect(w[0]).toBeCloseTo(expected[k], 14));
  });

  it('defaults to lr 0.01 and rejects momentum outside [0, 1)', () => {
    expect(new SGD().currentLearningRate).toBe(0.01);
    expect(() => new SGD({ momentum: 1 })).toThrow(/SGD: momentum must be in \[0, 1\), got 1/);
  });
});

describe('RMSprop and Adagrad', () => {
  /** Keras 3's RMSprop.update_step, transcribed. */
  function kerasRms(
    grads: number[][],
    o: { lr: number; rho: number; mu: number; eps: number; centered: boolean },
  ) {
    const w = [...W0];
    const v = w.map(() => 0);
    const m = w.map(() => 0);
    const a = w.map(() => 0);
    return grads.map((g) => {
      for (let i = 0; i < w.length; i++) {
        v[i] = o.rho * v[i] + (1 - o.rho) * g[i] ** 2;
        let d = v[i];
        if (o.centered) {
          a[i] = o.rho * a[i] + (1 - o.rho) * g[i];
          d -= a[i] ** 2;
        }
        const inc = (o.lr * g[i]) / Math.sqrt(d + o.eps);
        if (o.mu > 0) {
          m[i] = o.mu * m[i] + inc;
          w[i] -= m[i];
        } else w[i] -= inc;
      }
      return [...w];
    });
  }

  it.each([
    { lr: 0.01, rho: 0.9, mu: 0, eps: 1e-7, centered: false },
    { lr: 0.01, rho: 0.8, mu: 0.5, eps: 1e-7, centered: false },
    { lr: 0.1, rho: 0.9, mu: 0.9, eps: 1e-3, centered: true },
  ])('RMSprop matches the Keras formula: %o', (o) => {
    const ours = trajectory(
      new RMSprop({
        learningRate: o.lr,
        rho: o.rho,
        momentum: o.mu,
        epsilon: o.eps,
        centered: o.centered,
      }),
      W0,
      GRADS,
    );
    const ref = kerasRms(GRADS, o);
    ours.forEach((w, k) => w.forEach((v, i) => expect(v).toBeCloseTo(ref[k][i], 14)));
  });

  it('Adagrad: accumulator starts at 0.1, w -= lr·g/sqrt(acc + ε)', () => {
    const ws = trajectory(new Adagrad({ learningRate: 0.1 }), [0], [[1], [2]]);
    expect(ws[0][0]).toBeCloseTo(-0.1 / Math.sqrt(1.1 + 1e-7), 15);
    expect(ws[1][0]).toBeCloseTo(ws[0][0] - 0.2 / Math.sqrt(5.1 + 1e-7), 15);
  });
});

describe('clipping', () => {
  it.each([
    ['clipValue', { clipValue: 0.5 }, [0.5, -0.5, 0.5]],
    ['clipNorm (per gradient)', { clipNorm: 1 }, [2 / 3, -2 / 3, 1 / 3]],
    ['globalClipNorm', { globalClipNorm: 1.5 }, [1, -1, 0.5]],
  ] as const)('%s', (_name, o, expected) => {
    const w = variable([0, 0, 0]);
    new SGD({ learningRate: 1, ...o }).apply([[2, -2, 1]], [w]); // norm 3
    Array.from(w.data).forEach((v, i) => expect(-v).toBeCloseTo(expected[i], 15));
  });

  it('globalClipNorm scales all gradients together', () => {
    const a = variable([0]);
    const b = variable([0]);
    new SGD({ learningRate: 1, globalClipNorm: 1 }).apply([[3], [4]], [a, b]);
    expect([-a.item(), -b.item()].map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0.8]);
  });

  it('allows only one clipping option, and positive limits', () => {
    expect(() => new SGD({ clipValue: 1, clipNorm: 1 })).toThrow(
      /at most one of clipValue, clipNorm, globalClipNorm/,
    );
    expect(() => new Adam({ clipNorm: 0 })).toThrow(
      /Adam: clipNorm must be a positive finite number, got 0/,
    );
    expect(() => clipByValue([[1]], -1)).toThrow(/clipByValue: clipValue must be/);
  });

  it('property: clipByGlobalNorm keeps the direction and caps the norm', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 4 }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (gs, c) => {
          const { grads, norm } = clipByGlobalNorm(gs, c);
          const flat = grads.flatMap((g) => Array.from(g?.data ?? []));
          const orig = gs.flat();
          const n2 = Math.sqrt(flat.reduce((s, v) => s + v * v, 0));
          expect(n2).toBeLessThanOrEqual(c * (1 + 1e-12));
          const scale = norm > c ? c / norm : 1;
          flat.forEach((v, i) => expect(v).toBeCloseTo(orig[i] * scale, 10));
        },
      ),
      { seed: 42, numRuns: 50 },
    );
  });
});

describe('schedules', () => {
  it.each([
    [0, 0.1],
    [100, 0.05],
    [250, 0.1 * 0.5 ** 2.5],
  ])('exponentialDecay(0.1, 100, 0.5)(%d) = %f', (step, lr) => {
    expect(
      exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 })(step),
    ).toBeCloseTo(lr, 15);
  });

  it('cosineDecay goes from the initial rate to alpha·initial, then stays', () => {
    const lr = cosineDecay({ initialLearningRate: 2, decaySteps: 100, alpha: 0.25 });
    expect(lr(0)).toBe(2);
    expect(lr(50)).toBeCloseTo(2 * (0.75 * 0.5 + 0.25), 15);
    expect(lr(100)).toBeCloseTo(0.5, 15);
    expect(lr(1000)).toBeCloseTo(0.5, 15);
  });

  it('the optimizer evaluates its schedule at its iteration count', () => {
    const w = variable([0]);
    const opt = new SGD({ learningRate: (step) => 10 ** -step });
    opt.apply([[1]], [w]); // lr 1
    opt.apply([[1]], [w]); // lr 0.1
    expect(w.item()).toBeCloseTo(-1.1, 15);
    expect(opt.iterations).toBe(2);
    expect(opt.currentLearningRate).toBeCloseTo(0.01, 15);
  });

  it('rejects bad options', () => {
    expect(() =>
      exponentialDecay({ initialLearningRate: 1, decaySteps: 0, decayRate: 0.5 }),
    ).toThrow(/exponentialDecay: decaySteps must be a positive finite number, got 0/);
    expect(() => cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 2 })).toThrow(
      /alpha must be in \[0, 1\]/,
    );
  });
});

describe('updates on Variables', () => {
  it('apply the constraint after the update (e.g. non-negativity)', () => {
    const s = variable([0.05], { constraint: (v) => maximum(v, 0) });
    new SGD({ learningRate: 1 }).apply([[1]], [s]);
    expect(s.item()).toBe(0);
  });

  it('skip variables whose gradient is null, leaving their slots empty', () => {
    const a = variable([1]);
    const b = variable([1]);
    const adam = new Adam();
    adam.apply([null, [1]], [a, b]);
    expect(a.item()).toBe(1);
    expect(b.item()).toBeLessThan(1);
    expect(adam.getSlot(a, 'm')).toBeUndefined();
  });

  it('minimize records, differentiates and applies', () => {
    const w = variable([3, -1]);
    const opt = new Adam({ learningRate: 0.1 });
    let loss = Infinity;
    for (let i = 0; i < 500; i++)
      loss = opt.minimize(() => sum(square(sub(w, [1, 2]))), [w]).item();
    expect(loss).toBeLessThan(1e-6);
  });

  it('errors name the optimizer, the variable and the shapes', () => {
    const w = variable([1, 2], { name: 'weights' });
    expect(() => new Adam().apply([[1, 2, 3]], [w])).toThrow(
      "Adam.apply: the gradient of variable 'weights' has shape [3], but the variable has shape [2]",
    );
    expect(() => new SGD().apply([[1]], [])).toThrow(
      'SGD.apply: got 1 gradient(s) for 0 variable(s)',
    );
    expect(() => new Adam({ learningRate: -1 })).toThrow(
      'Adam: learningRate must be a finite number >= 0, got -1',
    );
  });

  it.each(['adam', 'SGD', 'RMSprop', 'adagrad'])(
    'getOptimizer(%s) builds it with defaults',
    (name) => {
      expect(getOptimizer(name).name.toLowerCase()).toBe(name.toLowerCase());
    },
  );
});
