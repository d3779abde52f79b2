/**
 * sigmoid-softmax — the seed question "Different Sigmoid Equations and its
 * implementation": Wikipedia's "softmax normalization" 1 / (1 + e^(-(x - μ)/σ)) gave
 * different numbers from the plain sigmoid 1 / (1 + e^(-x)), and neither sums to 1 like
 * softmax. The answer: three different functions. A sigmoid squashes each value on its
 * own; the normalized sigmoid first standardizes the vector (so it depends on all of
 * it); softmax exp(x) / Σ exp(x) makes a probability vector.
 *
 * Recomputes the seed's vectors with pathwise ops, checks them against the numbers
 * printed in the question and answer, looks at their gradients, and writes
 * examples/out/sigmoid-softmax.svg: the three transforms of the outlier vector.
 *
 * Run: npx tsx examples/sigmoid-softmax.ts [--quick]
 */
import {
  div,
  grad,
  mean,
  sigmoid,
  slice,
  softmax,
  sqrt,
  square,
  stack,
  sub,
  sum,
  tensor,
  vjp,
  zeros,
  type Tensor,
  type TensorLike,
} from '../src/index.js';
import { plot, type Row } from './plot.js';

// (--quick changes nothing here: everything is instant.)

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`sigmoid-softmax: expected ${what}`);
}

/** Agrees with numbers printed to 8 significant digits. */
function close(actual: Tensor, printed: readonly number[]): boolean {
  return printed.every((p, i) => Math.abs(actual.data[i] - p) <= 5e-8 * Math.max(1, Math.abs(p)));
}

const fmt = (t: Tensor): string => `[${Array.from(t.data, (v) => v.toFixed(8)).join(', ')}]`;

/** Standard deviation; `ddof` 1 for the sample estimate (the question), 0 like np.std. */
function std(x: TensorLike, ddof: number): Tensor {
  const t = tensor(x);
  return sqrt(div(sum(square(sub(t, mean(t)))), t.size - ddof));
}

/** The "softmax normalization" (logistic normalization): sigmoid((x - mean) / std). */
const normalizedSigmoid = (x: TensorLike, ddof: number): Tensor =>
  sigmoid(div(sub(x, mean(x)), std(x, ddof)));

// ---------------------------------------------------------------------------------
console.log('== 1. The question: x = [1, 2, 3] ==');
const x = tensor([1, 2, 3]);
const s = sigmoid(x);
const sn = normalizedSigmoid(x, 1);
const p = softmax(x);
console.log(`sigmoid(x)            ${fmt(s)}   sum ${sum(s).item().toFixed(4)}`);
console.log(`normalized sigmoid(x) ${fmt(sn)}   sum ${sum(sn).item().toFixed(4)}`);
console.log(`softmax(x)            ${fmt(p)}   sum ${sum(p).item().toFixed(4)}`);
check(close(s, [0.73105858, 0.88079708, 0.95257413]), "the question's sigmoid");
check(close(sn, [0.2689414213699951, 0.5, 0.7310585786300049]), "the question's equation 1");
check(close(p, [0.09003057, 0.24472847, 0.66524096]), "the question's softmax");
// (The question unpacks get_statistics' (m, s2, s) as (m, s, s2), so it divides by the
// standard deviation while calling it s2; for [1, 2, 3] both are 1, so nothing changes.)
console.log('sigmoid(x) is the 2-class softmax: sigmoid(x_i) = softmax([x_i, 0])[0]');
const firstOfPairs = slice(softmax(stack([x, zeros([3])], 1), 1), [0, 0], [3, 1]);
check(close(firstOfPairs, Array.from(s.data)), 'sigmoid to be the 2-class softmax');

console.log('\n== 2. The answer: measurements with huge outliers ==');
const measure = [0.01, 0.2, 0.5, 0.6, 0.7, 1.0, 2.5, 5.0, 50.0, 5000.0];
const ms = sigmoid(measure);
const msn = normalizedSigmoid(measure, 0); // the answer uses np.std (ddof 0)
const mp = softmax(measure);
console.log(`sigmoid            ${fmt(ms)}`);
console.log(`normalized sigmoid ${fmt(msn)}`);
console.log(`softmax            ${fmt(mp)}`);
check(
  close(
    ms,
    [
      0.50249998, 0.549834, 0.62245933, 0.64565631, 0.66818777, 0.73105858, 0.92414182, 0.99330715,
      1, 1,
    ],
  ),
  "the answer's s(measure)",
);
check(
  close(
    msn,
    [
      0.41634425, 0.41637507, 0.41642373, 0.41643996, 0.41645618, 0.41650485, 0.41674821,
      0.41715391, 0.42447515, 0.9525677,
    ],
  ),
  "the answer's sn(measure)",
);

console.log('\n== 3. Gradients ==');
// The sigmoid saturates: its derivative σ(x)·σ(-x) is ~2e-22 at 50 and exactly 0 at 5000.
const ds = grad((v) => sum(sigmoid(v)))(measure);
console.log(`d sigmoid(x_i) / d x_i at 50 and 5000: ${ds.data[8].toExponential(2)}, ${ds.data[9]}`);
check(ds.data[9] === 0 && ds.data[8] > 0, 'a saturated sigmoid');
// softmax's Jacobian is diag(p) - p pᵀ; its rows sum to 0 because softmax(x + c) = softmax(x).
const back = vjp((v) => softmax(v), x).vjp;
const rows = [0, 1, 2].map((i) => back([0, 1, 2].map((j) => (i === j ? 1 : 0)))[0]);
let worst = 0;
for (let i = 0; i < 3; i++) {
  for (let j = 0; j < 3; j++) {
    const exact = (i === j ? p.data[i] : 0) - p.data[i] * p.data[j];
    worst = Math.max(worst, Math.abs(rows[i].data[j] - exact));
  }
}
console.log(`softmax Jacobian at [1, 2, 3] (rows by vjp):`);
for (const r of rows) console.log(`  ${fmt(r)}   row sum ${sum(r).item().toExponential(1)}`);
console.log(`max |vjp - (diag(p) - p pᵀ)| = ${worst.toExponential(1)}`);
check(worst < 1e-15, 'the Jacobian diag(p) - p pᵀ');

// ---------------------------------------------------------------------------------
console.log('\n== 4. Plot ==');
const data: Row[] = [];
const transforms: [string, Tensor][] = [
  ['sigmoid(x)', ms],
  ['sigmoid((x - mean) / std)', msn],
  ['softmax(x)', mp],
];
for (const [transform, t] of transforms)
  measure.forEach((m, i) => data.push({ transform, x: String(m), value: t.data[i] }));
const file = await plot('sigmoid-softmax', {
  title: {
    text: 'Three ways to squash x = [0.01, 0.2, 0.5, 0.6, 0.7, 1, 2.5, 5, 50, 5000]',
    subtitle:
      'sigmoid saturates the outliers; standardizing first flattens the rest; softmax sums to 1',
  },
  data: { values: data },
  facet: {
    column: { field: 'transform', type: 'nominal', sort: transforms.map(([n]) => n), title: null },
  },
  spec: {
    width: 230,
    height: 200,
    mark: 'bar',
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: measure.map(String), title: 'x' },
      y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
    },
  },
});
console.log(`wrote ${file}`);
