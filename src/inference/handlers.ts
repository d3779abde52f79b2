/**
 * Effect handlers: each a small Messenger that changes what the primitives do, and a
 * function that wraps a model with it (NumPyro's `trace`, `condition`, `substitute`,
 * `seed`, `block`, `replay`, `scale`, `mask`). Compose them: `trace(seed(model, 0))`.
 * @module
 */
import {
  ArgumentError,
  ShapeError,
  logicalAnd,
  mul,
  sum,
  toTensor,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import { defaultRng, rng as makeRng, Rng, type Seed } from '../random/index.js';
import { Messenger, type Message, type PlateFrame } from './runtime.js';

/**
 * A model: a plain function of its arguments that calls `sample`, `param`, `plate`, ...
 * @example
 * ```ts
 * import { sample, Normal, type Model } from 'pathwise';
 * const m: Model<[number]> = (mu) => sample('x', new Normal(mu, 1));
 * typeof m; // 'function'
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Model<A extends unknown[] = any[], R = unknown> = (...args: A) => R;

/**
 * One recorded site of a {@link Trace}.
 * @example
 * ```ts
 * import { trace, sample, Normal, type Site } from 'pathwise';
 * const s: Site = trace(() => sample('y', new Normal(0, 1), { obs: 1 })).getTrace().get('y')!;
 * [s.type, s.observed, s.scale]; // ['sample', true, 1]
 * ```
 */
export interface Site {
  /** The kind of site. */
  readonly type: Message['type'];
  /** The site's name. */
  readonly name: string;
  /** For sample sites: the distribution (after plate broadcasting). */
  readonly fn: Distribution | undefined;
  /** The value (for factor sites, the log-weight; for plates, the indices). */
  readonly value: Tensor;
  /** Observed data? */
  readonly observed: boolean;
  /** Log-probability multiplier. */
  readonly scale: number;
  /** Log-probability mask (null = all kept). */
  readonly mask: Tensor | null;
  /** Enclosing plates. */
  readonly frames: readonly PlateFrame[];
  /** A guide-only helper site (`sample(..., { auxiliary: true })`). */
  readonly auxiliary?: boolean;
}

/**
 * The sites of one run of a model, by name, in execution order.
 * @example
 * ```ts
 * import { trace, seed, sample, Normal, type Trace } from 'pathwise';
 * const tr: Trace = trace(seed(() => sample('z', new Normal(0, 1)), 0)).getTrace();
 * tr.size; // 1
 * ```
 */
export type Trace = Map<string, Site>;

class TraceMessenger extends Messenger {
  readonly trace: Trace = new Map();
  override postprocess(msg: Message): void {
    if (this.trace.has(msg.name)) {
      throw new ArgumentError(
        'trace',
        `duplicate site name '${msg.name}': every sample, param, plate and deterministic site needs its own name`,
      );
    }
    const { type, name, fn, value, observed, scale, mask, frames, auxiliary } = msg;
    this.trace.set(name, {
      type,
      name,
      fn,
      value: value as Tensor,
      observed,
      scale,
      mask,
      frames: [...frames],
      ...(auxiliary === true ? { auxiliary } : {}),
    });
  }
}

/**
 * Records every site of a run. `trace(model).getTrace(...args)` returns the {@link Trace};
 * `run(...args)` returns both the model's value and the trace.
 * @throws {@link ArgumentError} naming a site used twice in one run.
 * @example
 * ```ts
 * import { trace, seed, sample, Normal } from 'pathwise';
 * const model = () => sample('z', new Normal(0, 1));
 * const tr = trace(seed(model, 1)).getTrace();
 * [...tr.keys()]; // ['z']
 * tr.get('z')?.fn?.family; // 'Normal'
 * ```
 */
export function trace<A extends unknown[], R>(
  model: Model<A, R>,
): {
  getTrace: (...args: A) => Trace;
  run: (...args: A) => { value: R; trace: Trace };
} {
  const run = (...args: A): { value: R; trace: Trace } => {
    const h = new TraceMessenger();
    const value = h.run(() => model(...args));
    return { value, trace: h.trace };
  };
  return { run, getTrace: (...args) => run(...args).trace };
}

function wrap<A extends unknown[], R>(model: Model<A, R>, make: () => Messenger): Model<A, R> {
  return (...args: A) => make().run(() => model(...args));
}

class SeedMessenger extends Messenger {
  constructor(private readonly r: Rng) {
    super();
  }
  override process(msg: Message): void {
    if (msg.rng === undefined) msg.rng = this.r;
  }
}

/**
 * Makes a model reproducible: draws come from an Rng seeded with `seed` (a fresh one on
 * each call, so every call gives the same draws) or from the given Rng (which advances).
 * @example
 * ```ts
 * import { seed, sample, Normal } from 'pathwise';
 * const model = () => sample('z', new Normal(0, 1)).item();
 * seed(model, 3)() === seed(model, 3)(); // true
 * ```
 */
export function seed<A extends unknown[], R>(model: Model<A, R>, s: Seed | Rng): Model<A, R> {
  return wrap(model, () => new SeedMessenger(rngOf(s)));
}

/** @internal The generator for a seed option: the Rng itself, a new one, or the module's default. */
export function rngOf(s: Seed | Rng | undefined): Rng {
  return s === undefined ? defaultRng() : s instanceof Rng ? s : makeRng(s);
}

/** Values by site name (shown inline in the API docs). @inline */
type Values = Readonly<Record<string, TensorLike>>;

function lookup(data: Values, name: string): Tensor | undefined {
  return Object.prototype.hasOwnProperty.call(data, name)
    ? toTensor(data[name], 'handler', `value of site '${name}'`)
    : undefined;
}

/**
 * @internal Throws a {@link ShapeError} from `op` unless `v` has the sample site's shape
 * (its distribution's batch shape then event shape, after plates expanded it).
 */
export function checkSiteShape(op: string, msg: Message, v: Tensor): void {
  const d = msg.fn;
  if (msg.type !== 'sample' || d === undefined) return;
  const want = [...d.batchShape, ...d.eventShape];
  if (want.length === v.shape.length && want.every((n, i) => n === v.shape[i])) return;
  throw new ShapeError(
    op,
    `value of site '${msg.name}' has shape [${v.shape.join(',')}], but the site (${d.family} with batch shape [${d.batchShape.join(',')}] and event shape [${d.eventShape.join(',')}]) has shape [${want.join(',')}]`,
  );
}

class ConditionMessenger extends Messenger {
  constructor(private readonly data: Values) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== 'sample' || msg.observed) return;
    const v = lookup(this.data, msg.name);
    if (v === undefined) return;
    checkSiteShape('condition', msg, v);
    msg.value = v;
    msg.observed = true;
  }
}

/**
 * Observes sample sites: those named in `data` take that value and count as evidence.
 * @throws {@link ShapeError} if a value's shape differs from its site's shape (the
 *   distribution's batch shape then event shape), naming the site and both shapes.
 * @example
 * ```ts
 * import { condition, trace, sample, Normal } from 'pathwise';
 * const model = () => sample('y', new Normal(0, 1));
 * const tr = trace(condition(model, { y: 0.3 })).getTrace();
 * tr.get('y')?.observed; // true
 * ```
 */
export function condition<A extends unknown[], R>(model: Model<A, R>, data: Values): Model<A, R> {
  return wrap(model, () => new ConditionMessenger(data));
}

class SubstituteMessenger extends Messenger {
  constructor(private readonly data: Values | ((site: Message) => TensorLike | undefined)) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type === 'deterministic' || msg.type === 'factor' || msg.observed) return;
    const d = this.data;
    const v = typeof d === 'function' ? d(msg) : lookup(d, msg.name);
    if (v === undefined) return;
    msg.value = toTensor(v, 'substitute', `value of site '${msg.name}'`);
    checkSiteShape('substitute', msg, msg.value);
  }
}

/**
 * Gives latent sample sites and params fixed values (they stay latent, unlike
 * {@link condition}). `data` is a record or a function of the site returning a value
 * or undefined.
 * @throws {@link ShapeError} if a value for a sample site has another shape than the
 *   site (the distribution's batch shape then event shape), naming the site and both shapes.
 * @example
 * ```ts
 * import { substitute, param } from 'pathwise';
 * substitute(() => param('w', 1), { w: 5 })().item(); // 5
 * ```
 */
export function substitute<A extends unknown[], R>(
  model: Model<A, R>,
  data: Values | ((site: Message) => TensorLike | undefined),
): Model<A, R> {
  return wrap(model, () => new SubstituteMessenger(data));
}

/**
 * Options of {@link block}.
 * @example
 * ```ts
 * import { block, trace, seed, sample, Normal, type BlockOptions } from 'pathwise';
 * const o: BlockOptions = { expose: ['b'] };
 * const m = () => { sample('a', new Normal(0, 1)); sample('b', new Normal(0, 1)); };
 * [...trace(block(seed(m, 0), o)).getTrace().keys()]; // ['b']
 * ```
 */
export interface BlockOptions {
  /** Hide these sites. */
  hide?: readonly string[];
  /** Hide every site except these. */
  expose?: readonly string[];
}

class BlockMessenger extends Messenger {
  constructor(private readonly hidden: (name: string) => boolean) {
    super();
  }
  override process(msg: Message): void {
    if (this.hidden(msg.name)) msg.stop = true;
  }
}

/**
 * Hides sites from the handlers outside it (all of them by default, or per `hide` /
 * `expose`); they still run.
 * @example
 * ```ts
 * import { block, trace, sample, Normal, seed } from 'pathwise';
 * const model = () => { sample('a', new Normal(0, 1)); sample('b', new Normal(0, 1)); };
 * [...trace(block(seed(model, 0), { hide: ['a'] })).getTrace().keys()]; // ['b']
 * ```
 */
export function block<A extends unknown[], R>(
  model: Model<A, R>,
  options: BlockOptions = {},
): Model<A, R> {
  const { hide, expose } = options;
  const hidden = (name: string): boolean =>
    hide !== undefined ? hide.includes(name) : expose !== undefined ? !expose.includes(name) : true;
  return wrap(model, () => new BlockMessenger(hidden));
}

/** @internal Runs `fn` with all its sites hidden from the handlers outside (a block-all). */
export function isolated<T>(fn: () => T): T {
  return new BlockMessenger(() => true).run(fn);
}

class ReplayMessenger extends Messenger {
  constructor(private readonly guide: Trace) {
    super();
  }
  override process(msg: Message): void {
    if ((msg.type !== 'sample' && msg.type !== 'plate') || msg.observed) return;
    const site = this.guide.get(msg.name);
    if (site !== undefined) msg.value = site.value;
  }
}

/**
 * Replays latent sample sites (and plate subsamples) from a recorded trace, e.g. a
 * guide's, so the model is evaluated at the guide's draws.
 * @example
 * ```ts
 * import { replay, trace, seed, sample, Normal } from 'pathwise';
 * const model = () => sample('z', new Normal(0, 1)).item();
 * const tr = trace(seed(model, 5)).getTrace();
 * replay(seed(model, 6), tr)() === tr.get('z')?.value.item(); // true
 * ```
 */
export function replay<A extends unknown[], R>(model: Model<A, R>, recorded: Trace): Model<A, R> {
  return wrap(model, () => new ReplayMessenger(recorded));
}

class ScaleMessenger extends Messenger {
  constructor(private readonly factor: number) {
    super();
  }
  override process(msg: Message): void {
    msg.scale *= this.factor;
  }
}

/**
 * Multiplies the log-probability of every site by `factor` (> 0), e.g. to weight a
 * likelihood or anneal a KL term.
 * @throws {@link ArgumentError} if `factor` is not positive and finite.
 * @example
 * ```ts
 * import { scale, logJoint, sample, Normal } from 'pathwise';
 * const model = () => sample('y', new Normal(0, 1), { obs: 0 });
 * logJoint(scale(model, 2), [], {}).item(); // -1.8378770664093453
 * ```
 */
export function scale<A extends unknown[], R>(model: Model<A, R>, factor: number): Model<A, R> {
  if (!(factor > 0 && Number.isFinite(factor)))
    throw new ArgumentError('scale', `factor must be positive and finite, got ${factor}`);
  return wrap(model, () => new ScaleMessenger(factor));
}

class MaskMessenger extends Messenger {
  constructor(private readonly keep: Tensor) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== 'sample') return;
    msg.mask = msg.mask === null ? this.keep : logicalAnd(msg.mask, this.keep);
  }
}

/**
 * Drops the log-probability of sample sites where `keep` is 0 (broadcast against each
 * site's batch shape), e.g. for missing data.
 * @example
 * ```ts
 * import { mask, logJoint, sample, Normal, plate } from 'pathwise';
 * const model = () => plate('i', 2, () => sample('y', new Normal(0, 1), { obs: [0, 100] }));
 * logJoint(mask(model, [1, 0]), [], {}).item(); // -0.9189385332046728
 * ```
 */
export function mask<A extends unknown[], R>(model: Model<A, R>, keep: TensorLike): Model<A, R> {
  const k = toTensor(keep, 'mask', 'keep');
  return wrap(model, () => new MaskMessenger(k));
}

/**
 * The log-probability a site contributes: `scale · logProb(value)`, zeroed where
 * masked, summed over everything (a scalar). Factor sites contribute their weight; other
 * sites 0.
 * @example
 * ```ts
 * import { trace, sample, Normal, siteLogProb } from 'pathwise';
 * const tr = trace(() => sample('y', new Normal(0, 1), { obs: 0 })).getTrace();
 * siteLogProb(tr.get('y')!).item(); // -0.9189385332046728
 * ```
 */
export function siteLogProb(site: Site): Tensor {
  if (site.type === 'factor') return mul(sum(site.value), site.scale);
  if (site.type !== 'sample') return toTensor(0);
  let lp = (site.fn as Distribution).logProb(site.value);
  if (site.mask !== null) lp = where(site.mask, lp, 0);
  return mul(sum(lp), site.scale);
}
