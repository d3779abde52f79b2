/**
 * Distribution-valued outputs (TFP's `DistributionLambda`, `IndependentNormal`).
 *
 * How a model carries a Distribution: tensors flow between layers, and a
 * {@link DistributionLayer} at the end of a `Sequential` passes its input through
 * unchanged — the model's output tensor holds the distribution's *parameters* — and knows
 * how to turn those parameters into a Distribution (`toDistribution`). So `fit`,
 * `evaluate` and the compiled training step see only tensors, as for any model; the loss
 * {@link NegativeLogLikelihood}, compiled into a model whose last layer is a
 * DistributionLayer, is bound to that layer and scores `y` under the distribution of the
 * predicted parameters; `predict` returns the distribution's mean and
 * `predictDistribution` the distribution itself.
 * @module
 */
import {
  add,
  ArgumentError,
  mean,
  neg,
  ShapeError,
  slice,
  softplus,
  Tensor,
  toTensor,
  type TensorLike,
} from '../autodiff/index.js';
import { fmt } from '../autodiff/shape.js';
import { Independent, Normal, type Distribution } from '../distributions/index.js';
import { Layer, type LayerOptions } from './layer.js';
import { getLoss, Loss, type LossFunction, type ResolvedLoss } from './losses.js';

/**
 * A layer whose output is a Distribution: it passes its input (the distribution's
 * parameters, one row per example) through unchanged, and `toDistribution(params)` makes
 * the distribution, e.g. `(t) => new Independent(new Normal(t, 1), 1)`. Put it last in a
 * `Sequential` and compile with `loss: 'negativeLogLikelihood'`.
 * @param makeDistribution - the parameters (batch axis first) → a Distribution whose
 *   batch shape is the batch axis.
 * @example
 * ```ts
 * import { DistributionLayer, Independent, Normal, tensor } from 'pathwise';
 * const layer = new DistributionLayer((t) => new Independent(new Normal(t, 1), 1));
 * layer.toDistribution(tensor([[0], [2]])).mean.toArray(); // [[0], [2]]
 * ```
 */
export class DistributionLayer extends Layer {
  constructor(
    private readonly makeDistribution: (params: Tensor) => Distribution,
    options: LayerOptions = {},
  ) {
    super(options);
  }

  /** The identity: the output tensor is the parameters of the distribution. */
  call(inputs: Tensor): Tensor {
    this.checkParams(inputs);
    return inputs;
  }

  /** Throws if `params` cannot be this layer's parameters (subclasses check widths). */
  protected checkParams(_params: Tensor): void {}

  /**
   * The distribution at parameters `params` (the model's output tensor).
   * @throws {@link ShapeError} if params has the wrong shape for the layer.
   */
  toDistribution(params: TensorLike): Distribution {
    const t = toTensor(params, `${this.name}.toDistribution`, 'params');
    this.checkParams(t);
    return this.makeDistribution(t);
  }
}

/**
 * Options of {@link IndependentNormal}.
 * @example
 * ```ts
 * import { type IndependentNormalOptions } from 'pathwise';
 * const o: IndependentNormalOptions = { minScale: 1e-4 };
 * o.minScale; // 0.0001
 * ```
 */
export interface IndependentNormalOptions extends LayerOptions {
  /** The floor added to every scale, so the likelihood stays bounded (default 1e-3). */
  minScale?: number;
}

/**
 * A Normal output with a learned, input-dependent (heteroscedastic) scale: its input has
 * `2·eventSize` columns, the first half the means and the second half pre-scales, mapped
 * to `minScale + softplus(·)`; the distribution is `Independent(Normal(loc, scale), 1)`
 * over the `eventSize` outputs. The layer before it needs `2·eventSize` units.
 * @param eventSize - outputs per example (default 1).
 * @throws {@link ArgumentError} if eventSize is not a positive integer or minScale is
 *   negative; {@link ShapeError} (when called) if the input is not `[batch, 2·eventSize]`.
 * @example
 * ```ts
 * import { IndependentNormal, tensor } from 'pathwise';
 * const head = new IndependentNormal(1, { minScale: 0 });
 * const d = head.toDistribution(tensor([[1, 0]])); // loc 1, scale softplus(0) = log 2
 * d.mean.toArray(); // [[1]]
 * d.stddev.toArray(); // [[0.6931471805599453]]
 * ```
 */
export class IndependentNormal extends DistributionLayer {
  constructor(
    readonly eventSize = 1,
    options: IndependentNormalOptions = {},
  ) {
    const minScale = options.minScale ?? 1e-3;
    super((t) => {
      const n = t.shape[0];
      const loc = slice(t, [0, 0], [n, eventSize]);
      const scale = add(softplus(slice(t, [0, eventSize], [n, eventSize])), minScale);
      return new Independent(new Normal(loc, scale), 1);
    }, options);
    if (!Number.isInteger(eventSize) || eventSize < 1)
      throw new ArgumentError(
        'IndependentNormal',
        `eventSize must be a positive integer, got ${eventSize}`,
      );
    if (!(minScale >= 0))
      throw new ArgumentError('IndependentNormal', `minScale must be ≥ 0, got ${minScale}`);
  }

  protected override checkParams(t: Tensor): void {
    if (t.rank !== 2 || t.shape[1] !== 2 * this.eventSize)
      throw new ShapeError(
        this.name,
        `expects parameters of shape [batch, ${2 * this.eventSize}] (loc and scale of ` +
          `${this.eventSize} output${this.eventSize > 1 ? 's' : ''}), got ${fmt(t.shape)}`,
      );
  }
}

/**
 * The negative log-likelihood `-mean(log p(y | params))` of the targets under the
 * distribution a {@link DistributionLayer} makes of the predicted parameters
 * (`'negativeLogLikelihood'` or `'nll'` in `compile`, which binds it to the model's last
 * layer). Minimizing it is maximum likelihood: with {@link IndependentNormal} the model
 * learns both the mean and the noise level of y.
 * @param toDistribution - parameters → distribution; omitted, `compile` takes the last
 *   layer's.
 * @throws {@link ArgumentError} (when called) if it was never bound to a distribution.
 * @example
 * ```ts
 * import { IndependentNormal, NegativeLogLikelihood, tensor } from 'pathwise';
 * const head = new IndependentNormal(1, { minScale: 0 });
 * const nll = new NegativeLogLikelihood((t) => head.toDistribution(t));
 * // y = 0 under N(0, softplus(0)²): ½ log(2π) + log log 2
 * nll.call(tensor([[0]]), tensor([[0, 0]])).item(); // 0.5524256126230083
 * ```
 */
export class NegativeLogLikelihood extends Loss {
  constructor(readonly toDistribution?: (params: Tensor) => Distribution) {
    super('nll');
  }

  /** The mean negative log-likelihood (y and the parameters may differ in width). */
  override call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.compute(yTrue, yPred);
  }

  protected compute(yTrue: Tensor, yPred: Tensor): Tensor {
    if (this.toDistribution === undefined)
      throw new ArgumentError(
        'negativeLogLikelihood',
        'no distribution to score y under: compile it into a model whose last layer is a DistributionLayer, or pass toDistribution',
      );
    return neg(mean(this.toDistribution(yPred).logProb(yTrue)));
  }
}

/**
 * @internal `compile`'s loss: `'negativeLogLikelihood'` / `'nll'` or an unbound
 * {@link NegativeLogLikelihood} is bound to the model's last layer, which must be a
 * {@link DistributionLayer}; other specs resolve as `getLoss` does.
 */
export function modelLoss(
  op: string,
  spec: string | Loss | LossFunction,
  head: Layer | undefined,
): ResolvedLoss {
  const named =
    typeof spec === 'string' &&
    ['negativeloglikelihood', 'nll'].includes(spec.toLowerCase().replace(/_/g, ''));
  if (!named && !(spec instanceof NegativeLogLikelihood && spec.toDistribution === undefined))
    return getLoss(spec);
  if (!(head instanceof DistributionLayer))
    throw new ArgumentError(
      op,
      `the negative log-likelihood needs a model whose last layer is a DistributionLayer (e.g. IndependentNormal), got ${head === undefined ? 'no layers' : `'${head.name}'`}`,
    );
  const nll = new NegativeLogLikelihood((t) => head.toDistribution(t));
  return { name: nll.name, fn: (a, b) => nll.call(a, b) };
}

/**
 * Options of `predict` with several stochastic forward passes.
 * @example
 * ```ts
 * import { type PredictSamplesOptions } from 'pathwise';
 * const o: PredictSamplesOptions = { samples: 50, batchSize: 256 };
 * o.samples; // 50
 * ```
 */
export interface PredictSamplesOptions {
  /** Forward passes (each draws fresh noise in stochastic layers). */
  samples: number;
  /** Samples per forward pass (default 32). */
  batchSize?: number;
}

/**
 * The predictive mean and standard deviation over several forward passes.
 * @example
 * ```ts
 * import { Dense, Sequential, type PredictiveSummary } from 'pathwise';
 * const m = new Sequential([new Dense({ units: 1, inputShape: [1] })]);
 * const s: PredictiveSummary = m.predict([[1], [2]], { samples: 3 });
 * s.stddev.toArray(); // [[0], [0]]: a deterministic model
 * ```
 */
export interface PredictiveSummary {
  /** Mean over the passes (of the outputs, or of the distributions' means). */
  mean: Tensor;
  /** Standard deviation over the passes (plus the distributions' own, if any). */
  stddev: Tensor;
}

/**
 * @internal Mean and sd over passes; with per-pass variances, by the law of total
 * variance (mean of the variances + population variance of the means).
 */
export function summarize(passes: { mean: Tensor; variance: Tensor | null }[]): PredictiveSummary {
  const n = passes.length;
  const { shape, size } = passes[0].mean;
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  for (const p of passes) for (let i = 0; i < size; i++) m[i] += p.mean.data[i] / n;
  for (const p of passes) {
    const pv = p.variance?.data;
    for (let i = 0; i < size; i++) {
      const d = p.mean.data[i] - m[i];
      v[i] += (d * d + (pv === undefined ? 0 : pv[i])) / n;
    }
  }
  return { mean: new Tensor(m, shape), stddev: new Tensor(v.map(Math.sqrt), shape) };
}
