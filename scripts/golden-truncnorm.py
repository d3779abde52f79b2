#!/usr/bin/env python3
"""Golden values for test/distributions/truncated-normal.test.ts (issue 17).

Writes test/distributions/golden-truncnorm.json: for TruncatedNormal(loc, scale, low,
high) at typical and extreme settings (the interval 40 sigma out, where Phi underflows in
float64), log-densities and CDFs at points, quantiles, means, variances and entropies.
Every value is computed with mpmath at 80 digits from the closed forms at the float64
inputs, with the mass Z = Phi(b) - Phi(a) taken on the side of 0 away from the interval
(Phi(-a) - Phi(-b) for a >= 0) so that it keeps its digits. At the typical settings the
script also asserts that scipy.stats.truncnorm agrees to 1e-9 relative (scipy is not
accurate 40 sigma out, so the extreme settings are mpmath's alone). Infinite values are
written as strings ("Infinity", "-Infinity"), which the test reads with Number().

Run: python3 scripts/golden-truncnorm.py && npx prettier --write test/distributions/golden-truncnorm.json
(needs scipy and mpmath)
"""
import json
import math
import os

import mpmath as mp
from scipy import stats

mp.mp.dps = 80
F = mp.mpf
INF = math.inf

# (loc, scale, low, high, extreme, points x, probabilities p)
CASES = [
    (0.0, 1.0, -1.0, 1.0, False, [-1.0, -0.3, 0.0, 0.7, 1.0], [0.01, 0.3, 0.5, 0.99]),
    (1.0, 2.0, -INF, 0.5, False, [-5.0, -1.0, 0.5], [0.001, 0.5, 0.9]),
    (0.5, 1.5, 0.0, INF, False, [0.0, 0.5, 2.0, 7.0], [0.1, 0.5, 0.999]),
    (-1.0, 0.7, -2.0, 3.0, False, [-2.0, -1.2, 0.1, 2.9], [0.2, 0.75]),
    (2.0, 1.0, 2.5, 4.0, False, [2.5, 3.0, 3.9], [0.05, 0.6]),
    (0.0, 1.0, -INF, INF, False, [-2.0, 0.3], [0.25, 0.975]),
    (0.0, 1.0, -3.0, -0.5, False, [-3.0, -1.0, -0.6], [0.3, 0.95]),
    (0.0, 1.0, 40.0, INF, True, [40.0, 40.01, 40.1, 41.0, 45.0], [1e-10, 0.3, 0.5, 0.999999]),
    (0.0, 1.0, 40.0, 41.0, True, [40.0, 40.5, 41.0], [0.2, 0.9]),
    (0.0, 1.0, -41.0, -40.0, True, [-41.0, -40.7, -40.0], [0.1, 0.8]),
    (3.0, 0.5, 23.0, INF, True, [23.0, 23.02, 24.0], [0.4, 0.99]),
    (0.0, 1.0, -INF, -40.0, True, [-42.0, -40.2, -40.0], [0.01, 0.7]),
    (0.0, 1.0, 10.0, 10.5, True, [10.0, 10.2, 10.5], [0.5]),
    (0.0, 1.0, -50.0, 38.0, True, [-3.0, 0.0, 37.9], [1e-6, 0.5, 0.999999]),
    (0.0, 1.0, 8.0, 60.0, True, [8.0, 9.0, 59.0], [0.25, 0.75]),
]


def phi(z):
    return mp.npdf(z) if mp.isfinite(z) else F(0)


def Phi(z):
    return mp.ncdf(z)


def mass(a, b):
    """Phi(b) - Phi(a), on the side of 0 where it keeps its digits."""
    if a >= 0:
        return Phi(-a) - Phi(-b)
    return Phi(b) - Phi(a)


def xphi(z):
    return z * phi(z) if mp.isfinite(z) else F(0)


def std(p):
    loc, scale, low, high = map(F, p)
    return loc, scale, (low - loc) / scale, (high - loc) / scale


def log_prob(p, x):
    loc, scale, a, b = std(p)
    z = (F(x) - loc) / scale
    return -z * z / 2 - mp.log(mp.sqrt(2 * mp.pi)) - mp.log(scale) - mp.log(mass(a, b))


def cdf(p, x):
    loc, scale, a, b = std(p)
    z = min(max((F(x) - loc) / scale, a), b)
    return mass(a, z) / mass(a, b)


def quantile(p, q):
    """The q-quantile by bisection on the CDF (in standard units, 300 halvings)."""
    loc, scale, a, b = std(p)
    lo = a if mp.isfinite(a) else (b if mp.isfinite(b) else F(0)) - 60
    hi = b if mp.isfinite(b) else lo + 60 + (abs(lo) if lo < 0 else 0)
    q = F(q)
    z = mass(a, b)
    for _ in range(300):
        mid = (lo + hi) / 2
        if mass(a, mid) / z < q:
            lo = mid
        else:
            hi = mid
    x = loc + scale * (lo + hi) / 2
    return F(0) if abs(x) < F(10) ** -60 else x  # the median of a symmetric case, to the last halving


def moments(p):
    loc, scale, a, b = std(p)
    z = mass(a, b)
    m = (phi(a) - phi(b)) / z
    second = 1 + (xphi(a) - xphi(b)) / z
    var = second - m * m
    ent = mp.log(mp.sqrt(2 * mp.pi * mp.e) * scale * z) + (xphi(a) - xphi(b)) / (2 * z)
    return loc + scale * m, scale * scale * var, ent


def num(v):
    f = float(v)
    return f if math.isfinite(f) else ("Infinity" if f > 0 else "-Infinity")


def check_scipy(p, x, lp, c):
    loc, scale, low, high = p
    a, b = (low - loc) / scale, (high - loc) / scale
    d = stats.truncnorm(a, b, loc=loc, scale=scale)
    for got, want in ((d.logpdf(x), lp), (d.cdf(x), c)):
        w = float(want)
        assert abs(got - w) <= 1e-9 * max(abs(w), 1e-300), (p, x, got, w)


def main():
    out = []
    for loc, scale, low, high, extreme, xs, ps in CASES:
        p = (loc, scale, low, high)
        points = []
        for x in xs:
            lp, c = log_prob(p, x), cdf(p, x)
            if not extreme:
                check_scipy(p, x, lp, c)
            points.append({"x": x, "logProb": num(lp), "cdf": num(c)})
        mean, var, ent = moments(p)
        if not extreme:
            d = stats.truncnorm((low - loc) / scale, (high - loc) / scale, loc=loc, scale=scale)
            for got, want in ((d.mean(), mean), (d.var(), var), (d.entropy(), ent)):
                if not math.isfinite(got):  # scipy's entropy is NaN for an infinite bound
                    continue
                assert abs(got - float(want)) <= 1e-9 * abs(float(want)), (p, got, want)
        out.append(
            {
                "params": [num(v) for v in p],
                "extreme": extreme,
                "points": points,
                "quantiles": [{"p": q, "x": num(quantile(p, q))} for q in ps],
                "mean": num(mean),
                "variance": num(var),
                "entropy": num(ent),
            }
        )
    path = os.path.join(os.path.dirname(__file__), "..", "test", "distributions", "golden-truncnorm.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
