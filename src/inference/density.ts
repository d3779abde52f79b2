/**
 * Densities of models: the log-joint at given values, and the potential energy over a
 * flat unconstrained vector that gradient-based samplers need (NumPyro's
 * `potential_fn` with `ravel_pytree`).
 * @module
 */
import {
  add,
  ArgumentError,
  concat,
  JitError,
  neg,
  reshape,
  slice,
  sum,
  toTensor,
  type Shape,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import {
  bijectorFor,
  type Bijector,
  type Constraint,
  type Distribution,
} from '../distributions/index.js';
import { rng as makeRng, type Rng, type Seed } from '../random/index.js';
import { enumLogJoint } from './contract.js';
import { enumerateSupport, maxBatchRank } from './enum.js';
import {
  checkSiteShape,
  isolated,
  seed,
  siteLogProb,
  substitute,
  trace,
  type Model,
  type Trace,
} from './handlers.js';

/**
 * The total log-probability of a trace: the sum of {@link siteLogProb} over its sites.
 * @example
 * ```ts
 * import { trace, sample, Normal, traceLogProb } from 'pathwise';
 * const tr = trace(() => sample('y', new Normal(0, 1), { obs: 0 })).getTrace();
 * traceLogProb(tr).item(); // -0.9189385332046728
 * ```
 */
export function traceLogProb(tr: Trace): Tensor {
  let total: Tensor = toTensor(0);
  for (const site of tr.values())
    if (site.type === 'sample' || site.type === 'factor') total = add(total, siteLogProb(site));
  return total;
}

/**
 * Runs `model(...args)` with every latent sample site (and param) set from `values`
 * and returns its trace: each site's value, distribution and log-probability.
 * @throws {@link ArgumentError} naming a latent site missing from `values`;
 *   {@link ShapeError} naming a site whose value has another shape than the site.
 * @example
 * ```ts
 * import { traceModel, sample, Normal } from 'pathwise';
 * const model = () => sample('z', new Normal(0, 1));
 * traceModel(model, [], { z: 0.5 }).get('z')?.value.item(); // 0.5
 * ```
 */
export function traceModel<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
): Trace {
  const missing: string[] = [];
  const tr = trace(
    substitute(model, (site) => {
      if (site.type === 'sample' && !(site.name in values)) missing.push(site.name);
      if (!(site.name in values)) return undefined;
      const v = toTensor(values[site.name], 'logJoint', `value of site '${site.name}'`);
      checkSiteShape('logJoint', site, v);
      return v;
    }),
  ).getTrace(...args);
  const latent = missing.filter((n) => tr.get(n)?.observed === false);
  if (latent.length > 0) {
    throw new ArgumentError(
      'logJoint',
      `no value for latent site${latent.length > 1 ? 's' : ''} ${latent.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  return tr;
}

/**
 * `log p(observed, latent)` of a model at the given latent values (and params),
 * including plate scaling, masks and factors. Differentiable in the values.
 * @throws {@link ArgumentError} naming a latent site missing from `values`;
 *   {@link ShapeError} naming a site whose value has another shape than the site (no
 *   broadcasting: a scalar site takes a scalar); {@link ArgumentError} if the result is
 *   NaN, naming the sites (e.g. a factor) whose log-probability is NaN. (Under {@link jit}
 *   the NaN check is skipped.)
 * @example
 * ```ts
 * import { logJoint, sample, Normal } from 'pathwise';
 * const model = (y: number) => {
 *   const mu = sample('mu', new Normal(0, 1));
 *   sample('y', new Normal(mu, 1), { obs: y });
 * };
 * logJoint(model, [1], { mu: 0 }).item(); // -2.3378770664093453
 * ```
 */
export function logJoint<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
): Tensor {
  const tr = traceModel(model, args, values);
  const total = traceLogProb(tr);
  let v: number;
  try {
    v = total.item();
  } catch (e) {
    if (e instanceof JitError) return total; // traced by jit: no numbers to check
    throw e;
  }
  if (Number.isNaN(v)) {
    const bad = [...tr.values()]
      .filter((s) => Number.isNaN(siteLogProb(s).item()))
      .map((s) => `${s.type} site '${s.name}'`);
    throw new ArgumentError(
      'logJoint',
      `the log density is NaN; NaN log-probability at ${bad.join(', ') || 'no single site'}`,
    );
  }
  return total;
}

/**
 * One latent site of a {@link Potential}: where it sits in the flat vector.
 * @example
 * ```ts
 * import { potentialFn, sample, Dirichlet, type LatentSite } from 'pathwise';
 * const s: LatentSite = potentialFn(() => sample('p', new Dirichlet([1, 1, 1])), []).sites[0];
 * [s.shape, s.unconstrainedShape]; // [[3], [2]]
 * ```
 */
export interface LatentSite {
  /** The site's name. */
  readonly name: string;
  /** Its (constrained) value's shape. */
  readonly shape: Shape;
  /** Its unconstrained shape. */
  readonly unconstrainedShape: Shape;
  /** Offset in the flat unconstrained vector. */
  readonly offset: number;
  /** Number of unconstrained entries. */
  readonly size: number;
  /** The site's support. */
  readonly support: Constraint;
  /** Maps the unconstrained value to the site's support. */
  readonly bijector: Bijector;
}

/**
 * The result of {@link potentialFn}.
 * @example
 * ```ts
 * import { potentialFn, sample, Normal, type Potential } from 'pathwise';
 * const pot: Potential = potentialFn(() => sample('z', new Normal(0, 1)), []);
 * pot.potential([0]).item(); // 0.9189385332046728
 * ```
 */
export interface Potential {
  /** The latent sites, in model order. */
  readonly sites: readonly LatentSite[];
  /** Length of the flat unconstrained vector. */
  readonly size: number;
  /** `-(log p(data, T(u)) + log |det J_T(u)|)` at a flat unconstrained vector u. Differentiable. */
  potential(u: TensorLike): Tensor;
  /** The constrained site values at u. */
  constrain(u: TensorLike): Record<string, Tensor>;
  /** The flat unconstrained vector of constrained site values. */
  unconstrain(values: Readonly<Record<string, TensorLike>>): Tensor;
  /** A random starting point, uniform in (-radius, radius) per coordinate (Stan's default radius 2). */
  initial(r: Rng, radius?: number): Tensor;
}

/**
 * A point of a continuous distribution's support, uniform in (-2, 2) on the
 * unconstrained space (NumPyro's init_to_uniform): also works for improper priors,
 * which cannot be sampled. Undefined for discrete supports (those are sampled).
 */
function uniformInit(d: Distribution, r: Rng): Tensor | undefined {
  if (d.support.discrete) return undefined;
  const bijector = bijectorFor(d.support);
  return bijector.forward(
    uniformPoint(bijector.inverseShape([...d.batchShape, ...d.eventShape]), r),
  );
}

/**
 * @internal A point of the unconstrained space with entries uniform in (-radius, radius)
 * (Stan's and NumPyro's initialization; radius 2 by default).
 */
export function uniformPoint(shape: Shape, r: Rng, radius = 2): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return reshape(
    toTensor(Float64Array.from({ length: n }, () => (2 * r.uniform() - 1) * radius)),
    shape,
  );
}

/**
 * The continuous latent sites of a model, and (when it has enumerable discrete latent
 * sites, which are summed out) its batch rank.
 */
function latentSites<A extends unknown[]>(
  model: Model<A>,
  args: A,
  s: Seed,
): { sites: LatentSite[]; enumRank: number | undefined } {
  const r = makeRng(s);
  const init = substitute(model, (m) =>
    m.type === 'sample' && !m.observed && m.fn ? uniformInit(m.fn, r) : undefined,
  );
  const tr = isolated(() => trace(seed(init, r)).getTrace(...args));
  const sites: LatentSite[] = [];
  let offset = 0;
  let enumerated = false;
  for (const site of tr.values()) {
    if (site.type !== 'sample' || site.observed) continue;
    const d = site.fn as Distribution;
    if (d.support.discrete) {
      enumerated = true;
      if (enumerateSupport(d) !== undefined) continue;
      throw new ArgumentError(
        'potentialFn',
        `latent site '${site.name}' is discrete (${d.family}) with an infinite support; gradient-based inference needs continuous latents or finite discrete ones (summed out): marginalize it out by hand`,
      );
    }
    const bijector = bijectorFor(d.support);
    const unconstrainedShape = bijector.inverseShape(site.value.shape);
    const size = unconstrainedShape.reduce((a, b) => a * b, 1);
    sites.push({
      name: site.name,
      shape: site.value.shape,
      unconstrainedShape,
      offset,
      size,
      support: d.support,
      bijector,
    });
    offset += size;
  }
  return { sites, enumRank: enumerated ? maxBatchRank(tr) : undefined };
}

/**
 * The potential energy of a model's posterior over a flat vector of all latent sites,
 * each mapped to ℝⁿ by {@link bijectorFor} of its support (with the log-det-Jacobian),
 * plus helpers to go between the flat vector and named constrained values. The site
 * layout comes from one seeded prototype run. Discrete latent sites with a finite
 * support (Bernoulli, Categorical, ...) are summed out exactly ({@link enumLogJoint});
 * they are not part of the vector.
 * @throws {@link ArgumentError} if a latent site is discrete with an infinite support.
 * @example
 * ```ts
 * import { potentialFn, sample, HalfNormal, Normal } from 'pathwise';
 * const model = () => {
 *   const s = sample('s', new HalfNormal(1));
 *   sample('y', new Normal(0, s), { obs: 0.5 });
 * };
 * const pot = potentialFn(model, []);
 * pot.size; // 1
 * pot.constrain([0]).s.item(); // 1: s = exp(u)
 * ```
 */
export function potentialFn<A extends unknown[]>(
  model: Model<A>,
  args: A,
  options: { seed?: Seed } = {},
): Potential {
  const { sites, enumRank } = latentSites(model, args, options.seed ?? 0);
  const joint =
    enumRank === undefined
      ? (m: Model<A>, a: A, v: Record<string, Tensor>) => traceLogProb(traceModel(m, a, v))
      : (m: Model<A>, a: A, v: Record<string, Tensor>) =>
          enumLogJoint(m, a, v, { maxPlateNesting: enumRank });
  const size = sites.reduce((n, s) => n + s.size, 0);
  const parts = (u: TensorLike): Tensor[] => {
    const flat = toTensor(u, 'potential', 'u');
    if (flat.rank !== 1 || flat.size !== size) {
      throw new ArgumentError(
        'potential',
        `u must be a vector of length ${size}, got shape [${flat.shape.join(',')}]`,
      );
    }
    return sites.map((s) => reshape(slice(flat, [s.offset], [s.size]), s.unconstrainedShape));
  };
  const constrain = (u: TensorLike): Record<string, Tensor> => {
    const ps = parts(u);
    return Object.fromEntries(sites.map((s, i) => [s.name, s.bijector.forward(ps[i])]));
  };
  return {
    sites,
    size,
    constrain,
    potential(u) {
      const ps = parts(u);
      const values: Record<string, Tensor> = {};
      let logDet: Tensor = toTensor(0);
      sites.forEach((s, i) => {
        values[s.name] = s.bijector.forward(ps[i]);
        logDet = add(logDet, sum(s.bijector.logDetJacobian(ps[i])));
      });
      // not logJoint: a NaN here is a point of zero density to the sampler, not an error
      return neg(add(joint(model, args, values), logDet));
    },
    unconstrain(values) {
      if (sites.length === 0) return toTensor(new Float64Array(0));
      return concat(
        sites.map((s) =>
          reshape(s.bijector.inverse(toTensor(values[s.name], 'unconstrain', s.name)), [s.size]),
        ),
      );
    },
    initial(r, radius = 2) {
      return uniformPoint([size], r, radius);
    },
  };
}

/**
 * Concatenates named tensors into one flat vector and returns the inverse
 * (JAX's `ravel_pytree`), both differentiable.
 * @example
 * ```ts
 * import { flatten } from 'pathwise';
 * const { flat, unflatten } = flatten({ a: [[1, 2]], b: 3 });
 * flat.toArray(); // [1, 2, 3]
 * unflatten([4, 5, 6]).a.toArray(); // [[4, 5]]
 * ```
 */
export function flatten(values: Readonly<Record<string, TensorLike>>): {
  flat: Tensor;
  unflatten: (flat: TensorLike) => Record<string, Tensor>;
} {
  const names = Object.keys(values);
  const ts = names.map((n) => toTensor(values[n], 'flatten', n));
  const offsets: number[] = [];
  let n = 0;
  for (const t of ts) {
    offsets.push(n);
    n += t.size;
  }
  const flat =
    ts.length === 0 ? toTensor(new Float64Array(0)) : concat(ts.map((t) => reshape(t, [t.size])));
  const unflatten = (f: TensorLike): Record<string, Tensor> => {
    const v = toTensor(f, 'unflatten', 'flat');
    if (v.rank !== 1 || v.size !== n)
      throw new ArgumentError(
        'unflatten',
        `expected a vector of length ${n}, got shape [${v.shape.join(',')}]`,
      );
    return Object.fromEntries(
      names.map((name, i) => [name, reshape(slice(v, [offsets[i]], [ts[i].size]), ts[i].shape)]),
    );
  };
  return { flat, unflatten };
}
