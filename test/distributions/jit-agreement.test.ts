/**
 * A jit trace takes the differentiable path of a family even where eager execution takes a
 * plain-op shortcut (a constant df needs no df-gradient): both must give the same bits, or
 * jit's check sends a sampler back to eager (found on posteriordb diamonds, where one NUTS
 * chain of four ran eagerly: StudentT's z-gradient differed in the last bit at 44% of points).
 */
import { describe, expect, it } from 'vitest';
import {
  AsymmetricLaplace,
  Beta,
  BetaBinomial,
  Binomial,
  Cauchy,
  Chi2,
  Dirichlet,
  Exponential,
  FisherSnedecor,
  Gamma,
  GammaPoisson,
  Geometric,
  grad,
  Gumbel,
  HalfNormal,
  HalfStudentT,
  InverseGamma,
  jit,
  Kumaraswamy,
  Laplace,
  Logistic,
  LogNormal,
  NegativeBinomial,
  Normal,
  Pareto,
  Poisson,
  rng,
  StudentT,
  sum,
  tensor,
  TruncatedNormal,
  valueAndGrad,
  Weibull,
  ZeroInflatedPoisson,
  type Distribution,
  type Tensor,
} from '../../src/index.js';

describe('jit and eager agree bit for bit on logProb gradients', () => {
  it.each([
    ['StudentT(3, 8, 10)', (x: Tensor) => new StudentT(3, 8, 10).logProb(x), false],
    ['StudentT(1e6, 0, 1)', (x: Tensor) => new StudentT(1e6, 0, 1).logProb(x), false],
    ['HalfStudentT(3, 10)', (x: Tensor) => new HalfStudentT(3, 10).logProb(x), true],
  ] as const)('%s at 500 points', (_, f, positive) => {
    const g = grad(f);
    const j = jit(g);
    j(tensor(0.5)); // trace
    const r = rng(2);
    let differ = 0;
    for (let k = 0; k < 500; k++) {
      const v = r.normal() * 50;
      const x = tensor(positive ? Math.abs(v) : v);
      if (!Object.is(j(x).item(), g(x).item())) differ++;
    }
    expect(differ).toBe(0);
  });
});

/**
 * Every family with a "no special value / constant parameter → plain ops" shortcut in eager
 * mode: the jitted value and gradient of Σ logProb must equal eager's bit for bit (each
 * element compared with Object.is), both w.r.t. the value (constant parameters) and w.r.t.
 * the parameters (constant values). Points are the family's own draws plus support edges.
 */
type Make = (...p: Tensor[]) => Distribution;
const continuous: [string, Make, number[], number[]][] = [
  ['Normal', (a, b) => new Normal(a, b), [0.3, 2], []],
  ['LogNormal', (a, b) => new LogNormal(a, b), [0.3, 0.7], []],
  ['Gamma(a < 1)', (a, b) => new Gamma(a, b), [0.6, 2], [0]],
  ['Gamma(a > 1)', (a, b) => new Gamma(a, b), [3.5, 0.5], [0]],
  ['InverseGamma', (a, b) => new InverseGamma(a, b), [2.5, 1.5], []],
  ['Chi2', (a) => new Chi2(a), [3], [0]],
  ['Beta', (a, b) => new Beta(a, b), [2.5, 1.5], [0, 1]],
  ['Weibull', (a, b) => new Weibull(a, b), [1.5, 0.8], [0]],
  ['Kumaraswamy', (a, b) => new Kumaraswamy(a, b), [2, 3], [0, 1]],
  ['FisherSnedecor', (a, b) => new FisherSnedecor(a, b), [4, 7], [0]],
  ['Pareto', (a, b) => new Pareto(a, b), [1.5, 2.5], []],
  ['StudentT', (a, b, c) => new StudentT(a, b, c), [4, 1, 2], []],
  ['Cauchy', (a, b) => new Cauchy(a, b), [1, 2], []],
  ['Laplace', (a, b) => new Laplace(a, b), [1, 2], []],
  ['Logistic', (a, b) => new Logistic(a, b), [1, 2], []],
  ['Gumbel', (a, b) => new Gumbel(a, b), [1, 2], []],
  ['AsymmetricLaplace', (a, b, c) => new AsymmetricLaplace(a, b, c), [1, 2, 0.7], []],
  ['TruncatedNormal', (a, b, c, d) => new TruncatedNormal(a, b, c, d), [0.5, 1, -1, 3], []],
  ['HalfNormal', (a) => new HalfNormal(a), [2], [0]],
  ['Exponential', (a) => new Exponential(a), [1.5], [0]],
];
const discrete: [string, Make, number[]][] = [
  ['Poisson', (a) => new Poisson(a), [3.5]],
  ['Binomial', (a) => new Binomial(12, { logits: a }), [0.4]],
  ['NegativeBinomial', (a, b) => new NegativeBinomial(a, { logits: b }), [4.5, -0.3]],
  ['GammaPoisson', (a, b) => new GammaPoisson(a, b), [3, 2]],
  ['BetaBinomial', (a, b) => new BetaBinomial(a, b, 10), [2, 3]],
  ['ZeroInflatedPoisson', (a, b) => new ZeroInflatedPoisson(a, b), [2.5, 0.3]],
  ['Geometric', (a) => new Geometric({ probs: a }), [0.3]],
];

function sameBits(a: Tensor, b: Tensor): number {
  let differ = 0;
  for (let i = 0; i < a.size; i++) if (!Object.is(a.data[i], b.data[i])) differ++;
  return differ;
}

function expectAgree(f: (...args: Tensor[]) => Tensor, args: Tensor[]): void {
  const vg = valueAndGrad(f, { argnums: args.map((_, i) => i) });
  const j = jit(vg);
  j(...args); // the trace (its result is eager's)
  const [e, c] = [vg(...args), j(...args)];
  expect(j.traces).toBe(1);
  expect(Object.is(c.value.item(), e.value.item())).toBe(true);
  const eg = e.grad as Tensor[];
  const cg = c.grad as Tensor[];
  expect(cg.map((g, i) => sameBits(g, eg[i]))).toEqual(eg.map(() => 0));
}

describe('jit and eager agree bit for bit across the families', () => {
  it.each(continuous)('%s: w.r.t. the value and the parameters', (_, make, params, edges) => {
    const p = params.map((v) => tensor(v));
    const draws = make(...p).sample([200], rng(7)) as Tensor;
    const x = tensor([...Array.from(draws.data), ...edges]);
    expectAgree((xs) => sum(make(...p).logProb(xs)), [x]);
    expectAgree((...ps) => sum(make(...ps).logProb(x)), p);
  });
  it.each(discrete)('%s: w.r.t. the parameters', (_, make, params) => {
    const p = params.map((v) => tensor(v));
    const draws = make(...p).sample([200], rng(7)) as Tensor;
    const k = tensor([...Array.from(draws.data), 0]);
    expectAgree((...ps) => sum(make(...ps).logProb(k)), p);
  });
  it('Dirichlet (a face of the simplex included): w.r.t. the value and the concentration', () => {
    const a = tensor([0.8, 2, 3.5]);
    const draws = new Dirichlet(a).sample([100], rng(7)) as Tensor;
    const x = tensor([...Array.from(draws.data), 0, 0.4, 0.6], [101, 3]);
    expectAgree((xs) => sum(new Dirichlet(a).logProb(xs)), [x]);
    expectAgree((c) => sum(new Dirichlet(c).logProb(x)), [a]);
  });
});
