/**
 * Finite mixtures: `MixtureSameFamily` (one batched family, the component index on its
 * rightmost batch axis) and `Mixture` (a list of possibly different families).
 * @module
 */
import {
  add,
  arange,
  ArgumentError,
  equal,
  expandDims,
  logSumExp,
  mul,
  reshape,
  ShapeError,
  square,
  stack,
  sub,
  sum,
  where,
  type Shape,
  toTensor,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { Categorical } from './categorical.js';
import { constraints, type Constraint } from './constraints.js';
import { Distribution } from './distribution.js';

const fmt = (s: Shape): string => `[${s.join(',')}]`;
const ones = (n: number): number[] => new Array<number>(n).fill(1);

/**
 * The shared machinery: `k` components whose values (log densities, samples, moments)
 * are stacked on the axis just left of the event axes. Subclasses say how to get
 * those stacks.
 */
abstract class FiniteMixture extends Distribution {
  /** The mixing distribution over component indices. */
  readonly mixing: Categorical;

  protected constructor(family: string, mixing: Categorical, batch: Shape, event: Shape) {
    super({ family, batchShape: batch, eventShape: () => [...event] });
    this.mixing = mixing;
  }

  /** Number of components K. */
  get numComponents(): number {
    return this.mixing.numCategories;
  }

  /** The component axis of stacked per-component tensors (negative). */
  private get axis(): number {
    return -1 - this.eventShape.length;
  }

  /** Component log densities at x, stacked on the last axis: `[...batch, K]`. */
  protected abstract componentLogProbs(x: Tensor): Tensor;
  /** Component draws, stacked on the component axis: `[...sample, ...batch, K, ...event]`. */
  protected abstract componentSamples(sampleShape: Shape, rng: Rng): Tensor;
  /** Component means (or variances), stacked on the component axis: `[...batch, K, ...event]`. */
  protected abstract componentMoments(which: 'mean' | 'variance'): Tensor;

  protected _logProb(x: Tensor): Tensor {
    return logSumExp(add(this.componentLogProbs(x), this.mixing.logits), -1);
  }

  protected _sample(shape: Shape, rng: Rng): Tensor {
    const ss = shape.slice(0, shape.length - this.batchShape.length - this.eventShape.length);
    const e = this.eventShape.length;
    const idx = this.mixing.sample(ss, rng);
    const draws = this.componentSamples(ss, rng);
    const k = reshape(arange(this.numComponents), [this.numComponents, ...ones(e)]);
    const pick = equal(reshape(idx, [...idx.shape, 1, ...ones(e)]), k);
    return sum(where(pick, draws, 0), this.axis);
  }

  protected override _mean(): Tensor {
    const w = this.mixing.probs;
    const p = reshape(w, [...w.shape, ...ones(this.eventShape.length)]);
    return sum(mul(p, this.componentMoments('mean')), this.axis);
  }

  /** Law of total variance: Σ w_k var_k + Σ w_k (mean_k - mean)². */
  protected override _variance(): Tensor {
    const w = this.mixing.probs;
    const p = reshape(w, [...w.shape, ...ones(this.eventShape.length)]);
    const means = this.componentMoments('mean');
    const spread = square(sub(means, expandDims(this._mean(), this.axis)));
    return sum(mul(p, add(this.componentMoments('variance'), spread)), this.axis);
  }

  /**
   * The log posterior probability of each component given x (its "responsibility"),
   * shape `[...xBatch ⊕ batch, K]`: `log w_k + log p_k(x) - log p(x)`.
   */
  componentLogPosterior(value: TensorLike): Tensor {
    const x = toTensor(value, `${this.family}.componentLogPosterior`, 'value');
    const joint = add(this.componentLogProbs(x), this.mixing.logits);
    return sub(joint, logSumExp(joint, { axis: -1, keepDims: true }));
  }
}

const lowest = (cs: readonly Constraint[]): number =>
  Math.min(...cs.flatMap((c) => Array.from(c.lower?.data ?? [])));
const highest = (cs: readonly Constraint[]): number =>
  Math.max(...cs.flatMap((c) => Array.from(c.upper?.data ?? [])));

/**
 * The support of a mixture: the components' common kind of set, with bounds that
 * contain every component's (a component's density is 0 outside its own support, so
 * a point in the hull but in no component's support has log density -Infinity, from
 * the components). Bounds are scalars, so the support checks any value shape.
 * @throws {@link ArgumentError} if the components' supports are of different kinds.
 */
function hullSupport(family: string, cs: readonly Constraint[]): Constraint {
  const [first] = cs;
  const other = cs.find((c) => c.kind !== first.kind || c.eventDim !== first.eventDim);
  if (other !== undefined)
    throw new ArgumentError(
      family,
      `the components' supports differ (${first.description}; ${other.description}): a mixture needs components on the same kind of set`,
    );
  const scalar = cs.every((c) => (c.lower?.size ?? 1) === 1 && (c.upper?.size ?? 1) === 1);
  const same = cs.every(
    (c) => c.lower?.data[0] === first.lower?.data[0] && c.upper?.data[0] === first.upper?.data[0],
  );
  if (scalar && same) return first;
  switch (first.kind) {
    case 'interval':
      return constraints.interval(lowest(cs), highest(cs));
    case 'halfOpenInterval':
      return constraints.halfOpenInterval(lowest(cs), highest(cs));
    case 'integerInterval':
      return constraints.integerInterval(lowest(cs), highest(cs));
    case 'greaterThan':
      return constraints.greaterThan(lowest(cs));
    case 'lessThan':
      return constraints.lessThan(highest(cs));
    default:
      return first;
  }
}

/**
 * Checks the mixing distribution's batch shape broadcasts to `batch` and K matches;
 * returns it expanded to `batch`.
 */
function checkMixing(family: string, mixing: Categorical, batch: Shape, k: number): Categorical {
  if (!(mixing instanceof Categorical))
    throw new ArgumentError(
      family,
      `argument 'mixing' must be a Categorical, got ${String(mixing)}`,
    );
  if (mixing.numCategories !== k)
    throw new ShapeError(
      family,
      `the mixing distribution has ${mixing.numCategories} categories but there are ${k} components`,
    );
  const mb = mixing.batchShape;
  const off = batch.length - mb.length;
  if (off < 0 || mb.some((d, i) => d !== 1 && d !== batch[off + i]))
    throw new ShapeError(
      family,
      `the mixing batch shape ${fmt(mb)} does not broadcast to the components' batch shape ${fmt(batch)}`,
    );
  return fmt(mb) === fmt(batch) ? mixing : mixing.expand(batch);
}

/**
 * A mixture of K members of one family: `components` has batch shape `[...B, K]` (the
 * rightmost batch axis indexes the component) and `mixing` is a Categorical over K
 * with batch shape broadcasting to B. The mixture has batch shape B, the components'
 * event shape, and density
 * `log p(x) = logSumExp_k (log w_k + log p_k(x))` (computed stably). Samples pick a
 * component from `mixing`, then draw it (not reparameterized). Mean `Σ w_k μ_k`;
 * variance by the law of total variance, `Σ w_k (σ²_k + (μ_k - μ)²)`.
 * @param mixing - the Categorical of component weights.
 * @param components - a distribution whose last batch axis has size K.
 * @throws {@link ShapeError} if the components have no batch axis, K differs from the
 *   mixing distribution's number of categories, or the batch shapes do not broadcast.
 * @example
 * ```ts
 * import { MixtureSameFamily, Categorical, Normal } from 'pathwise';
 * const d = new MixtureSameFamily(new Categorical({ probs: [0.3, 0.7] }), new Normal([-1, 2], [0.5, 1]));
 * d.logProb(0).item(); // -2.656574268737182
 * d.mean.item(); // 1.1
 * d.variance.item(); // 2.665
 * ```
 */
export class MixtureSameFamily extends FiniteMixture {
  /** The batched component distribution (batch shape `[...B, K]`). */
  readonly components: Distribution;

  constructor(mixing: Categorical, components: Distribution) {
    const cb = components.batchShape;
    if (!(components instanceof Distribution) || cb.length === 0)
      throw new ShapeError(
        'MixtureSameFamily',
        `argument 'components' needs a batch axis for the components, got ${String(components)}`,
      );
    const batch = cb.slice(0, -1);
    const m = checkMixing('MixtureSameFamily', mixing, batch, cb[cb.length - 1]);
    super(`MixtureSameFamily(${components.family})`, m, batch, components.eventShape);
    this.components = components;
  }

  private hull: Constraint | undefined;

  get support(): Constraint {
    return (this.hull ??= hullSupport(this.family, [this.components.support]));
  }

  override expand(batchShape: Shape): this {
    const k = this.numComponents;
    return new MixtureSameFamily(
      this.mixing.expand(batchShape),
      this.components.expand([...batchShape, k]),
    ) as this;
  }

  protected componentLogProbs(x: Tensor): Tensor {
    return this.components.logProb(expandDims(x, x.rank - this.eventShape.length));
  }

  protected componentSamples(sampleShape: Shape, rng: Rng): Tensor {
    return this.components.sample(sampleShape, rng);
  }

  protected componentMoments(which: 'mean' | 'variance'): Tensor {
    return which === 'mean' ? this.components.mean : this.components.variance;
  }
}

/**
 * A mixture of K distributions that may be of different families (all with the same
 * batch and event shapes and support): `log p(x) = logSumExp_k (log w_k + log p_k(x))`
 * with weights from `mixing`, a Categorical over K whose batch shape broadcasts to the
 * components'. Sampling, mean and variance as for {@link MixtureSameFamily}. The
 * components' supports must be of one kind (all real, all positive, intervals, ...);
 * the mixture's is their hull.
 * @param mixing - the Categorical of component weights.
 * @param components - the K component distributions.
 * @throws {@link ShapeError} if the components' shapes differ or K does not match;
 *   {@link ArgumentError} if their supports are of different kinds.
 * @example
 * ```ts
 * import { Mixture, Categorical, Normal, Laplace } from 'pathwise';
 * const d = new Mixture(new Categorical({ probs: [0.5, 0.5] }), [new Normal(0, 1), new Laplace(3, 1)]);
 * d.logProb(1).item(); // -1.8654974038715721
 * d.mean.item(); // 1.5
 * ```
 */
export class Mixture extends FiniteMixture {
  /** The component distributions. */
  readonly components: readonly Distribution[];

  constructor(mixing: Categorical, components: readonly Distribution[]) {
    if (!Array.isArray(components) || components.length === 0)
      throw new ArgumentError('Mixture', `argument 'components' must be a non-empty array`);
    const [first] = components;
    for (const [i, c] of components.entries()) {
      if (!(c instanceof Distribution))
        throw new ArgumentError('Mixture', `component ${i} is not a Distribution: ${String(c)}`);
      if (
        fmt(c.batchShape) !== fmt(first.batchShape) ||
        fmt(c.eventShape) !== fmt(first.eventShape)
      )
        throw new ShapeError(
          'Mixture',
          `component ${i} (${c.toString()}) does not have the shapes of component 0 (${first.toString()})`,
        );
    }
    const m = checkMixing('Mixture', mixing, first.batchShape, components.length);
    hullSupport(
      'Mixture',
      components.map((c) => c.support),
    );
    const names = components.map((c) => c.family).join(', ');
    super(`Mixture(${names})`, m, first.batchShape, first.eventShape);
    this.components = components;
  }

  private hull: Constraint | undefined;

  get support(): Constraint {
    return (this.hull ??= hullSupport(
      this.family,
      this.components.map((c) => c.support),
    ));
  }

  override expand(batchShape: Shape): this {
    return new Mixture(
      this.mixing.expand(batchShape),
      this.components.map((c) => c.expand(batchShape)),
    ) as this;
  }

  protected componentLogProbs(x: Tensor): Tensor {
    return stack(
      this.components.map((c) => c.logProb(x)),
      -1,
    );
  }

  protected componentSamples(sampleShape: Shape, rng: Rng): Tensor {
    const axis = -1 - this.eventShape.length;
    return stack(
      this.components.map((c) => c.sample(sampleShape, rng)),
      axis,
    );
  }

  protected componentMoments(which: 'mean' | 'variance'): Tensor {
    const axis = -1 - this.eventShape.length;
    return stack(
      this.components.map((c) => (which === 'mean' ? c.mean : c.variance)),
      axis,
    );
  }
}
