/**
 * The autodiff module: tensors, ops with their VJPs, the tape, gradient checking and
 * gradient diagnostics.
 * @module
 */
export * from './errors.js';
export { type Shape } from './shape.js';
export {
  Tensor,
  Node,
  tensor,
  toTensor,
  scalar,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  arange,
  linspace,
  eye,
  type NestedArray,
  type TensorLike,
  type Vjp,
} from './tensor.js';
export {
  noGrad,
  stopGradient,
  customGradient,
  detectAnomaly,
  tidy,
  isRecording,
  type CustomGradientResult,
} from './tape.js';
export {
  GradientTape,
  grad,
  valueAndGrad,
  vjp,
  type GradientTapeOptions,
  type GradientOptions,
  type GradOptions,
  type ScalarFn,
  type ValueAndGrad,
  type VjpResult,
} from './grad.js';
export * from './variable.js';
export {
  add,
  sub,
  mul,
  div,
  neg,
  square,
  maximum,
  minimum,
  clip,
  smul,
  sdiv,
} from './ops/arithmetic.js';
export * from './ops/math.js';
export * from './ops/compare.js';
export {
  reshape,
  broadcastTo,
  sum,
  unbroadcast,
  expandDims,
  squeeze,
  transpose,
  permute,
  slice,
  concat,
  stack,
  gather,
  type ReduceOptions,
} from './ops/structure.js';
export * from './ops/reduce.js';
export * from './ops/linalg.js';
export * from './gradcheck.js';
export * from './explain.js';
export { jit, type Jitted, type JitOptions } from './jit/index.js';
