/**
 * The training loop behind `Sequential.fit`, `evaluate` and `predict`: data checks
 * with shape-naming errors, batches sliced once per epoch, one tape per step,
 * missing-gradient warnings explained by `explainGradient`, Keras-style logs.
 * @module
 */
import {
  add,
  ArgumentError,
  explainGradient,
  GradientTape,
  tidy,
  noGrad,
  NonFiniteError,
  NonFiniteGradientError,
  ShapeError,
  Tensor,
  toTensor,
  type Shape,
  type TensorLike,
  type Variable,
} from '../autodiff/index.js';
import { fmt, sameShape, sizeOf } from '../autodiff/shape.js';
import { type Optimizer } from '../optim/index.js';
import { defaultRng, rng, type Rng, type Seed } from '../random/index.js';
import { History, type Callback, type Logs } from './callbacks.js';
import { batchShape, type Layer } from './layer.js';
import { type LossFunction } from './losses.js';
import { type Metric } from './metrics.js';
import { compileStep } from './noise.js';
import { getPlatform } from './platform.js';

/**
 * Options of `fit` (Keras's, in camelCase).
 * @example
 * ```ts
 * import { type FitOptions } from 'pathwise';
 * const o: FitOptions = { epochs: 5, batchSize: 32, validationSplit: 0.1, verbose: 0, seed: 1 };
 * o.epochs; // 5
 * ```
 */
export interface FitOptions {
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Shuffle the training samples before each epoch (default true). */
  shuffle?: boolean;
  /** Fraction of samples, taken from the end before shuffling, held out for validation (default 0). */
  validationSplit?: number;
  /** Validation samples `[x, y]` (takes precedence over validationSplit). */
  validationData?: readonly [TensorLike, TensorLike];
  /** 0: silent; 1: progress bar (default); 2: one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Hooks called during training. */
  callbacks?: readonly Callback[];
  /** Seed of the shuffling (default: the module's default Rng). */
  seed?: Seed;
  /** The progress logger when verbose > 0 (default: the platform's; `pathwise/node` installs a terminal bar). */
  logger?: Callback;
  /** Receives warnings, e.g. a weight without a gradient (default `console.warn`). */
  onWarning?: (message: string) => void;
}

/**
 * Options of `evaluate` and `predict`.
 * @example
 * ```ts
 * import { type EvaluateOptions } from 'pathwise';
 * const o: EvaluateOptions = { batchSize: 256 };
 * o.batchSize; // 256
 * ```
 */
export interface EvaluateOptions {
  /** Samples per forward pass (default 32). */
  batchSize?: number;
}

/** @internal What `compile` fixed. */
export interface Compiled {
  loss: LossFunction;
  optimizer: Optimizer;
  metrics: Metric[];
  runEagerly: boolean;
}

/** @internal Samples as `[N, ...features]`, with `getRows` giving views of consecutive rows. */
export class Samples {
  readonly n: number;
  readonly features: Shape;
  readonly width: number;
  constructor(readonly t: Tensor) {
    this.n = t.shape[0];
    this.features = t.shape.slice(1);
    this.width = sizeOf(this.features);
  }
  rows(start: number, end: number): Tensor {
    const w = this.width;
    return new Tensor(this.t.data.subarray(start * w, end * w), [end - start, ...this.features]);
  }
}

/** @internal x or y as a batch of samples; a 1-D array is one feature per sample (Keras's expand_1d). */
export function samples(op: string, arg: string, v: TensorLike): Samples {
  // a Float64Array is only read while fit, evaluate or predict runs: no need to copy it
  const t = v instanceof Float64Array ? new Tensor(v, [v.length]) : toTensor(v, op, arg);
  if (t.rank === 0)
    throw new ShapeError(op, `argument '${arg}' must have a batch axis, got a scalar`);
  return new Samples(t.rank === 1 ? new Tensor(t.data, [t.size, 1]) : t);
}

function positiveInt(op: string, name: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min))
    throw new ArgumentError(op, `${name} must be an integer >= ${min}, got ${v}`);
}

/** Throws an {@link ArgumentError} naming `arg` and the first entry that is NaN or ±Infinity. */
function checkFinite(op: string, arg: string, s: Samples): void {
  const d = s.t.data;
  for (let i = 0; i < d.length; i++) {
    if (Number.isFinite(d[i])) continue;
    const index = s.t.shape.map((_, k, sh) => Math.floor(i / sizeOf(sh.slice(k + 1))) % sh[k]);
    throw new ArgumentError(
      op,
      `${arg} holds ${d[i]} at index [${index.join(',')}] (sample ${Math.floor(i / Math.max(1, s.width))}); the data must be finite`,
    );
  }
}

/**
 * @internal Checks x against the model's input shape and y against its output, and that
 * both are finite; builds the model.
 */
export function checkData(
  op: string,
  model: Layer,
  x: Samples,
  y: Samples,
  names: readonly [string, string] = ['x', 'y'],
): void {
  checkFinite(op, names[0], x);
  checkFinite(op, names[1], y);
  const spec = model.inputSpec;
  if (spec !== null && !sameShape(x.features, spec))
    throw new ShapeError(
      op,
      `x has shape ${fmt(x.t.shape)} but the model expects inputs of shape ${batchShape(spec)}`,
    );
  if (x.n !== y.n)
    throw new ShapeError(
      op,
      `x has ${x.n} samples (shape ${fmt(x.t.shape)}) but y has ${y.n} (shape ${fmt(y.t.shape)})`,
    );
  if (x.n === 0) throw new ArgumentError(op, 'x and y hold no samples');
  const out = noGrad(() => model.apply(x.rows(0, 1)));
  const want = model.targetShape(out);
  if (!sameShape(want, y.features))
    throw new ShapeError(
      op,
      `y has shape ${fmt(y.t.shape)} but the model's outputs have shape ${batchShape(want)}`,
    );
}

/**
 * The total loss of one batch: the compiled loss plus the regularization penalties and
 * the losses the layers added in this forward pass ({@link Layer.addLoss}).
 */
function totalLoss(
  model: Layer,
  c: Compiled,
  xb: Tensor,
  yb: Tensor,
): { loss: Tensor; pred: Tensor } {
  const pred = model.apply(xb);
  let loss = c.loss(yb, pred);
  const reg = model.regularizationLoss();
  if (reg !== null) loss = add(loss, reg);
  for (const l of model.losses) loss = add(loss, l);
  return { loss, pred };
}

/** Re-runs a batch on a persistent tape to say why `v` got no gradient. */
function explainMissing(model: Layer, c: Compiled, xb: Tensor, yb: Tensor, v: Variable): string {
  const tape = new GradientTape({ persistent: true });
  const { loss } = tape.record(() => totalLoss(model, c, xb, yb));
  return explainGradient(tape, loss, [v]).findings[0].message;
}

/**
 * Fisher–Yates with one 32-bit draw per element (j = ⌊u·(i+1)/2³²⌋: the bias, below
 * (i+1)/2³² ≤ 2.4e-5 for 10⁵ samples, is immaterial for shuffling mini-batches).
 */
function shuffleInPlace(p: Int32Array, r: Rng): void {
  for (let i = p.length - 1; i > 0; i--) {
    const j = Math.floor((r.uint32() * (i + 1)) / 4294967296);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
}

/** Copies rows `perm[i]` of `src` into row i of `dst`. */
function gatherRows(src: Float64Array, dst: Float64Array, perm: Int32Array, w: number): void {
  if (w === 1) {
    for (let i = 0; i < perm.length; i++) dst[i] = src[perm[i]];
    return;
  }
  for (let i = 0; i < perm.length; i++) dst.set(src.subarray(perm[i] * w, perm[i] * w + w), i * w);
}

/**
 * Batches over a reusable buffer, refilled each epoch. A batch's tensor is a view made
 * when the step asks for it: made up front, thousands of them would outlive the first
 * garbage collections of each fit, which then copy them (milliseconds per fit).
 */
class BatchBuffer {
  readonly data: Float64Array;
  readonly count: number;
  private readonly full: Shape;
  private readonly last: Shape;
  constructor(
    private readonly s: Samples,
    private readonly n: number,
    private readonly size: number,
  ) {
    this.data = new Float64Array(n * s.width);
    this.count = Math.ceil(n / size);
    this.full = [size, ...s.features];
    this.last = [n - (this.count - 1) * size, ...s.features];
  }

  /** Batch b (0-based) of the current order. */
  batch(b: number): Tensor {
    const w = this.s.width;
    const start = b * this.size;
    const end = Math.min(this.n, start + this.size);
    return new Tensor(
      this.data.subarray(start * w, end * w),
      end - start === this.size ? this.full : this.last,
    );
  }
}

/** Training and validation samples: `validationData`, or the last `validationSplit` of x, y. */
function split(
  op: string,
  model: Layer,
  x: Samples,
  y: Samples,
  options: FitOptions,
): { nTrain: number; val: [Samples, Samples] | null } {
  const { validationData, validationSplit = 0 } = options;
  if (!(validationSplit >= 0 && validationSplit < 1))
    throw new ArgumentError(op, `validationSplit must be in [0, 1), got ${validationSplit}`);
  if (validationData) {
    const vx = samples(op, 'validationData[0]', validationData[0]);
    const vy = samples(op, 'validationData[1]', validationData[1]);
    checkData(op, model, vx, vy, ['validationData[0]', 'validationData[1]']);
    return { nTrain: x.n, val: [vx, vy] };
  }
  if (validationSplit === 0) return { nTrain: x.n, val: null };
  const nTrain = Math.floor(x.n * (1 - validationSplit));
  if (nTrain === 0 || nTrain === x.n)
    throw new ArgumentError(
      op,
      `validationSplit ${validationSplit} of ${x.n} samples leaves an empty set`,
    );
  return { nTrain, val: [new Samples(x.rows(nTrain, x.n)), new Samples(y.rows(nTrain, y.n))] };
}

/** What one training step computes. */
interface StepResult {
  loss: Tensor;
  pred: Tensor | null;
  grads: (Tensor | null)[];
  /** The layers' added losses (a compiled step returns their values); absent if none. */
  losses?: Tensor[];
}

/**
 * One optimizer step per batch, warning once per weight that gets no gradient. Like
 * Keras's `fit` wrapping its train step in `tf.function`, the step (forward, loss,
 * backward) is compiled with {@link jit} under its `check` option: the first compiled
 * step of each batch size is compared bit for bit with an eager one, and if they differ
 * (a layer that reads tensor values into JavaScript, say) or the step cannot be traced,
 * training goes on eagerly, with one warning saying why. The noise of stochastic layers
 * is an argument of the compiled step, drawn outside it (see noise.ts).
 * `compile({ runEagerly: true })` skips jit.
 */
class Trainer {
  private readonly vars: Variable[];
  private readonly warned = new Set<Variable>();
  /** Loss, predictions and gradients of one batch. */
  private readonly compute: (xb: Tensor, yb: Tensor) => StepResult;
  constructor(
    private readonly op: string,
    private readonly model: Layer,
    private readonly c: Compiled,
    private readonly warn: (message: string) => void,
  ) {
    this.vars = model.trainableWeights;
    const step = (xb: Tensor, yb: Tensor): StepResult => this.gradients(xb, yb);
    // tidy: an eager step's temporaries are recycled by the next step
    this.compute = c.runEagerly
      ? (xb, yb) => tidy(() => step(xb, yb))
      : compileStep(
          step,
          () => model.stochastic,
          (why) => warn(`${op}: training steps run eagerly from now on: ${why}`),
        );
  }

  private gradients(xb: Tensor, yb: Tensor): StepResult {
    const tape = new GradientTape();
    const { loss, pred } = tape.record(() => totalLoss(this.model, this.c, xb, yb));
    // without metrics nothing reads the predictions: a compiled step need not store them
    const kept = this.c.metrics.length > 0 ? pred : null;
    const grads = tape.gradient(loss, this.vars);
    const { losses } = this.model;
    // no added losses: no key, so a compiled step builds no empty array per step
    return losses.length > 0 ? { loss, pred: kept, grads, losses } : { loss, pred: kept, grads };
  }

  /** One step on batch `batch` of epoch `epoch` (both 0-based, named in errors). */
  step(
    xb: Tensor,
    yb: Tensor,
    epoch: number,
    batch: number,
  ): { loss: number; pred: Tensor | null } {
    const { vars } = this;
    const { loss, pred, grads, losses } = this.compute(xb, yb);
    // a compiled step does not run the layers: give them this step's loss values
    if (losses !== undefined) this.model.replaceLosses(losses);
    const value = loss.item();
    if (!Number.isFinite(value))
      // before the update: the weights and the optimizer stay as the last finite step left them
      throw new NonFiniteLossError(
        this.op,
        `the loss became ${value} at epoch ${epoch + 1}, batch ${batch + 1}; training stopped, the weights are those after the last step with a finite loss`,
        epoch,
        batch,
      );
    for (let i = 0; i < vars.length; i++) {
      if (grads[i] !== null || this.warned.has(vars[i])) continue;
      this.warned.add(vars[i]);
      const why = explainMissing(this.model, this.c, xb, yb, vars[i]);
      this.warn(
        `${this.op}: gradients do not exist for variable '${vars[i].name}', so it is not updated. ${why}`,
      );
    }
    try {
      this.c.optimizer.apply(grads, vars);
    } catch (e) {
      if (!(e instanceof NonFiniteGradientError)) throw e;
      throw new NonFiniteGradientError(
        this.op,
        e.variable,
        `at epoch ${epoch + 1}, batch ${batch + 1}: ${e.message}; training stopped, the weights are those after the last finite step`,
      );
    }
    return { loss: value, pred };
  }
}

/**
 * Thrown by `fit` when the training loss becomes NaN or ±Infinity (as Keras's
 * TerminateOnNaN stops, but losing nothing): the failing step is not applied, so the
 * weights and the optimizer state are those after the last step with a finite loss.
 * `epoch` and `batch` are 0-based; the message counts from 1.
 * @example
 * ```ts
 * import { Sequential, Dense, SGD, NonFiniteLossError } from 'pathwise';
 * const model = new Sequential([new Dense({ units: 1, inputShape: [1] })]);
 * model.compile({ optimizer: new SGD({ learningRate: 1e200 }), loss: 'mse' });
 * try {
 *   model.fit([[1e200], [2e200]], [[1], [2]], { epochs: 3, batchSize: 1, verbose: 0, shuffle: false });
 * } catch (e) {
 *   console.log(e instanceof NonFiniteLossError, model.getWeights().every((w) => w.data.every(Number.isFinite))); // true true
 * }
 * ```
 */
export class NonFiniteLossError extends NonFiniteError {
  constructor(
    op: string,
    message: string,
    /** The epoch (0-based) whose step produced the loss. */
    readonly epoch: number,
    /** The batch (0-based) within the epoch. */
    readonly batch: number,
  ) {
    super(op, message);
  }
}

/** @internal `Sequential.fit`. */
export function fitModel(
  model: Layer,
  c: Compiled,
  xIn: TensorLike,
  yIn: TensorLike,
  options: FitOptions,
): History {
  const op = `${model.name}.fit`;
  const { epochs = 1, batchSize = 32, shuffle = true, verbose = 1 } = options;
  positiveInt(op, 'epochs', epochs, 0);
  positiveInt(op, 'batchSize', batchSize, 1);
  const x = samples(op, 'x', xIn);
  const y = samples(op, 'y', yIn);
  checkData(op, model, x, y);
  const { nTrain, val } = split(op, model, x, y, options);
  const random = options.seed === undefined ? defaultRng() : rng(options.seed);
  const trainer = new Trainer(op, model, c, options.onWarning ?? ((m) => console.warn(m)));
  const history = new History();
  const logger =
    verbose === 0 ? null : (options.logger ?? getPlatform().progressLogger?.(verbose) ?? null);
  const callbacks: Callback[] = [
    ...(logger ? [logger] : []),
    ...(options.callbacks ?? []),
    history,
  ];
  const xs = new BatchBuffer(x, nTrain, batchSize);
  const ys = new BatchBuffer(y, nTrain, batchSize);
  const perm = new Int32Array(nTrain); // (Int32Array.from of an array-like is slow: ms per fit)
  for (let i = 0; i < nTrain; i++) perm[i] = i;
  const steps = xs.count;
  for (const cb of callbacks) cb.setParams?.({ epochs, steps, samples: nTrain, verbose });
  for (const cb of callbacks) cb.onTrainBegin?.();
  model.stopTraining = false;
  let logs: Logs = {};
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    for (const cb of callbacks) cb.onEpochBegin?.(epoch);
    if (epoch === 0 || shuffle) {
      if (shuffle) shuffleInPlace(perm, random);
      gatherRows(x.t.data, xs.data, perm, x.width);
      gatherRows(y.t.data, ys.data, perm, y.width);
    }
    logs = runBatches(model, c, trainer, [xs, ys], [epoch, steps], callbacks);
    if (val !== null)
      for (const [k, v] of Object.entries(evaluateSamples(model, c, val[0], val[1], batchSize)))
        logs[`val_${k}`] = v;
    for (const cb of callbacks) cb.onEpochEnd?.(epoch, logs);
  }
  for (const cb of callbacks) cb.onTrainEnd?.(logs);
  return history;
}

/**
 * One epoch's batches: a training step on each, the running means of the loss and
 * metrics passed to `onBatchEnd` (when there are callbacks besides the history).
 * Returns the epoch's means.
 */
function runBatches(
  model: Layer,
  c: Compiled,
  trainer: Trainer,
  [xs, ys]: [BatchBuffer, BatchBuffer],
  [epoch, steps]: [number, number],
  callbacks: Callback[],
): Logs {
  const sums = new Float64Array(1 + c.metrics.length);
  let seen = 0;
  for (let s = 0; s < steps && !model.stopTraining; s++) {
    const yb = ys.batch(s);
    const { loss, pred } = trainer.step(xs.batch(s), yb, epoch, s);
    const nb = yb.shape[0];
    sums[0] += loss * nb;
    for (let k = 0; k < c.metrics.length; k++)
      sums[k + 1] += c.metrics[k].fn(yb, pred as Tensor) * nb;
    seen += nb;
    if (callbacks.length > 1) {
      const logs = means(c, sums, seen);
      for (const cb of callbacks) cb.onBatchEnd?.(s, logs);
    }
  }
  return means(c, sums, seen);
}

function means(c: Compiled, sums: Float64Array, n: number): Logs {
  const logs: Logs = { loss: sums[0] / n };
  c.metrics.forEach((m, k) => (logs[m.name] = sums[k + 1] / n));
  return logs;
}

/** @internal The mean loss (with regularization) and metrics over samples, in batches. */
export function evaluateSamples(
  model: Layer,
  c: Compiled,
  x: Samples,
  y: Samples,
  batchSize: number,
): Logs {
  const sums = new Float64Array(1 + c.metrics.length);
  noGrad(() => {
    for (let b = 0; b < x.n; b += batchSize) {
      const e = Math.min(x.n, b + batchSize);
      const yb = y.rows(b, e);
      const { loss, pred } = totalLoss(model, c, x.rows(b, e), yb);
      sums[0] += loss.item() * (e - b);
      c.metrics.forEach((m, k) => (sums[k + 1] += m.fn(yb, pred) * (e - b)));
    }
  });
  return means(c, sums, x.n);
}

/** @internal `Sequential.predict`: the outputs of every sample, computed in batches. */
export function predictSamples(op: string, model: Layer, x: Samples, batchSize: number): Tensor {
  const spec = model.inputSpec;
  if (spec !== null && !sameShape(x.features, spec))
    throw new ShapeError(
      op,
      `x has shape ${fmt(x.t.shape)} but the model expects inputs of shape ${batchShape(spec)}`,
    );
  return noGrad(() => {
    if (x.n <= batchSize) return model.apply(x.t);
    let out: Float64Array | null = null;
    let features: Shape = [];
    let w = 0;
    for (let b = 0; b < x.n; b += batchSize) {
      const e = Math.min(x.n, b + batchSize);
      const yb = model.apply(x.rows(b, e));
      if (out === null) {
        features = yb.shape.slice(1);
        w = sizeOf(features);
        out = new Float64Array(x.n * w);
      }
      out.set(yb.data, b * w);
    }
    return new Tensor(out as Float64Array, [x.n, ...features]);
  });
}
