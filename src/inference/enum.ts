/**
 * Enumeration of discrete latent sites (NumPyro's `enum`, `config_enumerate` and
 * `markov`): each enumerated site takes every value of its support at once, as a tensor
 * on a fresh batch axis left of all plate axes, and downstream sites broadcast over it.
 * The sums over those axes are in contract.ts.
 * @module
 */
import { ArgumentError, reshape, ShapeError, tensor, type TensorLike } from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import { isolated, seed, substitute, trace, type Model, type Trace } from './handlers.js';
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

/** @internal One enumerated site. */
export interface EnumVar {
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

/** @internal Which sites to enumerate: those marked `enumerate: 'parallel'`, or every enumerable one. */
export type EnumMode = 'marked' | 'all';

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

/** @internal The batch rank of a model from one seeded run at the given values. */
export function guessBatchRank<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
): number {
  return maxBatchRank(isolated(() => trace(seed(substitute(model, values), 0)).getTrace(...args)));
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
