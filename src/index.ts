/**
 * pathwise: probabilistic programming on float64 tensors with a tape-based
 * reverse-mode autodiff that explains missing, zero and NaN gradients.
 * @packageDocumentation
 */
export * from './autodiff/index.js';
export * from './optim/index.js';
export * from './layers/index.js';
export * from './random/index.js';
export * from './distributions/index.js';
export * from './inference/index.js';
