import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Bernoulli,
  grad,
  GradientTape,
  Normal,
  rng,
  square,
  stopGradient,
  sub,
  tensor,
  variable,
} from '../../src/index.js';
import {
  expectation,
  gradientEstimatorReport,
  leaveOneOut,
  runningMean,
} from '../../src/inference/index.js';

describe('expectation', () => {
  it('pathwise and score estimators agree with the exact gradient of E[x²] = loc² + scale²', () => {
    const loc = variable(0.7, { name: 'loc' });
    const scale = variable(1.3, { name: 'scale' });
    const q = new Normal(loc, scale);
    for (const estimator of ['pathwise', 'score'] as const) {
      const tape = new GradientTape();
      const est = tape.record(() =>
        expectation((x) => square(x), q, {
          samples: 40000,
          estimator,
          rng: rng(3),
          baseline: estimator === 'score' ? leaveOneOut() : undefined,
        }),
      );
      const [gl, gs] = tape.gradient(est, [loc, scale]);
      expect(est.item()).toBeCloseTo(0.49 + 1.69, 1);
      // about 4 standard errors: pathwise sd(2x) = 2.6 and sd(2xε) ≈ 4.7 per sample; the score forms are noisier
      expect(Math.abs((gl?.item() as number) - 1.4)).toBeLessThan(
        estimator === 'pathwise' ? 0.052 : 0.15,
      );
      expect(Math.abs((gs?.item() as number) - 2.6)).toBeLessThan(
        estimator === 'pathwise' ? 0.094 : 0.3,
      );
    }
  });

  it("the value is the Monte-Carlo mean whatever the estimator (the surrogate's extra term is 0)", () => {
    const q = new Normal(0, 1);
    const a = expectation((x) => square(x), q, {
      samples: 100,
      estimator: 'pathwise',
      rng: rng(1),
    }).item();
    const b = expectation((x) => square(x), q, {
      samples: 100,
      estimator: 'score',
      rng: rng(1),
    }).item();
    expect(b).toBe(a);
  });

  it('auto picks score for non-reparameterized families; pathwise there is an error', () => {
    const p = variable(0.3, { name: 'p' });
    const q = new Bernoulli({ probs: p });
    const tape = new GradientTape();
    const est = tape.record(() =>
      expectation((x) => x, q, { samples: 20000, rng: rng(2), baseline: leaveOneOut() }),
    );
    expect(Math.abs((tape.gradient(est, p)?.item() as number) - 1)).toBeLessThan(0.05); // d/dp E[x] = 1
    expect(() => expectation((x) => x, q, { estimator: 'pathwise' })).toThrow(ArgumentError);
    expect(() => expectation((x) => x, q, { samples: 0 })).toThrow(
      /samples must be a positive integer/,
    );
  });

  it('baselines: leave-one-out excludes the sample itself; running mean decays', () => {
    expect(
      leaveOneOut()
        .value(tensor([1, 2, 3]))
        .toArray(),
    ).toEqual([2.5, 2, 1.5]);
    expect(() => leaveOneOut().value(tensor([1]))).toThrow(/at least 2 samples/);
    const b = runningMean(0.5);
    b.update?.(tensor([4, 4]));
    b.update?.(tensor([0, 0]));
    expect(b.value(tensor([0])).item()).toBe(1);
  });
});

describe('the TFP question: gradient of log q(sample) with respect to loc', () => {
  it('sample-then-logProb is exactly 0 per sample; logProb of a constant is (x - loc)/scale²; stopGradient gives the score', () => {
    const f = (l: import('../../src/index.js').Tensor) => {
      const d = new Normal(l, 0.01);
      return d.logProb(d.sample([], rng(5)));
    };
    expect(grad(f)(0.1).item()).toBe(0);
    expect(grad((l) => new Normal(l, 0.01).logProb(0.1))(0.12).item()).toBeCloseTo(
      (0.1 - 0.12) / 1e-4,
      8,
    );
    const score = grad((l) => {
      const d = new Normal(l, 0.01);
      const x = stopGradient(d.sample([], rng(5)));
      return d.logProb(x);
    })(0.1).item();
    const x = new Normal(0.1, 0.01).sample([], rng(5)).item();
    expect(score).toBeCloseTo((x - 0.1) / 1e-4, 8);
    expect(grad((l) => sub(l, l))(1).item()).toBe(0);
  });

  it('gradientEstimatorReport: pathwise exactly 0, score zero in expectation with variance', () => {
    const q = new Normal(0.1, 0.01);
    const r = gradientEstimatorReport((x) => q.logProb(x), q, {
      rng: rng(1),
      replicates: 300,
      samples: 8,
    });
    const row = (name: string, param: string) =>
      r.estimators.find((e) => e.name === name)?.stats.find((s) => s.param === param);
    expect(row('pathwise', 'loc')).toMatchObject({
      mean: 0,
      variance: 0,
      verdict: 'exactly zero by construction',
    });
    const score = row('score', 'loc');
    expect(score?.verdict).toBe('zero in expectation, noisy');
    expect(score?.variance).toBeGreaterThan(0);
    expect(Math.abs(score?.mean as number)).toBeLessThan(3 * (score?.stdError as number));
    expect(row('pathwise', 'scale')?.verdict).toBe('non-zero'); // d/dscale E[log q] = -1/scale
    expect(row('pathwise', 'scale')?.mean).toBeCloseTo(-100, 9);
    expect(r.toString()).toContain('exactly zero by construction');
  });
});
