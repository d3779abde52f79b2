#!/usr/bin/env python3
"""Golden values for test/distributions/lkj.test.ts (issue 17, LKJ / LKJCholesky).

Writes test/distributions/golden-lkj.json with, at 50 digits (mpmath):
- normalizer: log c_d(η), c_d(η) = ∫ det(C)^(η-1) dC over d × d correlation matrices, from
  the product of Beta functions of Lewandowski, Kurowicka and Joe (2009, eq. 16),
    log c = Σₖ₌₁^(d-1) [(2η - 2 + d - k)(d - k) log 2 + (d - k) log B(b, b)], b = η + (d-k-1)/2,
  asserted to agree to 1e-40 with the multivariate-gamma form (torch's),
    ½(d-1) log π + log Γ_(d-1)(α - ½) - (d-1) log Γ(α), α = η + (d-1)/2,
  and, at d = 2 and d = 3, with quadrature: c_2 = ∫ (1 - ρ²)^(η-1) dρ, and
  c_3 = B(½, η) (∫ (1 - r²)^(η-½) dr)² (the inner integral over ρ₂₃ done in closed form,
  det C being (1 - ρ₁₂²)(1 - ρ₁₃²) - (ρ₂₃ - ρ₁₂ρ₁₃)²).
- lkj: log p(C) = (η - 1) log det C - log c at correlation matrices C (identity, random,
  near-singular), det C from the stored float64 entries by an mpmath LU, with the
  condition number of log det C under relative perturbations of C's entries (logDetCond:
  ~d at well-conditioned C, ~2/det C near-singular), which bounds what any float64
  algorithm working from C's entries can reach.
- cholesky: log p(L) = Σᵢ₌₁^(d-1) (d - i - 1 + 2(η - 1)) log Lᵢᵢ - log c at the Cholesky factors.
  The exponent d - i - 1 is the log-Jacobian of L ↦ C on the strictly lower entries; it is
  asserted (d = 3, 5) against a 50-digit central-difference Jacobian determinant.
Each point lists logProb at every η of `etas`; the tests call η = 0.1, η = 1000 and d = 20
extreme (2e-10 there, 1e-12 elsewhere).

Run: python3 scripts/golden-lkj.py && npx prettier --write test/distributions/golden-lkj.json
(needs numpy and mpmath)
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.dps = 50
F = mp.mpf
DIMS = [2, 3, 5, 10, 20]
ETAS = [0.1, 0.5, 1, 2, 50, 1000]


def log_c_beta(d, eta):
    eta = F(eta)
    s = F(0)
    for k in range(1, d):
        m = d - k
        b = eta + F(m - 1) / 2
        s += (2 * eta - 2 + m) * m * mp.log(2) + m * (2 * mp.loggamma(b) - mp.loggamma(2 * b))
    return s


def log_c_mvlgamma(d, eta):
    p = d - 1
    alpha = F(eta) + F(p) / 2
    mvl = F(p * (p - 1)) / 4 * mp.log(mp.pi)
    for j in range(1, p + 1):
        mvl += mp.loggamma(alpha - F(1) / 2 - F(j - 1) / 2)
    return F(p) / 2 * mp.log(mp.pi) + mvl - p * mp.loggamma(alpha)


def half_integral(e):
    """∫₀¹ (1 - r²)^e dr by quadrature; for e < 0 in u = 1 - r = v^(1/(e+1)), which removes
    the endpoint singularity: (1/(e+1)) ∫₀¹ (2 - u)^e dv."""
    if e < 0:
        return mp.quad(lambda v: (2 - v ** (1 / (e + 1))) ** e, [0, 0.5, 1]) / (e + 1)
    pts = [0] + [x for x in (0.01, 0.03, 0.1, 0.3, 0.5, 0.9) if x < 1] + [1]
    return mp.quad(lambda r: (1 - r * r) ** e, pts)


def log_c_quad(d, eta):
    eta = F(eta)
    if d == 2:
        return mp.log(2 * half_integral(eta - 1))
    inner = 2 * half_integral(eta - F(1) / 2)
    return mp.log(mp.beta(F(1) / 2, eta) * inner**2)


def strict_lower_c(w, d):
    """The strictly lower entries of C = L Lᵀ from those of L (rows of unit norm)."""
    lm = mp.zeros(d, d)
    at = 0
    for i in range(d):
        for j in range(i):
            lm[i, j] = w[at]
            at += 1
        lm[i, i] = mp.sqrt(1 - sum(lm[i, j] ** 2 for j in range(i)))
    c = lm * lm.T
    return [c[i, j] for i in range(1, d) for j in range(i)]


def check_jacobian(lf, d):
    w = [F(lf[i * d + j]) for i in range(1, d) for j in range(i)]
    n = len(w)
    h = F('1e-20')
    jac = mp.zeros(n, n)
    for col in range(n):
        wp, wm = list(w), list(w)
        wp[col] += h
        wm[col] -= h
        fp, fm = strict_lower_c(wp, d), strict_lower_c(wm, d)
        for row in range(n):
            jac[row, col] = (fp[row] - fm[row]) / (2 * h)
    want = sum((d - i - 1) * mp.log(mp.sqrt(1 - sum(F(x) ** 2 for x in w_row(lf, d, i))))
               for i in range(1, d))
    got = mp.log(abs(mp.det(jac)))
    assert abs(got - want) < F('1e-25'), (d, got, want)


def w_row(lf, d, i):
    return [lf[i * d + j] for j in range(i)]


def factors(d):
    """(name, L) float64 row-major Cholesky factors with rows of unit norm (to rounding)."""
    out = [('identity', np.eye(d))]
    rs = np.random.default_rng(1000 + d)
    z = rs.normal(size=d * (d - 1) // 2) * 0.8
    out.append(('random', from_cpcs(np.tanh(z), d)))
    s = 1e-4
    sing = from_cpcs(np.tanh(z) * 0.5, d)
    sing[d - 1, :] = 0
    sing[d - 1, 0] = np.sqrt(1 - s * s)
    sing[d - 1, d - 1] = s
    out.append(('near-singular', sing))
    return out


def from_cpcs(z, d):
    """The stick-breaking map of canonical partial correlations z to L (as CorrCholesky)."""
    lm = np.zeros((d, d))
    lm[0, 0] = 1
    at = 0
    for i in range(1, d):
        rest = 1.0
        for j in range(i):
            lm[i, j] = z[at] * np.sqrt(rest)
            rest -= lm[i, j] ** 2
            at += 1
        lm[i, i] = np.sqrt(rest)
    return lm


def log_det(cf, d):
    """log det C and its condition number for relative perturbations of the entries,
    Σᵢⱼ |Cᵢⱼ (C⁻¹)ⱼᵢ| (a float64 Cholesky of C can be off by about eps times it)."""
    c = mp.matrix(d, d)
    for i in range(d):
        for j in range(d):
            c[i, j] = F(cf[i * d + j])
    ci = c**-1
    cond = sum(abs(c[i, j] * ci[j, i]) for i in range(d) for j in range(d))
    return mp.log(mp.det(c)), cond


def to_c(lm, d):
    c = lm @ lm.T
    c = (c + c.T) / 2
    np.fill_diagonal(c, 1.0)
    return c


def main():
    normalizer, points = [], []
    for d in DIMS:
        fs = factors(d)
        if d in (3, 5):
            for _, lm in fs[1:]:
                check_jacobian(lm.flatten().tolist(), d)
        logc = []
        for eta in ETAS:
            a, b = log_c_beta(d, eta), log_c_mvlgamma(d, eta)
            assert abs(a - b) <= F('1e-40') * max(1, abs(a)), (d, eta, a, b)
            if d in (2, 3):
                q = log_c_quad(d, eta)
                assert abs(a - q) <= F('1e-25') * max(1, abs(a)), (d, eta, a, q)
            logc.append(a)
            normalizer.append({'d': d, 'eta': eta, 'logC': float(a)})
        for name, lm in fs:
            lf = lm.flatten().tolist()
            cf = to_c(lm, d).flatten().tolist()
            logdiag = [mp.log(F(lf[i * d + i])) for i in range(1, d)]
            ld, cond = log_det(cf, d)
            chol = [float(sum((d - i - 1 + 2 * (F(eta) - 1)) * logdiag[i - 1] for i in range(1, d)) - a)
                    for eta, a in zip(ETAS, logc)]
            lkj = [float((F(eta) - 1) * ld - a) for eta, a in zip(ETAS, logc)]
            points.append({'d': d, 'what': name, 'L': lf, 'C': cf, 'logDetCond': float(cond),
                           'cholesky': chol, 'lkj': lkj})
    out = {'etas': ETAS, 'normalizer': normalizer, 'points': points}
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'distributions', 'golden-lkj.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=2)


if __name__ == '__main__':
    main()
