/**
 * Vectorized ELBO particles (NumPyro's `vectorize_particles`): instead of running the
 * guide and the model once per particle, run them once inside a plate of `numParticles`
 * members on a batch axis left of every other, scaled by 1 / numParticles, so the ELBO
 * is the mean over particles as before. Without a `vmap` this is right only when the
 * model broadcasts along that axis: the first vectorized step is checked against the
 * particle loop evaluated at the same draws, and particles stay a loop where they differ.
 * @module
 */
import {
  ArgumentError,
  noGrad,
  reshape,
  slice,
  type Shape,
  type Tensor,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import { scale, trace, type Model, type Trace } from './handlers.js';
import { plate } from './primitives.js';

/** The particle plate's name (a site name of the vectorized traces). */
const PLATE = '_particles';

/** Relative difference allowed between the vectorized and looped ELBO (summation order). */
const TOLERANCE = 1e-9;

/**
 * @internal Whether and how an SVI run vectorizes its particles. Steps run as a loop
 * until `start` (after one looped step has shown the sites' shapes) switches to the
 * vectorized models, and `check` (after the first vectorized step) decides.
 */
export class ParticleAxis<A extends unknown[]> {
  /** Why particles run as a loop (undefined: vectorized, or not decided yet). */
  reason: string | undefined;
  /** True once vectorized or not is final. */
  decided: boolean;
  /** The plate's batch axis while vectorized (0: a loop). */
  dim = 0;
  /** The vectorized model and guide (valid while `dim` is set). */
  model: Model<A>;
  guide: Model<A>;
  private guideTrace: Trace | undefined;
  private shapes = new Map<string, Shape>();

  constructor(
    private readonly n: number,
    private readonly looped: { model: Model<A>; guide: Model<A> },
    loopOnly: string | undefined,
  ) {
    this.reason = n === 1 ? 'one particle' : loopOnly;
    this.decided = this.reason !== undefined;
    this.model = looped.model;
    this.guide = looped.guide;
  }

  /**
   * Switches to vectorized models after a looped step that saw `shapes` (latent site
   * shapes) and sites of batch rank up to `maxBatchRank`, unless it had score sites.
   */
  start(seen: { maxBatchRank: number; scoreSites: boolean; shapes: Map<string, Shape> }): void {
    if (seen.scoreSites) {
      this.stop('a site is not reparameterized (its score term needs its own particle’s ELBO)');
      return;
    }
    const dim = -(seen.maxBatchRank + 1);
    const n = this.n;
    this.dim = dim;
    this.shapes = seen.shapes;
    const inPlate =
      (m: Model<A>, keep: boolean): Model<A> =>
      (...args: A) =>
        plate(
          PLATE,
          n,
          () => {
            if (!keep) return m(...args);
            const r = trace(m).run(...args);
            this.guideTrace = r.trace;
            return r.value;
          },
          { dim },
        );
    this.model = scale(inPlate(this.looped.model, false), 1 / n);
    this.guide = scale(inPlate(this.looped.guide, true), 1 / n);
  }

  /** Particles become a loop for good, for `why`. */
  stop(why: string): void {
    this.reason = why;
    this.decided = true;
    this.dim = 0;
    this.guideTrace = undefined;
    this.model = this.looped.model;
    this.guide = this.looped.guide;
  }

  /**
   * Decides after the first vectorized step, whose loss was `loss`: the mean over
   * particles of `lossAt` (the one-particle loss with the guide's latent sites set to
   * the given values) at that step's draws must agree.
   */
  check(loss: number, lossAt: (values: Record<string, Tensor>) => number): void {
    const tr = this.guideTrace;
    if (tr === undefined) {
      this.stop('the vectorized guide did not run');
      return;
    }
    let looped = 0;
    try {
      noGrad(() => {
        for (let k = 0; k < this.n; k++) looped += lossAt(this.valuesAt(tr, k)) / this.n;
      });
    } catch (e) {
      this.stop(`the particle loop failed at the vectorized draws (${(e as Error).message})`);
      return;
    }
    if (!(Math.abs(looped - loss) <= TOLERANCE * (1 + Math.abs(looped)))) {
      this.stop(
        `the vectorized ELBO (${loss}) differs from the particle loop's (${looped}) at the same draws: the model does not broadcast along a particle axis`,
      );
      return;
    }
    this.decided = true;
    this.guideTrace = undefined;
  }

  /** The latent values of particle k in the vectorized guide trace, in their looped shapes. */
  private valuesAt(tr: Trace, k: number): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const site of tr.values()) {
      if (site.type !== 'sample' || site.observed) continue;
      const shape = this.shapes.get(site.name);
      if (shape === undefined)
        throw new ArgumentError('svi', `site '${site.name}' was not in the looped step`);
      const v = site.value;
      const ax = (site.fn as Distribution).batchShape.length + this.dim;
      const begin = v.shape.map((_, i) => (i === ax ? k : 0));
      const size = v.shape.map((d, i) => (i === ax ? 1 : d));
      out[site.name] = reshape(slice(v, begin, size), shape);
    }
    return out;
  }
}
