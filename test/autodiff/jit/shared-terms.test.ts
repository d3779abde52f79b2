import { describe, expect, it } from 'vitest';
import {
  jit,
  mul,
  neg,
  rng,
  sigmoid,
  softplus,
  sub,
  sum,
  tensor,
  valueAndGrad,
  type Tensor,
} from '../../../src/index.js';
import { expTable } from '../../../src/autodiff/ops/elementary.js';

/** The points where softplus and sigmoid change branch, underflow, saturate or fail. */
const POINTS = [0, -0, 1e-300, -1e-300, 1, -1, 40, -40, 800, -800, NaN, Infinity, -Infinity];

/** The points, then uniform draws on (-50, 50): more than one pairwise leaf of 128. */
function data(n: number, finite: boolean): Float64Array {
  const r = rng(14);
  const head = finite ? POINTS.filter(Number.isFinite) : POINTS;
  return Float64Array.from({ length: n }, (_, i) =>
    i < head.length ? head[i] : (r.uniform() - 0.5) * 100,
  );
}

/** The tensors of a result (a tensor, an array of them, or { value, grad }). */
function tensorsIn(r: unknown): Tensor[] {
  if (Array.isArray(r)) return r as Tensor[];
  const vg = r as { value?: Tensor; grad?: Tensor };
  return vg.grad !== undefined && vg.value !== undefined ? [vg.value, vg.grad] : [r as Tensor];
}

/** Every element equal as Object.is (NaN equals NaN, 0 differs from -0). */
function expectBitwise(jitted: unknown, eager: unknown): void {
  const [a, b] = [tensorsIn(jitted), tensorsIn(eager)];
  expect(a.length).toBe(b.length);
  a.forEach((t, k) => {
    expect(t.shape).toEqual(b[k].shape);
    for (let i = 0; i < t.size; i++)
      if (!Object.is(t.data[i], b[k].data[i]))
        throw new Error(`tensor ${k}, element ${i}: jit ${t.data[i]} vs eager ${b[k].data[i]}`);
  });
}

const logSigmoid = (x: Tensor): Tensor => neg(softplus(neg(x)));
const labels = (n: number): Tensor => tensor(Float64Array.from({ length: n }, (_, i) => i % 2));

/** Each function of x, and how many exponentials one element of its fused loop computes. */
const CASES: [string, (x: Tensor) => unknown, number][] = [
  ['softplus', softplus, 1],
  ['sigmoid', sigmoid, 1],
  ['logSigmoid', logSigmoid, 1],
  ['softplus and sigmoid together', (x) => [softplus(x), sigmoid(x)], 1],
  ['value and gradient of Σ softplus', valueAndGrad((x) => sum(softplus(x))), 1],
  ['value and gradient of Σ sigmoid', valueAndGrad((x) => sum(sigmoid(x))), 2], // σ(x)·σ(-x)
  ['value and gradient of Σ logSigmoid', valueAndGrad((x) => sum(logSigmoid(x))), 1],
  [
    'value and gradient of the logistic log-likelihood Σ y·x - softplus(x)',
    (x) => valueAndGrad((t: Tensor) => sum(sub(mul(labels(t.size), t), softplus(t))))(x),
    1,
  ],
];

describe('jit shared terms: softplus and sigmoid equal eager execution bit for bit', () => {
  for (const [name, f, exps] of CASES) {
    it(`${name}: every special point, fused loops and scalar statements`, () => {
      for (const x of [data(300, false), data(300, true), data(7, false)]) {
        const j = jit(f);
        j(tensor(x)); // trace
        expectBitwise(j(tensor(x)), f(tensor(x)));
      }
      for (const v of POINTS) {
        const j = jit(f); // one element: scalar statements, the terms written in place
        j(tensor([v]));
        expectBitwise(j(tensor([v])), f(tensor([v])));
      }
    });

    it(`${name}: ${exps} exponential(s) per element in the fused loop`, () => {
      const j = jit(f);
      j(tensor(data(40, true)));
      const source = j.source ?? '';
      // a loop with a full sum over a body that calls M.* writes its body once, in an
      // inner loop over the four lanes (for (let q ...)); one fused loop either way
      expect(source.match(/\{ const i = /g)?.length ?? 1).toBe(1);
      expect(source.match(/for \((?!let q)/g)?.length).toBe(1);
      expect(source.match(/M\.exp\(/g)?.length).toBe(exps);
      expect(source).not.toMatch(/Math\.(exp|log1p)\(/);
    });
  }

  it('eager sigmoid is the two-branch formula of NUMERICS.md bit for bit', () => {
    const x = data(300, false);
    const y = sigmoid(tensor(x)).data;
    x.forEach((v, i) => {
      const textbook = v >= 0 ? 1 / (1 + expTable(-v)) : expTable(v) / (1 + expTable(v));
      expect(Object.is(y[i], textbook)).toBe(true);
    });
  });
});
