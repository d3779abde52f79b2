import { describe, expect, it } from 'vitest';
import { add, exp, JitError, mul, sum, tensor, variable, type Tensor } from '../../../src/index.js';
import { record, tensorsOf, toGraph } from '../../../src/autodiff/jit/trace.js';

const graphOf = (f: (...xs: Tensor[]) => unknown, ...args: Tensor[]) => {
  const r = record(f, args);
  return toGraph(r.session, r.inputs, r.result);
};

describe('jit trace pass', () => {
  it('lists arguments, then each equation after the leaves it first reads, in tape order', () => {
    const c = tensor([1, 2, 3]);
    const v = variable([0.5, 0.5, 0.5]);
    const g = graphOf((x) => sum(exp(add(mul(x, c), v))), tensor([4, 5, 6]));
    const rows = g.vals.map((val) => `${val.kind}:${val.op}:${val.ins.join(',')}`);
    expect(rows).toEqual([
      'arg::',
      'const::', // c, met as mul's second input
      'eqn:mul:0,1',
      'var::',
      'eqn:add:2,3',
      'eqn:exp:4',
      'eqn:sum:5',
      'eqn:reshape:6', // sum to [] is a sum to [1] then a reshape
    ]);
    expect(g.eqns).toEqual([2, 4, 5, 6, 7]);
    expect(g.outputs).toEqual([7]);
    expect(g.consts).toEqual([Float64Array.from([1, 2, 3])]);
    expect(g.vars).toHaveLength(1);
    expect(g.vars[0]).toBe(v);
    expect(g.vals[1].slot).toBe(0);
    expect(g.vals[3].slot).toBe(0);
  });

  it('drops ops the result does not need, and snapshots constants, marking uniform ones', () => {
    const c = tensor([2, 2, 2]);
    const g = graphOf(
      (x) => {
        exp(x); // unused
        return mul(x, c);
      },
      tensor([1, 2, 3]),
    );
    expect(g.eqns.map((id) => g.vals[id].op)).toEqual(['mul']);
    expect(g.vals[1].uniform).toBe(true);
    c.data[0] = 7; // the snapshot is a copy
    expect(g.consts[0][0]).toBe(2);
  });

  it('gives a returned constant a value after the equations, and finds tensors in results', () => {
    const c = tensor([9]);
    const g = graphOf((x) => ({ y: exp(x), c, n: 3 }), tensor([1]));
    expect(g.outputs).toEqual([1, 2]);
    expect(g.vals[2].kind).toBe('const');
    expect(tensorsOf({ a: [c, 1, { b: c }] }, [])).toEqual([c, c]);
    expect(() => tensorsOf(new Map(), [])).toThrow(JitError);
    expect(() => tensorsOf(() => 1, [])).toThrow(/may not return a function/);
  });
});
