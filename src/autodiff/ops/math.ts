/**
 * Elementwise functions: each one a loop and, beside it, its VJP (the cotangent times
 * the local derivative, through the strong-zero {@link smul}). Stable forms from
 * NUMERICS.md: sigmoid and softplus never overflow.
 * @module
 */
import digammaFn from '@stdlib/math-base-special-digamma';
import erfFn from '@stdlib/math-base-special-erf';
import gammaln from '@stdlib/math-base-special-gammaln';
import polygammaFn from '@stdlib/math-base-special-polygamma';
import { ArgumentError } from '../errors.js';
import { scalarFunctions } from '../ir.js';
import { needs, record } from '../tape.js';
import { alloc, Tensor, toTensor, zerosLike, type TensorLike } from '../tensor.js';
import { expTable, log1pUnit } from './elementary.js';
import { add, binary, mul, neg, sdiv, smul, square, sub, unary } from './arithmetic.js';

/**
 * Square root.
 * @example
 * ```ts
 * import { sqrt } from 'pathwise';
 * sqrt([4, 9]).toArray(); // [2, 3]
 * ```
 */
export const sqrt = unary(
  'sqrt',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]);
  },
  (g, _x, y) => sdiv(g, mul(y, 2)),
  'Math.sqrt($0)',
);

/**
 * Exponential `eˣ`.
 * @example
 * ```ts
 * import { exp } from 'pathwise';
 * exp(0).item(); // 1
 * ```
 */
export const exp = unary(
  'exp',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]);
  },
  (g, _x, y) => smul(g, y),
  'Math.exp($0)',
);

/**
 * `eˣ - 1`, accurate for small x.
 * @example
 * ```ts
 * import { expm1 } from 'pathwise';
 * expm1(1e-10).item(); // 1.00000000005e-10
 * ```
 */
export const expm1 = unary(
  'expm1',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]);
  },
  (g, x) => smul(g, exp(x)),
  'Math.expm1($0)',
);

/**
 * Natural logarithm (`log 0 = -∞`, negative → NaN).
 * @example
 * ```ts
 * import { log } from 'pathwise';
 * log(Math.E).item(); // 1
 * ```
 */
export const log = unary(
  'log',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.log(x[i]);
  },
  (g, x) => sdiv(g, x),
  'Math.log($0)',
);

/**
 * `log(1 + x)`, accurate for small x.
 * @example
 * ```ts
 * import { log1p } from 'pathwise';
 * log1p(1e-10).item(); // 9.9999999995e-11
 * ```
 */
export const log1p = unary(
  'log1p',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]);
  },
  (g, x) => sdiv(g, add(x, 1)),
  'Math.log1p($0)',
);

/**
 * Elementwise power `a ** b` with broadcasting (IEEE `Math.pow`: a negative base with a
 * non-integer exponent is NaN). The derivative in `a` is `b · a^(b-1)`, taken as 0 where
 * b is 0 (so `grad((x) => pow(x, 0))(0)` is 0); in `b` it is `y · log a`, taken as 0
 * where y is 0.
 * @example
 * ```ts
 * import { pow } from 'pathwise';
 * pow([2, 3], 2).toArray(); // [4, 9]
 * ```
 */
export const pow = binary(
  'pow',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.pow(a[ai], b[bi]);
  },
  (g, a, b, y, node) => [
    // strong zero in b: d/da a⁰ = 0 even at a = 0 (where 0 · 0⁻¹ would be NaN)
    needs(node, 0) ? smul(g, smul(b, pow(a, sub(b, 1)))) : null,
    needs(node, 1) ? smul(smul(g, y), log(a)) : null,
  ],
  'Math.pow($0, $1)',
);

/**
 * Absolute value. Its gradient at 0 is 0 (the subgradient JAX and PyTorch pick).
 * @example
 * ```ts
 * import { abs } from 'pathwise';
 * abs([-2, 3]).toArray(); // [2, 3]
 * ```
 */
export const abs = unary(
  'abs',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]);
  },
  (g, x) => smul(g, sign(x)),
  'Math.abs($0)',
);

const zeroGrad = (_g: Tensor, x: Tensor): Tensor => zerosLike(x);

/**
 * Sign: -1, 0 or 1 (NaN stays NaN). Piecewise constant: gradient 0.
 * @example
 * ```ts
 * import { sign } from 'pathwise';
 * sign([-3, 0, 2]).toArray(); // [-1, 0, 1]
 * ```
 */
export const sign = unary(
  'sign',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.sign(x[i]);
  },
  zeroGrad,
  'Math.sign($0)',
);

/** Round half to even of one number, keeping the sign of a zero result. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (v < 0 || Object.is(v, -0)) ? -0 : r;
}

// the special functions jit-fused formulas call as M.name(x)
scalarFunctions.round = roundHalfEven;
scalarFunctions.erf = erfFn;
scalarFunctions.lgamma = gammaln;
scalarFunctions.digamma = digammaFn;
scalarFunctions.exp = expTable;
scalarFunctions.log1pUnit = log1pUnit;

/**
 * Rounds half to even, like NumPy and `tf.round`. Piecewise constant: its gradient is 0
 * everywhere it exists. For a gradient of 1, see `x - stopGradient(x - round(x))` or
 * {@link customGradient}.
 * @example
 * ```ts
 * import { round } from 'pathwise';
 * round([0.5, 1.5, 2.4, -0.5]).toArray(); // [0, 2, 2, -0]
 * ```
 */
export const round = unary(
  'round',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = roundHalfEven(x[i]);
  },
  zeroGrad,
  'M.round($0)',
);

/**
 * Largest integer ≤ x. Gradient 0.
 * @example
 * ```ts
 * import { floor } from 'pathwise';
 * floor([1.7, -1.2]).toArray(); // [1, -2]
 * ```
 */
export const floor = unary(
  'floor',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]);
  },
  zeroGrad,
  'Math.floor($0)',
);

/**
 * Smallest integer ≥ x. Gradient 0.
 * @example
 * ```ts
 * import { ceil } from 'pathwise';
 * ceil([1.2, -1.7]).toArray(); // [2, -1]
 * ```
 */
export const ceil = unary(
  'ceil',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]);
  },
  zeroGrad,
  'Math.ceil($0)',
);

/**
 * Sine.
 * @example
 * ```ts
 * import { sin } from 'pathwise';
 * sin(Math.PI / 2).item(); // 1
 * ```
 */
export const sin: (x: TensorLike) => Tensor = unary(
  'sin',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]);
  },
  (g, x) => sinVjp(g, x),
  'Math.sin($0)',
);

// sin's and cos's VJPs, each one op with strong zeros (exactly 0 wherever the cotangent
// g is 0), instead of smul(g, cos(x)): one tensor less per backward step. Each is
// differentiable through the other, for higher orders. Where g is 0 they are
// identically 0 in x, so their x-derivatives are strong zeros in g too (smul(g, ...)).

/** `g · cos x`, exactly 0 where g is 0. */
const sinVjp: (g: Tensor, x: Tensor) => Tensor = binary(
  'sinVjp',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) {
      const g = a[ai];
      o[oi + k] = g === 0 ? 0 : g * Math.cos(b[bi]);
    }
  },
  (c, g, x, _y, node) => [
    needs(node, 0) ? sinVjp(c, x) : null,
    needs(node, 1) ? smul(g, cosVjp(c, x)) : null, // c·g·(-sin x)
  ],
  '$0 === 0 ? 0 : $0 * Math.cos($1)',
);

/** `-g · sin x`, exactly 0 where g is 0. */
const cosVjp: (g: Tensor, x: Tensor) => Tensor = binary(
  'cosVjp',
  (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) {
      const g = a[ai];
      o[oi + k] = g === 0 ? 0 : -g * Math.sin(b[bi]);
    }
  },
  (c, g, x, _y, node) => [
    needs(node, 0) ? cosVjp(c, x) : null,
    needs(node, 1) ? neg(smul(g, sinVjp(c, x))) : null, // c·g·(-cos x)
  ],
  '$0 === 0 ? 0 : -$0 * Math.sin($1)',
);

/**
 * Cosine.
 * @example
 * ```ts
 * import { cos } from 'pathwise';
 * cos(0).item(); // 1
 * ```
 */
export const cos: (x: TensorLike) => Tensor = unary(
  'cos',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]);
  },
  (g, x) => cosVjp(g, x),
  'Math.cos($0)',
);

/**
 * Tangent. Derivative `1 + tan² x`.
 * @example
 * ```ts
 * import { tan } from 'pathwise';
 * tan(0).item(); // 0
 * ```
 */
export const tan = unary(
  'tan',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.tan(x[i]);
  },
  (g, _x, y) => smul(g, add(square(y), 1)),
  'Math.tan($0)',
);

/**
 * Hyperbolic tangent. Derivative `1 - tanh² x`.
 * @example
 * ```ts
 * import { tanh } from 'pathwise';
 * tanh(0).item(); // 0
 * ```
 */
export const tanh = unary(
  'tanh',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]);
  },
  (g, _x, y) => smul(g, sub(1, square(y))),
  'Math.tanh($0)',
);

/**
 * Logistic sigmoid `1 / (1 + e⁻ˣ)`, computed without overflow for any x. Its
 * derivative `σ(x)·σ(-x)` keeps full relative precision in both tails.
 * @example
 * ```ts
 * import { sigmoid } from 'pathwise';
 * sigmoid([1, 2, 3]).toArray(); // [0.7310585786300049, 0.8807970779778823, 0.9525741268224334]
 * ```
 */
export const sigmoid: (x: TensorLike) => Tensor = unary(
  'sigmoid',
  (x, o, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const e = expTable(-Math.abs(v)); // e^(-x) for x >= 0, else e^x: softplus's term too
      o[i] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
  },
  (g, x, y) => smul(g, mul(y, sigmoid(neg(x)))),
  // {…}: a shared term (see ElementwiseIr), one exponential per element with softplus's
  '$0 >= 0 ? 1 / (1 + {M.exp(-Math.abs($0))}) : {M.exp(-Math.abs($0))} / (1 + {M.exp(-Math.abs($0))})',
);

/**
 * `log(1 + eˣ)`, computed as `max(x, 0) + log1p(e^(-|x|))` (never overflows). Derivative sigmoid(x).
 * @example
 * ```ts
 * import { softplus } from 'pathwise';
 * softplus([0, 1000]).toArray(); // [0.6931471805599453, 1000]
 * ```
 */
export const softplus = unary(
  'softplus',
  (x, o, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      o[i] = (v > 0 ? v : 0) + log1pUnit(expTable(-Math.abs(v)));
    }
  },
  (g, x) => smul(g, sigmoid(x)),
  // the e^(-|x|) term is shared with sigmoid(x) (its gradient) in a fused loop
  '($0 > 0 ? $0 : 0) + M.log1pUnit({M.exp(-Math.abs($0))})',
);

/**
 * Rectified linear unit `max(x, 0)`; gradient 1 for x > 0, else 0.
 * @example
 * ```ts
 * import { relu } from 'pathwise';
 * relu([-1, 2]).toArray(); // [0, 2]
 * ```
 */
export const relu = unary(
  'relu',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] < 0 ? 0 : x[i];
  },
  (g, x) => smul(g, positive(x)),
  '$0 < 0 ? 0 : $0',
);

/** 1 where x > 0, else 0 (relu's derivative; no gradient of its own). */
const positive = unary(
  'positive',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] > 0 ? 1 : 0;
  },
  null,
  '$0 > 0 ? 1 : 0',
);

/**
 * The error function. Derivative `2/√π · e^(-x²)`.
 * @example
 * ```ts
 * import { erf } from 'pathwise';
 * erf(0.5).item(); // 0.5204998778130465
 * ```
 */
export const erf = unary(
  'erf',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = erfFn(x[i]);
  },
  (g, x) => smul(g, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))),
  'M.erf($0)',
);

/**
 * `log |Γ(x)|` (stdlib's gammaln). Derivative digamma(x).
 * @example
 * ```ts
 * import { lgamma } from 'pathwise';
 * lgamma(5).item(); // 3.1780538303479458 (log 24)
 * ```
 */
export const lgamma = unary(
  'lgamma',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = gammaln(x[i]);
  },
  (g, x) => smul(g, digamma(x)),
  'M.lgamma($0)',
);

/**
 * The digamma function ψ(x) = d/dx log Γ(x) (stdlib). Derivative trigamma = polygamma(1, x).
 * @example
 * ```ts
 * import { digamma } from 'pathwise';
 * digamma(1).item(); // -0.5772156649015329 (minus the Euler–Mascheroni constant)
 * ```
 */
export const digamma: (x: TensorLike) => Tensor = unary(
  'digamma',
  (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = digammaFn(x[i]);
  },
  (g, x) => smul(g, polygamma(1, x)),
  'M.digamma($0)',
);

/**
 * The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of digamma (stdlib). Its own
 * derivative is ψ⁽ⁿ⁺¹⁾, so gradients of any order exist.
 * @throws {@link ArgumentError} if `n` is not a non-negative integer.
 * @example
 * ```ts
 * import { polygamma } from 'pathwise';
 * polygamma(1, 1).item(); // 1.6449340668482264 (π²/6)
 * ```
 */
export function polygamma(n: number, x: TensorLike): Tensor {
  if (!Number.isInteger(n) || n < 0)
    throw new ArgumentError('polygamma', `order n must be a non-negative integer, got ${n}`);
  const t = toTensor(x, 'polygamma', 'x');
  const o = alloc(t.size);
  for (let i = 0; i < t.size; i++) o[i] = polygammaFn(n, t.data[i]);
  return record(
    'polygamma',
    [t],
    new Tensor(o, t.shape),
    (g) => [smul(g, polygamma(n + 1, t))],
    (ins) => polygamma(n, ins[0]),
  );
}
