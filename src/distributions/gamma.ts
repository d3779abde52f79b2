/**
 * The gamma distribution, reparameterized by implicit gradients.
 * @module
 */
import {
  add,
  broadcastTo,
  digamma,
  div,
  lgamma,
  log,
  maximum,
  mul,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { implicitGamma } from './gamma-grad.js';
import { gammainc, gammaincinv } from './special.js';
import { gammaLogDensity } from './loader.js';

export { gammaLogDensity };
import { drawEach } from './util.js';

const TINY = 2.2250738585072014e-308;

/**
 * Standard gamma draws Gamma(α, 1) of the given shape with implicit reparameterization
 * gradients in α; draws that underflow are raised to the smallest normal double.
 */
export function standardGamma(alpha: Tensor, shape: number[], rng: Rng): Tensor {
  const z = drawEach(rng, shape, [alpha], (r, a) => Math.max(r.gamma(a, 1), TINY));
  return implicitGamma(broadcastTo(alpha, shape), z);
}

/**
 * The gamma distribution with shape `concentration` α and `rate` β:
 * density `β^α x^(α-1) e^(-βx) / Γ(α)` on [0, ∞); at x = 0 the density's limit, as
 * scipy (`Gamma(1, 2).logProb(0)` is log 2, as for Exponential(2); `Gamma(½, 1)` gives
 * +Infinity, shapes above 1 give -Infinity, all with gradient 0 where infinite).
 *
 * Reparameterized through implicit reparameterization gradients (Figurnov et al.
 * 2018, as TFP and torch do): a draw z from @stdlib's gamma sampler is differentiated as
 * the quantile of a fixed uniform, `dz/dα = -(∂F(z; α)/∂α) / q(z; α)`, with ∂F/∂α from
 * series / continued-fraction derivatives of the incomplete gamma function; the rate
 * enters as `z / β`. (The implicit gradient is first order: no second derivatives
 * through a sample.)
 * @param concentration - the shape α (> 0).
 * @param rate - the rate β (> 0).
 * @example
 * ```ts
 * import { Gamma, grad, mean, rng, type Tensor } from 'pathwise';
 * const d = new Gamma(2, 3);
 * d.logProb(1).item(); // -0.8027754226637804
 * d.mean.item(); // 0.6666666666666666
 * d.cdf(1).item(); // 0.8008517265285442
 * // d E[x]/dα = 1/β, estimated through the implicit reparameterization gradient
 * const g = grad((a: Tensor) => mean(new Gamma(a, 3).sample([4000], rng(0))))(2).item();
 * Math.abs(g - 1 / 3) < 0.02; // true
 * ```
 */
export class Gamma extends Distribution {
  static override readonly argConstraints = {
    concentration: constraints.positive,
    rate: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(concentration: TensorLike, rate: TensorLike, options?: DistributionOptions) {
    super({ family: 'Gamma', params: { concentration, rate }, options });
  }

  /** The shape α. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  /** The rate β. */
  get rate(): Tensor {
    return this.params.rate;
  }

  /** [0, ∞): the density at 0 is its limit (+∞, the rate, or 0 as α <, =, > 1). */
  get support() {
    return constraints.nonNegative;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return div(standardGamma(this.concentration, shape, rng), this.rate);
  }

  protected _logProb(x: Tensor): Tensor {
    return gammaLogDensity(this.concentration, this.rate, x);
  }

  protected override _mean(): Tensor {
    return div(this.concentration, this.rate);
  }

  protected override _variance(): Tensor {
    return div(this.concentration, square(this.rate));
  }

  protected override _mode(): Tensor {
    return maximum(div(sub(this.concentration, 1), this.rate), 0);
  }

  protected override _entropy(): Tensor {
    const a = this.concentration;
    return add(sub(add(a, lgamma(a)), log(this.rate)), mul(sub(1, a), digamma(a)));
  }

  protected override _cdf(x: Tensor): Tensor {
    return gammainc(this.concentration, mul(this.rate, maximum(x, 0)));
  }

  protected override _icdf(p: Tensor): Tensor {
    return div(gammaincinv(this.concentration, p), this.rate);
  }
}
