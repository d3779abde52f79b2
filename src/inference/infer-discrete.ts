/**
 * Recovering enumerated discrete sites after inference (NumPyro's `infer_discrete`):
 * exact joint draws from their conditional posterior, or its mode.
 * @module
 */
import { ArgumentError, noGrad, Tensor, type TensorLike } from '../autodiff/index.js';
import type { Rng, Seed } from '../random/index.js';
import { contract, factorsOf, lse, maxOut, missingLatents, sampleBack } from './contract.js';
import { enumeratedTrace, guessBatchRank } from './enum.js';
import { rngOf, substitute, type Model } from './handlers.js';

/** One joint draw of the enumerated sites at the given values of the others. */
function discreteDraw<A extends unknown[]>(
  model: Model<A>,
  args: A,
  values: Readonly<Record<string, TensorLike>>,
  settings: { rank: number; temperature: 0 | 1; r: Rng },
): Record<string, Tensor> {
  const { rank, temperature, r } = settings;
  return noGrad(() => {
    const { tr, layout: l } = enumeratedTrace(substitute(model, values), args, rank, 'all');
    const missing = missingLatents(tr, values, l.vars);
    if (missing.length > 0)
      throw new ArgumentError('inferDiscrete', `no value for latent site(s) ${missing.join(', ')}`);
    const { log } = contract(factorsOf(tr, l), l, temperature === 0 ? maxOut : lse);
    const idx = sampleBack(log, l, temperature, r);
    const out: Record<string, Tensor> = {};
    l.vars.forEach((v, j) => {
      const frameRank = Math.max(0, ...v.plateDims.map((d) => -d));
      const shape = idx[j].shape.slice(l.batchRank - frameRank);
      out[v.name] = new Tensor(
        Float64Array.from(idx[j].data, (k) => v.values[k]),
        shape,
      );
    });
    return out;
  });
}

/**
 * Options of {@link inferDiscrete}.
 * @example
 * ```ts
 * import { type InferDiscreteOptions } from 'pathwise';
 * const o: InferDiscreteOptions<[]> = { temperature: 0, values: { mu: 1 } };
 * o.temperature; // 0
 * ```
 */
export interface InferDiscreteOptions<A extends unknown[]> {
  /** The model's arguments. */
  args?: A;
  /**
   * Draws of the continuous latent sites with leading axes `[chains, draws]`, as
   * {@link mcmc} returns them: one joint draw of the discrete sites per draw.
   */
  posteriorSamples?: Readonly<Record<string, Tensor>>;
  /** Instead: one set of values of the continuous latent sites (default none). */
  values?: Readonly<Record<string, TensorLike>>;
  /** With `values`: this many draws, stacked on a leading axis (default: one, no axis). */
  numSamples?: number;
  /** 1: sample the exact posterior (default); 0: its joint mode (Viterbi, MAP). */
  temperature?: 0 | 1;
  /** Seed or generator of the draws (default: the module's generator). */
  seed?: Seed | Rng;
  /** As in {@link EnumOptions}. */
  maxPlateNesting?: number;
}

/** The values at flat draw `i` of tensors with leading axes `lead`. */
function drawAt(
  samples: Readonly<Record<string, Tensor>>,
  lead: number,
  i: number,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(samples)) {
    const shape = t.shape.slice(lead);
    const n = shape.reduce((a, b) => a * b, 1);
    out[name] = new Tensor(t.data.slice(i * n, (i + 1) * n), shape);
  }
  return out;
}

/** Stacks per-draw records into tensors with leading shape `lead`. */
function stackDraws(
  draws: readonly Record<string, Tensor>[],
  lead: readonly number[],
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of Object.keys(draws[0] ?? {})) {
    const shape = draws[0][name].shape;
    const n = draws[0][name].size;
    const data = new Float64Array(draws.length * n);
    draws.forEach((d, i) => data.set(d[name].data, i * n));
    out[name] = new Tensor(data, [...lead, ...shape]);
  }
  return out;
}

/**
 * Recovers the discrete latent sites that {@link mcmc} (or {@link enumLogJoint}) summed
 * out: for each posterior draw of the continuous sites, one exact joint draw of the
 * discrete ones from `p(z | x, θ)` (temperature 1; by forward filtering, backward
 * sampling on the eliminated factors), or their joint mode (temperature 0, the Viterbi
 * path for an HMM). NumPyro's `infer_discrete`.
 * @returns draws by site name: `[chains, draws, ...siteShape]` with `posteriorSamples`,
 *   `[numSamples, ...siteShape]` or `siteShape` with `values`.
 * @throws {@link ArgumentError} naming a continuous latent site with no value.
 * @example
 * ```ts
 * import { inferDiscrete, sample, Categorical, Normal, gather, plate } from 'pathwise';
 * const model = () =>
 *   plate('data', 3, () => {
 *     const z = sample('z', new Categorical({ probs: [0.5, 0.5] }));
 *     sample('x', new Normal(gather([-5, 5], z), 1), { obs: [-4, 6, 5] });
 *   });
 * inferDiscrete(model, { temperature: 0 }).z.toArray(); // [0, 1, 1]
 * inferDiscrete(model, { numSamples: 10, seed: 0 }).z.shape; // [10, 3]
 * ```
 */
export function inferDiscrete<A extends unknown[]>(
  model: Model<A>,
  options: InferDiscreteOptions<A> = {},
): Record<string, Tensor> {
  const args = (options.args ?? []) as A;
  const r = rngOf(options.seed);
  const temperature = options.temperature ?? 1;
  const post = options.posteriorSamples;
  const first = post === undefined ? undefined : Object.values(post)[0];
  const values0 = first === undefined ? (options.values ?? {}) : drawAt(post ?? {}, 2, 0);
  const rank = options.maxPlateNesting ?? guessBatchRank(model, args, values0);
  const settings = { rank, temperature, r };
  if (first !== undefined) {
    if (first.rank < 2)
      throw new ArgumentError(
        'inferDiscrete',
        `posteriorSamples need leading axes [chains, draws], got shape [${first.shape.join(',')}]`,
      );
    const lead = first.shape.slice(0, 2);
    const n = lead[0] * lead[1];
    const draws = Array.from({ length: n }, (_, i) =>
      discreteDraw(model, args, drawAt(post ?? {}, 2, i), settings),
    );
    return stackDraws(draws, lead);
  }
  const n = options.numSamples;
  if (n === undefined) return discreteDraw(model, args, values0, settings);
  if (!Number.isInteger(n) || n < 1)
    throw new ArgumentError('inferDiscrete', `numSamples must be a positive integer, got ${n}`);
  const draws = Array.from({ length: n }, () => discreteDraw(model, args, values0, settings));
  return stackDraws(draws, [n]);
}
