#!/usr/bin/env python3
"""Golden values for test/distributions, computed with mpmath at 60 significant digits.

Writes test/distributions/golden.json:
- "tails": log-densities far in the tails and at extreme parameters (Normal at 40
  sigma, Poisson and Binomial with counts near 1e6, Gamma with concentration 1e4, Beta
  near 0 and 1, Student-t with huge df, ...), where float64 formulas lose digits.
- "gammaGrad": dz/da = -(dP(a, z)/da) / q(z; a) for Gamma(a, 1) on a grid of (a, z),
  the implicit reparameterization gradient.

Run: python3 scripts/golden-distributions.py && npx prettier --write test/distributions/golden.json
(needs mpmath; the values are computed at float64 inputs exactly)
"""
import json
import os

import mpmath as mp

mp.mp.dps = 60
F = mp.mpf


def normal(loc, scale, x):
    z = (F(x) - F(loc)) / F(scale)
    return -z * z / 2 - mp.log(F(scale)) - mp.log(2 * mp.pi) / 2


def half_normal(scale, x):
    return normal(0, scale, x) + mp.log(2)


def lognormal(loc, scale, x):
    return normal(loc, scale, mp.log(F(x))) - mp.log(F(x))


def poisson(rate, k):
    return F(k) * mp.log(F(rate)) - F(rate) - mp.loggamma(F(k) + 1)


def binomial(n, p, k):
    n, p, k = F(n), F(p), F(k)
    lc = mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
    return lc + k * mp.log(p) + (n - k) * mp.log(1 - p)


def gamma(a, b, x):
    a, b, x = F(a), F(b), F(x)
    return a * mp.log(b) + (a - 1) * mp.log(x) - b * x - mp.loggamma(a)


def inverse_gamma(a, b, x):
    a, b, x = F(a), F(b), F(x)
    return a * mp.log(b) - (a + 1) * mp.log(x) - b / x - mp.loggamma(a)


def beta(a, b, x):
    a, b, x = F(a), F(b), F(x)
    return (a - 1) * mp.log(x) + (b - 1) * mp.log(1 - x) - mp.log(mp.beta(a, b))


def student_t(df, loc, scale, x):
    df, loc, scale, x = F(df), F(loc), F(scale), F(x)
    z = (x - loc) / scale
    lead = mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2) - mp.log(df * mp.pi) / 2
    return lead - mp.log(scale) - (df + 1) / 2 * mp.log(1 + z * z / df)


def dirichlet(alpha, x):
    alpha = [F(a) for a in alpha]
    x = [F(v) for v in x]
    norm = mp.loggamma(sum(alpha)) - sum(mp.loggamma(a) for a in alpha)
    return norm + sum((a - 1) * mp.log(v) for a, v in zip(alpha, x))


TAILS = [
    ("Normal", [0, 1], 40, normal(0, 1, 40)),
    ("Normal", [0, 1], -40, normal(0, 1, -40)),
    ("Normal", [3, 1e-3], 3.04, normal(3, 1e-3, 3.04)),
    ("Normal", [1e6, 1], 1e6 + 40, normal(1e6, 1, 1e6 + 40)),
    ("HalfNormal", [2], 80, half_normal(2, 80)),
    ("LogNormal", [0, 1], 1e30, lognormal(0, 1, 1e30)),
    ("Poisson", [1e6], 1e6, poisson(1e6, 10**6)),
    ("Poisson", [1e6], 1e6 - 5000, poisson(1e6, 10**6 - 5000)),
    ("Poisson", [1e6], 1e6 + 3, poisson(1e6, 10**6 + 3)),
    ("Poisson", [1e6], 9e5, poisson(1e6, 900000)),
    ("Poisson", [1e-3], 5, poisson(F(1e-3), 5)),
    ("Poisson", [1e9], 1e9 + 12345, poisson(10**9, 10**9 + 12345)),
    ("Binomial", [1e6, 0.3], 3e5, binomial(10**6, F(0.3), 300000)),
    ("Binomial", [1e6, 0.3], 299000, binomial(10**6, F(0.3), 299000)),
    ("Binomial", [1e9, 0.5], 5e8 + 100, binomial(10**9, F(0.5), 5 * 10**8 + 100)),
    ("Binomial", [1000, 1e-6], 0, binomial(1000, F(1e-6), 0)),
    ("Gamma", [1e4, 1], 1e4, gamma(10**4, 1, 10**4)),
    ("Gamma", [1e4, 1], 9800, gamma(10**4, 1, 9800)),
    ("Gamma", [1e4, 2.5], 4100, gamma(10**4, F(2.5), 4100)),
    ("Gamma", [0.01, 1], 1e-200, gamma(F(0.01), 1, F(1e-200))),
    ("InverseGamma", [1e4, 1e4], 1.01, inverse_gamma(10**4, 10**4, F(1.01))),
    ("Beta", [2, 3], 1e-10, beta(2, 3, F(1e-10))),
    ("Beta", [2, 3], 1 - 2**-40, beta(2, 3, 1 - F(2) ** -40)),
    ("Beta", [0.5, 0.5], 1e-300, beta(F(0.5), F(0.5), F(1e-300))),
    ("Beta", [0.5, 2], 1 - 2**-50, beta(F(0.5), 2, 1 - F(2) ** -50)),
    ("Beta", [1e4, 2e4], 1 / 3, beta(10**4, 2 * 10**4, F(1 / 3))),
    ("Beta", [1e5, 1e5], 0.5, beta(10**5, 10**5, F(0.5))),
    ("StudentT", [1e6, 0, 1], 1, student_t(10**6, 0, 1, 1)),
    ("StudentT", [1e6, 0, 1], 3, student_t(10**6, 0, 1, 3)),
    ("StudentT", [1e10, 0, 1], 2, student_t(10**10, 0, 1, 2)),
    ("StudentT", [1e15, 2, 3], 5, student_t(10**15, 2, 3, 5)),
    ("StudentT", [0.5, 0, 1], 1e100, student_t(F(0.5), 0, 1, F(1e100))),
    ("Dirichlet", [[1e3, 2e3, 3e3]], [0.2, 0.3, 0.5], dirichlet([1000, 2000, 3000], [0.2, 0.3, 0.5])),
    ("Dirichlet", [[0.5, 1, 2]], [1e-200, 0.5, 0.5], dirichlet([0.5, 1, 2], [1e-200, 0.5, 0.5])),
]


def gamma_grad(a, z):
    a, z = F(a), F(z)
    p = lambda s: mp.gammainc(s, 0, z, regularized=True)
    dpda = mp.diff(p, a)
    logq = (a - 1) * mp.log(z) - z - mp.loggamma(a)
    return -dpda / mp.exp(logq)


def grid():
    out = []
    for a in [0.001, 0.01, 0.1, 0.5, 1, 3, 10]:
        for z in [1e-30, 1e-5, 0.1, 1, 5, 20, 40]:
            out.append((a, z))
    for a in [100, 1000, 10000, 100000]:
        for k in [-5, -2, -0.5, 0, 0.5, 2, 5]:
            out.append((a, float(a + k * a**0.5)))
    return out


def main():
    tails = [
        {"family": f, "params": p, "x": x, "logProb": float(v)} for f, p, x, v in TAILS
    ]
    grads = [{"a": a, "z": z, "dzda": float(gamma_grad(a, z))} for a, z in grid()]
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "test", "distributions", "golden.json")
    with open(path, "w") as f:
        json.dump({"tails": tails, "gammaGrad": grads}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(tails)} tail values and {len(grads)} gamma gradients to {path}")


if __name__ == "__main__":
    main()
