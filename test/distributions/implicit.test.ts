/**
 * Implicit reparameterization gradients (Figurnov et al. 2018) of Gamma, InverseGamma,
 * Beta, Dirichlet and StudentT samples:
 * - dz/da of a Gamma(a, 1) draw against 60-digit mpmath values on a grid of (a, z)
 *   from a = 1e-3 to 1e5 (golden.json);
 * - per sample, against central differences of the inverse CDF at the draw's fixed
 *   uniform noise u = F(z);
 * - in distribution, d/dθ E[f(x)] against the analytic derivative (4 standard errors).
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import { describe, expect, it } from 'vitest';
import {
  Beta,
  broadcastTo,
  concat,
  Dirichlet,
  expandDims,
  full,
  Gamma,
  grad,
  InverseGamma,
  mul,
  rng,
  slice,
  square,
  StudentT,
  sum,
  type Distribution,
  type Tensor,
} from '../../src/index.js';
import { gammaSampleGrad } from '../../src/distributions/gamma-grad.js';
import golden from './golden.json' with { type: 'json' };

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('dz/da of a gamma draw', () => {
  it('matches 60-digit values from a = 1e-3 to 1e5 (series and continued fraction)', () => {
    let worst = 0;
    for (const g of golden.gammaGrad)
      worst = Math.max(worst, rel(gammaSampleGrad(g.a, g.z), g.dzda));
    expect(worst).toBeLessThanOrEqual(5e-12);
  });

  it('is 0 for an underflowed draw and never NaN', () => {
    expect(gammaSampleGrad(0.01, 0)).toBe(0);
    expect(Number.isFinite(gammaSampleGrad(1e-3, 1e-300))).toBe(true);
  });
});

/** Central difference of the gamma quantile at fixed u, in a. */
function quantileSlope(u: number, a: number): number {
  const h = 1e-5 * a;
  return (gammaincinv(u, a + h) - gammaincinv(u, a - h)) / (2 * h);
}

describe('per-sample gradients equal finite differences of the inverse CDF at fixed noise', () => {
  // stdlib's gammaincinv loses digits in a beyond ~50, which central differences amplify
  // past 1e-6; larger a are covered by the 60-digit grid above
  const a = [0.3, 0.8, 1.5, 3, 7, 20, 45];

  it('Gamma(a, rate): in a and in rate', () => {
    const rate = 1.7;
    const z = new Gamma(a, rate).sample([], rng('implicit/gamma')).data;
    const draw = (c: Tensor, r: Tensor): Tensor =>
      new Gamma(c, r).sample([], rng('implicit/gamma'));
    const [ga, gr] = grad((c: Tensor, r: Tensor) => sum(draw(c, r)), { argnums: [0, 1] })(a, rate);
    for (let i = 0; i < a.length; i++) {
      const u = gammainc(z[i] * rate, a[i]);
      expect(rel(ga.data[i], quantileSlope(u, a[i]) / rate), `a = ${a[i]}`).toBeLessThanOrEqual(
        2e-6,
      );
    }
    expect(rel(gr.item(), -sumOf(z) / rate)).toBeLessThanOrEqual(1e-14);
  });

  it('Beta(a, b) = g₁/(g₁ + g₀): in both concentrations', () => {
    const b = a.map((v) => 10 / v);
    const r = rng('implicit/beta'); // the same stream the Beta sample below consumes
    const g1 = new Gamma(a, 1).sample([], r).data;
    const g0 = new Gamma(b, 1).sample([], r).data;
    const beta = (p: Tensor, q: Tensor): Tensor => new Beta(p, q).sample([], rng('implicit/beta'));
    const [da, db] = grad((p: Tensor, q: Tensor) => sum(beta(p, q)), { argnums: [0, 1] })(a, b);
    for (let i = 0; i < a.length; i++) {
      const [u1, u0] = [gammainc(g1[i], a[i]), gammainc(g0[i], b[i])];
      // difference whichever of x, 1 - x is small (near 1, x itself has no digits to spare)
      const upper = g1[i] > g0[i];
      const x = (p: number, q: number): number => {
        const [y1, y0] = [gammaincinv(u1, p), gammaincinv(u0, q)];
        return upper ? -y0 / (y1 + y0) : y1 / (y1 + y0);
      };
      const [ha, hb] = [1e-5 * a[i], 1e-5 * b[i]];
      const fa = (x(a[i] + ha, b[i]) - x(a[i] - ha, b[i])) / (2 * ha);
      const fb = (x(a[i], b[i] + hb) - x(a[i], b[i] - hb)) / (2 * hb);
      expect(rel(da.data[i], fa), `a = ${a[i]}`).toBeLessThanOrEqual(2e-6);
      expect(rel(db.data[i], fb), `b = ${b[i]}`).toBeLessThanOrEqual(2e-6);
    }
  });

  it('Dirichlet(α) = g / Σg: the full Jacobian dxᵢ/dαⱼ', () => {
    const alpha = [0.7, 2.5, 9];
    const g = new Gamma(alpha, 1).sample([], rng('implicit/dirichlet')).data;
    const u = alpha.map((c, i) => gammainc(g[i], c));
    const x = (al: number[]): number[] => {
      const y = al.map((c, i) => gammaincinv(u[i], c));
      const s = y.reduce((p, q) => p + q, 0);
      return y.map((v) => v / s);
    };
    const draw = (c: Tensor): Tensor => new Dirichlet(c).sample([], rng('implicit/dirichlet'));
    for (let i = 0; i < 3; i++) {
      const onehot = alpha.map((_, k) => (k === i ? 1 : 0));
      const gi = grad((c: Tensor) => sum(mul(draw(c), onehot)))(alpha);
      for (let j = 0; j < 3; j++) {
        const h = 1e-5 * alpha[j];
        const [up, dn] = [alpha.slice(), alpha.slice()];
        up[j] += h;
        dn[j] -= h;
        const fd = (x(up)[i] - x(dn)[i]) / (2 * h);
        expect(rel(gi.data[j], fd), `dx${i}/dα${j}`).toBeLessThanOrEqual(2e-6);
      }
    }
  });
});

const M = 20_000;

/**
 * The per-sample gradients of f(x) in the (scalar) parameter, from a batch of M copies
 * of the parameter, and their mean and standard error.
 */
function gradientEstimate(
  make: (theta: Tensor) => Distribution,
  theta: number,
  f: (x: Tensor) => Tensor,
  seed: string,
): { mean: number; se: number } {
  const g = grad((t: Tensor) => sum(f(make(t).sample([], rng(seed)))))(full([M], theta)).data;
  const mean = g.reduce((p, q) => p + q, 0) / M;
  const v = g.reduce((p, q) => p + (q - mean) ** 2, 0) / (M - 1);
  return { mean, se: Math.sqrt(v / M) };
}

describe('in distribution: the gradient of E[f(x)] is unbiased', () => {
  const id = (x: Tensor): Tensor => x;
  const cases: [string, (t: Tensor) => Distribution, number, (x: Tensor) => Tensor, number][] = [
    ['Gamma: dE[x]/dα = 1/β', (t) => new Gamma(t, 2), 3, id, 1 / 2],
    ['Gamma, α < 1: dE[x]/dα = 1/β', (t) => new Gamma(t, 2), 0.3, id, 1 / 2],
    ['Gamma: dE[x²]/dβ = -2α(α+1)/β³', (t) => new Gamma(3, t), 2, square, (-2 * 3 * 4) / 8],
    ['InverseGamma: dE[x]/dα = -β/(α-1)²', (t) => new InverseGamma(t, 2), 6, id, -2 / 25],
    ['Beta: dE[x]/da = b/(a+b)²', (t) => new Beta(t, 3), 2, id, 3 / 25],
    ['Beta: dE[x]/db = -a/(a+b)²', (t) => new Beta(2, t), 3, id, -2 / 25],
    ['StudentT: dE[x²]/d df = -2/(df-2)²', (t) => new StudentT(t, 0, 1), 10, square, -2 / 64],
  ];
  for (const [name, make, theta, f, expected] of cases) {
    it(name, () => {
      const { mean, se } = gradientEstimate(make, theta, f, `unbiased/${name}`);
      expect(Math.abs(mean - expected), `${mean} vs ${expected} (SE ${se})`).toBeLessThanOrEqual(
        4 * se,
      );
    });
  }

  it('Dirichlet: dE[x₀]/dα₀ = (Σα - α₀)/(Σα)²', () => {
    const rest = broadcastTo([2, 3], [M, 2]);
    const make = (t: Tensor): Distribution => new Dirichlet(concat([expandDims(t, -1), rest], -1));
    const f = (x: Tensor): Tensor => slice(x, [0, 0], [M, 1]);
    const { mean, se } = gradientEstimate(make, 1.5, f, 'unbiased/dirichlet');
    const expected = 5 / 6.5 ** 2;
    expect(Math.abs(mean - expected), `${mean} vs ${expected} (SE ${se})`).toBeLessThanOrEqual(
      4 * se,
    );
  });
});

function sumOf(x: Float64Array): number {
  return x.reduce((p, q) => p + q, 0);
}
