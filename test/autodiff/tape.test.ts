import { describe, expect, it } from 'vitest';
import {
  customGradient,
  exp,
  grad,
  GradientError,
  GradientTape,
  isRecording,
  expandDims,
  mul,
  noGrad,
  reshape,
  round,
  sin,
  stopGradient,
  sub,
  sum,
  tensor,
  variable,
  type Tensor,
} from '../../src/index.js';

function record<T>(tape: GradientTape, fn: () => T): T {
  return tape.record(fn);
}

describe('GradientTape', () => {
  it('computes gradients of a scalar with respect to watched tensors', () => {
    const x = tensor([1, 2, 3]);
    const tape = new GradientTape();
    const y = record(tape, () => {
      tape.watch(x);
      return sum(mul(x, x));
    });
    expect(tape.gradient(y, [x])[0]?.toArray()).toEqual([2, 4, 6]);
  });

  it('returns null for a source with no path and for an unwatched constant', () => {
    const x = tensor(2);
    const z = tensor(5);
    const c = tensor(7);
    const tape = new GradientTape();
    const y = record(tape, () => {
      tape.watch(x, z);
      return mul(x, c);
    });
    const [gx, gz, gc] = tape.gradient(y, [x, z, c]);
    expect(gx?.item()).toBe(7);
    expect(gz).toBeNull();
    expect(gc).toBeNull();
  });

  it('can differentiate with respect to an intermediate tensor', () => {
    const x = tensor(3);
    const tape = new GradientTape();
    let h: Tensor | undefined;
    const y = record(tape, () => {
      tape.watch(x);
      h = mul(x, 2);
      return mul(h, h);
    });
    expect(tape.gradient(y, h as Tensor)?.item()).toBe(12);
  });

  it('is freed after one gradient unless persistent', () => {
    const x = tensor(1);
    const tape = new GradientTape();
    const y = record(tape, () => {
      tape.watch(x);
      return exp(x);
    });
    tape.gradient(y, [x]);
    expect(() => tape.gradient(y, [x])).toThrow(/only once/);
    const p = new GradientTape({ persistent: true });
    const z = record(p, () => {
      p.watch(x);
      return exp(x);
    });
    expect(p.gradient(z, x)?.item()).toBeCloseTo(Math.E, 15);
    expect(p.gradient(z, x)?.item()).toBeCloseTo(Math.E, 15);
  });

  it('watches trainable variables automatically and ignores untrainable ones', () => {
    const w = variable([1, 2], { name: 'w' });
    const frozen = variable(3, { name: 'frozen', trainable: false });
    const tape = new GradientTape();
    const y = record(tape, () => sum(mul(mul(w, w), frozen)));
    const [gw, gf] = tape.gradient(y, [w, frozen]);
    expect(gw?.toArray()).toEqual([6, 12]);
    expect(gf).toBeNull();
  });

  it('accepts an outputGradient for non-scalar targets and rejects its absence', () => {
    const x = tensor([1, 2]);
    const tape = new GradientTape({ persistent: true });
    const y = record(tape, () => {
      tape.watch(x);
      return mul(x, x);
    });
    expect(tape.gradient(y, [x], { outputGradient: [1, 10] })[0]?.toArray()).toEqual([2, 40]);
    expect(() => tape.gradient(y, [x])).toThrow(GradientError);
    expect(() => tape.gradient(y, [x])).toThrow(/the target has shape \[2\]; pass outputGradient/);
    expect(() => tape.gradient(y, [x], { outputGradient: [1, 2, 3] })).toThrow(
      /outputGradient has shape \[3\] but the target has shape \[2\]/,
    );
  });

  it('refuses watch outside record and gradient before record', () => {
    const tape = new GradientTape();
    expect(() => tape.watch(tensor(1))).toThrow(/not recording/);
    expect(() => tape.gradient(tensor(1), [tensor(1)])).toThrow(/nothing was recorded/);
  });

  it('nests: the outer tape records the inner gradient (second derivative)', () => {
    const x = tensor(0.7);
    const outer = new GradientTape();
    const dy = record(outer, () => {
      outer.watch(x);
      const inner = new GradientTape();
      const y = record(inner, () => {
        inner.watch(x);
        return mul(sin(x), x);
      });
      return inner.gradient(y, x) as Tensor;
    });
    const d2 = outer.gradient(dy, x)?.item() as number;
    expect(d2).toBeCloseTo(2 * Math.cos(0.7) - 0.7 * Math.sin(0.7), 14);
  });

  it('leaves the recording state clean when the recorded function throws', () => {
    const tape = new GradientTape();
    expect(() =>
      record(tape, () => {
        expect(isRecording()).toBe(true);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isRecording()).toBe(false);
  });

  it('a persistent tape still works after another tape re-watched its source', () => {
    const w = variable(2, { name: 'w' });
    const first = new GradientTape({ persistent: true });
    const y1 = record(first, () => mul(w, w));
    const second = new GradientTape();
    const y2 = record(second, () => mul(w, 3));
    expect(second.gradient(y2, w)?.item()).toBe(3);
    expect(first.gradient(y1, w)?.item()).toBe(4);
  });
});

describe('noGrad, stopGradient, customGradient', () => {
  it('noGrad records nothing', () => {
    expect(
      grad((x) =>
        mul(
          x,
          noGrad(() => mul(x, 3)),
        ),
      )(2).item(),
    ).toBe(6);
    expect(noGrad(() => isRecording())).toBe(false);
  });

  it('stopGradient is the identity forward and blocks every order', () => {
    const f = (x: Tensor): Tensor => mul(x, stopGradient(x));
    expect(f(tensor(3)).item()).toBe(9);
    expect(grad(f)(3).item()).toBe(3);
    expect(grad(grad(f))(3).item()).toBe(0);
    const g = (x: Tensor): Tensor => mul(stopGradient(mul(x, x)), x);
    expect(grad(grad(g))(2).item()).toBe(0);
  });

  it('customGradient replaces the VJP and stays differentiable', () => {
    const roundST = customGradient((x) => ({ value: round(x), grad: (g) => g }));
    expect(roundST(1.7).item()).toBe(2);
    expect(grad(roundST)(1.7).item()).toBe(1);
    // log1p(exp(x)) with a stable custom VJP sigmoid(x) = 1 - exp(-softplus)
    const cube = customGradient((x) => ({
      value: mul(mul(x, x), x),
      grad: (g) => mul(g, mul(mul(x, x), 3)),
    }));
    expect(grad(cube)(2).item()).toBe(12);
    expect(grad(grad(cube))(2).item()).toBe(12);
  });

  it('customGradient checks the cotangents its VJP returns', () => {
    const bad = customGradient((x) => ({ value: exp(x), grad: () => [1, 2] }), { name: 'badOp' });
    expect(() => grad((x) => bad(x))(1)).toThrow(/badOp: the custom VJP must return 1 cotangent/);
    const wrong = customGradient((x) => ({ value: exp(x), grad: () => tensor([1, 2]) }), {
      name: 'wrongShape',
    });
    expect(() => grad((x) => wrong(x))(1)).toThrow(
      /wrongShape: the custom VJP returned shape \[2\] for input 0 of shape \[\]/,
    );
  });

  it('two-argument customGradient returns one cotangent per input', () => {
    const f = customGradient((a, b) => ({ value: mul(a, b), grad: (g) => [mul(g, b), mul(g, a)] }));
    const gs = grad((a, b) => f(a, b), { argnums: [0, 1] })(3, 4);
    expect(gs.map((t) => t.item())).toEqual([4, 3]);
  });
});

describe('Variables', () => {
  it('assign replaces contents in place and applies the constraint', () => {
    const v = variable([-1, 2], { name: 'v', constraint: (t) => mul(t, sub(1, mul(t, 0))) });
    v.assign([3, 4]);
    expect(v.toArray()).toEqual([3, 4]);
    const nonneg = variable([-1, 2], {
      constraint: (t) => tensor(Array.from(t.data, (x) => Math.max(0, x))),
    });
    expect(nonneg.toArray()).toEqual([0, 2]);
    nonneg.assign([-5, 1]);
    expect(nonneg.toArray()).toEqual([0, 1]);
    expect(() => v.assign([1, 2, 3])).toThrow(
      /v.assign: value has shape \[3\] but the variable has shape \[2\]/,
    );
  });

  it('constrainInPlace replaces the constraint after every assignment, at creation too', () => {
    let calls = 0;
    const v = variable([-1, 2], {
      name: 'w',
      constraint: () => {
        calls++;
        return tensor([0, 0]);
      },
      constrainInPlace: (d) => {
        for (let i = 0; i < d.length; i++) d[i] = Math.abs(d[i]);
      },
    });
    expect(v.toArray()).toEqual([1, 2]);
    v.assign([-3, 4]);
    expect(v.toArray()).toEqual([3, 4]);
    expect(calls).toBe(0);
    // without a constraint, an in-place one is ignored (as the constraint is the contract)
    const u = variable([-1], { constrainInPlace: (d) => d.fill(7) });
    expect(u.assign([-2]).toArray()).toEqual([-2]);
  });

  it('views of a variable do not change when it is assigned', () => {
    const v = variable([1, 2, 3, 4]);
    const r = reshape(v, [2, 2]);
    const e = expandDims(v, 0);
    const s = stopGradient(v);
    v.assign([0, 0, 0, 0]);
    expect(r.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(e.toArray()).toEqual([[1, 2, 3, 4]]);
    expect(s.toArray()).toEqual([1, 2, 3, 4]);
  });
});
