/**
 * Differentiable stand-ins for `round` (the differentiable-round question): soft
 * rounding (Agustsson & Theis 2020) and the straight-through estimator.
 * @module
 */
import {
  add,
  ArgumentError,
  customGradient,
  div,
  floor,
  less,
  maximum,
  mul,
  round,
  sub,
  tanh,
  Tensor,
  toTensor,
  where,
  type TensorLike,
} from '../autodiff/index.js';
import { Layer, type LayerOptions } from './layer.js';

/**
 * Options of {@link softRound} and {@link SoftRound}.
 * @example
 * ```ts
 * import { softRound, type SoftRoundOptions } from 'pathwise';
 * const o: SoftRoundOptions = { alpha: 15 };
 * softRound(0.4, o).item(); // ≈ 0.0474256: close to round(0.4) = 0
 * ```
 */
export interface SoftRoundOptions {
  /** Sharpness: → 0 gives the identity, → ∞ gives `round` (default 3). A tensor may be annealed. */
  alpha?: number | Tensor;
  /** Below this alpha the function is the identity (default 1e-3, as in TensorFlow Compression). */
  eps?: number;
}

/**
 * Soft rounding (Agustsson & Theis, "Universally Quantized Neural Compression", 2020):
 *
 *     m = floor(x) + ½,   r = x - m,   y = m + tanh(α·r) / (2·tanh(α/2))
 *
 * It is continuous (y = x at every integer and half-integer), tends to `round` as
 * α → ∞ and to the identity as α → 0. Where α < eps
 * it returns x; the formula then runs on max(α, eps), so a tiny (even zero) α never
 * produces 0/0, and its gradient stays finite.
 * @throws {@link ArgumentError} if alpha (a number) is negative or NaN.
 * @example
 * ```ts
 * import { softRound, grad } from 'pathwise';
 * softRound([0.2, 0.5, 1.8], { alpha: 3 }).toArray(); // ≈ [0.10432014, 0.5, 1.89567986]
 * softRound(0.3, { alpha: 0 }).item(); // 0.3: identity
 * grad((x) => softRound(x, { alpha: 3 }))(0.5).item(); // ≈ 1.65718709: steepest at half-integers
 * ```
 */
export function softRound(x: TensorLike, options: SoftRoundOptions = {}): Tensor {
  const { alpha = 3, eps = 1e-3 } = options;
  const t = toTensor(x, 'softRound', 'x');
  const m = add(floor(t), 0.5);
  const r = sub(t, m);
  if (typeof alpha === 'number') {
    if (!(alpha >= 0)) throw new ArgumentError('softRound', `alpha must be >= 0, got ${alpha}`);
    if (alpha < eps) return t;
    return add(m, div(tanh(mul(alpha, r)), 2 * Math.tanh(alpha / 2)));
  }
  const a = maximum(alpha, eps);
  const y = add(m, div(tanh(mul(a, r)), mul(2, tanh(div(a, 2)))));
  return where(less(alpha, eps), t, y);
}

/**
 * Options of {@link SoftRound}.
 * @example
 * ```ts
 * import { SoftRound, type SoftRoundLayerOptions } from 'pathwise';
 * const o: SoftRoundLayerOptions = { alpha: 7 };
 * new SoftRound(o).alpha; // 7
 * ```
 */
export interface SoftRoundLayerOptions extends LayerOptions, SoftRoundOptions {}

/**
 * A layer applying {@link softRound} with a fixed (or externally annealed tensor) alpha.
 * @example
 * ```ts
 * import { SoftRound } from 'pathwise';
 * new SoftRound({ alpha: 15 }).apply([[0.9, 2.1]]).toArray(); // ≈ [[0.99999416, 2.00000584]]
 * ```
 */
export class SoftRound extends Layer {
  /** The sharpness. */
  readonly alpha: number | Tensor;
  private readonly eps: number;
  constructor(options: SoftRoundLayerOptions = {}) {
    super(options);
    this.alpha = options.alpha ?? 3;
    this.eps = options.eps ?? 1e-3;
  }
  call(x: Tensor): Tensor {
    return softRound(x, { alpha: this.alpha, eps: this.eps });
  }
}

const roundST = customGradient((x) => ({ value: round(x), grad: (g) => g }), {
  name: 'straightThroughRound',
});

/**
 * `round` in the forward pass (half to even), the identity's gradient (1) in the
 * backward pass: the straight-through estimator (Bengio et al. 2013), the answer's
 * `x - stopGradient(x - round(x))` as one op.
 * @example
 * ```ts
 * import { straightThroughRound, grad } from 'pathwise';
 * straightThroughRound([0.4, 1.6, 2.5]).toArray(); // [0, 2, 2]
 * grad((x) => straightThroughRound(x))(1.6).item(); // 1
 * ```
 */
export function straightThroughRound(x: TensorLike): Tensor {
  return roundST(x);
}

/**
 * A layer applying {@link straightThroughRound}: integer outputs, gradient 1.
 * @example
 * ```ts
 * import { StraightThroughRound } from 'pathwise';
 * new StraightThroughRound().apply([[0.3, 0.7]]).toArray(); // [[0, 1]]
 * ```
 */
export class StraightThroughRound extends Layer {
  constructor(options: LayerOptions = {}) {
    super(options);
  }
  call(x: Tensor): Tensor {
    return straightThroughRound(x);
  }
}
