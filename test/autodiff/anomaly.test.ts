import { describe, expect, it } from 'vitest';
import {
  AnomalyError,
  abs,
  detectAnomaly,
  div,
  exp,
  grad,
  less,
  log,
  neg,
  sqrt,
  square,
  sub,
  sum,
  tensor,
  where,
  type Tensor,
} from '../../src/index.js';

const x = tensor([0.1, 0.5, 0.9]);
const naiveBump = (s: Tensor): Tensor =>
  sum(where(less(abs(x), s), exp(div(neg(s), sub(s, square(x)))), 0));

function thrown(fn: () => unknown): AnomalyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnomalyError) return e;
    throw e;
  }
  throw new Error('expected an AnomalyError');
}

describe('detectAnomaly', () => {
  it('names the forward op that made a non-finite value, and the call site in this file', () => {
    const e = thrown(() => detectAnomaly(() => log(tensor([1, -1]))));
    expect(e.op).toBe('log');
    expect(e.direction).toBe('forward');
    expect(e.message).toContain(
      'log: forward produced NaN at flat index 1 of shape [2] from finite inputs',
    );
    expect(e.site).toContain('anomaly.test.ts');
  });

  it('reports a non-finite value computed in an unselected where branch', () => {
    // s = 0.25: x = 0.5 gives s - x² = 0, so div makes -Infinity there (not selected).
    const e = thrown(() => detectAnomaly(() => grad(naiveBump)(0.25)));
    expect(e.op).toBe('div');
    expect(e.direction).toBe('forward');
  });

  it('names the op whose backward turned a finite cotangent into Infinity', () => {
    const e = thrown(() => detectAnomaly(() => grad((s) => sum(sqrt(s)))([0, 1])));
    expect(e.op).toBe('sqrt');
    expect(e.direction).toBe('backward');
    expect(e.message).toContain(
      'sqrt: backward produced Infinity at flat index 0 of shape [2] in the cotangent of input 0',
    );
    expect(e.site).toContain('anomaly.test.ts');
  });

  it('does not fire without an anomaly, and is off outside detectAnomaly', () => {
    expect(detectAnomaly(() => grad(naiveBump)(0.5)).item()).toBeGreaterThan(0);
    expect(Number.isNaN(log(-1).item())).toBe(true);
    // -Infinity passed in from outside is not blamed on the op that consumes it
    expect(detectAnomaly(() => exp(tensor([-Infinity, 0]))).toArray()).toEqual([0, 1]);
  });
});
