/**
 * Reparameterization of the multivariate families (issue 17): for a smooth f, the pathwise
 * gradient of E[f(x)] in every parameter entry agrees with the score-function estimate
 * E[(f(x) - b) ∇θ log q(x)] (b = the sample mean of f) within 4 standard errors. Both come
 * from the same M draws (a batch of M copies of each parameter gives per-draw gradients),
 * so the SE is that of the per-draw differences. Each case also checks that 4 SE is below
 * 10% of the gradient, so a gradient off by 10% would fail.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  GaussianRandomWalk,
  grad,
  InverseWishart,
  LowRankMultivariateNormal,
  mul,
  MultivariateNormal,
  MultivariateStudentT,
  noGrad,
  reshape,
  rng,
  sin,
  sum,
  tensor,
  Wishart,
  type Distribution,
  type Tensor,
} from '../../src/index.js';

interface Case {
  name: string;
  /** The parameter values, unbatched. */
  params: Record<string, number | number[] | number[][]>;
  make: (p: Record<string, Tensor>) => Distribution;
  /** Per-draw values of f, shape [M]. */
  f: (x: Tensor) => Tensor;
  /** Entries to compare (default all); e.g. the lower triangle of a Cholesky factor. */
  keep?: (name: string, j: number) => boolean;
  /** Draws (default 2e4). */
  draws?: number;
}

const lower = (p: number) => (name: string, j: number) =>
  name !== 'scaleTril' || j % p <= Math.floor(j / p);

const sinW = (w: number[] | number[][], axes: number[]) => (x: Tensor) =>
  sum(mul(sin(add(x, 0.5)), w), axes);

/** A batch of M copies of v. */
function batch(v: number | number[] | number[][], M: number): Tensor {
  const t = tensor(v);
  const out = new Float64Array(M * t.size);
  for (let i = 0; i < M; i++) out.set(t.data, i * t.size);
  return reshape(tensor(out), [M, ...t.shape]);
}

interface Entry {
  what: string;
  pathwise: number;
  score: number;
  /** pathwise - score, less the control variate. */
  diff: number;
  se: number;
}

const mean = (a: Float64Array): number => a.reduce((t, v) => t + v, 0) / a.length;
const covariance = (a: Float64Array, b: Float64Array): number => {
  const [ma, mb] = [mean(a), mean(b)];
  return a.reduce((t, v, i) => t + (v - ma) * (b[i] - mb), 0) / (a.length - 1);
};

/** Pathwise and score-function estimates, and the SE of their difference, of every entry. */
function estimates(c: Case, seed: string): Entry[] {
  const names = Object.keys(c.params);
  const M = c.draws ?? 20_000;
  const xs = names.map((n) => batch(c.params[n], M));
  const obj = (ts: Tensor[]) => Object.fromEntries(names.map((n, k) => [n, ts[k]]));
  const argnums = names.map((_, k) => k);
  const pw = grad((...ts: Tensor[]) => sum(c.f(c.make(obj(ts)).sample([], rng(seed)))), {
    argnums,
  })(...xs);
  const x = noGrad(() => c.make(obj(xs)).sample([], rng(seed)));
  const fx = noGrad(() => c.f(x)).data;
  const b = fx.reduce((s, v) => s + v, 0) / M;
  const sc = grad((...ts: Tensor[]) => sum(c.make(obj(ts)).logProb(x)), { argnums })(...xs);
  const out: Entry[] = [];
  names.forEach((n, k) => {
    const size = pw[k].size / M;
    for (let j = 0; j < size; j++) {
      if (c.keep && !c.keep(n, j)) continue;
      const p = new Float64Array(M);
      const s = new Float64Array(M);
      for (let i = 0; i < M; i++) {
        p[i] = pw[k].data[i * size + j];
        s[i] = sc[k].data[i * size + j];
      }
      const mp = mean(p);
      const ms = mean(s.map((v, i) => (fx[i] - b) * v));
      // the differences, less the control variate c·∇θ log q (mean 0) that best reduces them
      const dd = p.map((v, i) => v - (fx[i] - b) * s[i]);
      const k2 = covariance(dd, s) / covariance(s, s);
      const r = dd.map((v, i) => v - k2 * s[i]);
      const se = Math.sqrt(covariance(r, r) / M);
      out.push({ what: `${n}[${j}]`, pathwise: mp, score: ms, diff: mean(r), se });
    }
  });
  return out;
}

const psd3 = [
  [1.2, 0, 0],
  [0.4, 0.9, 0],
  [-0.3, 0.2, 0.7],
];
const w3 = [0.8, -1.1, 0.6];

const CASES: Case[] = [
  {
    name: 'MultivariateNormal (loc, scaleTril)',
    params: { loc: [0.3, -0.5, 1], scaleTril: psd3 },
    make: (p) => new MultivariateNormal(p.loc, { scaleTril: p.scaleTril }),
    f: sinW(w3, [-1]),
    keep: lower(3),
  },
  {
    name: 'LowRankMultivariateNormal (loc, covFactor, covDiag)',
    params: {
      loc: [0.3, -0.5, 1],
      covFactor: [
        [0.8, 0.2],
        [-0.4, 0.6],
        [0.5, -0.7],
      ],
      covDiag: [0.5, 0.8, 0.3],
    },
    make: (p) => new LowRankMultivariateNormal(p.loc, p.covFactor, p.covDiag),
    f: sinW(w3, [-1]),
  },
  {
    name: 'MultivariateStudentT (df, loc, scaleTril)',
    params: { df: 4, loc: [0.3, -0.5, 1], scaleTril: psd3 },
    make: (p) => new MultivariateStudentT(p.df, p.loc, p.scaleTril),
    f: sinW(w3, [-1]),
    keep: lower(3),
  },
  {
    name: 'Wishart (df, scaleTril)',
    params: {
      df: 3.5,
      scaleTril: [
        [0.5, 0],
        [0.2, 0.4],
      ],
    },
    make: (p) => new Wishart(p.df, { scaleTril: p.scaleTril }),
    f: sinW(
      [
        [1, 0.5],
        [0.5, -0.8],
      ],
      [-2, -1],
    ),
    keep: lower(2),
  },
  {
    name: 'InverseWishart (df, scaleTril)',
    params: {
      df: 6,
      scaleTril: [
        [1.5, 0],
        [0.6, 1.2],
      ],
    },
    draws: 40_000,
    make: (p) => new InverseWishart(p.df, { scaleTril: p.scaleTril }),
    f: sinW(
      [
        [1, 0.5],
        [0.5, -0.8],
      ],
      [-2, -1],
    ),
    keep: lower(2),
  },
  {
    name: 'GaussianRandomWalk (scale)',
    params: { scale: 0.6 },
    draws: 100_000,
    make: (p) => new GaussianRandomWalk(p.scale, 4),
    f: sinW([1, -0.5, 0.8, 0.4], [-1]),
  },
];

describe('pathwise gradient of E[f(x)] = score-function estimate (4 SE, 2e4–1e5 draws)', () => {
  for (const c of CASES)
    it(c.name, () => {
      let power = 0;
      for (const e of estimates(c, `mv-reparam/${c.name}`)) {
        const z = e.diff / e.se;
        const msg = `${e.what}: pathwise ${e.pathwise}, score ${e.score}, SE ${e.se}`;
        expect(Math.abs(z), msg).toBeLessThanOrEqual(4);
        power += ((0.1 * e.pathwise) / e.se) ** 2;
      }
      // a gradient 10% off in every entry would be a joint deviation of more than 4 SE
      expect(Math.sqrt(power)).toBeGreaterThan(4);
    });
});
