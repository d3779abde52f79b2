import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  discreteGradientReport,
  mul,
  rng,
  square,
  sub,
  sum,
  type Tensor,
} from '../../src/index.js';

const target = [0.45, 0.55, 0];
const f = (z: Tensor): Tensor => sum(square(sub(z, target)), -1);
/** f at the one-hot vertices, by hand. */
const fk = [0, 1, 2].map((k) => target.reduce((a, t, j) => a + ((j === k ? 1 : 0) - t) ** 2, 0));

function softmax(l: number[]): number[] {
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe('discreteGradientReport', () => {
  it.each([[[0, 0, 0]], [[0.5, -1, 1]], [[3, -2, 0.25]]])(
    'exact gradient at logits %j is p_k (f_k - E f)',
    (l) => {
      const p = softmax(l);
      const ef = p.reduce((a, pk, k) => a + pk * fk[k], 0);
      const r = discreteGradientReport(f, l, { temperatures: [], replicates: 2, rng: rng(0) });
      r.exact.forEach((g, k) => expect(g).toBeCloseTo(p[k] * (fk[k] - ef), 15));
    },
  );

  it('score estimators are unbiased; the relaxations are biased and less noisy', () => {
    const r = discreteGradientReport(f, [0.5, -1, 1], {
      temperatures: [0.5, 1],
      replicates: 400,
      rng: rng(7),
    });
    const by = Object.fromEntries(r.estimators.map((e) => [e.name, e]));
    expect(by['score'].biased).toBe(false);
    expect(by['score + leave-one-out baseline'].biased).toBe(false);
    expect(by['score + leave-one-out baseline'].variance).toBeLessThan(by['score'].variance);
    for (const t of [0.5, 1]) {
      expect(by[`Gumbel-softmax λ=${t}`].biased).toBe(true);
      expect(by[`straight-through λ=${t}`].biased).toBe(true);
    }
    expect(by['Gumbel-softmax λ=1'].variance).toBeLessThan(by['score'].variance / 4);
    // the relaxation's bias shrinks with the temperature
    expect(by['Gumbel-softmax λ=0.5'].bias).toBeLessThan(by['Gumbel-softmax λ=1'].bias);
    // the error decomposition: mse = bias² + variance
    for (const e of r.estimators) expect(e.mse).toBeCloseTo(e.bias ** 2 + e.variance, 14);
    expect(r.toString()).toContain('straight-through λ=0.5');
  });

  it('a linear objective of hard draws has an unbiased score estimator with a zero-variance centre', () => {
    const lin = (z: Tensor): Tensor => sum(mul(z, [1, 1, 1]), -1); // f ≡ 1 on the simplex
    const r = discreteGradientReport(lin, [0.2, 0.1, -0.3], {
      temperatures: [1],
      replicates: 20,
      rng: rng(1),
    });
    expect(r.exact.every((g) => Math.abs(g) < 1e-15)).toBe(true);
    const loo = r.estimators.find((e) => e.name === 'score + leave-one-out baseline');
    expect(loo?.variance).toBe(0); // f - b = 0 for every draw
    const gs = r.estimators.find((e) => e.name === 'Gumbel-softmax λ=1');
    expect(gs?.bias ?? 1).toBeLessThan(1e-14); // f is constant on the simplex, so is its relaxation
  });

  it('rejects bad logits and temperatures, naming the argument', () => {
    expect(() => discreteGradientReport(f, [[0, 1]], {})).toThrow(ArgumentError);
    expect(() => discreteGradientReport(f, [], {})).toThrow(/logits must be a non-empty vector/);
    expect(() => discreteGradientReport(f, [0, 1, 2], { temperatures: [0] })).toThrow(
      /temperatures must be positive, got 0/,
    );
  });
});
