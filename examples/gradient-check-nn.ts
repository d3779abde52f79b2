/**
 * The seed's gradient-check question ("Checking Neural Network Gradient with Finite
 * Difference Methods Doesn't Work"): the classic course's checkNNGradients, a 3-5-3
 * network with sigmoid units, cross-entropy and L2 regularization on 5 examples whose
 * weights and inputs come from debugInitializeWeights (sin-based), checked with
 * pathwise's backprop against finite differences, for λ = 3 and λ = 0.
 *
 * The same network is then built from Dense layers (L2 kernel regularizers, a custom
 * loss) and its tape gradients compared with the unrolled function's.
 *
 *   npx tsx examples/gradient-check-nn.ts
 *
 * (The user's bug was numpy's C order vs MATLAB's Fortran order, and a broken
 * regularization term; written with pathwise ops, the gradient is exact by construction.)
 */
import { fileURLToPath } from 'node:url';
import {
  concat,
  Dense,
  div,
  gradcheck,
  GradientTape,
  L2,
  matmul,
  mul,
  noGrad,
  ones,
  reshape,
  Sequential,
  sigmoid,
  slice,
  softplus,
  square,
  sub,
  sum,
  Tensor,
  transpose,
  add,
  type TensorLike,
} from '../src/index.js';

const INPUT = 3;
const HIDDEN = 5;
const LABELS = 3;
const M = 5;

/**
 * The course's debugInitializeWeights(fanOut, fanIn): a fanOut × (1 + fanIn) matrix
 * filled with sin(1), sin(2), ... / 10 in MATLAB's column-major order.
 */
export function debugInitializeWeights(fanOut: number, fanIn: number): Tensor {
  const cols = 1 + fanIn;
  const data = new Float64Array(fanOut * cols);
  for (let i = 0; i < fanOut; i++)
    for (let j = 0; j < cols; j++) data[i * cols + j] = Math.sin(1 + i + j * fanOut) / 10;
  return new Tensor(data, [fanOut, cols]);
}

/** Column-major unrolling `[Θ1(:); Θ2(:)]`, as MATLAB's nn_params. */
function unroll(...ms: Tensor[]): Tensor {
  return reshape(concat(ms.map((m) => reshape(transpose(m), [-1]))), [-1]);
}

/** The inverse of {@link unroll} for one matrix at `offset`. */
function matrix(p: Tensor, offset: number, rows: number, cols: number): Tensor {
  return transpose(reshape(slice(p, [offset], [rows * cols]), [cols, rows]));
}

/** The data of checkNNGradients: X from debugInitializeWeights, y = 1 + mod(1:m, K) one-hot. */
export function problem(): { X: Tensor; Y: Tensor; params: Tensor } {
  const X = slice(debugInitializeWeights(M, INPUT - 1), [0, 0]); // 5 × 3
  const y = new Float64Array(M * LABELS);
  for (let i = 0; i < M; i++) y[i * LABELS + ((i + 1) % LABELS)] = 1; // labels 2, 3, 1, 2, 3
  const params = unroll(
    debugInitializeWeights(HIDDEN, INPUT),
    debugInitializeWeights(LABELS, HIDDEN),
  );
  return { X, Y: new Tensor(y, [M, LABELS]), params };
}

/** Cross-entropy of sigmoid outputs from logits z, summed: Σ softplus(z) - y·z. */
function crossEntropy(Y: Tensor, z: Tensor): Tensor {
  return sum(sub(softplus(z), mul(Y, z)));
}

/**
 * The course's nnCostFunction with pathwise ops: J(Θ) = (1/m) Σ cross-entropy +
 * λ/(2m) Σ Θ² over the non-bias columns.
 */
export function nnCost(params: Tensor, X: Tensor, Y: Tensor, lambda: number): Tensor {
  const T1 = matrix(params, 0, HIDDEN, INPUT + 1);
  const T2 = matrix(params, HIDDEN * (INPUT + 1), LABELS, HIDDEN + 1);
  const a1 = concat([ones([M, 1]), X], 1);
  const a2 = concat([ones([M, 1]), sigmoid(matmul(a1, transpose(T1)))], 1);
  const z3 = matmul(a2, transpose(T2));
  const reg = add(sum(square(slice(T1, [0, 1]))), sum(square(slice(T2, [0, 1]))));
  return add(div(crossEntropy(Y, z3), M), mul(lambda / (2 * M), reg));
}

/** The course's computeNumericalGradient: central differences with e = 1e-4. */
function courseNumericalGradient(J: (p: Tensor) => number, p: Tensor): Float64Array {
  const e = 1e-4;
  const g = new Float64Array(p.size);
  for (let i = 0; i < p.size; i++) {
    const plus = Float64Array.from(p.data);
    const minus = Float64Array.from(p.data);
    plus[i] += e;
    minus[i] -= e;
    g[i] = (J(new Tensor(plus, p.shape)) - J(new Tensor(minus, p.shape))) / (2 * e);
  }
  return g;
}

function normRatio(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += (a[i] + b[i]) ** 2;
  }
  return Math.sqrt(d) / Math.sqrt(s);
}

/** The result of {@link checkNNGradients}. */
export interface NNCheck {
  lambda: number;
  cost: number;
  analytic: Float64Array;
  /** ‖n - a‖ / ‖n + a‖ with pathwise's gradcheck (h = 6e-6·max(1, |θ|)). */
  relativeDifference: number;
  /** The same figure with the course's e = 1e-4. */
  courseRelativeDifference: number;
  /** max |a - n| / max(|a|, |n|) per element (gradcheck). */
  maxElementRelError: number;
  /** max |Dense-model gradient - unrolled gradient| over all weights. */
  layersMaxAbsDiff: number;
}

/** The same network as Dense layers with L2 kernel regularizers; its tape gradient, unrolled. */
function layersGradient(params: Tensor, X: Tensor, Y: Tensor, lambda: number): Float64Array {
  const T1 = matrix(params, 0, HIDDEN, INPUT + 1);
  const T2 = matrix(params, HIDDEN * (INPUT + 1), LABELS, HIDDEN + 1);
  const l2 = new L2({ l2: lambda / (2 * M) });
  const model = new Sequential([
    new Dense({ units: HIDDEN, activation: 'sigmoid', inputShape: [INPUT], kernelRegularizer: l2 }),
    new Dense({ units: LABELS, kernelRegularizer: l2 }), // logits
  ]);
  // Dense kernels are Θ[:, 1:]ᵀ, biases Θ[:, 0]
  const asDense = (T: Tensor): TensorLike[] => [
    transpose(slice(T, [0, 1])),
    reshape(slice(T, [0, 0], [T.shape[0], 1]), [-1]),
  ];
  model.setWeights([...asDense(T1), ...asDense(T2)]);
  const tape = new GradientTape();
  const J = tape.record(() => {
    const z = model.apply(X);
    return add(div(crossEntropy(Y, z), M), model.regularizationLoss() ?? 0);
  });
  const [k1, b1, k2, b2] = tape.gradient(J, model.trainableWeights) as Tensor[];
  const back = (k: Tensor, b: Tensor): Tensor => concat([reshape(b, [-1, 1]), transpose(k)], 1);
  return unroll(back(k1, b1), back(k2, b2)).data;
}

/** checkNNGradients(λ): pathwise's backprop against finite differences. */
export function checkNNGradients(lambda: number): NNCheck {
  const { X, Y, params } = problem();
  const J = (p: Tensor): Tensor => nnCost(p, X, Y, lambda);
  const check = gradcheck(J, [params], { rtol: 1e-9, atol: 1e-12 });
  const analytic = check.inputs[0].analytic.data;
  const course = courseNumericalGradient((p) => noGrad(() => J(p).item()), params);
  const fromLayers = layersGradient(params, X, Y, lambda);
  let layersMaxAbsDiff = 0;
  for (let i = 0; i < analytic.length; i++)
    layersMaxAbsDiff = Math.max(layersMaxAbsDiff, Math.abs(fromLayers[i] - analytic[i]));
  return {
    lambda,
    cost: noGrad(() => J(params).item()),
    analytic,
    relativeDifference: check.inputs[0].normRatio,
    courseRelativeDifference: normRatio(course, analytic),
    maxElementRelError: check.inputs[0].maxRelError,
    layersMaxAbsDiff,
  };
}

function main(): void {
  for (const lambda of [0, 3]) {
    const r = checkNNGradients(lambda);
    const { params, X, Y } = problem();
    const numeric = courseNumericalGradient(
      (p) => noGrad(() => nnCost(p, X, Y, lambda).item()),
      params,
    );
    console.log(`\nλ = ${lambda}: cost ${r.cost.toFixed(6)}`);
    console.log('Numerical gradient (e = 1e-4)   Analytical gradient (pathwise)');
    for (let i = 0; i < 6; i++)
      console.log(
        `${numeric[i].toFixed(12).padStart(20)}          ${r.analytic[i].toFixed(12).padStart(20)}`,
      );
    console.log(`... (${r.analytic.length} parameters)`);
    console.log(
      `relative difference ‖n - a‖/‖n + a‖, gradcheck steps: ${r.relativeDifference.toExponential(2)} (< 1e-9: ${r.relativeDifference < 1e-9})`,
    );
    console.log(
      `relative difference with the course's e = 1e-4:      ${r.courseRelativeDifference.toExponential(2)}`,
    );
    console.log(
      `worst element relative error (gradcheck):             ${r.maxElementRelError.toExponential(2)}`,
    );
    console.log(
      `Dense layers + L2 regularizers vs unrolled function:  max |Δ| = ${r.layersMaxAbsDiff.toExponential(1)}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
