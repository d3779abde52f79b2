/**
 * Shared test helpers for the op suite: fast-check arbitraries for shapes (including
 * broadcasting pairs and triples) and for values drawn from an op's safe domain, the
 * float64 gradient assertion, and a naive broadcasting reference for forward values.
 *
 * The gradient assertion compares reverse-mode VJPs with the library's `gradcheck`
 * (central differences, h = 6e-6 · max(1, |x|)) and demands, per element,
 * `|a - n| <= 1e-8 · max(|a|, |n|) + 1e-10`.
 *
 * One detail matters at that tolerance: `gradcheck` reduces a non-scalar output y to
 * F = Σ w·y and differences F. F sums every output (up to a few hundred here), so its
 * rounding error is about eps·|F|, and the central difference inherits
 * eps·|F|/h ≈ 4e-11·|F|: up to 1e-6 relative for elements with a small gradient. We therefore check
 * `x ↦ f(x) - f(x0)` instead: same gradient, but F is 0 at x0 and each perturbation
 * changes only the outputs that depend on the perturbed element, so the noise drops
 * to eps·|y_j|/h for the one output involved (the scalar-function figure, ~1e-10).
 */
import fc from 'fast-check';
import { afterAll } from 'vitest';
import {
  gradcheck,
  noGrad,
  sub,
  Tensor,
  vjp,
  type ReduceOptions,
  type TensorLike,
} from '../../src/index.js';

/** fast-check settings shared by every property: fixed seed, ~25 runs. */
export const SEED = 42;
export const RUNS = 25;
/** The gradient tolerance demanded for float64 (per element). */
export const RTOL = 1e-8;
export const ATOL = 1e-10;

export type Shape = number[];
export type Fn = (...xs: Tensor[]) => Tensor;

// ---------------------------------------------------------------------------------
// Shapes

// fast-check biases integers and arrays towards small values in early runs; with ~25
// runs that would mean mostly scalars, so shapes and values are drawn unbiased.

/** A uniformly drawn integer in [min, max]. */
export function uniformInt(min: number, max: number): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min, max }));
}

/** An axis length in 1..4 (size-1 axes included). */
export const axisLength = uniformInt(1, 4);

/** A shape of rank `minRank..maxRank` (default 0..3) with axes of length 1..4. */
export function shapeArb(minRank = 0, maxRank = 3): fc.Arbitrary<Shape> {
  return uniformInt(minRank, maxRank).chain((r) =>
    fc.array(axisLength, { minLength: r, maxLength: r }),
  );
}

/** Pairs that always appear as fixed examples in broadcasting properties. */
export const NAMED_PAIRS: Shape[][] = [
  [
    [3, 1],
    [1, 4],
  ],
  [
    [2, 1, 3],
    [4, 1],
  ],
  [[], [2, 3]],
  [[2, 3], []],
  [
    [4, 1, 2],
    [1, 3, 1],
  ],
  [[3], [2, 1]],
];

/** Triples that always appear as fixed examples in three-way broadcasting properties. */
export const NAMED_TRIPLES: Shape[][] = [
  [[3, 1], [1, 4], []],
  [[2, 1, 3], [4, 1], [1]],
  [[], [2, 3], [3]],
];

/**
 * `count` shapes that broadcast together: each starts from a common shape, drops some
 * leading axes and sets some axes to 1 (so [3,1] with [1,4], [2,1,3] with [4,1], a
 * scalar with [2,3] ... all occur).
 */
export function broadcastShapesArb(count: number): fc.Arbitrary<Shape[]> {
  // drop 0 leading axes half of the time, else 1, 2 or 3; set each axis to 1 w.p. 1/3
  const drop = uniformInt(0, 5).map((k) => Math.max(0, k - 2));
  const one = uniformInt(0, 2).map((k) => k === 0);
  const derived = fc.tuple(drop, fc.array(one, { minLength: 3, maxLength: 3 }));
  return fc
    .tuple(shapeArb(1, 3), fc.array(derived, { minLength: count, maxLength: count }))
    .map(([base, how]) =>
      how.map(([drop, ones]) =>
        base.slice(Math.min(drop, base.length)).map((d, i, s) => (ones[i + 3 - s.length] ? 1 : d)),
      ),
    );
}

// ---------------------------------------------------------------------------------
// Values

/** Where an op's inputs may be drawn from. */
export type Domain = fc.Arbitrary<number>;

/** Doubles drawn uniformly from [lo, hi] (on a grid of 2^30 + 1 points, ends included). */
export function real(lo: number, hi: number): Domain {
  return uniformInt(0, 2 ** 30).map((k) => lo + ((hi - lo) * k) / 2 ** 30);
}

/** ±[lo, hi]: magnitudes in [lo, hi] with either sign (away from 0). */
export function awayFromZero(lo: number, hi: number): Domain {
  return fc.tuple(real(lo, hi), fc.noBias(fc.boolean())).map(([m, s]) => (s ? m : -m));
}

/**
 * k + u with integer k in [kMin, kMax] and u in [uLo, uHi]: values on a lattice with a
 * fixed fractional part range. Two domains with disjoint u ranges never come closer
 * than the gap between the ranges (used for maximum/minimum/clip ties), and u in
 * (0.05, 0.45) ∪ (0.55, 0.95) keeps round/floor/ceil away from their jumps.
 */
export function lattice(uLo: number, uHi: number, kMin = -2, kMax = 2): Domain {
  return fc.tuple(uniformInt(kMin, kMax), real(uLo, uHi)).map(([k, u]) => k + u);
}

/** Either of two domains. */
export function union(a: Domain, b: Domain): Domain {
  return fc.oneof(a, b);
}

/** A tensor of `shape` with entries from `dom`. */
export function tensorArb(shape: Shape, dom: Domain): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return fc
    .array(dom, { minLength: n, maxLength: n })
    .map((v) => new Tensor(Float64Array.from(v), [...shape]));
}

/**
 * A tensor of `shape` whose entries are pairwise at least 0.05 apart (no ties, for
 * max/min and sorting-like ops): distinct multiples of 0.1 plus a jitter in [0, 0.05].
 */
export function distinctTensorArb(shape: Shape): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return fc
    .tuple(
      fc.uniqueArray(uniformInt(-40, 40), { minLength: n, maxLength: n }),
      fc.array(real(0, 0.05), { minLength: n, maxLength: n }),
    )
    .map(
      ([k, u]) =>
        new Tensor(
          Float64Array.from(k, (v, i) => v * 0.1 + u[i]),
          [...shape],
        ),
    );
}

/** A tensor of a random shape (rank 0..3) with entries from `dom`. */
export function anyTensorArb(dom: Domain, minRank = 0, maxRank = 3): fc.Arbitrary<Tensor> {
  return shapeArb(minRank, maxRank).chain((s) => tensorArb(s, dom));
}

/** Tensors of broadcasting shapes, entry i from `doms[i]`. */
export function broadcastTensorsArb(doms: readonly Domain[]): fc.Arbitrary<Tensor[]> {
  return broadcastShapesArb(doms.length).chain((shapes) =>
    fc.tuple(...shapes.map((s, i) => tensorArb(s, doms[i]))),
  );
}

/**
 * Concrete examples (values drawn with a fixed seed) for the named broadcasting pairs
 * or triples, to pass as fast-check `examples` so they are always checked.
 */
export function namedExamples(doms: readonly Domain[]): [Tensor[]][] {
  const named = doms.length === 2 ? NAMED_PAIRS : NAMED_TRIPLES;
  return named.map((shapes, k) => [
    shapes.map(
      (s, i) => fc.sample(tensorArb(s, doms[i]), { seed: SEED + 7 * k + i, numRuns: 1 })[0],
    ),
  ]);
}

/** Runs a property with the suite's fixed seed. */
export function check<T>(
  arb: fc.Arbitrary<T>,
  predicate: (v: T) => unknown,
  options: { numRuns?: number; examples?: [T][] } = {},
): void {
  const run = (v: T): void => {
    predicate(v); // failures throw; a returned value (e.g. GradStats) is not a verdict
  };
  fc.assert(fc.property(arb, run), {
    seed: SEED,
    numRuns: options.numRuns ?? RUNS,
    examples: options.examples ?? [],
  });
}

// ---------------------------------------------------------------------------------
// Gradients

/** What one gradient comparison measured. */
export interface GradStats {
  /** Worst |a - n| / max(|a|, |n|) over elements with max(|a|, |n|) >= 1e-2. */
  worstRel: number;
  /** Worst |a - n| / (RTOL·max(|a|, |n|) + ATOL) over all elements (must be <= 1). */
  worstRatio: number;
}

/** Collects the worst figures per op and prints one summary line per test file. */
export class GradLog {
  private readonly worst = new Map<string, GradStats>();
  constructor(private readonly file: string) {
    afterAll(() => {
      console.log(this.summary());
    });
  }

  /** Keeps the worse of the stored and the new figures for `op`. */
  add(op: string, s: GradStats): void {
    const w = this.worst.get(op) ?? { worstRel: 0, worstRatio: 0 };
    this.worst.set(op, {
      worstRel: Math.max(w.worstRel, s.worstRel),
      worstRatio: Math.max(w.worstRatio, s.worstRatio),
    });
  }

  /** Worst relative error recorded for `op` (undefined if never checked). */
  get(op: string): GradStats | undefined {
    return this.worst.get(op);
  }

  /** `[file] worst relative gradient error: op 1.2e-11, ...`. */
  summary(): string {
    const parts = [...this.worst].map(([op, s]) => `${op} ${s.worstRel.toExponential(1)}`);
    const ratio = Math.max(0, ...[...this.worst.values()].map((s) => s.worstRatio));
    return `[${this.file}] worst relative gradient error vs central differences: ${parts.join(', ')} (worst use of the tolerance ${ratio.toFixed(3)})`;
  }
}

function fmtShape(t: Tensor): string {
  return `[${t.shape.join(',')}]`;
}

/**
 * Asserts that the VJPs of `f` at `inputs` match float64 central differences:
 * `|a - n| <= 1e-8·max(|a|, |n|) + 1e-10` per element, no kink crossed by the
 * perturbation, all finite. Checks `f(x) - f(x0)` (see the module comment). Returns
 * the figures and records them under `op` in `log`.
 */
export function expectGradOk(
  op: string,
  f: Fn,
  inputs: readonly Tensor[],
  log?: GradLog,
): GradStats {
  const y0 = noGrad(() => f(...inputs));
  const r = gradcheck((...xs) => sub(f(...xs), y0), inputs);
  let worstRel = 0;
  let worstRatio = 0;
  r.inputs.forEach((c, k) => {
    for (let i = 0; i < c.analytic.size; i++) {
      const a = c.analytic.data[i];
      const n = c.numeric.data[i];
      const e = Math.abs(a - n);
      const scale = Math.max(Math.abs(a), Math.abs(n));
      const ratio = e / (RTOL * scale + ATOL);
      if (!(Number.isFinite(a) && Number.isFinite(n) && ratio <= 1)) {
        throw new Error(
          `${op}: gradient of input ${k} (shape ${fmtShape(inputs[k])}) at flat index ${i}: ` +
            `analytic ${a}, central difference ${n}, |a - n| = ${e.toExponential(2)} > ` +
            `${RTOL}·${scale.toExponential(2)} + ${ATOL}; inputs ${inputs.map((t) => t.toString()).join(', ')}`,
        );
      }
      worstRatio = Math.max(worstRatio, ratio);
      if (scale >= 1e-2) worstRel = Math.max(worstRel, e / scale);
    }
  });
  if (r.warnings.length > 0) {
    throw new Error(`${op}: the check crossed a kink: ${r.warnings.join('; ')}`);
  }
  const s = { worstRel, worstRatio };
  log?.add(op, s);
  return s;
}

/**
 * Second derivatives through the VJP itself: checks `(x..., g) ↦ vjp(f, x...)(g)[k]`
 * for every input k against central differences, which covers the derivative of the
 * VJP in the primal inputs (the Hessian-vector products) and in the cotangent.
 */
export function expectSecondOrderOk(
  op: string,
  f: Fn,
  inputs: readonly Tensor[],
  g: Tensor,
  log?: GradLog,
): GradStats {
  let worst: GradStats = { worstRel: 0, worstRatio: 0 };
  for (let k = 0; k < inputs.length; k++) {
    const back: Fn = (...args) => {
      const xs = args.slice(0, inputs.length);
      return vjp(f, ...xs).vjp(args[inputs.length])[k];
    };
    const s = expectGradOk(`${op} (2nd order, input ${k})`, back, [...inputs, g]);
    worst = {
      worstRel: Math.max(worst.worstRel, s.worstRel),
      worstRatio: Math.max(worst.worstRatio, s.worstRatio),
    };
  }
  log?.add(`${op}''`, worst);
  return worst;
}

/** A cotangent for `f` at `inputs`: values in [-1.5, -0.5] ∪ [0.5, 1.5], deterministic. */
export function cotangentFor(f: Fn, inputs: readonly Tensor[], seed = 3): Tensor {
  const y = noGrad(() => f(...inputs));
  const d = new Float64Array(y.size);
  for (let i = 0; i < d.length; i++) {
    const u = Math.sin(12.9898 * (i + 1) + 78.233 * seed);
    d[i] = (u >= 0 ? 0.5 : -1.5) + Math.abs(u);
  }
  return new Tensor(d, [...y.shape]);
}

// ---------------------------------------------------------------------------------
// Forward-value references

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** NumPy broadcast of several shapes, written independently of the library. */
export function broadcastShapeRef(...shapes: readonly (readonly number[])[]): number[] {
  const r = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - r + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** Element of `t` at the multi-index `idx` of the broadcast shape (right-aligned). */
export function atBroadcast(t: Tensor, idx: readonly number[]): number {
  let flat = 0;
  const off = idx.length - t.rank;
  for (let i = 0; i < t.rank; i++) {
    const d = t.shape[i];
    flat = flat * d + (d === 1 ? 0 : idx[off + i]);
  }
  return t.data[flat];
}

/** All multi-indices of `shape` in row-major order. */
export function indices(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const idx = shape.map(() => 0);
  const n = sizeOf(shape);
  for (let k = 0; k < n; k++) {
    out.push([...idx]);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Elementwise `fn` over broadcast inputs, by explicit multi-index loops. */
export function broadcastRef(fn: (...v: number[]) => number, ...ts: readonly Tensor[]): Tensor {
  const shape = broadcastShapeRef(...ts.map((t) => t.shape));
  const data = Float64Array.from(indices(shape), (idx) =>
    fn(...ts.map((t) => atBroadcast(t, idx))),
  );
  return new Tensor(data, shape);
}

/** Element of `t` at the multi-index `idx` (same rank). */
export function at(t: Tensor, idx: readonly number[]): number {
  let flat = 0;
  for (let i = 0; i < t.rank; i++) flat = flat * t.shape[i] + idx[i];
  return t.data[flat];
}

/** Sum options over a tensor of rank r: undefined, an axis (maybe negative), a list, keepDims. */
export function reduceOptionsArb(r: number): fc.Arbitrary<ReduceOptions | undefined> {
  if (r === 0) return fc.constantFrom(undefined, { keepDims: true });
  const axes = Array.from({ length: r }, (_, i) => i);
  return fc.oneof(
    fc.constant(undefined),
    fc.tuple(uniformInt(0, r - 1), fc.boolean(), fc.boolean()).map(([a, negative, keepDims]) => ({
      axis: negative ? a - r : a,
      keepDims,
    })),
    fc.tuple(fc.shuffledSubarray(axes, { minLength: 1 }), fc.boolean()).map(([axis, keepDims]) => ({
      axis,
      keepDims,
    })),
  );
}

/** The naive reduction of `x` over `axes` with `op`, with the library's shape rules. */
export function reduceRef(
  x: Tensor,
  options: ReduceOptions | undefined,
  op: (vals: number[]) => number,
): Tensor {
  const r = x.rank;
  const raw = options?.axis;
  const axes =
    raw === undefined
      ? Array.from({ length: r }, (_, i) => i)
      : (typeof raw === 'number' ? [raw] : [...raw]).map((a) => (a < 0 ? a + r : a));
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups = new Map<string, number[]>();
  for (const idx of indices(x.shape)) {
    const key = idx.map((v, i) => (axes.includes(i) ? 0 : v)).join(',');
    groups.set(key, [...(groups.get(key) ?? []), at(x, idx)]);
  }
  const data = Float64Array.from(indices(kept), (idx) => op(groups.get(idx.join(',')) ?? []));
  const out = options?.keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  return new Tensor(data, out);
}

/** Asserts same shape and every element within `rtol` relative (NaN matches NaN). */
export function expectClose(actual: Tensor, expected: TensorLike, rtol = 1e-14, atol = 0): void {
  const e = expected instanceof Tensor ? expected : toTensorRef(expected);
  if (actual.shape.join(',') !== e.shape.join(',')) {
    throw new Error(`shape ${fmtShape(actual)} differs from expected ${fmtShape(e)}`);
  }
  for (let i = 0; i < actual.size; i++) {
    const a = actual.data[i];
    const b = e.data[i];
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue;
    if (!(Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b)))) {
      throw new Error(
        `element ${i}: got ${a}, expected ${b} (rel. error ${(Math.abs(a - b) / Math.abs(b)).toExponential(2)})`,
      );
    }
  }
}

function toTensorRef(x: TensorLike): Tensor {
  if (typeof x === 'number') return new Tensor(Float64Array.of(x), []);
  const shape: number[] = [];
  let p: unknown = x;
  while (Array.isArray(p)) {
    shape.push(p.length);
    p = p[0];
  }
  return new Tensor(Float64Array.from((x as unknown[]).flat(Infinity) as number[]), shape);
}
