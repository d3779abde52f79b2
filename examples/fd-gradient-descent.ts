/**
 * The seed's finite-difference question ("The initial Gradient in Gradient Descent is
 * abysmal and wrong"): inputs θ of a black-box solver are tuned so its output reaches a
 * target, by gradient descent on central differences. The user differenced every θᵢ
 * with the same h = 0.1 although θ₀ ≈ 1000 and the others ≈ 1, and needed a
 * learning rate of 10⁷ because the gradient in θ₀ is tiny (≈ 2e-6).
 *
 * Here the black box is a small finite-element model (four bars in series, stiffness
 * θ₀·θᵢ/L, assembled and solved by Gaussian elimination; it fails with NaN when a
 * stiffness is not positive), starting at the question's output -0.0703. The user's
 * loop is run as written, then `minimizeFD`: per-coordinate relative steps, BFGS and an
 * Armijo line search, no learning rate.
 *
 *   npx tsx examples/fd-gradient-descent.ts
 */
import { fileURLToPath } from 'node:url';
import { minimizeFD } from '../src/index.js';

const LOAD = -10;
const LENGTH = 1.757725; // so that FEA([1000, 1, 1, 1, 1]) = -0.070309, the question's start
export const TARGET = -0.1;
export const THETA0 = [1000, 1, 1, 1, 1];

/**
 * Tip displacement of four bars in series (Young's modulus θ₀, areas θ₁..θ₄) under a
 * tip load: assemble the 4×4 stiffness matrix, solve K·u = f. NaN if a bar has no
 * positive stiffness (the "solver fails").
 */
export function fea(theta: ArrayLike<number>): number {
  const n = 4;
  const k = Array.from({ length: n }, (_, i) => (theta[0] * theta[i + 1]) / LENGTH);
  if (k.some((v) => !(v > 0))) return NaN;
  const K = Array.from({ length: n }, () => new Float64Array(n));
  for (let e = 0; e < n; e++) {
    // bar e joins node e (node 0 is the clamped wall, not a DOF) to node e + 1
    K[e][e] += k[e];
    if (e > 0) {
      K[e - 1][e - 1] += k[e];
      K[e - 1][e] -= k[e];
      K[e][e - 1] -= k[e];
    }
  }
  const f = new Float64Array(n);
  f[n - 1] = LOAD;
  for (let i = 0; i < n; i++) {
    for (let r = i + 1; r < n; r++) {
      const m = K[r][i] / K[i][i];
      for (let c = i; c < n; c++) K[r][c] -= m * K[i][c];
      f[r] -= m * f[i];
    }
  }
  const u = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = f[i];
    for (let c = i + 1; c < n; c++) s -= K[i][c] * u[c];
    u[i] = s / K[i][i];
  }
  return u[n - 1];
}

/** The question's loss: (FEA(θ) - target)² / 2. */
export function loss(theta: ArrayLike<number>): number {
  return (fea(theta) - TARGET) ** 2 / 2;
}

/** The question's GD: the same h for every θᵢ, a fixed learning rate, |ΔLF| ≤ tol to stop. */
export function userGradientDescent(options: { h: number; alpha: number; maxIter: number }): {
  theta: number[];
  iterations: number;
  firstGradient: number[];
  stop: string;
} {
  const { h, alpha, maxIter } = options;
  let theta = [...THETA0];
  let first: number[] = [];
  for (let n = 0; n < maxIter; n++) {
    const grad = theta.map((_, i) => {
      const p = [...theta];
      const m = [...theta];
      p[i] += h;
      m[i] -= h;
      return (loss(p) - loss(m)) / (2 * h);
    });
    if (n === 0) first = grad;
    const next = theta.map((t, i) => t - alpha * grad[i]);
    const change = Math.abs(loss(next) - loss(theta));
    if (!Number.isFinite(loss(next)))
      return {
        theta: next,
        iterations: n + 1,
        firstGradient: first,
        stop: 'the solver failed (NaN)',
      };
    theta = next;
    if (change <= 1e-6)
      return { theta, iterations: n + 1, firstGradient: first, stop: '|ΔLF| <= 1e-6' };
  }
  return { theta, iterations: maxIter, firstGradient: first, stop: 'reached max iterations' };
}

function show(theta: ArrayLike<number>): string {
  return `[${Array.from(theta, (v) => Number(v.toPrecision(6))).join(', ')}]`;
}

function main(): void {
  console.log(`FEA(θ₀ = ${show(THETA0)}) = ${fea(THETA0).toFixed(6)}, target ${TARGET}`);

  console.log(
    '\n1. The question: h = 0.1 for every θᵢ, learning rate 1e7, stop when |ΔLF| <= 1e-6',
  );
  const user = userGradientDescent({ h: 0.1, alpha: 1e7, maxIter: 1000 });
  console.log(
    `   first gradient ${show(user.firstGradient)} (∂LF/∂θ₀ is tiny: θ₀ is 1000 times larger)`,
  );
  console.log(
    `   stopped after ${user.iterations} iteration(s) (${user.stop}) at θ = ${show(user.theta)}`,
  );
  console.log(`   FEA(θ) = ${fea(user.theta)}`);

  console.log('\n2. minimizeFD: relative steps h = 6e-6·max(1, |θᵢ|), BFGS, Armijo backtracking');
  const r = minimizeFD(loss, THETA0);
  console.log(
    `   ${r.reason} after ${r.iterations} iterations, ${r.evaluations} evaluations of the solver`,
  );
  console.log(`   θ = ${show(r.x)}, FEA(θ) = ${fea(r.x).toFixed(9)}, LF = ${r.f.toExponential(2)}`);

  console.log(
    '\n3. The same without BFGS (steepest descent + line search): still no learning rate to tune',
  );
  const g = minimizeFD(loss, THETA0, { method: 'gradientDescent', maxIter: 5000 });
  console.log(`   ${g.reason} after ${g.iterations} iterations, FEA(θ) = ${fea(g.x).toFixed(9)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
