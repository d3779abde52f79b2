/**
 * Bad input: every invalid parameter throws at construction with a message naming the
 * family, the argument and the value; shapes that do not fit throw ShapeErrors; methods
 * a family lacks say so; bad values for logProb never throw (they are -Infinity).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  HalfCauchy,
  HalfNormal,
  HalfStudentT,
  ImproperUniform,
  Independent,
  InverseGamma,
  Laplace,
  Logistic,
  LogNormal,
  MultivariateNormal,
  Normal,
  Poisson,
  ShapeError,
  StudentT,
  Uniform,
  constraints,
  type ProbsOrLogits,
} from '../../src/index.js';

const BAD: [string, () => unknown, string][] = [
  [
    'Normal scale 0',
    () => new Normal(0, 0),
    "Normal: argument 'scale' must be positive (> 0), got 0",
  ],
  [
    'Normal scale -1 in a batch',
    () => new Normal([0, 1], [1, -1]),
    "Normal: argument 'scale' must be positive (> 0), got -1 at index [1]",
  ],
  ['Normal loc NaN', () => new Normal(NaN, 1), "Normal: argument 'loc' must be finite, got NaN"],
  [
    'Normal loc Infinity',
    () => new Normal(Infinity, 1),
    "Normal: argument 'loc' must be finite, got Infinity",
  ],
  [
    'HalfNormal',
    () => new HalfNormal(-2),
    "HalfNormal: argument 'scale' must be positive (> 0), got -2",
  ],
  [
    'LogNormal',
    () => new LogNormal(0, -0.5),
    "LogNormal: argument 'scale' must be positive (> 0), got -0.5",
  ],
  [
    'Uniform low ≥ high',
    () => new Uniform(1, 1),
    "Uniform: argument 'high' must be greater than low, got high 1 and low 1",
  ],
  [
    'Exponential',
    () => new Exponential(0),
    "Exponential: argument 'rate' must be positive (> 0), got 0",
  ],
  [
    'Gamma concentration',
    () => new Gamma(-1, 1),
    "Gamma: argument 'concentration' must be positive (> 0), got -1",
  ],
  [
    'Gamma rate',
    () => new Gamma(1, [1, 0]),
    "Gamma: argument 'rate' must be positive (> 0), got 0 at index [1]",
  ],
  [
    'InverseGamma',
    () => new InverseGamma(0, 1),
    "InverseGamma: argument 'concentration' must be positive (> 0), got 0",
  ],
  ['Beta', () => new Beta(1, -3), "Beta: argument 'concentration0' must be positive (> 0), got -3"],
  ['Cauchy', () => new Cauchy(0, -1), "Cauchy: argument 'scale' must be positive (> 0), got -1"],
  ['HalfCauchy', () => new HalfCauchy(NaN), "HalfCauchy: argument 'scale' must be finite, got NaN"],
  ['StudentT df', () => new StudentT(0), "StudentT: argument 'df' must be positive (> 0), got 0"],
  [
    'HalfStudentT',
    () => new HalfStudentT(3, -1),
    "HalfStudentT: argument 'scale' must be positive (> 0), got -1",
  ],
  ['Laplace', () => new Laplace(0, 0), "Laplace: argument 'scale' must be positive (> 0), got 0"],
  [
    'Logistic',
    () => new Logistic(0, -1),
    "Logistic: argument 'scale' must be positive (> 0), got -1",
  ],
  [
    'Bernoulli probs > 1',
    () => new Bernoulli({ probs: 1.5 }),
    "Bernoulli: argument 'probs' must be in [0, 1], got 1.5",
  ],
  [
    'Bernoulli probs < 0',
    () => new Bernoulli({ probs: [0.5, -0.1] }),
    "Bernoulli: argument 'probs' must be in [0, 1], got -0.1 at index [1]",
  ],
  [
    'Bernoulli logits NaN',
    () => new Bernoulli({ logits: NaN }),
    "Bernoulli: argument 'logits' must be finite, got NaN",
  ],
  [
    'Bernoulli both',
    () => new Bernoulli({ probs: 0.5, logits: 0 } as unknown as ProbsOrLogits),
    'Bernoulli: pass exactly one of { probs } or { logits }',
  ],
  [
    'Bernoulli neither',
    () => new Bernoulli({} as ProbsOrLogits),
    'Bernoulli: pass exactly one of { probs } or { logits }',
  ],
  [
    'Binomial totalCount',
    () => new Binomial(2.5, { probs: 0.5 }),
    "Binomial: argument 'totalCount' must be a non-negative integer, got 2.5",
  ],
  [
    'Binomial probs',
    () => new Binomial(3, { probs: 2 }),
    "Binomial: argument 'probs' must be in [0, 1], got 2",
  ],
  [
    'Categorical probs',
    () => new Categorical({ probs: [0.5, 0.6] }),
    "Categorical: argument 'probs' must be on the simplex (non-negative, summing to 1), got [0.5, 0.6]",
  ],
  [
    'Categorical batch',
    () =>
      new Categorical({
        probs: [
          [0.5, 0.5],
          [1.5, -0.5],
        ],
      }),
    "Categorical: argument 'probs' must be on the simplex (non-negative, summing to 1), got [1.5, -0.5] at index [1]",
  ],
  ['Poisson', () => new Poisson(-1), "Poisson: argument 'rate' must be non-negative (≥ 0), got -1"],
  [
    'Geometric probs 0',
    () => new Geometric({ probs: 0 }),
    "Geometric: argument 'probs' must be in (0, 1], got 0",
  ],
  [
    'Geometric probs > 1',
    () => new Geometric({ probs: 1.2 }),
    "Geometric: argument 'probs' must be in [0, 1], got 1.2",
  ],
  [
    'Dirichlet',
    () => new Dirichlet([1, 0, 2]),
    "Dirichlet: argument 'concentration' must be positive (> 0), got [1, 0, 2]",
  ],
  [
    'MultivariateNormal covariance',
    () =>
      new MultivariateNormal([0, 0], {
        covariance: [
          [1, 2],
          [2, 1],
        ],
      }),
    "MultivariateNormal: argument 'covariance' must be a symmetric positive-definite matrix, got [1, 2, 2, 1]",
  ],
  [
    'MultivariateNormal scaleTril',
    () =>
      new MultivariateNormal([0, 0], {
        scaleTril: [
          [1, 1],
          [0, 1],
        ],
      }),
    "MultivariateNormal: argument 'scaleTril' must be a lower-triangular matrix with a positive diagonal, got [1, 1, 0, 1]",
  ],
  [
    'MultivariateNormal neither',
    () => new MultivariateNormal([0, 0], {} as never),
    'MultivariateNormal: pass exactly one of { covariance } or { scaleTril }',
  ],
];

describe('invalid parameters throw naming family, argument and value', () => {
  for (const [name, make, message] of BAD) {
    it(name, () => {
      expect(make).toThrow(ArgumentError);
      expect(make).toThrow(message);
    });
  }

  it('validateArgs: false skips the checks', () => {
    expect(new Normal(0, -1, { validateArgs: false }).batchShape).toEqual([]);
    expect(new Bernoulli({ probs: 2, validateArgs: false }).batchShape).toEqual([]);
  });
});

describe('shapes that do not fit', () => {
  it('parameters whose batch shapes do not broadcast', () => {
    expect(() => new Normal([0, 1], [1, 1, 1])).toThrow(ShapeError);
    expect(() => new Normal([0, 1], [1, 1, 1])).toThrow(
      "Normal: the batch shapes of arguments 'loc' [2], 'scale' [3] do not broadcast",
    );
  });

  it('a matrix of the wrong size or a vector parameter given as a scalar', () => {
    expect(() => new MultivariateNormal([0, 0], { scaleTril: [[1]] })).toThrow(
      "MultivariateNormal: argument 'scaleTril' must be 2 × 2 to match loc, got shape [1,1]",
    );
    expect(() => new Dirichlet(2)).toThrow(
      "Dirichlet: argument 'concentration' needs at least 1 axes, got shape []",
    );
  });

  it('values whose shape does not fit', () => {
    expect(() => new Normal([0, 1, 2], 1).logProb([1, 2])).toThrow(
      'Normal.logProb: value of shape [2] does not broadcast against the batch shape [3]',
    );
    expect(() => new Dirichlet([1, 1, 1]).logProb([0.5, 0.5])).toThrow(
      'Dirichlet.logProb: value of shape [2] does not end in the event shape [3]',
    );
  });

  it('bad sample shapes, icdf probabilities, Independent ranks, expand shapes', () => {
    expect(() => new Normal(0, 1).sample([2.5])).toThrow(
      'Normal.sample: invalid sample shape [2.5]',
    );
    expect(() => new Normal(0, 1).icdf(1.5)).toThrow(
      "Normal.icdf: argument 'p' must be in [0, 1], got 1.5",
    );
    expect(() => new Independent(new Normal(0, 1), 1)).toThrow(
      "Independent: argument 'n' must be an integer in [0, 0] (the batch rank of Normal), got 1",
    );
    expect(() => new Normal([0, 1], 1).expand([3])).toThrow(
      'Normal.expand: cannot expand batch shape [2] to [3]',
    );
  });
});

describe('methods a family does not have', () => {
  it('say which family and method', () => {
    expect(() => new Dirichlet([1, 2]).cdf([0.5, 0.5])).toThrow(
      'Dirichlet.cdf: not available for the Dirichlet distribution',
    );
    expect(() => new Uniform(0, 1).mode).toThrow(
      'Uniform.mode: not available for the Uniform distribution',
    );
    expect(() => new Poisson(2).icdf(0.5)).toThrow(ArgumentError);
  });

  it('ImproperUniform cannot be sampled', () => {
    const d = new ImproperUniform(constraints.positive);
    expect(() => d.sample()).toThrow(
      'ImproperUniform.sample: an improper distribution cannot be sampled',
    );
    expect(() => new ImproperUniform(constraints.simplex)).toThrow(/fewer axes than the support/);
  });
});

describe('bad values are not errors for logProb', () => {
  it('NaN, ±Infinity, non-integers and out-of-range counts give -Infinity', () => {
    expect(new Normal(0, 1).logProb([NaN, Infinity, -Infinity]).toArray()).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    expect(new Poisson(2).logProb([-1, 1.5, NaN]).toArray()).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    expect(new Binomial(3, { probs: 0.5 }).logProb([4, -1]).toArray()).toEqual([
      -Infinity,
      -Infinity,
    ]);
    expect(new Dirichlet([1, 1]).logProb([0.7, 0.7]).item()).toBe(-Infinity);
  });
});
