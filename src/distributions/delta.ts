/**
 * The point mass.
 * @module
 */
import {
  broadcastTo,
  equal,
  greaterEqual,
  min,
  mul,
  noGrad,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';

/**
 * Options of {@link Delta}.
 * @example
 * ```ts
 * import { Delta, type DeltaOptions } from 'pathwise';
 * const o: DeltaOptions = { eventDim: 1, logDensity: 2 };
 * new Delta([1, 2], o).logProb([1, 2]).item(); // 2
 * ```
 */
export interface DeltaOptions extends DistributionOptions {
  /** The log density reported at the point (default 0), e.g. a Jacobian term. */
  logDensity?: TensorLike;
  /** Number of rightmost axes of `value` forming one event (default 0). */
  eventDim?: number;
}

/**
 * All mass at `value` (NumPyro's Delta): `sample` returns `value` (reparameterized: the
 * gradient flows to it), `logProb(x)` is `logDensity` where x equals value and -Infinity
 * elsewhere. Used to put a deterministic site in a model.
 * @param value - the point.
 * @example
 * ```ts
 * import { Delta } from 'pathwise';
 * const d = new Delta(3);
 * d.sample([2]).toArray(); // [3, 3]
 * d.logProb([3, 4]).toArray(); // [0, -Infinity]
 * d.variance.item(); // 0
 * ```
 */
export class Delta extends Distribution {
  static override readonly argConstraints = {
    value: constraints.real,
    logDensity: constraints.real,
  };
  static override readonly reparameterized = true;

  constructor(value: TensorLike, options: DeltaOptions = {}) {
    const { logDensity = 0, eventDim = 0 } = options;
    super({
      family: 'Delta',
      params: { value, logDensity },
      options,
      eventDims: { value: eventDim },
      eventShape: (p) => p.value.shape.slice(p.value.rank - eventDim),
    });
  }

  /** The point. */
  get value(): Tensor {
    return this.params.value;
  }

  /** The log density at the point. */
  get logDensity(): Tensor {
    return this.params.logDensity;
  }

  get support() {
    const n = this.eventShape.length;
    return n === 0 ? constraints.real : constraints.independent(constraints.real, n);
  }

  protected _sample(shape: number[], _rng: Rng): Tensor {
    return broadcastTo(this.value, shape);
  }

  /** No draws: the noise is zeros of the sample's shape. */
  protected override standardDraw(): (r: Rng) => number {
    return () => 0;
  }

  /** @internal The value, broadcast to the noise's shape. */
  override fromNoise(eps: Tensor): Tensor {
    return broadcastTo(this.value, eps.shape);
  }

  protected _logProb(x: Tensor): Tensor {
    const n = this.eventShape.length;
    const same = noGrad(() => {
      const eq = equal(x, this.value);
      return n === 0
        ? eq
        : min(
            eq,
            Array.from({ length: n }, (_, i) => -1 - i),
          );
    });
    return where(same, this.logDensity, -Infinity);
  }

  protected override _mean(): Tensor {
    return this.value;
  }

  protected override _variance(): Tensor {
    return mul(this.value, 0);
  }

  protected override _mode(): Tensor {
    return this.value;
  }

  protected override _cdf(x: Tensor): Tensor {
    return noGrad(() => greaterEqual(x, this.value));
  }
}
