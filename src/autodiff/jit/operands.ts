/**
 * @internal How the emitted code names and reads a value. Value `id` lives in
 * `s<id>` (one number), `e<id>` (the current element, inside its loop), `d<id>` (its
 * Float64Array) or `t<id>` (the tensor an opaque op returned). An alias is read
 * through its root. Inside a loop body, `x<k>` holds an array element read more than
 * once and `h<k>` a shared term of the formulas (see loops.ts).
 * @module
 */
import type { Shape } from '../shape.js';
import type { Emitted, Graph, Item, Value } from './types.js';

/** What the emit functions share: the graph, its steps, the source lines, the tables. */
export interface EmitContext {
  g: Graph;
  items: Item[];
  lines: string[];
  tables: Omit<Emitted, 'source'>;
}

/** A new shape slot, `S[k]`. */
export const shapeSlot = (c: EmitContext, shape: Shape): number => c.tables.S.push(shape) - 1;

/** A constant's one number as a literal, so V8 folds e.g. strong-zero tests on it. */
const literal1 = (x: number): string => `(${Object.is(x, -0) ? '-0' : String(x)})`;

/** A number-valued expression for a value holding one number (size 1, or uniform). */
export function scalar(c: EmitContext, u: number): string {
  const r = c.g.vals[u].root;
  const rv = c.g.vals[r];
  return rv.kind === 'const' && (rv.t.size === 1 || rv.uniform)
    ? literal1(c.g.consts[rv.slot][0])
    : `s${r}`;
}

/** Value u read inside the loop of step k (index i). */
export function read(c: EmitContext, u: number, k: number): string {
  const r = c.g.vals[u].root;
  const rv = c.g.vals[r];
  if (rv.t.size === 1 || rv.uniform) return scalar(c, u);
  if (rv.t.size !== c.items[k].n) return `d${r}[i % ${rv.t.size}]`; // broadcast along leading axes
  if (rv.kind === 'elem' && rv.item === k) return `e${r}`;
  return `d${r}[i]`;
}

/**
 * An elementwise value's formula, each input `$j` read by `arg`. Each shared term `{...}`
 * (see `ElementwiseIr`), its inputs already substituted, is handed to `share`, which
 * returns the expression standing for it; by default the term is written in place.
 */
export const formula = (
  v: Value,
  arg: (u: number) => string,
  share: (term: string) => string = (term) => `(${term})`,
): string =>
  `(${v.expr
    .replace(/\$(\d)/g, (_, j: string) => arg(v.ins[Number(j)]))
    .replace(/\{([^{}]*)\}/g, (_, term: string) => share(term))})`;

/** A fresh tensor of value u's shape (`S`), filled with the one number u holds. */
function filled(c: EmitContext, u: number, S: string): string {
  const size = c.g.vals[u].t.size;
  return size === 1 ? `one(${scalar(c, u)}, ${S})` : `fill(${scalar(c, u)}, ${size}, ${S})`;
}

/** A Tensor of value u's shape (for opaque ops and results); `fresh`: not a leaf's storage. */
export function tensorOf(c: EmitContext, u: number, fresh: boolean): string {
  const v = c.g.vals[u];
  const r = v.root;
  const rv = c.g.vals[r];
  if (rv.kind === 'arg' && r === u) return `A[${rv.slot}]`;
  if (rv.kind === 'opaque' && r === u) return `t${r}`;
  const S = `S[${shapeSlot(c, v.t.shape)}]`;
  if (rv.t.size === 1) return filled(c, u, S); // one number, or a broadcast of one
  if (fresh && (rv.kind === 'var' || rv.kind === 'const'))
    return `new T(Float64Array.from(d${r}), ${S})`;
  return `new T(d${r}, ${S})`;
}
