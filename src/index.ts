/**
 * pathwise: probabilistic programming on float64 tensors with a tape-based
 * reverse-mode autodiff that explains missing, zero and NaN gradients.
 * @packageDocumentation
 */
export * from './autodiff/index.js';
