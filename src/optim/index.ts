/**
 * Optimizers: in-place updates of Variables (SGD, Adam, RMSprop, Adagrad), gradient
 * clipping, learning-rate schedules, and `minimizeFD` for black-box functions.
 * @module
 */
export { Optimizer, type OptimizerOptions } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { getOptimizer } from './resolve.js';
export { clipByValue, clipByGlobalNorm } from './clip.js';
export {
  exponentialDecay,
  cosineDecay,
  type LearningRateSchedule,
  type ExponentialDecayOptions,
  type CosineDecayOptions,
} from './schedules.js';
export {
  minimizeFD,
  type MinimizeFDOptions,
  type MinimizeFDResult,
  type MinimizeFDReason,
} from './fd.js';
