/**
 * KL divergences between distributions, by a registry of analytic formulas keyed by the
 * two classes.
 * @module
 */
import {
  add,
  ArgumentError,
  broadcastTo,
  digamma,
  div,
  expandDims,
  eye,
  lgamma,
  log,
  mul,
  neg,
  softplus,
  square,
  sub,
  sum,
  triangularSolve,
  type Tensor,
} from '../autodiff/index.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { weighted } from './probs.js';
import { betaln } from './special.js';
import { broadcastShape } from './util.js';

/** A class whose instances are `T` (shown inline in the API docs). @inline */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Class<T> = abstract new (...args: any[]) => T;
type Rule = {
  p: Class<Distribution>;
  q: Class<Distribution>;
  fn: (p: never, q: never) => Tensor | undefined;
};

const rules: Rule[] = [];

/**
 * Registers the analytic KL(p ‖ q) for distributions of classes P and Q (a later
 * registration for the same pair replaces the earlier one). Subclasses match too; the
 * most recently registered matching rule wins. A rule may return `undefined` to decline
 * (e.g. two TransformedDistributions with different bijectors): the lookup then goes on to
 * older matching rules, and throws if none answers.
 * @example
 * ```ts
 * import { registerKL, klDivergence, Logistic, sub, type Tensor } from 'pathwise';
 * registerKL(Logistic, Logistic, (p: Logistic, q: Logistic): Tensor => sub(p.scale, p.scale));
 * klDivergence(new Logistic(0, 1), new Logistic(0, 1)).item(); // 0
 * ```
 */
export function registerKL<P extends Distribution, Q extends Distribution>(
  p: Class<P>,
  q: Class<Q>,
  fn: (p: P, q: Q) => Tensor | undefined,
): void {
  const i = rules.findIndex((r) => r.p === p && r.q === q);
  if (i >= 0) rules.splice(i, 1);
  rules.push({ p, q, fn: fn as Rule['fn'] });
}

/**
 * KL(p ‖ q) = E_p[log p(x) - log q(x)], of the broadcast batch shape, from the
 * registered analytic formulas: Normal–Normal, MultivariateNormal–MultivariateNormal,
 * Gamma–Gamma, Beta–Beta, Bernoulli–Bernoulli, Categorical–Categorical,
 * Exponential–Exponential, Poisson–Poisson, Dirichlet–Dirichlet here, and the pairs of the
 * kl-extra, kl-continuous, kl-multivariate and kl-pairs modules (torch's registry: e.g.
 * Laplace–Normal, Uniform–Gamma, +∞ for Normal–Gamma). Differentiable in the parameters of
 * both.
 * @throws {@link ArgumentError} naming both families if no formula is registered.
 * @example
 * ```ts
 * import { klDivergence, Normal, StudentT } from 'pathwise';
 * klDivergence(new Normal(0, 1), new Normal(1, 2)).item(); // 0.4431471805599453
 * try { klDivergence(new Normal(0, 1), new StudentT(3, 0, 1)); } catch (e) { console.log((e as Error).message); }
 * // klDivergence: no KL divergence is registered for (Normal, StudentT)
 * ```
 */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i];
    if (p instanceof r.p && q instanceof r.q) {
      const kl = (r.fn as (p: Distribution, q: Distribution) => Tensor | undefined)(p, q);
      if (kl !== undefined) return broadcastTo(kl, broadcastShape([p.batchShape, q.batchShape]));
    }
  }
  throw new ArgumentError(
    'klDivergence',
    `no KL divergence is registered for (${p.family}, ${q.family})`,
  );
}

registerKL(Normal, Normal, (p, q) => {
  const ratio = square(div(p.scale, q.scale));
  const t = square(div(sub(p.loc, q.loc), q.scale));
  return mul(0.5, sub(add(ratio, t), add(1, log(ratio))));
});

registerKL(MultivariateNormal, MultivariateNormal, (p, q) => {
  const lp = p.scaleTril;
  const lq = q.scaleTril;
  const d = p.eventShape[0];
  const m = triangularSolve(lq, lp); // Lq⁻¹ Lp
  const trace = sum(square(m), [-2, -1]);
  const y = triangularSolve(lq, expandDims(sub(q.loc, p.loc), -1));
  const maha = sum(square(y), [-2, -1]);
  const diag = (l: Tensor): Tensor => sum(log(sum(mul(l, eye(d)), -1)), -1);
  return add(mul(0.5, sub(add(trace, maha), d)), sub(diag(lq), diag(lp)));
});

registerKL(Gamma, Gamma, (p, q) => {
  const [ap, bp, aq, bq] = [p.concentration, p.rate, q.concentration, q.rate];
  const t1 = sub(mul(sub(ap, aq), digamma(ap)), sub(lgamma(ap), lgamma(aq)));
  const t2 = mul(aq, sub(log(bp), log(bq)));
  return add(add(t1, t2), mul(ap, div(sub(bq, bp), bp)));
});

registerKL(Beta, Beta, (p, q) => {
  const [ap, bp, aq, bq] = [p.concentration1, p.concentration0, q.concentration1, q.concentration0];
  const tp = add(ap, bp);
  const t1 = sub(betaln(aq, bq), betaln(ap, bp));
  const t2 = add(mul(sub(ap, aq), digamma(ap)), mul(sub(bp, bq), digamma(bp)));
  return add(add(t1, t2), mul(sub(add(aq, bq), tp), digamma(tp)));
});

registerKL(Bernoulli, Bernoulli, (p, q) => {
  const pp = p.probs;
  const a = weighted(pp, sub(logP(p), logP(q)));
  const b = weighted(sub(1, pp), sub(logQ(p), logQ(q)));
  return add(a, b);
});

const logP = (d: Bernoulli): Tensor => neg(softplus(neg(d.logits)));
const logQ = (d: Bernoulli): Tensor => neg(softplus(d.logits));

registerKL(Categorical, Categorical, (p, q) => sum(weighted(p.probs, sub(p.logits, q.logits)), -1));

registerKL(Exponential, Exponential, (p, q) => {
  const r = div(q.rate, p.rate);
  return sub(sub(r, log(r)), 1);
});

registerKL(Poisson, Poisson, (p, q) => {
  const [lp, lq] = [p.rate, q.rate];
  return add(sub(weighted(lp, sub(log(lp), log(lq))), lp), lq);
});

registerKL(Dirichlet, Dirichlet, (p, q) => {
  const [ap, aq] = [p.concentration, q.concentration];
  const sp = sum(ap, -1);
  const sq = sum(aq, -1);
  const t1 = sub(sub(lgamma(sp), lgamma(sq)), sum(sub(lgamma(ap), lgamma(aq)), -1));
  const dig = sub(digamma(ap), expandDims(digamma(sp), -1));
  return add(t1, sum(mul(sub(ap, aq), dig), -1));
});
