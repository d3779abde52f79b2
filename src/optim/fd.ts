/**
 * `minimizeFD`: minimisation of a black-box function (no autodiff) from central
 * differences with per-coordinate relative steps, a BFGS (or plain steepest-descent)
 * direction and an Armijo backtracking line search, so no learning rate is tuned.
 * @module
 */
import { ArgumentError } from '../autodiff/index.js';

/**
 * Options of {@link minimizeFD}.
 * @example
 * ```ts
 * import { minimizeFD, type MinimizeFDOptions } from 'pathwise';
 * const o: MinimizeFDOptions = { tol: 1e-8, maxIter: 200, method: 'bfgs' };
 * minimizeFD(([x]) => (x - 3) ** 2, [0], o).x[0]; // ≈ 3
 * ```
 */
export interface MinimizeFDOptions {
  /**
   * Relative step of the central differences: coordinate i moves by
   * `h = step · max(1, |xᵢ|)` (default 6e-6 ≈ (3·eps)^(1/3), best for smooth f in
   * float64). A noisy f (an iterative solver) needs a larger step, e.g. 1e-4.
   */
  step?: number;
  /**
   * Stop when the scaled gradient `maxᵢ |∂f/∂xᵢ| · max(1, |xᵢ|)` is at most
   * `tol · max(1, |f|)` (default 1e-6).
   */
  tol?: number;
  /** Maximum number of iterations (default 1000). */
  maxIter?: number;
  /**
   * `'bfgs'` (default): quasi-Newton directions, which undo bad scaling between
   * coordinates; `'gradientDescent'`: steepest descent (the seed question's method),
   * still with the line search.
   */
  method?: 'bfgs' | 'gradientDescent';
}

/**
 * Why {@link minimizeFD} stopped: `'gradient'` (the gradient test of `tol` passed),
 * `'value'` (an iteration lowered f by less than 1e-12 relative), `'lineSearch'` (no
 * step along a descent direction lowered f: a minimum within the accuracy of the finite
 * differences, or a noisy or non-smooth f), `'maxIter'`.
 * @example
 * ```ts
 * import { minimizeFD, type MinimizeFDReason } from 'pathwise';
 * const reason: MinimizeFDReason = minimizeFD(([x]) => x * x, [1], { maxIter: 1 }).reason;
 * reason; // 'maxIter'
 * ```
 */
export type MinimizeFDReason = 'gradient' | 'value' | 'lineSearch' | 'maxIter';

/**
 * The result of {@link minimizeFD}.
 * @example
 * ```ts
 * import { minimizeFD, type MinimizeFDResult } from 'pathwise';
 * const r: MinimizeFDResult = minimizeFD(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2, [0, 0]);
 * [r.reason, r.converged]; // ['gradient', true]
 * Array.from(r.x, (v) => Math.round(v * 1e6) / 1e6); // [1, -2]
 * ```
 */
export interface MinimizeFDResult {
  /** The best point found. */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** The finite-difference gradient at x. */
  gradient: Float64Array;
  /** Iterations taken (accepted steps). */
  iterations: number;
  /** Calls of f. */
  evaluations: number;
  /** Why it stopped. */
  reason: MinimizeFDReason;
  /** True for `'gradient'` and `'value'`. */
  converged: boolean;
}

const C1 = 1e-4; // Armijo's sufficient-decrease constant
const FTOL = 1e-12;

/** Central-difference gradient with the per-coordinate relative step. */
function fdGradient(f: (x: Float64Array) => number, x: Float64Array, step: number): Float64Array {
  const g = new Float64Array(x.length);
  const p = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const h = step * Math.max(1, Math.abs(xi));
    const hp = xi + h - xi; // the steps actually representable
    const hm = xi - (xi - h);
    p[i] = xi + hp;
    const fp = f(p);
    p[i] = xi - hm;
    const fm = f(p);
    p[i] = xi;
    g[i] = (fp - fm) / (hp + hm);
  }
  return g;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function identity(n: number, scale = 1): Float64Array {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = scale;
  return h;
}

/**
 * The BFGS update of the inverse Hessian H (n×n, row-major) from step s and gradient
 * change y; false (and H unchanged) when the curvature condition yᵀs > 0 fails.
 */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, first: boolean): boolean {
  const n = s.length;
  const ys = dot(y, s);
  const yy = dot(y, y);
  if (!(ys > 1e-12 * Math.sqrt(yy * dot(s, s)))) return false; // curvature condition fails: skip
  if (first) H.set(identity(n, ys / yy)); // Nocedal & Wright (6.20)
  const rho = 1 / ys;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
    Hy[i] = v;
  }
  const c = rho * rho * dot(y, Hy) + rho;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      H[i * n + j] += c * s[i] * s[j] - rho * (s[i] * Hy[j] + Hy[i] * s[j]);
  return true;
}

/** The largest relative coordinate change of a step, `maxᵢ |dᵢ| / max(1, |xᵢ|)`. */
function relSize(d: Float64Array, x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]) / Math.max(1, Math.abs(x[i])));
  return m;
}

/**
 * Minimises a black-box function `f: ℝⁿ → ℝ` without derivatives from you: each
 * iteration estimates the gradient by central differences with a per-coordinate
 * relative step (so a coordinate of size 1000 and one of size 1 are both differenced
 * accurately), takes a BFGS direction (or steepest descent), and finds the step length
 * by backtracking until Armijo's sufficient decrease `f(x + αd) ≤ f(x) + 10⁻⁴·α·∇f·d`
 * holds. So there is no learning rate to tune, and a step on which f fails (NaN or
 * ±Infinity, e.g. a solver given an invalid input) is simply shortened.
 * Each iteration costs 2n evaluations for the gradient plus the line search's.
 * @param f - called with a fresh copy of the point each time.
 * @param x0 - the starting point.
 * @throws {@link ArgumentError} if x0 is empty or not finite, f(x0) is not finite, or an
 *   option is out of range.
 * @example
 * ```ts
 * import { minimizeFD } from 'pathwise';
 * // Rosenbrock's function from the standard start (-1.2, 1)
 * const rosen = ([a, b]: Float64Array) => 100 * (b - a * a) ** 2 + (1 - a) ** 2;
 * const r = minimizeFD(rosen, [-1.2, 1]);
 * r.converged; // true
 * Math.abs(r.x[0] - 1) < 1e-5 && Math.abs(r.x[1] - 1) < 1e-5; // true
 * ```
 */
export function minimizeFD(
  f: (x: Float64Array) => number,
  x0: readonly number[] | Float64Array,
  options: MinimizeFDOptions = {},
): MinimizeFDResult {
  const { step = 6e-6, tol = 1e-6, maxIter = 1000, method = 'bfgs' } = options;
  checkOptions(step, tol, maxIter, method);
  const n = x0.length;
  if (n === 0) throw new ArgumentError('minimizeFD', 'x0 must have at least one coordinate');
  let x: Float64Array = Float64Array.from(x0);
  if (!x.every(Number.isFinite))
    throw new ArgumentError('minimizeFD', `x0 must be finite, got [${Array.from(x).join(', ')}]`);
  const F = counted(f);
  let fx = F(x);
  if (!Number.isFinite(fx))
    throw new ArgumentError('minimizeFD', `f(x0) is ${fx}, not a finite number`);
  let g: Float64Array = fdGradient(F, x, step);
  const H = identity(n);
  let fresh = true; // H is a (scaled) identity: no curvature learned yet
  let alpha = 1;
  let iterations = 0;
  let reason: MinimizeFDReason = 'maxIter';
  while (iterations < maxIter) {
    if (scaledGradient(g, x) <= tol * Math.max(1, Math.abs(fx))) {
      reason = 'gradient';
      break;
    }
    const d = direction(method === 'bfgs' ? H : null, g);
    if (!(dot(g, d) < 0)) fresh = restartSteepest(H, d, g); // not a descent direction
    // first trial: the full quasi-Newton step once curvature is known; otherwise a step
    // that changes no coordinate by more than its own scale (or the last step, doubled)
    alpha = method === 'bfgs' && !fresh ? 1 : firstTrial(iterations, alpha, d, x);
    const found = armijo(F, x, fx, d, dot(g, d), alpha);
    if (found === null) {
      if (method === 'bfgs' && !fresh) {
        H.set(identity(n)); // retry once from steepest descent
        fresh = true;
        continue;
      }
      reason = 'lineSearch';
      break;
    }
    alpha = found.alpha;
    const gnew = fdGradient(F, found.x, step);
    if (method === 'bfgs' && bfgsUpdate(H, diff(found.x, x), diff(gnew, g), fresh)) fresh = false;
    const decrease = fx - found.f;
    const scale = Math.max(Math.abs(fx), Math.abs(found.f));
    [x, g, fx] = [found.x, gnew, found.f];
    iterations++;
    if (decrease <= FTOL * scale) {
      reason = 'value';
      break;
    }
  }
  const converged = reason === 'gradient' || reason === 'value';
  return { x, f: fx, gradient: g, iterations, evaluations: F.calls, reason, converged };
}

/** f called with a fresh copy of the point, counting the calls. */
function counted(
  f: (x: Float64Array) => number,
): ((p: Float64Array) => number) & { calls: number } {
  const F = (p: Float64Array): number => {
    F.calls++;
    return f(Float64Array.from(p));
  };
  F.calls = 0;
  return F;
}

/** Restarts from steepest descent: H the identity, d = -g. Returns true (H is fresh). */
function restartSteepest(H: Float64Array, d: Float64Array, g: Float64Array): true {
  H.set(identity(g.length));
  for (let i = 0; i < g.length; i++) d[i] = -g[i];
  return true;
}

/**
 * The first trial step length while no curvature is known: one that changes no
 * coordinate by more than its own scale (or the last step, doubled).
 */
function firstTrial(iterations: number, alpha: number, d: Float64Array, x: Float64Array): number {
  return Math.min(iterations === 0 ? Infinity : 2 * alpha, 1 / relSize(d, x));
}

function checkOptions(step: number, tol: number, maxIter: number, method: string): void {
  if (!(step > 0 && step < 0.5))
    throw new ArgumentError('minimizeFD', `step must be in (0, 0.5), got ${step}`);
  if (!(tol >= 0)) throw new ArgumentError('minimizeFD', `tol must be >= 0, got ${tol}`);
  if (!(Number.isInteger(maxIter) && maxIter >= 0))
    throw new ArgumentError('minimizeFD', `maxIter must be a non-negative integer, got ${maxIter}`);
  if (method !== 'bfgs' && method !== 'gradientDescent')
    throw new ArgumentError(
      'minimizeFD',
      `method must be 'bfgs' or 'gradientDescent', got ${String(method)}`,
    );
}

/** `maxᵢ |gᵢ| · max(1, |xᵢ|)`: the gradient in units of each coordinate's scale. */
function scaledGradient(g: Float64Array, x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]) * Math.max(1, Math.abs(x[i])));
  return m;
}

/** `-H·g`, or `-g` without H. */
function direction(H: Float64Array | null, g: Float64Array): Float64Array {
  const n = g.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (H === null) d[i] = -g[i];
    else for (let j = 0; j < n; j++) d[i] -= H[i * n + j] * g[j];
  }
  return d;
}

function diff(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - b[i]);
}

/**
 * Backtracking from step `alpha` along `d` until Armijo's condition
 * `f(x + αd) ≤ f(x) + C1·α·slope` holds (a non-finite f counts as a failure), shrinking α
 * by quadratic interpolation kept within [0.1α, 0.5α]. Null after 60 tries.
 */
function armijo(
  F: (p: Float64Array) => number,
  x: Float64Array,
  fx: number,
  d: Float64Array,
  slope: number,
  alpha: number,
): { x: Float64Array; f: number; alpha: number } | null {
  for (let k = 0; k < 60; k++) {
    const trial = x.map((v, i) => v + alpha * d[i]);
    const f = F(trial);
    if (f <= fx + C1 * alpha * slope) return { x: trial, f, alpha };
    const q = Number.isFinite(f) ? (-slope * alpha * alpha) / (2 * (f - fx - slope * alpha)) : 0;
    alpha = Math.min(0.5 * alpha, Math.max(0.1 * alpha, q));
  }
  return null;
}
