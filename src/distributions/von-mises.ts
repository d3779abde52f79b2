/**
 * The von Mises distribution on the circle, reparameterized by implicit gradients.
 * @module
 */
import {
  add,
  broadcastTo,
  customGradient,
  div,
  full,
  mul,
  neg,
  sdiv,
  sin,
  smul,
  square,
  sub,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { besselRatioComplement, besselRatioSlope, i0e } from './bessel.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { centredCdfGradKappa, centredSampleGrad, extendedCdf, turns } from './von-mises-cdf.js';
import { broadcastAll, constantOp, drawEach, mapValues } from './util.js';

const LOG_2PI = 1.8378770664093453;
const TWO_PI = 2 * Math.PI;

/** A'(κ), the slope of A = I1/I0, as a recorded first-order op. */
const ratioSlope = constantOp('besselRatioSlope', besselRatioSlope);

/** C(κ) = 1 - I1(κ)/I0(κ); dC/dκ = -A'(κ). */
const ratioComplement: (k: Tensor) => Tensor = customGradient(
  (k: Tensor) => ({
    value: mapValues([k], besselRatioComplement),
    grad: (g: Tensor) => neg(smul(g, ratioSlope(k))),
  }),
  { name: 'besselRatioComplement' },
);

/** log i0e(κ) = log I0(κ) - κ; its derivative A - 1 = -C(κ) (differentiable twice). */
const logI0e: (k: Tensor) => Tensor = customGradient(
  (k: Tensor) => ({
    value: mapValues([k], (v) => Math.log(i0e(v))),
    grad: (g: Tensor) => neg(smul(g, ratioComplement(k))),
  }),
  { name: 'logI0e' },
);

/**
 * One centred draw in [-π, π] by the rejection sampler of Best & Fisher (1979), as torch
 * and TFP, in a form that keeps its digits at any κ: with the proposal's r - 1 and
 * δ = 1 - f = (r - 1)(1 - cos πu)/(r + cos πu) computed without cancellation, |v| = acos f
 * is taken as 2 asin √(δ/2).
 */
function bestFisher(r: Rng, kappa: number): number {
  const s = Math.sqrt(1 + 4 * kappa * kappa);
  const tau = 1 + s;
  const rho = (2 * kappa * tau) / ((s + 1) * (tau + Math.sqrt(2 * tau)));
  const oneMinusRho =
    rho < 0.5 ? 1 - rho : (Math.sqrt(2 * tau) - 1 - 1 / (s + 2 * kappa)) / (2 * kappa);
  const rm1 = (oneMinusRho * oneMinusRho) / (2 * rho); // r - 1, r = (1 + ρ²)/(2ρ)
  for (;;) {
    const half = (Math.PI * r.uniform()) / 2;
    const oneMinusZ = 2 * Math.sin(half) ** 2;
    const onePlusZ = 2 * Math.cos(half) ** 2;
    const delta = (rm1 * oneMinusZ) / (rm1 + onePlusZ);
    const c = kappa * (rm1 + delta);
    const u2 = r.uniform();
    const sign = r.uniform() < 0.5 ? -1 : 1;
    if (c * (2 - c) > u2 || Math.log(c / u2) + 1 - c >= 0)
      return sign * 2 * Math.asin(Math.min(1, Math.sqrt(delta / 2)));
  }
}

/** The centred draws v with the implicit gradient dv/dκ = -(∂G/∂κ)(v)/p(v) as their VJP. */
function implicitVonMises(kappa: Tensor, v: Tensor): Tensor {
  const op = customGradient(
    () => ({
      value: v,
      grad: (g: Tensor) => mul(g, mapValues([kappa, v], centredSampleGrad)),
    }),
    { name: 'VonMises.sample' },
  );
  return op(kappa);
}

/** t - 2πm with the integer m (a constant) that puts it in [-π, π): gradient 1. */
function wrapAngle(t: Tensor): Tensor {
  const shift = mapValues([t], (v) => {
    let m = Math.floor((v + Math.PI) / TWO_PI);
    const w = v - m * TWO_PI;
    if (w >= Math.PI) m += 1;
    else if (w < -Math.PI) m -= 1;
    return m * TWO_PI;
  });
  return sub(t, shift);
}

const density = (kappa: number, v: number): number =>
  Math.exp(-2 * kappa * Math.sin(v / 2) ** 2) / (TWO_PI * i0e(kappa));

/** F(x) = G(x - loc) - G(-π - loc) with G the centred CDF extended to ℝ (+1 a turn). */
function cdfValue(x: number, loc: number, kappa: number): number {
  if (!(x >= -Math.PI)) return x < -Math.PI ? 0 : NaN;
  if (x > Math.PI) return 1;
  const f = extendedCdf(kappa, x - loc) - extendedCdf(kappa, -Math.PI - loc);
  return Math.min(1, Math.max(0, f));
}

/** ∂F/∂κ: the difference of ∂G/∂κ at the two reduced angles (0 outside [-π, π]). */
function cdfGradKappa(x: number, loc: number, kappa: number): number {
  if (!(x >= -Math.PI && x <= Math.PI)) return 0;
  const at = (t: number): number => centredCdfGradKappa(kappa, turns(t).r);
  return at(x - loc) - at(-Math.PI - loc);
}

const cdfDk = constantOp('VonMises.cdfGradKappa', cdfGradKappa);
const pdfAt = constantOp('VonMises.density', (x, loc, kappa) =>
  x >= -Math.PI && x <= Math.PI ? density(kappa, x - loc) : 0,
);

/** The CDF as one op: ∂F/∂x = p(x), ∂F/∂loc = p(-π) - p(x), ∂F/∂κ from the series (first order). */
const cdfOp: (x: Tensor, loc: Tensor, kappa: Tensor) => Tensor = customGradient(
  (x: Tensor, loc: Tensor, kappa: Tensor) => ({
    value: mapValues([x, loc, kappa], cdfValue),
    grad: (g: Tensor) => {
      const px = pdfAt(x, loc, kappa);
      const edge = pdfAt(full(x.shape, -Math.PI), loc, kappa);
      return [smul(g, px), smul(g, sub(edge, px)), smul(g, cdfDk(x, loc, kappa))];
    },
  }),
  { name: 'VonMises.cdf' },
);

/**
 * x in [-π, π] with F(x) = p: Newton steps on F, kept inside a bisection bracket (so it
 * converges wherever the density underflows), to |Δx| ≤ 4e-16·max(1, |x|).
 */
function icdfValue(p: number, loc: number, kappa: number): number {
  if (!(p > 0)) return p === 0 ? -Math.PI : NaN;
  if (p >= 1) return Math.PI;
  let lo = -Math.PI;
  let hi = Math.PI;
  let x = 0;
  for (let i = 0; i < 200; i++) {
    const f = cdfValue(x, loc, kappa) - p;
    if (f < 0) lo = x;
    else hi = x;
    const dens = density(kappa, x - loc);
    let next = x - f / dens;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const done = Math.abs(next - x) <= 4e-16 * Math.max(1, Math.abs(x)) || hi - lo <= 1e-15;
    x = next;
    if (done) break;
  }
  return x;
}

/** The quantile as an op: dx/dp = 1/p(x), dx/dloc = 1 - p(-π)/p(x), dx/dκ = -(∂F/∂κ)/p(x). */
const icdfOp: (p: Tensor, loc: Tensor, kappa: Tensor) => Tensor = customGradient(
  (p: Tensor, loc: Tensor, kappa: Tensor) => ({
    value: mapValues([p, loc, kappa], icdfValue),
    grad: (g: Tensor) => {
      const x = icdfOp(p, loc, kappa);
      const px = pdfAt(x, loc, kappa);
      const edge = pdfAt(full(x.shape, -Math.PI), loc, kappa);
      return [
        sdiv(g, px),
        smul(g, sub(1, div(edge, px))),
        neg(sdiv(smul(g, cdfDk(x, loc, kappa)), px)),
      ];
    },
  }),
  { name: 'VonMises.icdf' },
);

/**
 * The von Mises distribution on the circle with mean direction `loc` μ and concentration
 * κ: density `e^(κ cos(x - μ)) / (2π I0(κ))` on [-π, π] (NumPyro's `constraints.circular`),
 * computed as `κ(cos(x - μ) - 1) - log(2π i0e(κ))` with the exponentially scaled Bessel
 * function i0e, so it is accurate from κ = 1e-8 to 1e8; -Infinity outside [-π, π].
 * The mean and mode are μ (the circular mean), `variance` is the circular variance
 * 1 - I1(κ)/I0(κ) (as torch), the entropy `κ(1 - I1/I0) + log(2π i0e(κ))`; the CDF is
 * that of the angle on [-π, π] (0 below, 1 above), a Fourier series below κ = 30 and an
 * asymptotic incomplete-gamma series above (agreeing with 30-digit quadrature to 1e-15);
 * `icdf` inverts it by bracketed Newton steps.
 *
 * Draws come from the Best–Fisher rejection sampler (as torch and TFP), wrapped to
 * [-π, π): x = wrap(μ + v), so dx/dμ = 1; dv/dκ is the implicit reparameterization
 * gradient `-(∂G/∂κ)(v)/p(v)` of the centred draw v (G its CDF, first order).
 * @param loc - the mean direction μ (finite; any real, not only [-π, π]).
 * @param concentration - κ (> 0).
 * @throws {@link ArgumentError} for a non-finite loc or a concentration that is not positive.
 * @example
 * ```ts
 * import { VonMises, grad, mean, cos, rng, type Tensor } from 'pathwise';
 * const d = new VonMises(0.5, 2);
 * d.logProb(0.5).item(); // -0.6618706078923016
 * d.variance.item(); // 0.30222534203599183 (1 - I1(2)/I0(2))
 * d.cdf(0.5).item(); // 0.5051436107893522 (the mass in [-π, 0.5])
 * d.icdf(0.5051436107893522).item(); // ≈ 0.5
 * // d E[cos(x - μ)]/dκ = A'(κ), through the implicit reparameterization gradient
 * const g = grad((k: Tensor) => mean(cos(new VonMises(0, k).sample([4000], rng(0)))))(2).item();
 * Math.abs(g - 0.16422) < 0.02; // true
 * ```
 */
export class VonMises extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.real,
    concentration: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(loc: TensorLike, concentration: TensorLike, options?: DistributionOptions) {
    super({ family: 'VonMises', params: { loc, concentration }, options });
  }

  /** The mean direction μ. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** The concentration κ. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  /** The angles [-π, π]. */
  get support() {
    return constraints.circular;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const v = drawEach(rng, shape, [this.concentration], bestFisher);
    const centred = implicitVonMises(broadcastTo(this.concentration, shape), v);
    return wrapAngle(add(this.loc, centred));
  }

  protected _logProb(x: Tensor): Tensor {
    const half = square(sin(mul(sub(x, this.loc), 0.5)));
    return sub(mul(mul(this.concentration, -2), half), add(logI0e(this.concentration), LOG_2PI));
  }

  protected override _mean(): Tensor {
    return broadcastAll([this.loc, this.concentration])[0];
  }

  protected override _mode(): Tensor {
    return this._mean();
  }

  protected override _variance(): Tensor {
    return ratioComplement(broadcastAll([this.concentration, this.loc])[0]);
  }

  protected override _entropy(): Tensor {
    const k = this.concentration;
    return add(mul(k, ratioComplement(k)), add(logI0e(k), LOG_2PI));
  }

  protected override _cdf(x: Tensor): Tensor {
    const [tx, loc, k] = broadcastAll([x, this.loc, this.concentration]);
    return cdfOp(tx, loc, k);
  }

  protected override _icdf(p: Tensor): Tensor {
    const [tp, loc, k] = broadcastAll([p, this.loc, this.concentration]);
    return icdfOp(tp, loc, k);
  }
}
