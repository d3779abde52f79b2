#!/usr/bin/env python3
"""Reference log densities for test/distributions/relaxed.test.ts.

RelaxedBernoulli (binary Concrete) and RelaxedOneHotCategorical (Concrete) log densities
from the closed-form densities of Maddison, Mnih & Teh (2017), eqs. (Binary Concrete and
Concrete), evaluated in mpmath at 50 digits (an independent formula: the library
computes them through the logistic / log-sum-exp forms). Where torch is importable its
RelaxedBernoulli / RelaxedOneHotCategorical log_prob (float64) is checked against the
mpmath value too. Writes test/distributions/relaxed-golden.json.

Run: python3 scripts/golden-relaxed.py (mpmath; torch if present), then
npx prettier --write test/distributions/relaxed-golden.json
"""
import json
import os

import mpmath as mp

mp.mp.dps = 50


def binary_concrete(lam, logit, y):
    lam, a, y = mp.mpf(lam), mp.e ** mp.mpf(logit), mp.mpf(y)
    num = lam * a * y ** (-lam - 1) * (1 - y) ** (-lam - 1)
    den = (a * y ** (-lam) + (1 - y) ** (-lam)) ** 2
    return mp.log(num / den)


def concrete(lam, logits, y):
    lam = mp.mpf(lam)
    k = len(logits)
    a = [mp.e ** mp.mpf(l) for l in logits]
    y = [mp.mpf(v) for v in y]
    s = mp.fsum(ai * yi ** (-lam) for ai, yi in zip(a, y))
    dens = mp.factorial(k - 1) * lam ** (k - 1)
    for ai, yi in zip(a, y):
        dens *= ai * yi ** (-lam - 1) / s
    return mp.log(dens)


BERNOULLI = [
    # (temperature, logit, y)
    (0.5, 0.0, 0.5),
    (0.5, 0.3, 0.2),
    (0.1, -2.0, 0.01),
    (0.1, 2.0, 0.999),
    (1.0, 1.5, 0.7),
    (2.5, -0.7, 0.35),
    (0.05, 10.0, 1e-6),
    (3.0, -20.0, 0.9),
    (0.7, 5.0, 1 - 1e-9),
]

CATEGORICAL = [
    # (temperature, logits, y)
    (0.5, [0.0, 0.0], [0.3, 0.7]),
    (1.0, [0.1, -0.4, 1.2], [0.2, 0.3, 0.5]),
    (0.3, [2.0, 0.0, -1.0, 0.5], [0.85, 0.05, 0.02, 0.08]),
    (2.0, [0.0, 0.0, 0.0], [0.1, 0.1, 0.8]),
    (0.1, [1.0, -3.0, 0.2], [0.999, 1e-4, 9e-4]),
    (5.0, [-1.0, 3.0], [0.45, 0.55]),
]


def main():
    out = {"bernoulli": [], "categorical": []}
    for lam, l, y in BERNOULLI:
        out["bernoulli"].append(
            {"temperature": lam, "logit": l, "y": y, "logProb": float(binary_concrete(lam, l, y))}
        )
    for lam, ls, y in CATEGORICAL:
        s = sum(y)
        y = [v / s for v in y]
        out["categorical"].append(
            {"temperature": lam, "logits": ls, "y": y, "logProb": float(concrete(lam, ls, y))}
        )
    try:
        import torch
        from torch.distributions import RelaxedBernoulli, RelaxedOneHotCategorical

        worst = 0.0
        for c in out["bernoulli"]:
            d = RelaxedBernoulli(torch.tensor(c["temperature"], dtype=torch.float64),
                                 logits=torch.tensor(c["logit"], dtype=torch.float64))
            t = d.log_prob(torch.tensor(c["y"], dtype=torch.float64)).item()
            worst = max(worst, abs(t - c["logProb"]) / abs(c["logProb"]))
        for c in out["categorical"]:
            d = RelaxedOneHotCategorical(torch.tensor(c["temperature"], dtype=torch.float64),
                                         logits=torch.tensor(c["logits"], dtype=torch.float64))
            t = d.log_prob(torch.tensor(c["y"], dtype=torch.float64)).item()
            worst = max(worst, abs(t - c["logProb"]) / abs(c["logProb"]))
        print(f"torch {torch.__version__} vs mpmath: worst relative difference {worst:.2e}")
    except ImportError:
        print("torch not importable: mpmath values only")
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "test", "distributions", "relaxed-golden.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
