/**
 * Activation functions by name, and the `Activation` layer.
 * @module
 */
import {
  ArgumentError,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
  type Tensor,
} from '../autodiff/index.js';
import { Layer, type LayerOptions } from './layer.js';

/**
 * The names of the built-in activations (`'linear'` is the identity).
 * @example
 * ```ts
 * import { getActivation, tensor, type ActivationName } from 'pathwise';
 * const name: ActivationName = 'softplus';
 * getActivation(name)(tensor([0])).toArray(); // [0.6931471805599453]
 * ```
 */
export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'softplus' | 'linear';

const ACTIVATIONS: Record<ActivationName, (x: Tensor) => Tensor> = {
  relu,
  sigmoid,
  tanh,
  softmax: (x) => softmax(x, -1),
  softplus,
  linear: (x) => x,
};

/**
 * The activation function of a name (softmax is over the last axis), or the function
 * itself.
 * @throws {@link ArgumentError} naming the known activations.
 * @example
 * ```ts
 * import { getActivation, tensor } from 'pathwise';
 * getActivation('relu')(tensor([-1, 2])).toArray(); // [0, 2]
 * getActivation('softmax')(tensor([[0, 0]])).toArray(); // [[0.5, 0.5]]
 * ```
 */
export function getActivation(
  spec: ActivationName | ((x: Tensor) => Tensor),
): (x: Tensor) => Tensor {
  if (typeof spec === 'function') return spec;
  const f = (ACTIVATIONS as Record<string, (x: Tensor) => Tensor>)[spec];
  if (f === undefined)
    throw new ArgumentError(
      'getActivation',
      `unknown activation '${String(spec)}'; known: ${Object.keys(ACTIVATIONS).join(', ')}`,
    );
  return f;
}

/**
 * Options of {@link Activation}.
 * @example
 * ```ts
 * import { Activation, type ActivationOptions } from 'pathwise';
 * const o: ActivationOptions = { activation: 'tanh' };
 * new Activation(o).apply([[0]]).toArray(); // [[0]]
 * ```
 */
export interface ActivationOptions extends LayerOptions {
  /** A built-in name or a function of a tensor. */
  activation: ActivationName | ((x: Tensor) => Tensor);
}

/**
 * Applies an activation function elementwise (softmax: over the last axis). No weights.
 * @example
 * ```ts
 * import { Activation } from 'pathwise';
 * new Activation({ activation: 'relu' }).apply([[-1, 2]]).toArray(); // [[0, 2]]
 * ```
 */
export class Activation extends Layer {
  private readonly fn: (x: Tensor) => Tensor;
  constructor(options: ActivationOptions) {
    super(options);
    this.fn = getActivation(options.activation);
  }
  call(x: Tensor): Tensor {
    return this.fn(x);
  }
}
