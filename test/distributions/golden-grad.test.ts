/**
 * logProb and its gradient in every parameter against mpmath (60 digits, mpmath.diff) at
 * typical points and at the parameter values where a code path branches
 * (test/distributions/golden.json "logProbGrad", from scripts/golden-distributions.py);
 * Student-t entropies from df = 0.5 to 1e12 ("studentTEntropy").
 */
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  grad,
  HalfCauchy,
  HalfNormal,
  HalfStudentT,
  InverseGamma,
  Laplace,
  Logistic,
  LogNormal,
  MultivariateNormal,
  Normal,
  Poisson,
  stack,
  StudentT,
  tensor,
  Uniform,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import golden from './golden.json' with { type: 'json' };

/** Builds a family from its flat parameter list (each a scalar Tensor). */
const MAKERS: Record<string, (p: Tensor[]) => Distribution> = {
  Normal: ([m, s]) => new Normal(m, s),
  HalfNormal: ([s]) => new HalfNormal(s),
  LogNormal: ([m, s]) => new LogNormal(m, s),
  Uniform: ([a, b]) => new Uniform(a, b),
  Exponential: ([r]) => new Exponential(r),
  Gamma: ([a, b]) => new Gamma(a, b),
  InverseGamma: ([a, b]) => new InverseGamma(a, b),
  Beta: ([a, b]) => new Beta(a, b),
  Cauchy: ([m, s]) => new Cauchy(m, s),
  HalfCauchy: ([s]) => new HalfCauchy(s),
  StudentT: ([df, m, s]) => new StudentT(df, m, s),
  HalfStudentT: ([df, s]) => new HalfStudentT(df, s),
  Laplace: ([m, s]) => new Laplace(m, s),
  Logistic: ([m, s]) => new Logistic(m, s),
  'Bernoulli(probs)': ([p]) => new Bernoulli({ probs: p }),
  'Bernoulli(logits)': ([l]) => new Bernoulli({ logits: l }),
  Binomial: ([n, p]) => new Binomial(n, { probs: p }),
  'Binomial(logits)': ([n, l]) => new Binomial(n, { logits: l }),
  Poisson: ([r]) => new Poisson(r),
  Geometric: ([p]) => new Geometric({ probs: p }),
  'Geometric(logits)': ([l]) => new Geometric({ logits: l }),
  Categorical: (p) => new Categorical({ probs: stack(p) }),
  'Categorical(logits)': (l) => new Categorical({ logits: stack(l) }),
  Dirichlet: (a) => new Dirichlet(stack(a)),
  MultivariateNormal: ([m1, m2, l11, l21, l22]) =>
    new MultivariateNormal(stack([m1, m2]), {
      scaleTril: stack([stack([l11, tensor(0)]), stack([l21, l22])]),
    }),
};

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
