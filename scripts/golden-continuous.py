#!/usr/bin/env python3
"""Golden values for test/distributions/continuous.test.ts (issue 17, continuous families).

Writes test/distributions/golden-continuous.json: for Gumbel, Weibull, Chi2, Pareto,
Kumaraswamy and AsymmetricLaplace, log-densities and CDFs at typical and extreme points,
entropies, means and variances. Values come from scipy.stats (gumbel_r, weibull_min,
chi2, pareto, laplace_asymmetric); each is also computed with mpmath at 50 digits from
the closed form at the float64 inputs, and the mpmath value is written (the script
asserts scipy agrees to 1e-9 relative, so both sources are checked). Kumaraswamy has no
scipy.stats family: its values are mpmath's alone. Infinite values are written as
strings ("Infinity", "-Infinity"), which the test reads with Number().

Run: python3 scripts/golden-continuous.py && npx prettier --write test/distributions/golden-continuous.json
(needs scipy and mpmath)
"""
import json
import math
import os

import mpmath as mp
from scipy import stats

mp.mp.dps = 50
F = mp.mpf
EULER = mp.euler


def gumbel(p, x):
    loc, scale = map(F, p)
    z = (F(x) - loc) / scale
    return -(z + mp.exp(-z)) - mp.log(scale), mp.exp(-mp.exp(-z))


def weibull(p, x):
    lam, k = map(F, p)
    x = F(x)
    u = x / lam
    cdf = -mp.expm1(-(u**k))
    if x == 0:
        lp = -mp.log(lam) if k == 1 else (mp.inf if k < 1 else -mp.inf)
        return lp, cdf
    return mp.log(k / lam) + (k - 1) * mp.log(u) - u**k, cdf


def chi2(p, x):
    df = F(p[0])
    x = F(x)
    a = df / 2
    cdf = mp.gammainc(a, 0, x / 2, regularized=True)
    if x == 0:
        lp = -mp.log(2) if a == 1 else (mp.inf if a < 1 else -mp.inf)
        return lp, cdf
    return (a - 1) * mp.log(x) - x / 2 - a * mp.log(2) - mp.loggamma(a), cdf


def pareto(p, x):
    scale, alpha = map(F, p)
    x = F(x)
    if x < scale:
        return -mp.inf, F(0)
    return mp.log(alpha) + alpha * mp.log(scale) - (alpha + 1) * mp.log(x), 1 - (scale / x) ** alpha


def kumaraswamy(p, x):
    a, b = map(F, p)
    x = F(x)
    cdf = 1 - (1 - x**a) ** b
    if x == 0:
        lp = mp.log(b) if a == 1 else (mp.inf if a < 1 else -mp.inf)
        return lp, cdf
    if x == 1:
        lp = mp.log(a) if b == 1 else (mp.inf if b < 1 else -mp.inf)
        return lp, cdf
    return mp.log(a * b) + (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-(x**a)), cdf


def asym_laplace(p, x):
    loc, scale, k = map(F, p)
    z = (F(x) - loc) / scale
    norm = -mp.log(scale * (k + 1 / k))
    if z >= 0:
        return norm - k * z, 1 - mp.exp(-k * z) / (1 + k * k)
    return norm + z / k, k * k / (1 + k * k) * mp.exp(z / k)


def moments(name, p):
    """(entropy, mean, variance) in closed form at 50 digits."""
    if name == 'Gumbel':
        loc, s = map(F, p)
        return mp.log(s) + EULER + 1, loc + s * EULER, mp.pi**2 * s * s / 6
    if name == 'Weibull':
        lam, k = map(F, p)
        g1, g2 = mp.gamma(1 + 1 / k), mp.gamma(1 + 2 / k)
        return EULER * (1 - 1 / k) + mp.log(lam / k) + 1, lam * g1, lam**2 * (g2 - g1**2)
    if name == 'Chi2':
        a = F(p[0]) / 2
        ent = a + mp.log(2) + mp.loggamma(a) + (1 - a) * mp.digamma(a)
        return ent, 2 * a, 4 * a
    if name == 'Pareto':
        s, al = map(F, p)
        mean = al * s / (al - 1) if al > 1 else mp.inf
        var = s * s * al / ((al - 1) ** 2 * (al - 2)) if al > 2 else mp.inf
        return mp.log(s / al) + 1 + 1 / al, mean, var
    if name == 'Kumaraswamy':
        a, b = map(F, p)
        m = lambda n: b * mp.beta(1 + n / a, b)
        ent = (1 - 1 / b) + (1 - 1 / a) * (mp.digamma(b + 1) + EULER) - mp.log(a * b)
        return ent, m(1), m(2) - m(1) ** 2
    if name == 'AsymmetricLaplace':
        loc, s, k = map(F, p)
        return 1 + mp.log(s * (k + 1 / k)), loc + s * (1 / k - k), s * s * (1 + k**4) / k**2
    raise ValueError(name)


SCIPY = {
    'Gumbel': lambda p: stats.gumbel_r(loc=p[0], scale=p[1]),
    'Weibull': lambda p: stats.weibull_min(p[1], scale=p[0]),
    'Chi2': lambda p: stats.chi2(p[0]),
    'Pareto': lambda p: stats.pareto(p[1], scale=p[0]),
    'AsymmetricLaplace': lambda p: stats.laplace_asymmetric(p[2], loc=p[0], scale=p[1]),
}
DENSITY = {
    'Gumbel': gumbel,
    'Weibull': weibull,
    'Chi2': chi2,
    'Pareto': pareto,
    'Kumaraswamy': kumaraswamy,
    'AsymmetricLaplace': asym_laplace,
}
# (params, x, extreme)
POINTS = {
    'Gumbel': [([0, 1], 0.5, False), ([1.5, 0.7], -0.3, False), ([-2, 3], 4, False),
               ([0, 1], -5, True), ([0, 1], 30, True), ([0, 1e-3], 0.02, True), ([0, 1e4], -2e4, True)],
    'Weibull': [([2, 1.5], 1, False), ([1, 0.5], 0.3, False), ([0.5, 3], 0.7, False), ([3, 1], 2, False),
                ([1, 2], 5, True), ([1, 0.1], 1e-20, True), ([2, 20], 2.1, True), ([1, 1.5], 1e-8, True),
                ([2, 1.5], 0, True), ([2, 0.5], 0, True), ([2, 1], 0, True)],
    'Chi2': [([3], 2.5, False), ([1], 0.4, False), ([10], 12, False), ([2], 1, False),
             ([0.5], 1e-10, True), ([200], 300, True), ([4], 60, True),
             ([1], 0, True), ([2], 0, True), ([5], 0, True)],
    'Pareto': [([1, 2], 1.5, False), ([2, 0.7], 10, False), ([0.5, 5], 0.6, False),
               ([1, 3], 1e6, True), ([1, 0.05], 1e10, True), ([1, 2], 1, True), ([1, 2], 0.5, True)],
    'Kumaraswamy': [([2, 3], 0.4, False), ([0.5, 0.7], 0.2, False), ([1.5, 1], 0.9, False), ([1, 2], 0.3, False),
                    ([2, 5], 1e-6, True), ([3, 0.5], 0.999999, True), ([20, 50], 0.8, True),
                    ([0.5, 2], 0, True), ([1, 2], 0, True), ([2, 2], 0, True),
                    ([2, 0.5], 1, True), ([2, 1], 1, True), ([2, 2], 1, True)],
    'AsymmetricLaplace': [([0, 1, 2], 0.5, False), ([1, 2, 0.5], -1, False), ([0, 1, 1], 0.3, False),
                          ([-1, 0.5, 3], 2, False), ([0, 1, 2], 20, True), ([0, 1, 2], -40, True),
                          ([0, 1, 0.1], -100, True)],
}
PARAMS = {
    'Gumbel': [[0, 1], [1.5, 0.7], [-2, 3]],
    'Weibull': [[2, 1.5], [1, 0.5], [0.5, 3], [3, 1]],
    'Chi2': [[3], [1], [10], [0.5], [200]],
    'Pareto': [[1, 2], [2, 0.7], [0.5, 5], [1, 3]],
    'Kumaraswamy': [[2, 3], [0.5, 0.7], [1.5, 1], [1, 2]],
    'AsymmetricLaplace': [[0, 1, 2], [1, 2, 0.5], [-1, 0.5, 3]],
}


def num(v):
    v = float(v)
    return ('Infinity' if v > 0 else '-Infinity') if math.isinf(v) else v


def close(a, b, tol=1e-9):
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(abs(b), 1e-300) or abs(a - b) < 1e-300


def main():
    out = {}
    for name, pts in POINTS.items():
        rows = []
        for p, x, extreme in pts:
            lp, cdf = DENSITY[name](p, x)
            if name in SCIPY:
                d = SCIPY[name](p)
                assert close(float(d.logpdf(x)), float(lp)), (name, p, x, d.logpdf(x), lp)
                assert close(float(d.cdf(x)), float(cdf), 1e-8), (name, p, x, d.cdf(x), cdf)
            rows.append({'params': p, 'x': x, 'extreme': extreme, 'logProb': num(lp), 'cdf': num(cdf)})
        mom = []
        for p in PARAMS[name]:
            ent, mean, var = moments(name, p)
            if name in SCIPY:
                d = SCIPY[name](p)
                assert close(float(d.entropy()), float(ent), 1e-9), (name, p, d.entropy(), ent)
                assert close(float(d.mean()), float(mean)), (name, p, d.mean(), mean)
                assert close(float(d.var()), float(var)), (name, p, d.var(), var)
            mom.append({'params': p, 'entropy': num(ent), 'mean': num(mean), 'variance': num(var)})
        out[name] = {'points': rows, 'moments': mom}
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'distributions', 'golden-continuous.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
