/**
 * A jit trace takes the differentiable path of a family even where eager execution takes a
 * plain-op shortcut (a constant df needs no df-gradient): both must give the same bits, or
 * jit's check sends a sampler back to eager (found on posteriordb diamonds, where one NUTS
 * chain of four ran eagerly: StudentT's z-gradient differed in the last bit at 44% of points).
 */
import { describe, expect, it } from 'vitest';
import { grad, HalfStudentT, jit, rng, StudentT, tensor, type Tensor } from '../../src/index.js';

describe('jit and eager agree bit for bit on logProb gradients', () => {
  it.each([
    ['StudentT(3, 8, 10)', (x: Tensor) => new StudentT(3, 8, 10).logProb(x), false],
    ['StudentT(1e6, 0, 1)', (x: Tensor) => new StudentT(1e6, 0, 1).logProb(x), false],
    ['HalfStudentT(3, 10)', (x: Tensor) => new HalfStudentT(3, 10).logProb(x), true],
  ] as const)('%s at 500 points', (_, f, positive) => {
    const g = grad(f);
    const j = jit(g);
    j(tensor(0.5)); // trace
    const r = rng(2);
    let differ = 0;
    for (let k = 0; k < 500; k++) {
      const v = r.normal() * 50;
      const x = tensor(positive ? Math.abs(v) : v);
      if (!Object.is(j(x).item(), g(x).item())) differ++;
    }
    expect(differ).toBe(0);
  });
});
