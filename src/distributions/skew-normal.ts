/**
 * The skew-normal distribution.
 * @module
 */
import {
  abs,
  add,
  div,
  log,
  mul,
  reshape,
  slice,
  sqrt,
  square,
  stack,
  sub,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { logNdtr } from './log-ndtr.js';
import { skewNormalCdf } from './owens-t.js';
import { LOG_SQRT_2PI } from './normal.js';

/**
 * The skew-normal distribution with `loc` ξ, `scale` ω and `skewness` α, as
 * scipy.stats.skewnorm(α, loc=ξ, scale=ω): density `(2/ω)·φ(z)·Φ(αz)`, z = (x - ξ)/ω;
 * log density `log 2 - log ω + log φ(z) + log Φ(αz)` with log Φ formed in log space, so it
 * stays finite and accurate where Φ(αz) underflows (z = -40, α = 5). α = 0 is Normal(ξ, ω).
 * Reparameterized: with δ = α/√(1+α²), a draw is `ξ + ω(δ|ε₀| + ε₁/√(1+α²))` for
 * independent ε₀, ε₁ ~ N(0, 1), differentiable in all three parameters. Mean
 * `ξ + ωδ√(2/π)`, variance `ω²(1 - 2δ²/π)`; the CDF is `Φ(z) - 2T(z, α)` with Owen's T
 * (about 1e-13 relative to mpmath; in the far left tail, α > 0 and αz < -2, a
 * cancellation-free integral keeps the relative accuracy until F underflows below
 * 1e-308). No mode, entropy or icdf (no closed forms).
 * @param loc - the location ξ (finite).
 * @param scale - the scale ω (> 0).
 * @param skewness - the shape α (finite); α > 0 skews to the right.
 * @throws {@link ArgumentError} for a non-finite loc or skewness or a scale that is not
 *   positive.
 * @example
 * ```ts
 * import { SkewNormal } from 'pathwise';
 * const d = new SkewNormal(0, 1, 5);
 * d.logProb(-40).item(); // -20806.443072250833 (Φ(-200) underflows; log Φ does not)
 * d.cdf(0).item(); // 0.0628329581890012
 * d.mean.item(); // 0.7823901817554269
 * ```
 */
export class SkewNormal extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.real,
    scale: constraints.positive,
    skewness: constraints.real,
  };
  static override readonly reparameterized = true;

  constructor(
    loc: TensorLike,
    scale: TensorLike,
    skewness: TensorLike,
    options?: DistributionOptions,
  ) {
    super({ family: 'SkewNormal', params: { loc, scale, skewness }, options });
  }

  /** The location ξ. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** The scale ω. */
  get scale(): Tensor {
    return this.params.scale;
  }

  /** The skewness α. */
  get skewness(): Tensor {
    return this.params.skewness;
  }

  get support() {
    return constraints.real;
  }

  /** δ = α/√(1+α²). */
  private delta(): Tensor {
    return div(this.skewness, sqrt(add(square(this.skewness), 1)));
  }

  protected _sample(shape: Shape, rng: Rng): Tensor {
    const e0 = rng.tensor([...shape], (r) => r.normal());
    return this.mapNoise(
      e0,
      rng.tensor([...shape], (r) => r.normal()),
    );
  }

  private mapNoise(e0: Tensor, e1: Tensor): Tensor {
    const a = this.skewness;
    const s = add(mul(this.delta(), abs(e0)), div(e1, sqrt(add(square(a), 1))));
    return add(this.loc, mul(this.scale, s));
  }

  /** @internal ε₀ and ε₁, drawn as `sample` draws them, stacked on a new last axis. */
  override noise(sampleShape: Shape, rng: Rng): Tensor {
    const shape = [...sampleShape, ...this.batchShape];
    const e0 = rng.tensor(shape, (r) => r.normal());
    return stack([e0, rng.tensor(shape, (r) => r.normal())], -1);
  }

  /** @internal ξ + ω(δ|ε₀| + ε₁/√(1+α²)) at noise from {@link SkewNormal.noise}. */
  override fromNoise(eps: Tensor): Tensor {
    const pre = eps.shape.slice(0, -1);
    const zero = pre.map(() => 0);
    const part = (k: number): Tensor => reshape(slice(eps, [...zero, k], [...pre, 1]), pre);
    return this.mapNoise(part(0), part(1));
  }

  protected _logProb(x: Tensor): Tensor {
    const z = div(sub(x, this.loc), this.scale);
    const logPhi = sub(mul(-0.5, square(z)), LOG_SQRT_2PI);
    return add(sub(add(logPhi, Math.LN2), log(this.scale)), logNdtr(mul(this.skewness, z)));
  }

  protected override _mean(): Tensor {
    return add(this.loc, mul(this.scale, mul(this.delta(), Math.sqrt(2 / Math.PI))));
  }

  protected override _variance(): Tensor {
    return mul(square(this.scale), sub(1, mul(2 / Math.PI, square(this.delta()))));
  }

  protected override _cdf(x: Tensor): Tensor {
    return skewNormalCdf(div(sub(x, this.loc), this.scale), this.skewness);
  }
}
