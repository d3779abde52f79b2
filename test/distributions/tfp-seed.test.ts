/**
 * The seed question (stackoverflow-questions.txt, "tensorflow_probability: Gradients
 * always zero when backpropagating the log_prob of a sample of a normal distribution"),
 * reproduced: with loc a watched scalar 0.1 and scale 0.01,
 * - d/d loc of logProb(sample()) is exactly 0 (the reparameterized sample moves with loc),
 * - d/d loc of logProb(constant x) is the analytic (x - loc)/scale²,
 * - d/d loc of logProb(stopGradient(sample())) is the score function (x - loc)/scale².
 */
import { describe, expect, it } from 'vitest';
import {
  GradientTape,
  mean,
  Normal,
  rng,
  square,
  stopGradient,
  sub,
  sum,
  tensor,
  type Tensor,
} from '../../src/index.js';

/** d/d loc of f(Normal(loc, 0.01)), loc a watched scalar. */
function dLoc(locValue: number, f: (d: Normal) => Tensor): number {
  const loc = tensor(locValue);
  const tape = new GradientTape();
  const y = tape.record(() => {
    tape.watch(loc);
    return f(new Normal(loc, 0.01));
  });
  return (tape.gradient(y, loc) as Tensor).item();
}

describe("the seed's TFP question", () => {
  it('logProb(sample()) has gradient exactly 0 with respect to loc', () => {
    const r = rng('tfp');
    for (let i = 0; i < 20; i++) expect(dLoc(0.1, (d) => d.logProb(d.sample([], r)))).toBe(0);
    expect(dLoc(0.1, (d) => sum(d.logProb(d.sample([1000], r))))).toBe(0);
  });

  it('logProb(constant) has the analytic gradient (x - loc)/scale²', () => {
    const g = dLoc(0.12, (d) => d.logProb(tensor(0.1)));
    expect(g).toBeCloseTo((0.1 - 0.12) / 0.01 ** 2, 9); // -200
  });

  it('logProb(stopGradient(sample())) has the score-function gradient', () => {
    let x = NaN;
    const g = dLoc(0.1, (d) => {
      const s = stopGradient(d.sample([], rng('tfp/score')));
      x = s.item();
      return d.logProb(s);
    });
    expect(x).not.toBe(0.1);
    expect(g).toBeCloseTo((x - 0.1) / 0.01 ** 2, 9);
    expect(g).not.toBe(0);
  });

  it('the score function averages to 0 (so the zero is the right pathwise answer)', () => {
    const n = 100_000;
    const g = dLoc(0.1, (d) => mean(d.logProb(stopGradient(d.sample([n], rng('tfp/mean'))))));
    // per draw the score is ε/scale with ε ~ N(0, 1): SE of the mean is 100/√n
    expect(Math.abs(g)).toBeLessThanOrEqual((4 * 100) / Math.sqrt(n));
  });

  it('the pathwise gradient of E[(x - 1)²] is 2(loc - 1) from samples that move with loc', () => {
    const g = dLoc(0.1, (d) => mean(square(sub(d.sample([1000], rng('tfp/path')), 1))));
    expect(g).toBeCloseTo(2 * (0.1 - 1), 2);
  });
});
