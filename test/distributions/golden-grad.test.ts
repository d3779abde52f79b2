/**
 * logProb and its gradient in every parameter against mpmath (60 digits, mpmath.diff) at
 * typical points and at the parameter values where a code path branches
 * (test/distributions/golden.json "logProbGrad", from scripts/golden-distributions.py);
 * Student-t entropies from df = 0.5 to 1e12 ("studentTEntropy").
 */
import { describe, expect, it } from 'vitest';
import { Gamma, grad, StudentT, tensor, type Tensor, type TensorLike } from '../../src/index.js';
import { FLAT_MAKERS as MAKERS } from './cases.js';
import golden from './golden.json' with { type: 'json' };

/** |a - b| relative to the larger of |a|, |b| (and to `floor`, for values near 0). */
function relError(a: number, b: number, floor = 0): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

interface GradRow {
  family: string;
  params: number[];
  x: number | number[];
  logProb: number;
  grad: (number | null)[];
}

describe('logProb gradients in every parameter against mpmath', () => {
  for (const row of golden.logProbGrad as GradRow[]) {
    it(`${row.family}(${row.params.join(', ')}) at ${JSON.stringify(row.x)}`, () => {
      const make = MAKERS[row.family];
      const free = row.params.map((_, i) => i).filter((i) => row.grad[i] !== null);
      const f = (...xs: Tensor[]): Tensor => {
        const ps = row.params.map((v) => tensor(v));
        free.forEach((i, k) => (ps[i] = xs[k]));
        return make(ps).logProb(row.x as TensorLike);
      };
      const value = f(...free.map((i) => tensor(row.params[i]))).item();
      expect(relError(value, row.logProb), `logProb ${value}`).toBeLessThanOrEqual(1e-13);
      const gs = grad(f, { argnums: free.map((_, k) => k) })(...free.map((i) => row.params[i]));
      free.forEach((i, k) => {
        const want = row.grad[i] as number;
        const got = gs[k].item();
        // a partial that vanishes (e.g. in loc at x = loc) is compared absolutely
        expect(relError(got, want, 1e-14), `∂/∂param ${i}: ${got} vs ${want}`).toBeLessThanOrEqual(
          1e-10,
        );
      });
    });
  }
});

describe('Student-t entropy against mpmath, df from 0.5 to 1e12', () => {
  for (const row of golden.studentTEntropy) {
    it(`df = ${row.df}`, () => {
      const h = new StudentT(row.df).entropy().item();
      expect(relError(h, row.entropy), `${h} vs ${row.entropy}`).toBeLessThanOrEqual(
        row.df >= 1e6 ? 2e-15 : 1e-14,
      );
    });
  }
});

describe('Gamma cdf (the incomplete gamma function) and its gradients against mpmath', () => {
  for (const row of golden.gammaincGrad) {
    it(`P(${row.a}, ${row.x})`, () => {
      const p = new Gamma(row.a, 1).cdf(row.x).item();
      const da = grad((a: Tensor) => new Gamma(a, 1).cdf(row.x))(row.a).item();
      const dx = grad((x: Tensor) => new Gamma(row.a, 1).cdf(x))(row.x).item();
      expect(relError(p, row.p), `P ${p}`).toBeLessThanOrEqual(1e-13);
      // the shape derivative's series / fraction sums O(√a) terms: 2e-13 at a = 1e5
      const tolA = row.a >= 1e4 ? 5e-13 : 5e-14;
      expect(relError(da, row.dpda), `∂P/∂a ${da} vs ${row.dpda}`).toBeLessThanOrEqual(tolA);
      expect(relError(dx, row.dpdx), `∂P/∂x ${dx} vs ${row.dpdx}`).toBeLessThanOrEqual(1e-14);
    });
  }
});

describe('Gamma quantiles at large shapes against mpmath', () => {
  for (const row of golden.gammaQuantile) {
    it(`Gamma(${row.a}, 1).icdf(${row.p})`, () => {
      const x = new Gamma(row.a, 1).icdf(row.p).item();
      expect(relError(x, row.x), `${x} vs ${row.x}`).toBeLessThanOrEqual(1e-14);
    });
  }
});
