/**
 * Warmup as in Stan: dual-averaging step-size adaptation (Hoffman & Gelman 2014) and
 * windowed mass-matrix adaptation (a fast initial window, slow windows doubling in
 * length, a fast terminal window), with Stan's regularized variance estimates.
 * @module
 */
import type { Rng } from '../random/index.js';
import { energy, leapfrog, type Point, type PotentialGrad } from './integrator.js';
import type { Metric } from './metric.js';

/** Dual-averaging settings (Stan's defaults). */
export interface DualAveragingOptions {
  /** Target mean acceptance probability δ (default 0.8). */
  targetAccept?: number;
  /** γ (default 0.05). */
  gamma?: number;
  /** t₀ (default 10). */
  t0?: number;
  /** κ (default 0.75). */
  kappa?: number;
}

/** The state of dual averaging; `restart(eps)` sets μ = log(10 ε). */
export class DualAveraging {
  private mu = 0;
  private sBar = 0;
  private xBar = 0;
  private counter = 0;
  private readonly delta: number;
  private readonly gamma: number;
  private readonly t0: number;
  private readonly kappa: number;

  constructor(eps: number, options: DualAveragingOptions = {}) {
    this.delta = options.targetAccept ?? 0.8;
    this.gamma = options.gamma ?? 0.05;
    this.t0 = options.t0 ?? 10;
    this.kappa = options.kappa ?? 0.75;
    this.restart(eps);
  }

  /** Restarts the averages around a new step size. */
  restart(eps: number): void {
    this.mu = Math.log(10 * eps);
    this.sBar = 0;
    this.xBar = 0;
    this.counter = 0;
  }

  /** Learns from one transition's acceptance statistic; returns the next step size. */
  update(acceptStat: number): number {
    this.counter++;
    const a = Math.min(1, Number.isNaN(acceptStat) ? 0 : acceptStat);
    const eta = 1 / (this.counter + this.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / this.gamma;
    const w = Math.pow(this.counter, -this.kappa);
    this.xBar = (1 - w) * this.xBar + w * x;
    return Math.exp(x);
  }

  /** The final step size after warmup: exp(x̄). */
  final(): number {
    return Math.exp(this.xBar);
  }
}

/**
 * Stan's heuristic initial step size: from `eps`, double (or halve) until the
 * one-step acceptance crosses 0.8.
 */
export function initialStepSize(
  z: Point,
  eps: number,
  metric: Metric,
  f: PotentialGrad,
  r: Rng,
): number {
  const delta = (): number => {
    const p = metric.momentum(r);
    const start: Point = { q: z.q, p, u: z.u, grad: z.grad };
    const h0 = energy(start, metric);
    return h0 - energy(leapfrog(start, eps, metric, f), metric);
  };
  const direction = delta() > Math.log(0.8) ? 1 : -1;
  for (let i = 0; i < 100; i++) {
    const d = delta();
    if (direction === 1 && !(d > Math.log(0.8))) break;
    if (direction === -1 && !(d < Math.log(0.8))) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7 || eps < 1e-12) break;
  }
  return eps;
}

/** Stan's warmup windows for `numWarmup` iterations. */
export class WarmupWindows {
  private initBuffer = 75;
  private termBuffer = 50;
  private windowSize = 25;
  private nextEnd: number;
  private counter = 0;
  /** False when warmup is too short to adapt the metric (< 20 iterations). */
  readonly adaptsMetric: boolean;

  constructor(private readonly numWarmup: number) {
    this.adaptsMetric = numWarmup >= 20;
    if (this.initBuffer + this.windowSize + this.termBuffer > numWarmup) {
      this.initBuffer = Math.floor(0.15 * numWarmup);
      this.termBuffer = Math.floor(0.1 * numWarmup);
      this.windowSize = numWarmup - (this.initBuffer + this.termBuffer);
    }
    this.nextEnd = this.initBuffer + this.windowSize - 1;
  }

  /** Whether iteration `counter` collects draws for the metric. */
  private inWindow(): boolean {
    return (
      this.counter >= this.initBuffer &&
      this.counter < this.numWarmup - this.termBuffer &&
      this.counter !== this.numWarmup
    );
  }

  /**
   * Advances one warmup iteration: `collect` says the draw belongs to a slow window (add
   * it to the estimator), `update` that a window ends here (re-estimate the metric after
   * adding it, then restart the step-size adaptation).
   */
  step(): { collect: boolean; update: boolean } {
    if (!this.adaptsMetric) {
      this.counter++;
      return { collect: false, update: false };
    }
    const collect = this.inWindow();
    const update = this.counter === this.nextEnd && this.counter !== this.numWarmup;
    if (update) this.advance();
    this.counter++;
    return { collect, update };
  }

  private advance(): void {
    const last = this.numWarmup - this.termBuffer - 1;
    if (this.nextEnd === last) return;
    this.windowSize *= 2;
    this.nextEnd = this.counter + this.windowSize;
    if (
      this.nextEnd !== last &&
      this.nextEnd + 2 * this.windowSize >= this.numWarmup - this.termBuffer
    )
      this.nextEnd = last;
  }
}

/** Running mean and (co)variance of positions (Welford), for the metric. */
export class MetricEstimator {
  private n = 0;
  private readonly m: Float64Array;
  private readonly s: Float64Array;

  constructor(
    private readonly size: number,
    private readonly dense: boolean,
  ) {
    this.m = new Float64Array(size);
    this.s = new Float64Array(dense ? size * size : size);
  }

  /** Adds one draw. */
  add(q: Float64Array): void {
    this.n++;
    const d = q.map((x, i) => x - this.m[i]);
    for (let i = 0; i < this.size; i++) this.m[i] += d[i] / this.n;
    if (this.dense) {
      for (let i = 0; i < this.size; i++)
        for (let j = 0; j < this.size; j++) this.s[i * this.size + j] += d[i] * (q[j] - this.m[j]);
    } else for (let i = 0; i < this.size; i++) this.s[i] += d[i] * (q[i] - this.m[i]);
  }

  /**
   * The regularized estimate Stan uses: (n/(n+5))·Σ̂ + 1e-3·(5/(n+5))·I, then restarts.
   */
  estimate(): Float64Array {
    const n = this.n;
    const out = this.s.map((v) => (n / (n + 5)) * (v / Math.max(1, n - 1)));
    for (let i = 0; i < this.size; i++)
      out[this.dense ? i * this.size + i : i] += 1e-3 * (5 / (n + 5));
    this.n = 0;
    this.m.fill(0);
    this.s.fill(0);
    return out;
  }
}
