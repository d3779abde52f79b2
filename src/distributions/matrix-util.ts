/**
 * Small matrix helpers shared by the matrix and multivariate families (internal).
 * @module
 */
import {
  add,
  digamma,
  expandDims,
  eye,
  lgamma,
  log,
  mul,
  sum,
  tensor,
  type Tensor,
} from '../autodiff/index.js';
import { mT } from './util.js';

const LOG_PI = Math.log(Math.PI);

/** The diagonal of the trailing two axes, `[..., n]`. */
export function diagPart(m: Tensor): Tensor {
  return sum(mul(m, eye(m.shape[m.rank - 1])), -1);
}

/** The vector `v` (`[..., n]`) as a diagonal matrix `[..., n, n]`. */
export function diagEmbed(v: Tensor): Tensor {
  return mul(expandDims(v, -1), eye(v.shape[v.rank - 1]));
}

/** Σ log diag L: half the log-determinant of L Lᵀ. */
export function halfLogDet(l: Tensor): Tensor {
  return sum(log(diagPart(l)), -1);
}

/** (M + Mᵀ)/2, exactly symmetric. */
export function symmetrize(m: Tensor): Tensor {
  return mul(add(m, mT(m)), 0.5);
}

/** (0, -½, -1, ..., -(p-1)/2): the shifts of the multivariate gamma function's terms. */
const shifts = (p: number): Tensor => tensor(Array.from({ length: p }, (_, j) => -j / 2));

/** The multivariate log-gamma `log Γ_p(a) = p(p-1)/4 log π + Σ_{j<p} log Γ(a - j/2)`. */
export function mvlgamma(a: Tensor, p: number): Tensor {
  const terms = lgamma(add(expandDims(a, -1), shifts(p)));
  return add(sum(terms, -1), (p * (p - 1) * LOG_PI) / 4);
}

/** The multivariate digamma `ψ_p(a) = Σ_{j<p} ψ(a - j/2)`, the derivative of log Γ_p. */
export function mvdigamma(a: Tensor, p: number): Tensor {
  return sum(digamma(add(expandDims(a, -1), shifts(p))), -1);
}
