/**
 * Gradient estimators for a discrete objective side by side: the score function (with and
 * without a baseline) against the Gumbel-softmax relaxation and its straight-through
 * variant, each judged by its bias and variance against the exact gradient by enumeration.
 * @module
 */
import {
  ArgumentError,
  eye,
  GradientTape,
  mul,
  softmax,
  sum,
  toTensor,
  variable,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import {
  OneHotCategorical,
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
  type Distribution,
} from '../distributions/index.js';
import { defaultRng, type Rng } from '../random/index.js';
import { expectation, leaveOneOut, type ExpectationOptions } from './estimators.js';

/**
 * Options of {@link discreteGradientReport}.
 * @example
 * ```ts
 * import { rng, type DiscreteReportOptions } from 'pathwise';
 * const o: DiscreteReportOptions = { temperatures: [0.5], samples: 4, replicates: 50, rng: rng(0) };
 * o.temperatures; // [0.5]
 * ```
 */
export interface DiscreteReportOptions {
  /** Temperatures λ of the relaxed estimators (default [0.1, 0.5, 1]). */
  temperatures?: readonly number[];
  /** Samples per replicate (default 8). */
  samples?: number;
  /** Independent replicates (default 200). */
  replicates?: number;
  /** Seed stream (default: the module's generator). */
  rng?: Rng;
}

/**
 * One estimator's row of a {@link DiscreteReport}: its mean gradient in the logits over
 * replicates, and how far that is from the exact gradient.
 * @example
 * ```ts
 * import { discreteGradientReport, rng, sum, mul, type DiscreteEstimatorRow, type Tensor } from 'pathwise';
 * const f = (z: Tensor) => sum(mul(z, [0, 1, 4]), -1);
 * const row: DiscreteEstimatorRow = discreteGradientReport(f, [0, 0, 0], { replicates: 20, rng: rng(0) }).estimators[0];
 * row.name; // 'score'
 * ```
 */
export interface DiscreteEstimatorRow {
  /** 'score', 'score + leave-one-out baseline', 'Gumbel-softmax λ=…' or 'straight-through λ=…'. */
  name: string;
  /** Mean gradient per logit over replicates. */
  mean: number[];
  /** Standard error of each entry of `mean`. */
  stdError: number[];
  /** ‖mean − exact‖₂: the bias, up to Monte-Carlo error. */
  bias: number;
  /** Σₖ variance of one replicate's gradient in logit k. */
  variance: number;
  /** bias² + variance: the mean squared error of one replicate. */
  mse: number;
  /** Whether some entry of `mean` is more than 4 standard errors from the exact gradient. */
  biased: boolean;
}

/**
 * The result of {@link discreteGradientReport}.
 * @example
 * ```ts
 * import { discreteGradientReport, rng, sum, mul, type DiscreteReport, type Tensor } from 'pathwise';
 * const f = (z: Tensor) => sum(mul(z, [0, 1, 4]), -1);
 * const r: DiscreteReport = discreteGradientReport(f, [0, 0, 0], { temperatures: [1], replicates: 20, rng: rng(0) });
 * r.estimators.length; // 4
 * ```
 */
export interface DiscreteReport {
  /** The exact gradient of E[f(z)] in the logits, by enumerating the K one-hot values. */
  exact: number[];
  /** One row per estimator. */
  estimators: DiscreteEstimatorRow[];
  /** A plain-text table. */
  toString(): string;
}

/** Exact ∇ₗ Σₖ softmax(l)ₖ f(eₖ): f evaluated once at the K × K identity. */
function exactGradient(f: (z: Tensor) => Tensor, l0: Tensor): number[] {
  const l = variable(l0);
  const fk = f(eye(l0.size));
  const tape = new GradientTape();
  const value = tape.record(() => {
    tape.watch(l);
    return sum(mul(softmax(l), fk));
  });
  const [g] = tape.gradient(value, [l]);
  return g === null ? new Array<number>(l0.size).fill(0) : Array.from(g.data);
}

type Maker = { name: string; dist: (l: Tensor) => Distribution; opts: ExpectationOptions };

function makers(temperatures: readonly number[], samples: number): Maker[] {
  const m: Maker[] = [
    {
      name: 'score',
      dist: (l) => new OneHotCategorical({ logits: l }),
      opts: { estimator: 'score' },
    },
  ];
  if (samples >= 2)
    m.push({
      name: 'score + leave-one-out baseline',
      dist: (l) => new OneHotCategorical({ logits: l }),
      opts: { estimator: 'score', baseline: leaveOneOut() },
    });
  for (const t of temperatures) {
    m.push(
      {
        name: `Gumbel-softmax λ=${t}`,
        dist: (l) => new RelaxedOneHotCategorical(t, { logits: l }),
        opts: { estimator: 'pathwise' },
      },
      {
        name: `straight-through λ=${t}`,
        dist: (l) => new RelaxedOneHotCategoricalStraightThrough(t, { logits: l }),
        opts: { estimator: 'pathwise' },
      },
    );
  }
  return m;
}

function row(name: string, grads: number[][], exact: number[]): DiscreteEstimatorRow {
  const n = grads.length;
  const k = exact.length;
  const mean = exact.map((_, j) => grads.reduce((a, g) => a + g[j], 0) / n);
  const vars = mean.map(
    (m, j) => grads.reduce((a, g) => a + (g[j] - m) ** 2, 0) / Math.max(1, n - 1),
  );
  const stdError = vars.map((v) => Math.sqrt(v / n));
  let b2 = 0;
  let biased = false;
  for (let j = 0; j < k; j++) {
    const d = mean[j] - exact[j];
    b2 += d * d;
    if (Math.abs(d) > 4 * stdError[j] && Math.abs(d) > 1e-12 * (1 + Math.abs(exact[j])))
      biased = true;
  }
  const variance = vars.reduce((a, v) => a + v, 0);
  return { name, mean, stdError, bias: Math.sqrt(b2), variance, mse: b2 + variance, biased };
}

function table(exact: number[], rows: DiscreteEstimatorRow[]): string {
  const head = `${'estimator'.padEnd(32)}${'bias'.padStart(12)}${'variance'.padStart(12)}${'MSE'.padStart(12)}  biased?`;
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(32)}${r.bias.toExponential(2).padStart(12)}${r.variance.toExponential(2).padStart(12)}${r.mse.toExponential(2).padStart(12)}  ${r.biased ? 'yes' : 'no'}`,
  );
  return [
    `exact gradient: [${exact.map((g) => g.toPrecision(4)).join(', ')}]`,
    head,
    ...lines,
  ].join('\n');
}

/**
 * How the gradient estimators for a discrete latent compare on `E[f(z)]`, z a one-hot
 * draw of Categorical(softmax(logits)): the score function (unbiased, noisy; with a
 * leave-one-out baseline, less noisy), the Gumbel-softmax relaxation at each temperature
 * λ (z replaced by a relaxed draw on the simplex: low variance, biased unless f is
 * linear, the bias shrinking as λ → 0 while the variance grows) and its straight-through
 * variant (hard draws forward, the relaxed gradient backward: biased, often the lowest
 * error at moderate λ). The exact gradient is `∇ₗ Σₖ softmax(l)ₖ f(eₖ)`, by enumeration.
 *
 * `f` receives the draws of one replicate, shape `[samples, K]`, and returns one value per
 * draw (shape `[samples]`); it must also accept points inside the simplex (the relaxed
 * draws), e.g. `sum(square(sub(z, t)), -1)`.
 * @param logits - the K logits (a vector).
 * @throws {@link ArgumentError} if logits is not a non-empty vector or a temperature is
 *   not positive.
 * @example
 * ```ts
 * import { discreteGradientReport, rng, square, sub, sum, type Tensor } from 'pathwise';
 * const f = (z: Tensor) => sum(square(sub(z, [0.45, 0.55, 0])), -1);
 * const r = discreteGradientReport(f, [0, 0, 0], { temperatures: [1], replicates: 100, rng: rng(2) });
 * r.estimators.map((e) => e.biased); // [false, false, true, true]: the relaxations are biased
 * r.estimators[2].variance < r.estimators[0].variance; // true: and less noisy
 * ```
 */
export function discreteGradientReport(
  f: (z: Tensor) => Tensor,
  logits: TensorLike,
  options: DiscreteReportOptions = {},
): DiscreteReport {
  const { temperatures = [0.1, 0.5, 1], samples = 8, replicates = 200 } = options;
  const rng = options.rng ?? defaultRng();
  const l0 = toTensor(logits, 'discreteGradientReport', 'logits');
  if (l0.rank !== 1 || l0.size === 0)
    throw new ArgumentError(
      'discreteGradientReport',
      `logits must be a non-empty vector, got shape [${l0.shape.join(', ')}]`,
    );
  for (const t of temperatures)
    if (!(t > 0) || !Number.isFinite(t))
      throw new ArgumentError('discreteGradientReport', `temperatures must be positive, got ${t}`);
  const exact = exactGradient(f, l0);
  const rows = makers(temperatures, samples).map(({ name, dist, opts }) => {
    const grads: number[][] = [];
    const l = variable(l0);
    for (let r = 0; r < replicates; r++) {
      const tape = new GradientTape();
      const value = tape.record(() => {
        tape.watch(l);
        return sum(expectation(f, dist(l), { ...opts, samples, rng }));
      });
      const [g] = tape.gradient(value, [l]);
      grads.push(g === null ? exact.map(() => 0) : Array.from(g.data));
    }
    return row(name, grads, exact);
  });
  return { exact, estimators: rows, toString: () => table(exact, rows) };
}
