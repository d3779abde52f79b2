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

# ---- cdf and entropy (issue 17, part 2) -------------------------------------------------
# References at 30 digits: cdf by mpmath's regularized incomplete beta / gamma (NB, GP,
# ZIP, ZINB) or by the exact finite sum (BB); entropy by summing -P log P over the mass by
# the pmf's term ratio from the mode outwards until terms fall below 1e-45 of the mode's
# (NB, GP, ZI*), over the whole support (BB), or by the exact formula
# n H(p) - lgamma(n+1) + sum_i E lgamma(x_i+1) over Binomial(n, p_i) marginals (Multinomial).
# scipy's values are printed next to them: scipy's discrete entropy sums pmf chunks until a
# chunk adds < 1e-10 (absolute; rv_discrete._entropy via _expect) and, for wide
# distributions, stops early with "expect(): sum did not converge" and a wrong value
# (nbinom(1e6, 0.7).entropy() is 3.16, the true value 8.08).
mp.mp.dps = 30


def walk(lp_mode, mode, ratio, lo=0, hi=None):
    """The log masses from the mode outwards by the term ratio r(k) = p(k+1)/p(k)."""
    out = {mode: lp_mode}
    lp, k = lp_mode, mode
    while hi is None or k < hi:
        lp += mp.log(ratio(k))
        k += 1
        out[k] = lp
        if lp < lp_mode - 104:  # 1e-45 of the mode's term
            break
    lp, k = lp_mode, mode
    while k > lo:
        lp -= mp.log(ratio(k - 1))
        k -= 1
        out[k] = lp
        if lp < lp_mode - 104:
            break
    return out


def entropy_of(lps):
    return -mp.fsum(mp.exp(v) * v for v in lps.values())


def nb_lps(r, p):
    r, p = mp.mpf(r), mp.mpf(p)
    q = 1 - p
    mode = int(mp.floor((r - 1) * p / q)) if r > 1 else 0
    return walk(nb_exact(mode, r, p, q), mode, lambda k: (k + r) / (k + 1) * p)


def zi_lps(g, lps, lp0):
    g = mp.mpf(g)
    lps = {**lps, 0: lp0}
    out = {k: mp.log(1 - g) + v for k, v in lps.items()}
    out[0] = mp.log(g + (1 - g) * mp.exp(lps[0]))
    return out


def cdf_of(lps, k):
    """P(X <= k) by the walk's terms (mpmath's betainc does not converge at r = 1e6)."""
    if k < 0:
        return mp.mpf(0)
    assert k >= min(lps), "point below the summed range"
    return mp.fsum(mp.exp(v) for j, v in lps.items() if j <= k)


def nb_cdf(k, r, p):
    return cdf_of(nb_lps(r, p), k)


def report(name, params, what, ref, sp):
    v = float(ref)
    if sp is not None and not abs(sp - v) <= 1e-12 * abs(v):
        print(f"scipy {what} differs for {name} {params}: {sp} vs {v} (rel {abs(sp - v) / abs(v):.1e})")
    return v


def case(name, params, xs, cdf, lps, sp_cdf=None, sp_h=None):
    return {
        "params": params,
        "cdf": [{"x": x, "value": report(name, params, f"cdf({x})", cdf(x), sp_cdf(x) if sp_cdf else None)} for x in xs],
        "entropy": report(name, params, "entropy", entropy_of(lps), sp_h),
    }


def nb_case(r, p, xs):
    lps = nb_lps(r, p)
    return case("NegativeBinomial", {"totalCount": r, "probs": p}, xs, lambda x: cdf_of(lps, mp.floor(x)), lps,
                lambda x: float(stats.nbinom.cdf(x, r, 1 - p)), float(stats.nbinom(r, 1 - p).entropy()))


def gp_case(m, c, xs):
    pm = mp.mpf(m) / (mp.mpf(m) + c)
    lps = nb_lps(c, pm)
    return case("GammaPoisson", {"mean": m, "concentration": c}, xs, lambda x: cdf_of(lps, mp.floor(x)), lps,
                lambda x: float(stats.nbinom.cdf(x, c, c / (m + c))), float(stats.nbinom(c, c / (m + c)).entropy()))


def pois_lps(lam):
    lam = mp.mpf(lam)
    mode = int(mp.floor(lam))
    return walk(pois_exact(mode, lam), mode, lambda k: lam / (k + 1))


def zip_case(lam, g, xs):
    def cdf(x):
        k = mp.floor(x)
        return mp.mpf(0) if k < 0 else g + (1 - mp.mpf(g)) * mp.gammainc(k + 1, lam, mp.inf, regularized=True)
    return case("ZeroInflatedPoisson", {"rate": lam, "gate": g}, xs, cdf, zi_lps(g, pois_lps(lam), -mp.mpf(lam)),
                lambda x: float(g + (1 - g) * stats.poisson.cdf(x, lam)) if x >= 0 else 0.0)


def zinb_case(r, p, g, xs):
    base = nb_lps(r, p)

    def cdf(x):
        k = mp.floor(x)
        return mp.mpf(0) if k < 0 else g + (1 - mp.mpf(g)) * cdf_of(base, k)
    return case("ZeroInflatedNegativeBinomial", {"totalCount": r, "probs": p, "gate": g}, xs, cdf, zi_lps(g, base, r * mp.log(1 - mp.mpf(p))),
                lambda x: float(g + (1 - g) * stats.nbinom.cdf(x, r, 1 - p)) if x >= 0 else 0.0)


def bb_case(a, b, n, xs):
    am, bm = mp.mpf(a), mp.mpf(b)
    lps = {0: bb_exact(0, a, b, n)}
    for k in range(n):
        lps[k + 1] = lps[k] + mp.log((n - k) * (k + am) / ((k + 1) * (n - k - 1 + bm)))

    def cdf(x):
        k = int(mp.floor(x))
        return mp.fsum(mp.exp(lps[j]) for j in range(0, min(k, n) + 1)) if k >= 0 else mp.mpf(0)
    return case("BetaBinomial", {"concentration1": a, "concentration0": b, "totalCount": n}, xs, cdf, lps,
                lambda x: float(stats.betabinom.cdf(x, n, a, b)), float(stats.betabinom(n, a, b).entropy()))


def mn_entropy(n, p):
    p = [mp.mpf(v) for v in p]
    h = n * -mp.fsum(v * mp.log(v) for v in p if v > 0) - mp.loggamma(n + 1)
    for pi in p:
        lp = n * mp.log(1 - pi)
        for k in range(n + 1):
            h += mp.exp(lp) * mp.loggamma(k + 1)
            if k < n:
                lp += mp.log((n - k) * pi / ((k + 1) * (1 - pi)))
    return h


def mn_case(n, p):
    return {"params": {"totalCount": n, "probs": p},
            "entropy": report("Multinomial", p, "entropy", mn_entropy(n, p), float(stats.multinomial(n, p).entropy()))}


XS = [-1, 0, 2, 2.5, 7, 30]
methods = {
    "NegativeBinomial": {
        "typical": [nb_case(3.0, 0.4, XS), nb_case(0.7, 0.25, XS), nb_case(12.5, 0.8, [10, 50, 80.5])],
        "extreme": [nb_case(1e6, 0.3, [425000, 428571, 432000]), nb_case(0.001, 0.5, [0, 1, 20]),
                    nb_case(2.0, 0.999, [100, 2000, 20000]), nb_case(1e5, 1e-4, [0, 10, 25])],
    },
    "GammaPoisson": {
        "typical": [gp_case(2.0, 3.0, XS), gp_case(7.5, 0.6, XS), gp_case(0.3, 40.0, [0, 1, 4])],
        "extreme": [gp_case(1e6, 1e6, [998000, 1002000]), gp_case(5.0, 1e-3, [0, 1, 40]),
                    gp_case(3.0, 1e8, [0, 3, 12]), gp_case(1e4, 2.0, [2000, 10000, 40000])],
    },
    "ZeroInflatedPoisson": {
        "typical": [zip_case(3.0, 0.2, XS), zip_case(0.4, 0.7, [0, 1, 2]), zip_case(25.0, 0.05, [0, 20, 40])],
        "extreme": [zip_case(1e3, 0.3, [0, 950, 1000, 1100]), zip_case(1e-6, 1e-9, [0, 1, 3]),
                    zip_case(2.0, 1 - 1e-9, [0, 1, 5])],
    },
    "ZeroInflatedNegativeBinomial": {
        "typical": [zinb_case(3.0, 0.4, 0.2, XS), zinb_case(0.7, 0.25, 0.6, [0, 1, 4])],
        "extreme": [zinb_case(1e4, 0.3, 0.1, [-1, 4200, 4300]), zinb_case(0.001, 0.5, 1e-9, [0, 1, 7])],
    },
    "BetaBinomial": {
        "typical": [bb_case(2.0, 3.0, 10, [-1, 0, 3, 3.5, 10, 12]), bb_case(0.5, 0.5, 20, [0, 1, 10, 19]),
                    bb_case(12.0, 4.5, 40, [5, 30, 35])],
        "extreme": [bb_case(2.0, 3.0, 10000, [0, 100, 4000, 9990]), bb_case(1e-3, 2e-3, 50, [0, 1, 25, 49]),
                    bb_case(1e7, 3e7, 1000, [200, 250, 300]), bb_case(1e4, 1.0, 10000, [9000, 9990, 9999])],
    },
    "Multinomial": {
        "typical": [mn_case(4, [0.2, 0.3, 0.5]), mn_case(10, [0.5, 0.5]), mn_case(7, [0.1, 0.2, 0.3, 0.4])],
        "extreme": [mn_case(10000, [0.2, 0.3, 0.5]), mn_case(20, [1e-12, 0.5 - 5e-13, 0.5 - 5e-13]),
                    mn_case(1000, [0.001, 0.999])],
    },
}
golden["methods"] = methods

with open(OUT, "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
