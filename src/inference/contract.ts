/**
 * Summing enumerated sites out: the log-joint of an enumerated trace is a sum of
 * factors over the enumeration and plate axes, contracted by variable elimination on
 * the plated factor graph (Obermeyer et al. 2019, "Tensor variable elimination for
 * plated factor graphs"): plate sets from the innermost outwards, and within one plate
 * set the variables one at a time, cheapest first, each factor keeping only the axes
 * it uses, so a Markov chain of length T costs T small contractions instead of one
 * tensor of K^T entries. The eliminations also give exact backward sampling
 * (`inferDiscrete`).
 * @module
 */
import {
  add,
  arange,
  ArgumentError,
  equal,
  logSumExp,
  max,
  mul,
  noGrad,
  permute,
  reshape,
  ShapeError,
  sum,
  Tensor,
  toTensor,
  where,
  type TensorLike,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import type { Rng } from '../random/index.js';
import { enumeratedTrace, guessBatchRank, type EnumVar, type Layout } from './enum.js';
import { substitute, type Model, type Site, type Trace } from './handlers.js';

const ones = (n: number): number[] => new Array<number>(n).fill(1);

/**
 * A log-factor of the joint in compact form: one axis per enumerated variable it
 * depends on (in decreasing variable order, as on the full-rank tensors), then the
 * batch axes.
 */
interface Factor {
  readonly t: Tensor;
  /** The enumerated variables it depends on, decreasing. */
  readonly vars: readonly number[];
  /** Its plates, as batch axes (0 .. batchRank - 1). */
  readonly plates: readonly number[];
  /** Per plate: size / subsample size, applied when the plate is summed over. */
  readonly scales: readonly number[];
}

const plateAxes = (l: Layout, dims: readonly number[]): number[] =>
  dims.map((d) => l.batchRank + d).sort((a, b) => a - b);
const key = (axes: readonly number[]): string => axes.join(',');
const sizeOf = (l: Layout, j: number): number => l.vars[j].values.length;

/** Subsampling scale of each plate of a site. */
const plateScales = (site: Site): number[] => site.frames.map((f) => f.size / f.subsampleSize);

/**
 * The site's log-probability at full rank, masked, and scaled by any factor other than
 * plate subsampling (which applies once the plate's enumerated sites are summed out).
 */
function siteLogProbTensor(site: Site, l: Layout): Tensor {
  let lp: Tensor;
  if (site.type === 'factor') lp = site.value;
  else {
    lp = (site.fn as Distribution).logProb(site.value);
    if (site.mask !== null) lp = where(site.mask, lp, 0);
  }
  const other = site.scale / plateScales(site).reduce((a, b) => a * b, 1);
  if (other !== 1) lp = mul(lp, other);
  if (lp.rank > l.rank)
    throw new ShapeError(
      'enumerate',
      `site '${site.name}' has a log-probability of shape [${lp.shape.join(',')}], more axes than the ${l.batchRank} batch axes and ${l.dims} enumeration axes`,
    );
  return reshape(lp, [...ones(l.rank - lp.rank), ...lp.shape]);
}

/**
 * The variables on the enumeration axes of a site's log-probability, decreasing, with
 * their axes: an axis holds the latest variable given that dim before the site ran.
 */
function varsOnAxes(site: Site, lp: Tensor, l: Layout): { j: number; axis: number }[] {
  const seen = l.seen.get(site.name) ?? l.vars.length;
  const out: { j: number; axis: number }[] = [];
  for (let axis = 0; axis < l.dims; axis++) {
    if (lp.shape[axis] === 1) continue;
    let j = seen - 1;
    while (j >= 0 && l.vars[j].dim !== axis - l.rank) j--;
    if (j < 0)
      throw new ShapeError(
        'enumerate',
        `site '${site.name}' has a log-probability of shape [${lp.shape.join(',')}] with an axis no enumerated site had yet`,
      );
    out.push({ j, axis });
  }
  return out.sort((a, b) => b.j - a.j);
}

/** The site's factor: non-plate batch axes summed, enumeration axes compacted. */
function siteFactor(site: Site, l: Layout): Factor {
  let lp = siteLogProbTensor(site, l);
  const nv = l.dims;
  const byAxis = new Map(site.frames.map((f, i) => [l.batchRank + f.dim, plateScales(site)[i]]));
  const plates = [...byAxis.keys()].sort((a, b) => a - b);
  const scales = plates.map((a) => byAxis.get(a) as number);
  const extra: number[] = [];
  for (let a = 0; a < l.batchRank; a++)
    if (lp.shape[nv + a] > 1 && !plates.includes(a)) extra.push(nv + a);
  if (extra.length > 0) lp = sum(lp, { axis: extra, keepDims: true });
  const on = varsOnAxes(site, lp, l);
  for (const { j } of on) {
    const v = l.vars[j];
    if (!plateAxes(l, v.plateDims).every((a) => plates.includes(a)))
      throw new ArgumentError(
        'enumerate',
        `site '${site.name}' depends on the enumerated site '${v.name}' but is outside one of its plates`,
      );
  }
  const order = on.map((o) => o.axis);
  if (order.some((a, i) => i > 0 && a < order[i - 1])) {
    const rest = Array.from({ length: lp.rank }, (_, a) => a).filter((a) => !order.includes(a));
    lp = permute(lp, [...order, ...rest]);
  }
  const vars = on.map((o) => o.j);
  const t = reshape(lp, [...vars.map((j) => sizeOf(l, j)), ...lp.shape.slice(nv)]);
  return { t, vars, plates, scales };
}

/** @internal How a variable is summed out: logSumExp (marginal) or max (MAP). */
export type Reduce = (t: Tensor, axis: number) => Tensor;
/** @internal */
export const lse: Reduce = (t, axis) => logSumExp(t, axis);
/** @internal */
export const maxOut: Reduce = (t, axis) => max(t, axis);

/** @internal One elimination: the variable, the sum of the factors it appeared in, its variables. */
export interface Elimination {
  readonly v: number;
  readonly combined: Tensor;
  readonly vars: readonly number[];
}

const batchOf = (f: Factor): number[] => f.t.shape.slice(f.vars.length);
const unionVars = (fs: Iterable<Factor>): number[] =>
  [...new Set([...fs].flatMap((f) => f.vars))].sort((a, b) => b - a);

/** Entries of the tensor that would result from combining these factors. */
function combinedSize(fs: readonly Factor[], l: Layout): number {
  let n = unionVars(fs).reduce((a, j) => a * sizeOf(l, j), 1);
  for (let a = 0; a < l.batchRank; a++) n *= Math.max(...fs.map((f) => batchOf(f)[a]));
  return n;
}

/** The sum of factors, each broadcast to the union of their variables. */
function combine(fs: readonly Factor[], l: Layout): { t: Tensor; vars: number[] } {
  const vars = unionVars(fs);
  const aligned = fs.map((f) =>
    reshape(f.t, [...vars.map((j) => (f.vars.includes(j) ? sizeOf(l, j) : 1)), ...batchOf(f)]),
  );
  return { t: aligned.reduce((a, b) => add(a, b)), vars };
}

/** Factors by the variables they mention, kept up to date as factors come and go. */
class FactorIndex {
  readonly all = new Set<Factor>();
  private readonly byVar = new Map<number, Set<Factor>>();
  constructor(fs: readonly Factor[]) {
    fs.forEach((f) => this.add(f));
  }
  add(f: Factor): void {
    this.all.add(f);
    for (const j of f.vars) {
      if (!this.byVar.has(j)) this.byVar.set(j, new Set());
      this.byVar.get(j)?.add(f);
    }
  }
  remove(f: Factor): void {
    this.all.delete(f);
    for (const j of f.vars) this.byVar.get(j)?.delete(f);
  }
  using(j: number): Factor[] {
    return [...(this.byVar.get(j) ?? [])];
  }
}

/** Variable elimination of `local` within the factors of one plate set, cheapest first. */
function eliminateLocal(
  fs: readonly Factor[],
  local: ReadonlySet<number>,
  l: Layout,
  reduce: Reduce,
  log: Elimination[],
): Factor[] {
  const index = new FactorIndex(fs);
  // the cost of eliminating each variable next; only its neighbours' change per step
  const cost = new Map([...local].map((j) => [j, combinedSize(index.using(j), l)]));
  while (cost.size > 0) {
    let best = -1;
    let bestSize = Infinity;
    for (const [j, size] of cost) if (size < bestSize) [best, bestSize] = [j, size];
    cost.delete(best);
    const using = index.using(best);
    if (using.length === 0) continue;
    const { t, vars } = combine(using, l);
    log.push({ v: best, combined: t, vars });
    using.forEach((f) => index.remove(f));
    const { plates, scales } = using[0];
    const rest = vars.filter((j) => j !== best);
    index.add({ t: reduce(t, vars.indexOf(best)), vars: rest, plates, scales });
    for (const j of rest) if (cost.has(j)) cost.set(j, combinedSize(index.using(j), l));
  }
  return [...index.all];
}

/**
 * Sums a factor over the plates that none of its variables lives in, scaled by their
 * subsampling factors.
 */
function reducePlates(f: Factor, l: Layout): Factor {
  const keep = new Set(f.vars.flatMap((j) => plateAxes(l, l.vars[j].plateDims)));
  const drop = f.plates.filter((a) => !keep.has(a));
  if (drop.length === 0)
    throw new ArgumentError(
      'enumerate',
      `enumerated sites ${f.vars.map((j) => `'${l.vars[j].name}'`).join(', ')} sit in plates that do not nest; such models cannot be enumerated`,
    );
  const at = (a: number): number => f.scales[f.plates.indexOf(a)];
  const scale = drop.reduce((p, a) => p * at(a), 1);
  const t = sum(f.t, { axis: drop.map((a) => f.vars.length + a), keepDims: true });
  const plates = f.plates.filter((a) => keep.has(a));
  return { t: scale === 1 ? t : mul(t, scale), vars: f.vars, plates, scales: plates.map(at) };
}

/**
 * @internal Sums (or maximizes) every enumerated variable out of the factors, plate
 * sets from the largest down; returns the scalar total and the eliminations in order.
 */
export function contract(
  factors: Factor[],
  l: Layout,
  reduce: Reduce,
): { total: Tensor; log: Elimination[] } {
  const log: Elimination[] = [];
  let fs = factors;
  const done = new Set<number>();
  for (;;) {
    const deepest = Math.max(...fs.map((f) => f.plates.length));
    const k = key((fs.find((f) => f.plates.length === deepest) as Factor).plates);
    const group = fs.filter((f) => key(f.plates) === k);
    const local = new Set(
      l.vars
        .map((v, j) => [j, key(plateAxes(l, v.plateDims))] as const)
        .filter(([j, pk]) => pk === k && !done.has(j))
        .map(([j]) => j),
    );
    for (const j of local) done.add(j);
    const reduced = eliminateLocal(group, local, l, reduce, log);
    const rest = fs.filter((f) => key(f.plates) !== k);
    if (deepest === 0) {
      const all = [...rest, ...reduced].map((f) => reshape(f.t, []));
      return { total: all.reduce((a, b) => add(a, b)), log };
    }
    fs = [...rest, ...reduced.map((f) => reducePlates(f, l))];
  }
}

/** @internal The factors of every sample and factor site of an enumerated trace. */
export function factorsOf(tr: Trace, l: Layout): Factor[] {
  const fs: Factor[] = [];
  for (const site of tr.values())
    if (site.type === 'sample' || site.type === 'factor') fs.push(siteFactor(site, l));
  if (fs.length === 0)
    fs.push({ t: reshape(toTensor(0), ones(l.batchRank)), vars: [], plates: [], scales: [] });
  return fs;
}

/** @internal The log-joint with the enumerated sites of `tr` summed out. */
export function contractTrace(tr: Trace, l: Layout): Tensor {
  return contract(factorsOf(tr, l), l, lse).total;
}

/** @internal Latent sites with no value that were not enumerated. */
export function missingLatents(
  tr: Trace,
  values: object,
  enumerated: readonly EnumVar[],
): string[] {
  const names = new Set(enumerated.map((v) => v.name));
  return [...tr.values()]
    .filter((s) => s.type === 'sample' && !s.observed && !names.has(s.name) && !(s.name in values))
    .map((s) => `'${s.name}'`);
}

/**
 * Options of {@link enumLogJoint}.
 * @example
 * ```ts
 * import { type EnumOptions } from 'pathwise';
 * const o: EnumOptions = { maxPlateNesting: 1 };
 * o.maxPlateNesting; // 1
 * ```
 */
export interface EnumOptions {
  /**
   * The number of batch axes the model uses (plates and batched distributions); the
   * enumeration axes go to their left. Default: found from one run of the model.
   */
  maxPlateNesting?: number;
}

/**
 * `log p(observed, continuous latents)` with every enumerable discrete latent site
 * (finite scalar support, no value given) summed out exactly:
 * `log Σ_z p(x, z, θ)`, by variable elimination over the enumerated axes. Differentiable
 * in the values; the HMM forward algorithm is the special case of a Markov chain.
 * @throws {@link ArgumentError} naming a continuous latent site missing from `values`,
 *   a discrete site that cannot be enumerated, or plates that do not nest.
 * @example
 * ```ts
 * import { enumLogJoint, sample, Categorical, Normal, gather } from 'pathwise';
 * const model = () => {
 *   const z = sample('z', new Categorical({ probs: [0.3, 0.7] }));
 *   sample('x', new Normal(gather([-1, 2], z), 1), { obs: 0 });
 * };
 * // log(0.3 N(0; -1, 1) + 0.7 N(0; 2, 1))
 * enumLogJoint(model, [], {}).item(); // -2.203781984981589
 * ```
 */
export function enumLogJoint<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
  options: EnumOptions = {},
): Tensor {
  const rank = options.maxPlateNesting ?? guessBatchRank(model, args, values);
  const { tr, layout } = enumeratedTrace(substitute(model, values), args, rank, 'all');
  const missing = missingLatents(tr, values, layout.vars);
  if (missing.length > 0)
    throw new ArgumentError('enumLogJoint', `no value for latent site(s) ${missing.join(', ')}`);
  return contractTrace(tr, layout);
}

/**
 * Draws index `k` along `axis` of log-weights `t` for every other position: from the
 * normalized weights (temperature 1) or their first maximum (temperature 0). The
 * result has t's shape with `axis` of length 1.
 */
function drawAlong(t: Tensor, axis: number, temperature: 0 | 1, r: Rng): Tensor {
  const k = t.shape[axis];
  const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = t.size / (k * inner);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const at = (j: number): number => t.data[(o * k + j) * inner + i];
      let best = 0;
      for (let j = 1; j < k; j++) if (at(j) > at(best)) best = j;
      let pick = best;
      if (temperature === 1) {
        let total = 0;
        for (let j = 0; j < k; j++) total += Math.exp(at(j) - at(best));
        let u = r.uniform() * total;
        for (pick = 0; pick < k - 1; pick++) if ((u -= Math.exp(at(pick) - at(best))) < 0) break;
      }
      out[o * inner + i] = pick;
    }
  return new Tensor(
    out,
    t.shape.map((d, a) => (a === axis ? 1 : d)),
  );
}

/**
 * @internal Samples the eliminated variables backwards (forward-filter, backward-sample in
 * general form): the last one from its final factor, each earlier one from the
 * factor it was eliminated from, at the values already drawn for the others. Returns
 * each variable's index tensor over the batch axes.
 */
export function sampleBack(
  log: readonly Elimination[],
  l: Layout,
  temperature: 0 | 1,
  r: Rng,
): Tensor[] {
  const chosen: (Tensor | undefined)[] = l.vars.map(() => undefined);
  for (let i = log.length - 1; i >= 0; i--) {
    const { v, combined, vars } = log[i];
    let t = combined;
    const cur = [...vars];
    for (const u of vars) {
      if (u === v) continue;
      const a = cur.indexOf(u);
      const grid = reshape(arange(sizeOf(l, u)), [
        ...cur.map((_, b) => (b === a ? sizeOf(l, u) : 1)),
        ...ones(l.batchRank),
      ]);
      const s = chosen[u] as Tensor;
      const at = reshape(s, [...ones(cur.length), ...s.shape]);
      t = max(where(equal(at, grid), t, -Infinity), a);
      cur.splice(a, 1);
    }
    chosen[v] = reshape(drawAlong(t, 0, temperature, r), t.shape.slice(1));
  }
  return chosen.map((c) => c ?? reshape(toTensor(0), ones(l.batchRank)));
}

/**
 * @internal The sites whose log-probability at `values` is not finite for any value of
 * the enumerated sites (for error messages): each site's log-probability, maximized
 * over the enumeration axes, summed.
 * @throws {@link ArgumentError} naming a continuous latent site missing from `values`.
 */
export function nonFiniteSites<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
): string[] {
  return noGrad(() => {
    const rank = guessBatchRank(model, args, values);
    const { tr, layout: l } = enumeratedTrace(substitute(model, values), args, rank, 'all');
    const missing = missingLatents(tr, values, l.vars);
    if (missing.length > 0)
      throw new ArgumentError('logJoint', `no value for latent site(s) ${missing.join(', ')}`);
    const enumAxes = Array.from({ length: l.dims }, (_, a) => a);
    return [...tr.values()]
      .filter((site) => site.type === 'sample' || site.type === 'factor')
      .filter((site) => {
        const lp = siteLogProbTensor(site, l);
        return !Number.isFinite(sum(l.dims > 0 ? max(lp, enumAxes) : lp).item());
      })
      .map((site) => site.name);
  });
}
