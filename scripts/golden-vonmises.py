#!/usr/bin/env python3
"""Golden values for test/distributions/von-mises.test.ts.

Writes test/distributions/golden-vonmises.json: for VonMises(loc, concentration), log-densities
and CDFs at typical and extreme points, entropies and circular variances, and i0e / i1e at
points from 0 to 1e8. All values are mpmath's at 40 digits from the float64 inputs: the
log-density kappa*cos(x - loc) - log(2*pi*I0(kappa)), the CDF of the angle on [-pi, pi] by
quadrature of the density from -pi (breakpoints around the mode), the entropy
-kappa*A + log(2*pi*I0) and variance 1 - A with A = I1/I0. Each is cross-checked against
scipy: special.i0e / i1e to 1e-14, stats.vonmises.logpdf to 1e-9, entropy to 1e-9, and the CDF
(scipy's cdf(x) - cdf(-pi), as scipy's is not confined to [-pi, pi]) to 1e-12 absolute for
kappa < 50; above, scipy's normal approximation is off by up to ~4e-7 (kappa = 100), so those
points are recorded as 'scipyCdfError' and not asserted.

Run: python3 scripts/golden-vonmises.py && npx prettier --write test/distributions/golden-vonmises.json
(needs scipy and mpmath)
"""
import json
import math
import os

import mpmath as mp
from scipy import special, stats

mp.mp.dps = 40
PI = math.pi


def ratio(k):
    k = mp.mpf(k)
    return mp.besseli(1, k) / mp.besseli(0, k)


def log_prob(loc, k, x):
    k = mp.mpf(k)
    return k * mp.cos(mp.mpf(x) - mp.mpf(loc)) - mp.log(2 * mp.pi * mp.besseli(0, k))


def cdf(loc, k, x):
    kk = mp.mpf(k)
    norm = 2 * mp.pi * mp.besseli(0, kk) * mp.exp(-kk)
    f = lambda t: mp.exp(kk * (mp.cos(t - mp.mpf(loc)) - 1)) / norm
    c = math.remainder(loc, 2 * PI)
    sd = 1 / math.sqrt(k)
    cuts = [c + m * sd for m in (-30, -10, -4, -1, 0, 1, 4, 10, 30)]
    cuts += [c - 2 * PI + m * sd for m in (0, 4, 30)] + [c + 2 * PI - m * sd for m in (0, 4, 30)]
    pts = [-PI] + sorted(t for t in set(cuts) if -PI < t < x) + [x]
    return mp.quad(f, [mp.mpf(t) for t in pts])


# (loc, concentration, x, extreme)
POINTS = [
    (0, 1, 0.5, False), (0.5, 2, -1, False), (-1, 0.7, 2, False), (2, 5, 2.3, False),
    (0, 10, -0.4, False), (1, 29, 1.2, False), (0, 31, 0.1, False), (-2, 100, -2.05, False),
    (0.3, 4, -3, False), (3, 3, -3, False), (-7, 1.5, 0.2, False), (0.5, 2, 0.5, False),
    (0, 1e-8, 1, True), (0, 1e-3, PI, True), (0, 1e-3, -PI, True), (0, 500, 0.05, True),
    (0, 1e5, 0.003, True), (0.2, 1e5, 0.2, True), (1, 500, PI, True), (0, 2, -PI, True),
    (0, 2, PI, True), (0, 1e6, 1e-3, True), (0.1, 1e-8, -2, True),
]
PARAMS = [(0, 1e-8), (0, 1e-3), (0.5, 0.5), (0, 1), (1, 2), (0, 10), (0, 29.5), (0, 30.5),
          (0, 100), (0, 500), (0, 1e5), (0, 1e8)]
BESSEL_X = [0, 1e-10, 1e-3, 0.5, 1, 2, 5, 7.99, 8, 8.01, 12, 30, 100, 1e3, 1e5, 1e8, -3, -20]


def check(a, b, tol, what):
    assert abs(a - b) <= tol * max(abs(b), 1e-300), (what, a, b)


def main():
    points = []
    for loc, k, x, extreme in POINTS:
        lp, c = log_prob(loc, k, x), cdf(loc, k, x)
        check(float(stats.vonmises.logpdf(x, k, loc=loc)), float(lp), 1e-9, ('logpdf', loc, k, x))
        sc = float(stats.vonmises.cdf(x, k, loc=loc) - stats.vonmises.cdf(-PI, k, loc=loc))
        row = {'loc': loc, 'concentration': k, 'x': x, 'extreme': extreme,
               'logProb': float(lp), 'cdf': float(c), 'scipyCdfError': abs(sc - float(c))}
        if k < 50:
            assert row['scipyCdfError'] <= 1e-12, row
        points.append(row)
    moments = []
    for loc, k in PARAMS:
        a = ratio(k)
        ent = -k * a + mp.log(2 * mp.pi * mp.besseli(0, mp.mpf(k)))
        check(float(stats.vonmises.entropy(k)), float(ent), 1e-9, ('entropy', k))
        moments.append({'loc': loc, 'concentration': k, 'entropy': float(ent),
                        'variance': float(1 - a), 'slope': float(mp.diff(ratio, mp.mpf(k)))})
    bessel = []
    for x in BESSEL_X:
        xm = mp.mpf(x)
        v0 = mp.exp(-abs(xm)) * mp.besseli(0, xm)
        v1 = mp.exp(-abs(xm)) * mp.besseli(1, xm)
        check(float(special.i0e(x)), float(v0), 1e-14, ('i0e', x))
        check(float(special.i1e(x)), float(v1), 1e-14, ('i1e', x))
        bessel.append({'x': x, 'i0e': float(v0), 'i1e': float(v1)})
    out = {'points': points, 'moments': moments, 'bessel': bessel}
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'distributions', 'golden-vonmises.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
