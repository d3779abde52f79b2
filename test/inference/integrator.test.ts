import { describe, expect, it } from 'vitest';
import { copyOf, leapfrog, vector, type Point } from '../../src/inference/integrator.js';
import { denseMetric, diagonalMetric } from '../../src/inference/metric.js';

// U(q) = ½ Σ q², ∇U = q: leapfrog has a closed form to compare with
const f = (q: Float64Array): { u: number; grad: Float64Array } => ({
  u: 0.5 * q.reduce((a, b) => a + b * b, 0),
  grad: Float64Array.from(q),
});

describe('the leapfrog integrator', () => {
  it('gives new, unshared points step after step (its scratch buffers never leak out)', () => {
    for (const metric of [
      diagonalMetric(Float64Array.of(1, 4)),
      denseMetric(Float64Array.of(1, 0, 0, 4), 2),
    ]) {
      const z0: Point = {
        q: Float64Array.of(1, -1),
        p: Float64Array.of(0.5, 0.25),
        u: 1,
        grad: Float64Array.of(1, -1),
      };
      const eps = 0.1;
      const z1 = leapfrog(z0, eps, metric, f);
      const z2 = leapfrog(z1, eps, metric, f);
      // by hand: p½ = p - ε/2·q, q' = q + ε·M⁻¹p½, p' = p½ - ε/2·q'
      const step = (q: number[], p: number[], m: number[]): [number[], number[]] => {
        const ph = p.map((pi, i) => pi - 0.5 * eps * q[i]);
        const qn = q.map((qi, i) => qi + eps * m[i] * ph[i]);
        return [qn, ph.map((pi, i) => pi - 0.5 * eps * qn[i])];
      };
      const [q1, p1] = step([1, -1], [0.5, 0.25], [1, 4]);
      const [q2, p2] = step(q1, p1, [1, 4]);
      expect(Array.from(z1.q)).toEqual(q1);
      expect(Array.from(z1.p)).toEqual(p1);
      expect(Array.from(z2.q)).toEqual(q2);
      expect(Array.from(z2.p)).toEqual(p2);
      expect(Array.from(z0.q)).toEqual([1, -1]); // the start point is untouched
      expect(metric.kinetic(z2.p)).toBeCloseTo(0.5 * (p2[0] ** 2 + 4 * p2[1] ** 2), 14);
    }
  });

  it('vector gives zeroed, disjoint vectors, short ones from a shared slab', () => {
    const a = vector(3);
    const b = vector(3);
    a.fill(7);
    expect(Array.from(b)).toEqual([0, 0, 0]);
    const c = copyOf(a);
    a[0] = 1;
    expect(Array.from(c)).toEqual([7, 7, 7]);
    expect(vector(100).buffer.byteLength).toBe(800); // long vectors have their own buffer
    const many = Array.from({ length: 200 }, () => vector(5));
    many.forEach((v, i) => v.fill(i));
    expect(many.every((v, i) => v.every((x) => x === i))).toBe(true);
  });
});
