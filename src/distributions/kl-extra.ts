/**
 * More analytic KL divergences for {@link klDivergence}, registered on import (this
 * module is imported by the distributions' index, and listed in package.json's
 * `sideEffects`): Gumbel–Gumbel, Weibull–Weibull (TFP's, after Bauckhage 2013),
 * OneHotCategorical–OneHotCategorical, Binomial–Binomial and Geometric–Geometric (torch's).
 * @module
 */
import {
  add,
  ArgumentError,
  div,
  exp,
  greater,
  lgamma,
  log,
  mul,
  neg,
  noGrad,
  softplus,
  sub,
  sum,
  where,
  type Tensor,
} from '../autodiff/index.js';
import { Binomial } from './binomial.js';
import { Geometric } from './geometric.js';
import { Gumbel } from './gumbel.js';
import { registerKL } from './kl.js';
import { OneHotCategorical } from './one-hot-categorical.js';
import { weighted } from './probs.js';
import { broadcastAll, EULER } from './util.js';
import { Weibull } from './weibull.js';

/**
 * KL(Gumbel(μ₁, β₁) ‖ Gumbel(μ₂, β₂)) = log(β₂/β₁) + γ(β₁/β₂ - 1)
 * + exp((μ₂ - μ₁)/β₂)·Γ(1 + β₁/β₂) - 1 + (μ₁ - μ₂)/β₂ (torch's formula; γ Euler's constant).
 */
function klGumbel(p: Gumbel, q: Gumbel): Tensor {
  const r = div(p.scale, q.scale);
  const shift = div(sub(p.loc, q.loc), q.scale);
  const t = exp(add(neg(shift), lgamma(add(1, r))));
  return add(add(sub(shift, log(r)), mul(sub(r, 1), EULER)), sub(t, 1));
}

/**
 * KL(Weibull(λ₁, k₁) ‖ Weibull(λ₂, k₂)) = log(k₁/k₂) + k₂ log(λ₂/λ₁) - γ(1 - k₂/k₁)
 * + (λ₁/λ₂)^k₂ Γ(1 + k₂/k₁) - 1 (scale λ, concentration k; Bauckhage 2013, as TFP).
 */
function klWeibull(p: Weibull, q: Weibull): Tensor {
  const [k1, k2] = [p.concentration, q.concentration];
  const logRatio = sub(log(p.scale), log(q.scale)); // log(λ₁/λ₂)
  const kr = div(k2, k1);
  const t = exp(add(mul(k2, logRatio), lgamma(add(1, kr))));
  const head = sub(sub(log(div(k1, k2)), mul(k2, logRatio)), mul(sub(1, kr), EULER));
  return add(head, sub(t, 1));
}

/** KL of two one-hot categoricals: Σ pᵢ (log pᵢ - log qᵢ), as Categorical's. */
function klOneHot(p: OneHotCategorical, q: OneHotCategorical): Tensor {
  return sum(weighted(p.probs, sub(p.logits, q.logits)), -1);
}

const logP = (logits: Tensor): Tensor => neg(softplus(neg(logits)));
const logQ = (logits: Tensor): Tensor => neg(softplus(logits));

/**
 * KL(Binomial(n, p) ‖ Binomial(m, q)): n·KL(Bernoulli(p) ‖ Bernoulli(q)) when n = m,
 * Infinity when n > m (p puts mass where q has none); torch's rule.
 * @throws {@link ArgumentError} when n < m (finite, but with no closed form).
 */
function klBinomial(p: Binomial, q: Binomial): Tensor {
  const [n, m] = broadcastAll([p.totalCount, q.totalCount]);
  const bad = n.data.findIndex((v, i) => v < m.data[i]);
  if (bad >= 0)
    throw new ArgumentError(
      'klDivergence',
      `(Binomial, Binomial) has a closed form only for p.totalCount ≥ q.totalCount, got ${n.data[bad]} < ${m.data[bad]}`,
    );
  const pp = p.probs;
  const a = weighted(pp, sub(logP(p.logits), logP(q.logits)));
  const b = weighted(sub(1, pp), sub(logQ(p.logits), logQ(q.logits)));
  const more = noGrad(() => greater(n, m));
  return where(more, Infinity, mul(n, add(a, b)));
}

/**
 * KL(Geometric(p) ‖ Geometric(q)) = -H(p) - E_p[k]·log(1 - q) - log q, E_p[k] = (1-p)/p
 * (k the failures before the first success), as torch.
 */
function klGeometric(p: Geometric, q: Geometric): Tensor {
  const ek = div(sub(1, p.probs), p.probs);
  return sub(sub(neg(p.entropy()), weighted(ek, logQ(q.logits))), logP(q.logits));
}

registerKL(Gumbel, Gumbel, klGumbel);
registerKL(Weibull, Weibull, klWeibull);
registerKL(OneHotCategorical, OneHotCategorical, klOneHot);
registerKL(Binomial, Binomial, klBinomial);
registerKL(Geometric, Geometric, klGeometric);

/**
 * The pairs this module registers with {@link registerKL}, by family name.
 * @example
 * ```ts
 * import { klDivergence, extraKLPairs, Gumbel, Weibull } from 'pathwise';
 * extraKLPairs.length; // 5
 * klDivergence(new Gumbel(0, 1), new Gumbel(0, 1)).item(); // 0
 * klDivergence(new Gumbel(0, 1), new Gumbel(1, 2)).item(); // 0.36568053077031776
 * klDivergence(new Weibull(1, 2), new Weibull(1.5, 3)).item(); // 0.49341668220165424
 * ```
 */
export const extraKLPairs: readonly (readonly [string, string])[] = [
  ['Gumbel', 'Gumbel'],
  ['Weibull', 'Weibull'],
  ['OneHotCategorical', 'OneHotCategorical'],
  ['Binomial', 'Binomial'],
  ['Geometric', 'Geometric'],
];
