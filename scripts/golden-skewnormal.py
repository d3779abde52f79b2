#!/usr/bin/env python3
"""Golden values for test/distributions/skew-normal.test.ts (issue 17, SkewNormal).

Writes test/distributions/golden-skewnormal.json:
- owensT: Owen's T(h, a) on a grid of h and a, by 50-digit mpmath quadrature of
  e^(-h²/2)/(2π) ∫₀^(ah) e^(-y²/2)·h/(h²+y²) dy (the y = hx form, split at fixed points);
- points: SkewNormal(loc, scale, α) logProb and cdf at typical and extreme points.
  logProb = log 2 - log scale + log φ(z) + log Φ(αz) in mpmath, asserted to agree with
  scipy.stats.skewnorm.logpdf to 1e-9 where scipy is finite. cdf = Φ(z) - 2T(z, α), except
  for z < 0 < α where it is the cancellation-free tail integral
  e^(-(h²+b²)/2)/π ∫₀^∞ e^-q h/((h²+b²+2q)√(b²+2q)) dq (h = -z, b = αh), asserted to agree
  with Φ(z) - 2T(z, α) at 400 digits where that is tractable and with scipy to 1e-7 where
  scipy's cdf is above 1e-300.
- moments: mean and variance from the closed forms.

Run: python3 scripts/golden-skewnormal.py && npx prettier --write test/distributions/golden-skewnormal.json
(needs scipy and mpmath)
"""
import json
import math
import os

import mpmath as mp
from scipy import stats

mp.mp.dps = 50
F = mp.mpf


def owens_t(h, a):
    h = abs(F(h))
    a = F(a)
    if a < 0:
        return -owens_t(h, -a)
    if h == 0:
        return mp.atan(a) / (2 * mp.pi)
    top = a * h
    pts = [F(0)] + [F(k) for k in (0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32) if k < top] + [top]
    v = mp.quad(lambda y: mp.exp(-y * y / 2) * h / (h * h + y * y), pts, maxdegree=10)
    return mp.exp(-h * h / 2) * v / (2 * mp.pi)


def left_tail(h, b):
    f = lambda q: mp.exp(-q) * h / ((h * h + b * b + 2 * q) * mp.sqrt(b * b + 2 * q))
    v = mp.quad(f, [0, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, mp.inf], maxdegree=10)
    return mp.exp(-(h * h + b * b) / 2) / mp.pi * v


def std_cdf(z, a):
    if z < 0 and a > 0:
        v = left_tail(-z, -a * z)
        if -z * a < 30 and z > -12:
            with mp.workdps(400):
                w = mp.ncdf(z) - 2 * owens_t(z, a)
            assert abs(v - w) <= F('1e-30') * v, (z, a, v, w)
        return v
    return mp.ncdf(z) - 2 * owens_t(z, a)


def point(p, x):
    loc, scale, a = map(F, p)
    z = (F(x) - loc) / scale
    lp = mp.log(2) - mp.log(scale) - z * z / 2 - mp.log(mp.sqrt(2 * mp.pi)) + mp.log(mp.ncdf(a * z))
    cdf = std_cdf(z, a)
    d = stats.skewnorm(p[2], loc=p[0], scale=p[1])
    s = float(d.logpdf(x))
    if math.isfinite(s):
        assert abs(s - float(lp)) <= 1e-9 * abs(float(lp)), (p, x, s, lp)
    c = float(d.cdf(x))
    if c > 1e-300:
        assert abs(c - float(cdf)) <= 1e-7 * float(cdf), (p, x, c, cdf)
    return lp, cdf


def moments(p):
    loc, scale, a = map(F, p)
    delta = a / mp.sqrt(1 + a * a)
    return loc + scale * delta * mp.sqrt(2 / mp.pi), scale**2 * (1 - 2 * delta**2 / mp.pi)


# (loc, scale, α), x, extreme
POINTS = [
    ([0, 1, 5], 0.3, False), ([0, 1, 5], -0.2, False), ([1, 2, -3], 0.5, False),
    ([0, 1, 0.5], 1.7, False), ([-2, 0.5, 2], -1.8, False), ([0, 1, -1], -0.4, False),
    ([0, 1, 1], 0.9, False), ([3, 1.5, 10], 3.1, False), ([0, 1, 0.01], -2, False),
    ([0, 1, -0.7], 2.5, False), ([0, 1, 4], -1, False), ([0, 1, 30], 0.05, False),
    ([0, 1, 0], 1.3, False), ([0, 1, 0], -30, True),
    ([0, 1, 5], -40, True), ([0, 1, 50], 30, True), ([0, 1, 50], -30, True),
    ([0, 1, -50], 30, True), ([0, 1, -50], -30, True), ([0, 1, 50], -0.01, True),
    ([0, 1, 2], -25, True), ([0, 1, -3], 12, True), ([0, 1, 0.3], -37, True),
]

T_H = [0, 1e-3, 0.1, 0.5, 0.99, 1, 1.5, 2.2, 3, 5, 7, 9.5, 12, 20, 37.3]
T_A = [1e-6, 0.01, 0.3, 0.7, 0.99, 1, 1.01, 1.3, 2, 5, 30, 1000, -0.5, -4]
MOMENTS = [[0, 1, 5], [1, 2, -3], [0, 1, 0], [-1, 0.3, 0.2], [2, 4, 100]]


def num(v):
    v = float(v)
    return ('Infinity' if v > 0 else '-Infinity') if math.isinf(v) else v


def main():
    rows = []
    for p, x, extreme in POINTS:
        lp, cdf = point(p, x)
        rows.append({'params': p, 'x': x, 'extreme': extreme, 'logProb': num(lp), 'cdf': num(cdf)})
    t = [{'h': h, 'a': a, 'T': num(owens_t(h, a))} for h in T_H for a in T_A]
    mom = [dict(zip(('params', 'mean', 'variance'), (p, *map(num, moments(p))))) for p in MOMENTS]
    out = {'owensT': t, 'points': rows, 'moments': mom}
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'distributions', 'golden-skewnormal.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
