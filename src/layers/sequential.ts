/**
 * `Sequential`: a stack of layers, with Keras's compile / fit / evaluate / predict.
 * @module
 */
import { ArgumentError, noGrad, zeros, type Tensor, type TensorLike } from '../autodiff/index.js';
import { getOptimizer, type Optimizer } from '../optim/index.js';
import { type History, type Logs } from './callbacks.js';
import { Layer } from './layer.js';
import type { Distribution } from '../distributions/index.js';
import { type Shape } from '../autodiff/shape.js';
import {
  DistributionLayer,
  modelLoss,
  summarize,
  type PredictiveSummary,
  type PredictSamplesOptions,
} from './distribution-layer.js';
import { type Loss, type LossFunction } from './losses.js';
import { getMetric, type Metric } from './metrics.js';
import {
  checkData,
  evaluateSamples,
  fitModel,
  predictSamples,
  samples,
  type Compiled,
  type EvaluateOptions,
  type FitOptions,
} from './training.js';

/**
 * Options of {@link Sequential.compile}.
 * @example
 * ```ts
 * import { Adam, type CompileOptions } from 'pathwise';
 * const o: CompileOptions = { loss: 'mse', optimizer: new Adam({ learningRate: 0.01 }), metrics: ['mae'] };
 * o.loss; // 'mse'
 * ```
 */
export interface CompileOptions {
  /** A Keras-style name (`'mse'`, `'binary_crossentropy'`, ...), a Loss, or a function. */
  loss: string | Loss | LossFunction;
  /** A Keras-style name (`'adam'`, `'sgd'`, `'rmsprop'`, `'adagrad'`) or an Optimizer. */
  optimizer: string | Optimizer;
  /** Figures reported besides the loss: `'accuracy'`, loss names, Loss objects or functions. */
  metrics?: readonly (string | Loss | LossFunction)[];
  /**
   * Run each training step op by op (default false: `fit` compiles the step with
   * {@link jit}, like Keras's `run_eagerly=False`; set true to step through it in a
   * debugger, or for a layer that reads tensor values into JavaScript).
   */
  runEagerly?: boolean;
}

/**
 * Options of {@link Sequential}.
 * @example
 * ```ts
 * import { Sequential, type SequentialOptions } from 'pathwise';
 * const o: SequentialOptions = { name: 'bump_model' };
 * new Sequential([], o).name; // 'bump_model'
 * ```
 */
export interface SequentialOptions {
  /** The model's name (default `sequential`, numbered). */
  name?: string;
}

/**
 * A linear stack of layers, trained like a Keras model. If the first layer has an
 * `inputShape`, every layer is built as soon as it is added (so weights can be read
 * before training); otherwise on the first call.
 *
 * The accepted answer's experiment, in pathwise:
 * @example
 * ```ts
 * import { Sequential, BumpLayer, tensor } from 'pathwise';
 * const model = new Sequential([new BumpLayer({ inputShape: [1], seed: 0 })]);
 * model.compile({ loss: 'mse', optimizer: 'adam' });
 * const xs = Array.from({ length: 2000 }, (_, i) => -0.1 + (0.2 * i) / 2000);
 * const ys = xs.map((x) => Math.exp(-0.5 / (0.5 - x * x))); // data from σ = 0.5
 * const history = model.fit(tensor(xs), tensor(ys), { epochs: 3, verbose: 0, seed: 1 });
 * history.history.loss.length; // 3
 * model.layers[0].getWeights()[0].item() > 0.1; // true: σ moves up from [0, 0.1)
 * ```
 */
export class Sequential extends Layer {
  /** The layers, in order. */
  readonly layers: Layer[] = [];
  private compiled: Compiled | null = null;

  constructor(layers: readonly Layer[] = [], options: SequentialOptions = {}) {
    super(options);
    for (const l of layers) this.add(l);
  }

  /**
   * Appends a layer; builds the model at once if its input shape is known.
   * @throws {@link ArgumentError} if the layer is already in the model.
   */
  add(layer: Layer): void {
    if (this.layers.includes(layer))
      throw new ArgumentError(`${this.name}.add`, `layer '${layer.name}' is already in the model`);
    this.layers.push(layer);
    if (this.layers.length === 1 && layer.inputSpec !== null) this.inputSpec = layer.inputSpec;
    const spec = this.inputSpec;
    if (spec !== null) {
      noGrad(() => this.apply(zeros([1, ...spec])));
    }
  }

  protected override sublayers(): readonly Layer[] {
    return this.layers;
  }

  /** The last layer, if it makes a Distribution of the outputs. */
  private get head(): DistributionLayer | undefined {
    const last = this.layers[this.layers.length - 1];
    return last instanceof DistributionLayer ? last : undefined;
  }

  /** @internal y's shape: the distribution's event shape for a distribution head. */
  override targetShape(out: Tensor): Shape {
    const head = this.head;
    return head === undefined ? out.shape.slice(1) : head.toDistribution(out).eventShape;
  }

  /** Applies the layers in turn. */
  call(x: Tensor): Tensor {
    let y = x;
    for (const l of this.layers) y = l.apply(y);
    return y;
  }

  /**
   * Sets the loss, the optimizer and the metrics for `fit` and `evaluate`. For a model
   * ending in a {@link DistributionLayer}, metrics score the predicted distribution's mean
   * (what `predict` returns), not the layer's parameter tensor.
   * @throws {@link ArgumentError} for an unknown loss, optimizer or metric name.
   */
  compile(options: CompileOptions): void {
    const loss = modelLoss(
      `${this.name}.compile`,
      options.loss,
      this.layers[this.layers.length - 1],
    );
    const head = this.head;
    // a distribution head's metrics score the predicted distribution's mean, as predict does
    const onMean = (m: Metric): Metric =>
      head === undefined
        ? m
        : {
            name: m.name,
            fn: (y, pred) =>
              m.fn(
                y,
                noGrad(() => head.toDistribution(pred).mean),
              ),
          };
    this.compiled = {
      loss: loss.fn,
      optimizer: getOptimizer(options.optimizer),
      metrics: (options.metrics ?? []).map(getMetric).map(onMean),
      runEagerly: options.runEagerly ?? false,
    };
  }

  /** The compiled optimizer (after `compile`). */
  get optimizer(): Optimizer | undefined {
    return this.compiled?.optimizer;
  }

  private need(op: string): Compiled {
    if (this.compiled === null)
      throw new ArgumentError(
        `${this.name}.${op}`,
        'the model is not compiled; call compile({ loss, optimizer }) first',
      );
    return this.compiled;
  }

  /**
   * Trains on `x`, `y` (same number of samples; a 1-D array is one feature per sample)
   * for `epochs` passes of shuffled mini-batches, one optimizer step per batch. A trainable
   * weight that gets no gradient is left unchanged, with one warning per weight that says
   * why (which op cut the path, from `explainGradient`), instead of Keras's bare
   * "Gradients do not exist for variables [...]". Prints Keras's progress (`Epoch 1/10`,
   * a bar with ETA and loss) through the platform's logger: in Node, import
   * `pathwise/node`. Returns the History.
   * @throws {@link ShapeError} naming the expected and actual shapes when x does not fit
   *   the model's inputs, y its outputs, or x and y differ in length;
   *   {@link ArgumentError} if the model is not compiled or an option is out of range.
   */
  fit(x: TensorLike, y: TensorLike, options: FitOptions = {}): History {
    return fitModel(this, this.need('fit'), x, y, options);
  }

  /**
   * The mean loss (with regularization) and metrics on `x`, `y`, e.g. `{ loss: 0.01 }`.
   * @throws {@link ShapeError} as `fit` does.
   */
  evaluate(x: TensorLike, y: TensorLike, options: EvaluateOptions = {}): Logs {
    const op = `${this.name}.evaluate`;
    const c = this.need('evaluate');
    const xs = samples(op, 'x', x);
    const ys = samples(op, 'y', y);
    checkData(op, this, xs, ys);
    return evaluateSamples(this, c, xs, ys, options.batchSize ?? 32);
  }

  /**
   * The model's outputs for every sample of `x` (computed in batches, not recorded); for a
   * model ending in a {@link DistributionLayer}, the mean of the predicted distribution.
   * With `{ samples: n }`: n forward passes (stochastic layers such as
   * {@link DenseFlipout} draw fresh weights in each) summarized as the predictive
   * `{ mean, stddev }` over the passes, the population sd over the n passes; with a
   * distribution head by the law of total variance, `Var = mean of the variances +
   * variance of the means`.
   * @throws {@link ShapeError} naming the expected and actual shapes if x does not fit;
   *   {@link ArgumentError} if samples is not a positive integer.
   */
  predict(x: TensorLike, options?: EvaluateOptions): Tensor;
  predict(x: TensorLike, options: PredictSamplesOptions): PredictiveSummary;
  predict(x: TensorLike, options: EvaluateOptions = {}): Tensor | PredictiveSummary {
    const op = `${this.name}.predict`;
    const xs = samples(op, 'x', x);
    const batch = options.batchSize ?? 32;
    const head = this.head;
    const once = (): { mean: Tensor; variance: Tensor | null } => {
      const out = predictSamples(op, this, xs, batch);
      if (head === undefined) return { mean: out, variance: null };
      const d = noGrad(() => head.toDistribution(out));
      return { mean: d.mean, variance: d.variance };
    };
    const n = (options as PredictSamplesOptions).samples;
    if (n === undefined) return once().mean;
    if (!Number.isInteger(n) || n < 1)
      throw new ArgumentError(op, `samples must be a positive integer, got ${n}`);
    return summarize(Array.from({ length: n }, once));
  }

  /**
   * The predicted distribution for every sample of `x` (the model must end in a
   * {@link DistributionLayer}); one forward pass.
   * @throws {@link ArgumentError} if the last layer is not a DistributionLayer;
   *   {@link ShapeError} as `predict`.
   */
  predictDistribution(x: TensorLike, options: EvaluateOptions = {}): Distribution {
    const op = `${this.name}.predictDistribution`;
    const head = this.head;
    if (head === undefined)
      throw new ArgumentError(op, 'the model does not end in a DistributionLayer');
    const out = predictSamples(op, this, samples(op, 'x', x), options.batchSize ?? 32);
    return noGrad(() => head.toDistribution(out));
  }
}
