#!/usr/bin/env python3
"""Golden log-densities for test/distributions/mixture.test.ts, computed with scipy.

Writes test/distributions/mixture-golden.json: for each case, the mixture's log density
log sum_k w_k p_k(x) at a list of points, from scipy.stats' component densities and
scipy.special.logsumexp (values far in a tail included, where a naive
log(sum(w * pdf)) underflows).

Run: python3 scripts/golden-mixture.py && npx prettier --write test/distributions/mixture-golden.json
(scipy 1.17 was used)
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.special import logsumexp


def mix(weights, logpdfs, xs):
    lw = np.log(np.asarray(weights, dtype=float))
    return [float(logsumexp([lw[k] + f(x) for k, f in enumerate(logpdfs)])) for x in xs]


cases = {}

# MixtureSameFamily of three normals
w = [0.2, 0.5, 0.3]
locs, scales = [-2.0, 0.5, 3.0], [0.7, 1.2, 0.4]
xs = [-3.0, -1.0, 0.0, 0.5, 2.9, 4.0, 40.0, -60.0]
cases["normal3"] = {
    "weights": w, "locs": locs, "scales": scales, "x": xs,
    "logProb": mix(w, [stats.norm(l, s).logpdf for l, s in zip(locs, scales)], xs),
}

# MixtureSameFamily of two gammas (concentration, rate)
w = [0.6, 0.4]
conc, rate = [2.0, 9.0], [1.0, 3.0]
xs = [0.05, 0.5, 1.0, 2.5, 3.0, 7.0, 30.0]
cases["gamma2"] = {
    "weights": w, "concentration": conc, "rate": rate, "x": xs,
    "logProb": mix(w, [stats.gamma(a, scale=1 / b).logpdf for a, b in zip(conc, rate)], xs),
}

# MixtureSameFamily of Poissons
w = [0.25, 0.75]
rates = [1.5, 12.0]
ks = [0, 1, 3, 8, 12, 20, 60]
cases["poisson2"] = {
    "weights": w, "rates": rates, "x": ks,
    "logProb": mix(w, [stats.poisson(r).logpmf for r in rates], ks),
}

# MixtureSameFamily of bivariate normals (full covariance)
w = [0.4, 0.6]
mus = [[0.0, 1.0], [2.0, -1.0]]
covs = [[[1.0, 0.3], [0.3, 0.5]], [[2.0, -0.4], [-0.4, 1.0]]]
pts = [[0.0, 0.0], [1.0, 1.0], [2.0, -1.0], [-3.0, 4.0]]
cases["mvn2"] = {
    "weights": w, "locs": mus, "covs": covs, "x": pts,
    "logProb": mix(w, [stats.multivariate_normal(m, c).logpdf for m, c in zip(mus, covs)], pts),
}

# Mixture of different families: normal, Student t, Laplace
w = [0.5, 0.3, 0.2]
xs = [-4.0, -1.0, 0.0, 1.5, 3.0, 25.0]
cases["hetero3"] = {
    "weights": w, "x": xs,
    "logProb": mix(
        w,
        [stats.norm(0, 1).logpdf, stats.t(3, loc=2, scale=0.5).logpdf, stats.laplace(-1, 2).logpdf],
        xs,
    ),
}

out = os.path.join(os.path.dirname(__file__), "..", "test", "distributions", "mixture-golden.json")
with open(out, "w") as f:
    json.dump(cases, f, indent=1)
print("wrote", out)
