/**
 * @internal The schedule as text, for `Jitted.explain()`: which ops fused into which
 * loop, which stayed on their eager kernels and why. Values carry the names the
 * generated source gives them (`s` one number, `e` a loop element, `d` an array, `t`
 * an eager op's tensor), so the text and `source` can be read side by side.
 * @module
 */
import type { Graph, Item, Schedule, Value } from './types.js';

const shapeText = (v: Value): string => `[${v.t.shape.join(', ')}]`;

/** The name value u has in the source (through its root, for an alias). */
function nameOf(g: Graph, u: number): string {
  const r = g.vals[u].root;
  const v = g.vals[r];
  switch (v.kind) {
    case 'scalar':
    case 'red':
      return `s${r}`;
    case 'elem':
      return `e${r}`;
    case 'opaque':
      return v.t.size === 1 ? `s${r}` : `t${r}`;
    case 'arg':
    case 'var':
      return v.t.size === 1 ? `s${r}` : `d${r}`;
    default:
      return `d${r}`;
  }
}

/** `name = op(inputs) [shape]`. */
function equation(g: Graph, id: number): string {
  const v = g.vals[id];
  return `${nameOf(g, id)} = ${v.op}(${v.ins.map((u) => nameOf(g, u)).join(', ')}) ${shapeText(v)}`;
}

/** `op(input) [shape]`: a reshape-like op, its input's storage in another shape. */
function view(g: Graph, id: number): string {
  const v = g.vals[id];
  return `${v.op}(${nameOf(g, v.ins[0])}) ${shapeText(v)}`;
}

/** What a loop does with value id, beside computing it. */
function note(v: Value): string {
  if (v.kind === 'red') return '  full sum, in pairwise order';
  if (v.kind === 'colRed') return `  sum over leading axes${v.store === 2 ? ', returned' : ''}`;
  if (v.store === 1) return '  stored: read outside this loop';
  if (v.store === 2) return '  stored: returned';
  return '';
}

/** The lines for one step. */
function stepLines(g: Graph, item: Item, k: number): string[] {
  const out = item.pre.map((id) => `  ${equation(g, id)}  scalar`);
  if (item.opaque >= 0) {
    const v = g.vals[item.opaque];
    out.unshift(`step ${k}: eager ${v.op} (${v.why})`);
    out.push(`  ${equation(g, item.opaque)}`);
    return out;
  }
  const loop = item.body.length > 0;
  out.unshift(loop ? `step ${k}: loop over ${item.n} elements` : `step ${k}: scalar statements`);
  for (const id of item.body) out.push(`  ${equation(g, id)}${note(g.vals[id])}`);
  return out;
}

/** ` = x` for a constant holding one number (the source writes it as a literal). */
function oneNumber(g: Graph, v: Value): string {
  if (v.kind !== 'const' || !(v.t.size === 1 || v.uniform)) return '';
  return ` = ${Object.is(g.consts[v.slot][0], -0) ? '-0' : g.consts[v.slot][0]}${v.t.size > 1 ? ' everywhere' : ''}`;
}

/** The leaves, aliases and returned values, as lines. */
function leafLines(g: Graph): string[] {
  const what = { arg: 'argument', var: 'Variable', const: 'constant' } as Record<string, string>;
  const leaves = g.vals
    .map((v, id) => ({ v, id }))
    .filter(({ v }) => what[v.kind] !== undefined)
    .map(
      ({ v, id }) =>
        `${nameOf(g, id)} = ${what[v.kind]} ${v.slot} ${shapeText(v)}${oneNumber(g, v)}`,
    );
  return leaves.length > 0 ? [`inputs: ${leaves.join('; ')}`] : [];
}

/**
 * The schedule of a compiled graph as text: a summary line, the inputs, each step with
 * its values (the ops fused into a loop, or the op run by its eager kernel and why),
 * the views that cost nothing, and the values returned.
 */
export function explainSchedule(g: Graph, s: Schedule): string {
  const loops = s.items.filter((it) => it.opaque < 0 && it.body.length > 0);
  const fused = loops.reduce((n, it) => n + it.body.length, 0);
  const scalars = s.items.reduce((n, it) => n + it.pre.length, 0);
  const eager = s.items.filter((it) => it.opaque >= 0).map((it) => g.vals[it.opaque].op);
  const aliases = g.eqns.filter((id) => g.vals[id].kind === 'alias');
  const lines = [
    `jit: ${loops.length} loop(s) fusing ${fused} op(s), ${scalars} scalar statement(s), ` +
      `${eager.length} op(s) on eager kernels${eager.length > 0 ? ` (${eager.join(', ')})` : ''}`,
    ...leafLines(g),
    ...s.items.flatMap((it, k) => stepLines(g, it, k)),
  ];
  if (aliases.length > 0)
    lines.push(`views (no code): ${aliases.map((id) => view(g, id)).join('; ')}`);
  lines.push(`returns: ${g.outputs.map((o) => nameOf(g, o)).join(', ') || '(no tensors)'}`);
  return lines.join('\n');
}
