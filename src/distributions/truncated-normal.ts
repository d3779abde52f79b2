/**
 * The normal distribution truncated to an interval, stable far out in the tails.
 * @module
 */
import {
  abs,
  add,
  div,
  exp,
  greaterEqual,
  less,
  lessEqual,
  log,
  log1p,
  logicalAnd,
  maximum,
  minimum,
  mul,
  neg,
  noGrad,
  square,
  sub,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { Constraint, constraints, type ConstraintKind } from './constraints.js';
import { describeValue, Distribution, type DistributionOptions } from './distribution.js';
import { logGaussMass, logNdtr, tailS, tailT, truncQuantile } from './log-ndtr.js';
import { branch, broadcastAll } from './util.js';
import { LOG_SQRT_2PI } from './normal.js';

type Moment = 'mean' | 'variance' | 'entropy';

const isFinite = (x: Tensor): Tensor => noGrad(() => less(abs(x), Infinity));
const logPhi = (z: Tensor): Tensor => sub(mul(-0.5, square(z)), LOG_SQRT_2PI);

/**
 * Moments of N(0, 1) on [a, b] with 0 ≤ a < b ≤ ∞, from the shifted variable Y = X - a
 * (no cancellation 40σ out): with κ = Φ(-b)/Φ(-a), t and s the tail quantities of
 * `tailValues` and w = b - a, E[Y] = (tₐ - κ(t_b + w))/(1 - κ),
 * E[Y²] = (sₐtₐ - κ(s_b t_b + 2w t_b + w²))/(1 - κ), and the entropy is
 * log R(a) + log(1 - κ) + a·E[Y] + E[Y²]/2 (R(a) = Φ(-a)/φ(a)).
 */
function rightTail(a: Tensor, b: Tensor, key: Moment): Tensor {
  const fin = isFinite(b);
  const bs = where(fin, b, add(a, 1)); // κ = 0 there
  const kappa = where(fin, exp(sub(logNdtr(neg(bs)), logNdtr(neg(a)))), 0);
  const [ta, tb] = [tailT(a), tailT(bs)];
  const w = sub(bs, a);
  const den = sub(1, kappa);
  const ey = div(sub(ta, mul(kappa, add(tb, w))), den);
  if (key === 'mean') return add(a, ey);
  const tailB = add(add(mul(tailS(bs), tb), mul(mul(2, w), tb)), square(w));
  const ey2 = div(sub(mul(tailS(a), ta), mul(kappa, tailB)), den);
  if (key === 'variance') return sub(ey2, square(ey));
  const logR = add(add(logNdtr(neg(a)), mul(0.5, square(a))), LOG_SQRT_2PI);
  return add(add(logR, log1p(neg(kappa))), add(mul(a, ey), mul(0.5, ey2)));
}

/** Moments of N(0, 1) on [a, b] with a < 0 < b: the textbook formulas (no cancellation there). */
function central(a: Tensor, b: Tensor, key: Moment): Tensor {
  const l = logGaussMass(a, b);
  const ra = exp(sub(logPhi(a), l));
  const rb = exp(sub(logPhi(b), l));
  if (key === 'mean') return sub(ra, rb);
  const x = sub(mul(where(isFinite(a), a, 0), ra), mul(where(isFinite(b), b, 0), rb));
  if (key === 'variance') return sub(add(1, x), square(sub(ra, rb)));
  return add(add(l, 0.5 + LOG_SQRT_2PI), mul(0.5, x));
}

/** A moment of N(0, 1) on [a, b]: right of 0, mirrored from the right (b ≤ 0), or across 0. */
function standardMoment(a: Tensor, b: Tensor, key: Moment): Tensor {
  const right = noGrad(() => greaterEqual(a, 0));
  const left = noGrad(() => lessEqual(b, 0));
  const pick = (m: Tensor, x: Tensor, safe: number): Tensor => where(m, x, safe);
  return branch(
    right,
    () => rightTail(pick(right, a, 1), pick(right, b, 2), key),
    () =>
      branch(
        left,
        () => {
          const v = rightTail(neg(pick(left, b, -1)), neg(pick(left, a, -2)), key);
          return key === 'mean' ? neg(v) : v;
        },
        () => {
          const c = noGrad(() => logicalAnd(less(a, 0), less(0, b)));
          return central(pick(c, a, -1), pick(c, b, 1), key);
        },
      ),
  );
}

/**
 * The normal distribution N(loc, scale²) truncated to [low, high] (either bound may be
 * infinite): density `φ(z)/(scale·Z)` with z = (x - loc)/scale, Z = Φ(b) - Φ(a),
 * a = (low - loc)/scale, b = (high - loc)/scale. Stable far out in the tails: log Z is
 * formed in log space from erfcx (log Φ on the side away from the mass), so logProb,
 * cdf, moments and samples stay finite and accurate with the interval 40σ or more from
 * loc, where Φ underflows. Reparameterized by the inverse CDF: a sample is
 * `loc + scale·s(u; a, b)` with u uniform, s the standard quantile taken on the tail
 * nearest the mass (mirrored by symmetry), so draws stay inside [low, high]; its
 * gradients in loc, scale, low and high come from implicit differentiation of the CDF.
 * Mean, variance and entropy use the shifted variable x - low (or high - x) off centre,
 * so they keep their digits 40σ out too (not for intervals so narrow, off centre, that
 * Φ(b) - Φ(a) is a small difference of near-equal tails: there up to eps/(1 - κ)).
 * @param loc - the location of the parent normal (finite).
 * @param scale - the scale of the parent normal (> 0).
 * @param low - the lower bound (may be -Infinity).
 * @param high - the upper bound (> low; may be Infinity).
 * @throws {@link ArgumentError} for a non-finite loc, a scale that is not positive, a NaN
 *   bound, or high ≤ low.
 * @example
 * ```ts
 * import { TruncatedNormal, rng } from 'pathwise';
 * const d = new TruncatedNormal(0, 1, 40, Infinity); // 40σ out: Φ(-40) underflows
 * d.logProb(40).item(); // 3.6895034805491154
 * d.mean.item(); // 40.02496884720726
 * (d.sample([3], rng(0)).toArray() as number[]).every((x) => x >= 40); // true
 * new TruncatedNormal(0, 1, -1, 1).cdf(0).item(); // 0.5
 * ```
 */
export class TruncatedNormal extends Distribution {
  static override readonly argConstraints = {
    loc: constraints.real,
    scale: constraints.positive,
  };
  static override readonly reparameterized = true;

  constructor(
    loc: TensorLike,
    scale: TensorLike,
    low: TensorLike,
    high: TensorLike,
    options: DistributionOptions = {},
  ) {
    const params = { loc, scale, low, high };
    super({ family: 'TruncatedNormal', params, options: { validateArgs: false } });
    if (options.validateArgs ?? true) this.check();
  }

  private check(): void {
    const first = (t: Tensor, bad: (v: number) => boolean): number => t.data.findIndex(bad);
    const finite = (name: 'loc' | 'scale', t: Tensor, extra: (v: number) => boolean): void => {
      const i = first(t, (v) => !Number.isFinite(v) || extra(v));
      if (i >= 0)
        this.fail(
          name,
          `must be ${name === 'loc' ? 'finite' : 'positive (> 0) and finite'}, got ${describeValue(t, i)}`,
        );
    };
    finite('loc', this.loc, () => false);
    finite('scale', this.scale, (v) => !(v > 0));
    for (const name of ['low', 'high'] as const) {
      const i = first(this.params[name], Number.isNaN);
      if (i >= 0) this.fail(name, `must not be NaN, got ${describeValue(this.params[name], i)}`);
    }
    const [lo, hi] = broadcastAll([this.low, this.high]);
    const bad = hi.data.findIndex((h, i) => !(h > lo.data[i]));
    if (bad >= 0)
      this.fail(
        'high',
        `must be greater than low, got high ${describeValue(hi, bad)} and low ${lo.data[bad]}`,
      );
  }

  /** The location of the parent normal. */
  get loc(): Tensor {
    return this.params.loc;
  }

  /** The scale of the parent normal. */
  get scale(): Tensor {
    return this.params.scale;
  }

  /** The lower bound. */
  get low(): Tensor {
    return this.params.low;
  }

  /** The upper bound. */
  get high(): Tensor {
    return this.params.high;
  }

  /**
   * [low, high], a constraint that depends on the parameters: of kind `interval` when
   * both bounds are finite, `greaterThan` (low included) when every high is Infinity,
   * `lessThan` (high included) when every low is -Infinity, `real` when both are
   * infinite, so that {@link bijectorFor} maps ℝ onto its interior; a batch that mixes
   * finite and infinite bounds is an `interval`, which bijectorFor maps entry by entry.
   * An infinite bound is open: ±Infinity are outside the support.
   */
  get support(): Constraint {
    const lo = this.low;
    const hi = this.high;
    const loInf = lo.data.every((v) => v === -Infinity);
    const hiInf = hi.data.every((v) => v === Infinity);
    if (loInf && hiInf) return constraints.real;
    const loFin = lo.data.every(Number.isFinite);
    const hiFin = hi.data.every(Number.isFinite);
    const kind: ConstraintKind =
      loFin && hiInf ? 'greaterThan' : loInf && hiFin ? 'lessThan' : 'interval';
    const fmt = (t: Tensor): string => (t.size === 1 ? String(t.data[0]) : t.toString());
    return new Constraint({
      kind,
      description: `in [${fmt(lo)}, ${fmt(hi)}]`,
      lower: kind === 'lessThan' ? undefined : lo,
      upper: kind === 'greaterThan' ? undefined : hi,
      test: (x) => {
        const inside = logicalAnd(greaterEqual(x, lo), lessEqual(x, hi));
        return loFin && hiFin ? inside : logicalAnd(isFinite(x), inside);
      },
      interior: () => this.interiorPoint(),
    });
  }

  /** A point strictly inside [low, high], elementwise. */
  private interiorPoint(): Tensor {
    const [lo, hi] = broadcastAll([this.low, this.high]);
    const fl = isFinite(lo);
    const fh = isFinite(hi);
    const mid = mul(add(where(fl, lo, 0), where(fh, hi, 0)), 0.5);
    return where(fl, where(fh, mid, add(lo, 1)), where(fh, sub(hi, 1), 0));
  }

  /** The standardized bounds (low - loc)/scale and (high - loc)/scale. */
  private bounds(): [Tensor, Tensor] {
    return [div(sub(this.low, this.loc), this.scale), div(sub(this.high, this.loc), this.scale)];
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.uniform()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.uniform();
  }

  /** @internal loc + scale·s(u; a, b), s the standard truncated quantile. */
  override fromNoise(u: Tensor): Tensor {
    return this._icdf(u);
  }

  protected _logProb(x: Tensor): Tensor {
    const [a, b] = this.bounds();
    const z = div(sub(x, this.loc), this.scale);
    return sub(sub(logPhi(z), log(this.scale)), logGaussMass(a, b));
  }

  protected override _mean(): Tensor {
    const [a, b] = broadcastAll(this.bounds());
    return add(this.loc, mul(this.scale, standardMoment(a, b, 'mean')));
  }

  protected override _variance(): Tensor {
    const [a, b] = broadcastAll(this.bounds());
    return mul(square(this.scale), standardMoment(a, b, 'variance'));
  }

  protected override _entropy(): Tensor {
    const [a, b] = broadcastAll(this.bounds());
    return add(standardMoment(a, b, 'entropy'), log(this.scale));
  }

  protected override _mode(): Tensor {
    return minimum(maximum(this.loc, this.low), this.high);
  }

  protected override _cdf(x: Tensor): Tensor {
    const [a, b] = this.bounds();
    const z = minimum(maximum(div(sub(x, this.loc), this.scale), a), b);
    return exp(sub(logGaussMass(a, z), logGaussMass(a, b)));
  }

  protected override _icdf(p: Tensor): Tensor {
    const [a, b] = this.bounds();
    return add(this.loc, mul(this.scale, truncQuantile(p, a, b)));
  }
}
