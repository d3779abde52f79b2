/**
 * Inference: the model language (sample / param / plate + effect handlers), model
 * densities, Monte-Carlo gradient estimators, SVI, MAP and importance sampling.
 * @module
 */
export { Messenger, type InferOptions, type Message, type PlateFrame } from './runtime.js';
export {
  sample,
  param,
  deterministic,
  factor,
  plate,
  type SampleOptions,
  type ParamOptions,
  type PlateOptions,
} from './primitives.js';
export {
  trace,
  seed,
  condition,
  substitute,
  block,
  replay,
  scale,
  mask,
  siteLogProb,
  type Model,
  type Site,
  type Trace,
  type BlockOptions,
} from './handlers.js';
export {
  traceLogProb,
  traceModel,
  logJoint,
  potentialFn,
  flatten,
  type LatentSite,
  type Potential,
} from './density.js';
export {
  expectation,
  gradientEstimatorReport,
  leaveOneOut,
  runningMean,
  type Baseline,
  type EstimatorKind,
  type ExpectationOptions,
  type EstimatorStats,
  type EstimatorReport,
  type EstimatorReportOptions,
} from './estimators.js';
export {
  discreteGradientReport,
  type DiscreteReport,
  type DiscreteReportOptions,
  type DiscreteEstimatorRow,
} from './discrete-report.js';
export { setProgressReporter, type ProgressReporter, type ProgressTask } from './progress.js';
export {
  svi,
  SVI,
  traceElbo,
  type ElboLoss,
  type LossContext,
  type SVIOptions,
  type SVIRunOptions,
  type TraceElboOptions,
} from './svi.js';
export {
  autoNormal,
  autoMultivariateNormal,
  autoDelta,
  autoLowRankMultivariateNormal,
  autoLaplaceApproximation,
  map,
  type AutoGuideOptions,
  type AutoLowRankOptions,
  type MapOptions,
} from './autoguides.js';
export { type AutoGuide, type AutoGuidePosteriorOptions } from './autoguide-api.js';
export { importanceSampling, type ImportanceOptions, type ImportanceResult } from './importance.js';
export {
  mcmc,
  nuts,
  hmc,
  setChainRunner,
  runChainJob,
  type ChainJob,
  type ChainRunner,
  type ModelSource,
  type Kernel,
  type NutsKernel,
  type HmcKernel,
  type KernelOptions,
  type NutsOptions,
  type HmcOptions,
  type McmcOptions,
  type McmcResult,
  type SamplerStats,
} from './mcmc.js';
export {
  splitChains,
  rankNormalize,
  quantile,
  autocovariance,
  rhat,
  rhatBulk,
  rhatFolded,
  essBulk,
  essTail,
  essMean,
  mcseMean,
  type Draws,
} from './diagnostics.js';
export {
  predictive,
  logLikelihood,
  mergeChains,
  type PredictiveOptions,
  type LogLikelihoodOptions,
} from './predictive.js';
export {
  loo,
  waic,
  compare,
  relativeEff,
  type IcResult,
  type IcEstimates,
  type IcOptions,
  type CompareRow,
} from './loo.js';
export { toArviz, toCsv, type ArvizData, type ArvizOptions } from './export.js';
export { summary, Summary, type SummaryRow, type SummaryOptions } from './summary.js';
export {
  enumerateSupport,
  maxBatchRank,
  configEnumerate,
  markov,
  type MarkovOptions,
} from './enum.js';
export { enumLogJoint, type EnumOptions } from './contract.js';
export { inferDiscrete, type InferDiscreteOptions } from './infer-discrete.js';
export { traceEnumElbo } from './enum-elbo.js';
export { reparam, locScaleReparam, transformReparam, type Reparam } from './reparam.js';
