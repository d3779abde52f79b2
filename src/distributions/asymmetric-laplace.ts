/**
 * The asymmetric Laplace distribution.
 * @module
 */
import {
  add,
  div,
  exp,
  less,
  log,
  log1p,
  mul,
  neg,
  pow,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';

/**
 * The asymmetric Laplace distribution with `loc` m, `scale` s and `asymmetry` κ: with
 * z = (x - m)/s, density `exp(-κz) / (s(κ + 1/κ))` for z ≥ 0 and `exp(z/κ) / (s(κ + 1/κ))`
 * below (scipy's `laplace_asymmetric(κ, loc=m, scale=s)`; κ = 1 is Laplace(m, s)).
 * P(X < m) = κ²/(1 + κ²). Reparameterized through the closed-form quantile of a uniform
 * draw. Mean `m + s(1/κ - κ)`, variance `s²(1 + κ⁴)/κ²`, entropy `1 + log(s(κ + 1/κ))`.
 * @param loc - the location m (the mode).
 * @param scale - the scale s (> 0).
 * @param asymmetry - κ (> 0); κ > 1 puts more mass left of m.
 * @throws {@link ArgumentError} for a non-finite loc or a scale or asymmetry that is not positive.
 * @example
 * ```ts
 * import { AsymmetricLaplace } from 'pathwise';
 * const d = new AsymmetricLaplace(0, 1, 2);
 * d.logProb(0).item(); // -0.9162907318741551
 * d.cdf(0).item(); // 0.8
 * d.mean.item(); // -1.5
 * ```
 */
export class AsymmetricLaplace extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.real,
    scale: constraints.positive,
    asymmetry: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(
    loc: TensorLike,
    scale: TensorLike,
    asymmetry: TensorLike,
    options?: DistributionOptions,
  ) {
    super({ family: 'AsymmetricLaplace', params: { loc, scale, asymmetry }, options });
  }

  /** The location m. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** The scale s. */
  get scale(): Tensor {
    return this.params.scale;
  }

  /** The asymmetry κ. */
  get asymmetry(): Tensor {
    return this.params.asymmetry;
  }

  get support() {
    return constraints.real;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.uniform()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.uniform();
  }

  /** @internal The quantile at a standard uniform draw ε. */
  override fromNoise(eps: Tensor): Tensor {
    return this._icdf(eps);
  }

  /** log(s(κ + 1/κ)). */
  private logNorm(): Tensor {
    const k = this.asymmetry;
    return add(log(this.scale), log(add(k, div(1, k))));
  }

  protected _logProb(x: Tensor): Tensor {
    const k = this.asymmetry;
    const z = div(sub(x, this.loc), this.scale);
    const e = where(less(z, 0), div(z, k), mul(neg(k), z));
    return sub(e, this.logNorm());
  }

  protected override _mean(): Tensor {
    const k = this.asymmetry;
    return add(this.loc, mul(this.scale, sub(div(1, k), k)));
  }

  protected override _variance(): Tensor {
    const k = this.asymmetry;
    return div(mul(square(this.scale), add(1, pow(k, 4))), square(k));
  }

  protected override _mode(): Tensor {
    return this.loc;
  }

  protected override _entropy(): Tensor {
    return add(this.logNorm(), 1);
  }

  protected override _cdf(x: Tensor): Tensor {
    const k = this.asymmetry;
    const k2 = square(k);
    const z = div(sub(x, this.loc), this.scale);
    const left = mul(div(k2, add(1, k2)), exp(div(where(less(z, 0), z, 0), k)));
    const right = sub(1, div(exp(mul(neg(k), where(less(z, 0), 0, z))), add(1, k2)));
    return where(less(z, 0), left, right);
  }

  protected override _icdf(p: Tensor): Tensor {
    const k = this.asymmetry;
    const k2 = square(k);
    const split = div(k2, add(1, k2));
    const lo = less(p, split);
    // left: κ·log(p(1 + κ²)/κ²); right: -log((1 - p)(1 + κ²))/κ
    const left = mul(k, log(div(where(lo, p, split), split)));
    const right = div(neg(add(log1p(neg(where(lo, split, p))), log1p(k2))), k);
    return add(this.loc, mul(this.scale, where(lo, left, right)));
  }
}
