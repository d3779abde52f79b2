/**
 * The Poisson distribution.
 * @module
 */
import {
  add,
  customGradient,
  floor,
  less,
  maximum,
  smul,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { bd0Value, dpoisRaw, stirlerr } from './loader.js';
import { gammainc } from './special.js';
import { constantOp, drawEach, mapValues } from './util.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** log P(k; λ) by Loader's form, for numbers (k ≥ 0 an integer, λ ≥ 0). */
export function poissonLogPmf(k: number, rate: number): number {
  if (k === 0) return -rate;
  if (rate === 0) return -Infinity;
  return -0.5 * (LOG_2PI + Math.log(k)) - stirlerr(k) - bd0Value(k, rate);
}

/**
 * Entropy of Poisson(λ) and its derivative: for λ ≥ 1e4 the asymptotic series
 * ½ log(2πeλ) - 1/(12λ) - 1/(24λ²) - 19/(360λ³) (error < 1e-17 there), else the sum over
 * the mass within ±(12√λ + 20) of λ.
 */
function poissonEntropy(rate: number): [number, number] {
  if (rate === 0) return [0, 0];
  if (rate >= 1e4) {
    const [l, l2, l3] = [rate, rate * rate, rate * rate * rate];
    const h =
      0.5 * Math.log(2 * Math.PI * Math.E * l) - 1 / (12 * l) - 1 / (24 * l2) - 19 / (360 * l3);
    return [h, 1 / (2 * l) + 1 / (12 * l2) + 1 / (12 * l3) + 19 / (120 * l2 * l2)];
  }
  const spread = 12 * Math.sqrt(rate) + 20;
  let h = 0;
  let dh = 0;
  for (let k = Math.max(0, Math.floor(rate - spread)); k <= rate + spread; k++) {
    const lp = poissonLogPmf(k, rate);
    const p = Math.exp(lp);
    h -= p * lp;
    dh -= p * (k / rate - 1) * lp; // Σ p'(k)(-log p - 1), and Σ p' = 0
  }
  return [h, dh];
}

/** dH/dλ as a recorded first-order op (so that a jitted VJP recomputes it). */
const entropyGrad = constantOp('Poisson.entropyGrad', (r) => poissonEntropy(r)[1]);

const entropyOp = customGradient(
  (rate: Tensor) => ({
    value: mapValues([rate], (r) => poissonEntropy(r)[0]),
    grad: (g: Tensor) => smul(g, entropyGrad(rate)),
  }),
  { name: 'Poisson.entropy' },
);

/**
 * The Poisson distribution with the given rate λ on {0, 1, 2, ...}. The log mass uses
 * Loader's saddle-point form `-½ log(2πk) - stirlerr(k) - bd0(k, λ)` (as R's
 * dpois_raw), which keeps ~1e-15 relative accuracy at λ = 1e6 where
 * `k log λ - λ - lgamma(k+1)` loses ~1e-10. Not reparameterized. The entropy has no
 * closed form: it is summed over the mass.
 * @param rate - λ (≥ 0).
 * @example
 * ```ts
 * import { Poisson } from 'pathwise';
 * const d = new Poisson(3);
 * d.logProb([0, 2, 2.5]).toArray(); // [-3, -1.4959226032237258, -Infinity]
 * new Poisson(1e6).logProb(1e6).item(); // -7.826693895520142
 * d.cdf(2).item(); // 0.42319008112684364
 * ```
 */
export class Poisson extends Distribution {
  static override readonly argConstraints = { rate: constraints.nonNegative };

  constructor(rate: TensorLike, options?: DistributionOptions) {
    super({ family: 'Poisson', params: { rate }, options });
  }

  /** The rate λ. */
  get rate(): Tensor {
    return this.params.rate;
  }

  get support() {
    return constraints.nonNegativeInteger;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return drawEach(rng, shape, [this.rate], (r, l) => (l === 0 ? 0 : r.poisson(l)));
  }

  protected _logProb(x: Tensor): Tensor {
    return dpoisRaw(x, this.rate);
  }

  protected override _mean(): Tensor {
    return this.rate;
  }

  protected override _variance(): Tensor {
    return this.rate;
  }

  protected override _mode(): Tensor {
    return floor(this.rate);
  }

  protected override _entropy(): Tensor {
    return entropyOp(this.rate);
  }

  protected override _cdf(x: Tensor): Tensor {
    const k = floor(x);
    return where(less(k, 0), 0, gammainc(add(maximum(k, 0), 1), this.rate, { upper: true }));
  }
}
