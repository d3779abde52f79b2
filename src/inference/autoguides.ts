/**
 * Automatic guides built from a model's latent sites (NumPyro's AutoNormal,
 * AutoMultivariateNormal, AutoDelta), and MAP estimation.
 * @module
 */
import {
  add,
  ArgumentError,
  cholesky,
  concat,
  eye,
  full,
  grad,
  matmul,
  mul,
  neg,
  reshape,
  slice,
  square,
  stack,
  sum,
  tensor,
  transpose,
  triangularSolve,
  vjp,
  zeros,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import {
  constraints,
  Delta,
  Independent,
  LowRankMultivariateNormal,
  MultivariateNormal,
  Normal,
  TransformedDistribution,
  type Distribution,
} from '../distributions/index.js';
import type { Rng, Seed } from '../random/index.js';
import {
  diagonal,
  gaussian,
  paramOf,
  withPosterior,
  type AutoGuide,
  type FlatPosterior,
} from './autoguide-api.js';
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

/**
 * Finds the model's latent sites on first call (the guide sees the model's arguments)
 * and remembers the last arguments; `layout(args)` is that for the posterior methods.
 */
function latentsOf<A extends unknown[]>(
  model: Model<A>,
  options: AutoGuideOptions,
): ((args: A) => readonly LatentSite[]) & {
  layout: (args: A | undefined) => { sites: readonly LatentSite[]; args: A };
} {
  let sites: readonly LatentSite[] | undefined;
  let last: A | undefined;
  const find = (args: A): readonly LatentSite[] => {
    last = args;
    return (sites ??= potentialFn(model, args, { seed: options.seed ?? 0 }).sites);
  };
  return Object.assign(find, {
    layout: (args: A | undefined) => {
      const a = args ?? last ?? ([] as unknown as A);
      return { sites: sites ?? find(a), args: a };
    },
  });
}

/** The flat unconstrained vector of a site-wise param (`{prefix}_{site}{suffix}`). */
function flatParam(
  params: Readonly<Record<string, TensorLike>>,
  sites: readonly LatentSite[],
  name: (s: LatentSite) => string,
  map: (s: LatentSite, v: Tensor) => Tensor = (_, v) => v,
): Float64Array {
  const out = new Float64Array(sites.reduce((n, s) => n + s.size, 0));
  for (const s of sites) out.set(map(s, paramOf(params, name(s), 'autoguide')).data, s.offset);
  return out;
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
): AutoGuide<A> {
  const prefix = options.prefix ?? 'auto';
  const initScale = options.initScale ?? 0.1;
  const latents = latentsOf(model, options);
  const guide = (...args: A): void => {
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
  return withPosterior(guide, latents.layout, (params, sites) =>
    diagonal(
      flatParam(params, sites, (s) => `${prefix}_${s.name}_loc`),
      flatParam(params, sites, (s) => `${prefix}_${s.name}_scale`),
    ),
  );
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
): AutoGuide<A> {
  const prefix = options.prefix ?? 'auto';
  const initScale = options.initScale ?? 0.1;
  const latents = latentsOf(model, options);
  const guide = (...args: A): void => {
    const sites = latents(args);
    const d = sites.reduce((n, s) => n + s.size, 0);
    if (d === 0) return;
    const loc = param(`${prefix}_loc`, uniformInit([d]));
    const scaleTril = param(`${prefix}_scale_tril`, mul(eye(d), initScale), {
      constraint: constraints.lowerCholesky,
    });
    const z = sample(`${prefix}_latent`, new MultivariateNormal(loc, { scaleTril }), {
      auxiliary: true,
    });
    deltaSites(sites, z);
  };
  return withPosterior(guide, latents.layout, (params) =>
    gaussian(
      Float64Array.from(paramOf(params, `${prefix}_loc`, 'autoguide').data),
      paramOf(params, `${prefix}_scale_tril`, 'autoguide'),
    ),
  );
}

/**
 * Each site a Delta at its transformed slice of the joint draw z, with the Jacobian term
 * (z may carry leading batch axes, e.g. vectorized particles).
 */
function deltaSites(sites: readonly LatentSite[], z: Tensor): void {
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
): AutoGuide<A> {
  const prefix = options.prefix ?? 'auto';
  const latents = latentsOf(model, options);
  const guide = (...args: A): void => {
    for (const s of latents(args)) {
      const init = uniformInit(s.unconstrainedShape);
      const value = param(`${prefix}_${s.name}_loc`, (r: Rng) => s.bijector.forward(init(r)), {
        constraint: s.support,
      });
      sample(s.name, new Delta(value, { eventDim: value.rank }));
    }
  };
  return withPosterior(guide, latents.layout, (params, sites) => {
    const loc = flatParam(
      params,
      sites,
      (s) => `${prefix}_${s.name}_loc`,
      (s, v) => s.bijector.inverse(v),
    );
    return diagonal(loc, new Float64Array(loc.length));
  });
}

/**
 * Options of {@link autoLowRankMultivariateNormal}.
 * @example
 * ```ts
 * import { type AutoLowRankOptions } from 'pathwise';
 * const o: AutoLowRankOptions = { rank: 2 };
 * o.rank; // 2
 * ```
 */
export interface AutoLowRankOptions extends AutoGuideOptions {
  /** Rank of the covariance factor (default round(sqrt(d)), at least 1, for d unconstrained entries). */
  rank?: number;
}

/**
 * A low-rank-plus-diagonal Gaussian guide (NumPyro's AutoLowRankMultivariateNormal):
 * all latent sites jointly `N(loc, W Wᵀ + diag(s²))` in the flat unconstrained space with
 * `W = {prefix}_cov_factor · diag(s)` (`[d, rank]`, starting at 0) and
 * `s = {prefix}_scale` (positive), so correlations cost O(d·rank) parameters instead of
 * O(d²). Each site is then a Delta at its transformed slice, as in
 * {@link autoMultivariateNormal}.
 * @throws {@link ArgumentError} for a rank that is not an integer in [1, d].
 * @example
 * ```ts
 * import { autoLowRankMultivariateNormal, sample, Normal, trace, seed } from 'pathwise';
 * const model = () => { for (const n of ['a', 'b', 'c', 'd']) sample(n, new Normal(0, 1)); };
 * const tr = trace(seed(autoLowRankMultivariateNormal(model), 0)).getTrace();
 * tr.get('auto_cov_factor')?.value.shape; // [4, 2]
 * ```
 */
export function autoLowRankMultivariateNormal<A extends unknown[]>(
  model: Model<A>,
  options: AutoLowRankOptions = {},
): AutoGuide<A> {
  const prefix = options.prefix ?? 'auto';
  const initScale = options.initScale ?? 0.1;
  const latents = latentsOf(model, options);
  const guide = (...args: A): void => {
    const sites = latents(args);
    const d = sites.reduce((n, s) => n + s.size, 0);
    if (d === 0) return;
    const k = options.rank ?? Math.max(1, Math.round(Math.sqrt(d)));
    if (!Number.isInteger(k) || k < 1 || k > d)
      throw new ArgumentError(
        'autoLowRankMultivariateNormal',
        `rank must be an integer in [1, ${d}], got ${k}`,
      );
    const loc = param(`${prefix}_loc`, uniformInit([d]));
    const factor = param(`${prefix}_cov_factor`, zeros([d, k]));
    const scale = param(`${prefix}_scale`, full([d], initScale), {
      constraint: constraints.positive,
    });
    const w = mul(factor, reshape(scale, [d, 1]));
    deltaSites(
      sites,
      sample(`${prefix}_latent`, new LowRankMultivariateNormal(loc, w, square(scale)), {
        auxiliary: true,
      }),
    );
  };
  return withPosterior(guide, latents.layout, (params) => {
    const loc = Float64Array.from(paramOf(params, `${prefix}_loc`, 'autoguide').data);
    const scale = paramOf(params, `${prefix}_scale`, 'autoguide');
    const w = mul(paramOf(params, `${prefix}_cov_factor`, 'autoguide'), reshape(scale, [-1, 1]));
    return gaussian(loc, concat([w, mul(eye(loc.length), scale)], 1));
  });
}

/**
 * The Laplace approximation (NumPyro's AutoLaplaceApproximation): trained as a point
 * mass at `{prefix}_loc` in the flat unconstrained space (SVI then finds the mode of the
 * posterior there, Jacobian included); its posterior methods use
 * `N(loc, H⁻¹)`, H the Hessian of the potential -log p(x, T(u)) - log|det J_T(u)| at loc
 * (exact second derivatives by differentiating the gradient), so they need the model's
 * arguments (those of the last call by default).
 * @throws {@link ArgumentError} (from the posterior methods) if H is not positive
 *   definite at loc: loc is not a mode.
 * @example
 * ```ts
 * import { autoLaplaceApproximation, sample, Normal } from 'pathwise';
 * const model = () => { const z = sample('z', new Normal(0, 1)); sample('y', new Normal(z, 1), { obs: 2 }); };
 * const g = autoLaplaceApproximation(model);
 * // at the mode z = 1 the posterior N(1, 1/2) is exactly Gaussian
 * g.quantiles({ auto_loc: [1] }, [0.5, 0.8413447460685429]).z.toArray(); // ≈ [1, 1.7071067811865475]
 * ```
 */
export function autoLaplaceApproximation<A extends unknown[]>(
  model: Model<A>,
  options: AutoGuideOptions = {},
): AutoGuide<A> {
  const prefix = options.prefix ?? 'auto';
  const latents = latentsOf(model, options);
  const guide = (...args: A): void => {
    const sites = latents(args);
    const d = sites.reduce((n, s) => n + s.size, 0);
    if (d === 0) return;
    const loc = param(`${prefix}_loc`, uniformInit([d]));
    deltaSites(
      sites,
      sample(`${prefix}_latent`, new Delta(loc, { eventDim: 1 }), { auxiliary: true }),
    );
  };
  return withPosterior(guide, latents.layout, (params, _sites, args) => {
    const loc = Float64Array.from(paramOf(params, `${prefix}_loc`, 'autoguide').data);
    // the Hessian only when a spread is asked for: the median is the mode itself
    let full: FlatPosterior | undefined;
    const post = (): FlatPosterior =>
      (full ??= gaussian(loc, laplaceScaleTril(model, args, loc, options.seed ?? 0)));
    return {
      loc,
      get sd() {
        return post().sd;
      },
      draw: (r: Rng) => post().draw(r),
    };
  });
}

/** The lower Cholesky factor of H⁻¹, H the Hessian of the model's potential at `loc`. */
function laplaceScaleTril<A extends unknown[]>(
  model: Model<A>,
  args: A,
  loc: Float64Array,
  s: Seed,
): Tensor {
  const pot = potentialFn(model, args, { seed: s });
  const d = loc.length;
  const g = grad((u) => pot.potential(u));
  const { vjp: back } = vjp((u) => g(u), tensor(loc));
  const rows = Array.from(
    { length: d },
    (_, i) => back(tensor(Float64Array.from({ length: d }, (_, j) => (j === i ? 1 : 0))))[0],
  );
  const h = stack(rows);
  const sym = mul(add(h, transpose(h)), 0.5);
  let lh: Tensor | undefined;
  try {
    lh = cholesky(sym);
  } catch {
    lh = undefined;
  }
  if (lh === undefined || !lh.data.every(Number.isFinite)) {
    throw new ArgumentError(
      'autoLaplaceApproximation',
      `the Hessian of the potential at ${showPoint(loc)} is not positive definite: the location is not a mode (train the guide first)`,
    );
  }
  const linv = triangularSolve(lh, eye(d));
  return cholesky(matmul(transpose(linv), linv));
}

const showPoint = (loc: Float64Array): string =>
  `[${Array.from(loc.slice(0, 6), (v) => v.toPrecision(4)).join(', ')}${loc.length > 6 ? ', ...' : ''}]`;

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
