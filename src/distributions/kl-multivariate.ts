/**
 * KL divergences of the multivariate families (registered on import), as torch registers
 * them: LowRankMultivariateNormal against LowRankMultivariateNormal and against
 * MultivariateNormal, either way round.
 * @module
 */
import type { Tensor } from '../autodiff/index.js';
import { klDivergence, registerKL } from './kl.js';
import { LowRankMultivariateNormal } from './low-rank-multivariate-normal.js';
import { MultivariateNormal } from './multivariate-normal.js';

/** The same Gaussian as a MultivariateNormal (through the dense Cholesky factor of Σ). */
const dense = (d: LowRankMultivariateNormal): MultivariateNormal =>
  new MultivariateNormal(d.loc, { scaleTril: d.scaleTril, validateArgs: false });

registerKL(LowRankMultivariateNormal, LowRankMultivariateNormal, (p, q): Tensor =>
  klDivergence(dense(p), dense(q)),
);
registerKL(LowRankMultivariateNormal, MultivariateNormal, (p, q): Tensor =>
  klDivergence(dense(p), q),
);
registerKL(MultivariateNormal, LowRankMultivariateNormal, (p, q): Tensor =>
  klDivergence(p, dense(q)),
);
