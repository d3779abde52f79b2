/**
 * Predictive distributions and pointwise log-likelihoods (NumPyro's `Predictive` and
 * `log_likelihood`): run a model once per posterior draw, or once for all draws on a
 * fresh leftmost batch axis when the model allows, and stack the sites with a leading
 * draw axis.
 * @module
 */
import {
  ArgumentError,
  reshape,
  ShapeError,
  slice,
  stack,
  tensor,
  toTensor,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import type { Rng, Seed } from '../random/index.js';
import { rngOf, seed, substitute, trace, type Model, type Site, type Trace } from './handlers.js';
import type { McmcResult } from './mcmc.js';
import { Messenger, type Message } from './runtime.js';

/** Draws by site name, each with a leading draw axis (shown inline in the API docs). @inline */
type Draws = Readonly<Record<string, TensorLike>>;

/**
 * Options of {@link predictive}.
 * @example
 * ```ts
 * import { type PredictiveOptions } from 'pathwise';
 * const o: PredictiveOptions<[]> = { numSamples: 100, returnSites: ['y'], seed: 0 };
 * o.numSamples; // 100
 * ```
 */
export interface PredictiveOptions<A extends unknown[]> {
  /**
   * Posterior draws: values by latent site with a leading draw axis, or an
   * {@link McmcResult} (its chains are merged: draw `c·D + d` is chain c, draw d).
   */
  posteriorSamples?: Draws | McmcResult;
  /** A guide to draw the latent sites from (with `params`, e.g. `run.getParams()`). */
  guide?: Model<A>;
  /** The guide's learned parameters (constrained), by name. */
  params?: Readonly<Record<string, TensorLike>>;
  /** Number of draws: required for the prior predictive and a guide; else taken from the samples. */
  numSamples?: number;
  /**
   * Sites to return (default: every sample site not in `posteriorSamples`, observed ones
   * included, and every deterministic site).
   */
  returnSites?: readonly string[];
  /** Seed or generator of the draws (default: the module's generator). */
  seed?: Seed | Rng;
  /** The model's arguments (default none). */
  args?: A;
  /**
   * Run all draws at once on a new leftmost batch axis: `'auto'` (default) tries it,
   * checks it against per-draw runs at the first and last draws and falls back to a
   * loop over draws if the model does not broadcast; `true` throws instead of falling
   * back; `false` always loops.
   */
  vectorize?: boolean | 'auto';
}

/** How to run one pass of the model. */
interface RunSpec {
  /** Latent values by name with a leading draw axis. */
  draws: Record<string, Tensor>;
  /** Number of draws. */
  n: number;
  /** Resample observed sites (posterior / prior predictive) instead of keeping the data. */
  uncondition: boolean;
}

/** Puts draws on a new batch axis left of every plate and substitutes the latent draws. */
class VectorizeMessenger extends Messenger {
  constructor(
    private readonly spec: RunSpec,
    private readonly dim: number,
  ) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== 'sample') return;
    const d = msg.fn as Distribution;
    const rank = -this.dim;
    const bs = [
      ...new Array<number>(Math.max(0, rank - d.batchShape.length)).fill(1),
      ...d.batchShape,
    ];
    if (bs.length > rank || (bs[0] !== 1 && bs[0] !== this.spec.n)) {
      throw new ShapeError(
        'predictive',
        `site '${msg.name}' has batch shape [${d.batchShape.join(',')}]: no free axis ${this.dim} for the ${this.spec.n} draws`,
      );
    }
    const target = [this.spec.n, ...bs.slice(1)];
    msg.fn = d.expand(target);
    if (msg.observed && this.spec.uncondition) {
      msg.observed = false;
      msg.value = undefined;
    }
    const v = this.spec.draws[msg.name];
    if (v !== undefined && !msg.observed) msg.value = reshape(v, [...target, ...d.eventShape]);
  }
}

/** Runs draw `s` alone: substitutes latent draws (and, for checks, any `extra` values). */
class DrawMessenger extends Messenger {
  constructor(
    private readonly spec: RunSpec,
    private readonly s: number,
    private readonly extra?: Trace,
  ) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== 'sample') return;
    if (msg.observed && this.spec.uncondition) {
      msg.observed = false;
      msg.value = undefined;
    }
    if (msg.observed) return;
    const d = msg.fn as Distribution;
    const shape = [...d.batchShape, ...d.eventShape];
    const v = this.spec.draws[msg.name] ?? this.extra?.get(msg.name)?.value;
    if (v !== undefined) msg.value = row(v, this.s, shape, msg.name);
  }
}

/** Draw `s` of a tensor whose leading axis holds the draws, reshaped to `shape`. */
function row(v: Tensor, s: number, shape: Shape, name: string): Tensor {
  const n = v.shape[0];
  const size = shape.reduce((a, b) => a * b, 1);
  if (v.rank === 0 || v.size !== n * size) {
    throw new ShapeError(
      'predictive',
      `site '${name}': draws of shape [${v.shape.join(',')}] do not hold values of shape [${shape.join(',')}]`,
    );
  }
  return reshape(slice(reshape(v, [n, size]), [s, 0], [1, size]), shape);
}

/** The deepest plate axis of a trace (0 without plates). */
function plateDepth(tr: Trace): number {
  let depth = 0;
  for (const site of tr.values()) for (const f of site.frames) depth = Math.max(depth, -f.dim);
  return depth;
}

function runDraw<A extends unknown[]>(
  model: Model<A>,
  args: A,
  spec: RunSpec,
  s: number,
  r: Rng,
  extra?: Trace,
): Trace {
  const h = new DrawMessenger(spec, s, extra);
  return trace(seed((...a: A) => h.run(() => model(...a)), r)).getTrace(...args);
}

/** What a caller takes from each site of a trace (undefined: skip the site). */
type Pick = (site: Site) => Tensor | undefined;

/** Stacks `pick` over draws, one model run each. */
function loopDraws<A extends unknown[]>(
  model: Model<A>,
  args: A,
  spec: RunSpec,
  pick: Pick,
  r: Rng,
): Record<string, Tensor> {
  const rows = new Map<string, Tensor[]>();
  for (let s = 0; s < spec.n; s++) {
    for (const site of runDraw(model, args, spec, s, r).values()) {
      const v = pick(site);
      if (v === undefined) continue;
      const list = rows.get(site.name) ?? [];
      list.push(v);
      rows.set(site.name, list);
    }
  }
  return Object.fromEntries([...rows].map(([k, vs]) => [k, stack(vs)]));
}

/** Reshapes a vectorized value to `[n, ...shape]` (broadcasting one that lacks the draw axis). */
function asRows(v: Tensor, n: number, shape: Shape, name: string): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (v.size === n * size && v.rank > 0 && v.shape[0] === n) return reshape(v, [n, ...shape]);
  if (v.size === size) return stack(new Array<Tensor>(n).fill(reshape(v, shape)));
  throw new ShapeError(
    'predictive',
    `site '${name}': the vectorized run gave shape [${v.shape.join(',')}] for per-draw shape [${shape.join(',')}]`,
  );
}

const lps = new WeakMap<Site, Tensor>();

/** A sample site's elementwise log-probability, computed once per recorded site. */
function siteLp(site: Site): Tensor {
  let lp = lps.get(site);
  if (lp === undefined) lps.set(site, (lp = (site.fn as Distribution).logProb(site.value)));
  return lp;
}

/** Relative agreement of two numbers (both non-finite and equal also agree). */
const close = (a: number, b: number): boolean =>
  a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Throws unless the per-draw trace `one` matches draw `s` of the vectorized trace `all`. */
function check(all: Trace, one: Trace, n: number, s: number): void {
  for (const site of one.values()) {
    const v = all.get(site.name);
    if (site.type !== 'sample' && site.type !== 'deterministic') continue;
    if (v === undefined)
      throw new ShapeError('predictive', `site '${site.name}' is not vectorized`);
    const a = site.type === 'sample' ? siteLp(site) : site.value;
    const b = site.type === 'sample' ? siteLp(v) : v.value;
    const got = row(asRows(b, n, a.shape, site.name), s, a.shape, site.name).data;
    if (!a.data.every((x, i) => close(x, got[i]))) {
      throw new ShapeError(
        'predictive',
        `site '${site.name}' differs between the vectorized run and draw ${s} run alone`,
      );
    }
  }
}

/** One run of all draws at once, checked at the first and last draws; `pick` per site. */
function vectorDraws<A extends unknown[]>(
  model: Model<A>,
  args: A,
  spec: RunSpec,
  pick: Pick,
  r: Rng,
): Record<string, Tensor> {
  const proto = runDraw(model, args, spec, 0, r);
  const dim = -plateDepth(proto) - 1;
  const h = new VectorizeMessenger(spec, dim);
  const all = trace(seed((...a: A) => h.run(() => model(...a)), r)).getTrace(...args);
  let first = proto;
  for (const s of spec.n > 1 ? [0, spec.n - 1] : [0]) {
    const one = runDraw(model, args, spec, s, r, all);
    check(all, one, spec.n, s);
    if (s === 0) first = one;
  }
  const out: Record<string, Tensor> = {};
  for (const site of all.values()) {
    const v = pick(site);
    const ref = first.get(site.name);
    const refValue = ref === undefined ? undefined : pick(ref);
    if (v === undefined || refValue === undefined) continue;
    out[site.name] = asRows(v, spec.n, refValue.shape, site.name);
  }
  return out;
}

/** Runs `pick` over all draws, vectorized or in a loop as `mode` says. */
function overDraws<A extends unknown[]>(
  model: Model<A>,
  args: A,
  spec: RunSpec,
  pick: Pick,
  options: { seed?: Seed | Rng; vectorize?: boolean | 'auto' },
): Record<string, Tensor> {
  const r = rngOf(options.seed);
  const mode = options.vectorize ?? 'auto';
  if (mode === false) return loopDraws(model, args, spec, pick, r);
  try {
    return vectorDraws(model, args, spec, pick, r);
  } catch (e) {
    if (mode === true) throw e;
    return loopDraws(model, args, spec, pick, r);
  }
}

function isMcmcResult(x: unknown): x is McmcResult {
  return typeof (x as McmcResult).summary === 'function' && 'stats' in (x as object);
}

/**
 * Merges the chains of `[chains, draws, ...]` samples into one draw axis
 * `[chains·draws, ...]` (chain-major), the layout {@link predictive},
 * {@link logLikelihood} and {@link loo} take.
 * @example
 * ```ts
 * import { mergeChains, zeros } from 'pathwise';
 * mergeChains({ x: zeros([4, 100, 3]) }).x.shape; // [400, 3]
 * ```
 */
export function mergeChains(samples: Draws): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(samples).map(([k, v]) => {
      const t = toTensor(v, 'mergeChains', k);
      if (t.rank < 2)
        throw new ShapeError(
          'mergeChains',
          `site '${k}' has shape [${t.shape.join(',')}]: expected [chains, draws, ...]`,
        );
      return [k, reshape(t, [t.shape[0] * t.shape[1], ...t.shape.slice(2)])];
    }),
  );
}

/** Posterior draws as tensors with one leading draw axis, and their count. */
function drawsOf(
  samples: Draws | McmcResult,
  op: string,
): { draws: Record<string, Tensor>; n: number } {
  const draws = isMcmcResult(samples)
    ? mergeChains(samples.samples)
    : Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, toTensor(v, op, k)]));
  let n: number | undefined;
  for (const [k, v] of Object.entries(draws)) {
    if (v.rank === 0 || (n !== undefined && v.shape[0] !== n)) {
      throw new ShapeError(
        op,
        `posterior samples need one leading draw axis of the same length; site '${k}' has shape [${v.shape.join(',')}]${n === undefined ? '' : `, others ${n} draws`}`,
      );
    }
    n = v.shape[0];
  }
  if (n === undefined) throw new ArgumentError(op, 'posteriorSamples has no sites');
  return { draws, n };
}

/** Draws the guide's latent sites `n` times at `params`. */
function guideDraws<A extends unknown[]>(
  guide: Model<A>,
  params: Readonly<Record<string, TensorLike>>,
  args: A,
  n: number,
  r: Rng,
): Record<string, Tensor> {
  const rows = new Map<string, Tensor[]>();
  for (let s = 0; s < n; s++) {
    const tr = trace(seed(substitute(guide, params), r)).getTrace(...args);
    for (const site of tr.values()) {
      if (site.type !== 'sample' || site.observed) continue;
      rows.set(site.name, [...(rows.get(site.name) ?? []), site.value]);
    }
  }
  return Object.fromEntries([...rows].map(([k, vs]) => [k, stack(vs)]));
}

function countOf(n: number | undefined, what: string): number {
  if (n === undefined || !Number.isInteger(n) || n < 1)
    throw new ArgumentError(
      'predictive',
      `numSamples must be a positive integer for ${what}, got ${n}`,
    );
  return n;
}

/**
 * Prior or posterior predictive draws of a model, each site with a leading draw axis.
 * Without `posteriorSamples` or `guide`: `numSamples` runs of the model, observed
 * sites resampled (the prior predictive). With `posteriorSamples` (or an
 * {@link McmcResult}): the model at each posterior draw, observed sites resampled
 * from p(y_rep | θ_s) (the posterior predictive). With `guide` + `params`: `numSamples`
 * draws of the guide, then the model at each. By default all draws run at once on a
 * new batch axis left of every plate (checked against single-draw runs; see
 * `vectorize`). The numbers differ from the loop's for the same seed.
 * @throws {@link ArgumentError} for a missing or bad `numSamples`, or draws with
 *   different lengths.
 * @example
 * ```ts
 * import { predictive, sample, plate, Normal } from 'pathwise';
 * const model = () => {
 *   const mu = sample('mu', new Normal(0, 1));
 *   plate('data', 3, () => sample('y', new Normal(mu, 0.1), { obs: [1, 2, 3] }));
 * };
 * const prior = predictive(model, { numSamples: 500, seed: 0 });
 * [prior.mu.shape, prior.y.shape]; // [[500], [500, 3]]
 * const post = predictive(model, { posteriorSamples: { mu: [5, 5] }, seed: 0 });
 * Math.abs(post.y.data[0] - 5) < 1; // true: y_rep ~ Normal(5, 0.1)
 * ```
 */
export function predictive<A extends unknown[]>(
  model: Model<A>,
  options: PredictiveOptions<A>,
): Record<string, Tensor> {
  const args = (options.args ?? []) as A;
  const r = rngOf(options.seed);
  let draws: Record<string, Tensor> = {};
  let n: number;
  if (options.posteriorSamples !== undefined) {
    ({ draws, n } = drawsOf(options.posteriorSamples, 'predictive'));
    if (options.numSamples !== undefined && options.numSamples !== n)
      throw new ArgumentError(
        'predictive',
        `numSamples ${options.numSamples} differs from the ${n} posterior draws`,
      );
  } else if (options.guide !== undefined) {
    n = countOf(options.numSamples, 'a guide');
    draws = guideDraws(options.guide, options.params ?? {}, args, n, r);
  } else n = countOf(options.numSamples, 'the prior predictive');
  const wanted = options.returnSites;
  const pick: Pick = (site) => {
    const keep =
      wanted !== undefined
        ? wanted.includes(site.name)
        : (site.type === 'sample' && !(site.name in draws)) || site.type === 'deterministic';
    return keep && (site.type === 'sample' || site.type === 'deterministic')
      ? site.value
      : undefined;
  };
  const m = options.params === undefined ? model : substitute(model, options.params);
  return overDraws(m, args, { draws, n, uncondition: true }, pick, { ...options, seed: r });
}

/**
 * Options of {@link logLikelihood}.
 * @example
 * ```ts
 * import { type LogLikelihoodOptions } from 'pathwise';
 * const o: LogLikelihoodOptions = { vectorize: false };
 * o.vectorize; // false
 * ```
 */
export interface LogLikelihoodOptions {
  /** As {@link PredictiveOptions.vectorize} (default `'auto'`). */
  vectorize?: boolean | 'auto';
}

/**
 * Pointwise log-likelihoods: for every observed sample site, `log p(y_i | θ_s)` at each
 * posterior draw s, shaped `[draws, ...site batch shape]` (the site's `logProb`, without
 * plate scaling or masks). The input of {@link loo} and {@link waic}.
 * @throws {@link ShapeError} for draws with different lengths.
 * @example
 * ```ts
 * import { logLikelihood, sample, plate, Normal } from 'pathwise';
 * const model = () => {
 *   const mu = sample('mu', new Normal(0, 1));
 *   plate('data', 2, () => sample('y', new Normal(mu, 1), { obs: [0, 1] }));
 * };
 * const ll = logLikelihood(model, { mu: [0, 1, 2] });
 * ll.y.shape; // [3, 2]
 * ll.y.data[1]; // -1.4189385332046727: log N(0; 0, 1) - 1/2 at mu = 0, y = 1
 * ```
 */
export function logLikelihood<A extends unknown[]>(
  model: Model<A>,
  samples: Draws | McmcResult,
  args: A = [] as unknown as A,
  options: LogLikelihoodOptions = {},
): Record<string, Tensor> {
  const { draws, n } = drawsOf(samples, 'logLikelihood');
  const pick: Pick = (site) => (site.type === 'sample' && site.observed ? siteLp(site) : undefined);
  const out = overDraws(model, args, { draws, n, uncondition: false }, pick, {
    seed: 0,
    vectorize: options.vectorize,
  });
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, tensor(v)]));
}
