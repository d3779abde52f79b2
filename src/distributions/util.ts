/**
 * Small shared helpers of the distributions: broadcasting, elementwise numeric maps,
 * `xlogy`, per-element sampling.
 * @module
 */
import {
  broadcastTo,
  customGradient,
  equal,
  log,
  log1p,
  logicalAnd,
  mul,
  noGrad,
  smul,
  Tensor,
  transpose,
  where,
  zerosLike,
  type Shape,
} from '../autodiff/index.js';
import { isTracing } from '../autodiff/tape.js';
import type { Rng } from '../random/index.js';

/** The Euler–Mascheroni constant γ = -ψ(1). */
export const EULER = 0.5772156649015329;

/** NumPy broadcast of several shapes (the caller has checked they broadcast). */
export function broadcastShape(shapes: readonly Shape[]): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(n).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = n - s.length + i;
      if (s[i] !== 1) out[j] = s[i];
    }
  }
  return out;
}

/** Whether shapes broadcast together. */
export function broadcasts(shapes: readonly Shape[]): boolean {
  const out = broadcastShape(shapes);
  return shapes.every((s) => s.every((d, i) => d === 1 || d === out[out.length - s.length + i]));
}

/** The tensors broadcast to their common shape (differentiable). */
export function broadcastAll(xs: readonly Tensor[]): Tensor[] {
  const shape = broadcastShape(xs.map((x) => x.shape));
  return xs.map((x) => broadcastTo(x, shape));
}

/** A constant tensor: `f` applied to the elements of same-shape tensors. */
export function mapValues(xs: readonly Tensor[], f: (...v: number[]) => number): Tensor {
  const n = xs[0].size;
  const out = new Float64Array(n);
  const ds = xs.map((x) => x.data);
  if (ds.length === 1) {
    const [a] = ds;
    for (let i = 0; i < n; i++) out[i] = f(a[i]);
  } else if (ds.length === 2) {
    const [a, b] = ds;
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
  } else {
    const args = new Array<number>(ds.length);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < ds.length; k++) args[k] = ds[k][i];
      out[i] = f(...args);
    }
  }
  return new Tensor(out, xs[0].shape);
}

/**
 * An elementwise function of same-shape tensors computed in plain numbers, as an op
 * with zero gradient (for derivatives used inside a VJP: a first-order constant). Unlike
 * {@link mapValues} it is recorded, so under jit it is recomputed at each call.
 */
export function constantOp(
  name: string,
  f: (...v: number[]) => number,
): (...xs: Tensor[]) => Tensor {
  return customGradient(
    (...xs: Tensor[]) => ({
      value: mapValues(xs, f),
      grad: () => xs.map((x) => zerosLike(x)),
    }),
    { name },
  );
}

/** `x · log y`, 0 where x = 0 (even where y = 0): the convention of counts and entropies. */
export function xlogy(x: Tensor | number, y: Tensor): Tensor {
  const zero = noGrad(() => logicalAnd(equal(x, 0), equal(y, 0)));
  return mul(x, log(where(zero, 1, y)));
}

/** `x · log(1 + y)`, 0 where x = 0 (even where y = -1). */
export function xlog1py(x: Tensor | number, y: Tensor): Tensor {
  const zero = noGrad(() => logicalAnd(equal(x, 0), equal(y, -1)));
  return mul(x, log1p(where(zero, 0, y)));
}

/**
 * `where(cond, ifTrue(), ifFalse())`, building only the branch that is needed when every
 * element of `cond` agrees (the caller passes each branch safe inputs). Under jit both
 * branches are always built, so the compiled code is right for any later values.
 */
export function branch(cond: Tensor, ifTrue: () => Tensor, ifFalse: () => Tensor): Tensor {
  if (!isTracing()) {
    const d = cond.data;
    let trues = 0;
    for (let i = 0; i < d.length; i++) trues += d[i] === 1 ? 1 : 0;
    if (trues === d.length) return ifTrue();
    if (trues === 0) return ifFalse();
  }
  return where(cond, ifTrue(), ifFalse());
}

/**
 * Whether a tape could ask for a gradient with respect to t: it is a Variable, was
 * recorded or watched on a tape, or jit is tracing. False means t is a constant, so an
 * op may skip work done only for t's cotangent.
 */
export function mayNeedGradient(t: Tensor): boolean {
  return t._variable || t._node !== null || isTracing();
}

const polynomialOps = new WeakMap<readonly number[], (t: Tensor) => Tensor>();

/** The op t ↦ Σ cᵢ tⁱ: Horner in one loop; its VJP is the derivative polynomial's op. */
function polynomialOp(c: readonly number[]): (t: Tensor) => Tensor {
  let op = polynomialOps.get(c);
  if (op !== undefined) return op;
  const horner = (t: number): number => {
    let acc = c[c.length - 1];
    for (let i = c.length - 2; i >= 0; i--) acc = acc * t + c[i];
    return acc;
  };
  const dc = c.length > 1 ? c.slice(1).map((v, i) => v * (i + 1)) : [0];
  op = customGradient(
    (t: Tensor) => ({
      value: mapValues([t], horner),
      grad: (g: Tensor) => smul(g, polynomialOp(dc)(t)),
    }),
    { name: 'polynomial' },
  );
  polynomialOps.set(c, op);
  return op;
}

/**
 * Σ cᵢ tⁱ (i from 0) by Horner's rule: one op whatever the degree, differentiable to any
 * order (each derivative is the derivative polynomial's op). Pass the same coefficient
 * array each time (the op is cached per array).
 */
export function polynomial(t: Tensor, coefficients: readonly number[]): Tensor {
  return polynomialOp(coefficients)(t);
}

/** The transpose of the last two axes. */
export function mT(x: Tensor): Tensor {
  const r = x.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(x, perm);
}

/**
 * A constant tensor of `shape` whose trailing axes are the parameters' common shape:
 * element i is `draw(rng, p₀[j], p₁[j], ...)` with j = i mod (parameter size).
 */
export function drawEach(
  rng: Rng,
  shape: Shape,
  params: readonly Tensor[],
  draw: (r: Rng, ...p: number[]) => number,
): Tensor {
  const tail = shape.slice(shape.length - broadcastShape(params.map((p) => p.shape)).length);
  const ps = noGrad(() => params.map((p) => broadcastTo(p, tail)));
  const m = ps.length > 0 ? ps[0].size : 1;
  const args = new Array<number>(ps.length);
  let j = 0;
  return rng.tensor(shape, (r) => {
    for (let k = 0; k < ps.length; k++) args[k] = ps[k].data[j];
    j = j + 1 === m ? 0 : j + 1;
    return draw(r, ...args);
  });
}
