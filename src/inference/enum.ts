/**
 * Exact enumeration of discrete latent sites (NumPyro's `enum` + TraceEnum_ELBO +
 * `infer_discrete`). Each enumerated site takes every value of its support at once, as
 * a tensor on a fresh batch axis left of all plate axes; downstream sites broadcast
 * over it. The log-joint is then a sum of factors over those axes, and the sites are
 * summed out by variable elimination on plated factor graphs (Obermeyer et al. 2019,
 * "Tensor variable elimination for plated factor graphs"): plates are contracted from
 * the innermost set outwards, and within a set of plates the variables are eliminated
 * one at a time, cheapest first, so a Markov chain of length T costs T small
 * contractions instead of one tensor of K^T entries.
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
  tensor,
  toTensor,
  where,
  type TensorLike,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import type { Rng, Seed } from '../random/index.js';
import {
  isolated,
  rngOf,
  seed,
  substitute,
  trace,
  type Model,
  type Site,
  type Trace,
} from './handlers.js';
import { Messenger, type Message } from './runtime.js';

const ones = (n: number): number[] => new Array<number>(n).fill(1);

/**
 * The support of a distribution as a list of values when it is finite and its events
 * are scalars (Bernoulli, Categorical, Binomial, DiscreteUniform-like integer
 * intervals), else undefined.
 * @example
 * ```ts
 * import { enumerateSupport, Categorical, Bernoulli, Poisson } from 'pathwise';
 * Array.from(enumerateSupport(new Categorical({ probs: [0.2, 0.3, 0.5] }))!); // [0, 1, 2]
 * Array.from(enumerateSupport(new Bernoulli({ probs: 0.5 }))!); // [0, 1]
 * enumerateSupport(new Poisson(2)); // undefined
 * ```
 */
export function enumerateSupport(d: Distribution): Float64Array | undefined {
  const s = d.support;
  if (d.eventShape.length > 0 || !s.discrete) return undefined;
  if (s.kind === 'boolean') return Float64Array.of(0, 1);
  if (s.kind !== 'integerInterval' || s.lower === undefined || s.upper === undefined)
    return undefined;
  const lo = Math.min(...s.lower.data);
  const hi = Math.max(...s.upper.data);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo > 1e6) return undefined;
  return Float64Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** One enumerated site. */
interface EnumVar {
  readonly name: string;
  /** Its support values; index i on its axis stands for values[i]. */
  readonly values: Float64Array;
  /** Its plate axes, as negative dims. */
  readonly plateDims: readonly number[];
  /** Its enumeration axis, as a negative dim left of every batch axis. */
  readonly dim: number;
}

/** An active {@link markov} loop: its current step and how far back steps depend. */
interface MarkovFrame {
  step: number;
  readonly history: number;
}

const markovFrames: MarkovFrame[] = [];

/** Per markov loop: the enumeration dims allocated at each step, and those free again. */
interface DimPool {
  readonly byStep: Map<number, number[]>;
  readonly free: number[];
}

/** Which sites to enumerate: those marked `enumerate: 'parallel'`, or every enumerable one. */
type EnumMode = 'marked' | 'all';

/**
 * Gives each latent discrete site without a value its whole support, reshaped to
 * `[K, 1, ..., 1]` on a fresh axis left of the batch axes (inside {@link markov}, an
 * axis of a step more than `history` steps back is reused), and remembers how many
 * sites were enumerated when each site was seen (so that a reused axis is read as the
 * variable it held at that time).
 */
class EnumMessenger extends Messenger {
  readonly vars: EnumVar[] = [];
  readonly seen = new Map<string, number>();
  private next: number;
  private readonly pools = new WeakMap<MarkovFrame, DimPool>();
  constructor(
    private readonly batchRank: number,
    private readonly mode: EnumMode,
  ) {
    super();
    this.next = -batchRank - 1;
  }

  /** Number of enumeration axes used so far. */
  get dims(): number {
    return -this.next - this.batchRank - 1;
  }

  private allocate(): number {
    const frame = markovFrames[markovFrames.length - 1];
    if (frame === undefined) return this.next--;
    let pool = this.pools.get(frame);
    if (pool === undefined) this.pools.set(frame, (pool = { byStep: new Map(), free: [] }));
    for (const [step, dims] of pool.byStep)
      if (step < frame.step - frame.history) {
        pool.free.push(...dims);
        pool.byStep.delete(step);
      }
    const dim = pool.free.shift() ?? this.next--;
    pool.byStep.set(frame.step, [...(pool.byStep.get(frame.step) ?? []), dim]);
    return dim;
  }

  override postprocess(msg: Message): void {
    if (msg.type === 'sample' || msg.type === 'factor') this.seen.set(msg.name, this.vars.length);
  }
  override process(msg: Message): void {
    if (msg.type !== 'sample' || msg.observed || msg.value !== undefined) return;
    if (this.mode === 'marked' && msg.infer?.enumerate !== 'parallel') return;
    const d = msg.fn as Distribution;
    const values = enumerateSupport(d);
    if (values === undefined) {
      if (this.mode === 'all' && !d.support.discrete) return;
      throw new ArgumentError(
        'enumerate',
        `site '${msg.name}' (${d.family}, support ${d.support.description}) cannot be enumerated: it needs a finite support of scalars`,
      );
    }
    const plateDims = msg.frames.map((f) => f.dim);
    const bs = d.batchShape;
    for (let k = 1; k <= Math.min(this.batchRank, bs.length); k++)
      if (bs[bs.length - k] > 1 && !plateDims.includes(-k))
        throw new ShapeError(
          'enumerate',
          `site '${msg.name}' has batch shape [${bs.join(',')}] whose axis ${-k} is not a plate: declare its independent axes with plate() to enumerate it`,
        );
    const dim = this.allocate();
    this.vars.push({ name: msg.name, values, plateDims, dim });
    msg.value = reshape(tensor(values), [values.length, ...ones(-dim - 1)]);
  }
}

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

/** @internal What the contraction needs to know about the axes. */
export interface Layout {
  readonly vars: readonly EnumVar[];
  readonly batchRank: number;
  /** Number of enumeration axes (fewer than variables when {@link markov} reuses them). */
  readonly dims: number;
  /** Full rank of the traced tensors: enumeration axes + batch rank. */
  readonly rank: number;
  /** Per site: how many variables were enumerated when it ran. */
  readonly seen: ReadonlyMap<string, number>;
}

const plateAxes = (l: Layout, dims: readonly number[]): number[] =>
  dims.map((d) => l.batchRank + d).sort((a, b) => a - b);
const key = (axes: readonly number[]): string => axes.join(',');
const sizeOf = (l: Layout, j: number): number => l.vars[j].values.length;

/**
 * The largest batch rank in a trace: plate nesting, and the batch rank of every sample
 * and factor site (NumPyro's `max_plate_nesting`, guessed from one run).
 * @example
 * ```ts
 * import { maxBatchRank, trace, seed, plate, sample, Normal } from 'pathwise';
 * const m = () => plate('i', 3, () => sample('x', new Normal(0, 1)));
 * maxBatchRank(trace(seed(m, 0)).getTrace()); // 1
 * ```
 */
export function maxBatchRank(tr: Trace): number {
  let r = 0;
  for (const s of tr.values()) {
    if (s.type !== 'sample' && s.type !== 'factor') continue;
    for (const f of s.frames) r = Math.max(r, -f.dim);
    if (s.type === 'sample') r = Math.max(r, (s.fn as Distribution).batchShape.length);
    else r = Math.max(r, s.value.rank);
  }
  return r;
}

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

/** How a variable is summed out: logSumExp (marginal) or max (MAP). */
type Reduce = (t: Tensor, axis: number) => Tensor;
const lse: Reduce = (t, axis) => logSumExp(t, axis);
const maxOut: Reduce = (t, axis) => max(t, axis);

/** One elimination: the variable, the sum of the factors it appeared in, its variables. */
interface Elimination {
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
 * Sums (or maximizes) every enumerated variable out of the factors, plate sets from
 * the largest down; returns the scalar total and the eliminations in order.
 */
function contract(
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

/** @internal A trace of the model with the discrete sites enumerated, and its layout. */
export function enumeratedTrace<A extends unknown[]>(
  model: Model<A>,
  args: A,
  batchRank: number,
  mode: EnumMode,
): { tr: Trace; layout: Layout } {
  const h = new EnumMessenger(batchRank, mode);
  const tr = trace((...a: A) => h.run(() => model(...a))).getTrace(...args);
  const layout = { vars: h.vars, batchRank, dims: h.dims, rank: h.dims + batchRank, seen: h.seen };
  return { tr, layout };
}

/** The factors of every sample and factor site of an enumerated trace. */
function factorsOf(tr: Trace, l: Layout): Factor[] {
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

function missingLatents(tr: Trace, values: object, enumerated: readonly EnumVar[]): string[] {
  const names = new Set(enumerated.map((v) => v.name));
  return [...tr.values()]
    .filter((s) => s.type === 'sample' && !s.observed && !names.has(s.name) && !(s.name in values))
    .map((s) => `'${s.name}'`);
}

/** @internal The batch rank of a model from one seeded run at the given values. */
export function guessBatchRank<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
): number {
  return maxBatchRank(isolated(() => trace(seed(substitute(model, values), 0)).getTrace(...args)));
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
 * Samples the eliminated variables backwards (forward-filter, backward-sample in
 * general form): the last one from its final factor, each earlier one from the
 * factor it was eliminated from, at the values already drawn for the others. Returns
 * each variable's index tensor over the batch axes.
 */
function sampleBack(log: readonly Elimination[], l: Layout, temperature: 0 | 1, r: Rng): Tensor[] {
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

/** One joint draw of the enumerated sites at the given values of the others. */
function discreteDraw<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
  settings: { rank: number; temperature: 0 | 1; r: Rng },
): Record<string, Tensor> {
  const { rank, temperature, r } = settings;
  return noGrad(() => {
    const { tr, layout: l } = enumeratedTrace(substitute(model, values), args, rank, 'all');
    const missing = missingLatents(tr, values, l.vars);
    if (missing.length > 0)
      throw new ArgumentError('inferDiscrete', `no value for latent site(s) ${missing.join(', ')}`);
    const { log } = contract(factorsOf(tr, l), l, temperature === 0 ? maxOut : lse);
    const idx = sampleBack(log, l, temperature, r);
    const out: Record<string, Tensor> = {};
    l.vars.forEach((v, j) => {
      const frameRank = Math.max(0, ...v.plateDims.map((d) => -d));
      const shape = idx[j].shape.slice(l.batchRank - frameRank);
      out[v.name] = new Tensor(
        Float64Array.from(idx[j].data, (k) => v.values[k]),
        shape,
      );
    });
    return out;
  });
}

/**
 * Options of {@link inferDiscrete}.
 * @example
 * ```ts
 * import { type InferDiscreteOptions } from 'pathwise';
 * const o: InferDiscreteOptions<[]> = { temperature: 0, values: { mu: 1 } };
 * o.temperature; // 0
 * ```
 */
export interface InferDiscreteOptions<A extends unknown[]> {
  /** The model's arguments. */
  args?: A;
  /**
   * Draws of the continuous latent sites with leading axes `[chains, draws]`, as
   * {@link mcmc} returns them: one joint draw of the discrete sites per draw.
   */
  posteriorSamples?: Readonly<Record<string, Tensor>>;
  /** Instead: one set of values of the continuous latent sites (default none). */
  values?: Readonly<Record<string, TensorLike>>;
  /** With `values`: this many draws, stacked on a leading axis (default: one, no axis). */
  numSamples?: number;
  /** 1: sample the exact posterior (default); 0: its joint mode (Viterbi, MAP). */
  temperature?: 0 | 1;
  /** Seed or generator of the draws (default: the module's generator). */
  seed?: Seed | Rng;
  /** As in {@link EnumOptions}. */
  maxPlateNesting?: number;
}

/** The values at flat draw `i` of tensors with leading axes `lead`. */
function drawAt(
  samples: Readonly<Record<string, Tensor>>,
  lead: number,
  i: number,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(samples)) {
    const shape = t.shape.slice(lead);
    const n = shape.reduce((a, b) => a * b, 1);
    out[name] = new Tensor(t.data.slice(i * n, (i + 1) * n), shape);
  }
  return out;
}

/** Stacks per-draw records into tensors with leading shape `lead`. */
function stackDraws(
  draws: readonly Record<string, Tensor>[],
  lead: readonly number[],
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of Object.keys(draws[0] ?? {})) {
    const shape = draws[0][name].shape;
    const n = draws[0][name].size;
    const data = new Float64Array(draws.length * n);
    draws.forEach((d, i) => data.set(d[name].data, i * n));
    out[name] = new Tensor(data, [...lead, ...shape]);
  }
  return out;
}

/**
 * Recovers the discrete latent sites that {@link mcmc} (or {@link enumLogJoint}) summed
 * out: for each posterior draw of the continuous sites, one exact joint draw of the
 * discrete ones from `p(z | x, θ)` (temperature 1; by forward filtering, backward
 * sampling on the eliminated factors), or their joint mode (temperature 0, the Viterbi
 * path for an HMM). NumPyro's `infer_discrete`.
 * @returns draws by site name: `[chains, draws, ...siteShape]` with `posteriorSamples`,
 *   `[numSamples, ...siteShape]` or `siteShape` with `values`.
 * @throws {@link ArgumentError} naming a continuous latent site with no value.
 * @example
 * ```ts
 * import { inferDiscrete, sample, Categorical, Normal, gather, plate } from 'pathwise';
 * const model = () =>
 *   plate('data', 3, () => {
 *     const z = sample('z', new Categorical({ probs: [0.5, 0.5] }));
 *     sample('x', new Normal(gather([-5, 5], z), 1), { obs: [-4, 6, 5] });
 *   });
 * inferDiscrete(model, { temperature: 0 }).z.toArray(); // [0, 1, 1]
 * inferDiscrete(model, { numSamples: 10, seed: 0 }).z.shape; // [10, 3]
 * ```
 */
export function inferDiscrete<A extends unknown[]>(
  model: Model<A>,
  options: InferDiscreteOptions<A> = {},
): Record<string, Tensor> {
  const args = (options.args ?? []) as A;
  const r = rngOf(options.seed);
  const temperature = options.temperature ?? 1;
  const post = options.posteriorSamples;
  const first = post === undefined ? undefined : Object.values(post)[0];
  const values0 = first === undefined ? (options.values ?? {}) : drawAt(post ?? {}, 2, 0);
  const rank = options.maxPlateNesting ?? guessBatchRank(model, args, values0);
  const settings = { rank, temperature, r };
  if (first !== undefined) {
    if (first.rank < 2)
      throw new ArgumentError(
        'inferDiscrete',
        `posteriorSamples need leading axes [chains, draws], got shape [${first.shape.join(',')}]`,
      );
    const lead = first.shape.slice(0, 2);
    const n = lead[0] * lead[1];
    const draws = Array.from({ length: n }, (_, i) =>
      discreteDraw(model, args, drawAt(post ?? {}, 2, i), settings),
    );
    return stackDraws(draws, lead);
  }
  const n = options.numSamples;
  if (n === undefined) return discreteDraw(model, args, values0, settings);
  if (!Number.isInteger(n) || n < 1)
    throw new ArgumentError('inferDiscrete', `numSamples must be a positive integer, got ${n}`);
  const draws = Array.from({ length: n }, () => discreteDraw(model, args, values0, settings));
  return stackDraws(draws, [n]);
}

class ConfigEnumerateMessenger extends Messenger {
  override process(msg: Message): void {
    if (msg.type !== 'sample' || msg.observed || msg.infer?.enumerate !== undefined) return;
    if (enumerateSupport(msg.fn as Distribution) !== undefined)
      msg.infer = { ...msg.infer, enumerate: 'parallel' };
  }
}

/**
 * Marks every latent sample site with a finite discrete support for parallel
 * enumeration (`{ infer: { enumerate: 'parallel' } }`), as NumPyro's
 * `config_enumerate` does; sites that set `infer.enumerate` themselves keep it.
 * @example
 * ```ts
 * import { configEnumerate, traceEnumElbo, sample, Bernoulli, Normal, rng } from 'pathwise';
 * const model = () => {
 *   const z = sample('z', new Bernoulli({ probs: 0.5 }));
 *   sample('x', new Normal(z, 1), { obs: 0.5 });
 * };
 * // no latent site left for the guide: the loss is -log p(x) exactly
 * traceEnumElbo().loss(configEnumerate(model), () => {}, [], { rng: rng(0), numParticles: 1 }).item(); // 1.0439385332046727
 * ```
 */
export function configEnumerate<A extends unknown[], R>(model: Model<A, R>): Model<A, R> {
  return (...args: A) => new ConfigEnumerateMessenger().run(() => model(...args));
}

/**
 * Options of {@link markov}.
 * @example
 * ```ts
 * import { type MarkovOptions } from 'pathwise';
 * const o: MarkovOptions = { history: 2 };
 * o.history; // 2
 * ```
 */
export interface MarkovOptions {
  /** How many earlier steps a step's sites may depend on (default 1: a first-order chain). */
  history?: number;
}

/**
 * Runs `body(t)` for t = 0, ..., steps - 1 and returns the results, declaring that the
 * sites of step t depend on those of at most `history` earlier steps (NumPyro's
 * `for t in markov(range(T))`). Under enumeration, a step then reuses the enumeration
 * axes of steps further back, so tensors keep a rank of about `history + 1` axes
 * beyond the plates however long the chain is; without it every step adds an axis
 * (correct, and still a sequence of small contractions, but with ever higher-rank
 * tensors). Outside enumeration it is a plain loop. A site that reads a variable more
 * than `history` steps back gets the wrong one: keep the chain's order.
 * @throws {@link ArgumentError} for a negative or non-integer `steps` or `history`.
 * @example
 * ```ts
 * import { markov, enumLogJoint, sample, Categorical, Normal, gather } from 'pathwise';
 * const ys = [0.1, -0.3, 2.2, 1.9, 2.4, -0.1];
 * const hmm = () => {
 *   let x = sample('x0', new Categorical({ probs: [0.5, 0.5] }));
 *   sample('y0', new Normal(gather([0, 2], x), 1), { obs: ys[0] });
 *   markov(ys.length - 1, (i) => {
 *     x = sample(`x${i + 1}`, new Categorical({ probs: gather([[0.9, 0.1], [0.2, 0.8]], x) }));
 *     sample(`y${i + 1}`, new Normal(gather([0, 2], x), 1), { obs: ys[i + 1] });
 *   });
 * };
 * enumLogJoint(hmm, [], {}).item(); // -10.106492038952899
 * ```
 */
export function markov<T>(steps: number, body: (t: number) => T, options: MarkovOptions = {}): T[] {
  const history = options.history ?? 1;
  if (!Number.isInteger(steps) || steps < 0)
    throw new ArgumentError('markov', `steps must be a non-negative integer, got ${steps}`);
  if (!Number.isInteger(history) || history < 0)
    throw new ArgumentError('markov', `history must be a non-negative integer, got ${history}`);
  const frame: MarkovFrame = { step: 0, history };
  const depth = markovFrames.length;
  markovFrames.push(frame);
  try {
    const out: T[] = [];
    for (let t = 0; t < steps; t++) {
      frame.step = t;
      out.push(body(t));
    }
    return out;
  } finally {
    markovFrames.length = depth;
  }
}
