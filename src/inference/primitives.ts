/**
 * The model language: a model is a plain function that calls these primitives.
 * Without handlers they just run (sampling from the module's default Rng); handlers
 * (`trace`, `condition`, `seed`, ...) give them meaning.
 * @module
 */
import {
  ArgumentError,
  ShapeError,
  tensor,
  toTensor,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Constraint, constraints, Distribution } from '../distributions/index.js';
import { defaultRng, type Rng } from '../random/index.js';
import {
  applyStack,
  message,
  Messenger,
  type InferOptions,
  type Message,
  type PlateFrame,
} from './runtime.js';

/**
 * Options of {@link sample}.
 * @example
 * ```ts
 * import { sample, Normal, type SampleOptions } from 'pathwise';
 * const o: SampleOptions = { obs: [1, 2] };
 * sample('y', new Normal(0, 1), o).toArray(); // [1, 2]
 * ```
 */
export interface SampleOptions {
  /** Observed data: the site's value is fixed and counts as evidence. */
  obs?: TensorLike;
  /**
   * In a guide: a helper site the model does not have (e.g. the joint latent of
   * {@link autoMultivariateNormal}); SVI does not look for it in the model (default false).
   */
  auxiliary?: boolean;
  /** How inference treats the site, e.g. `{ enumerate: 'parallel' }` for a discrete one. */
  infer?: InferOptions;
}

/**
 * A random variable named `name` with distribution `fn`: returns its value (observed,
 * conditioned, replayed, or drawn).
 * @throws {@link ArgumentError} if `fn` is not a Distribution, or an observed value lies
 *   outside the support (naming the site and the value).
 * @example
 * ```ts
 * import { sample, Normal, seed } from 'pathwise';
 * const model = () => sample('x', new Normal(0, 1));
 * seed(model, 0)().shape; // []
 * sample('y', new Normal(0, 1), { obs: 0.5 }).item(); // 0.5
 * ```
 */
export function sample(name: string, fn: Distribution, options: SampleOptions = {}): Tensor {
  if (!(fn instanceof Distribution)) {
    throw new ArgumentError('sample', `site '${name}': expected a Distribution, got ${String(fn)}`);
  }
  const observed = options.obs !== undefined;
  const value = observed
    ? toTensor(options.obs as TensorLike, 'sample', `obs of site '${name}'`)
    : undefined;
  const auxiliary = options.auxiliary ?? false;
  const msg = applyStack(
    message('sample', name, { fn, value, observed, auxiliary, infer: options.infer }),
    drawValue,
  );
  if (msg.observed) checkSupport(msg);
  return msg.value as Tensor;
}

function drawValue(msg: Message): void {
  msg.value = (msg.fn as Distribution).sample([], msg.rng ?? defaultRng());
}

function checkSupport(msg: Message): void {
  const d = msg.fn as Distribution;
  if (d.support.contains(msg.value as Tensor)) return;
  const ok = d.support.check(msg.value as Tensor);
  const bad = ok.data.indexOf(0);
  if (bad >= 0) {
    throw new ArgumentError(
      'sample',
      `site '${msg.name}' observes a value outside the support of ${d.family} (${d.support.description}): entry ${bad} of ${String(msg.value)}`,
    );
  }
}

/**
 * Options of {@link param}.
 * @example
 * ```ts
 * import { param, constraints, type ParamOptions } from 'pathwise';
 * const o: ParamOptions = { constraint: constraints.unitInterval };
 * param('p', 0.5, o).item(); // 0.5
 * ```
 */
export interface ParamOptions {
  /** The set the parameter lives in (default real); SVI optimizes it unconstrained. */
  constraint?: Constraint;
}

/**
 * A learnable parameter named `name`. Returns its current value: the initial value
 * (a tensor, or a function of an Rng) unless a handler (e.g. SVI) substitutes it.
 * @throws {@link ArgumentError} if the initial value lies outside `constraint` (naming
 *   the parameter, the constraint and the entry), or `constraint` is not a Constraint.
 * @example
 * ```ts
 * import { param, constraints } from 'pathwise';
 * param('scale', 1.5, { constraint: constraints.positive }).item(); // 1.5
 * ```
 */
export function param(
  name: string,
  init: TensorLike | ((rng: Rng) => TensorLike),
  options: ParamOptions = {},
): Tensor {
  const constraint = options.constraint ?? constraints.real;
  if (!(constraint instanceof Constraint))
    throw new ArgumentError(
      'param',
      `constraint of '${name}' must be a Constraint (e.g. constraints.positive), got ${String(constraint)}`,
    );
  const make = (rng: Rng): Tensor => {
    const t = toTensor(typeof init === 'function' ? init(rng) : init, 'param', `init of '${name}'`);
    if (!constraint.contains(t)) {
      const bad = constraint.check(t).data.indexOf(0);
      throw new ArgumentError(
        'param',
        `the initial value of '${name}' is outside its constraint (${constraint.description}): entry ${bad} of ${String(t)}`,
      );
    }
    return t;
  };
  const msg = applyStack(message('param', name, { constraint, init: make }), (m) => {
    m.value = make(m.rng ?? defaultRng());
  });
  return msg.value as Tensor;
}

/**
 * Records `value` under `name` in traces (e.g. a transformed quantity to report).
 * @example
 * ```ts
 * import { deterministic, trace, mul } from 'pathwise';
 * const tr = trace(() => deterministic('twice', mul(2, 3))).getTrace();
 * tr.get('twice')?.value.item(); // 6
 * ```
 */
export function deterministic(name: string, value: TensorLike): Tensor {
  const v = toTensor(value, 'deterministic', name);
  return applyStack(message('deterministic', name, { value: v }), () => undefined).value as Tensor;
}

/**
 * Adds `logWeight` to the model's log-density (a soft constraint or a custom
 * likelihood term); `-Infinity` rules a region out.
 * @example
 * ```ts
 * import { factor, logJoint } from 'pathwise';
 * logJoint(() => factor('penalty', -2.5), [], {}).item(); // -2.5
 * ```
 */
export function factor(name: string, logWeight: TensorLike): void {
  applyStack(
    message('factor', name, { value: toTensor(logWeight, 'factor', name) }),
    () => undefined,
  );
}

/**
 * Options of {@link plate}.
 * @example
 * ```ts
 * import { plate, type PlateOptions } from 'pathwise';
 * const o: PlateOptions = { subsampleSize: 2 };
 * plate('i', 10, (idx) => idx.size, o); // 2
 * ```
 */
export interface PlateOptions {
  /** Use a random subset of this many members (log-probabilities are scaled by size / subsampleSize). */
  subsampleSize?: number;
  /** The batch axis of the plate (negative; default: the next free axis from the right). */
  dim?: number;
}

const active: PlateFrame[] = [];

class PlateMessenger extends Messenger {
  constructor(private readonly frame: PlateFrame) {
    super();
  }

  override process(msg: Message): void {
    if (msg.type !== 'sample' && msg.type !== 'factor') return;
    const f = this.frame;
    msg.frames.push(f);
    msg.scale *= f.size / f.subsampleSize;
    if (msg.type === 'sample') {
      msg.fn = expandTo(msg, f);
      if (msg.observed) checkObserved(msg, f);
    }
  }
}

/** Observed data must have the plate's size (or 1) on the plate's axis. */
function checkObserved(msg: Message, f: PlateFrame): void {
  const v = msg.value as Tensor;
  const batchRank = v.rank - (msg.fn as Distribution).eventShape.length;
  const ax = batchRank + f.dim;
  if (ax < 0 || v.shape[ax] === 1 || v.shape[ax] === f.subsampleSize) return;
  throw new ShapeError(
    `plate '${f.name}'`,
    `site '${msg.name}' observes a value of shape [${v.shape.join(',')}], whose axis ${f.dim} (${v.shape[ax]}) does not match the plate size ${f.subsampleSize}`,
  );
}

/** Expands the site's distribution so its batch shape has the plate's size at `dim`. */
function expandTo(msg: Message, f: PlateFrame): Distribution {
  const d = msg.fn as Distribution;
  const bs = d.batchShape;
  const rank = Math.max(bs.length, -f.dim);
  const target = [...new Array<number>(rank - bs.length).fill(1), ...bs];
  const ax = rank + f.dim;
  if (target[ax] === f.subsampleSize) return d;
  if (target[ax] !== 1) {
    throw new ShapeError(
      `plate '${f.name}'`,
      `site '${msg.name}' has batch shape [${bs.join(',')}], whose axis ${f.dim} (${target[ax]}) does not match the plate size ${f.subsampleSize}`,
    );
  }
  target[ax] = f.subsampleSize;
  return d.expand(target);
}

/**
 * Declares `size` conditionally independent members along a batch axis and runs `fn`
 * inside: sample sites get that axis in their batch shape (their distributions are
 * broadcast to it). With `subsampleSize`, `fn` receives random member indices and
 * log-probabilities are scaled by `size / subsampleSize`, so the log-joint stays an
 * unbiased estimate. The indices are a site named `name` (traced, replayable).
 * @throws {@link ArgumentError} for a bad size or subsample size.
 * @example
 * ```ts
 * import { plate, sample, Normal, trace } from 'pathwise';
 * const model = () => plate('data', 3, () => sample('x', new Normal(0, 1)));
 * trace(model).getTrace().get('x')?.value.shape; // [3]
 * ```
 */
export function plate<T>(
  name: string,
  size: number,
  fn: (indices: Tensor) => T,
  options: PlateOptions = {},
): T {
  const sub = options.subsampleSize ?? size;
  if (!Number.isInteger(size) || size < 1)
    throw new ArgumentError(
      'plate',
      `plate '${name}': size must be a positive integer, got ${size}`,
    );
  if (!Number.isInteger(sub) || sub < 1 || sub > size) {
    throw new ArgumentError(
      'plate',
      `plate '${name}': subsampleSize must be an integer in [1, ${size}], got ${sub}`,
    );
  }
  let dim = -1; // default: the first axis from the right no enclosing plate uses
  while (active.some((f) => f.dim === dim)) dim--;
  if (options.dim !== undefined) dim = options.dim;
  if (!Number.isInteger(dim) || dim >= 0)
    throw new ArgumentError('plate', `plate '${name}': dim must be a negative integer, got ${dim}`);
  if (active.some((f) => f.dim === dim)) {
    throw new ArgumentError(
      'plate',
      `plate '${name}': axis ${dim} is already used by plate '${active.find((f) => f.dim === dim)?.name}'`,
    );
  }
  const msg = applyStack(message('plate', name), (m) => {
    m.value = sub === size ? range(size) : choose(size, sub, m.rng ?? defaultRng());
  });
  const frame: PlateFrame = { name, size, subsampleSize: sub, dim };
  active.push(frame);
  try {
    return new PlateMessenger(frame).run(() => fn(msg.value as Tensor));
  } finally {
    active.pop();
  }
}

const ranges = new Map<number, Tensor>();

/** 0..n-1 (cached: tensors are immutable, and `tensor` storage is never recycled). */
function range(n: number): Tensor {
  let r = ranges.get(n);
  if (r === undefined) ranges.set(n, (r = tensor(Float64Array.from({ length: n }, (_, i) => i))));
  return r;
}

/** `k` distinct members of `0..n-1` in random order (partial Fisher–Yates). */
function choose(n: number, k: number, rng: Rng): Tensor {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.uniform() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return tensor(idx.slice(0, k));
}
