/**
 * The families, as a table shared by the distribution tests: how to build one from
 * parameter tensors, a typical parameter setting and value (for gradient checks and
 * moments), random parameters and values (for the comparison with @stdlib), and the
 * @stdlib reference log-density where one exists.
 */
import bernoulliPmf from '@stdlib/stats-base-dists-bernoulli-pmf';
import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import binomialLogpmf from '@stdlib/stats-base-dists-binomial-logpmf';
import cauchyLogpdf from '@stdlib/stats-base-dists-cauchy-logpdf';
import exponentialLogpdf from '@stdlib/stats-base-dists-exponential-logpdf';
import gammaLogpdf from '@stdlib/stats-base-dists-gamma-logpdf';
import geometricLogpmf from '@stdlib/stats-base-dists-geometric-logpmf';
import invgammaLogpdf from '@stdlib/stats-base-dists-invgamma-logpdf';
import laplaceLogpdf from '@stdlib/stats-base-dists-laplace-logpdf';
import logisticLogpdf from '@stdlib/stats-base-dists-logistic-logpdf';
import lognormalLogpdf from '@stdlib/stats-base-dists-lognormal-logpdf';
import normalLogpdf from '@stdlib/stats-base-dists-normal-logpdf';
import poissonLogpmf from '@stdlib/stats-base-dists-poisson-logpmf';
import tLogpdf from '@stdlib/stats-base-dists-t-logpdf';
import uniformLogpdf from '@stdlib/stats-base-dists-uniform-logpdf';
import {
  add,
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Dirichlet,
  div,
  Exponential,
  Gamma,
  Geometric,
  HalfCauchy,
  HalfNormal,
  HalfStudentT,
  InverseGamma,
  Laplace,
  Logistic,
  LogNormal,
  MultivariateNormal,
  mul,
  Normal,
  Poisson,
  StudentT,
  stack,
  sum,
  tensor,
  transpose,
  tril,
  Uniform,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';

/** Uniform draws in [lo, hi). */
export type Draw = (lo: number, hi: number) => number;

export interface Case {
  name: string;
  /** Builds the distribution from its parameters (Tensors when differentiated). */
  make: (...params: Tensor[]) => Distribution;
  /**
   * For gradient checks, which perturb one entry at a time: the same family built so that
   * perturbed parameters stay valid (normalized probs, a symmetrized covariance).
   */
  gradMake?: (...params: Tensor[]) => Distribution;
  /** A typical setting (continuous parameters only are differentiated). */
  params: TensorLike[];
  /** Indices of parameters that are not differentiable (counts). */
  discreteParams?: number[];
  /** A value in the support, for gradient checks. */
  value: TensorLike;
  /** Whether the value is continuous (then logProb is differentiated in it too). */
  continuous: boolean;
  /** A value outside the support. */
  outside: TensorLike;
  /** Random parameters and a random value, for the comparison with @stdlib. */
  random?: (u: Draw) => { params: number[]; x: number };
  /** @stdlib's log-density at x for those parameters. */
  reference?: (params: number[], x: number) => number;
  /** How random parameters and value become arguments (default: as they are). */
  wrap?: { params: (p: number[]) => TensorLike[]; value: (x: number) => TensorLike };
  /** Whether the tails are too heavy for moment checks (no finite 4th moment). */
  heavy?: boolean;
}

const LN2 = Math.LN2;

export const CASES: Case[] = [
  {
    name: 'Normal',
    make: (loc, scale) => new Normal(loc, scale),
    params: [0.3, 1.7],
    value: -0.4,
    continuous: true,
    outside: NaN,
    random: (u) => ({ params: [u(-10, 10), u(0.05, 20)], x: u(-40, 40) }),
    reference: ([m, s], x) => normalLogpdf(x, m, s),
  },
  {
    name: 'HalfNormal',
    make: (scale) => new HalfNormal(scale),
    params: [1.7],
    value: 0.8,
    continuous: true,
    outside: -0.5,
    random: (u) => ({ params: [u(0.05, 20)], x: u(0, 40) }),
    reference: ([s], x) => normalLogpdf(x, 0, s) + LN2,
  },
  {
    name: 'LogNormal',
    make: (loc, scale) => new LogNormal(loc, scale),
    params: [0.2, 0.6],
    value: 1.3,
    continuous: true,
    outside: -1,
    random: (u) => ({ params: [u(-3, 3), u(0.1, 3)], x: Math.exp(u(-8, 8)) }),
    reference: ([m, s], x) => lognormalLogpdf(x, m, s),
  },
  {
    name: 'Uniform',
    make: (low, high) => new Uniform(low, high),
    params: [-1, 2.5],
    value: 0.3,
    continuous: true,
    outside: 2.5,
    random: (u) => {
      const lo = u(-10, 10);
      const hi = lo + u(0.01, 20);
      return { params: [lo, hi], x: u(lo, hi) };
    },
    reference: ([a, b], x) => uniformLogpdf(x, a, b),
  },
  {
    name: 'Exponential',
    make: (rate) => new Exponential(rate),
    params: [1.5],
    value: 0.7,
    continuous: true,
    outside: -0.1,
    random: (u) => ({ params: [u(0.05, 20)], x: u(0, 10) }),
    reference: ([r], x) => exponentialLogpdf(x, r),
  },
  {
    name: 'Gamma',
    make: (a, b) => new Gamma(a, b),
    params: [2.5, 1.3],
    value: 1.6,
    continuous: true,
    outside: -0.5,
    random: (u) => {
      const a = Math.exp(u(-2, 4));
      const b = Math.exp(u(-2, 2));
      return { params: [a, b], x: (a / b) * Math.exp(u(-2, 1.5)) };
    },
    reference: ([a, b], x) => gammaLogpdf(x, a, b),
  },
  {
    name: 'InverseGamma',
    make: (a, b) => new InverseGamma(a, b),
    params: [6, 2],
    value: 0.5,
    continuous: true,
    outside: -1,
    random: (u) => {
      const a = Math.exp(u(-1, 4));
      const b = Math.exp(u(-2, 2));
      return { params: [a, b], x: (b / a) * Math.exp(u(-1.5, 2)) };
    },
    reference: ([a, b], x) => invgammaLogpdf(x, a, b),
  },
  {
    name: 'Beta',
    make: (a, b) => new Beta(a, b),
    params: [2.5, 3.5],
    value: 0.35,
    continuous: true,
    outside: 1.5,
    random: (u) => ({ params: [Math.exp(u(-2, 4)), Math.exp(u(-2, 4))], x: u(0.001, 0.999) }),
    reference: ([a, b], x) => betaLogpdf(x, a, b),
  },
  {
    name: 'Cauchy',
    make: (loc, scale) => new Cauchy(loc, scale),
    params: [0.5, 2],
    value: 1.2,
    continuous: true,
    outside: Infinity,
    random: (u) => ({ params: [u(-10, 10), u(0.05, 20)], x: u(-100, 100) }),
    reference: ([m, s], x) => cauchyLogpdf(x, m, s),
    heavy: true,
  },
  {
    name: 'HalfCauchy',
    make: (scale) => new HalfCauchy(scale),
    params: [2],
    value: 1.2,
    continuous: true,
    outside: -3,
    random: (u) => ({ params: [u(0.05, 20)], x: u(0, 100) }),
    reference: ([s], x) => cauchyLogpdf(x, 0, s) + LN2,
    heavy: true,
  },
  {
    name: 'StudentT',
    make: (df, loc, scale) => new StudentT(df, loc, scale),
    params: [10, 0.5, 2],
    value: 1.2,
    continuous: true,
    outside: NaN,
    random: (u) => ({ params: [Math.exp(u(-1, 6)), u(-5, 5), u(0.1, 10)], x: u(-50, 50) }),
    reference: ([df, m, s], x) => tLogpdf((x - m) / s, df) - Math.log(s),
  },
  {
    name: 'HalfStudentT',
    make: (df, scale) => new HalfStudentT(df, scale),
    params: [10, 2],
    value: 1.2,
    continuous: true,
    outside: -1,
    random: (u) => ({ params: [Math.exp(u(-1, 6)), u(0.1, 10)], x: u(0, 50) }),
    reference: ([df, s], x) => tLogpdf(x / s, df) - Math.log(s) + LN2,
  },
  {
    name: 'Laplace',
    make: (loc, scale) => new Laplace(loc, scale),
    params: [0.5, 1.5],
    value: 1.3,
    continuous: true,
    outside: NaN,
    random: (u) => ({ params: [u(-10, 10), u(0.05, 20)], x: u(-50, 50) }),
    reference: ([m, s], x) => laplaceLogpdf(x, m, s),
  },
  {
    name: 'Logistic',
    make: (loc, scale) => new Logistic(loc, scale),
    params: [0.5, 1.5],
    value: 1.3,
    continuous: true,
    outside: -Infinity,
    random: (u) => ({ params: [u(-10, 10), u(0.05, 20)], x: u(-50, 50) }),
    reference: ([m, s], x) => logisticLogpdf(x, m, s),
  },
  {
    name: 'Bernoulli(probs)',
    make: (p) => new Bernoulli({ probs: p }),
    params: [0.3],
    value: 1,
    continuous: false,
    outside: 0.5,
    random: (u) => ({ params: [u(0.001, 0.999)], x: u(0, 1) < 0.5 ? 0 : 1 }),
    reference: ([p], x) => Math.log(bernoulliPmf(x, p)),
  },
  {
    name: 'Bernoulli(logits)',
    make: (l) => new Bernoulli({ logits: l }),
    params: [-0.8],
    value: 0,
    continuous: false,
    outside: 2,
    random: (u) => ({ params: [u(-8, 8)], x: u(0, 1) < 0.5 ? 0 : 1 }),
    reference: ([l], x) => Math.log(bernoulliPmf(x, 1 / (1 + Math.exp(-l)))),
  },
  {
    name: 'Binomial',
    make: (n, p) => new Binomial(n, { probs: p }),
    params: [12, 0.35],
    discreteParams: [0],
    value: 5,
    continuous: false,
    outside: 13,
    random: (u) => {
      const n = Math.floor(u(1, 200));
      return { params: [n, u(0.01, 0.99)], x: Math.floor(u(0, n + 1)) };
    },
    reference: ([n, p], x) => binomialLogpmf(x, n, p),
  },
  {
    name: 'Binomial(logits)',
    make: (n, l) => new Binomial(n, { logits: l }),
    params: [12, -0.4],
    discreteParams: [0],
    value: 0,
    continuous: false,
    outside: -1,
  },
  {
    name: 'Categorical',
    make: (p) => new Categorical({ probs: p }),
    gradMake: (p) => new Categorical({ probs: div(p, sum(p)) }),
    params: [[0.2, 0.3, 0.5]],
    value: 2,
    continuous: false,
    outside: 3,
  },
  {
    name: 'Categorical(logits)',
    make: (l) => new Categorical({ logits: l }),
    params: [[0.1, -1.2, 2]],
    value: 1,
    continuous: false,
    outside: 1.5,
  },
  {
    name: 'Poisson',
    make: (rate) => new Poisson(rate),
    params: [3.5],
    value: 2,
    continuous: false,
    outside: -1,
    random: (u) => {
      const r = Math.exp(u(-3, 7));
      return { params: [r], x: Math.floor(r * Math.exp(u(-1, 1))) };
    },
    reference: ([r], x) => poissonLogpmf(x, r),
  },
  {
    name: 'Geometric',
    make: (p) => new Geometric({ probs: p }),
    params: [0.35],
    value: 3,
    continuous: false,
    outside: 0.5,
    random: (u) => ({ params: [u(0.01, 1)], x: Math.floor(u(0, 30)) }),
    reference: ([p], x) => geometricLogpmf(x, p),
  },
  {
    name: 'Geometric(logits)',
    make: (l) => new Geometric({ logits: l }),
    params: [-0.5],
    value: 3,
    continuous: false,
    outside: -2,
  },
  {
    name: 'Dirichlet',
    make: (a) => new Dirichlet(a),
    params: [[1.5, 2.5, 4]],
    value: [0.2, 0.3, 0.5],
    continuous: true,
    outside: [0.5, 0.6, -0.1],
    random: (u) => ({ params: [Math.exp(u(-2, 4)), Math.exp(u(-2, 4))], x: u(0.001, 0.999) }),
    reference: ([a, b], x) => betaLogpdf(x, a, b),
    wrap: { params: ([a, b]) => [[a, b]], value: (x) => [x, 1 - x] },
  },
  {
    name: 'MultivariateNormal',
    make: (loc, l) => new MultivariateNormal(loc, { scaleTril: l }),
    gradMake: (loc, l) => new MultivariateNormal(loc, { scaleTril: tril(l) }),
    params: [
      [0.5, -1],
      [
        [1.5, 0],
        [0.4, 0.8],
      ],
    ],
    value: [0.2, -0.4],
    continuous: true,
    outside: [NaN, 0],
  },
  {
    name: 'MultivariateNormal(covariance)',
    make: (loc, c) => new MultivariateNormal(loc, { covariance: c }),
    gradMake: (loc, c) =>
      new MultivariateNormal(loc, { covariance: mul(add(c, transpose(c)), 0.5) }),
    params: [
      [0.5, -1],
      [
        [2, 0.3],
        [0.3, 0.7],
      ],
    ],
    value: [0.2, -0.4],
    continuous: true,
    outside: [0, Infinity],
  },
];

/** Builds a family from its flat parameter list (each a scalar Tensor). */
export const FLAT_MAKERS: Record<string, (p: Tensor[]) => Distribution> = {
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
