/**
 * The distribution base class. Public methods live here: they convert and check their
 * arguments, broadcast, mask values outside the support, and call the protected hooks
 * (`_sample`, `_logProb`, `_mean`, ...) that each family implements (TFP's pattern).
 * @module
 */
import { isTracing } from '../autodiff/tape.js';
import {
  abs,
  ArgumentError,
  broadcastTo,
  less,
  logicalAnd,
  min,
  noGrad,
  reshape,
  ShapeError,
  sqrt,
  stopGradient,
  toTensor,
  where,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { checkSize } from '../autodiff/tensor.js';
import { defaultRng, Rng } from '../random/index.js';
import type { Constraint } from './constraints.js';
import { broadcasts, broadcastShape } from './util.js';

/**
 * Options every distribution accepts.
 * @example
 * ```ts
 * import { Normal, type DistributionOptions } from 'pathwise';
 * const trusted: DistributionOptions = { validateArgs: false };
 * new Normal(0, -1, trusted).batchShape; // []: not checked
 * ```
 */
export interface DistributionOptions {
  /** Check parameters at construction and throw on invalid ones (default true). */
  validateArgs?: boolean;
}

/** What a family passes to the base constructor. @inline */
export interface DistributionInit {
  /** The family's name, for messages. */
  family: string;
  /** The parameters by name (numbers, arrays or Tensors). */
  params?: Readonly<Record<string, TensorLike>>;
  options?: DistributionOptions;
  /** The event shape, from the converted parameters (default scalar events). */
  eventShape?: (p: Readonly<Record<string, Tensor>>) => Shape;
  /** Event axes of parameters, where they differ from their constraint's `eventDim`. */
  eventDims?: Readonly<Record<string, number>>;
  /** The batch shape, when it is not the broadcast of the parameters' batch shapes. */
  batchShape?: Shape;
}

const fmt = (s: Shape): string => `[${s.join(',')}]`;

function firstNonFinite(d: Float64Array): number {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) return i; // NaN for NaN and ±Infinity
  }
  return -1;
}

/** Row-major multi-index of flat index i in shape. */
function unravel(i: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return idx;
}

/** Tensors known to hold only finite numbers (tensors are immutable; Variables are not kept). */
const finiteTensors = new WeakSet<Tensor>();

/** Whether every element of t is finite, read in place (no view of a scalar's slab). */
function finiteData(t: Tensor): boolean {
  const b = t._buf;
  for (let i = t._off, end = t._off + t.size; i < end; i++) {
    const v = b[i];
    if (v - v !== 0) return false; // NaN for NaN and ±Infinity
  }
  return true;
}

/** Whether every element of x is finite (a yes is remembered for immutable tensors). */
function allFinite(x: Tensor): boolean {
  if (x.size <= 64) return finiteData(x); // cheaper than the WeakSet
  if (finiteTensors.has(x)) return true;
  if (!finiteData(x)) return false;
  if (!x._variable) finiteTensors.add(x);
  return true;
}

/** 1 for each event of x (its trailing `eventDim` axes) whose elements are all finite. */
function finiteEvents(x: Tensor, eventDim: number): Tensor {
  const fin = less(abs(x), Infinity);
  return eventDim === 0
    ? fin
    : min(
        fin,
        Array.from({ length: eventDim }, (_, i) => -1 - i),
      );
}

/**
 * lp with a zero gradient wherever it is ±Infinity (a zero or infinite density: no
 * direction of change is meaningful there), so such points never send ±Infinity or NaN
 * into a gradient. The identity when every element is finite.
 */
function finiteGradient(lp: Tensor): Tensor {
  if (!isTracing() && finiteData(lp)) return lp;
  const fin = noGrad(() => less(abs(lp), Infinity));
  return where(fin, lp, stopGradient(lp));
}

/** The first event of `t` (events = trailing `eventDim` axes) failing `ok`, described. */
function firstBad(t: Tensor, ok: Tensor, eventDim: number): string | undefined {
  for (let i = 0; i < ok.size; i++) {
    if (ok.data[i] === 1) continue;
    const batch = t.shape.slice(0, t.rank - eventDim);
    const eventSize = t.size / Math.max(1, ok.size);
    const values = Array.from(t.data.subarray(i * eventSize, (i + 1) * eventSize));
    const shown = eventDim === 0 ? String(values[0]) : `[${values.join(', ')}]`;
    return batch.length === 0 ? shown : `${shown} at index ${fmt(unravel(i, batch))}`;
  }
  return undefined;
}

/** The prototype on `o`'s chain that defines `key` itself. */
function ownerOf(o: object, key: string): object | null {
  let p = Object.getPrototypeOf(o) as object | null;
  while (p !== null && !Object.prototype.hasOwnProperty.call(p, key))
    p = Object.getPrototypeOf(p) as object | null;
  return p;
}

/**
 * A probability distribution with a batch of independent parameter settings
 * (`batchShape`) over events of shape `eventShape`. Parameters accept numbers or
 * Tensors (Variables too) and broadcast against each other; they are validated at
 * construction unless `validateArgs: false`.
 *
 * - `sample(sampleShape, rng)` has shape `[...sampleShape, ...batchShape, ...eventShape]`.
 *   For a `reparameterized` family it is a differentiable function of the parameters
 *   (e.g. `loc + scale·ε` with ε drawn from the Rng); otherwise it is a constant on the
 *   tape and gradients need a score-function estimator.
 * - `logProb(x)` is never NaN. It is `-Infinity` with gradient 0 outside the `support`
 *   and at NaN or ±Infinity. Inside the support, a point of zero probability (Binomial
 *   with probs 0 at k > 0, Categorical with a zero probability) is `-Infinity` with
 *   gradient 0 as well, and so is an infinite density (+Infinity, gradient 0). On the
 *   support's boundary the value is the density's limit, as scipy gives it
 *   (`Gamma(1, 2).logProb(0)` = log 2; Beta and Dirichlet at 0 and 1 likewise).
 * - `mean`, `variance`, `stddev`, `mode`, `entropy()`, `cdf(x)`, `icdf(p)` where the
 *   family defines them (NaN where a moment does not exist, an error where the family
 *   has no such function).
 * @example
 * ```ts
 * import { Binomial, Gamma, grad, Normal, rng, type Tensor } from 'pathwise';
 * const d = new Normal([0, 10], 1);
 * d.batchShape; // [2]
 * d.sample([3], rng(0)).shape; // [3, 2]
 * d.logProb([0, 10]).toArray(); // [-0.9189385332046728, -0.9189385332046728]
 * d.mean.toArray(); // [0, 10]
 * // the edges: never NaN
 * d.logProb([NaN, Infinity]).toArray(); // [-Infinity, -Infinity]
 * new Gamma(1, 2).logProb(0).item(); // 0.6931471805599453 (log 2, as Exponential(2))
 * new Gamma(0.5, 1).logProb(0).item(); // Infinity
 * grad((p: Tensor) => new Binomial(10, { probs: p }).logProb(3))(0).item(); // 0
 * new Binomial(10, { probs: 0 }).logProb(3).item(); // -Infinity
 * ```
 */
export abstract class Distribution {
  /** Constraints of the parameters, by name (class-level data). */
  static readonly argConstraints: Readonly<Record<string, Constraint>> = {};
  /** Whether `sample` is differentiable in the parameters (class-level data). */
  static readonly reparameterized: boolean = false;

  /** The family's name, used in messages. */
  readonly family: string;
  /** Shape of the batch of independent distributions. */
  readonly batchShape: Shape;
  /** Shape of one draw. */
  readonly eventShape: Shape;
  /** The parameters as given (converted to Tensors, not broadcast). */
  protected readonly params: Readonly<Record<string, Tensor>>;

  protected constructor(init: DistributionInit) {
    const { family, params = {}, options = {} } = init;
    this.family = family;
    const specs = (new.target as unknown as typeof Distribution).argConstraints;
    const ts: Record<string, Tensor> = {};
    const batches: Shape[] = [];
    for (const [name, value] of Object.entries(params)) {
      const t = toTensor(value, family, name);
      const ed = init.eventDims?.[name] ?? specs[name]?.eventDim ?? 0;
      if (t.rank < ed)
        throw new ShapeError(
          family,
          `argument '${name}' needs at least ${ed} axes, got shape ${fmt(t.shape)}`,
        );
      ts[name] = t;
      batches.push(t.shape.slice(0, t.rank - ed));
    }
    if (!broadcasts(batches)) {
      const list = Object.keys(ts).map((n, i) => `'${n}' ${fmt(batches[i])}`);
      throw new ShapeError(
        family,
        `the batch shapes of arguments ${list.join(', ')} do not broadcast`,
      );
    }
    this.params = ts;
    this.batchShape = init.batchShape ?? broadcastShape(batches);
    if (options.validateArgs ?? true) this.validate(specs);
    this.eventShape = init.eventShape?.(ts) ?? [];
  }

  private validate(specs: Readonly<Record<string, Constraint>>): void {
    for (const [name, t] of Object.entries(this.params)) {
      const bad = firstNonFinite(t.data);
      if (bad >= 0) this.fail(name, `must be finite, got ${describeValue(t, bad)}`);
      const c = specs[name];
      if (c === undefined || c.kind === 'real') continue; // finiteness is all 'real' asks
      const what = firstBad(t, c.check(t), c.eventDim);
      if (what !== undefined) this.fail(name, `must be ${c.description}, got ${what}`);
    }
  }

  /** The parameters by name, as given (converted to Tensors, not broadcast). */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.params;
  }

  /** Throws an ArgumentError naming this family and the argument. */
  protected fail(arg: string, message: string): never {
    throw new ArgumentError(this.family, `argument '${arg}' ${message}`);
  }

  /** The set of values with positive density or mass. */
  abstract get support(): Constraint;

  /** Whether `sample` is differentiable in the parameters. */
  get reparameterized(): boolean {
    return (this.constructor as typeof Distribution).reparameterized;
  }

  /**
   * Draws samples of shape `[...sampleShape, ...batchShape, ...eventShape]` from `rng`
   * (default: the module's generator, see `setSeed`).
   * @throws {@link ArgumentError} for a bad sample shape or an `rng` that is not an Rng;
   *   {@link ShapeError} if the samples would have more than 2³¹ - 1 elements.
   */
  sample(sampleShape: Shape | number = [], rng: Rng = defaultRng()): Tensor {
    const op = `${this.family}.sample`;
    const ss = typeof sampleShape === 'number' ? [sampleShape] : sampleShape;
    if (!Array.isArray(ss) || !ss.every((d) => Number.isInteger(d) && d >= 0))
      throw new ArgumentError(
        op,
        `invalid sample shape ${Array.isArray(ss) ? fmt(ss) : String(ss)}`,
      );
    if (!(rng instanceof Rng))
      throw new ArgumentError(
        op,
        `rng must be an Rng (e.g. rng(0)), got ${typeof rng} ${String(rng)}`,
      );
    const shape = [...ss, ...this.batchShape, ...this.eventShape];
    checkSize(op, shape);
    return this.reparameterized ? this._sample(shape, rng) : noGrad(() => this._sample(shape, rng));
  }

  /**
   * @internal The standard noise ε of a reparameterized draw of shape
   * `[...sampleShape, ...batchShape, ...eventShape]` (e.g. N(0, 1) for a Normal), drawn
   * from `rng`; undefined when the family has no such form. The draws do not depend on
   * the parameters, and `sample(sampleShape, rng)` equals `fromNoise(noise(sampleShape, rng))`
   * bit for bit, with the same draws: SVI passes ε to its compiled step.
   */
  noise(sampleShape: Shape, rng: Rng): Tensor | undefined {
    const draw = this.standardDraw();
    if (draw === undefined || !this.reparameterized) return undefined;
    // a subclass that samples otherwise, without a noise form of its own, has none
    const drawn = ownerOf(this, '_sample');
    const mapped = ownerOf(this, 'standardDraw');
    if (drawn !== null && mapped !== null && drawn !== mapped) {
      if (Object.prototype.isPrototypeOf.call(mapped, drawn)) return undefined;
    }
    return rng.tensor([...sampleShape, ...this.batchShape, ...this.eventShape], draw);
  }

  /** @internal The draw at standard noise `eps` (see {@link Distribution.noise}). */
  fromNoise(eps: Tensor): Tensor {
    return this.missing(`fromNoise of ${fmt(eps.shape)}`);
  }

  /** One element of the standard noise, if the family samples as a map of it. */
  protected standardDraw(): ((r: Rng) => number) | undefined {
    return undefined;
  }

  /**
   * The log density (or log mass) at `value`, of shape `[...valueBatch ⊕ batchShape]`:
   * -Infinity with gradient 0 outside the support and at NaN or ±Infinity (every density
   * vanishes there), never NaN. Where the log density is infinite inside the support (a
   * zero probability, e.g. Binomial with probs 0 at k > 0, or the +Infinity of Gamma(½)
   * at 0) the value is that limit and the gradient is 0 too.
   * @throws {@link ShapeError} if value's trailing axes are not `eventShape` or its other
   *   axes do not broadcast against `batchShape`.
   */
  logProb(value: TensorLike): Tensor {
    const x = this.checkValue(value, 'logProb');
    const support = this.support;
    const ed = this.eventShape.length;
    if (support.contains(x) && allFinite(x)) {
      const batch = x.shape.slice(0, x.rank - ed);
      return broadcastTo(
        finiteGradient(this._logProb(x)),
        broadcastShape([batch, this.batchShape]),
      );
    }
    const ok = noGrad(() => logicalAnd(support.check(x), finiteEvents(x, ed)));
    const outShape = broadcastShape([ok.shape, this.batchShape]);
    const okE = reshape(ok, [...ok.shape, ...this.eventShape.map(() => 1)]);
    const safe = where(okE, x, support.interior(x));
    return broadcastTo(where(ok, finiteGradient(this._logProb(safe)), -Infinity), outShape);
  }

  private checkValue(value: TensorLike, method: string): Tensor {
    const op = `${this.family}.${method}`;
    const x = toTensor(value, op, 'value');
    const er = this.eventShape.length;
    const tail = x.shape.slice(x.rank - er);
    if (x.rank < er || tail.some((d, i) => d !== this.eventShape[i]))
      throw new ShapeError(
        op,
        `value of shape ${fmt(x.shape)} does not end in the event shape ${fmt(this.eventShape)}`,
      );
    if (!broadcasts([x.shape.slice(0, x.rank - er), this.batchShape]))
      throw new ShapeError(
        op,
        `value of shape ${fmt(x.shape)} does not broadcast against the batch shape ${fmt(this.batchShape)}`,
      );
    return x;
  }

  /** The mean (NaN where it does not exist). */
  get mean(): Tensor {
    return this.full(this._mean());
  }

  /** The variance (Infinity or NaN where it does not exist). */
  get variance(): Tensor {
    return this.full(this._variance());
  }

  /** The standard deviation, `sqrt(variance)`. */
  get stddev(): Tensor {
    return sqrt(this.variance);
  }

  /** The mode (NaN where it is not unique). */
  get mode(): Tensor {
    return this.full(this._mode());
  }

  /** The (differential) entropy, of shape `batchShape`. */
  entropy(): Tensor {
    return broadcastTo(this._entropy(), this.batchShape);
  }

  /** The cumulative distribution function P(X ≤ x) (scalar events only). */
  cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, 'cdf');
    return broadcastTo(this._cdf(x), broadcastShape([x.shape, this.batchShape]));
  }

  /**
   * The quantile function, the inverse of {@link Distribution.cdf}.
   * @throws {@link ArgumentError} if a probability is outside [0, 1].
   */
  icdf(p: TensorLike): Tensor {
    const t = this.checkValue(p, 'icdf');
    const bad = t.data.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0)
      throw new ArgumentError(
        `${this.family}.icdf`,
        `argument 'p' must be in [0, 1], got ${describeValue(t, bad)}`,
      );
    return broadcastTo(this._icdf(t), broadcastShape([t.shape, this.batchShape]));
  }

  /**
   * The same distribution broadcast to a larger batch shape (the parameters are not
   * copied; methods broadcast their results).
   * @throws {@link ShapeError} if the batch shape does not broadcast to `batchShape`.
   */
  expand(batchShape: Shape): this {
    const ok =
      batchShape.length >= this.batchShape.length &&
      this.batchShape.every(
        (d, i) => d === 1 || d === batchShape[batchShape.length - this.batchShape.length + i],
      );
    if (!ok)
      throw new ShapeError(
        `${this.family}.expand`,
        `cannot expand batch shape ${fmt(this.batchShape)} to ${fmt(batchShape)}`,
      );
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, { batchShape: [...batchShape] });
    return copy;
  }

  toString(): string {
    return `${this.family}(batchShape=${fmt(this.batchShape)}, eventShape=${fmt(this.eventShape)})`;
  }

  private full(t: Tensor): Tensor {
    return broadcastTo(t, [...this.batchShape, ...this.eventShape]);
  }

  /** Unavailable-method error. */
  protected missing(what: string): never {
    throw new ArgumentError(
      `${this.family}.${what}`,
      `not available for the ${this.family} distribution`,
    );
  }

  /** Draws a tensor of the full `shape` (sample, batch and event axes). */
  protected abstract _sample(shape: Shape, rng: Rng): Tensor;
  /** The log density at x, every event of which lies in the support. */
  protected abstract _logProb(x: Tensor): Tensor;
  protected _mean(): Tensor {
    return this.missing('mean');
  }
  protected _variance(): Tensor {
    return this.missing('variance');
  }
  protected _mode(): Tensor {
    return this.missing('mode');
  }
  protected _entropy(): Tensor {
    return this.missing('entropy');
  }
  protected _cdf(_x: Tensor): Tensor {
    return this.missing('cdf');
  }
  protected _icdf(_p: Tensor): Tensor {
    return this.missing('icdf');
  }
}

/** One element of t, with its index when t is not a scalar. */
export function describeValue(t: Tensor, i: number): string {
  return t.rank === 0 ? String(t.data[i]) : `${t.data[i]} at index ${fmt(unravel(i, t.shape))}`;
}
