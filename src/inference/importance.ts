/**
 * Importance sampling: draws from a proposal (a guide, or the prior), weights each by
 * p(x, z) / q(z), and estimates the log-evidence log p(x) with its standard error and
 * the effective sample size.
 * @module
 */
import { ArgumentError, noGrad } from '../autodiff/index.js';
import type { Rng, Seed } from '../random/index.js';
import { traceLogProb } from './density.js';
import { replay, rngOf, seed, siteLogProb, trace, type Model } from './handlers.js';

/**
 * Options of {@link importanceSampling}.
 * @example
 * ```ts
 * import { type ImportanceOptions } from 'pathwise';
 * const o: ImportanceOptions<[]> = { samples: 100, seed: 0 };
 * o.samples; // 100
 * ```
 */
export interface ImportanceOptions<A extends unknown[]> {
  /** Number of draws (default 1000). */
  samples?: number;
  /** The proposal q(z) over the model's latent sites (default: the prior). */
  guide?: Model<A>;
  /** Seed or generator (default: the module's generator). */
  seed?: Seed | Rng;
}

/**
 * The result of {@link importanceSampling}.
 * @example
 * ```ts
 * import { importanceSampling, sample, Normal, type ImportanceResult } from 'pathwise';
 * const r: ImportanceResult = importanceSampling(() => { sample('z', new Normal(0, 1)); }, [], { samples: 10, seed: 0 });
 * [r.logEvidence, r.ess]; // [0, 10]
 * ```
 */
export interface ImportanceResult {
  /** log of the mean importance weight: an estimate of log p(x). */
  logEvidence: number;
  /** Its standard error (delta method). */
  stdError: number;
  /** Effective sample size (Σw)² / Σw². */
  ess: number;
  /** The log-weights of the draws. */
  logWeights: Float64Array;
}

/**
 * Estimates the log-evidence `log p(x) = log E_q[p(x, z) / q(z)]` by importance
 * sampling. With the prior as proposal the weight is the likelihood p(x | z).
 * The standard error is `sqrt((N Σw² / (Σw)² - 1) / N)`, the relative standard error of
 * the mean weight; the effective sample size is `(Σw)² / Σw²`.
 * @throws {@link ArgumentError} if `samples` is not a positive integer.
 * @example
 * ```ts
 * import { importanceSampling, sample, Normal } from 'pathwise';
 * const model = () => { const z = sample('z', new Normal(0, 1)); sample('y', new Normal(z, 1), { obs: 0 }); };
 * const r = importanceSampling(model, [], { samples: 4000, seed: 0 });
 * Math.abs(r.logEvidence - -1.2655121234846454) < 3 * r.stdError; // true: y ~ N(0, 2)
 * ```
 */
export function importanceSampling<A extends unknown[]>(
  model: Model<A>,
  args: A,
  options: ImportanceOptions<A> = {},
): ImportanceResult {
  const { samples = 1000, guide } = options;
  if (!Number.isInteger(samples) || samples < 1)
    throw new ArgumentError(
      'importanceSampling',
      `samples must be a positive integer, got ${samples}`,
    );
  const s = options.seed;
  const r = rngOf(s);
  const logWeights = new Float64Array(samples);
  noGrad(() => {
    for (let i = 0; i < samples; i++) {
      if (guide) {
        const g = trace(seed(guide, r)).getTrace(...args);
        const m = trace(replay(seed(model, r), g)).getTrace(...args);
        logWeights[i] = traceLogProb(m).item() - traceLogProb(g).item();
      } else {
        let w = 0;
        for (const site of trace(seed(model, r))
          .getTrace(...args)
          .values()) {
          if (site.type === 'factor' || (site.type === 'sample' && site.observed))
            w += siteLogProb(site).item();
        }
        logWeights[i] = w;
      }
    }
  });
  let m = -Infinity;
  for (const w of logWeights) m = Math.max(m, w);
  let s1 = 0;
  let s2 = 0;
  for (const w of logWeights) {
    const e = Math.exp(w - m);
    s1 += e;
    s2 += e * e;
  }
  const relVar = Math.max(0, (samples * s2) / (s1 * s1) - 1) / samples;
  return {
    logEvidence: m + Math.log(s1 / samples),
    stdError: Math.sqrt(relVar),
    ess: (s1 * s1) / s2,
    logWeights,
  };
}
