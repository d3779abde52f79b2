/**
 * Automatic guides built from a model's latent sites (NumPyro's AutoNormal,
 * AutoMultivariateNormal, AutoDelta), and MAP estimation.
 * @module
 */
import { eye, full, mul, reshape, slice, sum, neg, type Tensor } from '../autodiff/index.js';
import {
  constraints,
  Delta,
  Independent,
  MultivariateNormal,
  Normal,
  TransformedDistribution,
  type Distribution,
} from '../distributions/index.js';
import type { Rng, Seed } from '../random/index.js';
import { potentialFn, uniformPoint, type LatentSite } from './density.js';
import type { Model } from './handlers.js';
import { param, sample } from './primitives.js';
import { svi, type SVIOptions } from './svi.js';

/**
 * Options of the auto guides.
 * @example
 * ```ts
 * import { autoNormal, sample, Normal, trace, seed, type AutoGuideOptions } from 'pathwise';
 * const o: AutoGuideOptions = { prefix: 'q', initScale: 0.5 };
 * const model = () => { sample('z', new Normal(0, 1)); };
 * trace(seed(autoNormal(model, o), 0)).getTrace().get('q_z_scale')?.value.item(); // 0.5
 * ```
 */
export interface AutoGuideOptions {
  /** Prefix of the guide's parameter names (default `'auto'`). */
  prefix?: string;
  /** Initial scale of the Normal guides (default 0.1). */
  initScale?: number;
  /** Seed of the prototype run that finds the latent sites (default 0). */
  seed?: Seed;
}

/** Initial unconstrained location: uniform in (-2, 2), as NumPyro's `init_to_uniform`. */
const uniformInit =
  (shape: readonly number[]) =>
  (r: Rng): Tensor =>
    uniformPoint(shape, r);

/** Finds the model's latent sites on first call (the guide sees the model's arguments). */
function latentsOf<A extends unknown[]>(
  model: Model<A>,
  options: AutoGuideOptions,
): (args: A) => readonly LatentSite[] {
  let sites: readonly LatentSite[] | undefined;
  return (args) => (sites ??= potentialFn(model, args, { seed: options.seed ?? 0 }).sites);
}

/**
 * A mean-field guide: each latent site is an independent Normal in its unconstrained
 * space, mapped to the site's support by {@link bijectorFor}. Learns `{prefix}_{site}_loc`
 * and `{prefix}_{site}_scale` (positive).
 * @example
 * ```ts
 * import { autoNormal, sample, Normal, HalfNormal, trace, seed } from 'pathwise';
 * const model = () => { sample('m', new Normal(0, 1)); sample('s', new HalfNormal(1)); };
 * const guide = autoNormal(model);
 * [...trace(seed(guide, 0)).getTrace().keys()]; // ['auto_m_loc', 'auto_m_scale', 'm', 'auto_s_loc', 'auto_s_scale', 's']
 * ```
 */
export function autoNormal<A extends unknown[]>(
  model: Model<A>,
  options: AutoGuideOptions = {},
): Model<A, void> {
  const prefix = options.prefix ?? 'auto';
  const initScale = options.initScale ?? 0.1;
  const latents = latentsOf(model, options);
  return (...args: A) => {
    for (const s of latents(args)) {
      const loc = param(`${prefix}_${s.name}_loc`, uniformInit(s.unconstrainedShape));
      const scale = param(`${prefix}_${s.name}_scale`, full(s.unconstrainedShape, initScale), {
        constraint: constraints.positive,
      });
      const base: Distribution =
        s.unconstrainedShape.length > 0
          ? new Independent(new Normal(loc, scale), s.unconstrainedShape.length)
          : new Normal(loc, scale);
      sample(s.name, new TransformedDistribution(base, s.bijector));
    }
  };
}

/**
 * A full-rank guide: all latent sites jointly MultivariateNormal in the flat
 * unconstrained space (learns `{prefix}_loc` and `{prefix}_scale_tril`), each site
 * then a Delta at its transformed slice carrying the Jacobian term, so the guide's
 * density is exact. The joint draw is the auxiliary site `{prefix}_latent`.
 * @example
 * ```ts
 * import { autoMultivariateNormal, sample, Normal, trace, seed } from 'pathwise';
 * const model = () => { sample('a', new Normal(0, 1)); sample('b', new Normal(0, 1)); };
 * const tr = trace(seed(autoMultivariateNormal(model), 0)).getTrace();
 * tr.get('auto_latent')?.value.shape; // [2]
 * ```
 */
export function autoMultivariateNormal<A extends unknown[]>(
  model: Model<A>,
  options: AutoGuideOptions = {},
): Model<A, void> {
  const prefix = options.prefix ?? 'auto';
  const initScale = options.initScale ?? 0.1;
  const latents = latentsOf(model, options);
  return (...args: A) => {
    const sites = latents(args);
    const d = sites.reduce((n, s) => n + s.size, 0);
    if (d === 0) return;
    const loc = param(`${prefix}_loc`, uniformInit([d]));
    const scaleTril = param(`${prefix}_scale_tril`, mul(eye(d), initScale), {
      constraint: constraints.lowerCholesky,
    });
    const z = sample(`${prefix}_latent`, new MultivariateNormal(loc, { scaleTril }));
    const batch = z.shape.slice(0, -1); // e.g. a particle axis
    for (const s of sites) {
      const begin = [...batch.map(() => 0), s.offset];
      const u = reshape(slice(z, begin, [...batch, s.size]), [...batch, ...s.unconstrainedShape]);
      const x = s.bijector.forward(u);
      const ldj = s.bijector.logDetJacobian(u);
      const eventAxes = Array.from({ length: ldj.rank - batch.length }, (_, i) => -1 - i);
      const logDensity = neg(eventAxes.length > 0 ? sum(ldj, eventAxes) : ldj);
      sample(s.name, new Delta(x, { logDensity, eventDim: x.rank - batch.length }));
    }
  };
}

/**
 * A point-mass guide: each latent site is a Delta at a learned value
 * `{prefix}_{site}_loc` constrained to the site's support. Maximizing its ELBO is MAP
 * estimation in the constrained space.
 * @example
 * ```ts
 * import { autoDelta, sample, HalfNormal, trace, seed } from 'pathwise';
 * const model = () => sample('s', new HalfNormal(1));
 * const tr = trace(seed(autoDelta(model), 0)).getTrace();
 * tr.get('s')?.fn?.family; // 'Delta'
 * ```
 */
export function autoDelta<A extends unknown[]>(
  model: Model<A>,
  options: AutoGuideOptions = {},
): Model<A, void> {
  const prefix = options.prefix ?? 'auto';
  const latents = latentsOf(model, options);
  return (...args: A) => {
    for (const s of latents(args)) {
      const init = uniformInit(s.unconstrainedShape);
      const value = param(`${prefix}_${s.name}_loc`, (r: Rng) => s.bijector.forward(init(r)), {
        constraint: s.support,
      });
      sample(s.name, new Delta(value, { eventDim: value.rank }));
    }
  };
}

/**
 * Options of {@link map}.
 * @example
 * ```ts
 * import { type MapOptions } from 'pathwise';
 * const o: MapOptions = { steps: 100, seed: 0 };
 * o.steps; // 100
 * ```
 */
export interface MapOptions extends SVIOptions {
  /** Optimization steps (default 2000). */
  steps?: number;
}

/**
 * The maximum a posteriori values of a model's latent sites (the mode of p(z | x) in
 * the constrained space), found by SVI with {@link autoDelta}.
 * @example
 * ```ts
 * import { map, sample, Normal, Adam } from 'pathwise';
 * const model = () => { const z = sample('z', new Normal(0, 1)); sample('y', new Normal(z, 1), { obs: 2 }); };
 * Math.abs(map(model, [], { steps: 500, optimizer: new Adam({ learningRate: 0.05 }), seed: 0 }).z.item() - 1) < 1e-3; // true
 * ```
 */
export function map<A extends unknown[]>(
  model: Model<A>,
  args: A,
  options: MapOptions = {},
): Record<string, Tensor> {
  const guide = autoDelta(model, { prefix: 'map' });
  const run = svi(model, guide, options);
  run.run(options.steps ?? 2000, args);
  const params = run.getParams();
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/^map_/, '').replace(/_loc$/, ''), v]),
  );
}
