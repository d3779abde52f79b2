/**
 * More transforms from torch and TFP: PowerTransform, AbsTransform, SoftmaxTransform,
 * SoftmaxCentered and CumulativeDistributionTransform.
 * @module
 */
import {
  abs,
  add,
  ArgumentError,
  concat,
  div,
  log,
  logSoftmax,
  mul,
  pow,
  slice,
  softmax,
  sub,
  sum,
  toTensor,
  zeros,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Bijector } from './bijector.js';
import { constraints, type Constraint } from './constraints.js';
import { Distribution } from './distribution.js';

/**
 * y = xᵖ from (0, ∞) onto (0, ∞) (torch's PowerTransform), elementwise with the exponent
 * broadcast; inverse y^(1/p); log |dy/dx| = log |p| + (p - 1) log x. Differentiable in x
 * and in p.
 * @param exponent - p, a number or a tensor of non-zero values.
 * @throws ArgumentError if any element of `exponent` is 0 (the map is then constant).
 * @example
 * ```ts
 * import { PowerTransform } from 'pathwise';
 * const b = new PowerTransform(2);
 * b.forward(3).item(); // 9
 * b.inverse(9).item(); // 3
 * b.logDetJacobian(3).item(); // 1.791759469228055
 * ```
 */
export class PowerTransform extends Bijector {
  readonly name = 'PowerTransform';
  readonly domain = constraints.positive;
  readonly codomain = constraints.positive;
  override readonly increasing: boolean;
  /** The exponent p. */
  readonly exponent: Tensor;
  constructor(exponent: TensorLike) {
    super();
    this.exponent = toTensor(exponent, 'PowerTransform', 'exponent');
    const zero = this.exponent.data.findIndex((v) => v === 0);
    if (zero >= 0)
      throw new ArgumentError(
        'PowerTransform',
        `exponent must be non-zero (x ↦ x⁰ is not invertible), got 0 at element ${zero}`,
      );
    this.increasing = this.exponent.data.every((v) => v > 0);
  }
  forward(x: TensorLike): Tensor {
    return pow(toTensor(x, 'PowerTransform.forward', 'x'), this.exponent);
  }
  inverse(y: TensorLike): Tensor {
    return pow(toTensor(y, 'PowerTransform.inverse', 'y'), div(1, this.exponent));
  }
  logDetJacobian(x: TensorLike): Tensor {
    const tx = toTensor(x, 'PowerTransform.logDetJacobian', 'x');
    return add(log(abs(this.exponent)), mul(sub(this.exponent, 1), log(tx)));
  }
}

/**
 * y = |x| from ℝ onto [0, ∞) (torch's AbsTransform), elementwise; its gradient is
 * sign(x), 0 at x = 0 (as torch's abs). Not a bijection (x and -x give the same y), so it
 * has no log |det Jacobian|: use it to map values (e.g. fold a distribution by hand).
 * `inverse(y)` is |y|, the non-negative preimage: where torch returns y itself, the two
 * agree on [0, ∞), and |y| keeps `forward(inverse(y)) = |y|` and `inverse(forward(x)) =
 * |x|` for every y and x (a negative y, outside the codomain, is folded rather than
 * passed through as a value |·| never takes).
 * @throws ArgumentError from `logDetJacobian` (and so from a TransformedDistribution's
 * logProb) always.
 * @example
 * ```ts
 * import { AbsTransform } from 'pathwise';
 * const b = new AbsTransform();
 * b.forward([-2, 0, 3]).toArray(); // [2, 0, 3]
 * b.inverse([2, -1]).toArray(); // [2, 1]
 * ```
 */
export class AbsTransform extends Bijector {
  readonly name = 'AbsTransform';
  readonly domain = constraints.real;
  readonly codomain = constraints.nonNegative;
  forward(x: TensorLike): Tensor {
    return abs(toTensor(x, 'AbsTransform.forward', 'x'));
  }
  inverse(y: TensorLike): Tensor {
    return abs(toTensor(y, 'AbsTransform.inverse', 'y'));
  }
  logDetJacobian(_x: TensorLike): Tensor {
    throw new ArgumentError(
      'AbsTransform.logDetJacobian',
      'abs is not bijective (x and -x give the same y), so it has no log |det Jacobian|; for the density of |X| fold it by hand: p(y) + p(-y) for y ≥ 0',
    );
  }
}

/**
 * y = softmax(x) from ℝᴷ onto the K-simplex (last axis; torch's SoftmaxTransform);
 * inverse log y, which recovers x only up to an additive constant per event. Not a
 * bijection (adding c to every xᵢ gives the same y), so it has no log |det Jacobian|:
 * use it to map values, and {@link StickBreaking} or {@link SoftmaxCentered} for
 * densities.
 * @throws ArgumentError from `logDetJacobian` (and so from a TransformedDistribution's
 * logProb) always.
 * @example
 * ```ts
 * import { SoftmaxTransform } from 'pathwise';
 * const b = new SoftmaxTransform();
 * b.forward([0, 0]).toArray(); // [0.5, 0.5]
 * b.inverse([0.5, 0.5]).toArray(); // [-0.6931471805599453, -0.6931471805599453]
 * ```
 */
export class SoftmaxTransform extends Bijector {
  readonly name = 'SoftmaxTransform';
  readonly domain = constraints.realVector;
  readonly codomain = constraints.simplex;
  forward(x: TensorLike): Tensor {
    return softmax(toTensor(x, 'SoftmaxTransform.forward', 'x'), -1);
  }
  inverse(y: TensorLike): Tensor {
    return log(toTensor(y, 'SoftmaxTransform.inverse', 'y'));
  }
  logDetJacobian(_x: TensorLike): Tensor {
    throw new ArgumentError(
      'SoftmaxTransform.logDetJacobian',
      'softmax is not bijective (x and x + c give the same point of the simplex), so it has no log |det Jacobian|; use StickBreaking or SoftmaxCentered for a density on the simplex',
    );
  }
}

const lastSlice = (x: Tensor, begin: number, size: number): Tensor =>
  slice(x, [...x.shape.slice(0, -1).map(() => 0), begin], [...x.shape.slice(0, -1), size]);

const padZero = (x: Tensor): Tensor => concat([x, zeros([...x.shape.slice(0, -1), 1])], -1);

/**
 * y = softmax([x, 0]) from ℝᴷ⁻¹ onto the K-simplex (last axis; TFP's SoftmaxCentered):
 * a bijection, with inverse xᵢ = log yᵢ - log y_K. The Jacobian of the first K-1
 * coordinates is diag(y') - y'y'ᵀ (y' = y₁..y_{K-1}), whose determinant is Πᵢ₌₁ᴷ yᵢ, so
 * log |det| = Σᵢ₌₁ᴷ log yᵢ = Σ logSoftmax([x, 0]) (the convention of StickBreaking;
 * TFP adds ½ log K for the volume of the simplex embedded in ℝᴷ).
 * @example
 * ```ts
 * import { SoftmaxCentered } from 'pathwise';
 * const b = new SoftmaxCentered();
 * b.forward([0, 0]).toArray(); // [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]
 * b.inverse([0.25, 0.25, 0.5]).toArray(); // [-0.6931471805599453, -0.6931471805599453]
 * b.forwardShape([2]); // [3]
 * ```
 */
export class SoftmaxCentered extends Bijector {
  readonly name = 'SoftmaxCentered';
  readonly domain = constraints.realVector;
  readonly codomain = constraints.simplex;
  forward(x: TensorLike): Tensor {
    return softmax(padZero(toTensor(x, 'SoftmaxCentered.forward', 'x')), -1);
  }
  inverse(y: TensorLike): Tensor {
    const ly = log(toTensor(y, 'SoftmaxCentered.inverse', 'y'));
    const k = ly.shape[ly.rank - 1];
    return sub(lastSlice(ly, 0, k - 1), lastSlice(ly, k - 1, 1));
  }
  logDetJacobian(x: TensorLike): Tensor {
    const tx = toTensor(x, 'SoftmaxCentered.logDetJacobian', 'x');
    return sum(logSoftmax(padZero(tx), -1), -1);
  }
  override forwardShape(shape: Shape): Shape {
    return [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  }
  override inverseShape(shape: Shape): Shape {
    return [...shape.slice(0, -1), shape[shape.length - 1] - 1];
  }
}

const overrides = (d: Distribution, hook: '_cdf' | '_icdf'): boolean =>
  (d as unknown as Record<string, unknown>)[hook] !==
  (Distribution.prototype as unknown as Record<string, unknown>)[hook];

/**
 * y = F(x), the cdf of a univariate distribution, from its support onto (0, 1) (torch's
 * CumulativeDistributionTransform); inverse F⁻¹ = `dist.icdf`; log |dy/dx| =
 * `dist.logProb(x)`. Pushing `dist` itself through it gives Uniform(0, 1).
 * @param dist - a distribution with scalar events and both `cdf` and `icdf`.
 * @throws ArgumentError if `dist` has vector events or lacks `cdf` or `icdf`.
 * @example
 * ```ts
 * import { CumulativeDistributionTransform, Normal } from 'pathwise';
 * const b = new CumulativeDistributionTransform(new Normal(0, 1));
 * b.forward(0).item(); // 0.5
 * b.inverse(0.5).item(); // 0
 * b.logDetJacobian(0).item(); // -0.9189385332046728
 * ```
 */
export class CumulativeDistributionTransform extends Bijector {
  readonly name: string;
  readonly domain: Constraint;
  readonly codomain = constraints.unitInterval;
  override readonly increasing = true;
  /** The distribution whose cdf this is. */
  readonly dist: Distribution;
  constructor(dist: Distribution) {
    super();
    const op = 'CumulativeDistributionTransform';
    if (dist.eventShape.length > 0)
      throw new ArgumentError(op, `${dist.family} has vector events; a cdf needs scalar ones`);
    for (const [hook, what] of [
      ['_cdf', 'cdf'],
      ['_icdf', 'icdf'],
    ] as const)
      if (!overrides(dist, hook))
        throw new ArgumentError(op, `${dist.family} has no ${what}, which the transform needs`);
    this.dist = dist;
    this.domain = dist.support;
    this.name = `CumulativeDistributionTransform(${dist.family})`;
  }
  forward(x: TensorLike): Tensor {
    return this.dist.cdf(x);
  }
  inverse(y: TensorLike): Tensor {
    return this.dist.icdf(y);
  }
  logDetJacobian(x: TensorLike): Tensor {
    return this.dist.logProb(x);
  }
}
