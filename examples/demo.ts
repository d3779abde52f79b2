/**
 * `npm run demo`: a short tour of the autodiff core. Each section prints what it computes
 * and why it matters.
 */
import {
  add,
  abs,
  div,
  exp,
  explainGradient,
  grad,
  gradcheck,
  jit,
  less,
  mean,
  mul,
  neg,
  pow,
  round,
  sin,
  square,
  stopGradient,
  sub,
  sum,
  tensor,
  valueAndGrad,
  where,
  type Tensor,
  type TensorLike,
} from '../src/index.js';

const heading = (title: string): void => console.log(`\n== ${title} ==`);
const show = (t: Tensor): string => String(t.item() + 0); // + 0 prints -0 as 0

heading('1. grad, and grad of grad');
// f(x) = x³ + sin x, so f'(x) = 3x² + cos x and f''(x) = 6x - sin x
const f = (x: Tensor): Tensor => add(pow(x, 3), sin(x));
console.log(`f'(2)  = ${show(grad(f)(2))}   (exact: ${3 * 4 + Math.cos(2)})`);
console.log(`f''(2) = ${show(grad(grad(f))(2))}   (exact: ${12 - Math.sin(2)})`);

heading('2. A threshold that "has no gradient" (the Keras bump layer question)');
// The threshold is only compared with x; the comparison's 0/1 output only picks a branch.
const xs = [-1.5, -0.5, 0, 0.5, 1.5];
const bump = (x: TensorLike): Tensor => exp(neg(div(1, sub(1, square(x)))));
const report = explainGradient(
  ({ threshold }) => sum(where(less(abs(xs), threshold), bump(xs), 0)),
  { threshold: 1 },
);
console.log("TensorFlow only warns: Gradients do not exist for variables ['threshlevel:0']");
console.log(`pathwise explains:\n${report.toString()}`);

heading('3. where without NaN: the bump exp(-s / (s - x²)) for |x| < s, else 0');
// At x = 1.0001 (outside, with s = 1) the unselected branch is exp(5000) = Infinity.
const x = [0, 0.5, 1.0001, 1.5];
const layer = (s: Tensor): Tensor =>
  sum(where(less(abs(x), s), exp(neg(div(s, sub(s, square(x))))), 0));
console.log(`d/ds sum(bump) at s = 1: ${show(grad(layer)(1))} (finite)`);
const branch = (s: Tensor): Tensor => exp(neg(div(s, sub(s, 1.0001 ** 2))));
const local = grad(branch)(1).item();
console.log(`local gradient of the unselected branch at x = 1.0001: ${local}`);
console.log(`tf.where / jnp.where would compute 0 · ${local} = ${0 * local}: the NaN of the seed`);
console.log(
  'pathwise uses strong zeros: a cotangent that is exactly 0 stays 0 through every op,\n' +
    'so the unselected branch contributes 0 and no double-where trick is needed.',
);

heading('4. round has gradient 0; the straight-through estimator has gradient 1');
const ste = (v: TensorLike): Tensor => sub(v, stopGradient(sub(v, round(v))));
console.log(`round(1.7) = ${show(round(1.7))}, d/dx round(x) at 1.7 = ${show(grad(round)(1.7))}`);
console.log(`x - stopGradient(x - round(x)) at 1.7 = ${show(ste(1.7))}`);
console.log(`its gradient = ${show(grad(ste)(1.7))}`);

heading('5. gradcheck: reverse mode against float64 central differences');
const g = (a: Tensor, b: Tensor): Tensor => sum(mul(sin(a), exp(mul(a, b))));
const check = gradcheck(g, [
  [0.3, -1.2, 2],
  [0.5, 0.1, -0.7],
]);
console.log(`ok: ${check.ok}, max relative error: ${check.maxRelError.toExponential(2)}`);

heading('6. jit: the bump loss and dL/ds on 200,000 points, compiled into one loop');
const n = 200_000;
const grid = tensor(Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / n));
const ys = tensor(Float64Array.from({ length: n }, (_, i) => Math.exp(-((i / n - 0.5) ** 2))));
const bumpLoss = (s: Tensor): Tensor =>
  mean(square(sub(where(less(abs(grid), s), exp(neg(div(s, sub(s, square(grid))))), 0), ys)));
const eager = valueAndGrad(bumpLoss);
const compiled = jit(eager);
const timeIt = (fn: () => unknown): number => {
  const t: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[3];
};
compiled(0.5); // the first call traces and compiles
const same = compiled(0.7).grad.item() === eager(0.7).grad.item();
console.log(
  `op by op: ${timeIt(() => eager(0.7)).toFixed(1)} ms; jit: ${timeIt(() => compiled(0.7)).toFixed(1)} ms; same gradient bit for bit: ${same}`,
);
