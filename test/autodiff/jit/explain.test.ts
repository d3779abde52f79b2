import { describe, expect, it } from 'vitest';
import { add, exp, jit, matmul, mul, sum, tensor, type Tensor } from '../../../src/index.js';

describe('Jitted.explain', () => {
  it('is undefined before the first call', () => {
    expect(jit((x: Tensor) => exp(x)).explain()).toBeUndefined();
  });

  it('shows which ops fused into which loop, which ran eagerly and why', () => {
    const bias = tensor([1, 2]);
    const f = jit((a: Tensor, b: Tensor) => {
      const h = exp(add(matmul(a, b), bias)); // matmul eager; + bias, exp fused
      return { loss: sum(h), col: add(b, tensor([[1], [2]])), scaled: mul(h, 2) };
    });
    f(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 2],
        [3, 4],
      ],
    );
    expect(f.explain()?.split('\n')).toEqual([
      'jit: 1 loop(s) fusing 4 op(s), 0 scalar statement(s), 2 op(s) on eager kernels (matmul, add)',
      'inputs: d0 = argument 0 [2, 2]; d1 = argument 1 [2, 2]; d3 = constant 0 [2]; d8 = constant 1 [2, 1]; d10 = constant 2 [] = 2',
      'step 0: eager matmul (not elementwise)',
      '  t2 = matmul(d0, d1) [2, 2]',
      'step 1: loop over 4 elements',
      '  e4 = add(t2, d3) [2, 2]',
      '  e5 = exp(e4) [2, 2]',
      '  s6 = sum(e5) [1, 1]  full sum, in pairwise order',
      '  e11 = mul(e5, d10) [2, 2]  stored: returned',
      'step 2: eager add (broadcasts [2, 2] with [2, 1] other than along leading axes)',
      '  t9 = add(d1, d8) [2, 2]',
      'views (no code): reshape(s6) []',
      'returns: s6, t9, e11',
    ]);
    // the names are the source's
    expect(f.source).toContain('const e11 = (e5 * (2));');
    expect(f.source).toContain('const t9 = R[1]([A[1], new T(d8, S[');
  });

  it('describes the latest trace', () => {
    const f = jit((x: Tensor) => sum(x));
    f([1, 2]);
    f([[1], [2]]);
    expect(f.traces).toBe(2);
    expect(f.explain()).toContain('inputs: d0 = argument 0 [2, 1]');
  });
});
