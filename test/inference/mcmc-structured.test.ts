/**
 * NUTS on models with structured (matrix-valued) latents (issue 17): a covariance with an
 * InverseWishart prior, and a precision with a Wishart prior, over zero-mean normal data,
 * both conjugate; the posterior mean of every entry of Σ lies within 4 MCSE (plus 0.1
 * posterior sd for adaptation bias) of the exact one, Ψₙ/(νₙ - p - 1) with νₙ = ν₀ + n and
 * Ψₙ = Ψ₀ + Σᵢ yᵢyᵢᵀ.
 */
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  eye,
  InverseWishart,
  matmul,
  MultivariateNormal,
  reshape,
  rng,
  tensor,
  transpose,
  triangularSolve,
  Wishart,
  type Tensor,
} from '../../src/index.js';
import { essBulk, mcmc, nuts, plate, sample } from '../../src/inference/index.js';

const P = 2;
const N = 40;
const NU0 = 5;
const PSI0 = [
  [1, 0.2],
  [0.2, 1.5],
];

/** A⁻¹ = L⁻ᵀ L⁻¹ of a positive-definite p × p matrix A = L Lᵀ. */
function inverse(a: Tensor | number[][]): Tensor {
  const li = triangularSolve(cholesky(a), eye(P));
  return matmul(transpose(li), li);
}

/** The inverse of each 2 × 2 matrix of a `[..., 2, 2]` tensor. */
function inverse2(t: Tensor): Tensor {
  const out = new Float64Array(t.size);
  for (let e = 0; e < t.size; e += 4) {
    const [a, b, c, d] = t.data.subarray(e, e + 4);
    const det = a * d - b * c;
    out.set([d / det, -b / det, -c / det, a / det], e);
  }
  return reshape(tensor(out), t.shape);
}

/** N zero-mean draws with covariance [[2, 0.9], [0.9, 1]]. */
function data(): number[][] {
  const r = rng('mcmc-structured/data');
  const [a, b] = [Math.SQRT2, 0.9 / Math.SQRT2];
  const c = Math.sqrt(1 - b * b);
  return Array.from({ length: N }, () => {
    const [e1, e2] = [r.normal(), r.normal()];
    return [a * e1, b * e1 + c * e2];
  });
}

/** The exact IW(νₙ, Ψₙ) posterior: mean and sd of each entry (row-major). */
function exactPosterior(ys: number[][]): { mean: number[]; sd: number[] } {
  const psi = PSI0.map((row, j) => row.map((v, k) => v + ys.reduce((s, y) => s + y[j] * y[k], 0)));
  const nu = NU0 + ys.length;
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < P; j++)
    for (let k = 0; k < P; k++) {
      mean.push(psi[j][k] / (nu - P - 1));
      const num = (nu - P + 1) * psi[j][k] ** 2 + (nu - P - 1) * psi[j][j] * psi[k][k];
      sd.push(Math.sqrt(num / ((nu - P) * (nu - P - 1) ** 2 * (nu - P - 3))));
    }
  return { mean, sd };
}

/** Per entry of the `[1, S, P, P]` draws: mean and MCSE (sd / √ESS_bulk). */
function posteriorOf(t: Tensor): { mean: number[]; mcse: number[] } {
  const s = t.shape[1];
  const mean: number[] = [];
  const mcse: number[] = [];
  for (let e = 0; e < P * P; e++) {
    const x = Float64Array.from({ length: s }, (_, i) => t.data[i * P * P + e]);
    const m = x.reduce((a, v) => a + v, 0) / s;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (s - 1));
    mean.push(m);
    mcse.push(sd / Math.sqrt(essBulk([x])));
  }
  return { mean, mcse };
}

describe('NUTS recovers the conjugate Normal–(inverse) Wishart posterior of Σ (d = 2)', () => {
  const ys = data();
  const exact = exactPosterior(ys);
  const cases: [string, (y: number[][]) => void, (t: Tensor) => Tensor][] = [
    [
      'InverseWishart prior on the covariance',
      (y) => {
        const cov = sample('S', new InverseWishart(NU0, { covariance: PSI0 }));
        plate('data', y.length, () =>
          sample('y', new MultivariateNormal([0, 0], { covariance: cov }), { obs: y }),
        );
      },
      (t) => t,
    ],
    [
      'Wishart prior on the precision',
      (y) => {
        // Σ ~ IW(ν₀, Ψ₀) ⇔ Σ⁻¹ ~ W(ν₀, Ψ₀⁻¹)
        const prec = sample('S', new Wishart(NU0, { covariance: inverse(PSI0) }));
        plate('data', y.length, () =>
          sample('y', new MultivariateNormal([0, 0], { covariance: inverse(prec) }), { obs: y }),
        );
      },
      inverse2,
    ],
  ];
  for (const [name, model, toCov] of cases)
    it(name, () => {
      const r = mcmc(model, {
        numWarmup: 300,
        numSamples: 400,
        seed: 3,
        args: [ys],
        kernel: nuts(),
      });
      expect(r.numDivergences).toBe(0);
      const got = posteriorOf(toCov(r.samples.S));
      for (let e = 0; e < P * P; e++) {
        const err = Math.abs(got.mean[e] - exact.mean[e]);
        const msg = `Σ[${e}]: ${got.mean[e]} vs ${exact.mean[e]} (MCSE ${got.mcse[e]}, sd ${exact.sd[e]})`;
        expect(err, msg).toBeLessThan(4 * got.mcse[e] + 0.1 * exact.sd[e]);
      }
    });
});
