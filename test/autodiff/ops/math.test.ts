import { describe, expect, it } from 'vitest';
import {
  abs,
  ArgumentError,
  ceil,
  cos,
  digamma,
  erf,
  exp,
  expm1,
  floor,
  grad,
  lgamma,
  log,
  log1p,
  polygamma,
  pow,
  relu,
  round,
  ShapeError,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  tan,
  tanh,
  vjp,
  type TensorLike,
} from '../../../src/index.js';
import {
  anyTensorArb,
  awayFromZero,
  broadcastRef,
  broadcastTensorsArb,
  check,
  cotangentFor,
  expectClose,
  expectGradOk,
  expectSecondOrderOk,
  GradLog,
  lattice,
  namedExamples,
  real,
  union,
  type Domain,
  type Fn,
} from '../../helpers/check.js';

const worst = new GradLog('math');

interface UnaryCase {
  name: string;
  f: Fn;
  dom: Domain;
  ref: (x: number) => number;
  /** Domain of the forward comparison when wider than `dom`. */
  refDom?: Domain;
  /** Tolerance of the forward comparison with `ref` (relative and absolute). */
  tol?: number;
}

const EULER_GAMMA = 0.5772156649015329;
// Gradient checks stay on x > 0: between the poles at -1, -2, -3, ψ has zeros while ψ''
// is large, and the central difference's truncation error h²ψ''/6 (h ≈ 1.6e-5 at
// x ≈ -2.6) exceeds the 1e-10 absolute floor there, through no fault of the op.
// Negative arguments are covered by the forward references and closed-form values.
const gammaGradDomain = real(0.1, 8);
const gammaDomain = union(real(0.1, 8), lattice(0.2, 0.8, -3, -1));

const unaryCases: UnaryCase[] = [
  { name: 'sqrt', f: sqrt, dom: real(0.1, 5), ref: Math.sqrt },
  { name: 'exp', f: exp, dom: real(-3, 3), ref: Math.exp },
  { name: 'expm1', f: expm1, dom: real(-3, 3), ref: Math.expm1 },
  { name: 'log', f: log, dom: real(0.1, 5), ref: Math.log },
  { name: 'log1p', f: log1p, dom: real(-0.9, 5), ref: Math.log1p },
  { name: 'abs', f: abs, dom: awayFromZero(0.05, 3), ref: Math.abs },
  { name: 'sign', f: sign, dom: awayFromZero(0.05, 3), ref: Math.sign },
  {
    name: 'round',
    f: round,
    dom: union(lattice(0.05, 0.45), lattice(0.55, 0.95)),
    ref: Math.round, // no half-integers in the domain, so Math.round agrees
  },
  { name: 'floor', f: floor, dom: lattice(0.05, 0.95), ref: Math.floor },
  { name: 'ceil', f: ceil, dom: lattice(0.05, 0.95), ref: Math.ceil },
  { name: 'sin', f: sin, dom: real(-4, 4), ref: Math.sin },
  { name: 'cos', f: cos, dom: real(-4, 4), ref: Math.cos },
  { name: 'tan', f: tan, dom: real(-1.3, 1.3), ref: Math.tan },
  { name: 'tanh', f: tanh, dom: real(-3, 3), ref: Math.tanh },
  {
    name: 'sigmoid',
    f: sigmoid,
    dom: real(-8, 8),
    ref: (x) => 1 / (1 + Math.exp(-x)), // the naive form, good to a few ulp here
    tol: 1e-15,
  },
  {
    name: 'softplus',
    f: softplus,
    dom: real(-8, 8),
    ref: (x) => Math.log1p(Math.exp(x)), // ~1 ulp each; elementary.test.ts has mpmath's
    tol: 4e-16,
  },
  { name: 'relu', f: relu, dom: awayFromZero(0.05, 3), ref: (x) => Math.max(x, 0) },
  // the references below are independent series, good to ~1e-13
  { name: 'erf', f: erf, dom: real(-3, 3), ref: erfRef, tol: 1e-12 },
  {
    name: 'lgamma',
    f: lgamma,
    dom: gammaGradDomain,
    refDom: gammaDomain,
    ref: lgammaRef,
    tol: 1e-13,
  },
  {
    name: 'digamma',
    f: digamma,
    dom: real(0.2, 8),
    refDom: gammaDomain,
    ref: digammaRef,
    tol: 1e-13,
  },
  {
    name: 'polygamma(1, ·)',
    f: (x) => polygamma(1, x),
    dom: real(0.3, 6),
    ref: trigammaRef,
    tol: 1e-13,
  },
  {
    name: 'polygamma(2, ·)',
    f: (x) => polygamma(2, x),
    dom: real(0.3, 6),
    ref: tetragammaRef,
    tol: 1e-13,
  },
];

describe('elementwise VJPs match float64 central differences', () => {
  it.each(unaryCases)('$name on shapes of rank 0-3', ({ name, f, dom }) => {
    check(anyTensorArb(dom), (x) => expectGradOk(name, f, [x], worst));
  });

  it('pow on broadcasting pairs (positive base) in both arguments', () => {
    const doms = [real(0.3, 3), real(-2, 2)];
    check(broadcastTensorsArb(doms), ([a, b]) => expectGradOk('pow', pow, [a, b], worst), {
      examples: namedExamples(doms),
    });
  });
});

describe('second derivatives (VJP of the VJP) match central differences', () => {
  const second = [
    'sin',
    'cos',
    'exp',
    'expm1',
    'log',
    'log1p',
    'sqrt',
    'tan',
    'tanh',
    'sigmoid',
    'softplus',
    'erf',
    'lgamma',
    'digamma',
  ];
  it.each(unaryCases.filter((c) => second.includes(c.name)))('$name', ({ name, f, dom }) => {
    check(
      anyTensorArb(dom),
      (x) => expectSecondOrderOk(name, f, [x], cotangentFor(f, [x]), worst),
      {
        numRuns: 10,
      },
    );
  });

  it('pow', () => {
    check(
      broadcastTensorsArb([real(0.3, 3), real(-2, 2)]),
      (xs) => expectSecondOrderOk('pow', pow, xs, cotangentFor(pow, xs), worst),
      { numRuns: 10 },
    );
  });

  it('grad(grad(f)) equals the closed-form second derivative', () => {
    const d2 = (f: Fn, x: number): number => grad(grad(f))(x).item();
    for (const x of [-2.3, -0.4, 0.7, 1.9]) {
      expect(d2(sin, x)).toBeCloseTo(-Math.sin(x), 14);
      expect(d2(exp, x)).toBeCloseTo(Math.exp(x), 14);
      const t = Math.tanh(x);
      expect(d2(tanh, x)).toBeCloseTo(-2 * t * (1 - t * t), 14);
      const s = 1 / (1 + Math.exp(-x));
      expect(d2(sigmoid, x)).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 14);
    }
    for (const x of [0.3, 1, 4.5]) {
      expect(d2(log, x)).toBeCloseTo(-1 / (x * x), 12);
      expect(d2(sqrt, x)).toBeCloseTo(-0.25 * x ** -1.5, 13);
    }
    // third derivative through polygamma: d³/dx³ lgamma = ψ''(x); at 1 that is -2ζ(3)
    const d3 = grad(grad(grad(lgamma)))(1).item();
    expect(d3).toBeCloseTo(-2.4041138063191885, 13);
  });
});

describe('forward values', () => {
  it.each(unaryCases)('$name agrees with a scalar reference', ({ f, dom, refDom, ref, tol }) => {
    check(anyTensorArb(refDom ?? dom), (x) =>
      expectClose(f(x), broadcastRef(ref, x), tol ?? 2e-16, tol ?? 0),
    );
  });

  it('pow equals Math.pow on broadcasting pairs', () => {
    const doms = [real(0.3, 3), real(-2, 2)];
    check(broadcastTensorsArb(doms), ([a, b]) =>
      expectClose(pow(a, b), broadcastRef(Math.pow, a, b), 0),
    );
  });

  it('sigmoid of [1, 2, 3] to 8 digits and to full precision', () => {
    const y = sigmoid([1, 2, 3]);
    expectClose(y, [0.73105858, 0.88079708, 0.95257413], 5e-9);
    expectClose(y, [0.7310585786300049, 0.8807970779778823, 0.9525741268224334], 1e-16);
    expect(sigmoid(0).item()).toBe(0.5);
  });

  it('sigmoid keeps full relative precision in both tails', () => {
    const e700 = Math.exp(-700); // 9.86e-305, a normal float64
    expect(sigmoid(-700).item()).toBeGreaterThan(0);
    expectClose(sigmoid(-700), e700, 1e-15);
    expectClose(grad(sigmoid)(-700), e700, 1e-15);
    // at +40, σ rounds to 1, so the naive σ(1 - σ) would give 0; σ(x)σ(-x) keeps e^-40
    expect(sigmoid(40).item()).toBe(1);
    expectClose(grad(sigmoid)(40), Math.exp(-40) / (1 + Math.exp(-40)) ** 2, 1e-15);
    // e^-800 ≈ 3.6e-348 is below the smallest subnormal (4.9e-324): σ(-800) is 0 in
    // float64, and so is its derivative; neither is NaN
    expect(sigmoid(-800).item()).toBe(0);
    expect(grad(sigmoid)(-800).item()).toBe(0);
    expect(sigmoid(800).item()).toBe(1);
    expect(grad(sigmoid)(800).item()).toBe(0);
  });

  it('softplus neither overflows nor loses the tail', () => {
    expect(softplus(1000).item()).toBe(1000);
    expect(grad(softplus)(1000).item()).toBe(1);
    expect(softplus(0).item()).toBe(Math.LN2);
    expectClose(softplus(30), 30 + Math.exp(-30), 1e-16);
    expect(softplus(-700).item()).toBeGreaterThan(0);
    expectClose(softplus(-700), Math.exp(-700), 1e-15);
    expectClose(grad(softplus)(-700), Math.exp(-700), 1e-15);
    // e^-1000 ≈ 5e-435 underflows: softplus(-1000) is exactly 0 (never negative or NaN)
    expect(softplus(-1000).item()).toBe(0);
    expect(grad(softplus)(-1000).item()).toBe(0);
  });

  it('round is half-to-even and keeps the sign of zero', () => {
    const x = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 0.49999999999999994];
    expect(Array.from(round(x).data)).toEqual([0, 2, 2, 4, -0, -2, -2, 2, 3, -3, 0]);
    expect(Object.is(round(-0.5).item(), -0)).toBe(true);
    expect(Object.is(round(-0.2).item(), -0)).toBe(true);
    expect(Object.is(round(0.5).item(), 0)).toBe(true);
    expect(round([4503599627370497, 1e300, -7]).toArray()).toEqual([4503599627370497, 1e300, -7]);
    expect(round(NaN).item()).toBeNaN();
  });

  it('floor, ceil, sign, abs, relu', () => {
    expect(floor([1.7, -1.2, 3]).toArray()).toEqual([1, -2, 3]);
    expect(ceil([1.2, -1.7, 3]).toArray()).toEqual([2, -1, 3]);
    expect(sign([-3, 0, 2]).toArray()).toEqual([-1, 0, 1]);
    expect(sign(NaN).item()).toBeNaN();
    expect(abs([-2, 3, -0]).toArray()).toEqual([2, 3, 0]);
    expect(relu([-1, 2, 0]).toArray()).toEqual([0, 2, 0]);
  });

  it('gradients at the kinks take the documented subgradient 0', () => {
    expect(vjp(abs, [0, -2, 3]).vjp([1, 1, 1])[0].toArray()).toEqual([0, -1, 1]);
    expect(vjp(relu, [0, -2, 3]).vjp([1, 1, 1])[0].toArray()).toEqual([0, 0, 1]);
    for (const f of [sign, round, floor, ceil])
      expect(vjp(f, [0.5, -1.5, 2]).vjp([1, 1, 1])[0].toArray()).toEqual([0, 0, 0]);
  });

  it('lgamma, digamma and polygamma at known points', () => {
    expectClose(lgamma(0.5), Math.log(Math.sqrt(Math.PI)), 2e-16); // log √π
    expectClose(lgamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 2e-16); // Γ(-1/2) = -2√π
    expectClose(lgamma(5), Math.log(24), 2e-16);
    expect(lgamma([1, 2]).toArray()).toEqual([0, 0]);
    expectClose(digamma(1), -EULER_GAMMA, 2e-16);
    expectClose(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, 2e-16);
    expectClose(polygamma(1, 1), Math.PI ** 2 / 6, 2e-16);
    expectClose(polygamma(1, 0.5), Math.PI ** 2 / 2, 2e-16);
    expectClose(polygamma(2, 1), -2.4041138063191885, 2e-16); // -2 ζ(3)
    expectClose(polygamma(0, 2.5), digamma(2.5), 1e-15);
    // the gradient of lgamma is digamma: at 1 it is -γ; at -1.5 and -2.5 (ψ(x+1) = ψ(x) + 1/x)
    // it is ψ(1/2) + 2 + 2/3 and that + 2/5
    expectClose(grad(lgamma)(1), -EULER_GAMMA, 2e-16);
    const psiHalf = -EULER_GAMMA - 2 * Math.LN2;
    expectClose(grad(lgamma)(-1.5), psiHalf + 2 + 2 / 3, 1e-15);
    expectClose(grad(lgamma)(-2.5), psiHalf + 2 + 2 / 3 + 2 / 5, 1e-15);
    // and the gradient of digamma is trigamma: ψ'(-1/2) = π²/2 + 4
    expectClose(grad(digamma)(-0.5), Math.PI ** 2 / 2 + 4, 1e-15);
  });

  it('erf, exp, log, expm1, log1p, tan, tanh at known points', () => {
    expectClose(erf([0.5, -0.5, 0]), [0.5204998778130465, -0.5204998778130465, 0], 2e-16);
    expect(erf([Infinity, -Infinity]).toArray()).toEqual([1, -1]);
    expect(exp(0).item()).toBe(1);
    expect(log(Math.E).item()).toBe(1);
    expect(log([0, -1]).toArray()).toEqual([-Infinity, NaN]);
    expectClose(expm1(1e-10), 1.00000000005e-10, 1e-16);
    expectClose(log1p(1e-10), 9.9999999995e-11, 2.2e-16); // within one ulp
    expectClose(tan(Math.PI / 4), 1, 2e-16);
    expect(tanh(20).item()).toBe(1);
    expect(sqrt([4, 9, 0]).toArray()).toEqual([2, 3, 0]);
  });

  it('pow: gradient in the exponent is 0 where the result is 0', () => {
    expect(pow([2, 3], 2).toArray()).toEqual([4, 9]);
    expect(pow(0, 0).item()).toBe(1);
    const [ga, gb] = vjp(pow, [0, 2], [2, 3]).vjp([1, 1]);
    expect(ga.toArray()).toEqual([0, 12]);
    expect(gb.data[0]).toBe(0); // y = 0: strong zero, not 0 · log 0 = NaN
    expect(gb.data[1]).toBeCloseTo(8 * Math.log(2), 14);
  });
});

describe('bad input', () => {
  it('polygamma rejects a negative or fractional order', () => {
    expect(() => polygamma(-1, 1)).toThrow(ArgumentError);
    expect(() => polygamma(1.5, 1)).toThrow(/polygamma: order n must be a non-negative integer/);
  });

  it('unary ops reject non-numeric data naming the op', () => {
    const bad = [
      [1, 2],
      [3, undefined],
    ] as unknown as TensorLike;
    expect(() => exp(bad)).toThrow(ArgumentError);
    expect(() => exp(bad)).toThrow(/^exp: argument 'x' has a non-numeric value .*at \[1,1\]/);
    expect(() => lgamma('x' as unknown as TensorLike)).toThrow(
      /lgamma: argument 'x' must be a number/,
    );
  });

  it('pow rejects non-broadcasting shapes naming both', () => {
    expect(() => pow([1, 2], [1, 2, 3])).toThrow(ShapeError);
    expect(() => pow([1, 2], [1, 2, 3])).toThrow('pow: cannot broadcast shapes [2] and [3]');
  });
});

// ---------------------------------------------------------------------------------
// Scalar references, independent of stdlib

function erfRef(x: number): number {
  // Taylor series for |x| <= 3 (converges; ~60 terms suffice in float64 here)
  let term = x;
  let s = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    s += add;
    if (Math.abs(add) < 1e-18 * Math.abs(s)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}

/** log|Γ(x)| by recurrence to x >= 10 and Stirling's series (reflection for x < 0.5). */
function lgammaRef(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaRef(1 - x);
  let shift = 0;
  while (x < 10) {
    shift -= Math.log(x);
    x += 1;
  }
  const z = 1 / (x * x);
  const series =
    (1 / x) *
    (1 / 12 -
      z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (1 / 1188 - (691 * z) / 360360)))));
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}

/** ψ(x) by recurrence and the asymptotic series (reflection for x < 0.5). */
function digammaRef(x: number): number {
  if (x < 0.5) return digammaRef(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const z = 1 / (x * x);
  return (
    shift +
    Math.log(x) -
    0.5 / x -
    z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132)))))
  );
}

/** ψ'(x) by recurrence and the asymptotic series. */
function trigammaRef(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += 1 / (x * x);
    x += 1;
  }
  const z = 1 / (x * x);
  return (
    shift +
    1 / x +
    z / 2 +
    (z / x) * (1 / 6 - z * (1 / 30 - z * (1 / 42 - z * (1 / 30 - (z * 5) / 66))))
  );
}

/** ψ''(x) by recurrence and the asymptotic series. */
function tetragammaRef(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 2 / (x * x * x);
    x += 1;
  }
  const z = 1 / (x * x);
  return (
    shift - z - z / x - z * z * (1 / 2 - z * (1 / 6 - z * (1 / 6 - z * (3 / 10 - (z * 5) / 6))))
  );
}
