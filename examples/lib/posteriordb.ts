/**
 * The posteriordb reference models (data and reference summaries in data/posteriordb/,
 * see its README), written in pathwise's model language.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  add,
  constraints,
  HalfCauchy,
  HalfStudentT,
  ImproperUniform,
  log,
  matmul,
  Normal,
  plate,
  sample,
  StudentT,
  tensor,
  type Model,
  type Tensor,
} from '../../src/index.js';

/** Where the posteriordb files live: data/posteriordb in the repository. */
export const dataDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../data/posteriordb',
);

/** A reference summary of one parameter. */
export interface RefStat {
  mean: number;
  sd: number;
  q05: number;
  q95: number;
}

/** A posterior to fit: the model, its arguments, and how to name its scalar parameters. */
export interface Posterior {
  name: string;
  model: Model<[]>;
  /** The reference summaries by parameter name (`beta[1]`, `sigma`, ...). */
  reference: Record<string, RefStat>;
  /** Maps each reference parameter to a site and a flat index in it. */
  params: Record<string, [site: string, index: number]>;
}

function read<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as T;
}

function reference(name: string): Record<string, RefStat> {
  return read<{ reference: Record<string, RefStat> }>(`${name}.reference.json`).reference;
}

/** A linear regression y ~ Normal(beta[1] + beta[2]·x, sigma) with a flat prior on beta. */
function flatRegression(x: number[], y: number[], sigmaPrior: () => Tensor): Model<[]> {
  const design = tensor(x.map((v) => [1, v]));
  const obs = tensor(y);
  return () => {
    const beta = sample('beta', new ImproperUniform(constraints.real, { batchShape: [2] }));
    const sigma = sigmaPrior();
    const mu = matmul(design, beta);
    plate('data', y.length, () => sample('y', new Normal(mu, sigma), { obs }));
  };
}

/** kidiq-kidscore_momiq: kid_score ~ Normal(b1 + b2·mom_iq, sigma), sigma ~ HalfCauchy(2.5). */
export function kidiq(): Posterior {
  const d = read<{ kid_score: number[]; mom_iq: number[] }>('kidiq.data.json');
  return {
    name: 'kidiq-kidscore_momiq',
    model: flatRegression(d.mom_iq, d.kid_score, () => sample('sigma', new HalfCauchy(2.5))),
    reference: reference('kidiq-kidscore_momiq'),
    params: { 'beta[1]': ['beta', 0], 'beta[2]': ['beta', 1], sigma: ['sigma', 0] },
  };
}

/** earnings-logearn_height: log(earn) ~ Normal(b1 + b2·height, sigma), flat priors (sigma > 0). */
export function earnings(): Posterior {
  const d = read<{ earn: number[]; height: number[] }>('earnings.data.json');
  const logEarn = Array.from(log(d.earn).data);
  return {
    name: 'earnings-logearn_height',
    model: flatRegression(d.height, logEarn, () =>
      sample('sigma', new ImproperUniform(constraints.positive)),
    ),
    reference: reference('earnings-logearn_height'),
    params: { 'beta[1]': ['beta', 0], 'beta[2]': ['beta', 1], sigma: ['sigma', 0] },
  };
}

/**
 * diamonds-diamonds: Y ~ Normal(Intercept + Xc·b, sigma) with 24 centered, strongly
 * correlated predictors; b ~ N(0, 1), Intercept ~ StudentT(3, 8, 10), sigma ~ HalfStudentT(3, 10).
 */
export function diamonds(): Posterior {
  const d = read<{ X: number[][]; Y: number[]; K: number }>('diamonds.data.json');
  const k = d.K - 1;
  const means = Array.from(
    { length: k },
    (_, j) => d.X.reduce((s, row) => s + row[j + 1], 0) / d.X.length,
  );
  const xc = tensor(d.X.map((row) => row.slice(1).map((v, j) => v - means[j])));
  const obs = tensor(d.Y);
  const params: Record<string, [string, number]> = {};
  for (let j = 0; j < k; j++) params[`b[${j + 1}]`] = ['b', j];
  params.Intercept = ['Intercept', 0];
  params.sigma = ['sigma', 0];
  return {
    name: 'diamonds-diamonds',
    model: () => {
      const b = sample('b', new Normal(tensor(new Float64Array(k)), 1));
      const intercept = sample('Intercept', new StudentT(3, 8, 10));
      const sigma = sample('sigma', new HalfStudentT(3, 10));
      const mu = add(intercept, matmul(xc, b));
      plate('data', d.Y.length, () => sample('y', new Normal(mu, sigma), { obs }));
    },
    reference: reference('diamonds-diamonds'),
    params,
  };
}
