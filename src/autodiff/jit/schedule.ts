/**
 * @internal Pass 3, schedule: group the classified equations into program steps
 * ({@link Item}s). Each step is some scalar statements then one loop or one opaque
 * call. An elementwise value joins the earliest loop of its length that comes after
 * everything it reads (so independent values of one size share a loop); a sum joins
 * the loop of its input; an opaque op gets a step of its own. Then each loop value
 * learns whether it must be stored: read by another step or an opaque op, or returned.
 * @module
 */
import type { Replay } from '../tensor.js';
import type { Graph, Item, Schedule } from './types.js';

/**
 * The first step at which value `u` can be read by a loop of length `n` (or, n = 1, by
 * a scalar statement): leaves at once; a scalar in its own step (it is computed before
 * that step's loop); a loop element of the same length inside its own loop; anything
 * else in the step after the one computing it.
 */
function avail(g: Graph, u: number, n: number): number {
  const r = g.vals[g.vals[u].root];
  switch (r.kind) {
    case 'arg':
    case 'const':
    case 'var':
      return 0;
    case 'scalar':
      return r.item;
    case 'elem':
      return r.t.size === n && g.vals[u].t.size === n ? r.item : r.item + 1;
    default:
      return r.item + 1;
  }
}

const newItem = (items: Item[]): number => items.push({ n: -1, pre: [], body: [], opaque: -1 }) - 1;

/** Puts loop value `v` in the first loop of length n (or empty step) from step `from` on. */
function placeLoop(g: Graph, items: Item[], v: number, n: number, from: number): void {
  let k = from;
  while (k < items.length && !(items[k].opaque < 0 && (items[k].n === n || items[k].n === -1))) k++;
  if (k === items.length) newItem(items);
  items[k].n = n;
  items[k].body.push(v);
  g.vals[v].item = k;
}

/** Places one classified equation (aliases need no place: they are their root). */
function place(g: Graph, items: Item[], replays: Replay[], id: number): void {
  const v = g.vals[id];
  const n = v.t.size;
  if (v.kind === 'scalar') {
    let e = 0;
    for (const u of v.ins) e = Math.max(e, avail(g, u, 1));
    if (e === items.length) newItem(items);
    items[e].pre.push(id);
    v.item = e;
  } else if (v.kind === 'elem') {
    let e = 0;
    for (const u of v.ins) e = Math.max(e, avail(g, u, n));
    placeLoop(g, items, id, n, e);
  } else if (v.kind === 'red' || v.kind === 'colRed') {
    const m = g.vals[v.ins[0]].t.size;
    placeLoop(g, items, id, m, avail(g, v.ins[0], m));
  } else if (v.kind === 'opaque') {
    const k = newItem(items);
    items[k].opaque = id;
    v.item = k;
    v.slot = replays.push(v.replay as Replay) - 1;
  }
}

/**
 * Marks which loop values must be stored: 1 (an internal buffer) when another step or
 * an opaque op reads them, 2 (a fresh array per call) when f returns them.
 */
export function markStores(g: Graph): void {
  for (const v of g.vals) {
    const loop = v.kind === 'elem' || v.kind === 'red' || v.kind === 'colRed';
    if (!loop && v.kind !== 'opaque') continue;
    for (const u of v.ins) {
      const r = g.vals[g.vals[u].root];
      if (r.kind === 'elem' && (!loop || r.item !== v.item) && r.store === 0) r.store = 1;
    }
  }
  for (const o of g.outputs) {
    const r = g.vals[g.vals[o].root];
    if (r.kind === 'elem' || r.kind === 'colRed') r.store = 2;
  }
}

/** Schedules a classified graph: its steps, in order, and the kernels opaque steps call. */
export function schedule(g: Graph): Schedule {
  const items: Item[] = [];
  const replays: Replay[] = [];
  for (const id of g.eqns) place(g, items, replays, id);
  markStores(g);
  return { items, replays };
}
