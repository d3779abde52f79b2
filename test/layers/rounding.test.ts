/**
 * The differentiable-round question (soft rounding, straight-through rounding) and the
 * sigmoid/softmax question (the normalized sigmoid).
 */
import { describe, expect, it } from 'vitest';
import {
  grad,
  GradientTape,
  NormalizedSigmoid,
  round,
  SoftRound,
  softRound,
  softmax,
  StraightThroughRound,
  straightThroughRound,
  sum,
  tensor,
  variable,
} from '../../src/index.js';

/** TensorFlow Compression's soft_round, in plain JS (the answer's code). */
function softRoundRef(x: number, alpha: number, eps = 1e-3): number {
  if (alpha < eps) return x;
  const m = Math.floor(x) + 0.5;
  return m + Math.tanh(alpha * (x - m)) / (2 * Math.tanh(alpha / 2));
}

/** The answer's grid: np.arange(-2, 2, .1). */
const GRID = Array.from({ length: 40 }, (_, i) => -2 + 0.1 * i);

describe('SoftRound', () => {
  it.each([3, 7, 15])('matches the formula at alpha = %d on [-2, 2]', (alpha) => {
    const y = new SoftRound({ alpha }).apply(GRID.map((v) => [v])).data;
    GRID.forEach((x, i) =>
      expect(Math.abs(y[i] - softRoundRef(x, alpha))).toBeLessThanOrEqual(
        4e-16 * Math.max(1, Math.abs(x)),
      ),
    );
  });

  it('approaches round as alpha grows and the identity as it shrinks', () => {
    const xs = [-1.7, -0.2, 0.3, 1.2];
    const sharp = softRound(xs, { alpha: 60 }).data;
    xs.forEach((x, i) => expect(Math.abs(sharp[i] - Math.round(x))).toBeLessThan(1e-6));
    const soft = softRound(xs, { alpha: 1e-2 }).data;
    xs.forEach((x, i) => expect(Math.abs(soft[i] - x)).toBeLessThan(1e-2));
  });

  it.each([0, 1e-12, 5e-4, 1e-3, 2e-3])(
    'is NaN-safe for tiny alpha = %f, as a number or a tensor',
    (alpha) => {
      const xs = [-1.3, 0, 0.5, 2.7];
      const a = softRound(xs, { alpha }).data;
      xs.forEach((x, i) => expect(a[i]).toBeCloseTo(softRoundRef(x, alpha), 14));
      // alpha as a trainable tensor: value and gradients stay finite even at alpha = 0
      const t = variable(alpha);
      const x = tensor(xs);
      const tape = new GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return sum(softRound(x, { alpha: t }));
      });
      const [gx, ga] = tape.gradient(y, [x, t]);
      expect(Number.isFinite(y.item())).toBe(true);
      expect(gx?.data.every(Number.isFinite)).toBe(true);
      expect(ga === null || Number.isFinite(ga.item())).toBe(true);
    },
  );

  it('has the derivative α(1 - tanh²(α·r)) / (2 tanh(α/2))', () => {
    for (const x of [0.5, 0.9, 1.25]) {
      const r = x - (Math.floor(x) + 0.5);
      const exact = (3 * (1 - Math.tanh(3 * r) ** 2)) / (2 * Math.tanh(1.5));
      expect(grad((v) => softRound(v, { alpha: 3 }))(x).item()).toBeCloseTo(exact, 14);
    }
  });

  it('rejects a negative alpha', () => {
    expect(() => softRound(1, { alpha: -1 })).toThrow('softRound: alpha must be >= 0, got -1');
  });
});

describe('StraightThroughRound', () => {
  it('rounds half to even in the forward pass and has gradient 1', () => {
    const xs = [-1.5, -0.4, 0.5, 1.5, 2.5, 3.7];
    expect(Array.from(straightThroughRound(xs).data)).toEqual(Array.from(round(xs).data));
    const layer = new StraightThroughRound();
    const x = tensor(xs.map((v) => [v]));
    const tape = new GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return sum(layer.apply(x));
    });
    expect(Array.from(tape.gradient(y, x)?.data ?? [])).toEqual(xs.map(() => 1));
    expect(grad((v) => round(v))(1.7).item()).toBe(0); // round itself passes nothing
  });
});

describe('NormalizedSigmoid', () => {
  it("reproduces the seed answer's sn(measure)", () => {
    const measure = [0.01, 0.2, 0.5, 0.6, 0.7, 1.0, 2.5, 5.0, 50.0, 5000.0];
    const expected = [
      0.41634425, 0.41637507, 0.41642373, 0.41643996, 0.41645618, 0.41650485, 0.41674821,
      0.41715391, 0.42447515, 0.9525677,
    ];
    const y = new NormalizedSigmoid().apply([measure]).data;
    expected.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 8));
  });

  it('differs from softmax: it does not sum to 1, and sigmoid of the mean is 0.5', () => {
    const y = new NormalizedSigmoid().apply([[1, 2, 3]]).data;
    const z = Math.sqrt(1.5); // (x - mean) / std = ∓1/sqrt(2/3)
    [1 / (1 + Math.exp(z)), 0.5, 1 / (1 + Math.exp(-z))].forEach((v, i) =>
      expect(y[i]).toBeCloseTo(v, 11),
    ); // ε = 1e-12 in the variance
    expect(sum(softmax([1, 2, 3])).item()).toBeCloseTo(1, 15);
    expect(y[0] + y[1] + y[2]).toBeCloseTo(1.5, 12);
  });

  it('is finite (0.5) on constant inputs, with a finite gradient', () => {
    const x = tensor([[2, 2, 2]]);
    const layer = new NormalizedSigmoid();
    const tape = new GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return sum(layer.apply(x));
    });
    expect(Array.from(layer.apply(x).data)).toEqual([0.5, 0.5, 0.5]);
    expect(tape.gradient(y, x)?.data.every(Number.isFinite)).toBe(true);
  });
});
