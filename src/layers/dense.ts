/**
 * The fully connected layer.
 * @module
 */
import {
  add,
  matmul,
  ShapeError,
  type Shape,
  type Tensor,
  type Variable,
} from '../autodiff/index.js';
import { fmt } from '../autodiff/shape.js';
import { getActivation, type ActivationName } from './activations.js';
import { type WeightConstraint } from './constraints.js';
import { type Initializer } from './initializers.js';
import { Layer, type LayerOptions } from './layer.js';
import { type Regularizer } from './regularizers.js';

/**
 * Options of {@link Dense} (defaults are Keras's).
 * @example
 * ```ts
 * import { Dense, type DenseOptions } from 'pathwise';
 * const o: DenseOptions = { units: 4, activation: 'relu', kernelInitializer: 'he_normal' };
 * new Dense(o).units; // 4
 * ```
 */
export interface DenseOptions extends LayerOptions {
  /** Number of outputs. */
  units: number;
  /** Default `'linear'`. */
  activation?: ActivationName | ((x: Tensor) => Tensor);
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: string | Initializer;
  /** Default `'zeros'`. */
  biasInitializer?: string | Initializer;
  kernelRegularizer?: string | Regularizer;
  biasRegularizer?: string | Regularizer;
  kernelConstraint?: string | WeightConstraint;
  biasConstraint?: string | WeightConstraint;
}

/**
 * `activation(x · kernel + bias)`, with a kernel of shape `[inputDim, units]` over the
 * last axis of x.
 * @throws {@link ShapeError} at build if the input has no feature axis.
 * @example
 * ```ts
 * import { Dense } from 'pathwise';
 * const d = new Dense({ units: 2, kernelInitializer: 'ones', biasInitializer: 'ones' });
 * d.apply([[1, 2, 3]]).toArray(); // [[7, 7]]
 * d.getWeights().map((w) => w.shape); // [[3, 2], [2]]
 * ```
 */
export class Dense extends Layer {
  /** Number of outputs. */
  readonly units: number;
  /** The kernel `[inputDim, units]`, once built. */
  kernel: Variable | undefined;
  /** The bias `[units]`, once built (if used). */
  bias: Variable | undefined;
  private readonly options: DenseOptions;
  private readonly activation: (x: Tensor) => Tensor;

  constructor(options: DenseOptions) {
    super(options);
    if (!(Number.isInteger(options.units) && options.units > 0))
      throw new ShapeError('Dense', `units must be a positive integer, got ${options.units}`);
    this.units = options.units;
    this.options = options;
    this.activation = getActivation(options.activation ?? 'linear');
  }

  override build(inputShape: Shape): void {
    if (inputShape.length < 2)
      throw new ShapeError(
        this.name,
        `needs inputs with a feature axis, got shape ${fmt(inputShape)}`,
      );
    const o = this.options;
    this.kernel = this.addWeight({
      name: 'kernel',
      shape: [inputShape[inputShape.length - 1], this.units],
      initializer: o.kernelInitializer ?? 'glorotUniform',
      regularizer: o.kernelRegularizer,
      constraint: o.kernelConstraint,
    });
    if (o.useBias ?? true)
      this.bias = this.addWeight({
        name: 'bias',
        shape: [this.units],
        initializer: o.biasInitializer ?? 'zeros',
        regularizer: o.biasRegularizer,
        constraint: o.biasConstraint,
      });
  }

  call(x: Tensor): Tensor {
    const y = matmul(x, this.kernel as Variable);
    return this.activation(this.bias ? add(y, this.bias) : y);
  }
}
