/**
 * @internal Pass 4, emit: turn a scheduled graph into the JavaScript source of a
 * program factory. The source reads leaves once at the top, then runs each step in
 * order (scalar statements, then its loop or its opaque call) and builds f's result.
 * The tables the source indexes (shapes, buffers, leaf bounds) are returned beside it.
 * @module
 */
import { Tensor } from '../tensor.js';
import { emitLoop } from './loops.js';
import { formula, scalar, tensorOf, type EmitContext } from './operands.js';
import type { Emitted, Graph, Schedule } from './types.js';

/** Reads arguments, Variables and constants into locals, once per call. */
function emitLeaves(c: EmitContext): void {
  c.g.vals.forEach((v, id) => {
    if (v.root !== id) return;
    const from = v.kind === 'arg' ? `A[${v.slot}]` : v.kind === 'var' ? `V[${v.slot}]` : null;
    if (v.kind === 'const') c.lines.push(`const d${id} = C[${v.slot}];`);
    else if (from === null) return;
    else if (v.t.size === 1) {
      // a one-element argument may have no Float64Array view yet: read its slot
      c.lines.push(`const s${id} = ${from}._buf[${from}._off];`);
      return;
    } else c.lines.push(`const d${id} = ${from}.data;`);
    // one number, read once (loads inside loops that also store are not hoisted by V8)
    if (v.kind !== 'const' && (v.t.size === 1 || v.uniform))
      c.lines.push(`const s${id} = d${id}[0];`);
  });
}

/** Emits step k: its scalar statements, then its opaque call or its loop. */
function emitItem(c: EmitContext, k: number): void {
  const item = c.items[k];
  for (const id of item.pre)
    c.lines.push(`const s${id} = ${formula(c.g.vals[id], (u) => scalar(c, u))};`);
  if (item.opaque < 0) return emitLoop(c, k);
  const id = item.opaque;
  const v = c.g.vals[id];
  const ins = v.ins.map((u) => tensorOf(c, u, false)).join(', ');
  c.lines.push(`const t${id} = R[${v.slot}]([${ins}]);`);
  if (v.t.size === 1) c.lines.push(`const s${id} = t${id}._buf[t${id}._off];`);
  else c.lines.push(`const d${id} = t${id}.data;`);
}

/** An expression building f's result (its structure, with the computed tensors in it). */
function emitResult(c: EmitContext): string {
  const returned = new Map<Tensor, string>(); // a tensor returned twice is one tensor
  const literal = (t: unknown): string => {
    if (t instanceof Tensor) {
      let name = returned.get(t);
      if (name === undefined) {
        name = `o${returned.size}`;
        returned.set(t, name);
        c.lines.push(`const ${name} = ${tensorOf(c, c.g.ids.get(t) as number, true)};`);
      }
      return name;
    }
    if (Array.isArray(t)) return `[${t.map(literal).join(', ')}]`;
    if (t !== null && typeof t === 'object')
      return `{ ${Object.entries(t)
        .map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`)
        .join(', ')} }`;
    return `K[${c.tables.K.push(t) - 1}]`;
  };
  return literal(c.g.result);
}

/** The source of the program factory for a scheduled graph, and the tables it reads. */
export function emit(g: Graph, s: Schedule): Emitted {
  const c: EmitContext = {
    g,
    items: s.items,
    lines: [],
    tables: { B: [], S: [], P: [], L: [], K: [] },
  };
  emitLeaves(c);
  for (let k = 0; k < s.items.length; k++) emitItem(c, k);
  c.lines.push(`return ${emitResult(c)};`);
  const source = [
    `'use strict';`,
    `const { C, V, B, R, S, P, L, K, M, T, alloc, scalarOf, combine } = $;`,
    `const one = scalarOf;`,
    `const fill = (x, n, shape) => { const d = alloc(n); d.fill(x); return new T(d, shape); };`,
    `return function jitted(A) {`,
    ...c.lines,
    `};`,
  ].join('\n');
  return { source, ...c.tables };
}
