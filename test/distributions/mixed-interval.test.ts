/**
 * Intervals whose bounds mix finite and infinite entries in one batch (issue 17): the
 * bijector of `bijectorFor` (entry by entry: Sigmoid·Affine on [a, b], Exp·Affine on
 * [a, ∞) and (-∞, b], Identity on ℝ) round-trips, has the log |dy/dx| of autodiff, passes
 * gradcheck in x and in the finite bounds, forms no NaN, and has the bits of the one-kind
 * bijectors; batches of one kind keep today's bijectors; check and interior are right
 * entry by entry; NUTS and an autoNormal SVI run on a TruncatedNormal with mixed bounds.
 */
import { describe, expect, it } from 'vitest';
import {
  Adam,
  Affine,
  autoNormal,
  bijectorFor,
  broadcastTo,
  Chain,
  constraints,
  Exp,
  grad,
  gradcheck,
  Identity,
  mcmc,
  mcseMean,
  nuts,
  sample,
  Sigmoid,
  sub,
  sum,
  svi,
  tensor,
  TruncatedNormal,
  where,
  type Bijector,
  type Shape,
  type Tensor,
} from '../../src/index.js';
import { MixedInterval } from '../../src/distributions/mixed-interval.js';
import { rel } from '../helpers/linalg.js';

const INF = Infinity;

interface Case {
  label: string;
  low: number[] | number[][];
  high: number[] | number[][];
  /** Points of the unconstrained space, broadcastable against the bounds. */
  x: number[] | number[][];
}

const CASES: Case[] = [
  { label: 'three kinds', low: [-1, -INF, 0], high: [INF, 2, 1], x: [-1.3, 0.4, 2.2] },
  {
    label: 'four kinds, wide and narrow',
    low: [-INF, 0.5, -INF, -30, 7],
    high: [INF, INF, 10, 40, 9],
    x: [-2.9, 3.1, -0.7, 1.9, -1.6],
  },
  // broadcast [2, 1] against [2]: (-1, ∞), (-1, 3), (-∞, ∞), (-∞, 3)
  { label: 'four kinds by broadcasting', low: [[-1], [-INF]], high: [INF, 3], x: [-2.5, 1.5] },
];

const bijectorOf = (c: Case): Bijector => bijectorFor(constraints.interval(c.low, c.high));

/** The shape of forward(x): x and the bounds broadcast. */
const shapeOf = (c: Case): Shape => bijectorOf(c).forward(c.x).shape;
/** A bound or x broadcast to that shape. */
const full = (c: Case, v: number[] | number[][]): Tensor => broadcastTo(tensor(v), shapeOf(c));
/** ... and flat. */
const flat = (c: Case, v: number[] | number[][]): number[] => Array.from(full(c, v).data);

describe('bijectorFor(interval) with mixed finite and infinite bounds', () => {
  for (const c of CASES) {
    describe(c.label, () => {
      const b = bijectorOf(c);
      const x = tensor(c.x);

      it('is the entry-by-entry map, with the bits of the one-kind bijectors', () => {
        expect(b).toBeInstanceOf(MixedInterval);
        const [lo, hi, xs] = [flat(c, c.low), flat(c, c.high), flat(c, c.x)];
        const [y, back, ldj] = [b.forward(x), b.inverse(b.forward(x)), b.logDetJacobian(x)];
        xs.forEach((xi, i) => {
          const one = bijectorFor(constraints.interval(lo[i], hi[i]));
          expect(one).not.toBeInstanceOf(MixedInterval);
          expect(y.data[i]).toEqual(one.forward(xi).item());
          expect(back.data[i]).toEqual(one.inverse(one.forward(xi)).item());
          expect(ldj.data[i]).toEqual(one.logDetJacobian(xi).item());
        });
      });

      it('round-trips to 1e-14 and lands inside', () => {
        const xs = flat(c, c.x);
        const y = b.forward(x);
        expect(Array.from(b.codomain.check(y).data)).toEqual(xs.map(() => 1));
        const back = b.inverse(y).data;
        const err = Math.max(...xs.map((v, i) => Math.abs(back[i] - v) / Math.max(1, Math.abs(v))));
        expect(err).toBeLessThanOrEqual(1e-14);
      });

      it('has the log |dy/dx| of autodiff', () => {
        const d = grad((v: Tensor) => sum(b.forward(v)))(full(c, c.x)).data;
        const ldj = b.logDetJacobian(full(c, c.x)).data;
        const xs = flat(c, c.x);
        const err = Math.max(...xs.map((_, i) => rel(ldj[i], Math.log(Math.abs(d[i])))));
        expect(err).toBeLessThanOrEqual(1e-14);
      });

      it('passes gradcheck at 1e-8 in x, through forward, inverse and logDetJacobian', () => {
        const tol = { atol: 1e-8, rtol: 1e-8 };
        const xs = full(c, c.x);
        const checks: [(v: Tensor) => Tensor, Tensor][] = [
          [(v) => b.forward(v), xs],
          [(v) => b.logDetJacobian(v), xs],
          [(v) => b.inverse(v), b.forward(xs)],
        ];
        for (const [f, at] of checks) {
          const r = gradcheck(f, [at], tol);
          expect(r.ok, `maxRel ${r.maxRelError}, maxAbs ${r.maxAbsError}`).toBe(true);
        }
      });
    });
  }

  it('passes gradcheck at 1e-8 in the finite bounds', () => {
    const inf = [false, true, false, false, true];
    const lowAt = (v: Tensor): Tensor => where(inf, -INF, v);
    const highAt = (v: Tensor): Tensor => where([true, false, false, true, false], INF, v);
    const lo = [-1, 0, 0.5, -2, 0];
    const hi = [0, 2, 1.5, 0, 3];
    const x = [0.3, -1.1, 1.7, 0.9, -0.4];
    const fwd = (l: Tensor, h: Tensor): Tensor => new MixedInterval(lowAt(l), highAt(h)).forward(x);
    const ldj = (l: Tensor, h: Tensor): Tensor =>
      new MixedInterval(lowAt(l), highAt(h)).logDetJacobian(x);
    const inv = (l: Tensor, h: Tensor): Tensor => {
      const m = new MixedInterval(lowAt(l), highAt(h));
      return m.inverse(new MixedInterval(lowAt(tensor(lo)), highAt(tensor(hi))).forward(x));
    };
    const tol = { atol: 1e-8, rtol: 1e-8 };
    for (const f of [fwd, ldj, inv]) expect(gradcheck(f, [lo, hi], tol).ok).toBe(true);
    // the infinite entries get a zero gradient, not NaN
    const g = grad((l: Tensor) => sum(new MixedInterval(l, highAt(tensor(hi))).forward(x)))(
      tensor([-1, -INF, 0.5, -2, -INF]),
    );
    expect(Array.from(g.data).every(Number.isFinite)).toBe(true);
    expect([g.data[1], g.data[4]]).toEqual([0, 0]);
  });

  it('forms no NaN: values and gradients stay finite or ±Infinity far out', () => {
    const b = bijectorFor(constraints.interval([-1, -INF, 0, -INF], [INF, 2, 1, INF]));
    for (const v of [-800, -40, 0, 40, 800]) {
      const x = tensor([v, v, v, v]);
      const outs = [
        b.forward(x),
        b.logDetJacobian(x),
        grad((u: Tensor) => sum(b.forward(u)))(x),
        grad((u: Tensor) => sum(b.logDetJacobian(u)))(x),
      ];
      for (const o of outs) expect(Array.from(o.data).some(Number.isNaN), `x = ${v}`).toBe(false);
    }
    // the inverse of points inside, including the bounds' neighbourhoods
    const y = tensor([-1 + 1e-12, 2 - 1e-12, 0.5, 1e300]);
    expect(Array.from(b.inverse(y).data).every(Number.isFinite)).toBe(true);
    const gy = grad((u: Tensor) => sum(b.inverse(u)))(y);
    expect(Array.from(gy.data).every(Number.isFinite)).toBe(true);
  });
});

describe('batches of one kind keep their bijectors, bit for bit', () => {
  const x = tensor([-2.7, -0.3, 0, 1.1, 3.4]);
  const lo = [-1, 0.25, 3, -7, 0];
  const hi = [2, 0.5, 9, -6, 1e-3];
  const CASES: [string, Bijector, Bijector][] = [
    [
      'all finite',
      bijectorFor(constraints.interval(lo, hi)),
      new Chain([new Sigmoid(), new Affine(lo, sub(hi, lo))]),
    ],
    [
      'all [a, ∞)',
      bijectorFor(new TruncatedNormal(0, 1, lo, INF).support),
      new Chain([new Exp(), new Affine(lo, 1)]),
    ],
    [
      'all [a, ∞), as an interval',
      bijectorFor(constraints.interval(lo, INF)),
      bijectorFor(constraints.greaterThan(lo)),
    ],
    [
      'all (-∞, b]',
      bijectorFor(new TruncatedNormal(0, 1, -INF, hi).support),
      new Chain([new Exp(), new Affine(hi, -1)]),
    ],
    [
      'all (-∞, b], as an interval',
      bijectorFor(constraints.interval(-INF, hi)),
      bijectorFor(constraints.lessThan(hi)),
    ],
    ['all (-∞, ∞)', bijectorFor(constraints.interval([-INF, -INF], INF)), new Identity()],
  ];
  for (const [label, got, want] of CASES) {
    it(label, () => {
      expect(got.name).toBe(want.name);
      expect(got.forward(x).toArray()).toEqual(want.forward(x).toArray());
      expect(got.logDetJacobian(x).toArray()).toEqual(want.logDetJacobian(x).toArray());
      const y = want.forward(x);
      expect(got.inverse(y).toArray()).toEqual(want.inverse(y).toArray());
    });
  }
});

describe('check and interior with infinite bounds', () => {
  const CASES: [string, ReturnType<typeof constraints.interval>][] = [
    ['constraints.interval', constraints.interval([-1, -INF, 0, -INF], [INF, 2, 1, INF])],
    [
      'TruncatedNormal.support',
      new TruncatedNormal(0, 1, [-1, -INF, 0, -INF], [INF, 2, 1, INF]).support,
    ],
  ];
  for (const [label, c] of CASES) {
    it(label, () => {
      expect(c.kind).toBe('interval');
      expect(c.check([-1, 2, 0, -1e300]).toArray()).toEqual([1, 1, 1, 1]);
      expect(c.check([1e300, -1e300, 1, 1e300]).toArray()).toEqual([1, 1, 1, 1]);
      expect(c.check([-1.5, 2.5, 1.5, NaN]).toArray()).toEqual([0, 0, 0, 0]);
      // an infinite bound is open: ±Infinity are outside everywhere
      expect(c.check([INF, -INF, INF, INF]).toArray()).toEqual([0, 0, 0, 0]);
      expect(c.check([-INF, -INF, -INF, -INF]).toArray()).toEqual([0, 0, 0, 0]);
      const p = c.interior(tensor([0, 0, 0, 0]));
      expect(Array.from(p.data).every(Number.isFinite)).toBe(true);
      expect(c.check(p).toArray()).toEqual([1, 1, 1, 1]);
    });
  }

  it('halfOpenInterval too', () => {
    const c = constraints.halfOpenInterval([-1, -INF], [INF, 2]);
    expect(c.check([-1, 1.999]).toArray()).toEqual([1, 1]);
    expect(c.check([INF, 2]).toArray()).toEqual([0, 0]);
    expect(c.check(c.interior(tensor([0, 0]))).toArray()).toEqual([1, 1]);
    expect(bijectorFor(c).forward([0, 0]).toArray()).toEqual([0, 1]);
  });

  it('all-finite intervals are unchanged', () => {
    const c = constraints.interval([0, 1], [2, 5]);
    expect(c.interior(tensor([0, 0])).toArray()).toEqual([1, 3]);
    expect(c.check([2, 5.5]).toArray()).toEqual([1, 0]);
  });
});

describe('inference on a TruncatedNormal with mixed bounds', () => {
  const loc = [0.3, 0.5, -0.2];
  const low = [-1, -INF, 0];
  const high = [INF, 2, 0.4];
  const model = (): void => void sample('x', new TruncatedNormal(loc, 1, low, high));

  it('NUTS recovers the truncated means within 4 MCSE', () => {
    const r = mcmc(model, {
      numWarmup: 300,
      numSamples: 600,
      numChains: 2,
      seed: 3,
      kernel: nuts(),
    });
    const exact = new TruncatedNormal(loc, 1, low, high).mean.data;
    const [c, d] = r.samples.x.shape;
    for (let j = 0; j < 3; j++) {
      const cs = Array.from({ length: c }, (_, ci) =>
        Float64Array.from({ length: d }, (_, i) => r.samples.x.data[(ci * d + i) * 3 + j]),
      );
      const m = cs.flatMap((ch) => Array.from(ch)).reduce((a, v) => a + v, 0) / (c * d);
      expect(Math.abs(m - exact[j]), `entry ${j}`).toBeLessThan(4 * mcseMean(cs));
    }
    expect(r.numDivergences).toBe(0);
  });

  it('an autoNormal SVI has finite losses', () => {
    const g = autoNormal(model);
    const run = svi(model, g, { optimizer: new Adam({ learningRate: 0.05 }), seed: 0 });
    const losses = run.run(200, []);
    expect(losses.every(Number.isFinite)).toBe(true);
    const draws = g.samplePosterior(run.getParams(), 200, { seed: 1 }).x;
    expect(sum(new TruncatedNormal(loc, 1, low, high).support.check(draws)).item()).toBe(600);
  });
});
