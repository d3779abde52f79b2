import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expTable, log1pUnit } from '../../../src/autodiff/ops/elementary.js';
import * as tables from '../../../src/autodiff/ops/elementary-tables.js';
import { sigmoid, softplus } from '../../../src/index.js';

/** [x, hi, lo]: f(x) ≈ hi + lo from mpmath at 300 bits (scripts/elementary-tables.py). */
type Golden = [number, number, number][];
const GOLDEN = JSON.parse(
  readFileSync(new URL('./golden-elementary.json', import.meta.url), 'utf8'),
) as Record<'exp' | 'log1p' | 'softplus' | 'sigmoid', Golden>;

const MIN_NORMAL = 2 ** -1022;

/** The spacing of doubles at |v| (the ulp of the true value's binade). */
function ulp(v: number): number {
  const a = Math.abs(v);
  if (a < MIN_NORMAL) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}

/** Worst error in ulps of `f` over the golden points (normal results / all results). */
function worstUlps(f: (x: number) => number, golden: Golden): { normal: number; all: number } {
  let normal = 0;
  let all = 0;
  for (const [x, hi, lo] of golden) {
    if (hi === 0 || !Number.isFinite(hi)) continue;
    const err = Math.abs(f(x) - hi - lo) / ulp(hi); // f(x) - hi is exact near hi
    all = Math.max(all, err);
    if (Math.abs(hi) >= MIN_NORMAL) normal = Math.max(normal, err);
  }
  return { normal, all };
}

const elementwise = (op: typeof softplus) => (x: number) => op([x]).data[0];

describe('expTable and log1pUnit (the exponential and log1p of sigmoid and softplus)', () => {
  // Math.exp and Math.log1p (V8's fdlibm ports) on the same points, for comparison:
  // 0.52 and 0.73 ulp where normal, both 1 ulp at subnormal results; softplus and
  // sigmoid built on them: 1.26 and 1.46 ulp (the composition's own rounding, the same
  // worst points as with these functions)
  it.each([
    ['expTable', expTable, GOLDEN.exp, 0.51, 1],
    ['log1pUnit', log1pUnit, GOLDEN.log1p, 0.51, 0.51],
    ['softplus', elementwise(softplus), GOLDEN.softplus, 1.3, 1],
    ['sigmoid', elementwise(sigmoid), GOLDEN.sigmoid, 1.5, 1],
  ] as const)('%s is within its ulp bound of mpmath', (_, f, golden, normal, subnormal) => {
    const worst = worstUlps(f, golden);
    expect(golden.length).toBeGreaterThanOrEqual(1000);
    expect(worst.normal).toBeLessThanOrEqual(normal);
    expect(worst.all).toBeLessThanOrEqual(Math.max(normal, subnormal));
  });

  it('expTable is exact or IEEE at the edges', () => {
    expect(expTable(0)).toBe(1);
    expect(expTable(-0)).toBe(1);
    expect(expTable(NaN)).toBeNaN();
    expect(expTable(Infinity)).toBe(Infinity);
    expect(expTable(-Infinity)).toBe(0);
    expect(expTable(709.78)).toBe(Math.exp(709.78)); // the largest finite results agree
    expect(expTable(709.79)).toBe(Infinity);
    expect(expTable(-745.2)).toBe(0);
    expect(expTable(-745.13)).toBe(5e-324);
    for (let k = -1022; k <= 1023; k += 11)
      expect(Math.abs(expTable(k * Math.LN2) / 2 ** k - 1)).toBeLessThan(1e-13);
  });

  it('log1pUnit keeps tiny arguments, and 0, 1 and NaN', () => {
    expect(Object.is(log1pUnit(0), 0)).toBe(true);
    expect(log1pUnit(1)).toBe(Math.LN2);
    expect(log1pUnit(5e-324)).toBe(5e-324);
    expect(log1pUnit(1e-300)).toBe(1e-300);
    expect(log1pUnit(NaN)).toBeNaN();
  });

  it('softplus and sigmoid saturate exactly in the tails', () => {
    expect(softplus([800, -800, 40, -Infinity, Infinity]).toArray()).toEqual([
      800,
      0,
      40,
      0,
      Infinity,
    ]);
    expect(sigmoid([800, -800, 40, -Infinity, Infinity]).toArray()).toEqual([1, 0, 1, 0, 1]);
    expect(softplus([-700]).item()).toBe(expTable(-700));
    expect(softplus([NaN]).item()).toBeNaN();
  });
});

describe('the tables of scripts/elementary-tables.py', () => {
  /** Significant bits of a double (the position of its last set bit, from the top). */
  const bits = (v: number): number => {
    let m = Math.abs(v) / ulp(v); // an integer below 2^53
    let b = 53;
    while (m % 2 === 0 && b > 0) [m, b] = [m / 2, b - 1];
    return b;
  };

  it('keep the products of the argument reductions exact', () => {
    expect(bits(tables.LN2_128_HI)).toBeLessThanOrEqual(35); // k·hi exact for |k| < 2^18
    expect(Math.abs(tables.LN2_128_HI + tables.LN2_128_LO - Math.LN2 / 128)).toBeLessThan(1e-30);
    expect(tables.LOG_INV.length).toBe(257);
    for (const c of tables.LOG_INV) expect(bits(c)).toBeLessThanOrEqual(12); // eh·c exact
    expect([tables.LOG_INV[0], tables.LOG_HI[0], tables.LOG_LO[0]]).toEqual([1, 0, 0]);
    tables.LOG_INV.forEach((c, j) =>
      expect(Math.abs(c * (1 + j / 256) - 1)).toBeLessThan(2 ** -12),
    );
    tables.EXP_HI.forEach((h, j) => expect(Math.abs(h / 2 ** (j / 128) - 1)).toBeLessThan(4e-16));
  });
});
