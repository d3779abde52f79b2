#!/usr/bin/env python3
"""Golden values for test/distributions/continuous-2.test.ts (issue 17, continuous families, part 2).

Writes test/distributions/golden-continuous-2.json: for ContinuousBernoulli (given by probs
and by logits) and FisherSnedecor, log-densities and CDFs at typical and extreme points, entropies, means and
variances. scipy.stats has no continuous Bernoulli: values are mpmath's at 1000 digits from
the closed forms in λ (Loaiza-Ganem & Cunningham 2019) at the float64 inputs (λ = σ(l) in
1000 digits for logits), cross-checked against an independent 40-digit mpmath quadrature
of the density where |l| < 60 (the script asserts 1e-20 agreement). FisherSnedecor's values
are mpmath's closed forms, asserted to agree with scipy.stats.f to 1e-9 (NaN moments, where
undefined as in torch, are written "NaN"). Infinite values are written as strings
("Infinity", "-Infinity"), which the test reads with Number().

Run: python3 scripts/golden-continuous-2.py && npx prettier --write test/distributions/golden-continuous-2.json
(needs scipy and mpmath)
"""
import json
import math
import os

import mpmath as mp
from scipy import stats

mp.mp.dps = 1000  # 1 - 2λ and 1 - λ keep λ's digits down to λ ~ 1e-900 (l = ±800)
F = mp.mpf


def cb_lam(kind, v):
    v = F(v)
    return v if kind == 'probs' else 1 / (1 + mp.exp(-v))


def cb_norm(lam):
    if lam == F(1) / 2:
        return F(2)
    return 2 * mp.atanh(1 - 2 * lam) / (1 - 2 * lam)


def cb_density(lam, x):
    return cb_norm(lam) * lam**x * (1 - lam) ** (1 - x)


def cb_point(kind, p, x):
    lam = cb_lam(kind, p[0])
    x = F(x)
    lp = mp.log(cb_norm(lam)) + x * mp.log(lam) + (1 - x) * mp.log(1 - lam)
    if lam == F(1) / 2:
        cdf = x
    else:
        cdf = (lam**x * (1 - lam) ** (1 - x) + lam - 1) / (2 * lam - 1)
    if 0 < x and abs(mp.log(lam / (1 - lam))) < 60:
        with mp.workdps(40):
            q = mp.quad(lambda t: cb_density(lam, t), [0, x])
        assert close_mp(q, cdf), (kind, p, x, q, cdf)
    return lp, cdf


def cb_moments(kind, p):
    lam = cb_lam(kind, p[0])
    if lam == F(1) / 2:
        mean, var = F(1) / 2, F(1) / 12
    else:
        at = 2 * mp.atanh(1 - 2 * lam)
        mean = lam / (2 * lam - 1) + 1 / at
        var = lam * (lam - 1) / (1 - 2 * lam) ** 2 + 1 / at**2
    ent = -mp.log(cb_norm(lam)) - mean * mp.log(lam) - (1 - mean) * mp.log(1 - lam)
    if abs(mp.log(lam / (1 - lam))) >= 60:
        return ent, mean, var
    with mp.workdps(40):
        qm = mp.quad(lambda t: t * cb_density(lam, t), [0, 1])
        qv = mp.quad(lambda t: (t - qm) ** 2 * cb_density(lam, t), [0, 1])
        qe = -mp.quad(lambda t: cb_density(lam, t) * mp.log(cb_density(lam, t)), [0, 1])
        for a, b in ((qm, mean), (qv, var), (qe, ent)):
            assert close_mp(a, b), (kind, p, a, b)
    return ent, mean, var


def fs_point(p, x):
    d1, d2 = map(F, p)
    x = F(x)
    h1, h2 = d1 / 2, d2 / 2
    cdf = mp.betainc(h1, h2, 0, d1 * x / (d1 * x + d2), regularized=True)
    if x == 0:
        lp = F(0) if d1 == 2 else (mp.inf if d1 < 2 else -mp.inf)
    else:
        lp = h1 * mp.log(d1 / d2) + (h1 - 1) * mp.log(x) - (h1 + h2) * mp.log1p(d1 * x / d2) - mp.log(mp.beta(h1, h2))
    d = stats.f(p[0], p[1])
    assert close(float(d.logpdf(float(x))), float(lp)), ('FisherSnedecor', p, x, d.logpdf(float(x)), lp)
    assert close(float(d.cdf(float(x))), float(cdf), 1e-8), ('FisherSnedecor', p, x, d.cdf(float(x)), cdf)
    return lp, cdf


def fs_moments(p):
    d1, d2 = map(F, p)
    h1, h2 = d1 / 2, d2 / 2
    ent = (mp.log(mp.beta(h1, h2)) + (1 - h1) * mp.digamma(h1) - (1 + h2) * mp.digamma(h2)
           + (h1 + h2) * mp.digamma(h1 + h2) + mp.log(d2 / d1))
    mean = d2 / (d2 - 2) if d2 > 2 else mp.nan
    var = 2 * d2**2 * (d1 + d2 - 2) / (d1 * (d2 - 2) ** 2 * (d2 - 4)) if d2 > 4 else mp.nan
    d = stats.f(p[0], p[1])
    assert close(float(d.entropy()), float(ent), 1e-9), ('FisherSnedecor', p, d.entropy(), ent)
    if d2 > 4:
        assert close(float(d.mean()), float(mean)) and close(float(d.var()), float(var)), p
    return ent, mean, var


def close(a, b, tol=1e-9):
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(abs(b), 1e-300) or abs(a - b) < 1e-14 * tol / 1e-9


def close_mp(a, b):
    return abs(a - b) <= F('1e-20') * max(abs(b), F('1e-20'))


FAMILIES = {
    'ContinuousBernoulli(probs)': (
        lambda p, x: cb_point('probs', p, x),
        lambda p: cb_moments('probs', p),
    ),
    'ContinuousBernoulli(logits)': (
        lambda p, x: cb_point('logits', p, x),
        lambda p: cb_moments('logits', p),
    ),
    'FisherSnedecor': (fs_point, fs_moments),
}

# (params, x, extreme)
POINTS = {
    'ContinuousBernoulli(probs)': [
        ([0.3], 0.4, False), ([0.5], 0.2, False), ([0.8], 0.9, False), ([0.05], 0.1, False),
        ([0.4999], 0.7, False), ([0.501], 0.3, False), ([0.6], 0, False), ([0.6], 1, False),
        ([1e-10], 0.5, True), ([1 - 1e-9], 0.999, True), ([1e-30], 1, True), ([0.5000001], 0.6, True),
    ],
    'ContinuousBernoulli(logits)': [
        ([0.7], 0.25, False), ([-2], 0.6, False), ([5], 0.95, False), ([0.1], 0.5, False),
        ([-0.24], 0.3, False), ([0.26], 0.8, False), ([1e-5], 0.4, False), ([0], 0.9, False),
        ([40], 0.01, True), ([-300], 0.5, True), ([800], 0.999, True), ([-800], 1e-4, True),
        ([1e-12], 0.3, True),
    ],
    'FisherSnedecor': [
        ([3, 5], 1.2, False), ([1, 1], 0.3, False), ([10, 20], 0.8, False), ([2, 6], 2.5, False),
        ([5.5, 2.5], 4, False), ([0.7, 9], 0.05, False),
        ([2, 6], 0, True), ([1, 4], 0, True), ([4, 4], 0, True), ([3, 5], 1e6, True),
        ([0.5, 0.5], 1e-10, True), ([300, 400], 1.1, True), ([4, 50], 1e-6, True),
    ],
}

PARAMS = {
    'ContinuousBernoulli(probs)': [[0.3], [0.5], [0.8], [0.05], [0.4999], [0.501], [0.999]],
    'ContinuousBernoulli(logits)': [[0.7], [-2], [5], [0.1], [-0.24], [0.26], [1e-5], [0], [-30], [200]],
    'FisherSnedecor': [[3, 5], [10, 20], [2, 6], [5.5, 4.5], [1, 2], [0.7, 9], [300, 400]],
}


def num(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    return ('Infinity' if v > 0 else '-Infinity') if math.isinf(v) else v


def main():
    out = {}
    for name, (point, moments) in FAMILIES.items():
        rows = []
        for p, x, extreme in POINTS[name]:
            lp, cdf = point(p, x)
            rows.append({'params': p, 'x': x, 'extreme': extreme, 'logProb': num(lp), 'cdf': num(cdf)})
        mom = []
        for p in PARAMS[name]:
            ent, mean, var = moments(p)
            mom.append({'params': p, 'entropy': num(ent), 'mean': num(mean), 'variance': num(var)})
        out[name] = {'points': rows, 'moments': mom}
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'distributions', 'golden-continuous-2.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
