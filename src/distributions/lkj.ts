/**
 * The LKJ distributions over correlation matrices and their Cholesky factors.
 * @module
 */
import {
  add,
  ArgumentError,
  broadcastTo,
  cholesky,
  concat,
  exp,
  expandDims,
  eye,
  log,
  matmul,
  mul,
  noGrad,
  ones,
  slice,
  sub,
  sum,
  tensor,
  Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { constraints } from './constraints.js';
import { Distribution, type DistributionOptions } from './distribution.js';
import { betaln } from './special.js';
import { mT } from './util.js';

const diagOf = (m: Tensor): Tensor => sum(mul(m, eye(m.shape[m.rank - 1])), -1);

function checkDim(family: string, dim: number): number {
  if (!Number.isInteger(dim) || dim < 2)
    throw new ArgumentError(family, `argument 'dim' must be an integer ≥ 2, got ${dim}`);
  return dim;
}

/**
 * log c_d(η), c_d(η) = ∫ det(C)^(η-1) dC over d × d correlation matrices (Lewandowski,
 * Kurowicka and Joe 2009, eq. 16): Σₖ₌₁^(d-1) [(2η - 2 + d - k)(d - k) log 2 +
 * (d - k) log B(η + (d-k-1)/2, η + (d-k-1)/2)], with stdlib's betaln (no cancellation).
 */
export function lkjLogNormalizer(dim: number, eta: Tensor): Tensor {
  let total = mul(eta, 0);
  for (let k = 1; k < dim; k++) {
    const m = dim - k;
    const b = add(eta, (m - 1) / 2);
    total = add(total, add(mul(add(mul(eta, 2), m - 2), m * Math.LN2), mul(betaln(b, b), m)));
  }
  return total;
}

/** One onion draw of a d × d correlation Cholesky factor into `out` at `at` (row-major). */
function onionDraw(r: Rng, d: number, eta: number, out: Float64Array, at: number): void {
  out[at] = 1;
  for (let i = 1; i < d; i++) {
    // y = |row i off the diagonal|² ~ Beta(i - ½, η + (d - 1 - i)/2); 1 - y from the same gammas
    const g1 = r.gamma(i - 0.5, 1);
    const g0 = r.gamma(eta + (d - 1 - i) / 2, 1);
    const row = at + i * d;
    let norm2 = 0;
    for (let j = 0; j < i; j++) {
      const u = r.normal();
      out[row + j] = u;
      norm2 += u * u;
    }
    const scale = Math.sqrt(g1 / (g1 + g0) / norm2);
    for (let j = 0; j < i; j++) out[row + j] *= scale;
    out[row + i] = Math.sqrt(g0 / (g1 + g0));
  }
}

/** Onion draws of shape `[...shape]` (ending in d, d), η broadcast over the batch. */
function onionSample(shape: number[], eta: Tensor, rng: Rng): Tensor {
  const d = shape[shape.length - 1];
  const n = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const etas = eta.data;
  const out = new Float64Array(n * d * d);
  for (let e = 0; e < n; e++) onionDraw(rng, d, etas[e % etas.length], out, e * d * d);
  return new Tensor(out, shape);
}

/**
 * The LKJ distribution over lower Cholesky factors L of d × d correlation matrices
 * (Lewandowski, Kurowicka and Joe 2009; torch's and NumPyro's LKJCholesky): C = L Lᵀ
 * has density ∝ det(C)^(η-1), so, with respect to the strictly lower entries of L,
 * `log p(L) = Σᵢ₌₁^(d-1) (d - i - 1 + 2(η - 1)) log Lᵢᵢ - log c_d(η)` (i from 0), where
 * c_d(η) = 2^(Σₖ(2η-2+d-k)(d-k)) Πₖ B(η + (d-k-1)/2, η + (d-k-1)/2)^(d-k), k = 1..d-1.
 * η = 1 is uniform over correlation matrices; η > 1 favours the identity, η < 1 strong
 * correlations. Each correlation ρᵢⱼ has (ρ + 1)/2 ~ Beta(η - 1 + d/2, η - 1 + d/2).
 *
 * Sampling is the onion method (as torch): row i is √y·u with u uniform on the sphere
 * in ℝⁱ and y ~ Beta(i - ½, η + (d-1-i)/2), its diagonal √(1 - y). It is not
 * reparameterized (samples are constants on the tape). `mean` is E[L]: zero off the
 * diagonal, E[√(1-y)] = exp(betaln(i - ½, η + (d-i)/2) - betaln(i - ½, η + (d-1-i)/2)) on
 * it. The support is {@link constraints}.corrCholesky, which {@link bijectorFor} maps
 * from ℝ^(d(d-1)/2) by {@link CorrCholesky}, so NUTS and the autoguides take it.
 * @param dim - d, an integer ≥ 2.
 * @param concentration - η > 0 (default 1), any batch shape.
 * @throws {@link ArgumentError} for a bad dim or a concentration that is not positive.
 * @example
 * ```ts
 * import { LKJCholesky, rng } from 'pathwise';
 * const d = new LKJCholesky(2, 2);
 * d.eventShape; // [2, 2]
 * d.logProb([[1, 0], [0.6, 0.8]]).item(); // -0.7339691750802002
 * d.sample([], rng(0)).shape; // [2, 2]
 * d.mean.toArray(); // [[1, 0], [0, 0.8835729338221294]]
 * ```
 */
export class LKJCholesky extends Distribution {
  static override readonly argConstraints = { concentration: constraints.positive };

  /** d. */
  readonly dim: number;

  constructor(dim: number, concentration: TensorLike = 1, options?: DistributionOptions) {
    super({
      family: 'LKJCholesky',
      params: { concentration },
      options,
      eventShape: () => [checkDim('LKJCholesky', dim), dim],
    });
    this.dim = dim;
  }

  /** η. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  get support() {
    return constraints.corrCholesky;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    return onionSample(shape, this.batchEta(), rng);
  }

  /** η broadcast to the batch shape, as a constant. */
  private batchEta(): Tensor {
    return noGrad(() => add(broadcastTo(this.concentration, this.batchShape), 0));
  }

  protected _logProb(x: Tensor): Tensor {
    const d = this.dim;
    const eta = this.concentration;
    const logDiag = slice(
      log(diagOf(x)),
      [...x.shape.slice(0, -2).map(() => 0), 1],
      [...x.shape.slice(0, -2), d - 1],
    );
    const base = tensor(Array.from({ length: d - 1 }, (_, k) => d - k - 2)); // d - i - 1, i = 1..d-1
    const order = add(base, mul(expandDims(sub(eta, 1), -1), 2));
    return sub(sum(mul(order, logDiag), -1), lkjLogNormalizer(d, eta));
  }

  protected override _mean(): Tensor {
    const d = this.dim;
    const eta = expandDims(this.concentration, -1);
    const i = tensor(Array.from({ length: d - 1 }, (_, k) => k + 1));
    const a = sub(i, 0.5);
    const b0 = add(eta, mul(sub(d - 1, i), 0.5));
    const diag = exp(sub(betaln(a, add(b0, 0.5)), betaln(a, b0)));
    const first = ones([...diag.shape.slice(0, -1), 1]);
    return mul(expandDims(concat([first, diag], -1), -1), eye(d));
  }
}

/**
 * The LKJ distribution over d × d correlation matrices C (Lewandowski, Kurowicka and Joe
 * 2009; NumPyro's LKJ, torch's LKJCholesky pushed through C = L Lᵀ): with respect to
 * the d(d-1)/2 entries above the diagonal, `log p(C) = (η - 1) log det C - log c_d(η)`,
 * c_d(η) as in {@link LKJCholesky} (det C from `cholesky`). Sampling draws L by the onion
 * method and returns L Lᵀ (not reparameterized). `mean` is the identity (every
 * correlation is symmetric about 0). The support is {@link constraints}.corrMatrix,
 * reached from ℝ^(d(d-1)/2) by {@link CorrMatrix}.
 * @param dim - d, an integer ≥ 2.
 * @param concentration - η > 0 (default 1), any batch shape.
 * @throws {@link ArgumentError} for a bad dim or a concentration that is not positive.
 * @example
 * ```ts
 * import { LKJ, rng } from 'pathwise';
 * const d = new LKJ(2, 2);
 * d.logProb([[1, 0.6], [0.6, 1]]).item(); // -0.7339691750802002
 * d.mean.toArray(); // [[1, 0], [0, 1]]
 * const c = d.sample([], rng(0));
 * c.data[0]; // 1
 * ```
 */
export class LKJ extends Distribution {
  static override readonly argConstraints = { concentration: constraints.positive };

  /** d. */
  readonly dim: number;

  constructor(dim: number, concentration: TensorLike = 1, options?: DistributionOptions) {
    super({
      family: 'LKJ',
      params: { concentration },
      options,
      eventShape: () => [checkDim('LKJ', dim), dim],
    });
    this.dim = dim;
  }

  /** η. */
  get concentration(): Tensor {
    return this.params.concentration;
  }

  get support() {
    return constraints.corrMatrix;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const eta = noGrad(() => add(broadcastTo(this.concentration, this.batchShape), 0));
    const l = onionSample(shape, eta, rng);
    return unitDiagonal(matmul(l, mT(l)));
  }

  protected _logProb(x: Tensor): Tensor {
    const eta = this.concentration;
    const logDet = mul(sum(log(diagOf(cholesky(x))), -1), 2);
    return sub(mul(sub(eta, 1), logDet), lkjLogNormalizer(this.dim, eta));
  }

  protected override _mean(): Tensor {
    return eye(this.dim);
  }
}

/** c with its diagonal set to exactly 1 (L Lᵀ rounds it), as a new constant tensor. */
function unitDiagonal(c: Tensor): Tensor {
  const d = c.shape[c.rank - 1];
  const out = Float64Array.from(c.data);
  for (let e = 0; e < out.length; e += d * d) for (let i = 0; i < d; i++) out[e + i * (d + 1)] = 1;
  return new Tensor(out, c.shape);
}
