/**
 * The trainable bump layer question: the accepted answer's first experiment, the
 * question's broken threshold layer, the layer's formula and its finite gradients for
 * every input and σ ≥ 0, NonNeg, GaussianBump, and the answer's sweep on a subset of σ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BumpLayer,
  Constant,
  GaussianBump,
  gradcheck,
  GradientTape,
  RandomUniform,
  Sequential,
  sum,
  tensor,
  type Tensor,
} from '../../src/index.js';
import { bump, generateData, learnSigma, QUICK_SIGMAS } from '../../examples/bump-sigma-sweep.js';
import { TrainableBumpLayer } from '../../examples/trainable-bump.js';

/** σ's value and dOutput/dσ of a BumpLayer with fixed σ, summed over x. */
function valueAndDsigma(sigma: number, xs: number[]): { y: number[]; d: number } {
  const layer = new BumpLayer({ sigmaInitializer: new Constant({ value: sigma }) });
  const tape = new GradientTape();
  let y: Tensor | undefined;
  const total = tape.record(() => sum((y = layer.apply(tensor(xs.map((v) => [v]))))));
  const [g] = tape.gradient(total, layer.trainableWeights);
  return { y: Array.from((y as Tensor).data), d: g === null ? NaN : g.item() };
}

describe('BumpLayer', () => {
  it("learns σ = 0.5 in the accepted answer's first experiment (100,000 samples, Adam, MSE, 5 epochs)", () => {
    const { x, y } = generateData(0.5, { n: 100_000, minX: -0.1, maxX: 0.1, seed: 11 });
    const model = new Sequential([new BumpLayer({ inputShape: [1], seed: 12 })]);
    model.compile({ loss: 'mse', optimizer: 'adam' });
    const before = model.layers[0].getWeights()[0].item();
    expect(before).toBeGreaterThanOrEqual(0);
    expect(before).toBeLessThan(0.1); // RandomUniform(0, 0.1), as in the answer
    model.fit(x, y, { epochs: 5, verbose: 0, seed: 13 });
    const after = model.layers[0].getWeights()[0].item();
    expect(Math.abs(after - 0.5)).toBeLessThan(1e-2);
  });

  it("the question's layer (threshold only in `less`): fit warns naming `less`, the threshold does not move", () => {
    const xs = Array.from({ length: 100 }, (_, i) => [-1 + (2 * i) / 99]);
    const ys = xs.map(([v]) => [bump(v, 0.5)]);
    const layer = new TrainableBumpLayer({ inputShape: [1], seed: 5 });
    const model = new Sequential([layer]);
    model.compile({ loss: 'mse', optimizer: 'adam' });
    const before = layer.getWeights()[0].item();
    const warnings: string[] = [];
    model.fit(xs, ys, { epochs: 10, verbose: 0, onWarning: (m) => warnings.push(m) });
    expect(layer.getWeights()[0].item()).toBe(before);
    expect(warnings).toHaveLength(1); // once per variable, not once per step
    expect(warnings[0]).toMatch(
      /gradients do not exist for variable 'trainable_bump_layer(_\d+)?\/threshlevel'/,
    );
    expect(warnings[0]).toMatch(
      /only reaches the target through `less` .*only chooses a branch of `where`/,
    );
  });

  it.each([
    // [σ, x, expected]: the formula, the |x| < σ edge, the x² < σ fix for σ > 1, extremes
    [0.5, 0, Math.exp(-1)],
    [0.5, 0.3, Math.exp(-0.5 / (0.5 - 0.09))],
    [0.5, -0.5, 0], // |x| = σ: outside
    [0.5, 0.7, 0], // x² = 0.49 < σ but |x| > σ: the answer's condition
    [4, 1.9, Math.exp(-4 / (4 - 3.61))],
    [4, 2, 0], // x² = σ: outside (no division by zero)
    [4, 3, 0], // √σ < |x| < σ: the "food for thought" fix, 0 instead of exploding
    [0, 0, 0], // σ = 0: empty support
    [1, Infinity, 0],
    [1, -Infinity, 0],
  ])('σ = %f, x = %f → %f', (sigma, x, expected) => {
    const { y } = valueAndDsigma(sigma, [x]);
    expect(y[0]).toBeCloseTo(expected, 15);
  });

  it('dσ is the closed form Σ f·x²/(σ - x²)² and agrees with central differences', () => {
    const xs = [-0.9, -0.3, 0.05, 0.2, 0.45, 1.3];
    for (const sigma of [0.5, 0.8, 2.5]) {
      const { d } = valueAndDsigma(sigma, xs);
      const exact = xs.reduce((s, x) => {
        const q = sigma - x * x;
        return Math.abs(x) < sigma && x * x < sigma
          ? s + (Math.exp(-sigma / q) * x * x) / (q * q)
          : s;
      }, 0);
      expect(d).toBeCloseTo(exact, 13);
      const layer = new BumpLayer({ sigmaInitializer: new Constant({ value: sigma }) });
      layer.apply([[0]]);
      const check = gradcheck(
        (s) => {
          layer.setWeights([s]);
          return sum(layer.apply(xs.map((v) => [v])));
        },
        [[sigma]],
      );
      expect(Math.abs(check.inputs[0].numeric.item() - exact)).toBeLessThan(
        1e-8 * Math.max(1, Math.abs(exact)),
      );
    }
  });

  it.each([
    // tiny σ: df/dσ = f·r/(σ(1 - r)²) with r = x²/σ, here ≈ e⁻¹·0.81 (the direct
    // σ/(x² - σ) form cancels two terms of size 1/σ here, and is NaN for subnormal σ)
    [1e-200, 0.9e-200, Math.exp(-1 / (1 - 0.81e-200)) * 0.81],
    [1e-300, -0.5e-300, Math.exp(-1) * 0.25],
    [5e-324, 0, 0],
  ])('dσ stays exact for tiny σ = %f (x = %f)', (sigma, x, expected) => {
    const { y, d } = valueAndDsigma(sigma, [x]);
    expect(y[0]).toBeCloseTo(Math.exp(-1), 15);
    expect(d).toBeCloseTo(expected, 12);
  });

  it('property: output and dσ are finite for every input and every σ ≥ 0 (no double-where trick)', () => {
    const xArb = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: -4, max: 4, noNaN: true }),
      fc.constantFrom(0, -0, Infinity, -Infinity),
    );
    const sigmaArb = fc.oneof(
      fc.double({ min: 0, max: 16, noNaN: true }),
      fc.constantFrom(0, 1, 4),
    );
    fc.assert(
      fc.property(sigmaArb, fc.array(xArb, { minLength: 1, maxLength: 8 }), (sigma, xs) => {
        // also hit x² = σ exactly, where the unselected branch divides by zero
        const all = [...xs, Math.sqrt(sigma), -Math.sqrt(sigma), sigma];
        const { y, d } = valueAndDsigma(sigma, all);
        expect(y.every(Number.isFinite)).toBe(true);
        expect(Number.isFinite(d)).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('NonNeg keeps σ ≥ 0 during training that pushes it down', () => {
    // all-zero targets: the loss falls as σ shrinks, so Adam drives σ below 0 without NonNeg
    const xs = Array.from({ length: 256 }, (_, i) => [-0.05 + (0.1 * i) / 255]);
    const ys = xs.map(() => [0]);
    const layer = new BumpLayer({
      inputShape: [1],
      sigmaInitializer: new Constant({ value: 0.06 }),
    });
    const model = new Sequential([layer]);
    model.compile({ loss: 'mse', optimizer: 'adam' });
    let min = Infinity;
    model.fit(xs, ys, {
      epochs: 20,
      verbose: 0,
      seed: 1,
      callbacks: [{ onBatchEnd: () => void (min = Math.min(min, layer.getWeights()[0].item())) }],
    });
    expect(min).toBe(0);
    expect(layer.getWeights()[0].item()).toBe(0);
  });

  it('σ starts in [0, 0.1) and is reproducible from a seed', () => {
    const a = new BumpLayer({ seed: 9 });
    const b = new BumpLayer({ seed: 9 });
    a.apply([[0]]);
    b.apply([[0]]);
    expect(a.getWeights()[0].item()).toBe(b.getWeights()[0].item());
    const init = new RandomUniform({ minval: 0, maxval: 0.1, seed: 1 }).init([1000]);
    expect(Math.min(...init)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...init)).toBeLessThan(0.1);
  });
});

describe('GaussianBump', () => {
  it('computes a·exp(-b(x - c)²) with weights per channel or a single scalar triple', () => {
    const g = new GaussianBump({
      aInitializer: new Constant({ value: 2 }),
      bInitializer: new Constant({ value: 3 }),
      cInitializer: new Constant({ value: 0.5 }),
    });
    const y = g
      .apply([
        [0, 1],
        [0.5, 2],
      ])
      .toArray() as number[][];
    expect(y[0][0]).toBeCloseTo(2 * Math.exp(-0.75), 15);
    expect(y[1][1]).toBeCloseTo(2 * Math.exp(-6.75), 15);
    expect(g.getWeights().map((w) => w.shape)).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    const s = new GaussianBump({ perChannel: false });
    s.apply([[[1, 2, 3]]]);
    expect(s.getWeights().map((w) => w.shape)).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });

  it('is smooth: every weight gets a gradient', () => {
    const g = new GaussianBump();
    const tape = new GradientTape();
    const y = tape.record(() => sum(g.apply([[0.3, -0.2]])));
    expect(
      tape
        .gradient(y, g.trainableWeights)
        .every((t) => t !== null && t.data.every(Number.isFinite)),
    ).toBe(true);
  });
});

describe("the answer's σ sweep (subset; the full sweep is examples/bump-sigma-sweep.ts)", () => {
  it.each(QUICK_SIGMAS)('learns σ = %f within 1e-2 from 100,000 samples in (-1, 1)', (sigma) => {
    const run = learnSigma(sigma);
    expect(Math.abs(run.learned - sigma)).toBeLessThan(1e-2);
  });

  it('the data match the generalized bump (y = 0 outside the support)', () => {
    const { x, y } = generateData(2, { n: 1000, seed: 1 });
    for (let i = 0; i < x.length; i++) expect(y[i]).toBe(bump(x[i], 2));
    expect(y.every((v) => v > 0)).toBe(true); // σ = 2 > 1: every x in (-1, 1) is inside
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
  });
});
