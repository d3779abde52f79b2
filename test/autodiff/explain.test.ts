import { describe, expect, it } from 'vitest';
import {
  abs,
  div,
  exp,
  explainGradient,
  gather,
  GradientTape,
  greater,
  less,
  logicalAnd,
  mul,
  neg,
  pow,
  relu,
  round,
  sqrt,
  square,
  stopGradient,
  sub,
  sum,
  tensor,
  variable,
  where,
  type Tensor,
} from '../../src/index.js';

const x = tensor([0.1, 0.5, 0.9, -0.3]);

// The seed's f_True: the plain bump exp(-1/(1 - x²)), which never uses the threshold.
const fTrue = (v: Tensor): Tensor => exp(neg(pow(sub(1, pow(v, 2)), -1)));

describe('explainGradient: no path', () => {
  it("names `less` for the seed's broken threshold layer, in plain words", () => {
    const report = explainGradient(
      ({ threshold }) => sum(where(less(x, threshold), fTrue(x), mul(0, x))),
      {
        threshold: 0.7,
      },
    );
    const f = report.findings[0];
    expect(f.status).toBe('no-path');
    expect(f.ops).toEqual(['less']);
    expect(report.gradients[0]).toBeNull();
    expect(f.message).toContain('`threshold` has no gradient');
    expect(f.message).toContain('only reaches the target through `less`');
    expect(f.message).toContain('whose output only chooses a branch of `where`');
    expect(f.message).toContain('so no gradient can reach it');
  });

  it('follows comparisons through logical ops (the accepted answer’s condition)', () => {
    const report = explainGradient(
      ({ s }) => sum(where(logicalAnd(greater(x, neg(s)), less(x, s)), fTrue(x), 0)),
      { s: 0.5 },
    );
    expect(report.findings[0].ops.sort()).toEqual(['greater', 'less']);
    expect(report.findings[0].message).toContain(
      '(through `logicalAnd`) only chooses a branch of `where`',
    );
  });

  it('says when the target does not use the input at all', () => {
    const report = explainGradient((a, _b) => mul(a, 2), [1, 2]);
    expect(report.findings.map((f) => f.status)).toEqual(['ok', 'no-path']);
    expect(report.findings[1].message).toContain('the target does not depend on it at all');
  });

  it('names stopGradient and gather indices', () => {
    expect(
      explainGradient(({ s }) => mul(stopGradient(s), 2), { s: 1 }).findings[0].message,
    ).toContain('`stopGradient` (which blocks gradients by design)');
    const r = explainGradient(({ i, t }) => sum(gather(t, i)), { i: [0, 1], t: [5, 6, 7] });
    expect(r.findings[0].status).toBe('no-path');
    expect(r.findings[0].message).toContain('indices of `gather`');
    expect(r.findings[1].status).toBe('ok');
  });
});

describe('explainGradient: zero and non-finite gradients', () => {
  it('blames round for an exactly zero gradient', () => {
    const f = explainGradient(({ s }) => mul(round(s), 3), { s: 1.3 }).findings[0];
    expect(f.status).toBe('zero');
    expect(f.ops).toEqual(['round']);
    expect(f.message).toContain('piecewise constant');
  });

  it('blames a where that never selects the branch', () => {
    const f = explainGradient(({ s }) => sum(where(less(x, 100), x, mul(s, x))), { s: 2 })
      .findings[0];
    expect(f.status).toBe('zero');
    expect(f.ops).toEqual(['where']);
    expect(f.message).toContain("never selects input 'b'");
  });

  it('blames an inactive relu and cancelling paths', () => {
    expect(
      explainGradient(({ w }) => sum(relu(mul(w, [-1, -2]))), { w: 1 }).findings[0].ops,
    ).toEqual(['relu']);
    const cancel = explainGradient(({ w }) => sub(mul(w, 2), mul(w, 2)), { w: 1 }).findings[0];
    expect(cancel.status).toBe('zero');
    expect(cancel.message).toContain('cancel exactly');
  });

  it('names the op whose backward produced Infinity', () => {
    const f = explainGradient(({ s }) => sum(sqrt(mul(s, [0, 1]))), { s: 1 }).findings[0];
    expect(f.status).toBe('non-finite');
    expect(f.ops).toEqual(['sqrt']);
  });

  it('reports ok inputs and prints only the problems', () => {
    const r = explainGradient(({ a, b }) => mul(exp(a), round(b)), { a: 1, b: 2.2 });
    expect(r.findings.map((f) => f.status)).toEqual(['ok', 'zero']);
    expect(r.toString()).not.toContain('`a`');
    expect(explainGradient((a) => exp(a), [1]).toString()).toBe(
      'every input has a finite, non-zero gradient',
    );
  });
});

describe('explainGradient on a recorded tape', () => {
  it('explains Variables by name', () => {
    const threshold = variable(0.7, { name: 'threshlevel' });
    const w = variable(2, { name: 'w' });
    const tape = new GradientTape({ persistent: true });
    const loss = tape.record(() => sum(where(less(abs(x), threshold), mul(w, square(x)), 0)));
    const r = explainGradient(tape, loss, [threshold, w]);
    expect(r.findings.map((f) => [f.input, f.status])).toEqual([
      ['threshlevel', 'no-path'],
      ['w', 'ok'],
    ]);
    expect(r.findings[0].message).toContain('`threshlevel` has no gradient');
  });

  it('the naive bump is fine for sigma: strong zeros keep its gradient finite', () => {
    const r = explainGradient(
      ({ s }) => sum(where(less(abs(x), s), exp(div(neg(s), sub(s, square(x)))), 0)),
      {
        s: 0.25,
      },
    );
    expect(r.findings[0].status).toBe('ok');
  });
});
