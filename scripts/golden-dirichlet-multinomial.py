#!/usr/bin/env python3
"""Golden entropies for test/distributions/dirichlet-multinomial.test.ts (issue 17).

Writes test/distributions/golden-dirichlet-multinomial.json: the entropy
H = -Σ p(x) log p(x) of DirichletMultinomial(α, n) at 50 digits (mpmath), summed over every
count vector x of K categories summing to n, with
  p(x) = n!/Πxⱼ! · Γ(α₀)/Γ(α₀+n) · Πⱼ Γ(αⱼ+xⱼ)/Γ(αⱼ).
Checks in the script: Σ p(x) = 1 to 1e-40, and at K = 2 the entropy equals BetaBinomial's
from its own mass C(n, k) B(k+α, n-k+β)/B(α, β) to 1e-40.

Run: python3 scripts/golden-dirichlet-multinomial.py && npx prettier --write test/distributions/golden-dirichlet-multinomial.json
(needs mpmath)
"""
import json
import os

import mpmath as mp

mp.mp.dps = 50
F = mp.mpf

CASES = [
    ([1, 2, 3], 4),
    ([0.7, 1.3], 5),
    ([0.1, 0.2, 0.3, 0.4], 8),
    ([50, 20, 5], 30),
    ([2.5] * 10, 6),
    ([1000, 2000, 500], 40),
    ([0.5, 1.5, 3], 200),
    ([0.3, 4], 1000),
]


def count_vectors(n, k):
    if k == 1:
        yield (n,)
        return
    for x in range(n + 1):
        for rest in count_vectors(n - x, k - 1):
            yield (x,) + rest


def entropy(a, n):
    a = [F(v) for v in a]
    a0 = sum(a)
    base = mp.loggamma(n + 1) + mp.loggamma(a0) - mp.loggamma(a0 + n)
    lr = [[mp.loggamma(aj + x) - mp.loggamma(aj) - mp.loggamma(x + 1) for x in range(n + 1)] for aj in a]
    h, total = F(0), F(0)
    for x in count_vectors(n, len(a)):
        lp = base + sum(lr[j][xj] for j, xj in enumerate(x))
        p = mp.exp(lp)
        h -= p * lp
        total += p
    assert abs(total - 1) < F('1e-40'), (a, n, total)
    return h


def beta_binomial_entropy(a, b, n):
    a, b = F(a), F(b)
    h = F(0)
    for k in range(n + 1):
        lp = mp.log(mp.binomial(n, k)) + mp.log(mp.beta(k + a, n - k + b)) - mp.log(mp.beta(a, b))
        h -= mp.exp(lp) * lp
    return h


def main():
    out = []
    for a, n in CASES:
        h = entropy(a, n)
        if len(a) == 2:
            hb = beta_binomial_entropy(a[0], a[1], n)
            assert abs(h - hb) < F('1e-40') * abs(h), (a, n, h, hb)
        out.append({'concentration': a, 'totalCount': n, 'entropy': float(h)})
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'distributions',
                        'golden-dirichlet-multinomial.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=2)


if __name__ == '__main__':
    main()
