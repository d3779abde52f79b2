/**
 * Hand-built jit graphs, so each pass can be tested on its own input: a graph as trace
 * would leave it (equations of kind 'eqn'), or as classify / schedule would.
 */
import { tensor, type Tensor } from '../../../src/index.js';
import type { Graph, Kind, Value } from '../../../src/autodiff/jit/types.js';

const size = (shape: number[]): number => shape.reduce((p, q) => p * q, 1);

export interface Builder {
  g: Graph;
  /** An argument of this shape. */
  arg(shape: number[]): number;
  /** A captured constant. */
  constant(data: number[], shape: number[]): number;
  /** An equation `op(ins)` with a result of this shape, of kind `kind` ('eqn': unclassified). */
  eqn(op: string, ins: number[], shape: number[], fields?: Partial<Value>): number;
  /** Marks values as f's result (an array of them). */
  returns(...ids: number[]): void;
}

export function builder(): Builder {
  const g: Graph = {
    vals: [],
    eqns: [],
    outputs: [],
    ids: new Map(),
    result: undefined,
    consts: [],
    vars: [],
  };
  let args = 0;
  const add = (t: Tensor, kind: Kind, fields: Partial<Value>): number => {
    const id = g.vals.length;
    g.vals.push({
      t,
      kind,
      op: '',
      root: id,
      ins: [],
      expr: '',
      replay: null,
      slot: -1,
      item: -1,
      store: 0,
      uniform: false,
      why: '',
      ...fields,
    });
    g.ids.set(t, id);
    return id;
  };
  return {
    g,
    arg: (shape) => add(tensor(new Float64Array(size(shape)), shape), 'arg', { slot: args++ }),
    constant: (data, shape) => {
      const t = tensor(data, shape);
      return add(t, 'const', {
        slot: g.consts.push(Float64Array.from(data)) - 1,
        uniform: data.every((x) => Object.is(x, data[0])),
      });
    },
    eqn: (op, ins, shape, fields = {}) => {
      const id = add(tensor(new Float64Array(size(shape)), shape), 'eqn', { op, ins, ...fields });
      g.eqns.push(id);
      return id;
    },
    returns: (...ids) => {
      g.outputs = ids;
      g.result = ids.map((id) => g.vals[id].t);
    },
  };
}
