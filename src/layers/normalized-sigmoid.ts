/**
 * The sigmoid of standardized inputs (the seed's "softmax normalization").
 * @module
 */
import { add, div, mean, sigmoid, sqrt, square, sub, type Tensor } from '../autodiff/index.js';
import { Layer, type LayerOptions } from './layer.js';

/**
 * Options of {@link NormalizedSigmoid}.
 * @example
 * ```ts
 * import { NormalizedSigmoid, type NormalizedSigmoidOptions } from 'pathwise';
 * const o: NormalizedSigmoidOptions = { axis: -1, epsilon: 0 };
 * const y = new NormalizedSigmoid(o).apply([[1, 2, 3]]).toArray() as number[][];
 * y[0][1]; // 0.5
 * ```
 */
export interface NormalizedSigmoidOptions extends LayerOptions {
  /** The axis to standardize over (default -1: the features of each sample). */
  axis?: number;
  /** Added to the variance (default 1e-12), so constant inputs give 0.5 and a finite gradient. */
  epsilon?: number;
}

/**
 * Sigmoid of the standardized input, `σ((x - mean(x)) / sqrt(var(x) + ε))`, over the
 * given axis (population variance, like `np.std`). It squashes by rank rather than by
 * magnitude: outliers no longer saturate every other value (the seed's
 * `sn(measure)` example). Unlike softmax, the outputs do not sum to 1.
 * @example
 * ```ts
 * import { NormalizedSigmoid } from 'pathwise';
 * const sn = new NormalizedSigmoid();
 * const measure = [[0.01, 0.2, 0.5, 0.6, 0.7, 1.0, 2.5, 5.0, 50.0, 5000.0]];
 * const y = sn.apply(measure).toArray() as number[][];
 * y[0].map((v) => Math.round(v * 1e8) / 1e8).slice(-2); // [0.42447515, 0.9525677]
 * ```
 */
export class NormalizedSigmoid extends Layer {
  /** The standardized axis. */
  readonly axis: number;
  /** The variance offset. */
  readonly epsilon: number;
  constructor(options: NormalizedSigmoidOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    this.epsilon = options.epsilon ?? 1e-12;
  }
  call(x: Tensor): Tensor {
    const o = { axis: this.axis, keepDims: true };
    const d = sub(x, mean(x, o));
    return sigmoid(div(d, sqrt(add(mean(square(d), o), this.epsilon))));
  }
}
