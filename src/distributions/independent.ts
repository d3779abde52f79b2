/**
 * Reinterpreting batch axes as event axes.
 * @module
 */
import { ArgumentError, sum, type Shape, type Tensor } from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints, type Constraint } from './constraints.js';
import { Distribution } from './distribution.js';

const lastAxes = (n: number): number[] => Array.from({ length: n }, (_, i) => -1 - i);

/**
 * Treats the `n` rightmost batch axes of `base` as event axes: `logProb` sums the base's
 * log densities over them (a diagonal normal over vectors is
 * `new Independent(new Normal(locs, scales), 1)`). Sampling, moments and
 * reparameterization are the base's.
 * @param base - the distribution.
 * @param n - how many batch axes to reinterpret (≤ its batch rank).
 * @throws {@link ArgumentError} if n is not an integer in [0, batch rank].
 * @example
 * ```ts
 * import { Independent, Normal } from 'pathwise';
 * const d = new Independent(new Normal([0, 0, 0], 1), 1);
 * d.batchShape; // []
 * d.eventShape; // [3]
 * d.logProb([0, 0, 0]).item(); // -2.756815599614018
 * ```
 */
export class Independent extends Distribution {
  /** The wrapped distribution. */
  readonly base: Distribution;
  /** Number of reinterpreted axes. */
  readonly reinterpreted: number;

  constructor(base: Distribution, n: number) {
    const b = base.batchShape;
    if (!Number.isInteger(n) || n < 0 || n > b.length)
      throw new ArgumentError(
        'Independent',
        `argument 'n' must be an integer in [0, ${b.length}] (the batch rank of ${base.family}), got ${n}`,
      );
    super({
      family: `Independent(${base.family})`,
      batchShape: b.slice(0, b.length - n),
      eventShape: () => [...b.slice(b.length - n), ...base.eventShape],
    });
    this.base = base;
    this.reinterpreted = n;
  }

  override get reparameterized(): boolean {
    return this.base.reparameterized;
  }

  get support(): Constraint {
    const n = this.reinterpreted;
    return n === 0 ? this.base.support : constraints.independent(this.base.support, n);
  }

  override expand(batchShape: Shape): this {
    const tail = this.base.batchShape.slice(this.base.batchShape.length - this.reinterpreted);
    return new Independent(this.base.expand([...batchShape, ...tail]), this.reinterpreted) as this;
  }

  private reduce(t: Tensor): Tensor {
    return this.reinterpreted === 0 ? t : sum(t, lastAxes(this.reinterpreted));
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const base = shape.length - this.batchShape.length - this.eventShape.length;
    return this.base.sample(shape.slice(0, base), rng);
  }

  /** @internal The base's noise. */
  override noise(sampleShape: Shape, rng: Rng): Tensor | undefined {
    return this.base.noise(sampleShape, rng);
  }

  /** @internal The base's draw at `eps`. */
  override fromNoise(eps: Tensor): Tensor {
    return this.base.fromNoise(eps);
  }

  protected _logProb(x: Tensor): Tensor {
    return this.reduce(this.base.logProb(x));
  }

  protected override _mean(): Tensor {
    return this.base.mean;
  }

  protected override _variance(): Tensor {
    return this.base.variance;
  }

  protected override _mode(): Tensor {
    return this.base.mode;
  }

  protected override _entropy(): Tensor {
    return this.reduce(this.base.entropy());
  }
}
