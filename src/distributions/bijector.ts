/**
 * Bijectors: invertible, differentiable maps with their log |det Jacobian| (TFP's
 * bijectors, torch's transforms), for {@link TransformedDistribution} and for moving a
 * constrained parameter to ℝⁿ ({@link bijectorFor}).
 * @module
 */
import {
  abs,
  add,
  broadcastTo,
  div,
  exp,
  expm1,
  log,
  log1p,
  mul,
  neg,
  sigmoid,
  softplus,
  sub,
  sum,
  tanh,
  toTensor,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { constraints, type Constraint } from './constraints.js';

/** Sums `t` over its `n` rightmost axes. */
export function sumRightmost(t: Tensor, n: number): Tensor {
  return n <= 0
    ? t
    : sum(
        t,
        Array.from({ length: n }, (_, i) => -1 - i),
      );
}

/**
 * An invertible map y = f(x) from `domain` to `codomain`. `logDetJacobian(x)` is
 * log |det ∂f/∂x|, one value per event (x's shape less `eventDim` axes). Subclasses
 * implement `forward`, `inverse` and `logDetJacobian`; shape-changing ones
 * (StickBreaking) also `forwardShape` / `inverseShape`.
 * @example
 * ```ts
 * import { Exp } from 'pathwise';
 * const b = new Exp();
 * b.forward(0).item(); // 1
 * b.inverse(Math.E).item(); // 1
 * b.logDetJacobian(2).item(); // 2
 * b.inverseLogDetJacobian(Math.E).item(); // -1
 * ```
 */
export abstract class Bijector {
  /** A name for messages, e.g. `'Exp'`. */
  abstract readonly name: string;
  /** Where x lives. */
  abstract readonly domain: Constraint;
  /** Where y lives. */
  abstract readonly codomain: Constraint;
  /** Whether the map is elementwise increasing (so CDFs carry over). */
  readonly increasing: boolean = false;

  /** Number of rightmost axes of x that form one event. */
  get eventDim(): number {
    return this.domain.eventDim;
  }

  /** y = f(x). */
  abstract forward(x: TensorLike): Tensor;
  /** x = f⁻¹(y). */
  abstract inverse(y: TensorLike): Tensor;
  /** log |det ∂f/∂x| at x, per event. */
  abstract logDetJacobian(x: TensorLike): Tensor;

  /** log |det ∂f⁻¹/∂y| at y: `-logDetJacobian(inverse(y))`. */
  inverseLogDetJacobian(y: TensorLike): Tensor {
    return neg(this.logDetJacobian(this.inverse(y)));
  }

  /** The shape of y for an x of shape `shape`. */
  forwardShape(shape: Shape): Shape {
    return shape;
  }

  /** The shape of x for a y of shape `shape`. */
  inverseShape(shape: Shape): Shape {
    return shape;
  }
}

const t = (x: TensorLike, op: string): Tensor => toTensor(x, op, 'x');

/**
 * The identity map (for unconstrained values).
 * @example
 * ```ts
 * import { Identity } from 'pathwise';
 * new Identity().forward([1, 2]).toArray(); // [1, 2]
 * new Identity().logDetJacobian([1, 2]).toArray(); // [0, 0]
 * ```
 */
export class Identity extends Bijector {
  readonly name = 'Identity';
  readonly domain = constraints.real;
  readonly codomain = constraints.real;
  override readonly increasing = true;
  forward(x: TensorLike): Tensor {
    return t(x, 'Identity.forward');
  }
  inverse(y: TensorLike): Tensor {
    return t(y, 'Identity.inverse');
  }
  logDetJacobian(x: TensorLike): Tensor {
    return mul(t(x, 'Identity.logDetJacobian'), 0);
  }
}

/**
 * y = exp(x), from ℝ to (0, ∞); log |dy/dx| = x.
 * @example
 * ```ts
 * import { Exp } from 'pathwise';
 * new Exp().forward([0, 1]).toArray(); // [1, 2.718281828459045]
 * ```
 */
export class Exp extends Bijector {
  readonly name = 'Exp';
  readonly domain = constraints.real;
  readonly codomain = constraints.positive;
  override readonly increasing = true;
  forward(x: TensorLike): Tensor {
    return exp(x);
  }
  inverse(y: TensorLike): Tensor {
    return log(y);
  }
  logDetJacobian(x: TensorLike): Tensor {
    return t(x, 'Exp.logDetJacobian');
  }
}

/**
 * y = softplus(x) = log(1 + eˣ), from ℝ to (0, ∞), gentler than Exp for large x;
 * inverse `y + log(-expm1(-y))`; log |dy/dx| = log σ(x) = -softplus(-x).
 * @example
 * ```ts
 * import { Softplus } from 'pathwise';
 * const b = new Softplus();
 * b.forward(0).item(); // 0.6931471805599453
 * b.inverse(b.forward(30)).item(); // 30
 * ```
 */
export class Softplus extends Bijector {
  readonly name = 'Softplus';
  readonly domain = constraints.real;
  readonly codomain = constraints.positive;
  override readonly increasing = true;
  forward(x: TensorLike): Tensor {
    return softplus(x);
  }
  inverse(y: TensorLike): Tensor {
    const ty = t(y, 'Softplus.inverse');
    return add(ty, log(neg(expm1(neg(ty)))));
  }
  logDetJacobian(x: TensorLike): Tensor {
    return neg(softplus(neg(x)));
  }
}

/**
 * y = σ(x) = 1/(1 + e⁻ˣ), from ℝ to (0, 1); inverse `log y - log1p(-y)`;
 * log |dy/dx| = -softplus(-x) - softplus(x).
 * @example
 * ```ts
 * import { Sigmoid } from 'pathwise';
 * new Sigmoid().forward(0).item(); // 0.5
 * new Sigmoid().logDetJacobian(0).item(); // -1.3862943611198906
 * ```
 */
export class Sigmoid extends Bijector {
  readonly name = 'Sigmoid';
  readonly domain = constraints.real;
  readonly codomain = constraints.unitInterval;
  override readonly increasing = true;
  forward(x: TensorLike): Tensor {
    return sigmoid(x);
  }
  inverse(y: TensorLike): Tensor {
    return sub(log(y), log1p(neg(y)));
  }
  logDetJacobian(x: TensorLike): Tensor {
    return neg(add(softplus(neg(x)), softplus(x)));
  }
}

/**
 * y = tanh(x), from ℝ to (-1, 1); inverse `½(log1p(y) - log1p(-y))`;
 * log |dy/dx| = 2(log 2 - x - softplus(-2x)), stable for large |x|.
 * @example
 * ```ts
 * import { Tanh } from 'pathwise';
 * new Tanh().forward(0).item(); // 0
 * new Tanh().logDetJacobian(0).item(); // 0
 * ```
 */
export class Tanh extends Bijector {
  readonly name = 'Tanh';
  readonly domain = constraints.real;
  readonly codomain = constraints.interval(-1, 1);
  override readonly increasing = true;
  forward(x: TensorLike): Tensor {
    return tanh(x);
  }
  inverse(y: TensorLike): Tensor {
    return mul(sub(log1p(y), log1p(neg(y))), 0.5);
  }
  logDetJacobian(x: TensorLike): Tensor {
    const tx = t(x, 'Tanh.logDetJacobian');
    return mul(sub(sub(Math.LN2, tx), softplus(mul(tx, -2))), 2);
  }
}

/**
 * y = shift + scale·x (elementwise, broadcasting); log |dy/dx| = log |scale|.
 * @param shift - added after scaling.
 * @param scale - the factor (non-zero).
 * @example
 * ```ts
 * import { Affine } from 'pathwise';
 * const b = new Affine(1, 2);
 * b.forward(3).item(); // 7
 * b.inverse(7).item(); // 3
 * b.logDetJacobian(3).item(); // 0.6931471805599453
 * ```
 */
export class Affine extends Bijector {
  readonly name = 'Affine';
  readonly domain = constraints.real;
  readonly codomain = constraints.real;
  override readonly increasing: boolean;
  /** The shift. */
  readonly shift: Tensor;
  /** The scale. */
  readonly scale: Tensor;
  constructor(shift: TensorLike, scale: TensorLike) {
    super();
    this.shift = toTensor(shift, 'Affine', 'shift');
    this.scale = toTensor(scale, 'Affine', 'scale');
    this.increasing = this.scale.data.every((v) => v > 0);
  }
  forward(x: TensorLike): Tensor {
    return add(this.shift, mul(this.scale, x));
  }
  inverse(y: TensorLike): Tensor {
    return div(sub(y, this.shift), this.scale);
  }
  logDetJacobian(x: TensorLike): Tensor {
    const tx = t(x, 'Affine.logDetJacobian');
    const l = log(abs(this.scale));
    return broadcastTo(l, broadcastShapeOf(tx.shape, l.shape));
  }
}

function broadcastShapeOf(a: Shape, b: Shape): Shape {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    return da === 1 ? db : da;
  });
}

/**
 * Composition: `new Chain([f, g]).forward(x) = g(f(x))` (applied left to right, like
 * torch's ComposeTransform). log-Jacobians add, each summed up to the chain's event rank.
 * @example
 * ```ts
 * import { Chain, Exp, Affine } from 'pathwise';
 * const b = new Chain([new Exp(), new Affine(1, 1)]); // x ↦ 1 + eˣ, onto (1, ∞)
 * b.forward(0).item(); // 2
 * b.inverse(2).item(); // 0
 * b.logDetJacobian(0).item(); // 0
 * ```
 */
export class Chain extends Bijector {
  readonly name: string;
  readonly domain: Constraint;
  readonly codomain: Constraint;
  override readonly increasing: boolean;
  /** The parts, in the order they are applied. */
  readonly parts: readonly Bijector[];
  constructor(parts: readonly Bijector[]) {
    super();
    this.parts = parts;
    this.name = `Chain(${parts.map((p) => p.name).join(', ')})`;
    const dim = Math.max(0, ...parts.map((p) => p.eventDim));
    const first = parts[0]?.domain ?? constraints.real;
    this.domain =
      first.eventDim < dim ? constraints.independent(first, dim - first.eventDim) : first;
    this.codomain = parts[parts.length - 1]?.codomain ?? constraints.real;
    this.increasing = parts.every((p) => p.increasing);
  }
  forward(x: TensorLike): Tensor {
    return this.parts.reduce((v, p) => p.forward(v), t(x, 'Chain.forward'));
  }
  inverse(y: TensorLike): Tensor {
    return this.parts.reduceRight((v, p) => p.inverse(v), t(y, 'Chain.inverse'));
  }
  logDetJacobian(x: TensorLike): Tensor {
    let v = t(x, 'Chain.logDetJacobian');
    let total = sumRightmost(mul(v, 0), this.eventDim);
    for (const p of this.parts) {
      total = add(total, sumRightmost(p.logDetJacobian(v), this.eventDim - p.eventDim));
      v = p.forward(v);
    }
    return total;
  }
  override forwardShape(shape: Shape): Shape {
    return this.parts.reduce((s, p) => p.forwardShape(s), shape);
  }
  override inverseShape(shape: Shape): Shape {
    return this.parts.reduceRight((s, p) => p.inverseShape(s), shape);
  }
}

/** @internal `inner` on events with `n` more axes: log-Jacobians summed over them. */
export class Reinterpreted extends Bijector {
  readonly name: string;
  readonly domain: Constraint;
  readonly codomain: Constraint;
  override readonly increasing: boolean;
  constructor(
    private readonly inner: Bijector,
    private readonly n: number,
  ) {
    super();
    this.name = inner.name;
    this.domain = constraints.independent(inner.domain, n);
    this.codomain = constraints.independent(inner.codomain, n);
    this.increasing = inner.increasing;
  }
  forward(x: TensorLike): Tensor {
    return this.inner.forward(x);
  }
  inverse(y: TensorLike): Tensor {
    return this.inner.inverse(y);
  }
  logDetJacobian(x: TensorLike): Tensor {
    return sumRightmost(this.inner.logDetJacobian(x), this.n);
  }
}
