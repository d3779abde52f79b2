/**
 * The browser page's script (bundled by build.ts): imports pathwise from its sources,
 * learns σ of the seed's bump function by gradient descent, and prints the result into
 * the page (`#result`, with the value in `data-sigma` for the test to read).
 */
import { Adam, BumpLayer, Sequential, tensor } from '../../src/index.js';

const TRUE_SIGMA = 0.5;
const EPOCHS = 10;

const log = document.getElementById('log') as HTMLElement;
const result = document.getElementById('result') as HTMLElement;
const print = (line: string): void => {
  log.textContent += `${line}\n`;
};

/** The answer's sweep data: y = exp(-σ/(σ - x²)) where |x| < σ and x² < σ, else 0, x in (-1, 1). */
function data(n: number): { x: number[]; y: number[] } {
  const x = Array.from({ length: n }, (_, i) => -1 + (2 * (i + 0.5)) / n);
  const y = x.map((v) =>
    Math.abs(v) < TRUE_SIGMA && v * v < TRUE_SIGMA
      ? Math.exp(-TRUE_SIGMA / (TRUE_SIGMA - v * v))
      : 0,
  );
  return { x, y };
}

/** Trains the BumpLayer with Sequential.fit (Adam, MSE, batch 32); returns the learned σ. */
function fitBumpLayer(n: number): { sigma: number; steps: number } {
  const { x, y } = data(n);
  const model = new Sequential([new BumpLayer({ inputShape: [1], seed: 1 })]);
  model.compile({ loss: 'mse', optimizer: new Adam({ learningRate: 0.01 }) });
  const history = model.fit(tensor(x, [n, 1]), tensor(y, [n, 1]), {
    epochs: EPOCHS,
    batchSize: 32,
    verbose: 0,
    seed: 1,
  });
  history.history.loss.forEach((loss, epoch) =>
    print(`epoch ${epoch + 1}: loss ${loss.toExponential(3)}`),
  );
  return { sigma: model.getWeights()[0].item(), steps: EPOCHS * Math.ceil(n / 32) };
}

try {
  const start = performance.now();
  const { sigma, steps } = fitBumpLayer(1000);
  const ms = performance.now() - start;
  result.textContent = `BumpLayer.fit: learned σ = ${sigma.toFixed(6)} (true σ = ${TRUE_SIGMA}) in ${steps} Adam steps, ${ms.toFixed(0)} ms`;
  result.dataset.sigma = String(sigma);
  result.dataset.status = 'done';
} catch (e) {
  result.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
  result.dataset.status = 'error';
  throw e;
}
