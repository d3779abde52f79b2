/**
 * Gradient checking: reverse-mode gradients against float64 central differences.
 *
 * Central difference `(f(x+h) - f(x-h)) / 2h` has truncation error O(h²) and rounding
 * error O(eps/h); the best step is `h ≈ (3·eps)^(1/3)·max(1, |x|) ≈ 6e-6·max(1, |x|)`,
 * which agrees with an exact gradient to about 1e-10 relative on smooth functions.
 * @module
 */
import { ArgumentError } from './errors.js';
import { noGrad } from './tape.js';
import { Tensor, toTensor, type TensorLike } from './tensor.js';
import { vjp } from './grad.js';
import { mul } from './ops/arithmetic.js';
import { sum } from './ops/structure.js';

/**
 * Options of {@link gradcheck} and {@link numericalGradient}.
 * @example
 * ```ts
 * import { gradcheck, sqrt, type GradcheckOptions } from 'pathwise';
 * const strict: GradcheckOptions = { rtol: 1e-9, atol: 0 };
 * gradcheck(sqrt, [[1, 4, 9]], strict).ok; // true
 * ```
 */
export interface GradcheckOptions {
  /** Relative step: h = eps · max(1, |x|) (default 6e-6, optimal for central differences in float64). */
  eps?: number;
  /** Absolute tolerance per element (default 1e-8). */
  atol?: number;
  /** Relative tolerance per element (default 1e-6). */
  rtol?: number;
}

/**
 * The comparison for one input of {@link gradcheck}.
 * @example
 * ```ts
 * import { gradcheck, mul, type InputCheck } from 'pathwise';
 * const [cx, cy]: InputCheck[] = gradcheck((x, y) => mul(x, y), [[1, 2], 3]).inputs;
 * cx.maxRelError < 1e-9; // true
 * cy.kinks; // []
 * ```
 */
export interface InputCheck {
  /** The reverse-mode gradient (of the weighted sum of f, if f is not scalar). */
  analytic: Tensor;
  /** The central-difference gradient (of the same weighted sum). */
  numeric: Tensor;
  /** max |a - n| over elements. */
  maxAbsError: number;
  /** max |a - n| / max(|a|, |n|, 1e-300) over elements. */
  maxRelError: number;
  /** ‖a - n‖ / ‖a + n‖ (the figure of the classic course exercise; 0 when both are 0). */
  normRatio: number;
  /** Flat indices where a ±h perturbation crosses a kink or a jump (results there are unreliable). */
  kinks: number[];
}

/**
 * The result of {@link gradcheck}.
 * @example
 * ```ts
 * import { gradcheck, abs, type GradcheckResult } from 'pathwise';
 * const r: GradcheckResult = gradcheck(abs, [[0, 2]]);
 * r.ok; // true
 * r.inputs[0].kinks; // [0]: x ± h crosses the kink of |x| at 0
 * r.warnings.length; // 1
 * ```
 */
export interface GradcheckResult {
  /** Every element satisfies |a - n| ≤ atol + rtol · max(|a|, |n|). */
  ok: boolean;
  /** The worst absolute error over all inputs. */
  maxAbsError: number;
  /** The worst relative error over all inputs. */
  maxRelError: number;
  /** One entry per input. */
  inputs: InputCheck[];
  /** Human-readable warnings (kinks crossed by a perturbation). */
  warnings: string[];
}

/** Fixed, well-spread weights that reduce a non-scalar output to a scalar. */
function projection(shape: readonly number[], size: number): Tensor {
  const w = new Float64Array(size);
  if (size === 1)
    w[0] = 1; // a scalar output is its own projection
  else for (let i = 0; i < size; i++) w[i] = 0.5 + 0.5 * Math.sin(1.7 * i + 0.3);
  return new Tensor(w, shape);
}

/** Evaluates `Σ w · (f(xs) - f(x₀))`; `scale` is `|Σ w · f(x₀)|`. */
type Evaluator = ((xs: Tensor[]) => number) & { scale: number };

/**
 * Reduces f to a scalar with fixed weights w, measured from f(x₀): differencing each
 * output element before summing keeps the rounding noise of the sum (which grows with
 * the number of outputs and their size) out of the finite differences.
 */
function scalarized(f: (...xs: Tensor[]) => Tensor, xs: Tensor[]): { fx: Evaluator; w: Tensor } {
  const y0 = noGrad(() => toTensor(f(...xs), 'gradcheck', 'the value of f'));
  const w = projection(y0.shape, y0.size);
  const fx = ((args: Tensor[]): number => {
    const y = noGrad(() => toTensor(f(...args), 'gradcheck', 'the value of f'));
    let s = 0;
    for (let i = 0; i < y.size; i++) s += w.data[i] * (y.data[i] - y0.data[i]);
    return s;
  }) as Evaluator;
  fx.scale = Math.abs(noGrad(() => sum(mul(y0, w)).item()));
  return { fx, w };
}

interface Numeric {
  grads: Tensor[];
  kinks: number[][];
}

function differences(fx: Evaluator, xs: Tensor[], eps: number): Numeric {
  const f0 = fx(xs);
  const grads: Tensor[] = [];
  const kinks: number[][] = [];
  for (let a = 0; a < xs.length; a++) {
    const x = xs[a];
    const g = new Float64Array(x.size);
    const ks: number[] = [];
    for (let i = 0; i < x.size; i++) {
      const at = (delta: number): number => {
        const d = Float64Array.from(x.data);
        d[i] += delta;
        const args = xs.slice();
        args[a] = new Tensor(d, x.shape);
        return fx(args);
      };
      const xi = x.data[i];
      const h = eps * Math.max(1, Math.abs(xi));
      const hp = xi + h - xi; // the step actually representable
      const hm = xi - (xi - h);
      const fp = at(hp);
      const fm = at(-hm);
      const d1 = (fp - fm) / (hp + hm);
      g[i] = d1;
      // Kink test: the one-sided slopes differ by h·f'' on smooth f (so halving h halves
      // the gap); across a kink or a jump the gap does not shrink like that.
      const s1 = (fp - 2 * f0 + fm) / h;
      const s2 = (at(h / 2) - 2 * f0 + at(-h / 2)) / (h / 2);
      if (Math.abs(s1 - 2 * s2) > 1e-5 * Math.max(1, Math.abs(d1), fx.scale)) ks.push(i);
    }
    grads.push(new Tensor(g, x.shape));
    kinks.push(ks);
  }
  return { grads, kinks };
}

/**
 * Central-difference gradient of `f` (summed against fixed weights if not scalar) with
 * respect to every input, in float64 with the step of {@link GradcheckOptions.eps}.
 * @example
 * ```ts
 * import { numericalGradient, mul } from 'pathwise';
 * numericalGradient((x) => mul(x, x), [3])[0].item(); // ≈ 6
 * ```
 */
export function numericalGradient(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly TensorLike[],
  options: GradcheckOptions = {},
): Tensor[] {
  const xs = inputs.map((x, i) => toTensor(x, 'numericalGradient', `inputs[${i}]`));
  return differences(scalarized(f, xs).fx, xs, options.eps ?? 6e-6).grads;
}

/**
 * Compares reverse-mode gradients of `f` at `inputs` with float64 central differences,
 * element by element, and warns where a perturbation crosses a kink (|x| at 0, relu at
 * 0, a `where` boundary, round at a half-integer). A non-scalar output is reduced with
 * fixed weights (the same for both sides).
 * @throws {@link ArgumentError} if `eps` is not in (0, 0.1).
 * @example
 * ```ts
 * import { gradcheck, exp, mul } from 'pathwise';
 * const r = gradcheck((x, y) => mul(exp(x), y), [[0.5, -1], [2, 3]]);
 * r.ok; // true
 * r.maxRelError < 1e-9; // true
 * ```
 */
export function gradcheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly TensorLike[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 6e-6, atol = 1e-8, rtol = 1e-6 } = options;
  if (!(eps > 0 && eps < 0.1))
    throw new ArgumentError('gradcheck', `eps must be in (0, 0.1), got ${eps}`);
  const xs = inputs.map((x, i) => toTensor(x, 'gradcheck', `inputs[${i}]`));
  const { fx, w } = scalarized(f, xs);
  const analytic = vjp(f, ...xs).vjp(w);
  const { grads, kinks } = differences(fx, xs, eps);
  let ok = true;
  let maxAbs = 0;
  let maxRel = 0;
  const warnings: string[] = [];
  const checks = xs.map((_, k): InputCheck => {
    const a = analytic[k].data;
    const n = grads[k].data;
    let ia = 0;
    let ir = 0;
    let diff2 = 0;
    let sum2 = 0;
    for (let i = 0; i < a.length; i++) {
      const e = Math.abs(a[i] - n[i]);
      const scale = Math.max(Math.abs(a[i]), Math.abs(n[i]));
      const r = e === 0 ? 0 : e / Math.max(scale, 1e-300);
      if (!(e <= atol + rtol * scale)) ok = false;
      ia = Math.max(ia, e);
      ir = Math.max(ir, r);
      diff2 += (a[i] - n[i]) ** 2;
      sum2 += (a[i] + n[i]) ** 2;
    }
    if (kinks[k].length > 0) {
      warnings.push(
        `input ${k}: a ±h perturbation crosses a kink or a jump at flat index ${kinks[k].slice(0, 5).join(', ')}${kinks[k].length > 5 ? ', ...' : ''}; finite differences are unreliable there`,
      );
    }
    maxAbs = Math.max(maxAbs, ia);
    maxRel = Math.max(maxRel, ir);
    return {
      analytic: analytic[k],
      numeric: grads[k],
      maxAbsError: ia,
      maxRelError: ir,
      normRatio: diff2 === 0 ? 0 : Math.sqrt(diff2) / Math.sqrt(sum2),
      kinks: kinks[k],
    };
  });
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, inputs: checks, warnings };
}
