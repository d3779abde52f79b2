/**
 * Constraints: the sets that parameters and values live in (torch.distributions'
 * `constraints`, NumPyro's too). A constraint checks values (a 0/1 tensor, one entry per
 * event), describes itself in error messages, offers an interior point to stand in for
 * values outside it, and tells {@link bijectorFor} how to reach it from ℝⁿ.
 * @module
 */
import { isTracing } from '../autodiff/tape.js';
import {
  abs,
  add,
  broadcastTo,
  cholesky,
  equal,
  eye,
  floor,
  full,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  min,
  mul,
  noGrad,
  onesLike,
  reshape,
  sqrt,
  sub,
  sum,
  toTensor,
  triu,
  where,
  zerosLike,
  Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { mT } from './util.js';

/**
 * The kinds of constraint (what {@link bijectorFor} dispatches on).
 * @example
 * ```ts
 * import { constraints, type ConstraintKind } from 'pathwise';
 * const k: ConstraintKind = constraints.interval(0, 1).kind;
 * k; // 'interval'
 * constraints.simplex.kind; // 'simplex'
 * ```
 */
export type ConstraintKind =
  | 'real'
  | 'positive'
  | 'nonNegative'
  | 'unitInterval'
  | 'interval'
  | 'circular'
  | 'halfOpenInterval'
  | 'greaterThan'
  | 'lessThan'
  | 'boolean'
  | 'nonNegativeInteger'
  | 'integerInterval'
  | 'multinomial'
  | 'simplex'
  | 'realVector'
  | 'lowerCholesky'
  | 'corrCholesky'
  | 'positiveDefinite'
  | 'corrMatrix'
  | 'independent';

/** How a {@link Constraint} is made (shown inline in the API docs). @inline */
interface ConstraintSpec {
  kind: ConstraintKind;
  description: string;
  eventDim?: number;
  discrete?: boolean;
  lower?: Tensor;
  upper?: Tensor;
  base?: Constraint;
  /** 0/1 per event (x's shape less `eventDim` axes). */
  test: (x: Tensor) => Tensor;
  /** A point of the set, broadcastable against x. */
  interior: (x: Tensor) => Tensor;
}

/**
 * A set of values: `check(x)` gives 1 per event of x inside it, 0 outside. Use the
 * instances and factories of {@link constraints}.
 * @example
 * ```ts
 * import { constraints } from 'pathwise';
 * constraints.positive.check([1, 0, -2]).toArray(); // [1, 0, 0]
 * constraints.simplex.check([[0.5, 0.5], [0.5, 0.6]]).toArray(); // [1, 0]
 * constraints.interval(0, 2).description; // 'in [0, 2]'
 * ```
 */
export class Constraint {
  /** What kind of set this is. */
  readonly kind: ConstraintKind;
  /** Text for error messages, e.g. `'positive (> 0)'`. */
  readonly description: string;
  /** Number of rightmost axes that form one event (0 elementwise, 1 vectors, 2 matrices). */
  readonly eventDim: number;
  /** True for sets of integers (no bijection to ℝⁿ). */
  readonly discrete: boolean;
  /** The lower bound of interval-like sets. */
  readonly lower: Tensor | undefined;
  /** The upper bound of interval-like sets. */
  readonly upper: Tensor | undefined;
  /** For `independent`, the elementwise constraint. */
  readonly base: Constraint | undefined;
  private readonly spec: ConstraintSpec;
  private readonly inside = new WeakMap<Tensor, true>();

  constructor(spec: ConstraintSpec) {
    this.spec = spec;
    this.kind = spec.kind;
    this.description = spec.description;
    this.eventDim = spec.eventDim ?? 0;
    this.discrete = spec.discrete ?? false;
    this.lower = spec.lower;
    this.upper = spec.upper;
    this.base = spec.base;
  }

  /** 1 for each event of x inside the set, else 0 (NaN is outside every set). */
  check(x: TensorLike): Tensor {
    return noGrad(() => this.spec.test(toTensor(x, `constraints.${this.kind}`, 'x')));
  }

  /**
   * True when every event of x is inside the set. A yes is remembered per tensor (tensors
   * are immutable; Variables are always rechecked), so observed data is checked once.
   */
  contains(x: Tensor): boolean {
    if (isTracing()) return false; // under jit: the general path, built from ops, for any value
    if (this.inside.has(x)) return true;
    const ok = this.check(x).data;
    for (let i = 0; i < ok.length; i++) if (ok[i] !== 1) return false;
    // a Variable's values (or a Variable bound's) can change: not remembered
    if (!x._variable && !this.lower?._variable && !this.upper?._variable) this.inside.set(x, true);
    return true;
  }

  /** A point inside the set, broadcastable against x (a constant). */
  interior(x: Tensor): Tensor {
    return noGrad(() => this.spec.interior(x));
  }

  toString(): string {
    return this.description;
  }
}

const isInteger = (x: Tensor): Tensor => equal(floor(x), x);
const lastAll = (mask: Tensor, n: number): Tensor =>
  n === 0 || mask.rank === 0
    ? mask
    : min(
        mask,
        Array.from({ length: n }, (_, i) => -1 - i),
      );
const elementwise = (
  kind: ConstraintKind,
  description: string,
  test: (x: Tensor) => Tensor,
  interior: (x: Tensor) => Tensor,
  discrete = false,
): Constraint => new Constraint({ kind, description, test, interior, discrete });

/**
 * A bound as a Tensor: the given Tensor itself (not a copy, so that under jit the
 * compiled check reads a traced bound, e.g. Uniform's parameters, at each call).
 */
const bound = (v: TensorLike, name: string): Tensor => toTensor(v, 'constraints', name);

/**
 * 1 where x is finite: one pass over the data (this check runs on every logProb and
 * construction), or tape ops under jit, so that the compiled check reads each call's x.
 */
const finite = (x: Tensor): Tensor => {
  if (isTracing()) return less(abs(x), Infinity);
  const ok = zerosLike(x);
  const d = ok.data;
  const xd = x.data;
  for (let i = 0; i < d.length; i++) d[i] = Number.isFinite(xd[i]) ? 1 : 0;
  return ok;
};

const fmtBound = (t: Tensor): string => (t.size === 1 ? String(t.data[0]) : t.toString());

const anyInfinite = (t: Tensor): boolean => t.data.some((v) => !Number.isFinite(v));

/**
 * A point inside [lo, hi] per entry, for bounds that may be infinite: the midpoint, lo + 1,
 * hi - 1 or 0.
 */
const intervalInterior = (lo: Tensor, hi: Tensor): Tensor => {
  const fl = finite(lo);
  const fh = finite(hi);
  const mid = mul(add(where(fl, lo, 0), where(fh, hi, 0)), 0.5);
  return where(fl, where(fh, mid, add(lo, 1)), where(fh, sub(hi, 1), 0));
};

/**
 * [lo, hi]; an infinite bound leaves that side open, so the set is [lo, hi] ∩ ℝ (±Infinity
 * are outside), and each entry's bijection is that of its kind.
 */
function interval(lower: TensorLike, upper: TensorLike): Constraint {
  const lo = bound(lower, 'lower');
  const hi = bound(upper, 'upper');
  const unbounded = anyInfinite(lo) || anyInfinite(hi);
  const inside = (x: Tensor): Tensor => logicalAnd(greaterEqual(x, lo), lessEqual(x, hi));
  return new Constraint({
    kind: 'interval',
    description: `in [${fmtBound(lo)}, ${fmtBound(hi)}]`,
    lower: lo,
    upper: hi,
    test: unbounded ? (x) => logicalAnd(finite(x), inside(x)) : inside,
    interior: unbounded ? () => intervalInterior(lo, hi) : () => mul(add(lo, hi), 0.5),
  });
}

/** [lo, hi), with infinite bounds as in `interval`. */
function halfOpenInterval(lower: TensorLike, upper: TensorLike): Constraint {
  const lo = bound(lower, 'lower');
  const hi = bound(upper, 'upper');
  const unbounded = anyInfinite(lo) || anyInfinite(hi);
  const inside = (x: Tensor): Tensor => logicalAnd(greaterEqual(x, lo), less(x, hi));
  return new Constraint({
    kind: 'halfOpenInterval',
    description: `in [${fmtBound(lo)}, ${fmtBound(hi)})`,
    lower: lo,
    upper: hi,
    test: unbounded ? (x) => logicalAnd(finite(x), inside(x)) : inside,
    interior: unbounded ? () => intervalInterior(lo, hi) : () => mul(add(lo, hi), 0.5),
  });
}

function greaterThan(lower: TensorLike): Constraint {
  const lo = bound(lower, 'lower');
  return new Constraint({
    kind: 'greaterThan',
    description: `greater than ${fmtBound(lo)}`,
    lower: lo,
    test: (x) => greater(x, lo),
    interior: () => add(lo, 1),
  });
}

function lessThan(upper: TensorLike): Constraint {
  const hi = bound(upper, 'upper');
  return new Constraint({
    kind: 'lessThan',
    description: `less than ${fmtBound(hi)}`,
    upper: hi,
    test: (x) => less(x, hi),
    interior: () => sub(hi, 1),
  });
}

function integerInterval(lower: TensorLike, upper: TensorLike): Constraint {
  const lo = bound(lower, 'lower');
  const hi = bound(upper, 'upper');
  return new Constraint({
    kind: 'integerInterval',
    description: `an integer in [${fmtBound(lo)}, ${fmtBound(hi)}]`,
    lower: lo,
    upper: hi,
    discrete: true,
    test: (x) => logicalAnd(isInteger(x), logicalAnd(greaterEqual(x, lo), lessEqual(x, hi))),
    interior: () => lo,
  });
}

/**
 * Count vectors (last axis) of non-negative integers summing to n (NumPyro's
 * `constraints.multinomial(n)`), discrete; `upper` is n.
 */
function multinomial(totalCount: TensorLike, description?: string): Constraint {
  const n = bound(totalCount, 'totalCount');
  return new Constraint({
    kind: 'multinomial',
    description: description ?? `a vector of non-negative integers summing to ${fmtBound(n)}`,
    eventDim: 1,
    discrete: true,
    upper: n,
    test: (x) => {
      const counts = lastAll(logicalAnd(isInteger(x), greaterEqual(x, 0)), 1);
      return logicalAnd(counts, equal(sum(x, -1), n));
    },
    interior: (x) => {
      const k = x.shape[x.rank - 1];
      const first = new Tensor(
        Float64Array.from({ length: k }, (_, i) => (i === 0 ? 1 : 0)),
        [k],
      );
      return mul(reshape(n, [...n.shape, 1]), first);
    },
  });
}

function independent(base: Constraint, n: number): Constraint {
  return new Constraint({
    kind: 'independent',
    description: base.description,
    eventDim: base.eventDim + n,
    discrete: base.discrete,
    base,
    lower: base.lower,
    upper: base.upper,
    test: (x) => lastAll(base.check(x), n),
    interior: (x) => base.interior(x),
  });
}

const simplex = new Constraint({
  kind: 'simplex',
  description: 'on the simplex (non-negative, summing to 1)',
  eventDim: 1,
  test: (x) => logicalAnd(lastAll(greaterEqual(x, 0), 1), lessEqual(abs(sub(sum(x, -1), 1)), 1e-6)),
  interior: (x) => full(x.shape.slice(-1), 1 / x.shape[x.rank - 1]),
});

const lowerTriangular = (x: Tensor): Tensor => lastAll(equal(triu(x, 1), 0), 2);
const diagonal = (x: Tensor): Tensor => sum(mul(x, eye(x.shape[x.rank - 1])), -1);

const lowerCholesky = new Constraint({
  kind: 'lowerCholesky',
  description: 'a lower-triangular matrix with a positive diagonal',
  eventDim: 2,
  test: (x) => logicalAnd(lowerTriangular(x), lastAll(greater(diagonal(x), 0), 1)),
  interior: (x) => eye(x.shape[x.rank - 1]),
});

/** 1 per matrix of x (`[..., n, n]`) that has a Cholesky factor, 0 per one that has none. */
function choleskyOk(x: Tensor): Tensor {
  try {
    return lastAll(greater(diagonal(cholesky(x)), 0), 1);
  } catch {
    // some matrix of the batch failed: one at a time
    const n = x.shape[x.rank - 1];
    const count = x.size / (n * n || 1);
    const ok = new Float64Array(count);
    for (let b = 0; b < count; b++) {
      try {
        cholesky(new Tensor(x.data.slice(b * n * n, (b + 1) * n * n), [n, n]));
        ok[b] = 1;
      } catch {
        ok[b] = 0;
      }
    }
    return new Tensor(ok, x.shape.slice(0, -2));
  }
}
/** 1 per matrix whose rows have unit Euclidean norm, to torch's tolerance 10·d·eps. */
const unitRows = (x: Tensor): Tensor => {
  const d = x.shape[x.rank - 1];
  const norms = sqrt(sum(mul(x, x), -1));
  return lastAll(lessEqual(abs(sub(norms, 1)), 10 * d * Number.EPSILON), 1);
};

const corrCholesky = new Constraint({
  kind: 'corrCholesky',
  description: 'the lower Cholesky factor of a correlation matrix (positive diagonal, unit rows)',
  eventDim: 2,
  test: (x) => logicalAnd(lowerCholesky.check(x), unitRows(x)),
  interior: (x) => eye(x.shape[x.rank - 1]),
});

const positiveDefinite = new Constraint({
  kind: 'positiveDefinite',
  description: 'a symmetric positive-definite matrix',
  eventDim: 2,
  test: (x) => {
    const symmetric = lastAll(lessEqual(abs(sub(x, mT(x))), 1e-10), 2);
    return logicalAnd(symmetric, choleskyOk(x));
  },
  interior: (x) => eye(x.shape[x.rank - 1]),
});

const corrMatrix = new Constraint({
  kind: 'corrMatrix',
  description: 'a correlation matrix (symmetric positive-definite, unit diagonal)',
  eventDim: 2,
  test: (x) => {
    const d = x.shape[x.rank - 1];
    const unitDiagonal = lastAll(lessEqual(abs(sub(diagonal(x), 1)), 10 * d * Number.EPSILON), 1);
    return logicalAnd(positiveDefinite.check(x), unitDiagonal);
  },
  interior: (x) => eye(x.shape[x.rank - 1]),
});

/**
 * The circle as the angles [-π, π] (NumPyro's `constraints.circular`): an interval to
 * {@link bijectorFor}, of its own kind so that code can tell angles apart.
 */
const circular = new Constraint({
  kind: 'circular',
  description: 'an angle in [-π, π]',
  lower: toTensor(-Math.PI),
  upper: toTensor(Math.PI),
  test: (x) => logicalAnd(greaterEqual(x, -Math.PI), lessEqual(x, Math.PI)),
  interior: (x) => zerosLike(x),
});

/**
 * The constraints: instances for fixed sets, factories for sets with bounds.
 * - `real` (finite), `positive` (> 0), `nonNegative` (≥ 0), `unitInterval` ([0, 1]),
 *   `boolean` ({0, 1}), `nonNegativeInteger`, `simplex` (vectors ≥ 0 summing to 1),
 *   `realVector`, `lowerCholesky` (lower-triangular, positive diagonal),
 *   `corrCholesky` (lower Cholesky factors of correlation matrices: also rows of unit
 *   norm, to 10·d·eps as torch), `positiveDefinite` (symmetric positive-definite
 *   matrices), `corrMatrix` (positive-definite with unit diagonal, to 10·d·eps),
 *   `circular` (angles in [-π, π], as NumPyro);
 * - `interval(lo, hi)` ([lo, hi]), `halfOpenInterval(lo, hi)` ([lo, hi)),
 *   `greaterThan(lo)`, `lessThan(hi)`, `integerInterval(lo, hi)`, `multinomial(n)`
 *   (vectors of non-negative integers summing to n, discrete), and
 *   `independent(c, n)`, which makes the n rightmost axes of c's values one event.
 * @example
 * ```ts
 * import { constraints } from 'pathwise';
 * constraints.unitInterval.check([0, 0.5, 1.5]).toArray(); // [1, 1, 0]
 * constraints.integerInterval(0, 3).check([0, 2.5, 3]).toArray(); // [1, 0, 1]
 * constraints.independent(constraints.positive, 1).check([[1, 2], [1, -2]]).toArray(); // [1, 0]
 * constraints.lowerCholesky.check([[1, 0], [3, 2]]).item(); // 1
 * constraints.corrCholesky.check([[1, 0], [0.6, 0.8]]).item(); // 1
 * constraints.corrMatrix.check([[1, 0.5], [0.5, 1]]).item(); // 1
 * constraints.multinomial(3).check([[1, 2], [1, 1], [-1, 4], [0.5, 2.5]]).toArray(); // [1, 0, 0, 0]
 * ```
 */
export const constraints = {
  real: elementwise('real', 'a finite real number', finite, (x) => zerosLike(x)),
  positive: elementwise(
    'positive',
    'positive (> 0)',
    (x) => greater(x, 0),
    (x) => onesLike(x),
  ),
  nonNegative: elementwise(
    'nonNegative',
    'non-negative (≥ 0)',
    (x) => greaterEqual(x, 0),
    (x) => onesLike(x),
  ),
  unitInterval: elementwise(
    'unitInterval',
    'in [0, 1]',
    (x) => logicalAnd(greaterEqual(x, 0), lessEqual(x, 1)),
    (x) => broadcastTo(0.5, x.shape),
  ),
  boolean: elementwise(
    'boolean',
    '0 or 1',
    (x) => logicalAnd(isInteger(x), logicalAnd(greaterEqual(x, 0), lessEqual(x, 1))),
    (x) => zerosLike(x),
    true,
  ),
  nonNegativeInteger: elementwise(
    'nonNegativeInteger',
    'a non-negative integer',
    (x) => logicalAnd(isInteger(x), greaterEqual(x, 0)),
    (x) => zerosLike(x),
    true,
  ),
  simplex,
  realVector: new Constraint({
    kind: 'realVector',
    description: 'a vector of finite real numbers',
    eventDim: 1,
    test: (x) => lastAll(finite(x), 1),
    interior: (x) => zerosLike(x),
  }),
  lowerCholesky,
  corrCholesky,
  positiveDefinite,
  corrMatrix,
  circular,
  interval,
  halfOpenInterval,
  greaterThan,
  lessThan,
  integerInterval,
  multinomial,
  independent,
};
