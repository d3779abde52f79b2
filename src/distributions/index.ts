/**
 * Distributions: the base class with one file per family, constraints, bijectors and
 * transformed distributions, `Independent`, and the KL registry.
 * @module
 */
export { Distribution, type DistributionOptions } from './distribution.js';
export { LocScale } from './loc-scale.js';
export { Constraint, constraints, type ConstraintKind } from './constraints.js';
export { type ProbsOrLogits } from './probs.js';
export { Normal } from './normal.js';
export { HalfNormal } from './half-normal.js';
export { LogNormal } from './log-normal.js';
export { Uniform } from './uniform.js';
export { Exponential } from './exponential.js';
export { Gamma } from './gamma.js';
export { InverseGamma } from './inverse-gamma.js';
export { Beta } from './beta.js';
export { Cauchy } from './cauchy.js';
export { HalfCauchy } from './half-cauchy.js';
export { StudentT } from './student-t.js';
export { HalfStudentT } from './half-student-t.js';
export { Laplace } from './laplace.js';
export { Logistic } from './logistic.js';
export { Gumbel } from './gumbel.js';
export { Weibull } from './weibull.js';
export { Chi2 } from './chi2.js';
export { Pareto } from './pareto.js';
export { Kumaraswamy } from './kumaraswamy.js';
export { AsymmetricLaplace } from './asymmetric-laplace.js';
export { TruncatedNormal } from './truncated-normal.js';
export { VonMises } from './von-mises.js';
export { SkewNormal } from './skew-normal.js';
export { ContinuousBernoulli } from './continuous-bernoulli.js';
export { FisherSnedecor } from './fisher-snedecor.js';
export { Bernoulli } from './bernoulli.js';
export { Binomial } from './binomial.js';
export { Categorical } from './categorical.js';
export { RelaxedBernoulli, RelaxedBernoulliStraightThrough } from './relaxed-bernoulli.js';
export {
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
} from './relaxed-categorical.js';
export { Poisson } from './poisson.js';
export { Geometric } from './geometric.js';
export { NegativeBinomial } from './negative-binomial.js';
export { GammaPoisson } from './gamma-poisson.js';
export { BetaBinomial } from './beta-binomial.js';
export { ZeroInflatedPoisson } from './zero-inflated-poisson.js';
export { ZeroInflatedNegativeBinomial } from './zero-inflated-negative-binomial.js';
export { Multinomial } from './multinomial.js';
export { OneHotCategorical } from './one-hot-categorical.js';
export { DirichletMultinomial } from './dirichlet-multinomial.js';
export { Dirichlet } from './dirichlet.js';
export { MultivariateNormal, type MvnScale } from './multivariate-normal.js';
export { LowRankMultivariateNormal } from './low-rank-multivariate-normal.js';
export { MultivariateStudentT } from './multivariate-student-t.js';
export { Wishart } from './wishart.js';
export { InverseWishart } from './inverse-wishart.js';
export { GaussianRandomWalk } from './gaussian-random-walk.js';
export { LKJCholesky, LKJ } from './lkj.js';
export { Delta, type DeltaOptions } from './delta.js';
export { ImproperUniform, type ImproperUniformOptions } from './improper-uniform.js';
export { Independent } from './independent.js';
export { MixtureSameFamily, Mixture } from './mixture.js';
export { Bijector, Identity, Exp, Softplus, Sigmoid, Tanh, Affine, Chain } from './bijector.js';
export { StickBreaking } from './stick-breaking.js';
export { LowerCholesky } from './lower-cholesky.js';
export { FillPositiveDefinite } from './fill-positive-definite.js';
export { CorrCholesky, CorrMatrix } from './corr-cholesky.js';
export {
  PowerTransform,
  AbsTransform,
  SoftmaxTransform,
  SoftmaxCentered,
  CumulativeDistributionTransform,
} from './transforms.js';
export { TransformedDistribution } from './transformed.js';
export { bijectorFor } from './bijector-for.js';
export { klDivergence, registerKL } from './kl.js';
import './kl-multivariate.js';
export { extraKLPairs } from './kl-extra.js';
import './kl-continuous.js';
import './kl-pairs.js';
