#!/usr/bin/env python3
"""Chebyshev coefficients of the exponentially scaled modified Bessel functions, for
src/distributions/bessel.ts (the same split as Cephes' i0e / i1e, coefficients computed
afresh with mpmath at 60 digits):

- x in [0, 8], t = x/4 - 1:   e^(-x) I0(x)        and  e^(-x) I1(x) / x
- x in (8, inf), t = 16/x - 1: sqrt(x) e^(-x) I0(x)  and  sqrt(x) e^(-x) I1(x)

each as sum_k c_k T_k(t), truncated where |c_k| < 1e-19 * min |f|. Prints TypeScript arrays.

Run: python3 scripts/bessel-chebyshev.py
(needs mpmath)
"""
import mpmath as mp

mp.mp.dps = 60
N = 120  # Chebyshev-Gauss nodes


def coefficients(f):
    nodes = [mp.cos(mp.pi * (j + mp.mpf(1) / 2) / N) for j in range(N)]
    values = [f(t) for t in nodes]
    cs = []
    for k in range(N):
        s = mp.fsum(v * mp.cos(mp.pi * k * (j + mp.mpf(1) / 2) / N) for j, v in enumerate(values))
        cs.append(s * 2 / N)
    cs[0] /= 2
    low = min(abs(f(mp.mpf(t) / 10)) for t in range(-10, 11))
    while abs(cs[-1]) < mp.mpf('1e-19') * low:
        cs.pop()
    return cs


def low_x(t):
    return 4 * (t + 1)


def high_x(t):
    return 16 / (t + 1)


FUNCTIONS = {
    'I0E_LOW': lambda t: mp.exp(-low_x(t)) * mp.besseli(0, low_x(t)),
    'I1E_LOW': lambda t: (mp.exp(-low_x(t)) * mp.besseli(1, low_x(t)) / low_x(t)) if t != -1 else mp.mpf(1) / 2,
    'I0E_HIGH': lambda t: (mp.sqrt(high_x(t)) * mp.exp(-high_x(t)) * mp.besseli(0, high_x(t))) if t != -1 else 1 / mp.sqrt(2 * mp.pi),
    'I1E_HIGH': lambda t: (mp.sqrt(high_x(t)) * mp.exp(-high_x(t)) * mp.besseli(1, high_x(t))) if t != -1 else 1 / mp.sqrt(2 * mp.pi),
}


def main():
    for name, f in FUNCTIONS.items():
        cs = coefficients(f)
        body = ', '.join(repr(float(c)) for c in cs)
        print(f'const {name} = [{body}];')


if __name__ == '__main__':
    main()
