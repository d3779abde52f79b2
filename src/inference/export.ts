/**
 * Export of MCMC draws: an ArviZ-compatible dictionary (the keyword arguments of
 * `arviz.from_dict`, which `arviz.from_json` reads from a JSON file) and CSV.
 * @module
 */
import {
  ArgumentError,
  reshape,
  tensor,
  toTensor,
  type NestedArray,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { substitute, trace, type Model } from './handlers.js';
import type { McmcResult } from './mcmc.js';
import { logLikelihood } from './predictive.js';

/** Values by name with a leading draw axis (shown inline in the API docs). @inline */
type Draws = Readonly<Record<string, TensorLike>>;

/**
 * The layout `arviz.from_dict(**d)` takes (and `arviz.from_json` reads): groups of
 * arrays shaped `[chain, draw, ...]` (observed data without those axes), sample
 * statistics under ArviZ's names, and optional coords / dims.
 * @example
 * ```ts
 * import { mcmc, toArviz, sample, Normal, type ArvizData } from 'pathwise';
 * const r = mcmc(() => { sample('x', new Normal(0, 1)); }, { numWarmup: 20, numSamples: 5, seed: 0 });
 * const d: ArvizData = toArviz(r);
 * Object.keys(d.sample_stats); // ['diverging', 'energy', 'tree_depth', 'n_steps', 'step_size', 'acceptance_rate']
 * ```
 */
export interface ArvizData {
  posterior: Record<string, NestedArray>;
  sample_stats: Record<string, NestedArray>;
  log_likelihood?: Record<string, NestedArray>;
  posterior_predictive?: Record<string, NestedArray>;
  prior?: Record<string, NestedArray>;
  prior_predictive?: Record<string, NestedArray>;
  observed_data?: Record<string, NestedArray>;
  constant_data?: Record<string, NestedArray>;
  coords?: Record<string, (string | number)[]>;
  dims?: Record<string, string[]>;
  attrs: Record<string, string>;
}

/**
 * Options of {@link toArviz}.
 * @example
 * ```ts
 * import { type ArvizOptions } from 'pathwise';
 * const o: ArvizOptions<[]> = { dims: { theta: ['school'] }, coords: { school: ['a', 'b'] } };
 * o.dims?.theta; // ['school']
 * ```
 */
export interface ArvizOptions<A extends unknown[]> {
  /** The model: fills `log_likelihood` (by {@link logLikelihood}) and `observed_data`. */
  model?: Model<A>;
  /** Its arguments (default none). */
  args?: A;
  /** Pointwise log-likelihoods to store instead, `[chains·draws, ...]` or `[chains, draws, ...]`. */
  logLikelihood?: Draws;
  /** Posterior predictive draws, e.g. from `predictive` with the result (`[chains·draws, ...]`). */
  posteriorPredictive?: Draws;
  /** Prior draws of latent sites and prior predictive draws (one chain: `[draws, ...]`). */
  prior?: Draws;
  priorPredictive?: Draws;
  /** Observed data (default: the observed sites of `model`). */
  observedData?: Draws;
  /** Constant data (covariates), stored as they are. */
  constantData?: Draws;
  /** ArviZ coordinates and dimension names, passed through. */
  coords?: Record<string, (string | number)[]>;
  dims?: Record<string, string[]>;
}

/** A tensor as nested arrays (`[]`-shaped: a number). */
function nested(t: Tensor, bool = false): NestedArray {
  const data = Array.from(t.data, (v) => (bool ? v !== 0 : v));
  const build = (axis: number, offset: number): NestedArray => {
    if (axis === t.rank) return data[offset];
    const step = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[axis] }, (_, i) => build(axis + 1, offset + i * step));
  };
  return build(0, 0);
}

/** Draws reshaped to `[chains, draws, ...]`: merged draws are split, `[chains, draws, ...]` kept. */
function byChain(
  values: Draws,
  chains: number,
  draws: number,
  op: string,
): Record<string, NestedArray> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => {
      const t = toTensor(v, op, k);
      if (t.rank >= 2 && t.shape[0] === chains && t.shape[1] === draws) return [k, nested(t)];
      if (t.rank >= 1 && t.shape[0] === chains * draws)
        return [k, nested(reshape(t, [chains, draws, ...t.shape.slice(1)]))];
      throw new ArgumentError(
        op,
        `'${k}' has shape [${t.shape.join(',')}]: expected [${chains * draws}, ...] or [${chains}, ${draws}, ...]`,
      );
    }),
  );
}

/** One chain of draws: `[draws, ...]` becomes `[1, draws, ...]`. */
function oneChain(values: Draws, op: string): Record<string, NestedArray> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => {
      const t = toTensor(v, op, k);
      return [k, nested(reshape(t, [1, ...t.shape]))];
    }),
  );
}

function plain(values: Draws, op: string): Record<string, NestedArray> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, nested(toTensor(v, op, k))]),
  );
}

/** The observed sites of one run of `model` at the first draw. */
function observedOf<A extends unknown[]>(
  model: Model<A>,
  args: A,
  r: McmcResult,
): Record<string, Tensor> {
  const at0 = (name: string): Tensor | undefined => {
    const t = r.samples[name];
    if (t === undefined) return undefined;
    const shape = t.shape.slice(2);
    return tensor(
      t.data.slice(
        0,
        shape.reduce((a, b) => a * b, 1),
      ),
      shape,
    );
  };
  const tr = trace(
    substitute(model, (m) => (m.type === 'sample' ? at0(m.name) : undefined)),
  ).getTrace(...args);
  return Object.fromEntries(
    [...tr.values()].filter((s) => s.type === 'sample' && s.observed).map((s) => [s.name, s.value]),
  );
}

/**
 * An MCMC result as ArviZ's `from_dict` keyword arguments: `posterior` (each site
 * `[chain, draw, ...]`), `sample_stats` (`diverging`, `energy`, `tree_depth`, `n_steps`,
 * `step_size`, `acceptance_rate`), and, given the model or the arrays, `log_likelihood`,
 * `observed_data`, predictive groups, coords and dims. `JSON.stringify` it to a file and
 * read it in Python with `arviz.from_json(path)` (or `arviz.from_dict(**json.load(f))`);
 * checked with ArviZ 0.23.4, whose `summary` and `loo` then run on it (see the guide
 * "Coming from NumPyro" for the snippet).
 * @throws {@link ArgumentError} for draws whose leading axes match neither
 *   `[chains·draws]` nor `[chains, draws]`.
 * @example
 * ```ts
 * import { mcmc, toArviz, sample, plate, Normal } from 'pathwise';
 * const model = () => {
 *   const mu = sample('mu', new Normal(0, 1));
 *   plate('i', 3, () => sample('y', new Normal(mu, 1), { obs: [1, 2, 3] }));
 * };
 * const r = mcmc(model, { numWarmup: 50, numSamples: 10, numChains: 2, seed: 0 });
 * const d = toArviz(r, { model });
 * [(d.posterior.mu as number[][]).length, (d.log_likelihood!.y as number[][][])[0][0].length]; // [2, 3]
 * d.observed_data!.y; // [1, 2, 3]
 * ```
 */
export function toArviz<A extends unknown[]>(
  result: McmcResult,
  options: ArvizOptions<A> = {},
): ArvizData {
  const [chains, draws] = result.stats.energy.shape;
  const st = result.stats;
  const out: ArvizData = {
    posterior: byChain(result.samples, chains, draws, 'toArviz'),
    sample_stats: {
      diverging: nested(st.divergent, true),
      energy: nested(st.energy),
      tree_depth: nested(st.treeDepth),
      n_steps: nested(st.numSteps),
      step_size: nested(st.stepSize),
      acceptance_rate: nested(st.acceptProb),
    },
    attrs: { inference_library: 'pathwise' },
  };
  const args = (options.args ?? []) as A;
  const ll =
    options.logLikelihood ??
    (options.model ? logLikelihood(options.model, result, args) : undefined);
  if (ll !== undefined) out.log_likelihood = byChain(ll, chains, draws, 'toArviz');
  if (options.posteriorPredictive)
    out.posterior_predictive = byChain(options.posteriorPredictive, chains, draws, 'toArviz');
  if (options.prior) out.prior = oneChain(options.prior, 'toArviz');
  if (options.priorPredictive) out.prior_predictive = oneChain(options.priorPredictive, 'toArviz');
  const obs =
    options.observedData ?? (options.model ? observedOf(options.model, args, result) : undefined);
  if (obs !== undefined) out.observed_data = plain(obs, 'toArviz');
  if (options.constantData) out.constant_data = plain(options.constantData, 'toArviz');
  if (options.coords) out.coords = options.coords;
  if (options.dims) out.dims = options.dims;
  return out;
}

/**
 * The draws of an MCMC result as CSV, one row per draw: `chain`, `draw`, the sample
 * statistics (`diverging`, `energy`, `tree_depth`, `n_steps`, `step_size`,
 * `acceptance_rate`), then every entry of every site, named `site` for scalars and
 * `site[i,j]` (0-based, row-major) otherwise. Numbers are written so they read back
 * exactly.
 * @example
 * ```ts
 * import { mcmc, toCsv, sample, Normal, Dirichlet } from 'pathwise';
 * const r = mcmc(() => { sample('p', new Dirichlet([1, 1])); }, { numWarmup: 20, numSamples: 3, seed: 0 });
 * toCsv(r).split('\n')[0]; // 'chain,draw,diverging,energy,tree_depth,n_steps,step_size,acceptance_rate,p[0],p[1]'
 * toCsv(r).split('\n').length; // 4
 * ```
 */
export function toCsv(result: McmcResult): string {
  const [chains, draws] = result.stats.energy.shape;
  const st = result.stats;
  const stats = [st.divergent, st.energy, st.treeDepth, st.numSteps, st.stepSize, st.acceptProb];
  const header = [
    'chain',
    'draw',
    'diverging',
    'energy',
    'tree_depth',
    'n_steps',
    'step_size',
    'acceptance_rate',
  ];
  const sites = Object.entries(result.samples).map(([name, t]) => {
    const shape = t.shape.slice(2);
    const size = shape.reduce((a, b) => a * b, 1);
    for (let j = 0; j < size; j++)
      header.push(shape.length === 0 ? name : `${name}[${indexOf(j, shape)}]`);
    return { t, size };
  });
  const lines = [header.join(',')];
  for (let c = 0; c < chains; c++) {
    for (let d = 0; d < draws; d++) {
      const k = c * draws + d;
      const row: number[] = [c, d, ...stats.map((s) => s.data[k])];
      for (const { t, size } of sites)
        for (let j = 0; j < size; j++) row.push(t.data[k * size + j]);
      lines.push(row.map(String).join(','));
    }
  }
  return lines.join('\n');
}

/** The row-major multi-index of flat entry `j` of `shape`, as `i,j,...`. */
function indexOf(j: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(j % shape[a]);
    j = Math.floor(j / shape[a]);
  }
  return idx.join(',');
}
