/**
 * Learning-rate schedules: functions from the optimizer's step count to a learning
 * rate, with Keras's formulas.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';

/**
 * A learning rate that depends on the step: the optimizer calls it with its
 * `iterations` count (0 for the first update).
 * @example
 * ```ts
 * import { SGD, type LearningRateSchedule } from 'pathwise';
 * const halving: LearningRateSchedule = (step) => 0.1 / 2 ** step;
 * const opt = new SGD({ learningRate: halving });
 * opt.currentLearningRate; // 0.1
 * ```
 */
export type LearningRateSchedule = (step: number) => number;

function positive(op: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v))
    throw new ArgumentError(op, `${name} must be a positive finite number, got ${v}`);
}

/**
 * Options of {@link exponentialDecay}.
 * @example
 * ```ts
 * import { exponentialDecay, type ExponentialDecayOptions } from 'pathwise';
 * const o: ExponentialDecayOptions = { initialLearningRate: 1, decaySteps: 10, decayRate: 0.5 };
 * exponentialDecay(o)(10); // 0.5
 * ```
 */
export interface ExponentialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once. */
  decaySteps: number;
  /** The factor per `decaySteps` steps, e.g. 0.96. */
  decayRate: number;
  /** Decay in whole periods (`floor(step / decaySteps)`) instead of continuously (default false). */
  staircase?: boolean;
}

/**
 * `initialLearningRate · decayRate^(step / decaySteps)` (Keras's `ExponentialDecay`).
 * @throws {@link ArgumentError} if `decaySteps` or `initialLearningRate` is not positive.
 * @example
 * ```ts
 * import { exponentialDecay } from 'pathwise';
 * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr(0); // 0.1
 * lr(50); // 0.07071067811865477
 * const stairs = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5, staircase: true });
 * stairs(150); // 0.05
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const { initialLearningRate: lr0, decaySteps, decayRate, staircase = false } = options;
  positive('exponentialDecay', 'initialLearningRate', lr0);
  positive('exponentialDecay', 'decaySteps', decaySteps);
  positive('exponentialDecay', 'decayRate', decayRate);
  return (step) => {
    const p = step / decaySteps;
    return lr0 * decayRate ** (staircase ? Math.floor(p) : p);
  };
}

/**
 * Options of {@link cosineDecay}.
 * @example
 * ```ts
 * import { cosineDecay, type CosineDecayOptions } from 'pathwise';
 * const o: CosineDecayOptions = { initialLearningRate: 1, decaySteps: 100, alpha: 0.1 };
 * cosineDecay(o)(100); // 0.1
 * ```
 */
export interface CosineDecayOptions {
  /** The rate at the start of the decay (after the warmup, if any). */
  initialLearningRate: number;
  /** Steps of the cosine decay. */
  decaySteps: number;
  /** The floor, as a fraction of `initialLearningRate` (default 0). */
  alpha?: number;
  /** Steps of linear warmup from `initialLearningRate` to `warmupTarget` (default 0: none). */
  warmupSteps?: number;
  /** The rate reached at the end of the warmup; the decay then starts from it. */
  warmupTarget?: number;
}

/**
 * Cosine decay (Loshchilov & Hutter 2017; Keras's `CosineDecay`): with
 * `t = min(step, decaySteps) / decaySteps`, the rate is
 * `initial · ((1 - alpha) · ½(1 + cos πt) + alpha)`. With `warmupSteps` and
 * `warmupTarget`, the rate first rises linearly from `initialLearningRate` to
 * `warmupTarget`, and the decay then starts from `warmupTarget`.
 * @throws {@link ArgumentError} if `decaySteps` is not positive or `alpha` is outside [0, 1].
 * @example
 * ```ts
 * import { cosineDecay } from 'pathwise';
 * const lr = cosineDecay({ initialLearningRate: 1, decaySteps: 10 });
 * lr(0); // 1
 * lr(5); // 0.5000000000000001
 * lr(20); // 0: held at the floor after decaySteps
 * const warm = cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupSteps: 4, warmupTarget: 2 });
 * warm(2); // 1
 * warm(4); // 2
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const { initialLearningRate: lr0, decaySteps, alpha = 0, warmupSteps = 0 } = options;
  positive('cosineDecay', 'decaySteps', decaySteps);
  if (!(alpha >= 0 && alpha <= 1))
    throw new ArgumentError('cosineDecay', `alpha must be in [0, 1], got ${alpha}`);
  if (!(warmupSteps >= 0))
    throw new ArgumentError('cosineDecay', `warmupSteps must be >= 0, got ${warmupSteps}`);
  const target = options.warmupTarget;
  const top = target ?? lr0;
  return (step) => {
    if (target !== undefined && step < warmupSteps)
      return lr0 + ((target - lr0) * step) / warmupSteps;
    const t = Math.min(Math.max(step - (target !== undefined ? warmupSteps : 0), 0), decaySteps);
    return top * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * t) / decaySteps)) + alpha);
  };
}
