/**
 * KL divergences for the continuous families of issue 17 (registered on import, from
 * index.ts): ContinuousBernoulli–ContinuousBernoulli.
 * @module
 */
import { add, mul, softplus, sub, type Tensor } from '../autodiff/index.js';
import { ContinuousBernoulli } from './continuous-bernoulli.js';
import { registerKL } from './kl.js';

/**
 * KL(p ‖ q) of two continuous Bernoullis in their logits l_p, l_q:
 * `log C(l_p) - log C(l_q) + E_p[X]·(l_p - l_q) - softplus(l_p) + softplus(l_q)`,
 * registered for `klDivergence`.
 * @example
 * ```ts
 * import { klDivergence, ContinuousBernoulli } from 'pathwise';
 * const p = new ContinuousBernoulli({ probs: 0.3 });
 * klDivergence(p, new ContinuousBernoulli({ probs: 0.8 })).item(); // 0.20494920355937207
 * ```
 */
export function klContinuousBernoulli(p: ContinuousBernoulli, q: ContinuousBernoulli): Tensor {
  const lp = p.logits;
  const lq = q.logits;
  const norm = sub(p.logNormalizer(), q.logNormalizer());
  return add(add(norm, mul(p.mean, sub(lp, lq))), sub(softplus(lq), softplus(lp)));
}

registerKL(ContinuousBernoulli, ContinuousBernoulli, klContinuousBernoulli);
