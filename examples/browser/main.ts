/**
 * The browser page's script (bundled by build.ts): imports pathwise from its sources,
 * learns σ of the seed's bump function by gradient descent, and prints the result into
 * the page (`#result`, with the value in `data-sigma` for the test to read).
 */
import {
  abs,
  div,
  exp,
  grad,
  less,
  linspace,
  mean,
  neg,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';

const TRUE_SIGMA = 0.5;
const STEPS = 300;

const log = document.getElementById('log') as HTMLElement;
const result = document.getElementById('result') as HTMLElement;
const print = (line: string): void => {
  log.textContent += `${line}\n`;
};

/** b(x; σ) = exp(-σ / (σ - x²)) where |x| < σ, else 0: the seed's layer, one `where`. */
const bump = (x: TensorLike, sigma: TensorLike): Tensor =>
  where(less(abs(x), sigma), exp(neg(div(sigma, sub(sigma, square(x))))), 0);

/** Fits σ with `grad` and plain gradient descent; returns the learned σ. */
function fitWithGrad(x: Tensor, y: Tensor): number {
  const loss = (s: Tensor): Tensor => mean(square(sub(bump(x, s), y)));
  const learningRate = 3;
  let sigma = 0.1;
  for (let step = 0; step <= STEPS; step++) {
    if (step % 50 === 0) print(`step ${step}: σ = ${sigma.toFixed(6)}`);
    if (step < STEPS) sigma -= learningRate * grad(loss)(sigma).item();
  }
  return sigma;
}

// ─── TODO(issue 3): once src/layers lands, train the BumpLayer instead ────────────────
// Replace `fitWithGrad(x, y)` below with the layer API, e.g.:
//   const layer = new BumpLayer({ ... });
//   layer.fit(x, y, { epochs: STEPS, optimizer: ... });
//   const sigma = layer.sigma.item();
// and keep printing the result the same way (the browser test reads #result[data-sigma]).
// ──────────────────────────────────────────────────────────────────────────────────────

try {
  const start = performance.now();
  const x = linspace(-1, 1, 201);
  const y = bump(x, TRUE_SIGMA);
  const sigma = fitWithGrad(x, y);
  const ms = performance.now() - start;
  result.textContent = `learned σ = ${sigma.toFixed(6)} (true σ = ${TRUE_SIGMA}) in ${STEPS} steps, ${ms.toFixed(0)} ms`;
  result.dataset.sigma = String(sigma);
  result.dataset.status = 'done';
} catch (e) {
  result.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
  result.dataset.status = 'error';
  throw e;
}
