/**
 * LKJCholesky / LKJ and the CorrCholesky / CorrMatrix bijectors: round trips, unit rows,
 * logDetJacobian against a central-difference Jacobian, logProb against an independent
 * closed form (torch's mvlgamma normalizer with @stdlib gammaln) and against 50-digit golden
 * values (scripts/golden-lkj.py: d up to 20, η from 0.1 to 1000, identity, random and
 * near-singular matrices), gradients at d = 10, the d = 2 Beta law, a
 * Kolmogorov–Smirnov test of the (ρ₁₂ + 1)/2 ~ Beta(η - 1 + d/2, η - 1 + d/2) marginal,
 * the concentration gradient, -∞ outside the support and validation errors.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import {
  bijectorFor,
  CorrCholesky,
  CorrMatrix,
  grad,
  LKJ,
  LKJCholesky,
  rng,
  scalar,
  tensor,
  type Tensor,
} from '../../src/index.js';
import { lkjLogNormalizer } from '../../src/distributions/lkj.js';
import { expectGrad } from '../helpers/golden.js';
import { logAbsDet, rel } from '../helpers/linalg.js';
import golden from './golden-lkj.json' with { type: 'json' };

const DIMS = [2, 3, 5];
const ETAS = [0.5, 1, 3];
/** n standard-normal-ish values from a seeded generator, scaled. */
function randomVector(n: number, seed: number, scale = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => scale * r.normal());
}

/** The strictly lower entries of a d × d row-major array, row by row. */
function strictLower(data: ArrayLike<number>, d: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < d; i++) for (let j = 0; j < i; j++) out.push(data[i * d + j]);
  return out;
}

/** torch's log normalizer: ½(d-1) log π + mvlgamma(α - ½, d-1) - (d-1) lgamma(α), α = η + (d-1)/2. */
function logNormalizer(d: number, eta: number): number {
  const p = d - 1;
  const alpha = eta + 0.5 * p;
  let mvl = ((p * (p - 1)) / 4) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) mvl += gammaln(alpha - 0.5 - (j - 1) / 2);
  return 0.5 * p * Math.log(Math.PI) + mvl - p * gammaln(alpha);
}

/** Closed-form log p(L) = Σᵢ₌₁^(d-1) (d - i - 1 + 2(η - 1)) log Lᵢᵢ - log c. */
function lkjCholeskyRef(l: ArrayLike<number>, d: number, eta: number): number {
  let s = 0;
  for (let i = 1; i < d; i++) s += (d - i - 1 + 2 * (eta - 1)) * Math.log(l[i * d + i]);
  return s - logNormalizer(d, eta);
}

/** Closed-form log p(C) = (η - 1)·2Σ log Lᵢᵢ - log c for C = L Lᵀ. */
function lkjRef(l: ArrayLike<number>, d: number, eta: number): number {
  let s = 0;
  for (let i = 1; i < d; i++) s += 2 * Math.log(l[i * d + i]);
  return (eta - 1) * s - logNormalizer(d, eta);
}

describe('CorrCholesky', () => {
  for (const d of DIMS) {
    const n = (d * (d - 1)) / 2;
    const b = new CorrCholesky();
    it(`d = ${d}: inverse ∘ forward, unit rows, positive diagonal`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const x = randomVector(n, seed, 1.5);
        const l = b.forward(x);
        expect(l.shape).toEqual([d, d]);
        const back = b.inverse(l).data;
        for (let k = 0; k < n; k++) expect(Math.abs(back[k] - x[k])).toBeLessThan(1e-13);
        for (let i = 0; i < d; i++) {
          let norm2 = 0;
          for (let j = 0; j < d; j++) norm2 += l.data[i * d + j] ** 2;
          for (let j = i + 1; j < d; j++) expect(l.data[i * d + j]).toBe(0);
          expect(Math.abs(Math.sqrt(norm2) - 1)).toBeLessThan(1e-14);
          expect(l.data[i * d + i]).toBeGreaterThan(0);
        }
      }
    });
    it(`d = ${d}: forward ∘ inverse on a random correlation Cholesky factor`, () => {
      const l = b.forward(randomVector(n, 11, 0.8));
      const again = b.forward(b.inverse(l)).data;
      for (let k = 0; k < d * d; k++) expect(Math.abs(again[k] - l.data[k])).toBeLessThan(1e-13);
    });
    it(`d = ${d}: logDetJacobian vs central differences`, () => {
      for (let seed = 21; seed <= 23; seed++) {
        const x = randomVector(n, seed);
        const h = 1e-6;
        const jac: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        for (let c = 0; c < n; c++) {
          const xp = x.slice();
          const xm = x.slice();
          xp[c] += h;
          xm[c] -= h;
          const fp = strictLower(b.forward(xp).data, d);
          const fm = strictLower(b.forward(xm).data, d);
          for (let r = 0; r < n; r++) jac[r][c] = (fp[r] - fm[r]) / (2 * h);
        }
        const got = b.logDetJacobian(x).item();
        const want = logAbsDet(jac);
        expect(Math.abs(got - want) / Math.max(1, Math.abs(want))).toBeLessThan(1e-7);
      }
    });
    it(`d = ${d}: bijectorFor(LKJCholesky support) is a CorrCholesky`, () => {
      expect(bijectorFor(new LKJCholesky(d, 1).support)).toBeInstanceOf(CorrCholesky);
    });
  }
});

describe('LKJCholesky / LKJ logProb vs the closed form', () => {
  for (const d of DIMS)
    for (const eta of ETAS)
      it(`d = ${d}, η = ${eta}`, () => {
        const b = new CorrCholesky();
        for (let seed = 31; seed <= 33; seed++) {
          const l = b.forward(randomVector((d * (d - 1)) / 2, seed));
          const got = new LKJCholesky(d, eta).logProb(l).item();
          expect(rel(got, lkjCholeskyRef(l.data, d, eta))).toBeLessThan(1e-12);
          const rows = l.toArray() as number[][];
          const c = tensor(
            rows.map((ri) => rows.map((rj) => ri.reduce((s, v, k) => s + v * rj[k], 0))),
          );
          const gotC = new LKJ(d, eta).logProb(c).item();
          expect(rel(gotC, lkjRef(l.data, d, eta))).toBeLessThan(1e-12);
        }
      });
  for (const eta of ETAS)
    it(`d = 2, η = ${eta}: the Beta law of ρ`, () => {
      for (const rho of [-0.9, -0.3, 0, 0.45, 0.8]) {
        const want = betaLogpdf((rho + 1) / 2, eta, eta) - Math.LN2;
        const c = tensor([
          [1, rho],
          [rho, 1],
        ]);
        const l = tensor([
          [1, 0],
          [rho, Math.sqrt(1 - rho * rho)],
        ]);
        expect(rel(new LKJ(2, eta).logProb(c).item(), want)).toBeLessThan(1e-12);
        expect(rel(new LKJCholesky(2, eta).logProb(l).item(), want)).toBeLessThan(1e-12);
      }
    });
});

describe('LKJCholesky / LKJ logProb vs 50-digit golden values (scripts/golden-lkj.py)', () => {
  /**
   * η = 0.1, η = 1000 and d = 20 are extreme (2e-10); the rest typical (1e-12). LKJ at an
   * ill-conditioned C (near-singular, d = 20 random) gets |η - 1|·cond·eps/|log p| where that
   * is larger: the conditioning of log det C from C's float64 entries, not the normalizer.
   */
  const tolOf = (d: number, eta: number): number =>
    eta === 0.1 || eta === 1000 || d === 20 ? 2e-10 : 1e-12;
  const square = (flat: number[], d: number): number[][] =>
    Array.from({ length: d }, (_, i) => flat.slice(i * d, (i + 1) * d));
  it('log c_d(η) (the Beta-product normalizer)', () => {
    for (const { d, eta, logC } of golden.normalizer) {
      const got = lkjLogNormalizer(d, scalar(eta)).item();
      expect(rel(got, logC), `d = ${d}, η = ${eta}: ${got} vs ${logC}`).toBeLessThan(tolOf(d, eta));
    }
  });
  for (const p of golden.points)
    it(`d = ${p.d}, ${p.what}: every η`, () => {
      golden.etas.forEach((eta, k) => {
        const tol = tolOf(p.d, eta);
        const gotL = new LKJCholesky(p.d, eta).logProb(square(p.L, p.d)).item();
        expect(rel(gotL, p.cholesky[k]), `LKJCholesky η = ${eta}: ${gotL}`).toBeLessThan(tol);
        // from C's entries a float64 Cholesky is off by ~eps·cond in log det C
        const conditioned =
          (Math.abs(eta - 1) * p.logDetCond * Number.EPSILON) / Math.abs(p.lkj[k]);
        const gotC = new LKJ(p.d, eta).logProb(square(p.C, p.d)).item();
        expect(rel(gotC, p.lkj[k]), `LKJ η = ${eta}: ${gotC}`).toBeLessThan(
          Math.max(tol, conditioned),
        );
      });
    });
});

describe('d = 10: gradients of logProb w.r.t. η and the value vs central differences', () => {
  // the value moves on the support through the bijector's unconstrained coordinates; at a
  // well-conditioned point (scale 0.3), as cholesky(C(x)) amplifies rounding by cond(C)
  const x = randomVector(45, 51, 0.3);
  for (const eta of [0.5, 2, 50])
    it(`η = ${eta}`, () => {
      const chol = (e: Tensor, u: Tensor): Tensor =>
        new LKJCholesky(10, e).logProb(new CorrCholesky().forward(u));
      const corr = (e: Tensor, u: Tensor): Tensor =>
        new LKJ(10, e).logProb(new CorrMatrix().forward(u));
      expectGrad(chol, [eta, x], `LKJCholesky(10, ${eta})`);
      expectGrad(corr, [eta, x], `LKJ(10, ${eta})`);
    });
});

describe('marginal (ρ₁₂ + 1)/2 ~ Beta(η - 1 + d/2, η - 1 + d/2) (KS, 1e4 draws)', () => {
  const n = 10_000;
  for (const d of DIMS)
    for (const eta of ETAS)
      it(`d = ${d}, η = ${eta}`, () => {
        const s = new LKJCholesky(d, eta).sample([n], rng(1000 + 10 * d + eta)).data;
        const u = Array.from({ length: n }, (_, e) => (s[e * d * d + d] + 1) / 2).sort(
          (a, b) => a - b,
        );
        const a = eta - 1 + d / 2;
        let ks = 0;
        u.forEach((v, k) => {
          const f = betaCdf(v, a, a);
          ks = Math.max(ks, (k + 1) / n - f, f - k / n);
        });
        expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
      });
});

describe('LKJCholesky edges', () => {
  it('gradient w.r.t. concentration vs central differences', () => {
    for (const d of DIMS)
      for (const eta of ETAS) {
        const l = new CorrCholesky().forward(randomVector((d * (d - 1)) / 2, 41));
        const f = (e: number): number => new LKJCholesky(d, e).logProb(l).item();
        const g = grad((e: Tensor) => new LKJCholesky(d, e).logProb(l))(scalar(eta)).item();
        const h = 1e-5;
        const num = (f(eta + h) - f(eta - h)) / (2 * h);
        expect(Math.abs(g - num)).toBeLessThan(1e-8 * (1 + Math.abs(g)));
      }
  });
  it('logProb is -∞ (not NaN) outside the support', () => {
    const bad = [
      [
        [1, 0],
        [0.9, 0.9],
      ],
      [
        [1, 0],
        [0.6, -0.8],
      ],
      [
        [1, 0.1],
        [0.6, 0.8],
      ],
    ];
    for (const x of bad) expect(new LKJCholesky(2, 2).logProb(x).item()).toBe(-Infinity);
    expect(
      new LKJ(2, 2)
        .logProb([
          [1, 1.2],
          [1.2, 1],
        ])
        .item(),
    ).toBe(-Infinity);
  });
  it('validation errors', () => {
    for (const Cls of [LKJCholesky, LKJ]) {
      expect(() => new Cls(1, 1)).toThrow(/dim/);
      expect(() => new Cls(2.5, 1)).toThrow(/dim/);
      expect(() => new Cls(3, 0)).toThrow(/concentration/);
      expect(() => new Cls(3, -1)).toThrow(/concentration/);
    }
  });
});
