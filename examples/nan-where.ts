/**
 * nan-where — the numerical-stability half of the seed question "Implementing a
 * trainable generalized Bump function layer in Keras/Tensorflow".
 *
 * The layer computes b(x; σ) = exp(-σ / (σ - x²)) where |x| < σ, else 0. Its σ sometimes
 * became NaN in TensorFlow: `tf.where(cond, f(x), 0)` sends a cotangent of 0 into the
 * branch it did not select, and where f overflowed there the backward pass computes
 * 0 · ∞ = NaN. The answer's fix is the double-where trick. pathwise has strong zeros (a
 * cotangent of exactly 0 stays 0 through every VJP), so the plain formulation is enough.
 *
 * Prints the demonstration, checks it, and writes examples/out/bump-sigma-derivative.svg:
 * the bump and ∂b/∂σ for σ from 0.1 to 5 (small multiples, like the answer's animation).
 *
 * Run: npx tsx examples/nan-where.ts [--quick]
 */
import {
  abs,
  customGradient,
  detectAnomaly,
  div,
  exp,
  full,
  grad,
  gradcheck,
  less,
  linspace,
  mean,
  mul,
  neg,
  square,
  sub,
  sum,
  where,
  zerosLike,
  AnomalyError,
  type Tensor,
  type TensorLike,
} from '../src/index.js';
import { plot, finiteRows, type Row } from './plot.js';

const quick = process.argv.includes('--quick');

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`nan-where: expected ${what}`);
}

/** The branch the layer selects inside (-σ, σ): exp(-σ / (σ - x²)). */
const branch = (x: TensorLike, s: TensorLike): Tensor => exp(neg(div(s, sub(s, square(x)))));

/** The same branch, differentiated the way TensorFlow and JAX do: 0 · ∞ = NaN. */
const weakBranch = customGradient(
  (x, s) => {
    const b = branch(x, s);
    // ∂b/∂σ = b · x² / (σ - x²)², multiplied into the cotangent with plain IEEE `mul`
    const local = mul(b, div(square(x), square(sub(s, square(x)))));
    return { value: b, grad: (g) => [zerosLike(x), sum(mul(g, local))] };
  },
  { name: 'weakBranch' },
);

type Branch = (x: TensorLike, s: TensorLike) => Tensor;

/** The layer as the seed wrote it: one `where`. */
const naive =
  (f: Branch) =>
  (x: TensorLike, s: TensorLike): Tensor =>
    where(less(abs(x), s), f(x, s), 0);

/** The double-where trick: feed the branch a safe 0 wherever it will not be selected. */
const doubleWhere =
  (f: Branch) =>
  (x: TensorLike, s: TensorLike): Tensor => {
    const inside = less(abs(x), s);
    return where(inside, f(where(inside, x, 0), s), 0);
  };

// ---------------------------------------------------------------------------------
console.log('== 1. One point just outside the bump ==');
// With σ = 1, x = 1.0001 is not selected; there the branch is exp(-1 / (1 - 1.00020001)).
const x1 = [0.2, 0.5, 1.0001];
const g = {
  pathwise: grad((s) => sum(naive(branch)(x1, s)))(1).item(),
  tfStyle: grad((s) => sum(naive(weakBranch)(x1, s)))(1).item(),
  doubleWhere: grad((s) => sum(doubleWhere(branch)(x1, s)))(1).item(),
  tfStyleDoubleWhere: grad((s) => sum(doubleWhere(weakBranch)(x1, s)))(1).item(),
};
console.log(`unselected branch value at x = 1.0001: ${branch(1.0001, 1).item()}`);
console.log(`d/dσ sum(layer) with pathwise's where:               ${g.pathwise}`);
console.log(`the same, with a TensorFlow-style VJP (0 · ∞ = NaN): ${g.tfStyle}`);
console.log(`pathwise with the (unnecessary) double-where trick: ${g.doubleWhere}`);
console.log(`TensorFlow-style VJP plus the double-where trick:    ${g.tfStyleDoubleWhere}`);
check(branch(1.0001, 1).item() === Infinity, 'the unselected branch to overflow');
check(Number.isNaN(g.tfStyle), 'a NaN from the TensorFlow-style VJP');
check(Number.isFinite(g.pathwise) && g.pathwise === g.doubleWhere, 'equal finite gradients');
check(Math.abs(g.tfStyleDoubleWhere - g.pathwise) < 1e-12 * g.pathwise, 'the trick to fix the NaN');

// detectAnomaly still points at the overflow, because that is where NaN comes from elsewhere.
try {
  detectAnomaly(() => grad((s) => sum(naive(branch)(x1, s)))(1));
  check(false, 'detectAnomaly to report the overflow');
} catch (e) {
  if (!(e instanceof AnomalyError)) throw e;
  console.log(`detectAnomaly: ${e.message.split('\n')[0]}`);
}
detectAnomaly(() => grad((s) => sum(doubleWhere(branch)(x1, s)))(1)); // silent: nothing overflows

// ---------------------------------------------------------------------------------
console.log('\n== 2. The loss gradient along σ (data from σ = 0.5, x evenly spread in [-1, 1]) ==');
const xs = linspace(-1, 1, quick ? 401 : 2001);
const ys = naive(branch)(xs, 0.5);
const lossOf =
  (layer: (x: TensorLike, s: TensorLike) => Tensor) =>
  (s: Tensor): Tensor =>
    mean(square(sub(layer(xs, s), ys)));
const sigmas = Array.from(
  { length: quick ? 20 : 96 },
  (_, i) => 0.05 + (0.95 * (i + 1)) / (quick ? 20 : 96),
);
let nanCount = 0;
let worst = 0;
for (const s of sigmas) {
  const a = grad(lossOf(naive(branch)))(s).item();
  const b = grad(lossOf(doubleWhere(branch)))(s).item();
  const t = grad(lossOf(naive(weakBranch)))(s).item();
  check(Number.isFinite(a), `a finite pathwise gradient at σ = ${s}`);
  worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), 1e-300));
  if (Number.isNaN(t)) nanCount++;
}
console.log(`σ values tried: ${sigmas.length} in (0.05, 1]`);
console.log(`NaN gradients, pathwise where:            0`);
console.log(`NaN gradients, TensorFlow-style VJP:       ${nanCount}`);
console.log(`max relative difference, where vs double-where: ${worst}`);
check(worst === 0, 'identical gradients with and without the double-where trick');
// (Not at a σ equal to some |x_i|: for σ < 1 the layer jumps from b(σ; σ) > 0 to 0 there.)
const gc = gradcheck(lossOf(naive(branch)), [0.7123]);
console.log(
  `gradcheck at σ = 0.7123 against central differences: ok = ${gc.ok}, rel. error ${gc.maxRelError.toExponential(1)}`,
);
check(gc.ok, 'gradcheck to pass');

// ---------------------------------------------------------------------------------
console.log('\n== 3. Plot: the bump and ∂b/∂σ for σ from 0.1 to 5 ==');
// Without the threshold (as in the answer's animation): singular at x² = σ. For σ > 1 the
// singularities ±√σ lie inside (-σ, σ), which is why inputs outside [-1, 1] give inf losses.
const panels = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5];
const rows: Row[] = [];
const n = quick ? 241 : 801;
for (const s of panels) {
  const half = Math.max(1.25, 1.2 * s);
  const x = linspace(-half, half, n);
  const b = branch(x, full([n], s)).data;
  const db = grad((sv) => sum(branch(x, sv)))(full([n], s)).data; // ∂b_i/∂σ, one per x_i
  const panel = `σ = ${s}`;
  // Values far above the plot (up to 1e300 near ±√σ) are capped, so that SVG renderers,
  // which draw in float32, do not drop the whole line.
  const cap = (v: number): number => Math.min(v, 10);
  for (let i = 0; i < n; i++) {
    rows.push({ panel, kind: 'curve', series: 'b(x; σ)', x: x.data[i], y: cap(b[i]) });
    rows.push({ panel, kind: 'curve', series: '∂b/∂σ', x: x.data[i], y: cap(db[i]) });
  }
  rows.push({ panel, kind: 'edge', series: 'x = ±σ', x: -s, y: null });
  rows.push({ panel, kind: 'edge', series: 'x = ±σ', x: s, y: null });
}
const file = await plot('bump-sigma-derivative', {
  title: {
    text: 'The bump exp(-σ / (σ - x²)) and its derivative with respect to σ',
    subtitle: 'red: b(x; σ), green dotted: ∂b/∂σ, blue dashed: x = ±σ (y clipped to [-0.25, 3])',
  },
  data: { values: finiteRows(rows) },
  facet: { field: 'panel', type: 'nominal', sort: panels.map((s) => `σ = ${s}`), title: null },
  columns: 3,
  resolve: { scale: { x: 'independent' } },
  spec: {
    width: 220,
    height: 150,
    layer: [
      {
        transform: [{ filter: "datum.kind === 'curve'" }],
        mark: { type: 'line', clip: true, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'x' },
          y: { field: 'y', type: 'quantitative', title: null, scale: { domain: [-0.25, 3] } },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: ['b(x; σ)', '∂b/∂σ'], range: ['#d62728', '#2ca02c'] },
            legend: null,
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: {
              domain: ['b(x; σ)', '∂b/∂σ'],
              range: [
                [1, 0],
                [4, 3],
              ],
            },
            legend: null,
          },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'edge'" }],
        mark: { type: 'rule', color: '#1f77b4', strokeDash: [6, 4] },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
    ],
  },
});
console.log(`wrote ${file}`);
