/**
 * The posterior of a trained autoguide, read from its parameters (NumPyro's AutoGuide
 * API): `median`, `quantiles` and `samplePosterior`, each in the constrained space of the
 * model's sites, so a user need not know the internal parameter names.
 * @module
 */
import {
  ArgumentError,
  reshape,
  slice,
  stack,
  tensor,
  toTensor,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Normal } from '../distributions/index.js';
import type { Rng, Seed } from '../random/index.js';
import type { LatentSite } from './density.js';
import { rngOf, type Model } from './handlers.js';

/** Parameters by name, as `svi(...).getParams()` returns them (shown inline). @inline */
type Params = Readonly<Record<string, TensorLike>>;

/**
 * Options of an {@link AutoGuide}'s posterior methods.
 * @example
 * ```ts
 * import { type AutoGuidePosteriorOptions } from 'pathwise';
 * const o: AutoGuidePosteriorOptions<[number[]]> = { args: [[1, 2]], seed: 0 };
 * o.seed; // 0
 * ```
 */
export interface AutoGuidePosteriorOptions<A extends unknown[]> {
  /**
   * The model's arguments, needed only if the guide has not run yet (then the latent
   * sites are found from them) and by the Laplace approximation (its Hessian); default:
   * the arguments of the guide's last call, or none.
   */
  args?: A;
  /** For `samplePosterior`: seed or generator (default: the module's generator). */
  seed?: Seed | Rng;
}

/**
 * An automatic guide: a model function for SVI plus NumPyro's AutoGuide methods, which
 * read the posterior approximation from the learned params (constrained values by site).
 * @example
 * ```ts
 * import { autoNormal, sample, Normal, type AutoGuide } from 'pathwise';
 * const g: AutoGuide<[]> = autoNormal(() => { sample('z', new Normal(0, 1)); });
 * g.median({ auto_z_loc: 1.5, auto_z_scale: 0.1 }).z.item(); // 1.5
 * ```
 */
export interface AutoGuide<A extends unknown[]> {
  (...args: A): void;
  /** The median of each site (the transform of the unconstrained location). */
  median(params: Params, options?: AutoGuidePosteriorOptions<A>): Record<string, Tensor>;
  /**
   * Quantiles of each site, `[qs.length, ...siteShape]`: the transform of the Normal
   * marginal quantiles in the unconstrained space (exact per coordinate for elementwise
   * transforms such as exp or sigmoid; for a simplex or Cholesky factor, a coordinatewise
   * summary, as in NumPyro).
   */
  quantiles(
    params: Params,
    qs: readonly number[],
    options?: AutoGuidePosteriorOptions<A>,
  ): Record<string, Tensor>;
  /** `n` draws from the approximate posterior, each site `[n, ...siteShape]`. */
  samplePosterior(
    params: Params,
    n: number,
    options?: AutoGuidePosteriorOptions<A>,
  ): Record<string, Tensor>;
}

/** @internal The approximation over the flat unconstrained vector of all latent sites. */
export interface FlatPosterior {
  /** Location (the mean of the Gaussian; the point of a Delta). */
  readonly loc: Float64Array;
  /** Marginal standard deviations. */
  readonly sd: Float64Array;
  /** One draw. */
  draw(r: Rng): Float64Array;
}

/** @internal Reads a named param, or throws naming it and the names there are. */
export function paramOf(params: Params, name: string, op: string): Tensor {
  if (!Object.prototype.hasOwnProperty.call(params, name)) {
    throw new ArgumentError(
      op,
      `no param '${name}' (have: ${Object.keys(params).join(', ') || 'none'}); pass the params of an SVI run with this guide`,
    );
  }
  return toTensor(params[name], op, name);
}

/** @internal A Gaussian with lower factor `l` (`[d, k]`, Σ = L Lᵀ) over the flat vector. */
export function gaussian(loc: Float64Array, l: Tensor): FlatPosterior {
  const d = loc.length;
  const k = l.shape[1];
  const sd = Float64Array.from({ length: d }, (_, i) => {
    let s = 0;
    for (let j = 0; j < k; j++) s += l.data[i * k + j] ** 2;
    return Math.sqrt(s);
  });
  return {
    loc,
    sd,
    draw(r) {
      const eps = Float64Array.from({ length: k }, () => r.normal());
      return loc.map((m, i) => {
        let s = m;
        for (let j = 0; j < k; j++) s += l.data[i * k + j] * eps[j];
        return s;
      });
    },
  };
}

/** @internal A Gaussian with independent coordinates. */
export function diagonal(loc: Float64Array, sd: Float64Array): FlatPosterior {
  return { loc, sd, draw: (r) => loc.map((m, i) => m + sd[i] * r.normal()) };
}

function constrain(sites: readonly LatentSite[], u: Float64Array): Record<string, Tensor> {
  const t = tensor(u);
  return Object.fromEntries(
    sites.map((s) => [
      s.name,
      s.bijector.forward(reshape(slice(t, [s.offset], [s.size]), s.unconstrainedShape)),
    ]),
  );
}

function stackSites(
  sites: readonly LatentSite[],
  rows: Record<string, Tensor>[],
): Record<string, Tensor> {
  return Object.fromEntries(sites.map((s) => [s.name, stack(rows.map((r) => r[s.name]))]));
}

/**
 * @internal Makes an {@link AutoGuide} of a guide function: `sites(args)` gives the
 * latent layout (and remembers the last args), `posterior` reads the flat approximation.
 */
export function withPosterior<A extends unknown[]>(
  guide: Model<A, void>,
  sites: (args: A | undefined) => { sites: readonly LatentSite[]; args: A },
  posterior: (params: Params, sites: readonly LatentSite[], args: A) => FlatPosterior,
): AutoGuide<A> {
  const flat = (params: Params, options: AutoGuidePosteriorOptions<A> = {}) => {
    const s = sites(options.args);
    return { s: s.sites, post: posterior(params, s.sites, s.args) };
  };
  const g = guide as AutoGuide<A>;
  g.median = (params, options) => {
    const { s, post } = flat(params, options);
    return constrain(s, post.loc);
  };
  g.quantiles = (params, qs, options) => {
    const bad = qs.find((q) => !(q > 0 && q < 1));
    if (bad !== undefined || qs.length === 0)
      throw new ArgumentError(
        'quantiles',
        `qs must be probabilities in (0, 1), got [${qs.join(', ')}]`,
      );
    const { s, post } = flat(params, options);
    const z = new Normal(0, 1).icdf(tensor([...qs])).data;
    return stackSites(
      s,
      [...z].map((zq) =>
        constrain(
          s,
          post.loc.map((m, i) => m + post.sd[i] * zq),
        ),
      ),
    );
  };
  g.samplePosterior = (params, n, options = {}) => {
    if (!Number.isInteger(n) || n < 1)
      throw new ArgumentError('samplePosterior', `n must be a positive integer, got ${n}`);
    const { s, post } = flat(params, options);
    const r = rngOf(options.seed);
    return stackSites(
      s,
      Array.from({ length: n }, () => constrain(s, post.draw(r))),
    );
  };
  return g;
}
