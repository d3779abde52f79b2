/**
 * Every family's logProb gradient at the parameter values where a code path branches
 * (shapes 1 and ½, integers, the Beta Loader switch at 2, Student-t df 1, 2, 20 and 1e8,
 * counts 0) against float64 central differences. A difference straddling a branch
 * compares the two code paths with each other, so a branch whose gradient is missing
 * (Gamma(1)'s concentration gradient was 0, issue 19) or whose value jumps fails here.
 */
import { describe, expect, it } from 'vitest';
import { grad, tensor, type Tensor } from '../../src/index.js';
import { FLAT_MAKERS } from './cases.js';

/** [family (a FLAT_MAKERS key), flat parameters, value, indices not differentiated]. */
type Row = [string, number[], number | number[], number[]?];

const ROWS: Row[] = [
  ['Normal', [0, 1], 0.7],
  ['HalfNormal', [1], 0.7],
  ['LogNormal', [0, 1], 1.5],
  ['Uniform', [0, 1], 0.3],
  ['Exponential', [1], 2],
  ['Exponential', [0.5], 1],
  ...[1, 0.5, 2, 3].flatMap((a): Row[] => [
    ['Gamma', [a, 1], 1.3],
    ['Gamma', [a, 2], 0.4],
    ['Gamma', [a, 0.5], 7],
  ]),
  ...[1, 0.5, 2].map((a): Row => ['InverseGamma', [a, 1], 0.8]),
  ...[
    [1, 1],
    [0.5, 0.5],
    [1, 2],
    [2, 1],
    [2, 2],
    [2, 3],
    [3, 2],
    [3, 3],
    [1, 0.5],
  ].map(([a, b]): Row => ['Beta', [a, b], 0.35]),
  ['Cauchy', [0, 1], 0.5],
  ['HalfCauchy', [1], 0.5],
  ...[0.5, 1, 2, 20, 1e8].flatMap((df): Row[] => [
    ['StudentT', [df, 0, 1], 0.7],
    ['StudentT', [df, 1, 2], -3],
    ['HalfStudentT', [df, 1], 1.5],
  ]),
  ['Laplace', [0, 1], 0.5],
  ['Logistic', [0, 1], 0.5],
  ['Bernoulli(probs)', [0.5], 1],
  ['Bernoulli(probs)', [0.5], 0],
  ['Bernoulli(logits)', [0], 1],
  ['Bernoulli(logits)', [1], 0],
  ...[1, 2, 10].flatMap((n): Row[] => [
    ['Binomial', [n, 0.5], 0, [0]],
    ['Binomial', [n, 0.5], 1, [0]],
    ['Binomial', [n, 0.5], n, [0]],
    ['Binomial(logits)', [n, 0], 1, [0]],
  ]),
  ...[1, 0.5, 2].flatMap((r): Row[] => [0, 1, 2].map((k): Row => ['Poisson', [r], k])),
  ['Geometric', [0.5], 0],
  ['Geometric', [0.5], 1],
  ['Geometric(logits)', [0], 2],
  ['Categorical(logits)', [0, 0, 1], 2],
  ['Categorical(logits)', [1, 1, 1], 0],
  ['Dirichlet', [1, 1, 1], [0.2, 0.3, 0.5]],
  ['Dirichlet', [0.5, 1, 2], [0.2, 0.3, 0.5]],
  ['Dirichlet', [2, 2, 2], [0.2, 0.3, 0.5]],
  ['MultivariateNormal', [0, 0, 1, 0, 1], [0.3, -0.2]],
];

/** Central difference in parameter i with h = 6e-6·max(1, |p|) (NUMERICS.md). */
function central(f: (ps: number[]) => number, ps: number[], i: number): number {
  const h = 6e-6 * Math.max(1, Math.abs(ps[i]));
  const at = (d: number): number => f(ps.map((v, j) => (j === i ? v + d : v)));
  return (at(h) - at(-h)) / (2 * h);
}

describe('logProb gradients at branch points against central differences', () => {
  for (const [family, params, x, fixed = []] of ROWS) {
    it(`${family}(${params.join(', ')}) at ${JSON.stringify(x)}`, () => {
      const make = FLAT_MAKERS[family];
      const value = (ps: number[]): number =>
        make(ps.map((v) => tensor(v)))
          .logProb(x)
          .item();
      const free = params.map((_, i) => i).filter((i) => !fixed.includes(i));
      const f = (...xs: Tensor[]): Tensor => {
        const ps = params.map((v) => tensor(v));
        free.forEach((i, k) => (ps[i] = xs[k]));
        return make(ps).logProb(x);
      };
      const gs = grad(f, { argnums: free.map((_, k) => k) })(...free.map((i) => params[i]));
      free.forEach((i, k) => {
        const a = gs[k].item();
        const n = central(value, params, i);
        // rounding in the difference: ~eps·|logProb| / h (what df = 1e8 is limited by)
        const h = 6e-6 * Math.max(1, Math.abs(params[i]));
        const floor = (4e-16 * Math.max(1, Math.abs(value(params)))) / h;
        const err = Math.abs(a - n);
        expect(err, `∂/∂param ${i}: ${a} vs ${n}`).toBeLessThanOrEqual(
          1e-8 * Math.max(Math.abs(a), Math.abs(n)) + floor,
        );
      });
    });
  }
});

describe('Student-t entropy gradient in df across the series switch at 20', () => {
  for (const df of [1, 2, 19.99, 20, 20.01, 1e4]) {
    it(`df = ${df}`, () => {
      const h = (d: number): number =>
        FLAT_MAKERS.StudentT([tensor(d), tensor(0), tensor(1)])
          .entropy()
          .item();
      const a = grad((d: Tensor) => FLAT_MAKERS.StudentT([d, tensor(0), tensor(1)]).entropy())(
        df,
      ).item();
      const n = central((ps) => h(ps[0]), [df], 0);
      const floor = (4e-16 * Math.abs(h(df))) / (6e-6 * Math.max(1, df));
      expect(Math.abs(a - n), `${a} vs ${n}`).toBeLessThanOrEqual(1e-8 * Math.abs(a) + floor);
    });
  }
});

describe('second derivatives through the custom VJPs (Student-t tail, series, logits)', () => {
  /** d/dp of a first derivative g, by central differences. */
  const cd = (g: (p: number) => number, p: number): number => {
    const h = 6e-6 * Math.max(1, Math.abs(p));
    return (g(p + h) - g(p - h)) / (2 * h);
  };
  const cases: [string, (p: Tensor) => Tensor, number][] = [
    [
      'StudentT in df (df = 5)',
      (d) => FLAT_MAKERS.StudentT([d, tensor(0), tensor(1)]).logProb(1.3),
      5,
    ],
    [
      'StudentT in df (df = 50, series)',
      (d) => FLAT_MAKERS.StudentT([d, tensor(0), tensor(1)]).logProb(1.3),
      50,
    ],
    ['StudentT in loc', (m) => FLAT_MAKERS.StudentT([tensor(3), m, tensor(1)]).logProb(1.3), 0.2],
    [
      'Student-t entropy in df (series)',
      (d) => FLAT_MAKERS.StudentT([d, tensor(0), tensor(1)]).entropy(),
      30,
    ],
    ['Bernoulli logits (per value)', (l) => FLAT_MAKERS['Bernoulli(logits)']([l]).logProb(1), 2.5],
  ];
  for (const [name, f, p] of cases) {
    it(name, () => {
      const g1 = grad(f);
      const g2 = grad((q: Tensor) => g1(q))(p).item();
      const n = cd((q) => g1(tensor(q)).item(), p);
      expect(Math.abs(g2 - n), `${g2} vs ${n}`).toBeLessThanOrEqual(1e-6 * Math.abs(n) + 1e-10);
    });
  }
});
