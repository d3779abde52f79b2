/**
 * differentiable-round — the seed question "Differentiable round function in
 * Tensorflow?": the network's outputs are rounded to 0 or 1, and `tf.round` passes no
 * gradient. The answers: a steep max/min ramp, the straight-through estimator (with
 * stop_gradient, or with a custom gradient), and soft rounding (Agustsson & Theis,
 * "Universally Quantized Neural Compression", Sec. 4.1; tfc's `soft_round`).
 *
 * Prints each construction's value and gradient, trains one weight through each, checks
 * the findings, and writes examples/out/soft-round.svg: softRound(x, α) for α = 3, 7, 15
 * and its derivative, against round(x).
 *
 * Run: npx tsx examples/differentiable-round.ts [--quick]
 */
import {
  add,
  customGradient,
  div,
  explainGradient,
  floor,
  grad,
  less,
  linspace,
  maximum,
  mean,
  minimum,
  mul,
  round,
  square,
  stopGradient,
  sub,
  sum,
  tanh,
  tensor,
  where,
  type Tensor,
  type TensorLike,
} from '../src/index.js';
import { plot, type Row } from './plot.js';

const quick = process.argv.includes('--quick');

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`differentiable-round: expected ${what}`);
}

const fmt = (t: Tensor): string =>
  JSON.stringify(Array.from(t.data, (v) => Number(v.toPrecision(4))));

/** The seed's ramp: min(max(x - 0.499, 0) · 10000, 1). Exact 0/1 except in [0.499, 0.4991]. */
const ramp = (x: TensorLike): Tensor => minimum(mul(maximum(sub(x, 0.499), 0), 10000), 1);

/** Straight-through with stopGradient: the value of round(x), the gradient of x. */
const roundST = (x: TensorLike): Tensor => sub(x, stopGradient(sub(x, round(x))));

/** Straight-through with a custom gradient (the seed's `@tf.custom_gradient` answer). */
const roundCustom = customGradient((x) => ({ value: round(x), grad: (g) => g }), {
  name: 'roundCustom',
});

/**
 * Soft rounding: m + tanh(α r) / (2 tanh(α/2)) with m = floor(x) + ½ and r = x - m.
 * Exact at integers and at half-integers (where it equals x), it tends to round(x) as α
 * grows and to the identity as α → 0 (selected below α = 1e-3, like tfc).
 */
function softRound(x: TensorLike, alpha: TensorLike): Tensor {
  const m = add(floor(x), 0.5);
  const r = sub(x, m);
  const z = mul(tanh(div(alpha, 2)), 2);
  // No `maximum(alpha, eps)` guard as in tfc: at α = 0 the unselected branch is 0/0, and
  // pathwise's where keeps that NaN out of the gradient (strong zeros).
  return where(less(alpha, 1e-3), x, add(m, div(tanh(mul(alpha, r)), z)));
}

// ---------------------------------------------------------------------------------
console.log("== 1. Values and gradients at x = [0.1, 0.5, 0.7] (the seed's example) ==");
const x = [0.1, 0.5, 0.7];
const perElement = (f: (x: Tensor) => Tensor) => grad((v) => sum(f(v)))(x);
const table: [string, (x: Tensor) => Tensor][] = [
  ['round', round],
  ['ramp (max/min)', ramp],
  ['straight-through', roundST],
  ['customGradient', roundCustom],
  ['softRound α = 7', (v) => softRound(v, 7)],
];
for (const [name, f] of table)
  console.log(`${name.padEnd(17)} value ${fmt(f(tensor(x)))}  gradient ${fmt(perElement(f))}`);
check(fmt(perElement(round)) === '[0,0,0]', 'round to pass a gradient of 0');
const inBand = grad(ramp)(0.49905).item();
console.log(`the ramp's gradient is ${inBand} inside [0.499, 0.4991] and 0 everywhere else`);
check(Math.abs(inBand - 10000) < 1e-6, 'a slope of 10000 inside the ramp');
check(fmt(perElement(roundST)) === '[1,1,1]', 'straight-through gradients of 1');
check(fmt(roundST(tensor(x))) === fmt(round(x)), 'straight-through to keep the rounded value');
check(fmt(perElement(roundCustom)) === '[1,1,1]', 'customGradient gradients of 1');
const why = explainGradient((v) => sum(round(v)), [x]).findings[0];
console.log(`explainGradient on round: status '${why.status}', ops ${JSON.stringify(why.ops)}`);
check(why.status === 'zero' && why.ops[0] === 'round', "explainGradient to blame 'round'");
// (round rounds half to even, like tf.round: round(0.5) = 0, while the ramp gives 1.)

console.log('\n== 2. Soft rounding: exact at integers, vanishing gradients as α grows ==');
for (const alpha of [3, 7, 15]) {
  const atInteger = grad((v) => softRound(v, alpha))(1).item();
  const atHalf = grad((v) => softRound(v, alpha))(0.5).item();
  const exact = alpha / (2 * Math.tanh(alpha / 2)); // d/dx at r = 0: α / (2 tanh(α/2))
  console.log(
    `α = ${String(alpha).padEnd(2)} softRound(1.3) = ${softRound(1.3, alpha).item().toFixed(6)}` +
      `  d/dx at an integer ${atInteger.toExponential(2)}, at a half-integer ${atHalf.toFixed(4)}`,
  );
  check(softRound([-1, 0, 2], alpha).data.join() === '-1,0,2', 'exact integers');
  check(Math.abs(atHalf - exact) < 1e-12 * exact, 'the analytic slope at half-integers');
}
const atZero = grad((a) => softRound(0.3, a))(0).item();
console.log(
  `α = 0 (identity): softRound(0.3) = ${softRound(0.3, 0).item()}, d/dα = ${atZero} (no NaN)`,
);
check(atZero === 0, 'a NaN-free gradient at α = 0');

// ---------------------------------------------------------------------------------
console.log('\n== 3. Training one weight through each rounding: fit round(w · x) to targets ==');
// Targets round(2.3 · x); start at w = 0.5 and take plain gradient steps.
const xs = [1, 2, 3, 4];
const targets = round(mul(xs, 2.3));
const steps = quick ? 60 : 300;
const results: Record<string, number> = {};
for (const [name, q] of [
  ['round', round],
  ['straight-through', roundST],
  ['softRound α = 3', (v: Tensor) => softRound(v, 3)],
] as [string, (x: Tensor) => Tensor][]) {
  const loss = (w: Tensor): Tensor => mean(square(sub(q(mul(w, xs)), targets)));
  let w = 0.5;
  for (let i = 0; i < steps; i++) w -= 0.01 * grad(loss)(w).item();
  const hard = mean(square(sub(round(mul(w, xs)), targets))).item();
  results[name] = hard;
  console.log(`${name.padEnd(17)} w = ${w.toFixed(4)}  loss with hard rounding ${hard}`);
}
check(results.round > 1, 'round to leave w where it started');
check(results['straight-through'] === 0 && results['softRound α = 3'] === 0, 'both to fit');

// ---------------------------------------------------------------------------------
console.log('\n== 4. Plot: softRound for α = 3, 7, 15 ==');
const n = quick ? 201 : 801;
const grid = linspace(-2, 2, n);
const rows: Row[] = [];
const curves: [string, (x: Tensor) => Tensor][] = [
  ['round(x)', round],
  ...[3, 7, 15].map((a): [string, (x: Tensor) => Tensor] => [`α = ${a}`, (v) => softRound(v, a)]),
];
for (const [curve, f] of curves) {
  const y = f(grid).data;
  const dy = grad((v) => sum(f(v)))(grid).data;
  for (let i = 0; i < n; i++) {
    rows.push({ quantity: 'value', curve, x: grid.data[i], y: y[i] });
    rows.push({ quantity: 'derivative d/dx', curve, x: grid.data[i], y: dy[i] });
  }
}
const file = await plot('soft-round', {
  title: {
    text: 'Soft round for different alphas (Agustsson & Theis)',
    subtitle: 'left: softRound(x, α) against round(x); right: its derivative, computed with grad',
  },
  data: { values: rows },
  facet: {
    column: { field: 'quantity', type: 'nominal', sort: ['value', 'derivative d/dx'], title: null },
  },
  resolve: { scale: { y: 'independent' } },
  spec: {
    width: 320,
    height: 260,
    mark: { type: 'line', strokeWidth: 1.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'x' },
      y: { field: 'y', type: 'quantitative', title: null },
      color: {
        field: 'curve',
        type: 'nominal',
        title: null,
        scale: {
          domain: curves.map(([c]) => c),
          range: ['#aaaaaa', '#1f77b4', '#ff7f0e', '#2ca02c'],
        },
      },
    },
  },
});
console.log(`wrote ${file}`);
