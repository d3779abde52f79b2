/**
 * The KL pairs torch.distributions registers that the other KL modules lack (registered on
 * import, from index.ts; listed in package.json's `sideEffects`): HalfNormal, Laplace,
 * Pareto, Uniform, Cauchy, Independent and TransformedDistribution against themselves, and
 * the cross pairs among Bernoulli, Beta, Binomial, ContinuousBernoulli, Exponential, Gamma,
 * Gumbel, Laplace, Normal, Pareto, Poisson and Uniform. Each is E_p[log p - log q] in closed
 * form (derived from the moments of p: E[x], E[x²], E[log x], E[e^(-x/β)]); a pair whose p
 * puts mass where q has none is +∞ exactly.
 * @module
 */
import {
  abs,
  add,
  ArgumentError,
  digamma,
  div,
  erf,
  exp,
  expm1,
  greater,
  less,
  lessEqual,
  lgamma,
  log,
  log1p,
  logicalOr,
  mul,
  neg,
  noGrad,
  softplus,
  square,
  sub,
  sum,
  Tensor,
  toTensor,
  where,
} from '../autodiff/index.js';
import { Bernoulli } from './bernoulli.js';
import { Bijector } from './bijector.js';
import { Beta } from './beta.js';
import { Binomial } from './binomial.js';
import { Cauchy } from './cauchy.js';
import { ContinuousBernoulli } from './continuous-bernoulli.js';
import type { Distribution } from './distribution.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Gumbel } from './gumbel.js';
import { HalfNormal } from './half-normal.js';
import { Independent } from './independent.js';
import { klDivergence, registerKL } from './kl.js';
import { Laplace } from './laplace.js';
import { Normal } from './normal.js';
import { Pareto } from './pareto.js';
import { Poisson } from './poisson.js';
import { weighted } from './probs.js';
import { betaln } from './special.js';
import { TransformedDistribution } from './transformed.js';
import { Uniform } from './uniform.js';
import { EULER } from './util.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** +∞ where `cond` holds (a support mismatch), `kl` elsewhere; no gradient through `cond`. */
const infWhere = (cond: () => Tensor, kl: Tensor): Tensor => where(noGrad(cond), Infinity, kl);

/** +∞ for every batch element: p puts mass where q has none, for any parameters. */
const infinite = (): Tensor => toTensor(Infinity);

/** x·log x, 0 at x = 0. */
const xlogx = (x: Tensor): Tensor => weighted(x, log(x));

/** E[log x] for x ~ Uniform(l, h), 0 ≤ l: (h log h - l log l)/(h - l) - 1. */
const uniformMeanLog = (p: Uniform): Tensor =>
  sub(div(sub(xlogx(p.high), xlogx(p.low)), sub(p.high, p.low)), 1);

/** E[log(1 - x)] for x ~ Uniform(l, h), h ≤ 1. */
const uniformMeanLog1m = (p: Uniform): Tensor => {
  const [a, b] = [sub(1, p.high), sub(1, p.low)];
  return sub(div(sub(xlogx(b), xlogx(a)), sub(p.high, p.low)), 1);
};

/** -E_p[log q(x)] for q = Normal(μ, σ), from E_p[x] and Var_p[x]: ½log(2πσ²) + E[(x-μ)²]/(2σ²). */
function crossNormal(mean: Tensor, variance: Tensor, q: Normal): Tensor {
  const m2 = add(variance, square(sub(mean, q.loc)));
  return add(add(log(q.scale), 0.5 * LOG_2PI), div(m2, mul(2, square(q.scale))));
}

/** -E_p[log q(x)] for q = Gamma(α, β): lgamma α - α log β - (α-1)E[log x] + βE[x]. */
function crossGamma(mean: Tensor, meanLog: Tensor, q: Gamma): Tensor {
  const [a, b] = [q.concentration, q.rate];
  const head = sub(lgamma(a), mul(a, log(b)));
  return add(sub(head, mul(sub(a, 1), meanLog)), mul(b, mean));
}

/** -E_p[log q(x)] for q = Exponential(r): r E[x] - log r. */
const crossExponential = (mean: Tensor, q: Exponential): Tensor =>
  sub(mul(q.rate, mean), log(q.rate));

/** -E_p[log q(x)] for q = Gumbel(μ, β): log β + (E[x] - μ)/β + e^(μ/β) E[e^(-x/β)]. */
function crossGumbel(mean: Tensor, logMgf: Tensor, q: Gumbel): Tensor {
  const z = div(sub(mean, q.loc), q.scale);
  return add(add(log(q.scale), z), exp(add(div(q.loc, q.scale), logMgf)));
}

/** -E_p[log q(x)] for q = ContinuousBernoulli(l): -(log C(l) + E[x]·l - softplus(l)). */
const crossCB = (mean: Tensor, q: ContinuousBernoulli): Tensor =>
  sub(sub(softplus(q.logits), mul(mean, q.logits)), q.logNormalizer());

/** The negative entropy of p, differentiable in p's parameters. */
const negH = (p: Distribution): Tensor => neg(p.entropy());

// ---- same family -------------------------------------------------------------------

function klHalfNormal(p: HalfNormal, q: HalfNormal): Tensor {
  const r = square(div(p.scale, q.scale));
  return mul(0.5, sub(sub(r, 1), log(r)));
}

/** log(b_q/b_p) + |Δ|/b_q + (b_p/b_q) e^(-|Δ|/b_p) - 1 (Gil 2011, as torch). */
function klLaplace(p: Laplace, q: Laplace): Tensor {
  const r = div(p.scale, q.scale);
  const d = abs(sub(p.loc, q.loc));
  const t = mul(r, exp(neg(div(d, p.scale))));
  return sub(add(sub(div(d, q.scale), log(r)), t), 1);
}

/** α_q log(s_p/s_q) + log(α_p/α_q) + α_q/α_p - 1, +∞ where s_p < s_q. */
function klPareto(p: Pareto, q: Pareto): Tensor {
  const ar = div(q.alpha, p.alpha);
  const kl = sub(add(sub(mul(q.alpha, log(div(p.scale, q.scale))), log(ar)), ar), 1);
  return infWhere(() => less(p.scale, q.scale), kl);
}

/** log((h_q - l_q)/(h_p - l_p)), +∞ where [l_p, h_p) is not inside [l_q, h_q). */
function klUniform(p: Uniform, q: Uniform): Tensor {
  const kl = log(div(sub(q.high, q.low), sub(p.high, p.low)));
  return infWhere(() => logicalOr(greater(q.low, p.low), less(q.high, p.high)), kl);
}

/** log(((s_p + s_q)² + Δ²)/(4 s_p s_q)) (Chyzak & Nielsen 2019, as torch). */
function klCauchy(p: Cauchy, q: Cauchy): Tensor {
  const num = add(square(add(p.scale, q.scale)), square(sub(p.loc, q.loc)));
  return log(div(num, mul(4, mul(p.scale, q.scale))));
}

/** Σ over the reinterpreted axes of the bases' KL (declines unless both reinterpret as many). */
function klIndependent(p: Independent, q: Independent): Tensor | undefined {
  const n = p.reinterpreted;
  if (n !== q.reinterpreted) return undefined;
  if (p.eventShape.join(',') !== q.eventShape.join(','))
    throw new ArgumentError(
      'klDivergence',
      `(${p.family}, ${q.family}) need equal event shapes, got [${p.eventShape.join(',')}] and [${q.eventShape.join(',')}]`,
    );
  const kl = klDivergence(p.base, q.base);
  return n === 0
    ? kl
    : sum(
        kl,
        Array.from({ length: n }, (_, i) => -1 - i),
      );
}

/** Whether two values of bijector fields are the same (tensors by shape and values). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Tensor && b instanceof Tensor)
    return a.shape.join(',') === b.shape.join(',') && a.data.every((v, i) => v === b.data[i]);
  if (a instanceof Bijector && b instanceof Bijector) return sameBijector(a, b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return false;
}

/** Same class and the same parameters (the constraints they carry are derived from those). */
function sameBijector(a: Bijector, b: Bijector): boolean {
  if (a === b) return true;
  if (a.constructor !== b.constructor) return false;
  const skip = new Set(['domain', 'codomain', 'name', 'increasing']);
  const keys = Object.keys(a).filter((k) => !skip.has(k));
  const rec = (o: Bijector): Record<string, unknown> => o as unknown as Record<string, unknown>;
  return (
    keys.length === Object.keys(b).filter((k) => !skip.has(k)).length &&
    keys.every((k) => sameValue(rec(a)[k], rec(b)[k]))
  );
}

/** KL of the bases when both push them through the same bijector (KL is invariant). */
function klTransformed(p: TransformedDistribution, q: TransformedDistribution): Tensor | undefined {
  if (!sameBijector(p.bijector, q.bijector)) return undefined;
  if (p.eventShape.join(',') !== q.eventShape.join(',')) return undefined;
  return klDivergence(p.base, q.base);
}

registerKL(HalfNormal, HalfNormal, klHalfNormal);
registerKL(Laplace, Laplace, klLaplace);
registerKL(Pareto, Pareto, klPareto);
registerKL(Uniform, Uniform, klUniform);
registerKL(Cauchy, Cauchy, klCauchy);
registerKL(Independent, Independent, klIndependent);
registerKL(TransformedDistribution, TransformedDistribution, klTransformed);

// ---- p = Beta ----------------------------------------------------------------------

const betaMean = (p: Beta): Tensor =>
  div(p.concentration1, add(p.concentration1, p.concentration0));
const betaMeanLog = (p: Beta): Tensor =>
  sub(digamma(p.concentration1), digamma(add(p.concentration1, p.concentration0)));

registerKL(Beta, ContinuousBernoulli, (p, q) => add(negH(p), crossCB(betaMean(p), q)));
registerKL(Beta, Exponential, (p, q) => add(negH(p), crossExponential(betaMean(p), q)));
registerKL(Beta, Gamma, (p, q) => add(negH(p), crossGamma(betaMean(p), betaMeanLog(p), q)));
registerKL(Beta, Normal, (p, q) => add(negH(p), crossNormal(betaMean(p), p.variance, q)));
registerKL(Beta, Uniform, (p, q) =>
  infWhere(
    () => logicalOr(greater(q.low, 0), less(q.high, 1)),
    add(negH(p), log(sub(q.high, q.low))),
  ),
);

// ---- p = ContinuousBernoulli ---------------------------------------------------------

registerKL(ContinuousBernoulli, Exponential, (p, q) => add(negH(p), crossExponential(p.mean, q)));
registerKL(ContinuousBernoulli, Normal, (p, q) => add(negH(p), crossNormal(p.mean, p.variance, q)));
registerKL(ContinuousBernoulli, Uniform, (p, q) =>
  infWhere(
    () => logicalOr(greater(q.low, 0), less(q.high, 1)),
    add(negH(p), log(sub(q.high, q.low))),
  ),
);

// ---- p = Exponential, Gamma ------------------------------------------------------------

/** log E[e^(-x/β)] for x ~ Exponential(r): log(rβ/(rβ + 1)) = -log1p(1/(rβ)). */
const expLogMgf = (p: Exponential, q: Gumbel): Tensor => neg(log1p(div(1, mul(p.rate, q.scale))));
/** log E[e^(-x/β)] for x ~ Gamma(α, r): -α log1p(1/(rβ)). */
const gammaLogMgf = (p: Gamma, q: Gumbel): Tensor =>
  neg(mul(p.concentration, log1p(div(1, mul(p.rate, q.scale)))));
const expMeanLog = (p: Exponential): Tensor => sub(-EULER, log(p.rate));

registerKL(Exponential, Gamma, (p, q) => add(negH(p), crossGamma(p.mean, expMeanLog(p), q)));
registerKL(Exponential, Gumbel, (p, q) => add(negH(p), crossGumbel(p.mean, expLogMgf(p, q), q)));
registerKL(Exponential, Normal, (p, q) => add(negH(p), crossNormal(p.mean, p.variance, q)));
registerKL(Gamma, Exponential, (p, q) => add(negH(p), crossExponential(p.mean, q)));
registerKL(Gamma, Gumbel, (p, q) => add(negH(p), crossGumbel(p.mean, gammaLogMgf(p, q), q)));
registerKL(Gamma, Normal, (p, q) => add(negH(p), crossNormal(p.mean, p.variance, q)));

// ---- p = Gumbel, Laplace, Normal -----------------------------------------------------------

registerKL(Gumbel, Normal, (p, q) => add(negH(p), crossNormal(p.mean, p.variance, q)));
registerKL(Laplace, Normal, (p, q) => add(negH(p), crossNormal(p.loc, p.variance, q)));
registerKL(Normal, Gumbel, (p, q) => {
  const logMgf = sub(mul(0.5, square(div(p.scale, q.scale))), div(p.loc, q.scale));
  return add(negH(p), crossGumbel(p.loc, logMgf, q));
});

/** E|x - μ_q| for x ~ N(μ_p, σ): σ√(2/π) e^(-Δ²/2σ²) + Δ erf(Δ/(σ√2)). */
function normalMeanAbs(p: Normal, q: Laplace): Tensor {
  const d = sub(p.loc, q.loc);
  const z = div(d, p.scale);
  const t = mul(mul(p.scale, Math.sqrt(2 / Math.PI)), exp(mul(-0.5, square(z))));
  return add(t, mul(d, erf(mul(z, Math.SQRT1_2))));
}
registerKL(Normal, Laplace, (p, q) => {
  const cross = add(log(mul(2, q.scale)), div(normalMeanAbs(p, q), q.scale));
  return add(negH(p), cross);
});

// ---- p = Pareto ------------------------------------------------------------------------

/** E[x] = αs/(α-1) of a Pareto, finite for α > 1 (the value elsewhere is masked to +∞). */
const paretoMean = (p: Pareto): Tensor => div(mul(p.alpha, p.scale), sub(p.alpha, 1));
const paretoMeanLog = (p: Pareto): Tensor => add(log(p.scale), div(1, p.alpha));

registerKL(Pareto, Exponential, (p, q) =>
  infWhere(() => lessEqual(p.alpha, 1), add(negH(p), crossExponential(paretoMean(p), q))),
);
registerKL(Pareto, Gamma, (p, q) =>
  infWhere(
    () => lessEqual(p.alpha, 1),
    add(negH(p), crossGamma(paretoMean(p), paretoMeanLog(p), q)),
  ),
);
registerKL(Pareto, Normal, (p, q) => {
  const a = p.alpha;
  const v = div(mul(a, square(div(p.scale, sub(a, 1)))), sub(a, 2));
  return infWhere(() => lessEqual(a, 2), add(negH(p), crossNormal(paretoMean(p), v, q)));
});

// ---- p = Uniform -----------------------------------------------------------------------

const outsideUnit = (p: Uniform) => (): Tensor => logicalOr(less(p.low, 0), greater(p.high, 1));

registerKL(Uniform, Beta, (p, q) => {
  const [a, b] = [q.concentration1, q.concentration0];
  const t = add(mul(sub(a, 1), uniformMeanLog(p)), mul(sub(b, 1), uniformMeanLog1m(p)));
  return infWhere(outsideUnit(p), sub(sub(betaln(a, b), t), p.entropy()));
});
registerKL(Uniform, ContinuousBernoulli, (p, q) =>
  infWhere(outsideUnit(p), add(negH(p), crossCB(p.mean, q))),
);
registerKL(Uniform, Exponential, (p, q) =>
  infWhere(() => less(p.low, 0), add(negH(p), crossExponential(p.mean, q))),
);
registerKL(Uniform, Gamma, (p, q) =>
  infWhere(() => less(p.low, 0), add(negH(p), crossGamma(p.mean, uniformMeanLog(p), q))),
);
registerKL(Uniform, Gumbel, (p, q) => {
  // log E[e^(-x/β)] = log(β (e^(-l/β) - e^(-h/β)) / (h - l))
  const [zl, zh] = [div(p.low, q.scale), div(p.high, q.scale)];
  const logMgf = add(
    sub(log(mul(q.scale, neg(expm1(sub(zl, zh))))), zl),
    neg(log(sub(p.high, p.low))),
  );
  return add(negH(p), crossGumbel(p.mean, logMgf, q));
});
registerKL(Uniform, Normal, (p, q) => add(negH(p), crossNormal(p.mean, p.variance, q)));
registerKL(Uniform, Pareto, (p, q) => {
  const cross = sub(
    mul(add(q.alpha, 1), uniformMeanLog(p)),
    add(log(q.alpha), mul(q.alpha, log(q.scale))),
  );
  return infWhere(() => less(p.low, q.scale), add(negH(p), cross));
});

// ---- discrete ----------------------------------------------------------------------------

registerKL(Bernoulli, Poisson, (p, q) => add(negH(p), sub(q.rate, weighted(p.probs, log(q.rate)))));
/** Poisson(λ) has unbounded support: +∞ unless λ = 0, where KL = -log q(0). */
registerKL(Poisson, Bernoulli, (p, q) => infWhere(() => greater(p.rate, 0), softplus(q.logits)));
registerKL(Poisson, Binomial, (p, q) =>
  infWhere(() => greater(p.rate, 0), mul(q.totalCount, softplus(q.logits))),
);

// ---- support mismatches: +∞ for any parameters (torch's _infinite_like pairs) -----------------

type Family = Parameters<typeof registerKL>[0];
const INFINITE: [Family, Family[]][] = [
  [Beta, [Pareto]],
  [ContinuousBernoulli, [Pareto]],
  [Exponential, [Beta, ContinuousBernoulli, Pareto, Uniform]],
  [Gamma, [Beta, ContinuousBernoulli, Pareto, Uniform]],
  [Gumbel, [Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform]],
  [Laplace, [Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform]],
  [Normal, [Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform]],
  [Pareto, [Beta, ContinuousBernoulli, Uniform]],
];
for (const [p, qs] of INFINITE) for (const q of qs) registerKL(p, q, infinite);
