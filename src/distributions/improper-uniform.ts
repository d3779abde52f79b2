/**
 * A flat, improper prior over a support.
 * @module
 */
import { ArgumentError, zeros, type Shape, type Tensor } from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints, type Constraint } from './constraints.js';
import { Distribution } from './distribution.js';

/**
 * Options of {@link ImproperUniform}.
 * @example
 * ```ts
 * import { ImproperUniform, constraints, type ImproperUniformOptions } from 'pathwise';
 * const o: ImproperUniformOptions = { batchShape: [2] };
 * new ImproperUniform(constraints.real, o).logProb([1, 2]).toArray(); // [0, 0]
 * ```
 */
export interface ImproperUniformOptions {
  /** Batch shape (default []). */
  batchShape?: Shape;
  /** Event shape (default []; give it for vector or matrix supports such as the simplex). */
  eventShape?: Shape;
}

/**
 * A flat "density" 1 (log density 0) over a support, with -Infinity outside it: the
 * implicit prior of a Stan model that declares a parameter without a prior
 * (NumPyro's ImproperUniform). It has no normalizing constant, so it cannot be sampled;
 * inference initializes such sites in the unconstrained space instead.
 * @param support - the constraint, e.g. `constraints.positive`.
 * @throws {@link ArgumentError} from `sample`.
 * @example
 * ```ts
 * import { ImproperUniform, constraints } from 'pathwise';
 * const d = new ImproperUniform(constraints.positive);
 * d.logProb([2, -1]).toArray(); // [0, -Infinity]
 * try { d.sample(); } catch (e) { console.log((e as Error).message); }
 * // ImproperUniform.sample: an improper distribution cannot be sampled ...
 * ```
 */
export class ImproperUniform extends Distribution {
  private readonly set: Constraint;

  constructor(support: Constraint, options: ImproperUniformOptions = {}) {
    const eventShape = options.eventShape ?? [];
    if (eventShape.length < support.eventDim)
      throw new ArgumentError(
        'ImproperUniform',
        `event shape [${eventShape.join(',')}] has fewer axes than the support's events (${support.eventDim})`,
      );
    super({
      family: 'ImproperUniform',
      batchShape: options.batchShape ?? [],
      eventShape: () => eventShape,
    });
    const extra = eventShape.length - support.eventDim;
    this.set = extra === 0 ? support : constraints.independent(support, extra);
  }

  get support(): Constraint {
    return this.set;
  }

  protected _sample(_shape: number[], _rng: Rng): Tensor {
    throw new ArgumentError(
      'ImproperUniform.sample',
      'an improper distribution cannot be sampled; initialize the site in the unconstrained space (see bijectorFor)',
    );
  }

  protected _logProb(x: Tensor): Tensor {
    return zeros(x.shape.slice(0, x.rank - this.eventShape.length));
  }
}
