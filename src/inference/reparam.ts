/**
 * Reparameterizing sample sites (NumPyro's `reparam` handler): a site is replaced by
 * auxiliary sample sites plus a deterministic function of them, so the model's
 * distribution is unchanged but the geometry that inference sees is different, e.g.
 * non-centering a hierarchical prior to remove Neal's funnel.
 * @module
 */
import {
  add,
  ArgumentError,
  mul,
  pow,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import {
  constraints,
  LocScale,
  StudentT,
  TransformedDistribution,
  type Distribution,
} from '../distributions/index.js';
import type { Model } from './handlers.js';
import { param, sample } from './primitives.js';
import { Messenger, type Message } from './runtime.js';

/**
 * A reparameterization of one latent sample site: draws auxiliary sites (by calling
 * `sample`/`param`) and returns the site's value, which must have the site's
 * distribution.
 * @example
 * ```ts
 * import { sample, Normal, add, type Reparam } from 'pathwise';
 * const shifted: Reparam = {
 *   apply: (name, fn) => add(sample(`${name}_shifted`, new Normal(0, 1)), (fn as Normal).loc),
 * };
 * typeof shifted.apply; // 'function'
 * ```
 */
export interface Reparam {
  /** Samples the auxiliary sites for site `name` with distribution `fn`; returns its value. */
  apply(name: string, fn: Distribution): Tensor;
}

/** The same family as `fn` with a new location and scale (and fn's other parameters). */
function withLocScale(fn: LocScale | StudentT, loc: TensorLike, scale: TensorLike): Distribution {
  if (fn instanceof StudentT) return new StudentT(fn.df, loc, scale);
  const Family = fn.constructor as new (loc: TensorLike, scale: TensorLike) => Distribution;
  return new Family(loc, scale);
}

/**
 * Partial (non-)centering of a location–scale site x ~ F(loc, scale) (Normal, Cauchy,
 * Laplace, Logistic, StudentT): draws `{name}_decentered` ~ F(c·loc, scale^c) and sets
 * `x = loc + scale^(1-c)·(x_decentered - c·loc)`, which has the original distribution
 * for every c in [0, 1]. c = 0 is the fully non-centered form
 * (`x = loc + scale·ε`, ε ~ F(0, 1)), c = 1 leaves the site as it was. Without
 * `centered`, c is a learnable parameter `{name}_centered` in [0, 1] (initially 0.5),
 * fitted by SVI (Gorinova, Moore & Hoffman 2020); outside SVI it stays 0.5.
 * @param centered - the centering c in [0, 1] (default: learnable).
 * @throws {@link ArgumentError} if c is outside [0, 1]; when applied, if the site's
 *   distribution is not a location–scale family.
 * @example
 * ```ts
 * import { reparam, locScaleReparam, sample, Normal, trace, seed } from 'pathwise';
 * const model = () => {
 *   const mu = sample('mu', new Normal(0, 1));
 *   return sample('x', new Normal(mu, 2));
 * };
 * const tr = trace(seed(reparam(model, { x: locScaleReparam(0) }), 0)).getTrace();
 * [...tr.keys()]; // ['mu', 'x_decentered', 'x']
 * tr.get('x')?.type; // 'deterministic'
 * tr.get('x_decentered')?.fn?.toString(); // 'Normal(batchShape=[], eventShape=[])'
 * ```
 */
export function locScaleReparam(centered?: number): Reparam {
  if (centered !== undefined && !(centered >= 0 && centered <= 1))
    throw new ArgumentError('locScaleReparam', `centered must be in [0, 1], got ${centered}`);
  return {
    apply(name, fn) {
      if (!(fn instanceof LocScale || fn instanceof StudentT))
        throw new ArgumentError(
          'locScaleReparam',
          `site '${name}' has a ${fn.family} distribution; it needs a location-scale family (Normal, Cauchy, Laplace, Logistic, StudentT)`,
        );
      const { loc, scale } = fn;
      const expand = (d: Distribution): Distribution =>
        d.batchShape.join() === fn.batchShape.join() ? d : d.expand(fn.batchShape);
      if (centered === 0) {
        const eps = sample(`${name}_decentered`, expand(withLocScale(fn, 0, 1)));
        return add(loc, mul(scale, eps));
      }
      if (centered === 1) return sample(`${name}_decentered`, expand(withLocScale(fn, loc, scale)));
      const c =
        centered ?? param(`${name}_centered`, 0.5, { constraint: constraints.unitInterval });
      const dec = sample(
        `${name}_decentered`,
        expand(withLocScale(fn, mul(c, loc), pow(scale, c))),
      );
      return add(loc, mul(pow(scale, sub(1, c)), sub(dec, mul(c, loc))));
    },
  };
}

/**
 * Samples a transformed site y ~ T(base) as its base, `{name}_base` ~ base, and sets
 * `y = T(x)`: inference then works on the base's scale (NumPyro's `TransformReparam`).
 * @throws {@link ArgumentError} when applied, if the site is not a
 *   `TransformedDistribution`.
 * @example
 * ```ts
 * import { reparam, transformReparam, sample, Normal, Exp, TransformedDistribution, trace, seed } from 'pathwise';
 * const model = () => sample('y', new TransformedDistribution(new Normal(0, 1), new Exp()));
 * const tr = trace(seed(reparam(model, { y: transformReparam() }), 0)).getTrace();
 * tr.get('y_base')?.fn?.family; // 'Normal'
 * tr.get('y')?.value.item() === Math.exp(tr.get('y_base')!.value.item()); // true
 * ```
 */
export function transformReparam(): Reparam {
  return {
    apply(name, fn) {
      if (!(fn instanceof TransformedDistribution))
        throw new ArgumentError(
          'transformReparam',
          `site '${name}' has a ${fn.family} distribution, not a TransformedDistribution`,
        );
      return fn.bijector.forward(sample(`${name}_base`, fn.base));
    },
  };
}

/** Which reparameterization applies to a site: by name, or a function of the site. @inline */
type ReparamConfig = Readonly<Record<string, Reparam>> | ((site: Message) => Reparam | undefined);

class ReparamMessenger extends Messenger {
  constructor(private readonly config: ReparamConfig) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== 'sample') return;
    const c = this.config;
    const r =
      typeof c === 'function'
        ? c(msg)
        : Object.prototype.hasOwnProperty.call(c, msg.name)
          ? c[msg.name]
          : undefined;
    if (r === undefined || (msg.value !== undefined && !msg.observed)) return;
    if (msg.observed)
      throw new ArgumentError(
        'reparam',
        `site '${msg.name}' is observed; only latent sites can be reparameterized`,
      );
    msg.value = r.apply(msg.name, msg.fn as Distribution);
    msg.type = 'deterministic';
  }
}

/**
 * Reparameterizes latent sample sites of a model: each site named in `config` (or for
 * which the function returns a {@link Reparam}) becomes auxiliary sample sites plus a
 * deterministic site of the original name holding the value. The joint distribution is
 * unchanged; samplers and guides see the auxiliary sites instead.
 * @throws {@link ArgumentError} if a configured site is observed.
 * @example
 * ```ts
 * import { reparam, locScaleReparam, mcmc, sample, Normal, HalfNormal, plate } from 'pathwise';
 * const centered = () => {
 *   const tau = sample('tau', new HalfNormal(1));
 *   plate('group', 4, () => sample('theta', new Normal(0, tau)));
 * };
 * const nonCentered = reparam(centered, { theta: locScaleReparam(0) });
 * Object.keys(mcmc(nonCentered, { numWarmup: 50, numSamples: 10, seed: 0 }).samples); // ['tau', 'theta_decentered']
 * ```
 */
export function reparam<A extends unknown[], R>(
  model: Model<A, R>,
  config: ReparamConfig,
): Model<A, R> {
  return (...args: A) => new ReparamMessenger(config).run(() => model(...args));
}
