import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  broadcastTo,
  cholesky,
  customGradient,
  div,
  clip,
  concat,
  cumsum,
  exp,
  eye,
  gather,
  grad,
  GradientTape,
  jit,
  JitError,
  less,
  logicalAnd,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  mean,
  min,
  mul,
  neg,
  noGrad,
  polygamma,
  pow,
  prod,
  relu,
  reshape,
  rng,
  sigmoid,
  sin,
  slice,
  softmax,
  square,
  stack,
  sub,
  sum,
  tensor,
  transpose,
  triangularSolve,
  valueAndGrad,
  variable,
  where,
  type Tensor,
} from '../../../src/index.js';
import { elementwiseOps } from '../../../src/autodiff/ir.js';

/** Values that exercise every branch: zeros of both signs, infinities, NaN, ties. */
const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 2.5, 3, -7.25, 1e-300, 1e300, Infinity, -Infinity, NaN];

function randomData(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, (_, i) =>
    i < SPECIAL.length ? SPECIAL[i] : (r.uniform() - 0.5) * 8,
  );
}

/** Equal element for element as Object.is (NaN equals NaN, 0 differs from -0). */
function expectBitwise(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < a.size; i++) {
    if (!Object.is(a.data[i], b.data[i]))
      throw new Error(`element ${i}: jit ${a.data[i]} vs eager ${b.data[i]}`);
  }
}

describe('jit: every elementwise op matches its eager kernel bit for bit', () => {
  const ops = [...elementwiseOps.entries()];
  it('covers the ops', () => {
    for (const name of ['add', 'smul', 'sdiv', 'where', 'less', 'sigmoid', 'round', 'erf'])
      expect(elementwiseOps.has(name)).toBe(true);
  });
  for (const [name, op] of ops) {
    const arity = op.expr.includes('$2') ? 3 : op.expr.includes('$1') ? 2 : 1;
    it(`${name}: same shapes, scalar broadcast, general broadcast`, () => {
      const cases: [number[], number[]][] = [
        [[40], [40]], // fused loop
        [[40], [1]], // scalar operand, fused
        [[1], [1]], // scalar statement
        [
          [5, 1],
          [1, 8],
        ], // general broadcasting: the eager kernel
        [[6, 8], [8]], // broadcast along leading axes: fused, read at i mod 8
        [[3], [2, 4, 3]], // the same, the other way round
      ];
      for (const [sa, sb] of cases) {
        const shapes = arity === 1 ? [sa] : arity === 2 ? [sa, sb] : [sa, sb, sa];
        const args = shapes.map((s, k) => {
          const n = s.reduce((p, q) => p * q, 1);
          const d = randomData(n, 10 + k);
          if (k === 1) d.reverse(); // pair special values differently
          return tensor(d, s);
        });
        const f = (...xs: Tensor[]): Tensor => op.run(xs);
        const j = jit(f);
        const eager = f(...args);
        j(...args); // trace
        expectBitwise(j(...args), eager);
      }
    });
  }
});

/** The bump loss of the seed's first question, written the naive way. */
function bumpLoss(x: Tensor, y: Tensor) {
  return (s: Tensor): Tensor => {
    const xx = square(x);
    const inside = logicalAnd(less(abs(x), s), less(xx, s));
    const bump = where(inside, exp(neg(div(s, sub(s, xx)))), 0);
    return mean(square(sub(bump, y)));
  };
}

describe('jit of gradients equals eager execution bit for bit', () => {
  const n = 1000;
  const x = tensor(randomData(n, 1).map((v) => (Number.isFinite(v) ? v / 8 : 0.01)));
  const y = tensor(randomData(n, 2).map((v) => (Number.isFinite(v) ? v / 100 : 0)));

  it('bump loss and dL/ds: one fused loop, every s', () => {
    const vg = valueAndGrad(bumpLoss(x, y));
    const j = jit(vg);
    for (const s of [0.3, 0.3, 0.05, 0.5, 2, 0]) {
      const a = j(s);
      const b = vg(s);
      expectBitwise(a.value, b.value);
      expectBitwise(a.grad, b.grad);
      expect(Number.isFinite(a.grad.item())).toBe(true);
    }
    expect(j.traces).toBe(1);
    // one pass over the 1000 points (in pairwise-summation blocks), no op left unfused
    expect(j.source?.match(/for \(let b = 0/g)).toHaveLength(1);
    expect(j.source).not.toContain('R[');
  });

  it('sums of every length keep the pairwise order of eager sum', () => {
    for (const len of [1, 3, 128, 129, 1000, 4099]) {
      const d = tensor(randomData(len, len).map((v) => (Number.isFinite(v) ? v : 1)));
      const f = (t: Tensor): Tensor => sum(mul(sin(t), 1.5));
      const j = jit(f);
      j(d);
      expectBitwise(j(d), f(d));
    }
  });

  it('a small network: matmul, softmax, logSumExp, partial sums, broadcasting', () => {
    const xs = tensor(
      randomData(24, 3).map((v) => (Number.isFinite(v) ? v / 4 : 0.1)),
      [6, 4],
    );
    const labels = tensor([0, 1, 2, 0, 1, 2]);
    const loss = (w: Tensor, b: Tensor): Tensor => {
      const h = add(matmul(xs, w), b); // [6, 3]
      const p = softmax(h);
      const nll = sub(logSumExp(h, { axis: 1 }), max(mul(h, p), { axis: 1 }));
      return add(mean(nll), mul(sum(square(w)), 1e-3 + mean(labels).item() * 0));
    };
    const vg = valueAndGrad(loss, { argnums: [0, 1] });
    const j = jit(vg);
    const w0 = tensor(
      randomData(12, 4).map((v) => (Number.isFinite(v) ? v / 3 : 0.2)),
      [4, 3],
    );
    const b0 = tensor([0.1, -0.2, 0.3]);
    for (const scale of [1, 1, 0.5]) {
      const w = mul(w0, scale);
      const a = j(w, b0);
      const e = vg(w, b0);
      expectBitwise(a.value, e.value);
      expectBitwise(a.grad[0], e.grad[0]);
      expectBitwise(a.grad[1], e.grad[1]);
    }
  });

  it('maximum ties, broadcastTo, reshape, transpose, cholesky', () => {
    const f = (a: Tensor): Tensor => {
      const m = maximum(a, transpose(a)); // ties on the diagonal
      const spd = add(matmul(m, transpose(m)), mul(broadcastTo(tensor([[3]]), [3, 3]), 1));
      return sum(reshape(cholesky(spd), [9]));
    };
    const g = grad(f);
    const j = jit(g);
    for (const k of [1, 1, 2]) {
      const a = tensor([0.3 * k, 0.1, 0.2, 0.1, 0.5, -0.3, 0.2, 0.4, 0.7], [3, 3]);
      j(a);
      expectBitwise(j(a), g(a));
    }
  });

  it('a dense layer: bias add, activation and the bias gradient fuse around the matmuls', () => {
    const x = tensor(
      randomData(24, 5).map((v) => (Number.isFinite(v) ? v / 5 : 0.3)),
      [6, 4],
    );
    const loss = (w: Tensor, b: Tensor): Tensor => sum(square(sigmoid(add(matmul(x, w), b))));
    const vg = valueAndGrad(loss, { argnums: [0, 1] });
    const j = jit(vg);
    const w = tensor(
      randomData(12, 6).map((v) => (Number.isFinite(v) ? v / 4 : -0.2)),
      [4, 3],
    );
    const b = tensor([0.1, -0.2, 0.3]);
    j(w, b);
    for (const s of [1, 0.5, -2]) {
      const r = j(mul(w, s), b);
      const e = vg(mul(w, s), b);
      expectBitwise(r.value, e.value);
      expectBitwise(r.grad[0], e.grad[0]);
      expectBitwise(r.grad[1], e.grad[1]);
    }
    const src = j.source ?? '';
    expect(src).toMatch(/\[i % 3\]/); // the bias read, and its gradient summed, by columns
    expect(src.match(/R\[\d+\]\(/g)).toHaveLength(2); // only the two matmuls run eagerly
  });

  it('column sums keep the order of eager sum over leading axes', () => {
    for (const shape of [
      [7, 5],
      [3, 4, 2],
      [130, 3],
      [2, 1, 6],
    ]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const t = tensor(
        randomData(n, n).map((v) => (Number.isFinite(v) ? v : 2)),
        shape,
      );
      const f = (x: Tensor): Tensor => sum(mul(exp(x), 0.5), { axis: 0, keepDims: true });
      const j = jit(f);
      j(t);
      expectBitwise(j(t), f(t));
      expect(j.source).not.toContain('R[');
    }
  });

  it('second derivatives (the backward of a backward) compile too', () => {
    const f = (t: Tensor): Tensor => sum(mul(sigmoid(t), sin(t)));
    const h = grad((t: Tensor) => sum(grad(f)(t)));
    const j = jit(h);
    const t = tensor([-2, -0.5, 0, 0.5, 2]);
    j(t);
    expectBitwise(j(t), h(t));
    expectBitwise(j(mul(t, 3)), h(mul(t, 3)));
  });
});

describe('jit of every op family: gradients at a second input equal eager ones', () => {
  const a = tensor([0.3, -1.2, 2.5, 0.7, -0.4, 1.9], [2, 3]);
  const b = tensor([1.1, 0.2, -0.8, 0.5, 2.2, -1.5], [2, 3]);
  const spd = (t: Tensor): Tensor => add(matmul(t, transpose(t)), mul(eye(2), 3));
  const cases: [string, (t: Tensor) => Tensor][] = [
    ['prod', (t) => prod(t, 1)],
    ['cumsum', (t) => cumsum(t, { axis: 1, reverse: true })],
    ['min', (t) => min(t, 0)],
    ['max over all', (t) => max(t)],
    ['logSoftmax', (t) => logSoftmax(t)],
    ['slice and concat', (t) => concat([slice(t, [0, 1], [2, 2]), t], 1)],
    ['gather', (t) => gather(t, [2, 0, 2], 1)],
    ['stack', (t) => stack([t, square(t)], 0)],
    ['triangularSolve', (t) => triangularSolve(cholesky(spd(t)), t)],
    ['pow', (t) => pow(abs(t), t)],
    ['clip', (t) => clip(t, -0.5, 1)],
    ['relu', (t) => relu(t)],
    ['polygamma', (t) => polygamma(1, add(abs(t), 1))],
    ['sum over axis', (t) => sum(mul(t, t), { axis: 0, keepDims: true })],
    ['mean over axis, broadcast back', (t) => sub(t, mean(t, { axis: 1, keepDims: true }))],
  ];
  for (const [name, op] of cases) {
    it(name, () => {
      const f = (t: Tensor): Tensor => sum(mul(op(t), 1.5));
      const g = valueAndGrad(f);
      const j = jit(g);
      j(a);
      const r = j(b);
      const e = g(b);
      expectBitwise(r.value, e.value);
      expectBitwise(r.grad, e.grad);
    });
  }
});

describe('jit semantics', () => {
  it('Variables are read at every call; captured tensors are constants', () => {
    const w = variable([1, 2]);
    const c = tensor([10, 20]);
    const j = jit((x: Tensor) => sum(mul(add(x, c), w)));
    expect(j([1, 1]).item()).toBe(11 + 42);
    w.assign([0, 1]);
    expect(j([1, 1]).item()).toBe(21);
    expect(j.traces).toBe(1);
  });

  it('gradients with respect to Variables, as fit takes them', () => {
    const w = variable([0.5, -1]);
    const step = jit((x: Tensor) => {
      const tape = new GradientTape();
      const loss = tape.record(() => sum(square(mul(x, w))));
      return { loss, grads: tape.gradient(loss, [w]) };
    });
    step([1, 2]);
    const r = step([3, 4]);
    expect(r.loss.item()).toBe(9 * 0.25 + 16);
    expect(r.grads[0]?.toArray()).toEqual([2 * 9 * 0.5, 2 * 16 * -1]);
  });

  it('retraces for new shapes, keeps at most maxTraces', () => {
    const j = jit((x: Tensor) => sum(x), { maxTraces: 1 });
    expect(j([1, 2]).item()).toBe(3);
    expect(j([1, 2, 3]).item()).toBe(6);
    expect(j([4, 5]).item()).toBe(9);
    expect(j.traces).toBe(3);
  });

  it('returns arguments as they are and a tensor returned twice as one tensor', () => {
    const a = tensor([1, 2]);
    const id = jit((x: Tensor) => x);
    id(a);
    expect(id(a)).toBe(a);
    const twice = jit((x: Tensor) => {
      const y = mul(x, 2);
      return [y, y];
    });
    twice(a);
    const [p, q] = twice([3, 4]);
    expect(p).toBe(q);
    expect(p.toArray()).toEqual([6, 8]);
    const empty = jit((x: Tensor) => sum(x));
    empty(tensor(new Float64Array(0)));
    expect(empty(tensor(new Float64Array(0))).item()).toBe(0);
  });

  it('results keep their structure: arrays, objects, numbers, null', () => {
    const j = jit((x: Tensor) => ({ a: [x, mul(x, 2)], b: null, n: 3, nested: { y: exp(x) } }));
    j(0);
    const r = j(1);
    expect(r.a[1].item()).toBe(2);
    expect(r.b).toBeNull();
    expect(r.n).toBe(3);
    expect(r.nested.y.item()).toBe(Math.E);
  });

  it('noGrad and customGradient inside a jitted function are replayed, not frozen', () => {
    const roundST = customGradient((t: Tensor) => ({ value: mul(t, 3), grad: (g) => g }));
    const f = (x: Tensor): Tensor =>
      add(
        noGrad(() => mul(x, x)),
        roundST(x),
      );
    const vg = valueAndGrad(f);
    const j = jit(vg);
    j(2);
    const r = j(5);
    expect(r.value.item()).toBe(25 + 15);
    expect(r.grad.item()).toBe(1); // noGrad part has no gradient; the custom VJP is identity
  });

  it('under a recording tape the function runs eagerly, so gradients pass through', () => {
    const j = jit((x: Tensor) => mul(x, x));
    expect(grad((x: Tensor) => j(x))(3).item()).toBe(6);
    expect(j.traces).toBe(0);
  });

  it('where eval is forbidden (a strict Content-Security-Policy), jit throws JitError', () => {
    const saved = globalThis.Function;
    globalThis.Function = function () {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    } as unknown as FunctionConstructor;
    try {
      expect(() => jit((x: Tensor) => mul(x, 2))(1)).toThrow(/cannot compile here/);
    } finally {
      globalThis.Function = saved;
    }
  });

  it('check: a function reading values behind the tape is caught and run eagerly', () => {
    // a JavaScript branch on x's numbers: the trace freezes the branch taken at x = 1
    const f = (x: Tensor): Tensor => mul(x, x.data[0] > 0 ? 2 : 3);
    const plain = jit(f);
    plain(1);
    expect(plain(-1).item()).toBe(-2); // trusted, wrong: the documented rule was broken
    const checked = jit(f, { check: true });
    expect(checked(1).item()).toBe(2);
    expect(checked(-1).item()).toBe(-3); // the first compiled run differed from f: f's result
    expect(checked.eager).toBe(true);
    expect(checked(-2).item()).toBe(-6);
    // what cannot be traced runs eagerly instead of throwing
    const reads = jit((x: Tensor) => (x.item() > 0 ? x : neg(x)), { check: true });
    expect(reads(-4).item()).toBe(4);
    expect(reads.eager).toBe(true);
    // a sound function passes its check and stays compiled, per shape
    const sound = jit((x: Tensor) => sum(exp(x)), { check: true });
    for (const x of [[1, 2], [3, 4], [0], [5]]) expect(sound(x).item()).toBe(sum(exp(x)).item());
    expect(sound.eager).toBe(false);
    expect(sound.traces).toBe(2);
  });

  it('throws JitError for what cannot be traced', () => {
    expect(() => jit((x: Tensor) => (x.item() > 0 ? x : neg(x)))(1)).toThrow(JitError);
    expect(() => jit((x: Tensor) => (x.item() > 0 ? x : neg(x)))(1)).toThrow(/item\(\)/);
    const r = rng(1);
    expect(() => jit((x: Tensor) => mul(x, r.normal()))(1)).toThrow(/random/);
    const v = variable(1);
    expect(() =>
      jit((x: Tensor) => {
        v.assign(x);
        return x;
      })(2),
    ).toThrow(/assign/);
    expect(() => jit((x: Tensor) => new Map([['x', x]]))(1)).toThrow(JitError);
    // creating a constrained Variable inside is fine (its constraint is not an assignment)
    expect(jit((x: Tensor) => mul(x, variable(-1, { constraint: abs })))(2).item()).toBe(2);
    // a constant's item() is fine: it does not depend on the arguments
    expect(jit((x: Tensor) => mul(x, tensor(2).item()))(3).item()).toBe(6);
  });
});
