/**
 * Keras-style layers: Layer / Sequential with compile, fit, evaluate and predict;
 * initializers, constraints, regularizers, losses; Dense, Activation, the bump layers,
 * soft and straight-through rounding, the normalized sigmoid; weights as JSON.
 * @module
 */
export { Layer, type LayerOptions, type AddWeightOptions } from './layer.js';
export { Sequential, type CompileOptions, type SequentialOptions } from './sequential.js';
export { type FitOptions, type EvaluateOptions, NonFiniteLossError } from './training.js';
export {
  History,
  consoleLogger,
  formatLogs,
  formatEta,
  formatStepTime,
  formatProgress,
  type Callback,
  type FitParams,
  type Logs,
  type ProgressLine,
  type ConsoleLoggerOptions,
} from './callbacks.js';
export { setPlatform, getPlatform, type Platform } from './platform.js';
export {
  Zeros,
  Ones,
  Constant,
  RandomUniform,
  RandomNormal,
  GlorotUniform,
  GlorotNormal,
  HeNormal,
  getInitializer,
  type Initializer,
  type SeedOptions,
  type RandomUniformOptions,
  type RandomNormalOptions,
} from './initializers.js';
export {
  NonNeg,
  MinMaxNorm,
  UnitNorm,
  getConstraint,
  type WeightConstraint,
  type MinMaxNormOptions,
  type UnitNormOptions,
} from './constraints.js';
export { L1, L2, L1L2, getRegularizer, type Regularizer } from './regularizers.js';
export {
  Loss,
  MeanSquaredError,
  MeanAbsoluteError,
  Huber,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  getLoss,
  type LossFunction,
  type ResolvedLoss,
  type CrossentropyOptions,
} from './losses.js';
export {
  Activation,
  getActivation,
  type ActivationName,
  type ActivationOptions,
} from './activations.js';
export { Dense, type DenseOptions } from './dense.js';
export {
  DenseReparameterization,
  DenseFlipout,
  scaleMixturePrior,
  type DenseVariationalOptions,
} from './dense-variational.js';
export {
  BumpLayer,
  GaussianBump,
  type BumpLayerOptions,
  type GaussianBumpOptions,
} from './bump.js';
export {
  SoftRound,
  StraightThroughRound,
  softRound,
  straightThroughRound,
  type SoftRoundOptions,
  type SoftRoundLayerOptions,
} from './rounding.js';
export { NormalizedSigmoid, type NormalizedSigmoidOptions } from './normalized-sigmoid.js';
export { WeightsFormatError, type WeightsJSON } from './serialization.js';
export {
  DistributionLayer,
  IndependentNormal,
  NegativeLogLikelihood,
  type IndependentNormalOptions,
  type PredictSamplesOptions,
  type PredictiveSummary,
} from './distribution-layer.js';
