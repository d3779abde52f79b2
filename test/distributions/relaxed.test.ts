/**
 * RelaxedBernoulli, RelaxedOneHotCategorical and the straight-through variant: log
 * densities against the closed-form densities in mpmath (scripts/golden-relaxed.py,
 * which also checks torch's log_prob), reparameterized gradients against central
 * differences at fixed noise, the support, and the zero-temperature limit.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  bijectorFor,
  grad,
  mul,
  RelaxedBernoulli,
  RelaxedBernoulliStraightThrough,
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
  rng,
  square,
  sum,
  tensor,
  type Tensor,
} from '../../src/index.js';
import golden from './relaxed-golden.json' with { type: 'json' };

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const arr = (t: Tensor): number[] => Array.from(t.data);
const sigmoid = (l: number): number => 1 / (1 + Math.exp(-l));

/** Central differences of the scalar f at x, coordinate by coordinate. */
function centralDiff(f: (x: number[]) => number, x: number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const dn = x.slice();
    up[i] += h;
    dn[i] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
}

describe('RelaxedBernoulli', () => {
  it('logProb matches the binary Concrete density (mpmath) to 1e-12, from logits and probs', () => {
    let worst = 0;
    for (const c of golden.bernoulli) {
      const a = new RelaxedBernoulli(c.temperature, { logits: c.logit }).logProb(c.y).item();
      worst = Math.max(worst, rel(a, c.logProb));
      if (Math.abs(c.logit) < 8) {
        const b = new RelaxedBernoulli(c.temperature, { probs: sigmoid(c.logit) }).logProb(c.y);
        worst = Math.max(worst, rel(b.item(), c.logProb));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('logProb at 0 and 1 is the density limit', () => {
    const l = 0.8;
    const one = new RelaxedBernoulli(1, { logits: l });
    expect(one.logProb([0, 1]).toArray()).toEqual([-l, l]);
    expect(new RelaxedBernoulli(0.5, { logits: l }).logProb([0, 1]).toArray()).toEqual([
      Infinity,
      Infinity,
    ]);
    expect(new RelaxedBernoulli(2, { logits: l }).logProb([0, 1]).toArray()).toEqual([
      -Infinity,
      -Infinity,
    ]);
    // the limit agrees with the interior formula just inside
    expect(rel(one.logProb(1e-12).item(), -l)).toBeLessThan(1e-9);
    expect(new RelaxedBernoulli(1, { logits: l }).logProb([-0.1, 1.1]).toArray()).toEqual([
      -Infinity,
      -Infinity,
    ]);
  });

  it('rejects a non-positive temperature', () => {
    expect(() => new RelaxedBernoulli(0, { logits: 0 })).toThrow(ArgumentError);
    expect(() => new RelaxedBernoulli(-1, { probs: 0.5 })).toThrow(ArgumentError);
  });

  it('samples lie in (0, 1), with P(y > 1/2) = sigmoid(l)', () => {
    const d = new RelaxedBernoulli(0.5, { logits: 0.7 });
    const y = arr(d.sample([20000], rng(3)));
    expect(y.every((v) => v > 0 && v < 1)).toBe(true);
    const frac = y.filter((v) => v > 0.5).length / y.length;
    // sd of the fraction ≈ sqrt(p(1-p)/n) ≈ 0.0033
    expect(Math.abs(frac - sigmoid(0.7))).toBeLessThan(0.015);
    expect(d.batchShape).toEqual([]);
    expect(
      new RelaxedBernoulli([0.5, 1], { logits: [[0], [1]] }).sample([4], rng(0)).shape,
    ).toEqual([4, 2, 2]);
  });

  it('reparameterized gradients in logits and temperature match central differences at fixed noise', () => {
    const w = [0.3, -1.2, 2.0];
    const obj = (l: Tensor | number[], t: Tensor | number): Tensor =>
      sum(mul(square(new RelaxedBernoulli(t, { logits: l }).sample([5], rng(11))), w));
    const l0 = [0.4, -1.1, 2.3];
    const t0 = 0.7;
    const gl = arr(grad((l: Tensor) => obj(l, t0))(l0));
    const fdl = centralDiff((l) => obj(l, t0).item(), l0);
    const gt = grad((t: Tensor) => obj(l0, t))(t0).item();
    const [fdt] = centralDiff(([t]) => obj(l0, t).item(), [t0]);
    gl.forEach((g, i) => expect(rel(g, fdl[i])).toBeLessThan(1e-7));
    expect(rel(gt, fdt)).toBeLessThan(1e-7);
    expect(Math.abs(gt)).toBeGreaterThan(1e-3);
  });

  it('approaches {0, 1} as the temperature goes to 0', () => {
    const gap = (t: number): number => {
      const y = arr(new RelaxedBernoulli(t, { logits: 0.2 }).sample([2000], rng(5)));
      return y.reduce((s, v) => s + Math.min(v, 1 - v), 0) / y.length;
    };
    const [g1, g2, g3] = [1, 0.1, 0.01].map(gap);
    expect(g2).toBeLessThan(g1 / 3);
    expect(g3).toBeLessThan(g2 / 3);
    expect(g3).toBeLessThan(0.01);
  });
});

describe('RelaxedOneHotCategorical', () => {
  it('logProb matches the Concrete density (mpmath) to 1e-12, from logits and probs', () => {
    let worst = 0;
    for (const c of golden.categorical) {
      const a = new RelaxedOneHotCategorical(c.temperature, { logits: c.logits }).logProb(c.y);
      worst = Math.max(worst, rel(a.item(), c.logProb));
      const m = Math.max(...c.logits);
      const e = c.logits.map((l) => Math.exp(l - m));
      const s = e.reduce((x, y) => x + y, 0);
      const b = new RelaxedOneHotCategorical(c.temperature, { probs: e.map((v) => v / s) }).logProb(
        c.y,
      );
      worst = Math.max(worst, rel(b.item(), c.logProb));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('batches, and is -Infinity on the boundary and off the simplex', () => {
    const d = new RelaxedOneHotCategorical([0.5, 2], { logits: [[0, 1, 2]] });
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([3]);
    const c = golden.categorical[1];
    const one = new RelaxedOneHotCategorical(c.temperature, { logits: c.logits });
    expect(
      one
        .logProb([
          [0, 0.5, 0.5],
          [0.5, 0.6, 0.1],
        ])
        .toArray(),
    ).toEqual([-Infinity, -Infinity]);
    expect(d.sample([4], rng(0)).shape).toEqual([4, 2, 3]);
    expect(() => new RelaxedOneHotCategorical(0, { logits: [0, 1] })).toThrow(ArgumentError);
  });

  it('samples lie on the simplex and argmax is Categorical(probs)', () => {
    const probs = [0.2, 0.5, 0.3];
    const y = new RelaxedOneHotCategorical(0.7, { probs }).sample([20000], rng(9));
    const v = arr(y);
    expect(v.every((x) => x > 0 && x < 1)).toBe(true);
    const counts = [0, 0, 0];
    for (let r = 0; r < v.length; r += 3) {
      expect(Math.abs(v[r] + v[r + 1] + v[r + 2] - 1)).toBeLessThan(1e-14);
      const top = v.slice(r, r + 3).indexOf(Math.max(...v.slice(r, r + 3)));
      counts[top]++;
    }
    counts.forEach((n, k) => expect(Math.abs(n / 20000 - probs[k])).toBeLessThan(0.015));
  });

  it('reparameterized gradients in logits and temperature match central differences at fixed noise', () => {
    const w = tensor([[0.3, -1.2, 2.0, 0.5]]);
    const obj = (l: Tensor | number[], t: Tensor | number): Tensor =>
      sum(mul(square(new RelaxedOneHotCategorical(t, { logits: l }).sample([6], rng(4))), w));
    const l0 = [0.4, -1.1, 2.3, 0];
    const t0 = 0.6;
    const gl = arr(grad((l: Tensor) => obj(l, t0))(l0));
    const fdl = centralDiff((l) => obj(l, t0).item(), l0);
    const gt = grad((t: Tensor) => obj(l0, t))(t0).item();
    const [fdt] = centralDiff(([t]) => obj(l0, t).item(), [t0]);
    gl.forEach((g, i) =>
      expect(Math.abs(g - fdl[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(fdl[i]))),
    );
    expect(rel(gt, fdt)).toBeLessThan(1e-7);
    expect(Math.abs(gt)).toBeGreaterThan(1e-3);
  });

  it('approaches one-hot vectors as the temperature goes to 0', () => {
    const gap = (t: number): number => {
      const y = new RelaxedOneHotCategorical(t, { logits: [0, 0.5, -0.3] }).sample([2000], rng(6));
      const v = y.toArray() as number[][];
      return v.reduce((s, row) => s + 1 - Math.max(...row), 0) / v.length;
    };
    const [g1, g2, g3] = [1, 0.1, 0.01].map(gap);
    expect(g2).toBeLessThan(g1 / 3);
    expect(g3).toBeLessThan(g2 / 3);
    expect(g3).toBeLessThan(0.01);
  });
});

describe('RelaxedOneHotCategoricalStraightThrough', () => {
  it('draws hard one-hot vectors of the relaxed draw argmax', () => {
    const l = [0.1, 1, -0.5];
    const hard = new RelaxedOneHotCategoricalStraightThrough(0.5, { logits: l }).sample(
      [50],
      rng(2),
    );
    const soft = new RelaxedOneHotCategorical(0.5, { logits: l }).sample([50], rng(2));
    const h = hard.toArray() as number[][];
    const s = soft.toArray() as number[][];
    h.forEach((row, i) => {
      expect(row.filter((v) => v === 1).length).toBe(1);
      expect(row.filter((v) => v === 0).length).toBe(2);
      expect(row.indexOf(1)).toBe(s[i].indexOf(Math.max(...s[i])));
    });
  });

  it('passes the relaxed draw gradient, and scores a draw at its relaxed value', () => {
    const w = tensor([0.3, -1.2, 2.0]);
    const l0 = [0.1, 1, -0.5];
    const st = (l: Tensor): Tensor =>
      sum(
        mul(new RelaxedOneHotCategoricalStraightThrough(0.5, { logits: l }).sample([7], rng(8)), w),
      );
    const relaxed = (l: Tensor): Tensor =>
      sum(mul(new RelaxedOneHotCategorical(0.5, { logits: l }).sample([7], rng(8)), w));
    const a = arr(grad(st)(l0));
    const b = arr(grad(relaxed)(l0));
    expect(a).toEqual(b);
    expect(a.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    const d = new RelaxedOneHotCategoricalStraightThrough(0.5, { logits: l0 });
    const x = d.sample([3], rng(1));
    const soft = new RelaxedOneHotCategorical(0.5, { logits: l0 }).sample([3], rng(1));
    expect(d.logProb(x).toArray()).toEqual(
      new RelaxedOneHotCategorical(0.5, { logits: l0 }).logProb(soft).toArray(),
    );
    expect(d.logProb(x.toArray()).toArray()).toEqual([-Infinity, -Infinity, -Infinity]);
  });
});

describe('logProb gradients', () => {
  it('match central differences in the value, logits and temperature', () => {
    const lb = (y: number, l: number, t: number): number =>
      new RelaxedBernoulli(t, { logits: l }).logProb(y).item();
    const [y0, l0, t0] = [0.3, 0.4, 0.8];
    const gy = grad((y: Tensor) => new RelaxedBernoulli(t0, { logits: l0 }).logProb(y))(y0).item();
    const gl = grad((l: Tensor) => new RelaxedBernoulli(t0, { logits: l }).logProb(y0))(l0).item();
    const gt = grad((t: Tensor) => new RelaxedBernoulli(t, { logits: l0 }).logProb(y0))(t0).item();
    const fd = centralDiff(([y, l, t]) => lb(y, l, t), [y0, l0, t0], 1e-6);
    [gy, gl, gt].forEach((g, i) => expect(Math.abs(g - fd[i])).toBeLessThan(1e-8));
    const c = golden.categorical[2];
    const lc = (l: number[], t: number): number =>
      new RelaxedOneHotCategorical(t, { logits: l }).logProb(c.y).item();
    const gL = arr(
      grad((l: Tensor) => new RelaxedOneHotCategorical(c.temperature, { logits: l }).logProb(c.y))(
        c.logits,
      ),
    );
    const fdL = centralDiff((l) => lc(l, c.temperature), c.logits, 1e-6);
    gL.forEach((g, i) => expect(Math.abs(g - fdL[i])).toBeLessThan(1e-8));
    const gT = grad((t: Tensor) =>
      new RelaxedOneHotCategorical(t, { logits: c.logits }).logProb(c.y),
    )(c.temperature).item();
    const [fdT] = centralDiff(([t]) => lc(c.logits, t), [c.temperature], 1e-6);
    expect(Math.abs(gT - fdT)).toBeLessThan(1e-8 * Math.max(1, Math.abs(fdT)));
  });
});

describe('estimator variance on a discrete objective', () => {
  // E[c_X] for X ~ Categorical(softmax(l)); exact gradient p_j (c_j - Σ p c).
  // Measured (n = 4000, seed 21): total variance over coordinates of one-draw estimates,
  // score function 2.623 (unbiased), Gumbel-softmax at λ = 0.5 0.687 (bias norm 0.074),
  // straight-through 0.717 (bias norm 0.063); the exact gradient has norm 0.766.
  it('Gumbel-softmax and straight-through have a lower variance than the score function', () => {
    const c = tensor([0, 1, 4]);
    const l0 = [0.5, 0, -0.5];
    const n = 4000;
    const r = rng(21);
    const stats = (draw: () => number[]): { mean: number[]; totalVar: number } => {
      const s = [0, 0, 0];
      const s2 = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        draw().forEach((g, j) => {
          s[j] += g;
          s2[j] += g * g;
        });
      }
      const mean = s.map((v) => v / n);
      return { mean, totalVar: s2.reduce((a, v, j) => a + v / n - mean[j] ** 2, 0) };
    };
    const cat = new RelaxedOneHotCategorical(1, { logits: l0 });
    const p = arr(cat.probs);
    const ec = p[1] + 4 * p[2];
    const exact = p.map((pj, j) => pj * ([0, 1, 4][j] - ec));
    const sf = stats(() => {
      const x = new RelaxedOneHotCategoricalStraightThrough(1, { logits: l0 }).sample([], r);
      const k = arr(x).indexOf(1);
      const cx = [0, 1, 4][k];
      return p.map((pj, j) => cx * ((j === k ? 1 : 0) - pj));
    });
    const relaxedGrad = (St: typeof RelaxedOneHotCategorical) => (): number[] => {
      const seed = r.uint32();
      return arr(
        grad((l: Tensor) => sum(mul(new St(0.5, { logits: l }).sample([], rng(seed)), c)))(l0),
      );
    };
    const gs = stats(relaxedGrad(RelaxedOneHotCategorical));
    const st = stats(relaxedGrad(RelaxedOneHotCategoricalStraightThrough));
    // the score function is unbiased: its mean is within 4 SE of the exact gradient
    sf.mean.forEach((m, j) =>
      expect(Math.abs(m - exact[j])).toBeLessThan(4 * Math.sqrt(sf.totalVar / n)),
    );
    console.log(
      `score-function var ${sf.totalVar.toFixed(3)}, Gumbel-softmax var ${gs.totalVar.toFixed(3)}` +
        ` (bias ${Math.hypot(...gs.mean.map((m, j) => m - exact[j])).toFixed(3)}),` +
        ` straight-through var ${st.totalVar.toFixed(3)}` +
        ` (bias ${Math.hypot(...st.mean.map((m, j) => m - exact[j])).toFixed(3)}), |exact| ${Math.hypot(...exact).toFixed(3)}`,
    );
    expect(gs.totalVar).toBeLessThan(sf.totalVar / 2);
    expect(st.totalVar).toBeLessThan(sf.totalVar);
  });
});

describe('structure', () => {
  it('expand, bijectorFor of the support, and sample = fromNoise(noise)', () => {
    const b = new RelaxedBernoulli(0.5, { logits: 0.3 });
    const e = b.expand([3]);
    expect(e).toBeInstanceOf(RelaxedBernoulli);
    expect(e.sample([2], rng(0)).shape).toEqual([2, 3]);
    expect(e.logProb([0.2, 0.2, 0.2]).toArray()).toEqual(Array(3).fill(b.logProb(0.2).item()));
    const c = new RelaxedOneHotCategoricalStraightThrough(0.5, { logits: [0, 1] });
    const ce = c.expand([4]);
    expect(ce).toBeInstanceOf(RelaxedOneHotCategoricalStraightThrough);
    expect(ce.sample([], rng(0)).shape).toEqual([4, 2]);
    expect(bijectorFor(b.support).constructor.name).toBe('Sigmoid');
    expect(bijectorFor(c.support).constructor.name).toBe('StickBreaking');
    for (const d of [b, c, new RelaxedOneHotCategorical(0.5, { logits: [0, 1, 2] })]) {
      const eps = d.noise([3], rng(1));
      expect(eps).toBeDefined();
      expect(d.fromNoise(eps as Tensor).toArray()).toEqual(d.sample([3], rng(1)).toArray());
    }
  });
});

describe('RelaxedBernoulliStraightThrough', () => {
  it('draws the rounded relaxed draw, passes its gradient, and scores it at the relaxed value', () => {
    const l0 = [0.3, -0.8];
    const hard = new RelaxedBernoulliStraightThrough(0.5, { logits: l0 }).sample([40], rng(2));
    const soft = new RelaxedBernoulli(0.5, { logits: l0 }).sample([40], rng(2));
    expect(arr(hard)).toEqual(arr(soft).map((v) => (v > 0.5 ? 1 : 0)));
    const w = tensor([1.5, -2]);
    const obj = (St: typeof RelaxedBernoulli) => (l: Tensor) =>
      sum(mul(new St(0.5, { logits: l }).sample([9], rng(8)), w));
    const a = arr(grad(obj(RelaxedBernoulliStraightThrough))(l0));
    expect(a).toEqual(arr(grad(obj(RelaxedBernoulli))(l0)));
    expect(a.every((v) => Math.abs(v) > 1e-3)).toBe(true);
    const d = new RelaxedBernoulliStraightThrough(0.5, { logits: l0 });
    const x = d.sample([3], rng(1));
    const s = new RelaxedBernoulli(0.5, { logits: l0 }).sample([3], rng(1));
    expect(arr(d.logProb(x))).toEqual(arr(new RelaxedBernoulli(0.5, { logits: l0 }).logProb(s)));
  });
});
