/**
 * Gradient clipping, by value and by norm (TensorFlow's `clip_by_value`,
 * `clip_by_norm`, `clip_by_global_norm`). The optimizers clip their own copies of the
 * gradients with the in-place helpers; the public functions return new tensors.
 * @module
 */
import { ArgumentError, Tensor, toTensor, type TensorLike } from '../autodiff/index.js';

/** @internal Clips every element of `g` to `[-limit, limit]`, in place (NaN stays NaN). */
export function clipValueInPlace(g: Float64Array, limit: number): void {
  for (let i = 0; i < g.length; i++) {
    const v = g[i];
    if (v > limit) g[i] = limit;
    else if (v < -limit) g[i] = -limit;
  }
}

/** @internal The sum of squares of `g`. */
export function sumOfSquares(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return s;
}

/** @internal Multiplies every element of `g` by `c`, in place. */
export function scaleInPlace(g: Float64Array, c: number): void {
  for (let i = 0; i < g.length; i++) g[i] *= c;
}

/**
 * @internal The factor that brings a norm down to `maxNorm`: `maxNorm / max(norm, maxNorm)`
 * (1 when the norm is already within the limit).
 */
export function clipFactor(norm: number, maxNorm: number): number {
  return norm > maxNorm ? maxNorm / norm : 1;
}

/** @internal Checks a clipping limit: a positive number. */
export function checkLimit(op: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v))
    throw new ArgumentError(op, `${name} must be a positive finite number, got ${v}`);
}

/**
 * Limits every element of each gradient to `[-clipValue, clipValue]` (Keras's
 * `clipvalue`). `null` gradients stay `null`.
 * @throws {@link ArgumentError} if `clipValue` is not positive.
 * @example
 * ```ts
 * import { clipByValue } from 'pathwise';
 * const [g, none] = clipByValue([[-3, 0.5, 2], null], 1);
 * g?.toArray(); // [-1, 0.5, 1]
 * none; // null
 * ```
 */
export function clipByValue(
  grads: readonly (TensorLike | null)[],
  clipValue: number,
): (Tensor | null)[] {
  checkLimit('clipByValue', 'clipValue', clipValue);
  return grads.map((g, i) => {
    if (g === null) return null;
    const t = toTensor(g, 'clipByValue', `grads[${i}]`);
    const d = Float64Array.from(t.data);
    clipValueInPlace(d, clipValue);
    return new Tensor(d, t.shape);
  });
}

/**
 * Scales a list of gradients together so that their global norm
 * `sqrt(Σ ‖gᵢ‖²)` is at most `clipNorm` (Keras's `global_clipnorm`); the direction of
 * the joint gradient is kept. Returns the clipped gradients and the norm before
 * clipping. `null` gradients stay `null`.
 * @throws {@link ArgumentError} if `clipNorm` is not positive.
 * @example
 * ```ts
 * import { clipByGlobalNorm } from 'pathwise';
 * const { grads, norm } = clipByGlobalNorm([[3, 0], [4], null], 1);
 * norm; // 5
 * grads.map((g) => g?.toArray() ?? null); // [[0.6, 0], [0.8], null]
 * ```
 */
export function clipByGlobalNorm(
  grads: readonly (TensorLike | null)[],
  clipNorm: number,
): { grads: (Tensor | null)[]; norm: number } {
  checkLimit('clipByGlobalNorm', 'clipNorm', clipNorm);
  const ts = grads.map((g, i) =>
    g === null ? null : toTensor(g, 'clipByGlobalNorm', `grads[${i}]`),
  );
  let s = 0;
  for (const t of ts) if (t !== null) s += sumOfSquares(t.data);
  const norm = Math.sqrt(s);
  const c = clipFactor(norm, clipNorm);
  const out = ts.map((t) => {
    if (t === null) return null;
    const d = Float64Array.from(t.data);
    scaleInPlace(d, c);
    return new Tensor(d, t.shape);
  });
  return { grads: out, norm };
}
