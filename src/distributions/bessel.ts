/**
 * Exponentially scaled modified Bessel functions of the first kind, i0e(x) = e^(-|x|) I0(x)
 * and i1e(x) = e^(-|x|) I1(x) (scipy.special's i0e / i1e), and the ratio A(κ) = I1(κ)/I0(κ)
 * of the von Mises distribution with its complement and slope, all in plain float64.
 *
 * i0e and i1e are Chebyshev expansions on the split of Cephes (x ≤ 8 in t = x/4 - 1, of
 * e^(-x) I0(x) and e^(-x) I1(x)/x; x > 8 in t = 16/x - 1, of √x e^(-x) I0(x) and
 * √x e^(-x) I1(x)), with coefficients computed afresh by scripts/bessel-chebyshev.py
 * (mpmath, 60 digits) and summed by Clenshaw's recurrence.
 *
 * From κ = 30 on, 1 - A and 1 - A - 1/(2κ) come from the asymptotic expansions
 * I_ν(κ) ~ e^κ/√(2πκ) Σₖ (-1)ᵏ aₖ(ν)/κᵏ, aₖ(ν) = Πⱼ₌₁ᵏ (4ν² - (2j-1)²)/(k! 8ᵏ), with the
 * two series differenced coefficient by coefficient, so neither loses the digits that
 * 1 - i1e/i0e loses (about log₁₀(2κ) of them); the smallest term is below e^(-2κ).
 * @module
 */

const I0E_LOW = [
  0.33839763720473803, -0.3046826723431984, 0.17162090152220877, -0.09490109704804764,
  0.04930528423967071, -0.02373741480589947, 0.010546460394594998, -0.004324309995050576,
  0.0016394756169413357, -0.0005763755745385824, 0.00018850288509584165, -5.754195010082104e-5,
  1.6448448070728896e-5, -4.4167383584587505e-6, 1.1173875391201037e-6, -2.670793853940612e-7,
  6.046995022541919e-8, -1.300025009986248e-8, 2.6598237246823866e-9, -5.189795601635263e-10,
  9.675809035373237e-11, -1.726826291441556e-11, 2.95505266312964e-12, -4.856446783111929e-13,
  7.676185498604936e-14, -1.1685332877993451e-14, 1.715391285555133e-15, -2.431279846547955e-16,
  3.3307945188222384e-17, -4.4153416464793395e-18, 5.669178006921496e-19, -7.057100692457294e-20,
];
const I1E_LOW = [
  0.12629359322181682, -0.17641651835783406, 0.1026436586898471, -0.05294598120809499,
  0.024726449030626516, -0.010564084894626197, 0.004156422944312888, -0.0015135724506312532,
  0.0005122859561685758, -0.00016176081582589674, 4.781565107550054e-5, -1.3273163656039436e-5,
  3.4702513081376785e-6, -8.568720264695455e-7, 2.0032947535521353e-7, -4.445059128796328e-8,
  9.381537386495773e-9, -1.8872497517228294e-9, 3.625590281552117e-10, -6.663489723502027e-11,
  1.1736186298890901e-11, -1.9839743977649436e-12, 3.223793365945575e-13, -5.042185504727912e-14,
  7.600684294735408e-15, -1.1055969477353862e-15, 1.5536319577362005e-16, -2.111421214358166e-17,
  2.7779141127610464e-18, -3.541581772542136e-19, 4.379302756655071e-20, -5.256729982574641e-21,
];
const I0E_HIGH = [
  0.4022452055070544, 0.0033691164782556943, 6.889758346916825e-5, 2.8913705208347567e-6,
  2.0489185894690638e-7, 2.266668990498178e-8, 3.3962320257083865e-9, 4.94060238822497e-10,
  1.1889147107846439e-11, -3.1499165279632416e-11, -1.3215811840447713e-11, -1.7941785315068062e-12,
  7.180124451383666e-13, 3.8527783827421426e-13, 1.54008621752141e-14, -4.150569347287222e-14,
  -9.554846698828307e-15, 3.8116806693526224e-15, 1.7725601330565263e-15, -3.425485619677219e-16,
  -2.8276239805165836e-16, 3.461222867697461e-17, 4.46562142029676e-17, -4.830504485944182e-18,
  -7.233180487874754e-18, 9.921475412173699e-19, 1.193650890845982e-18, -2.4887098371508075e-19,
  -1.938426454160906e-19, 6.444656697373444e-20,
];
const I1E_HIGH = [
  0.38928811750914005, -0.009761097491361469, -0.00011058893876262371, -3.882564808877691e-6,
  -2.512236237870209e-7, -2.6314688468895196e-8, -3.835380385964237e-9, -5.589743462196584e-10,
  -1.8974958123505413e-11, 3.2526035830154884e-11, 1.4125807436613782e-11, 2.0356285441470896e-12,
  -7.198551776245908e-13, -4.0835511110921974e-13, -2.1015418427726643e-14, 4.272440016711951e-14,
  1.0420276984128802e-14, -3.8144030724370075e-15, -1.8803547755107825e-15, 3.3082023109209285e-16,
  2.96262899764595e-16, -3.209525921993424e-17, -4.6503053684893586e-17, 4.414348323071708e-18,
  7.517296310842105e-18, -9.314178867326884e-19, -1.242193275194891e-18, 2.4142767194548486e-19,
  2.0269443840532852e-19, -6.394267188269098e-20,
];

/** Σ cₖ Tₖ(t) by Clenshaw's recurrence. */
function chebyshev(cs: readonly number[], t: number): number {
  let b1 = 0;
  let b2 = 0;
  const t2 = 2 * t;
  for (let k = cs.length - 1; k >= 1; k--) {
    const b = t2 * b1 - b2 + cs[k];
    b2 = b1;
    b1 = b;
  }
  return t * b1 - b2 + cs[0];
}

/**
 * e^(-|x|) I0(x), the exponentially scaled modified Bessel function of order 0 (even;
 * 1 at 0, ~1/√(2π|x|) for large |x|; NaN at NaN).
 */
export function i0e(x: number): number {
  const a = Math.abs(x);
  if (a <= 8) return chebyshev(I0E_LOW, a / 4 - 1);
  return chebyshev(I0E_HIGH, 16 / a - 1) / Math.sqrt(a);
}

/** e^(-|x|) I1(x)/x for x ≠ 0, its limit ½ at 0 (even). */
export function i1eOverX(x: number): number {
  const a = Math.abs(x);
  if (a <= 8) return chebyshev(I1E_LOW, a / 4 - 1);
  return chebyshev(I1E_HIGH, 16 / a - 1) / (a * Math.sqrt(a));
}

/**
 * e^(-|x|) I1(x), the exponentially scaled modified Bessel function of order 1 (odd;
 * ~x/2 near 0, ~sign(x)/√(2π|x|) for large |x|).
 */
export function i1e(x: number): number {
  const a = Math.abs(x);
  if (a <= 8) return x * chebyshev(I1E_LOW, a / 4 - 1);
  return (Math.sign(x) * chebyshev(I1E_HIGH, 16 / a - 1)) / Math.sqrt(a);
}

/** From here on 1 - A and its relatives come from the asymptotic expansions. */
export const ASYMPTOTIC_KAPPA = 30;

/**
 * Large-κ sums: S₀ = √(2πκ) i0e(κ), the difference √(2πκ)(i0e - i1e) and
 * √(2πκ)(i0e - i1e - i0e/(2κ)), each from the asymptotic series term by term.
 */
function asymptoticSums(kappa: number): { s0: number; diff: number; excess: number } {
  let a0 = 1; // aₖ(0)
  let a1 = 1; // aₖ(1)
  let s0 = 1;
  let diff = 0;
  let excess = 0;
  let scale = 1; // (-1)ᵏ / κᵏ
  for (let k = 1; k < 2 * kappa; k++) {
    const prev0 = a0;
    const odd = (2 * k - 1) ** 2;
    a0 *= -odd / (8 * k);
    a1 *= (4 - odd) / (8 * k);
    scale /= -kappa;
    const t0 = scale * a0;
    s0 += t0;
    diff += scale * (a0 - a1);
    excess += scale * (a0 - a1 + prev0 / 2);
    if (Math.abs(t0) < 1e-18 && Math.abs(scale * (a0 - a1)) < 1e-18 * Math.abs(diff)) break;
  }
  return { s0, diff, excess };
}

/**
 * 1 - A(κ) = 1 - I1(κ)/I0(κ) for κ ≥ 0 (the circular variance of VonMises(·, κ)):
 * 1 - i1e/i0e below {@link ASYMPTOTIC_KAPPA}, the differenced asymptotic series above.
 */
export function besselRatioComplement(kappa: number): number {
  if (kappa < ASYMPTOTIC_KAPPA) return 1 - i1e(kappa) / i0e(kappa);
  const { s0, diff } = asymptoticSums(kappa);
  return diff / s0;
}

/**
 * 1 - A(κ) - 1/(2κ) ≈ 1/(8κ²) for κ ≥ {@link ASYMPTOTIC_KAPPA}, from the asymptotic
 * series (no cancellation); below, from {@link besselRatioComplement}.
 */
export function besselRatioExcess(kappa: number): number {
  if (kappa < ASYMPTOTIC_KAPPA) return besselRatioComplement(kappa) - 1 / (2 * kappa);
  const { s0, excess } = asymptoticSums(kappa);
  return excess / s0;
}

/**
 * A'(κ) = 1 - A/κ - A², the derivative of A = I1/I0 (½ at 0, ~1/(2κ²) for large κ):
 * for large κ as 2D - C² + C/κ with C = 1 - A and D = C - 1/(2κ), which do not cancel.
 */
export function besselRatioSlope(kappa: number): number {
  if (kappa < ASYMPTOTIC_KAPPA) {
    const a = i1e(kappa) / i0e(kappa);
    return 1 - i1eOverX(kappa) / i0e(kappa) - a * a;
  }
  const c = besselRatioComplement(kappa);
  return 2 * besselRatioExcess(kappa) - c * c + c / kappa;
}
