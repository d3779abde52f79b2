/**
 * Autodiff benchmarks (issue 2):
 * W2 — the bump loss and its gradient w.r.t. s on 1e6 points, compiled with jit and op by op,
 *      vs a fused Float64Array loop;
 * W4 — a chain of 10,000 scalar ops `x = 0.9*sin(x) + 0.1*x`, forward + backward, per op.
 */
import {
  abs,
  add,
  div,
  exp,
  jit,
  less,
  logicalAnd,
  mean,
  mul,
  neg,
  sin,
  square,
  sub,
  tensor,
  tidy,
  valueAndGrad,
  where,
  type Tensor,
} from '../src/index.js';
import { median, type Row } from './util.js';

function data(n: number, sigma: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    x[i] = (seed / 2147483648) * 2 - 1;
    const xx = x[i] * x[i];
    y[i] = Math.abs(x[i]) < sigma && xx < sigma ? Math.exp(-sigma / (sigma - xx)) : 0;
  }
  return { x, y };
}

/** The bump layer's loss written with pathwise ops, the way a user writes it. */
export function bumpLoss(s: Tensor, x: Tensor, y: Tensor): Tensor {
  const xx = square(x);
  const inside = logicalAnd(less(abs(x), s), less(xx, s));
  const bump = where(inside, exp(neg(div(s, sub(s, xx)))), 0);
  return mean(square(sub(bump, y)));
}

/** The same loss and dL/ds in one hand-fused pass. */
function bumpFused(s: number, x: Float64Array, y: Float64Array): [number, number] {
  let loss = 0;
  let dloss = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const xx = xi * xi;
    let r: number;
    if (Math.abs(xi) < s && xx < s) {
      const d = s - xx;
      const e = Math.exp(-s / d);
      r = e - y[i];
      dloss += r * e * (xx / (d * d));
    } else r = -y[i];
    loss += r * r;
  }
  return [loss / x.length, (2 * dloss) / x.length];
}

export function w2(): Row[] {
  const n = 1_000_000;
  const { x, y } = data(n, 0.5);
  const xt = tensor(x);
  const yt = tensor(y);
  const vg = valueAndGrad((s: Tensor) => bumpLoss(s, xt, yt));
  const compiled = jit(vg);
  const s = 0.3;
  const [l, dl] = bumpFused(s, x, y);
  const relErr = (r: { value: Tensor; grad: Tensor }): number =>
    Math.max(
      Math.abs(r.value.item() - l) / Math.abs(l),
      Math.abs(r.grad.item() - dl) / Math.abs(dl),
    );
  const errEager = relErr(vg(s));
  const errJit = relErr(compiled(s));
  const ms = median(() => vg(s), 9, 3, 3);
  const msTidy = median(() => tidy(() => vg(s).grad.item()), 9, 3, 3);
  const msJit = median(() => compiled(s), 9, 3, 3);
  const base = median(() => bumpFused(s, x, y), 9, 3, 3);
  return [
    {
      name: 'W2 bump loss + dL/ds, 1e6 points, jit',
      ms: msJit,
      baselineMs: base,
      goal: 'goal <= 2.6x',
      extra: `jit(valueAndGrad(loss)): one fused loop; rel. diff ${errJit.toExponential(1)}`,
    },
    {
      name: 'W2 the same, eager (op by op)',
      ms,
      baselineMs: base,
      goal: '',
      extra: `rel. diff ${errEager.toExponential(1)}; inside tidy(): ${(msTidy / base).toFixed(2)}x`,
    },
  ];
}

export function w4(): Row {
  const ops = 10_000;
  const steps = ops / 4; // sin, mul, mul, add
  const f = (x0: Tensor): Tensor => {
    let x = x0;
    for (let i = 0; i < steps; i++) x = add(mul(0.9, sin(x)), mul(0.1, x));
    return x;
  };
  const vg = valueAndGrad(f);
  const fused = (x0: number): [number, number] => {
    let x = x0;
    let d = 1;
    for (let i = 0; i < steps; i++) {
      d *= 0.9 * Math.cos(x) + 0.1;
      x = 0.9 * Math.sin(x) + 0.1 * x;
    }
    return [x, d];
  };
  const ours = vg(0.5);
  const [fx, fd] = fused(0.5);
  const err = Math.max(
    Math.abs(ours.value.item() - fx) / Math.abs(fx),
    Math.abs(ours.grad.item() - fd) / Math.abs(fd),
  );
  const ms = median(() => vg(0.5), 15, 10, 20);
  const base = median(() => fused(0.5), 15, 10, 20);
  const nsPerOp = (ms * 1e6) / ops;
  return {
    name: 'W4 10,000 scalar ops fwd+bwd',
    ms,
    baselineMs: base,
    goal: 'goal <= 150 ns/op',
    extra: `${nsPerOp.toFixed(0)} ns/op, rel. diff ${err.toExponential(1)}`,
  };
}
