/**
 * The seed's gradient-check question: the classic 3-5-3 sigmoid network with
 * cross-entropy and L2 regularization on debugInitializeWeights data, backprop through
 * pathwise vs finite differences (examples/gradient-check-nn.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkNNGradients, debugInitializeWeights } from '../../examples/gradient-check-nn.js';

describe('checkNNGradients', () => {
  it('debugInitializeWeights fills sin(1..n)/10 in column-major order', () => {
    const w = debugInitializeWeights(2, 1).toArray();
    expect(w).toEqual([
      [Math.sin(1) / 10, Math.sin(3) / 10],
      [Math.sin(2) / 10, Math.sin(4) / 10],
    ]);
  });

  it.each([3, 0])('λ = %d: relative difference ‖n - a‖/‖n + a‖ < 1e-9', (lambda) => {
    const r = checkNNGradients(lambda);
    expect(r.analytic).toHaveLength(5 * 4 + 3 * 6);
    expect(r.relativeDifference).toBeLessThan(1e-9);
    expect(r.courseRelativeDifference).toBeLessThan(1e-9); // with the course's e = 1e-4
    expect(r.layersMaxAbsDiff).toBeLessThan(1e-15); // Dense + L2 regularizers agree
  });

  it('λ changes only the non-bias gradients', () => {
    const a = checkNNGradients(0).analytic;
    const b = checkNNGradients(3).analytic;
    // Θ1 is unrolled column-major: its first 5 entries are the bias column
    for (let i = 0; i < 5; i++) expect(b[i]).toBe(a[i]);
    expect(b[5]).not.toBe(a[5]);
  });
});
