"""PyTorch (float64, one thread) timings of the bench/dense.ts workloads, as JSON on stdout.

Run by bench/peers/run.ts when python3 can import torch (Debian: python3-torch); not in CI.
Data are random with the shapes of bench/dense.ts (timings do not depend on the values).
Each figure is the median over `rounds` of the mean of `batch` calls, in milliseconds.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
dt = torch.float64


def median_ms(fn, rounds=15, batch=20, warmup=10):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        ts.append((time.perf_counter() - t0) * 1000 / batch)
    ts.sort()
    return ts[len(ts) // 2]


def regression():
    x = torch.rand(5000, 24, dtype=dt) * 2 - 1
    y = torch.rand(5000, dtype=dt) * 4 - 2
    b = (torch.rand(24, dtype=dt) - 0.5).requires_grad_()

    def step():
        lp = -0.5 * (((y - x @ b) * 0.5) ** 2).sum()
        (g,) = torch.autograd.grad(lp, b)
        return g

    return median_ms(step)


def w3():
    x = torch.rand(10000, 20, dtype=dt) * 2 - 1
    y = (torch.rand(10000, dtype=dt) < 0.5).to(dt)
    w = (torch.rand(20, dtype=dt) - 0.5).requires_grad_()

    def step():
        logits = x @ w
        prior = (-0.5 * w**2 - 0.9189385332046728).sum()
        lp = prior + (y * logits - torch.nn.functional.softplus(logits)).sum()
        (g,) = torch.autograd.grad(lp, w)
        return g

    return median_ms(step)


def mvn100():
    d = 100
    m = torch.rand(d, d, dtype=dt) - 0.5
    cov = (m @ m.T + d * torch.eye(d, dtype=dt)).requires_grad_()
    loc = torch.zeros(d, dtype=dt, requires_grad=True)
    xv = torch.rand(d, dtype=dt)

    def step():
        dist = torch.distributions.MultivariateNormal(loc, covariance_matrix=cov)
        return torch.autograd.grad(dist.log_prob(xv), [loc, cov])

    return median_ms(step, batch=5)


which = sys.argv[1:] or ["regression", "w3", "mvn100"]
fns = {"regression": regression, "w3": w3, "mvn100": mvn100}
print(json.dumps({k: fns[k]() for k in which}))
