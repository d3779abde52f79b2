/**
 * The golden-value harness shared by the continuous-family tests: the JSON layout the
 * scripts/golden-*.py scripts write, a relative-error assertion with an explicit choice
 * of how a golden value of 0 is judged, the describe block that checks logProb / cdf
 * at every point and entropy / mean / variance at every parameter set, and the gradient
 * assertion (gradcheck at |analytic - numeric| <= 1e-8 (1 + |numeric|) per element).
 */
import { describe, expect, it } from 'vitest';
import {
  gradcheck,
  tensor,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';

/** A golden number: a JSON number, or a string for NaN / ±Infinity / more digits. */
export type Num = number | string;

/** One family's golden values, as the scripts write them. */
export interface Golden {
  points: { params: number[]; x: number; extreme: boolean; logProb: Num; cdf: Num }[];
  moments: { params: number[]; entropy: Num; mean: Num; variance: Num }[];
}

/** A family built from its parameters, in the order the golden JSON lists them. */
export type Make = (...p: Tensor[]) => Distribution;

/**
 * How a golden value of exactly 0 is judged: `'relative'` keeps the relative error
 * |got - 0| / 1e-300 (so got must be 0 to within ~1e-300·rtol), `'absolute'` takes |got|
 * as the error (so |got| <= rtol passes).
 */
export type ZeroMode = 'relative' | 'absolute';

/** Asserts that `got` matches `want`: NaN and ±Infinity exactly, else by relative error. */
export function expectClose(
  got: number,
  want: Num,
  rtol: number,
  what: string,
  zero: ZeroMode = 'relative',
): void {
  const w = Number(want);
  if (Number.isNaN(w)) {
    expect(Number.isNaN(got), `${what}: got ${got}, want NaN`).toBe(true);
    return;
  }
  if (!Number.isFinite(w)) {
    expect(got, what).toBe(w);
    return;
  }
  const err =
    zero === 'absolute'
      ? w === 0
        ? Math.abs(got)
        : Math.abs(got - w) / Math.abs(w)
      : Math.abs(got - w) / Math.max(Math.abs(w), 1e-300);
  expect(err, `${what}: got ${got}, want ${w}`).toBeLessThanOrEqual(rtol);
}

/**
 * The golden describe block: per family, one test of logProb and cdf at every point
 * (rtol 1e-12, 2e-10 at `extreme` points) and one of entropy, mean and variance (1e-12).
 */
export function describeGolden(
  title: string,
  golden: Record<string, Golden>,
  families: Record<string, Make>,
  zero: ZeroMode,
): void {
  const make = (name: string, params: number[]): Distribution =>
    families[name](...params.map((p) => tensor(p)));
  describe(title, () => {
    for (const [name, g] of Object.entries(golden)) {
      it(`${name}: logProb and cdf`, () => {
        for (const p of g.points) {
          const d = make(name, p.params);
          const tol = p.extreme ? 2e-10 : 1e-12;
          const what = `${name}(${p.params.join(', ')}) at ${p.x}`;
          expectClose(d.logProb(p.x).item(), p.logProb, tol, `logProb ${what}`, zero);
          expectClose(d.cdf(p.x).item(), p.cdf, tol, `cdf ${what}`, zero);
        }
      });

      it(`${name}: entropy, mean and variance`, () => {
        for (const m of g.moments) {
          const d = make(name, m.params);
          const what = `${name}(${m.params.join(', ')})`;
          expectClose(d.entropy().item(), m.entropy, 1e-12, `entropy ${what}`, zero);
          expectClose(d.mean.item(), m.mean, 1e-12, `mean ${what}`, zero);
          expectClose(d.variance.item(), m.variance, 1e-12, `variance ${what}`, zero);
        }
      });
    }
  });
}

// |analytic - numeric| <= 1e-8 (1 + |numeric|) per element
const TOL = { rtol: 1e-8, atol: 1e-8 };

/** Asserts that gradcheck passes without warnings at {@link TOL}. */
export function expectGrad(
  f: (...xs: Tensor[]) => Tensor,
  inputs: TensorLike[],
  what: string,
): void {
  const r = gradcheck(f, inputs, TOL);
  expect(r.warnings, what).toEqual([]);
  expect(r.ok, `${what}: max abs error ${r.maxAbsError}, max relative ${r.maxRelError}`).toBe(true);
}
