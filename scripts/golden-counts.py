#!/usr/bin/env python3
"""Golden log-masses for the count families of test/distributions/counts.test.ts.

Each value is mpmath's at 50 digits and is checked against scipy.stats here: scipy must
agree to 1e-12 relative at typical points; at extreme points scipy itself rounds
(nbinom.logpmf forms n*log(p) from a rounded p and subtracts gammaln's of 1e6), so
the mpmath value is the reference and scipy's disagreement is printed.

Writes test/distributions/golden-counts.json: for each family a list of
{"params": {...}, "x": k, "logProb": value}, "typical" points (checked to 1e-12 relative)
and "extreme" points (large counts, tiny/huge concentrations; 2e-10 relative).
NegativeBinomial uses PyTorch's convention (probs = success probability, counting
successes before totalCount failures), which is scipy's nbinom(totalCount, 1 - probs).
GammaPoisson(mean m, concentration c) is nbinom(c, c / (m + c)); BetaBinomial(a, b, n) is
betabinom(n, a, b). The zero-inflated families (scipy has none) are cross-checked
against log(g + (1-g) p(0)) and log1p(-g) + log p(k) from scipy's poisson and nbinom.

Run: python3 scripts/golden-counts.py && npx prettier --write test/distributions/golden-counts.json
(needs scipy)
"""
import json
import os

import mpmath as mp
import numpy as np
from scipy import stats

mp.mp.dps = 50

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "distributions", "golden-counts.json")


def nb_exact(k, r, p, q):
    """log Γ(k+r)/(Γ(r) k!) p^k q^r at 50 digits (p, q exact mpf, p + q = 1)."""
    k, r = mp.mpf(k), mp.mpf(r)
    return mp.loggamma(k + r) - mp.loggamma(r) - mp.loggamma(k + 1) + k * mp.log(p) + r * mp.log(q)


def point(params, k, exact, approx):
    v = float(exact)
    if abs(approx - v) > 1e-12 * abs(v):
        print(f"scipy differs at {params}, x = {k}: {approx} vs {v}")
    return {"params": params, "x": k, "logProb": v}


def nb(r, p, ks):
    pm = mp.mpf(p)
    return [point({"totalCount": r, "probs": p}, k, nb_exact(k, r, pm, 1 - pm),
                  float(stats.nbinom.logpmf(k, r, 1 - p))) for k in ks]


def gp(m, c, ks):
    mm, cm = mp.mpf(m), mp.mpf(c)
    return [point({"mean": m, "concentration": c}, k, nb_exact(k, c, mm / (mm + cm), cm / (mm + cm)),
                  float(stats.nbinom.logpmf(k, c, c / (m + c)))) for k in ks]


def bb_exact(k, a, b, n):
    k, a, b, n = (mp.mpf(v) for v in (k, a, b, n))
    lc = mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
    return lc + mp.log(mp.beta(k + a, n - k + b)) - mp.log(mp.beta(a, b))


def bb(a, b, n, ks):
    return [point({"concentration1": a, "concentration0": b, "totalCount": n}, k, bb_exact(k, a, b, n),
                  float(stats.betabinom.logpmf(k, n, a, b))) for k in ks]


def zi_exact(k, g, logbase):
    g = mp.mpf(g)
    return mp.log(g + (1 - g) * mp.exp(logbase)) if k == 0 else mp.log(1 - g) + logbase


def zi_scipy(k, g, logbase):
    return float(np.log(g + (1 - g) * np.exp(logbase)) if k == 0 else np.log1p(-g) + logbase)


def pois_exact(k, lam):
    lam = mp.mpf(lam)
    return k * mp.log(lam) - lam - mp.loggamma(k + 1)


def zip_(lam, g, ks):
    return [point({"rate": lam, "gate": g}, k, zi_exact(k, g, pois_exact(k, lam)),
                  zi_scipy(k, g, stats.poisson.logpmf(k, lam))) for k in ks]


def zinb(r, p, g, ks):
    pm = mp.mpf(p)
    return [point({"totalCount": r, "probs": p, "gate": g}, k, zi_exact(k, g, nb_exact(k, r, pm, 1 - pm)),
                  zi_scipy(k, g, stats.nbinom.logpmf(k, r, 1 - p))) for k in ks]


def mn_exact(x, p):
    n = sum(x)
    v = mp.loggamma(n + 1)
    for xi, pi in zip(x, p):
        v += -mp.loggamma(xi + 1) + (xi * mp.log(mp.mpf(pi)) if xi else 0)
    return v


def mn(p, xs):
    return [point({"probs": p}, x, mn_exact(x, p), float(stats.multinomial.logpmf(x, sum(x), p))) for x in xs]


def dm_exact(x, a):
    n = sum(x)
    a = [mp.mpf(v) for v in a]
    v = mp.loggamma(n + 1) + mp.loggamma(sum(a)) - mp.loggamma(n + sum(a))
    for xi, ai in zip(x, a):
        v += mp.loggamma(xi + ai) - mp.loggamma(ai) - mp.loggamma(xi + 1)
    return v


def dm(a, xs):
    return [point({"concentration": a}, x, dm_exact(x, a),
                  float(stats.dirichlet_multinomial.logpmf(x, a, sum(x)))) for x in xs]


golden_vec = {
    "Multinomial": {
        "typical": mn([0.2, 0.3, 0.5], [[1, 1, 2], [0, 0, 4], [3, 5, 2]]) + mn([0.5, 0.5], [[0, 0], [7, 3]]),
        "extreme": mn([0.2, 0.3, 0.5], [[200000, 300000, 500000], [199000, 300500, 500500]])
        + mn([1e-12, 0.5 - 5e-13, 0.5 - 5e-13], [[0, 10, 12], [1, 10, 12]]),
    },
    "OneHotCategorical": {
        "typical": mn([0.2, 0.3, 0.5], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]) + mn([0.1, 0.9], [[1, 0]]),
        "extreme": mn([1e-300, 0.25, 0.75 - 1e-300], [[1, 0, 0], [0, 0, 1]]),
    },
    "DirichletMultinomial": {
        "typical": dm([1.0, 2.0, 3.0], [[1, 1, 2], [0, 0, 4], [3, 5, 2]]) + dm([0.5, 0.5], [[0, 0], [7, 3]]),
        "extreme": dm([2.0, 3.0, 5.0], [[200000, 300000, 500000], [1000000, 0, 0]])
        + dm([1e-3, 2e-3, 5e-3], [[0, 0, 20], [5, 10, 5]]) + dm([1e7, 2e7, 3e7], [[100, 200, 300], [90, 210, 300]]),
    },
}

golden = {
    "NegativeBinomial": {
        "typical": nb(3.0, 0.4, [0, 1, 2, 5, 10]) + nb(0.7, 0.25, [0, 1, 3, 8]) + nb(12.5, 0.8, [4, 50, 120]),
        "extreme": nb(1e6, 0.3, [428571, 430000]) + nb(0.001, 0.5, [0, 1, 7]) + nb(2.0, 0.999, [1500, 30000])
        + nb(1e5, 1e-4, [0, 10, 25]),
    },
    "GammaPoisson": {
        "typical": gp(2.0, 3.0, [0, 1, 2, 5, 10]) + gp(7.5, 0.6, [0, 3, 20]) + gp(0.3, 40.0, [0, 1, 4]),
        "extreme": gp(1e6, 1e6, [1000000, 1002000]) + gp(5.0, 1e-3, [0, 1, 40]) + gp(3.0, 1e8, [0, 3, 12])
        + gp(1e4, 2.0, [10000, 40000]),
    },
    "BetaBinomial": {
        "typical": bb(2.0, 3.0, 10, [0, 3, 7, 10]) + bb(0.5, 0.5, 20, [0, 1, 10, 20]) + bb(12.0, 4.5, 40, [5, 30]),
        "extreme": bb(2.0, 3.0, 1000000, [0, 400000, 999999, 1000000]) + bb(1e-3, 2e-3, 50, [0, 1, 25, 50])
        + bb(1e7, 3e7, 1000, [250, 260]) + bb(1e4, 1.0, 100000, [99990, 100000]),
    },
    "ZeroInflatedPoisson": {
        "typical": zip_(3.0, 0.2, [0, 1, 3, 9]) + zip_(0.4, 0.7, [0, 1, 2]) + zip_(25.0, 0.05, [0, 20, 40]),
        "extreme": zip_(1e6, 0.3, [0, 1000000, 1003000]) + zip_(1e-6, 1e-9, [0, 1, 3]) + zip_(2.0, 1 - 1e-9, [0, 1, 5])
        + zip_(50.0, 1e-12, [0, 50]),
    },
    "ZeroInflatedNegativeBinomial": {
        "typical": zinb(3.0, 0.4, 0.2, [0, 1, 2, 10]) + zinb(0.7, 0.25, 0.6, [0, 1, 4]),
        "extreme": zinb(1e6, 0.3, 0.1, [0, 428571]) + zinb(0.001, 0.5, 1e-9, [0, 1, 7]) + zinb(5.0, 0.5, 1 - 1e-9, [0, 3]),
    },
}

golden.update(golden_vec)

with open(OUT, "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
