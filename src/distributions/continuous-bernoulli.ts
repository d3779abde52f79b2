/**
 * The continuous Bernoulli distribution (Loaiza-Ganem & Cunningham 2019).
 * @module
 */
import {
  abs,
  add,
  clip,
  div,
  exp,
  expm1,
  greater,
  greaterEqual,
  less,
  log,
  log1p,
  mul,
  neg,
  noGrad,
  sigmoid,
  softplus,
  sub,
  tanh,
  where,
  type Tensor,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution } from './distribution.js';
import { Binary, probsParam, type ProbsOrLogits } from './probs.js';

/** |l| below which the even/odd functions of the logit use their Taylor series. */
const SERIES = 0.25;
/** |l| below which cdf and icdf use their Taylor series (only to keep l = 0 exact). */
const SERIES_X = 1e-3;

/** Σ c[k] t^k by Horner's rule (tape ops). */
function horner(t: Tensor, c: readonly number[]): Tensor {
  let s: Tensor | number = c[c.length - 1];
  for (let k = c.length - 2; k >= 0; k--) s = add(mul(s, t), c[k]);
  return s as Tensor;
}

/** f(l) where |l| ≥ `at`, series(l) below it, each on safe inputs (no NaN gradients). */
function piecewise(
  l: Tensor,
  at: number,
  direct: (l: Tensor) => Tensor,
  series: (l: Tensor) => Tensor,
): Tensor {
  const small = noGrad(() => less(abs(l), at));
  return where(small, series(where(small, l, 0)), direct(where(small, at, l)));
}

/** Coefficients of l², l⁴, … (sympy; exact rationals). */
const LOG_C = [
  1 / 12,
  -7 / 1440,
  31 / 90720,
  -127 / 4838400,
  73 / 34214400,
  -1414477 / 7846046208000,
];
const MEAN = [1 / 12, -1 / 720, 1 / 30240, -1 / 1209600, 1 / 47900160, -691 / 1307674368000];
const VAR = [1 / 12, -1 / 240, 1 / 6048, -1 / 172800, 1 / 5322240, -691 / 118879488000];
const ENT = [-1 / 24, 1 / 960, -1 / 36288, 1 / 1382400, -1 / 53222400, 691 / 1426553856000];

/** a / (1 - e^(-a)) for a = |l| > 0. */
const ratio = (a: Tensor): Tensor => div(a, neg(expm1(neg(a))));

/**
 * log C(l) - log 2, C = l / tanh(l/2) the normalizer in the logit l:
 * `log(a/(1 - e^(-a))) + log1p(expm1(-a)/2)` with a = |l| (no overflow), the series
 * `l²/12 - 7l⁴/1440 + …` for |l| < 1/4 (where the two logs would cancel).
 */
function logNormM(l: Tensor): Tensor {
  return piecewise(
    l,
    SERIES,
    (v) => {
      const a = abs(v);
      return add(log(ratio(a)), log1p(div(expm1(neg(a)), 2)));
    },
    (v) => {
      const t = mul(v, v);
      return mul(t, horner(t, LOG_C));
    },
  );
}

/** softplus(l) - log 2 = log((1 + e^l)/2), without cancellation near l = 0. */
function softplusM(l: Tensor): Tensor {
  const near = noGrad(() => less(abs(l), 1));
  const ln = where(near, l, 0);
  const lf = where(near, 2, l);
  return where(near, log1p(div(expm1(ln), 2)), sub(softplus(lf), Math.LN2));
}

/**
 * The continuous Bernoulli distribution on [0, 1]: density `C(λ) λ^x (1-λ)^(1-x)` with
 * `C(λ) = 2 atanh(1-2λ)/(1-2λ)` (C(½) = 2), in the logit l = log(λ/(1-λ)) `C = l/tanh(l/2)`.
 * Give `{ probs }` (λ in the open interval (0, 1)) or `{ logits }`. Every closed form is
 * written in l without cancellation and switches to its Taylor series for |l| < 1/4 (the
 * role of torch's `lims` around λ = ½), so λ = ½ exactly is no special case:
 * `log C = log(|l|/(1-e^(-|l|))) + log1p(e^(-|l|))`, mean `1/|l| - 1/expm1(|l|)` at l < 0
 * (one minus that at l > 0),
 * variance `1/l² - 1/(4 sinh²(l/2))`, entropy `1 - |l|/expm1(|l|) - log(|l|/(1-e^(-|l|)))`,
 * CDF `σ(-l)·expm1(l x)/tanh(l/2)` and quantile `log1p(p·expm1(l))/l`. Reparameterized
 * through the quantile of a uniform draw.
 * @throws {@link ArgumentError} if both or neither of probs and logits are given, or if
 *   probs is not in (0, 1).
 * @example
 * ```ts
 * import { ContinuousBernoulli } from 'pathwise';
 * const d = new ContinuousBernoulli({ probs: 0.5 });
 * d.logProb(0.3).item(); // 0 (uniform at λ = ½)
 * d.variance.item(); // 0.08333333333333333
 * const e = new ContinuousBernoulli({ logits: 2 });
 * e.mean.item(); // 0.6565176427496656
 * e.cdf(0.5).item(); // 0.2689414213699951
 * ```
 */
export class ContinuousBernoulli extends Distribution {
  static override readonly argConstraints = {
    probs: constraints.unitInterval,
    logits: constraints.real,
  };
  static override readonly reparameterized = true;

  constructor(params: ProbsOrLogits) {
    super({
      family: 'ContinuousBernoulli',
      params: probsParam('ContinuousBernoulli', params),
      options: params,
    });
    const p = this.params.probs;
    const bad = p?.data.findIndex((v) => v === 0 || v === 1) ?? -1;
    if (bad >= 0 && (params.validateArgs ?? true))
      this.fail('probs', `must be in (0, 1), got ${p!.data[bad]}`);
  }

  private get b(): Binary {
    return new Binary(this.params.probs, this.params.logits);
  }

  /** λ, the probability of the Bernoulli whose density this normalizes. */
  get probs(): Tensor {
    return this.b.p();
  }

  /** The logit l = log(λ/(1-λ)). */
  get logits(): Tensor {
    return this.b.logOdds();
  }

  /** log C, the log normalizing constant (an @internal helper of the KL). @internal */
  logNormalizer(): Tensor {
    return add(logNormM(this.logits), Math.LN2);
  }

  /** The unit interval, ends included (the density is finite and positive there). */
  get support() {
    return constraints.unitInterval;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return this.fromNoise(rng.tensor(shape, (r) => r.uniform()));
  }

  protected override standardDraw(): (r: Rng) => number {
    return (r) => r.uniform();
  }

  /** @internal The quantile at a standard uniform draw ε. */
  override fromNoise(eps: Tensor): Tensor {
    return this._icdf(eps);
  }

  protected _logProb(x: Tensor): Tensor {
    // (log C - log 2) + (x·l - softplus(l) + log 2): small log-densities near λ = ½ keep
    // their digits (x log λ + (1-x) log(1-λ) + log C would cancel the two log 2s)
    const l = this.logits;
    return add(logNormM(l), sub(mul(x, l), softplusM(l)));
  }

  protected override _mean(): Tensor {
    return piecewise(
      this.logits,
      SERIES,
      (l) => {
        // m = 1/|l| - 1/expm1(|l|) is the mean at -|l|: small means keep their digits
        const a = abs(l);
        const m = sub(div(1, a), div(1, expm1(a)));
        return where(
          noGrad(() => less(l, 0)),
          m,
          sub(1, m),
        );
      },
      (l) => add(0.5, mul(l, horner(mul(l, l), MEAN))),
    );
  }

  protected override _variance(): Tensor {
    return piecewise(
      this.logits,
      SERIES,
      (l) => {
        const s = mul(2, sinhHalf(l)); // 2 sinh(l/2)
        return sub(div(1, mul(l, l)), div(1, mul(s, s)));
      },
      (l) => horner(mul(l, l), VAR),
    );
  }

  protected override _entropy(): Tensor {
    return piecewise(
      this.logits,
      SERIES,
      (l) => {
        const a = abs(l);
        return sub(sub(1, div(a, expm1(a))), log(ratio(a)));
      },
      (l) => {
        const t = mul(l, l);
        return mul(t, horner(t, ENT));
      },
    );
  }

  protected override _cdf(x: Tensor): Tensor {
    const xc = clip(x, 0, 1);
    return piecewise(
      this.logits,
      SERIES_X,
      (l) => {
        const a = abs(l);
        // σ(-l)·expm1(l x)/tanh(l/2) = w·(1 - e^(-a x))/tanh(a/2), w = e^(lx - softplus(l))
        // for l > 0 and σ(a) for l < 0: no overflow at either sign
        const pos = noGrad(() => greater(l, 0));
        const w = where(pos, exp(sub(mul(a, xc), softplus(a))), sigmoid(a));
        const f = clip(div(mul(w, neg(expm1(neg(mul(a, xc))))), tanh(div(a, 2))), 0, 1);
        return where(
          noGrad(() => greaterEqual(x, 1)),
          1,
          f,
        );
      },
      (l) => {
        const q = mul(xc, sub(xc, 1));
        const r = sub(mul(2, xc), 1);
        const c = [
          xc,
          div(q, 2),
          div(mul(q, r), 12),
          div(mul(q, q), 24),
          div(mul(mul(q, r), sub(mul(3, q), 1)), 720),
        ];
        return hornerT(l, c);
      },
    );
  }

  protected override _icdf(p: Tensor): Tensor {
    return piecewise(
      this.logits,
      SERIES_X,
      (l) => {
        // log1p(p·expm1(l))/l, and l + log(p + (1-p)e^(-l)) once expm1(l) would overflow
        const big = noGrad(() => greater(l, 700));
        const lb = where(big, 0, l);
        const lo = log1p(mul(p, expm1(lb)));
        const la = where(big, l, 800);
        const hi = add(la, log(add(p, mul(sub(1, p), exp(neg(la))))));
        return div(where(big, hi, lo), l);
      },
      (l) => {
        const q = mul(p, sub(p, 1));
        const r = sub(mul(2, p), 1);
        const c = [
          p,
          neg(div(q, 2)),
          div(mul(q, r), 6),
          neg(div(mul(q, add(mul(6, q), 1)), 24)),
          div(mul(mul(q, r), add(mul(12, q), 1)), 120),
        ];
        return hornerT(l, c);
      },
    );
  }
}

/** sinh(l/2) as (e^(l/2) - e^(-l/2))/2 via expm1 (accurate for |l| ≥ 1/4). */
function sinhHalf(l: Tensor): Tensor {
  const h = div(l, 2);
  return div(sub(expm1(h), expm1(neg(h))), 2);
}

/** Σ c[k] l^k with tensor coefficients. */
function hornerT(l: Tensor, c: Tensor[]): Tensor {
  let s = c[c.length - 1];
  for (let k = c.length - 2; k >= 0; k--) s = add(mul(s, l), c[k]);
  return s;
}
