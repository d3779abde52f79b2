/**
 * The shared part of location–scale families (Normal, Cauchy, Laplace, Logistic):
 * x = loc + scale·s with s a standard draw, so samples are reparameterized.
 * @module
 */
import { add, div, mul, sub, type Tensor, type TensorLike } from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';

/**
 * A location–scale family on the real line: parameters `loc` (real) and `scale` (> 0),
 * samples `loc + scale·s` where s is one draw of the standard member (`standard`), mode
 * `loc`. Families add their log-density, moments and CDF.
 * @example
 * ```ts
 * import { LocScale, Normal } from 'pathwise';
 * new Normal(1, 2) instanceof LocScale; // true
 * ```
 */
export abstract class LocScale extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.real,
    scale: constraints.positive,
  };
  static override readonly reparameterized = true;

  protected constructor(
    family: string,
    loc: TensorLike,
    scale: TensorLike,
    options?: DistributionOptions,
  ) {
    super({ family, params: { loc, scale }, options });
  }

  /** The location. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** The scale. */
  get scale(): Tensor {
    return this.params.scale;
  }

  get support() {
    return constraints.real;
  }

  /** One draw of the standard member (loc 0, scale 1). */
  protected abstract standard(r: Rng): number;

  /** (x - loc) / scale. */
  protected z(x: Tensor): Tensor {
    return div(sub(x, this.loc), this.scale);
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => this.standard(r)));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => this.standard(r);
  }

  /** @internal loc + scale·ε. */
  override fromNoise(eps: Tensor): Tensor {
    return add(this.loc, mul(this.scale, eps));
  }

  protected override _mode(): Tensor {
    return this.loc;
  }
}
