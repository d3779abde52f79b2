/**
 * Monte-Carlo expectations whose gradients are gradient estimators, and a report that
 * shows how each estimator behaves (why a gradient can be exactly zero, how noisy it is).
 * @module
 */
import {
  add,
  ArgumentError,
  GradientTape,
  mean,
  mul,
  stopGradient,
  sub,
  sum,
  toTensor,
  div,
  type Tensor,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import { defaultRng, type Rng } from '../random/index.js';

/**
 * Which gradient estimator {@link expectation} builds.
 * @example
 * ```ts
 * import { expectation, Normal, rng, type EstimatorKind } from 'pathwise';
 * const kind: EstimatorKind = 'score';
 * expectation((x) => x, new Normal(0, 1), { estimator: kind, samples: 4, rng: rng(0) }).shape; // []
 * ```
 */
export type EstimatorKind = 'pathwise' | 'score' | 'auto';

/**
 * A control variate for the score-function estimator.
 * @example
 * ```ts
 * import { expectation, Bernoulli, rng, tensor, type Baseline } from 'pathwise';
 * const half: Baseline = { value: () => tensor(0.5) };
 * expectation((x) => x, new Bernoulli({ probs: 0.5 }), { baseline: half, samples: 4, rng: rng(0) }).shape; // []
 * ```
 */
export interface Baseline {
  /** The baseline for each sample's f value (treated as a constant). */
  value(fx: Tensor): Tensor;
  /** Called after each use with the f values, e.g. to update a running mean. */
  update?(fx: Tensor): void;
}

/**
 * The leave-one-out baseline: for sample i, the mean of f over the other samples.
 * Independent of sample i, so it adds no bias. Needs at least 2 samples.
 * @example
 * ```ts
 * import { leaveOneOut, tensor } from 'pathwise';
 * leaveOneOut().value(tensor([1, 2, 3])).toArray(); // [2.5, 2, 1.5]
 * ```
 */
export function leaveOneOut(): Baseline {
  return {
    value(fx) {
      const n = fx.shape[0];
      if (n < 2) throw new ArgumentError('leaveOneOut', 'needs at least 2 samples');
      return div(sub(sum(fx, { axis: 0, keepDims: true }), fx), n - 1);
    },
  };
}

/**
 * A decaying running mean of f across calls (Pyro's decaying-average baseline): after
 * each use, `b ← decay·b + (1 - decay)·mean(f)`. Starts at 0.
 * @example
 * ```ts
 * import { runningMean, tensor } from 'pathwise';
 * const b = runningMean(0.5);
 * b.update?.(tensor([4, 4]));
 * b.value(tensor([0, 0])).item(); // 2
 * ```
 */
export function runningMean(decay = 0.9): Baseline {
  let b = 0;
  return {
    value: () => toTensor(b),
    update(fx) {
      b = decay * b + (1 - decay) * mean(fx).item();
    },
  };
}

/**
 * Options of {@link expectation}.
 * @example
 * ```ts
 * import { expectation, Normal, rng, type ExpectationOptions } from 'pathwise';
 * const o: ExpectationOptions = { samples: 1000, rng: rng(1) };
 * Math.abs(expectation((x) => x, new Normal(2, 1), o).item() - 2) < 0.2; // true
 * ```
 */
export interface ExpectationOptions {
  /** Monte-Carlo samples (default 1). */
  samples?: number;
  /** `'pathwise'`, `'score'`, or `'auto'` (pathwise when the family is reparameterized; default). */
  estimator?: EstimatorKind;
  /** A control variate for the score estimator (default none). */
  baseline?: Baseline;
  /** Where the samples come from (default: the module's generator). */
  rng?: Rng;
}

/**
 * `E_q[f(x)]` estimated by the mean of f over samples x ~ q, returned as a *surrogate*:
 * its value is the Monte-Carlo mean and its gradient with respect to q's parameters θ is
 * the chosen estimator.
 *
 * Pathwise (reparameterization): a reparameterized sample is x = g(ε; θ) with ε free
 * of θ (Normal: x = loc + scale·ε), so ∇θ E[f(x)] = E[∇θ f(g(ε; θ))]: just differentiate
 * through the sample.
 *
 * Score function (REINFORCE): ∇θ ∫ q(x; θ) f(x; θ) dx = ∫ q f ∇θ log q dx + ∫ q ∇θ f dx
 * = E[f(x) ∇θ log q(x; θ)] + E[∇θ f(x; θ)], with x held fixed (`stopGradient`). Since
 * E[∇θ log q] = ∫ ∇θ q dx = ∇θ ∫ q dx = ∇θ 1 = 0, any baseline b independent of x can be
 * subtracted without bias: E[(f - b) ∇θ log q]. The surrogate is
 * `mean(f + stopGradient(f - b)·(log q - stopGradient(log q)))`: its value is mean(f)
 * because the second factor is 0, and its gradient is the estimator (the "magic box"
 * of DiCE; TFP's monte_carlo.expectation does the same).
 *
 * `f` receives all samples at once (shape `[samples, ...batch, ...event]`) and returns
 * one value per sample (leading axis `samples`).
 * @throws {@link ArgumentError} if pathwise is asked of a family that is not reparameterized.
 * @example
 * ```ts
 * import { expectation, Normal, variable, grad, square, rng } from 'pathwise';
 * const loc = variable(1, { name: 'loc' });
 * const q = new Normal(loc, 1);
 * // E[x²] = loc² + 1, d/dloc = 2·loc = 2
 * const est = expectation((x) => square(x), q, { samples: 20000, rng: rng(0) });
 * Math.abs(est.item() - 2) < 0.05; // true
 * ```
 */
export function expectation(
  f: (x: Tensor) => Tensor,
  dist: Distribution,
  options: ExpectationOptions = {},
): Tensor {
  const { samples = 1, estimator = 'auto', baseline, rng = defaultRng() } = options;
  if (!Number.isInteger(samples) || samples < 1)
    throw new ArgumentError('expectation', `samples must be a positive integer, got ${samples}`);
  const kind = estimator === 'auto' ? (dist.reparameterized ? 'pathwise' : 'score') : estimator;
  if (kind === 'pathwise') {
    if (!dist.reparameterized) {
      throw new ArgumentError(
        'expectation',
        `${dist.family} samples are not reparameterized: use the 'score' estimator`,
      );
    }
    return mean(f(dist.sample([samples], rng)), 0);
  }
  const x = stopGradient(dist.sample([samples], rng));
  const fx = f(x);
  const lq = dist.logProb(x);
  const centered = baseline ? sub(fx, stopGradient(baseline.value(fx))) : fx;
  const surrogate = add(fx, mul(stopGradient(centered), sub(lq, stopGradient(lq))));
  baseline?.update?.(stopGradient(fx));
  return mean(surrogate, 0);
}

/**
 * One parameter's row in an {@link EstimatorReport}.
 * @example
 * ```ts
 * import { gradientEstimatorReport, Normal, rng, type EstimatorStats } from 'pathwise';
 * const q = new Normal(0, 1);
 * const s: EstimatorStats = gradientEstimatorReport((x) => x, q, { rng: rng(0), replicates: 10 }).estimators[0].stats[0];
 * [s.param, s.verdict]; // ['loc', 'non-zero']
 * ```
 */
export interface EstimatorStats {
  /** The parameter's name. */
  param: string;
  /** Mean gradient over replicates (per element, averaged for non-scalar parameters). */
  mean: number;
  /** Standard error of that mean. */
  stdError: number;
  /** Variance of one replicate's gradient. */
  variance: number;
  /** |mean| / standard deviation (∞ when the variance is 0 and the mean is not). */
  snr: number;
  /** `'exactly zero by construction'`, `'zero in expectation, noisy'` or `'non-zero'`. */
  verdict: string;
}

/**
 * The result of {@link gradientEstimatorReport}.
 * @example
 * ```ts
 * import { gradientEstimatorReport, Normal, rng, type EstimatorReport } from 'pathwise';
 * const r: EstimatorReport = gradientEstimatorReport((x) => x, new Normal(0, 1), { rng: rng(0), replicates: 10 });
 * r.estimators.map((e) => e.name); // ['pathwise', 'score', 'score + leave-one-out baseline']
 * ```
 */
export interface EstimatorReport {
  /** Rows per estimator. */
  estimators: { name: string; stats: EstimatorStats[] }[];
  /** A plain-text table. */
  toString(): string;
}

/**
 * Options of {@link gradientEstimatorReport}.
 * @example
 * ```ts
 * import { type EstimatorReportOptions, rng } from 'pathwise';
 * const o: EstimatorReportOptions = { samples: 16, replicates: 100, rng: rng(3) };
 * o.samples; // 16
 * ```
 */
export interface EstimatorReportOptions {
  /** Samples per replicate (default 8). */
  samples?: number;
  /** Independent replicates (default 200). */
  replicates?: number;
  /** Seed stream (default: the module's generator). */
  rng?: Rng;
  /** The parameters to differentiate (default: all of `dist`'s parameters). */
  wrt?: Readonly<Record<string, Tensor>>;
}

function verdict(all: number[], m: number, se: number): string {
  if (all.every((g) => g === 0)) return 'exactly zero by construction';
  return Math.abs(m) <= 3 * se ? 'zero in expectation, noisy' : 'non-zero';
}

/**
 * For each estimator (pathwise when available, score function, score function with a
 * leave-one-out baseline): the mean gradient of `E_q[f]` with respect to each
 * parameter over independent replicates, its standard error, variance and
 * signal-to-noise ratio, with a one-line verdict. For f = log q (the TFP question) the
 * pathwise gradient in loc is exactly 0 for every sample, while the score estimator is
 * 0 only in expectation and noisy.
 * @example
 * ```ts
 * import { gradientEstimatorReport, Normal, rng } from 'pathwise';
 * const q = new Normal(0.1, 0.01);
 * const r = gradientEstimatorReport((x) => q.logProb(x), q, { rng: rng(1), replicates: 50 });
 * r.estimators[0].name; // 'pathwise'
 * r.estimators[0].stats[0].verdict; // 'exactly zero by construction'
 * r.estimators[1].stats[0].verdict; // 'zero in expectation, noisy'
 * ```
 */
export function gradientEstimatorReport(
  f: (x: Tensor) => Tensor,
  dist: Distribution,
  options: EstimatorReportOptions = {},
): EstimatorReport {
  const { samples = 8, replicates = 200, rng = defaultRng() } = options;
  const wrt = options.wrt ?? dist.parameters;
  const names = Object.keys(wrt);
  const kinds: [string, ExpectationOptions][] = [];
  if (dist.reparameterized) kinds.push(['pathwise', { estimator: 'pathwise' }]);
  kinds.push(['score', { estimator: 'score' }]);
  if (samples >= 2)
    kinds.push(['score + leave-one-out baseline', { estimator: 'score', baseline: leaveOneOut() }]);
  const estimators = kinds.map(([name, opts]) => {
    const grads: number[][] = names.map(() => []);
    for (let r = 0; r < replicates; r++) {
      const tape = new GradientTape();
      const value = tape.record(() => {
        tape.watch(...Object.values(wrt));
        return sum(expectation(f, dist, { ...opts, samples, rng }));
      });
      tape
        .gradient(value, Object.values(wrt))
        .forEach((g, k) => grads[k].push(g === null ? 0 : mean(g).item()));
    }
    const stats = names.map((param, k): EstimatorStats => {
      const all = grads[k];
      const m = all.reduce((a, b) => a + b, 0) / all.length;
      const variance = all.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, all.length - 1);
      const se = Math.sqrt(variance / all.length);
      const sd = Math.sqrt(variance);
      return {
        param,
        mean: m,
        stdError: se,
        variance,
        snr: sd === 0 ? (m === 0 ? 0 : Infinity) : Math.abs(m) / sd,
        verdict: verdict(all, m, se),
      };
    });
    return { name, stats };
  });
  return {
    estimators,
    toString() {
      const head = `${'estimator'.padEnd(32)}${'param'.padEnd(10)}${'mean'.padStart(13)}${'std error'.padStart(13)}${'variance'.padStart(13)}${'SNR'.padStart(9)}  verdict`;
      const rows = estimators.flatMap((e) =>
        e.stats.map(
          (s) =>
            `${e.name.padEnd(32)}${s.param.padEnd(10)}${s.mean.toExponential(3).padStart(13)}${s.stdError.toExponential(3).padStart(13)}${s.variance.toExponential(3).padStart(13)}${(s.snr >= 1e6 ? '>1e6' : s.snr.toFixed(2)).padStart(9)}  ${s.verdict}`,
        ),
      );
      return [head, ...rows].join('\n');
    },
  };
}
