#!/usr/bin/env python3
"""Golden values for test/distributions/multivariate.test.ts (issue 17, multivariate families).

Writes test/distributions/golden-multivariate.json: for LowRankMultivariateNormal,
MultivariateStudentT, Wishart, InverseWishart and GaussianRandomWalk, log-densities at
typical and extreme points (df near its lower bound, ill-conditioned scales, dimension
20), entropies, means and variances. Each value is computed with mpmath at 50 digits from
the closed form at the float64 inputs, and the script asserts that scipy.stats
(multivariate_normal for the low-rank normal and the random walk, multivariate_t,
wishart, invwishart) agrees to 1e-9 relative, so both sources are checked. The mpmath
value is written. One exception: scipy 1.17's invwishart.entropy disagrees with the
closed form (and with Monte Carlo, -E log p); the script checks the InverseWishart
entropy against a seeded Monte-Carlo estimate from scipy's sampler instead (within 5
standard errors, at the typical points).

Run: python3 scripts/golden-multivariate.py && npx prettier --write test/distributions/golden-multivariate.json
(needs numpy, scipy and mpmath)
"""
import json
import os

import mpmath as mp
import numpy as np
from scipy import stats

mp.mp.dps = 50
F = mp.mpf
LOG2PI = mp.log(2 * mp.pi)


def mat(a):
    return mp.matrix([[F(float(v)) for v in row] for row in np.asarray(a)])


def vec(a):
    return mp.matrix([F(float(v)) for v in np.asarray(a)])


def logdet(m):
    return mp.log(mp.det(m))


def quad(m, r):
    """rᵀ m⁻¹ r."""
    y = mp.lu_solve(m, r)
    return sum(r[i] * y[i] for i in range(len(r)))


def trace(m):
    return sum(m[i, i] for i in range(m.rows))


def mvlgamma(a, p):
    return p * (p - 1) / F(4) * mp.log(mp.pi) + sum(mp.loggamma(a - F(j) / 2) for j in range(p))


def mvdigamma(a, p):
    return sum(mp.digamma(a - F(j) / 2) for j in range(p))


def num(v):
    v = float(v)
    if v == float("inf"):
        return "Infinity"
    if v == float("-inf"):
        return "-Infinity"
    return v


def close(a, b, what, tol=1e-9):
    a, b = float(a), float(b)
    assert abs(a - b) <= tol * max(abs(a), abs(b), 1e-300), f"{what}: mpmath {a} vs scipy {b}"


rng = np.random.default_rng(20261207)


def spd(p, cond=10.0):
    """A random p × p SPD matrix with condition number cond."""
    q, _ = np.linalg.qr(rng.standard_normal((p, p)))
    ev = np.geomspace(1.0, cond, p) / np.sqrt(cond)
    return (q * ev) @ q.T


def sym(m):
    return (m + m.T) / 2


# ---------------------------------------------------------------- LowRankMultivariateNormal


def lowrank_case(d, k, diag_range, extreme):
    loc = rng.standard_normal(d)
    w = rng.standard_normal((d, k))
    diag = np.geomspace(*diag_range, d)
    sigma = w @ w.T + np.diag(diag)
    x = loc + np.linalg.cholesky(sigma) @ rng.standard_normal(d)
    S = mat(w) * mat(w).T + mp.diag(vec(diag))
    r = vec(x) - vec(loc)
    lp = -(quad(S, r) + logdet(S) + d * LOG2PI) / 2
    ent = (logdet(S) + d * (1 + LOG2PI)) / 2
    ref = stats.multivariate_normal(loc, sigma)
    close(lp, ref.logpdf(x), "LowRank logProb")
    close(ent, ref.entropy(), "LowRank entropy")
    var = [S[i, i] for i in range(d)]
    params = {"loc": loc.tolist(), "covFactor": w.tolist(), "covDiag": diag.tolist()}
    return {
        "params": params,
        "x": x.tolist(),
        "extreme": extreme,
        "logProb": num(lp),
        "entropy": num(ent),
        "mean": loc.tolist(),
        "variance": [num(v) for v in var],
    }


def lowrank():
    return [
        lowrank_case(3, 1, (0.5, 2), False),
        lowrank_case(4, 2, (0.1, 1), False),
        lowrank_case(20, 3, (1e-3, 1e3), True),
        lowrank_case(5, 5, (1e-4, 1e-2), True),
    ]


# ---------------------------------------------------------------- MultivariateStudentT


def mvt_case(df, d, cond, extreme, far=1.0):
    loc = rng.standard_normal(d)
    sigma = spd(d, cond)
    L = np.linalg.cholesky(sigma)
    x = loc + far * L @ rng.standard_normal(d)
    S = mat(L) * mat(L).T
    nu = F(df)
    m = quad(S, vec(x) - vec(loc))
    h = (nu + d) / 2
    hld = sum(mp.log(F(float(L[i, i]))) for i in range(d))
    lp = mp.loggamma(h) - mp.loggamma(nu / 2) - d / F(2) * mp.log(nu * mp.pi) - hld
    lp -= h * mp.log1p(m / nu)
    ent = mp.loggamma(nu / 2) - mp.loggamma(h) + d / F(2) * mp.log(nu * mp.pi) + hld
    ent += h * (mp.digamma(h) - mp.digamma(nu / 2))
    ref = stats.multivariate_t(loc, L @ L.T, df=df)
    close(lp, ref.logpdf(x), f"MVT logProb df={df} d={d}")
    close(ent, ref.entropy(), f"MVT entropy df={df} d={d}")
    if df > 2:
        var = [num(S[i, i] * nu / (nu - 2)) for i in range(d)]
    elif df > 1:
        var = ["Infinity"] * d
    else:
        var = ["NaN"] * d
    return {
        "params": {"df": df, "loc": loc.tolist(), "scaleTril": L.tolist()},
        "x": x.tolist(),
        "extreme": extreme,
        "logProb": num(lp),
        "entropy": num(ent),
        "mean": loc.tolist() if df > 1 else ["NaN"] * d,
        "variance": var,
    }


def mvt():
    return [
        mvt_case(5.0, 2, 3.0, False),
        mvt_case(2.5, 3, 10.0, False),
        mvt_case(1.5, 3, 5.0, False),
        mvt_case(30.0, 4, 2.0, False, far=3.0),
        mvt_case(0.05, 2, 2.0, True),
        mvt_case(0.7, 3, 1e6, True),
        mvt_case(8.0, 20, 100.0, True),
    ]


# ---------------------------------------------------------------- Wishart / InverseWishart


def wishart_like(inverse, df, p, cond, extreme):
    scale = spd(p, cond)
    L = np.linalg.cholesky(scale)
    scale = L @ L.T
    ref = (stats.invwishart if inverse else stats.wishart)(df, scale)
    x = sym(ref.rvs(random_state=rng) if p > 1 else np.array([[ref.rvs(random_state=rng)]]))
    if np.min(np.linalg.eigvalsh(x)) < 1e-12 * np.max(np.linalg.eigvalsh(x)):
        x = sym(x + np.eye(p) * 1e-6 * np.trace(x))
    S, X, nu = mat(L) * mat(L).T, mat(x), F(df)  # S exactly as L represents it
    ldS, ldX = logdet(S), logdet(X)
    if inverse:
        tr = trace(S * mp.inverse(X))
        lp = nu / 2 * ldS - nu * p / 2 * mp.log(2) - mvlgamma(nu / 2, p)
        lp -= (nu + p + 1) / 2 * ldX + tr / 2
        ent = (p + 1) / F(2) * ldS - p * (p + 1) / F(2) * mp.log(2) + mvlgamma(nu / 2, p)
        ent += -(nu + p + 1) / 2 * mvdigamma(nu / 2, p) + nu * p / 2
        mean = S / (nu - p - 1) if df > p + 1 else None
        var = None
        if df > p + 3:
            den = (nu - p) * (nu - p - 1) ** 2 * (nu - p - 3)
            var = [
                [((nu - p + 1) * S[i, j] ** 2 + (nu - p - 1) * S[i, i] * S[j, j]) / den for j in range(p)]
                for i in range(p)
            ]
    else:
        tr = trace(mp.inverse(S) * X)
        lp = (nu - p - 1) / 2 * ldX - tr / 2 - nu * p / 2 * mp.log(2) - nu / 2 * ldS
        lp -= mvlgamma(nu / 2, p)
        ent = (p + 1) / F(2) * ldS + p * (p + 1) / F(2) * mp.log(2) + mvlgamma(nu / 2, p)
        ent += -(nu - p - 1) / 2 * mvdigamma(nu / 2, p) + nu * p / 2
        mean = S * nu
        var = [[nu * (S[i, j] ** 2 + S[i, i] * S[j, j]) for j in range(p)] for i in range(p)]
    name = "InverseWishart" if inverse else "Wishart"
    close(lp, ref.logpdf(x), f"{name} logProb df={df} p={p}", 1e-9 if p < 10 else 1e-8)
    if inverse and not extreme:
        draws = ref.rvs(size=20000, random_state=1)
        lps = ref.logpdf(np.moveaxis(draws, 0, -1))
        se = np.std(lps) / np.sqrt(len(lps))
        assert abs(-np.mean(lps) - float(ent)) < 5 * se, f"{name} entropy vs Monte Carlo"
    elif not inverse:
        close(ent, ref.entropy(), f"{name} entropy df={df} p={p}")
    if mean is not None:
        sm = ref.mean()
        for i in range(p):
            for j in range(p):
                close(mean[i, j], sm[i, j], f"{name} mean")
    if var is not None:
        sv = ref.var()
        for i in range(p):
            for j in range(p):
                close(var[i][j], sv[i, j], f"{name} var")
    nan = [["NaN"] * p for _ in range(p)]
    return {
        "params": {"df": df, "scaleTril": L.tolist()},
        "x": x.tolist(),
        "extreme": extreme,
        "logProb": num(lp),
        "entropy": num(ent),
        "mean": [[num(mean[i, j]) for j in range(p)] for i in range(p)] if mean is not None else nan,
        "variance": [[num(v) for v in row] for row in var] if var is not None else nan,
    }


def wisharts(inverse):
    return [
        wishart_like(inverse, 4.0, 2, 3.0, False),
        wishart_like(inverse, 7.5, 3, 10.0, False),
        wishart_like(inverse, 12.0, 4, 5.0, False),
        wishart_like(inverse, 2.01, 3, 4.0, True),  # df just above p - 1
        wishart_like(inverse, 6.0, 3, 1e6, True),  # ill-conditioned scale
        wishart_like(inverse, 30.0, 20, 50.0, True),  # dimension 20
    ]


# ---------------------------------------------------------------- GaussianRandomWalk


def grw_case(scale, n, extreme):
    x = np.cumsum(scale * rng.standard_normal(n))
    s = F(scale)
    xs = [F(float(v)) for v in x]
    prev = [F(0)] + xs[:-1]
    lp = sum(-((a - b) / s) ** 2 / 2 - mp.log(s) - LOG2PI / 2 for a, b in zip(xs, prev))
    ent = n * (F(1) / 2 + LOG2PI / 2 + mp.log(s))
    cov = scale**2 * np.minimum.outer(np.arange(1, n + 1), np.arange(1, n + 1))
    ref = stats.multivariate_normal(np.zeros(n), cov)
    close(lp, ref.logpdf(x), f"GaussianRandomWalk logProb n={n}", 1e-9 if n < 50 else 1e-8)
    close(ent, ref.entropy(), f"GaussianRandomWalk entropy n={n}", 1e-9 if n < 50 else 1e-8)
    return {
        "params": {"scale": scale, "numSteps": n},
        "x": x.tolist(),
        "extreme": extreme,
        "logProb": num(lp),
        "entropy": num(ent),
        "mean": [0.0] * n,
        "variance": [num(s**2 * (i + 1)) for i in range(n)],
    }


def grw():
    return [
        grw_case(1.0, 5, False),
        grw_case(0.3, 10, False),
        grw_case(1e-4, 20, True),
        grw_case(1e3, 100, True),
    ]


def main():
    out = {
        "LowRankMultivariateNormal": lowrank(),
        "MultivariateStudentT": mvt(),
        "Wishart": wisharts(False),
        "InverseWishart": wisharts(True),
        "GaussianRandomWalk": grw(),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "test", "distributions", "golden-multivariate.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
