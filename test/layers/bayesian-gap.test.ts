import { describe, expect, it } from 'vitest';
import { gapExperiment, meanSd } from '../../examples/lib/gap.js';

describe('examples/bayesian-regression-gap: a Bayesian net knows where it has no data', () => {
  it('the predictive sd in the gap and outside the data is ≥ 2× the sd inside', () => {
    const { grid, predictive, losses } = gapExperiment({ samples: 100 });
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const inside = meanSd(grid, predictive, (x) => Math.abs(x) >= 2.2 && Math.abs(x) <= 4.8);
    const gap = meanSd(grid, predictive, (x) => Math.abs(x) < 1);
    const outside = meanSd(grid, predictive, (x) => Math.abs(x) > 7);
    console.log(
      `gap example: sd inside ${inside.toFixed(3)}, gap ${(gap / inside).toFixed(2)}×, outside ${(outside / inside).toFixed(2)}×`,
    );
    expect(inside).toBeLessThan(0.2); // the noise sd is 0.1
    expect(gap / inside).toBeGreaterThanOrEqual(2);
    expect(outside / inside).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
