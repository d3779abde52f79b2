/**
 * @internal Emits one fused loop: its output arrays, its body (one `const e<id>` per
 * element value, locals for repeated reads and shared terms, stores for values read
 * elsewhere, `+=` for leading-axes sums), and,
 * when the loop computes full sums, the pairwise leaf runs that keep `sum`'s order.
 * @module
 */
import { PAIRWISE_LEAF } from '../ops/structure.js';
import { formula, read, type EmitContext } from './operands.js';
import { leafBounds } from './pairwise.js';

/** Declares the arrays the loop of step k writes (stored element values, column sums). */
function loopArrays(c: EmitContext, k: number): void {
  const { n, body } = c.items[k];
  for (const id of body) {
    const v = c.g.vals[id];
    if (v.kind === 'colRed') {
      // the sums start from 0, as sum's do
      const m = v.t.size;
      if (v.store === 2) c.lines.push(`const d${id} = alloc(${m}).fill(0);`);
      else c.lines.push(`const d${id} = B[${c.tables.B.push(new Float64Array(m)) - 1}].fill(0);`);
      continue;
    }
    if (v.kind !== 'elem' || v.store === 0) continue;
    if (v.store === 2) c.lines.push(`const d${id} = alloc(${n});`);
    else c.lines.push(`const d${id} = B[${c.tables.B.push(new Float64Array(n)) - 1}];`);
  }
}

/** How many times the loop body of step k reads each array element `d<r>[i]` it reads. */
function elementReads(c: EmitContext, k: number): Map<string, number> {
  const reads = new Map<string, number>();
  for (const id of c.items[k].body) {
    const v = c.g.vals[id];
    if (v.kind !== 'elem' && v.kind !== 'colRed') continue;
    for (const u of v.ins) {
      const r = read(c, u, k);
      if (/^d\d+\[i\]$/.test(r)) reads.set(r, (reads.get(r) ?? 0) + 1);
    }
  }
  return reads;
}

/**
 * The statements of one iteration of the loop of step k (index i). An array element read
 * more than once is loaded into a local `x<k>` once (V8 cannot tell that the loop's stores
 * leave it unchanged), and each distinct shared term of the formulas (`{...}`, e.g.
 * softplus's and sigmoid's e^(-|x|) of the same x) is computed once into a local `h<k>`
 * before its first use: the same operations on the same inputs, so the same bits.
 */
function loopBody(c: EmitContext, k: number): string[] {
  const reads = elementReads(c, k);
  const body: string[] = [];
  const locals = new Map<string, string>(); // expression -> the local holding it
  const local = (prefix: 'x' | 'h', text: string): string => {
    let name = locals.get(text);
    if (name === undefined) {
      name = `${prefix}${locals.size}`;
      locals.set(text, name);
      body.push(`const ${name} = ${text};`);
    }
    return name;
  };
  const arg = (u: number): string => {
    const r = read(c, u, k);
    return (reads.get(r) ?? 0) > 1 ? local('x', r) : r;
  };
  for (const id of c.items[k].body) {
    const v = c.g.vals[id];
    if (v.kind === 'elem') {
      const f = formula(v, arg, (term) => local('h', term));
      body.push(`const e${id} = ${f};`);
      if (v.store !== 0) body.push(`d${id}[i] = e${id};`);
    } else if (v.kind === 'colRed') body.push(`d${id}[i % ${v.t.size}] += ${arg(v.ins[0])};`);
  }
  return body;
}

/**
 * The loop over one leaf run [i0, i1) with full sums `reds`, the way sum's leafSum
 * does: four lanes (element k of the run into lane k mod 4), the tail into lane 0.
 * The body is written out once per lane, each copy in a block with its own i; a body
 * that calls scalar functions (`M.`) is written once instead, in {@link laneLoop}.
 */
function leafRun(c: EmitContext, k: number, body: string[], reds: number[]): string[] {
  const lanes = reds.map((id) => `let a0_${id} = 0, a1_${id} = 0, a2_${id} = 0, a3_${id} = 0;`);
  if (body.some((line) => /\bM\./.test(line))) return [...lanes, ...laneLoop(c, k, body, reds)];
  const acc = (lane: number): string[] =>
    reds.map((id) => `a${lane}_${id} += ${read(c, c.g.vals[id].ins[0], k)};`);
  const copy = (lane: number, index: string): string =>
    [`{ const i = ${index};`, ...body, ...acc(lane), `}`].join('\n');
  return [
    ...lanes,
    `let j = i0;`,
    `for (; j + 4 <= i1; j += 4) {`,
    ...[0, 1, 2, 3].map((lane) => copy(lane, lane === 0 ? 'j' : `j + ${lane}`)),
    `}`,
    `for (; j < i1; j++) ${copy(0, 'j')}`,
  ];
}

/**
 * {@link leafRun} with one copy of the body: each group of four elements (or the tail)
 * parks its summands in a scratch `w<id>`, then adds them to the lanes in the same order
 * as the unrolled form, so the bits are the same. V8 inlines a scalar function only so
 * many times per function (its bytecode budget): five copies of softplus's exp and
 * log1p left three of them as calls.
 */
function laneLoop(c: EmitContext, k: number, body: string[], reds: number[]): string[] {
  const scratch = reds.map(
    (id) => `const w${id} = B[${c.tables.B.push(new Float64Array(4)) - 1}];`,
  );
  return [
    ...scratch,
    `for (let j = i0; j < i1; j += 4) {`,
    `const m = i1 - j < 4 ? i1 - j : 4;`,
    `for (let q = 0; q < m; q++) { const i = j + q;`,
    ...body,
    ...reds.map((id) => `w${id}[q] = ${read(c, c.g.vals[id].ins[0], k)};`),
    `}`,
    `if (m === 4) {`,
    ...reds.map((id) => [0, 1, 2, 3].map((l) => `a${l}_${id} += w${id}[${l}];`).join(' ')),
    `} else for (let q = 0; q < m; q++) {`,
    ...reds.map((id) => `a0_${id} += w${id}[q];`),
    `}`,
    `}`,
  ];
}

/** A leaf run's sum: a0 + a1 + (a2 + a3), as sum's leaf adds its lanes. */
const leaf = (id: number): string => `a0_${id} + a1_${id} + (a2_${id} + a3_${id})`;

/** A loop with full sums: one leaf run, or one per leaf of the pairwise tree, then combine. */
function reducingLoop(c: EmitContext, k: number, body: string[], reds: number[]): void {
  const n = c.items[k].n;
  const run = leafRun(c, k, body, reds);
  if (n <= PAIRWISE_LEAF) {
    c.lines.push(
      ...reds.map((id) => `let s${id};`),
      `{ const i0 = 0, i1 = ${n};`,
      ...run,
      ...reds.map((id) => `s${id} = ${leaf(id)};`),
      `}`,
    );
    return;
  }
  const bounds = c.tables.P.push(leafBounds(n)) - 1;
  const nb = c.tables.P[bounds].length - 1;
  for (const id of reds)
    c.lines.push(`const l${id} = L[${c.tables.L.push(new Float64Array(nb)) - 1}];`);
  c.lines.push(
    `{ const P${k} = P[${bounds}]; for (let b = 0; b < ${nb}; b++) {`,
    `const i0 = P${k}[b], i1 = P${k}[b + 1];`,
    ...run,
    ...reds.map((id) => `l${id}[b] = ${leaf(id)};`),
    `} }`,
  );
  for (const id of reds) c.lines.push(`const s${id} = combine(l${id}, ${n});`);
}

/** Emits the loop of step k (nothing for a step with scalar statements only). */
export function emitLoop(c: EmitContext, k: number): void {
  const { n, body: ids } = c.items[k];
  if (ids.length === 0) return;
  const reds = ids.filter((id) => c.g.vals[id].kind === 'red');
  loopArrays(c, k);
  const body = loopBody(c, k);
  if (reds.length === 0) c.lines.push(`for (let i = 0; i < ${n}; i++) {`, ...body, `}`);
  else reducingLoop(c, k, body, reds);
}
