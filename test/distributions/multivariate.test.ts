/**
 * LowRankMultivariateNormal, MultivariateStudentT, Wishart, InverseWishart and
 * GaussianRandomWalk (issue 17): logProb / entropy / mean / variance against golden
 * values from scripts/golden-multivariate.py (50-digit mpmath, checked against
 * scipy.stats), gradients of logProb in every parameter and the value against central
 * differences, and the support's edges, validation and batch shapes. Sampling (moments,
 * KL, reparameterization) is in multivariate-sampling.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  bijectorFor,
  FillPositiveDefinite,
  GaussianRandomWalk,
  gradcheck,
  InverseWishart,
  LowRankMultivariateNormal,
  mul,
  MultivariateStudentT,
  rng,
  ShapeError,
  tensor,
  transpose,
  tril,
  vjp,
  Wishart,
  add,
  MultivariateNormal,
  reshape,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import goldenJson from './golden-multivariate.json' with { type: 'json' };

type Num = number | string;
type Nested = Num | Nested[];
interface Point {
  params: Record<string, Nested>;
  x: Nested;
  extreme: boolean;
  logProb: Num;
  entropy: Num;
  mean: Nested;
  variance: Nested;
}
const GOLDEN = goldenJson as unknown as Record<string, Point[]>;

const sym = (v: Tensor): Tensor => mul(add(v, transpose(v)), 0.5);

/** Each family: its parameter names in order, and how to build it from tensors. */
interface Family {
  names: string[];
  make: (...p: Tensor[]) => Distribution;
  /** For gradient checks: a value v mapped into the support's parametrization. */
  value?: (v: Tensor) => Tensor;
}
const FAMILIES: Record<string, Family> = {
  LowRankMultivariateNormal: {
    names: ['loc', 'covFactor', 'covDiag'],
    make: (loc, w, d) => new LowRankMultivariateNormal(loc, w, d),
  },
  MultivariateStudentT: {
    names: ['df', 'loc', 'scaleTril'],
    // tril: a perturbed upper entry stays outside the factor (its gradient is 0)
    make: (df, loc, l) => new MultivariateStudentT(df, loc, tril(l)),
  },
  Wishart: {
    names: ['df', 'scaleTril'],
    make: (df, l) => new Wishart(df, { scaleTril: tril(l) }),
    value: sym,
  },
  InverseWishart: {
    names: ['df', 'scaleTril'],
    make: (df, l) => new InverseWishart(df, { scaleTril: tril(l) }),
    value: sym,
  },
  GaussianRandomWalk: {
    names: ['scale'],
    make: (s) => new GaussianRandomWalk(s, 1),
  },
};

function build(name: string, p: Point): Distribution {
  const f = FAMILIES[name];
  if (name === 'GaussianRandomWalk')
    return new GaussianRandomWalk(p.params.scale as number, p.params.numSteps as number);
  return f.make(...f.names.map((n) => tensor(p.params[n] as TensorLike)));
}

const toNum = (v: Nested): Nested => (Array.isArray(v) ? v.map(toNum) : Number(v));
const flatNums = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flatNums) : [Number(v)]);

let worst = { typical: 0, extreme: 0 };

function expectClose(got: number, want: number, rtol: number, what: string, extreme = false): void {
  if (!Number.isFinite(want)) {
    expect(got, what).toBe(want);
    return;
  }
  const err = Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
  if (extreme) worst.extreme = Math.max(worst.extreme, err);
  else worst.typical = Math.max(worst.typical, err);
  expect(err, `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(rtol);
}

describe('golden values (50-digit mpmath, checked against scipy.stats)', () => {
  for (const [name, points] of Object.entries(GOLDEN)) {
    it(`${name}: logProb, entropy, mean and variance`, () => {
      for (const [i, p] of points.entries()) {
        const d = build(name, p);
        const tol = p.extreme ? 2e-10 : 1e-12;
        const what = `${name} point ${i}`;
        expectClose(
          d.logProb(toNum(p.x) as TensorLike).item(),
          Number(p.logProb),
          tol,
          `logProb ${what}`,
          p.extreme,
        );
        expectClose(d.entropy().item(), Number(p.entropy), tol, `entropy ${what}`, p.extreme);
        const [mean, variance] = [d.mean.data, d.variance.data];
        flatNums(p.mean).forEach((m, j) =>
          expectClose(mean[j], m, tol, `mean[${j}] ${what}`, p.extreme),
        );
        flatNums(p.variance).forEach((v, j) =>
          expectClose(variance[j], v, tol, `variance[${j}] ${what}`, p.extreme),
        );
      }
    });
  }

  it('reports the worst relative errors', () => {
    console.log(
      `golden-multivariate worst relative error: typical ${worst.typical.toExponential(2)}, extreme ${worst.extreme.toExponential(2)}`,
    );
    expect(worst.typical).toBeGreaterThan(0); // every family ran
    worst = { typical: 0, extreme: 0 };
  });
});

// |analytic - numeric| <= 1e-8 (1 + |numeric|) per element
const TOL = { rtol: 1e-8, atol: 1e-8 };

describe('gradients of logProb in every parameter and the value, against central differences', () => {
  for (const [name, points] of Object.entries(GOLDEN)) {
    it(name, () => {
      const f = FAMILIES[name];
      for (const [i, p] of points.entries()) {
        if (p.extreme) continue;
        const fn = (x: Tensor, ...ps: Tensor[]): Tensor => {
          const d =
            name === 'GaussianRandomWalk'
              ? new GaussianRandomWalk(ps[0], p.params.numSteps as number)
              : f.make(...ps);
          return d.logProb(f.value ? f.value(x) : x);
        };
        const inputs = [p.x, ...f.names.map((n) => p.params[n])] as TensorLike[];
        // InverseWishart's values are ~0.1: a step of 1e-6 (not 6e-6) keeps the O(h²)
        // truncation error of its 1/X terms below the tolerance
        const eps = name === 'InverseWishart' ? 1e-6 : 6e-6;
        const r = gradcheck(fn, inputs, { ...TOL, eps });
        expect(r.warnings, `${name} point ${i}`).toEqual([]);
        expect(r.ok, `${name} point ${i}: max abs ${r.maxAbsError}, rel ${r.maxRelError}`).toBe(
          true,
        );
      }
    });
  }

  it('Wishart and InverseWishart in the covariance form: the same density and gradient', () => {
    const s = [
      [2, 0.3],
      [0.3, 1],
    ];
    const x = [
      [1.5, 0.2],
      [0.2, 0.8],
    ];
    for (const W of [Wishart, InverseWishart]) {
      const a = new W(5, { covariance: s }).logProb(x).item();
      const l = new W(5, { covariance: s }).scaleTril;
      expect(new W(5, { scaleTril: l }).logProb(x).item()).toBeCloseTo(a, 13);
      const r = gradcheck((c: Tensor) => new W(5, { covariance: sym(c) }).logProb(x), [s], TOL);
      expect(r.ok).toBe(true);
    }
  });
});

describe('support, validation, batch shapes', () => {
  const pd = [
    [2, 0.5],
    [0.5, 1],
  ];
  it('logProb is -Infinity outside the support, never NaN', () => {
    const w = new Wishart(3, { covariance: pd });
    const iw = new InverseWishart(3, { covariance: pd });
    const bad = [
      [
        [1, 0.5],
        [0.4, 1],
      ], // not symmetric
      [
        [1, 2],
        [2, 1],
      ], // not positive definite
      [
        [NaN, 0],
        [0, 1],
      ],
      [
        [Infinity, 0],
        [0, 1],
      ],
    ];
    for (const d of [w, iw]) {
      expect(d.logProb(bad).toArray()).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
      // a batch with one good and one bad matrix: only the bad one is -Infinity
      const lp = d
        .logProb([
          [
            [1, 0],
            [0, 1],
          ],
          bad[1],
        ])
        .toArray() as number[];
      expect(Number.isFinite(lp[0]) && lp[1] === -Infinity).toBe(true);
    }
    const t = new MultivariateStudentT(
      3,
      [0, 0],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const lr = new LowRankMultivariateNormal([0, 0], [[1], [0]], [1, 1]);
    const g = new GaussianRandomWalk(1, 2);
    for (const d of [t, lr, g])
      expect(
        d
          .logProb([
            [NaN, 0],
            [0, Infinity],
            [-Infinity, 1],
          ])
          .toArray(),
      ).toEqual([-Infinity, -Infinity, -Infinity]);
  });

  it('parameters are validated, naming the argument and the shape', () => {
    const cases: [() => unknown, RegExp, typeof ArgumentError | typeof ShapeError][] = [
      [
        () => new Wishart(0.5, { covariance: pd }),
        /Wishart: argument 'df' must be greater than 1/,
        ArgumentError,
      ],
      [
        () =>
          new InverseWishart(1, {
            scaleTril: [
              [1, 0],
              [0, 1],
            ],
          }),
        /InverseWishart: argument 'df'/,
        ArgumentError,
      ],
      [
        () =>
          new Wishart(3, {
            covariance: [
              [1, 2],
              [2, 1],
            ],
          }),
        /Wishart: argument 'covariance' must be a symmetric positive-definite/,
        ArgumentError,
      ],
      [
        () =>
          new Wishart(3, {
            scaleTril: [
              [1, 1],
              [0, 1],
            ],
          }),
        /Wishart: argument 'scaleTril' must be a lower-triangular/,
        ArgumentError,
      ],
      [
        () =>
          new Wishart(3, {
            covariance: [
              [1, 0, 0],
              [0, 1, 0],
            ],
          }),
        /Wishart: argument 'covariance' must be square, got shape \[2,3\]/,
        ShapeError,
      ],
      [() => new Wishart(3, {} as { covariance: number[][] }), /exactly one/, ArgumentError],
      [
        () =>
          new MultivariateStudentT(
            0,
            [0, 0],
            [
              [1, 0],
              [0, 1],
            ],
          ),
        /MultivariateStudentT: argument 'df' must be positive/,
        ArgumentError,
      ],
      [
        () =>
          new MultivariateStudentT(
            2,
            [0, 0, 0],
            [
              [1, 0],
              [0, 1],
            ],
          ),
        /argument 'scaleTril' must be 3 × 3 to match loc, got shape \[2,2\]/,
        ShapeError,
      ],
      [
        () =>
          new LowRankMultivariateNormal(
            [0, 0],
            [
              [1, 0],
              [0, 1],
              [1, 1],
            ],
            [1, 1],
          ),
        /argument 'covFactor' must be 2 × k to match loc, got shape \[3,2\]/,
        ShapeError,
      ],
      [
        () => new LowRankMultivariateNormal([0, 0], [[1], [0]], [1, 1, 1]),
        /argument 'covDiag' must have 2 entries to match loc, got shape \[3\]/,
        ShapeError,
      ],
      [
        () => new LowRankMultivariateNormal([0, 0], [[1], [0]], [1, 0]),
        /argument 'covDiag' must be positive/,
        ArgumentError,
      ],
      [
        () => new GaussianRandomWalk(-1, 3),
        /GaussianRandomWalk: argument 'scale' must be positive/,
        ArgumentError,
      ],
      [
        () => new GaussianRandomWalk(1, 2.5),
        /argument 'numSteps' must be a positive integer, got 2.5/,
        ArgumentError,
      ],
    ];
    for (const [f, msg, cls] of cases) {
      expect(f).toThrow(msg);
      expect(f).toThrow(cls);
    }
  });

  it('batch shapes broadcast, and expand works as for MultivariateNormal', () => {
    const ls = [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [2, 0],
        [1, 1],
      ],
      [
        [1, 0],
        [0.5, 3],
      ],
    ];
    const dists: [Distribution, number[]][] = [
      [new Wishart([3, 4, 5], { scaleTril: ls }), [2, 2]],
      [new InverseWishart([[3], [4]], { scaleTril: ls }), [2, 2]],
      [new MultivariateStudentT([3, 4, 5], [0, 1], ls), [2]],
      [
        new LowRankMultivariateNormal(
          [
            [0, 0],
            [1, 1],
            [2, 2],
          ],
          [[1], [0.5]],
          [1, 2],
        ),
        [2],
      ],
      [new GaussianRandomWalk([1, 2, 3], 4), [4]],
    ];
    for (const [d, event] of dists) {
      const batch = d.batchShape;
      expect(d.eventShape, d.family).toEqual(event);
      expect(d.sample([5], rng(0)).shape, d.family).toEqual([5, ...batch, ...event]);
      const e = d.expand([7, ...batch]);
      expect(e.batchShape).toEqual([7, ...batch]);
      const s = e.sample([2], rng(1));
      expect(s.shape).toEqual([2, 7, ...batch, ...event]);
      expect(e.logProb(s).shape).toEqual([2, 7, ...batch]);
      expect(e.entropy().shape).toEqual([7, ...batch]);
      expect(e.mean.shape).toEqual([7, ...batch, ...event]);
      // each batch member is its own distribution
      const lp = d.logProb(d.sample([], rng(2))).data;
      expect(Array.from(lp).every(Number.isFinite)).toBe(true);
    }
    expect(new InverseWishart([[3], [4]], { scaleTril: ls }).batchShape).toEqual([2, 3]);
  });

  it('samples lie in the support (near df = p - 1: all but a few, singular to rounding)', () => {
    const cov = [
      [1, 0.9, 0],
      [0.9, 1, 0],
      [0, 0, 1e-3],
    ];
    for (const W of [Wishart, InverseWishart]) {
      for (const [df, minShare] of [
        [3, 1],
        [2.2, 0.95],
      ]) {
        const d = new W(df, { covariance: cov });
        const s = d.sample([1000], rng(3));
        const inside = Array.from(d.support.check(s).data).filter((v) => v === 1).length;
        expect(inside / 1000, `${d.family}(${df})`).toBeGreaterThanOrEqual(minShare);
        const lp = Array.from(d.logProb(s).data);
        expect(lp.filter(Number.isFinite).length).toBe(inside); // the rest -Infinity, no NaN
        expect(lp.every((v) => Number.isFinite(v) || v === -Infinity)).toBe(true);
      }
    }
  });

  it('GaussianRandomWalk: sample = cumsum(scale · noise) = fromNoise(noise)', () => {
    const g = new GaussianRandomWalk(0.5, 4);
    const eps = g.noise([3], rng(4)) as Tensor;
    expect(g.sample([3], rng(4)).toArray()).toEqual(g.fromNoise(eps).toArray());
    const e = eps.data;
    const s = g.fromNoise(eps).data;
    for (let i = 0; i < 3; i++) {
      let c = 0;
      for (let j = 0; j < 4; j++) expect(s[i * 4 + j]).toBeCloseTo((c += 0.5 * e[i * 4 + j]), 14);
    }
  });

  it('LowRankMultivariateNormal: sample = fromNoise(noise), covariance W Wᵀ + D', () => {
    const d = new LowRankMultivariateNormal(
      [1, 2, 3],
      [
        [1, 0],
        [0.5, 1],
        [0, 2],
      ],
      [1, 0.5, 0.25],
    );
    const eps = d.noise([4], rng(5));
    expect(eps.shape).toEqual([4, 5]);
    expect(d.sample([4], rng(5)).toArray()).toEqual(d.fromNoise(eps).toArray());
    expect(d.covarianceMatrix.toArray()).toEqual([
      [2, 0.5, 0],
      [0.5, 1.75, 2],
      [0, 2, 4.25],
    ]);
    const mvn = new MultivariateNormal([1, 2, 3], { covariance: d.covarianceMatrix });
    for (const x of [
      [0, 0, 0],
      [1, -2, 5],
    ]) {
      expect(d.logProb(x).item()).toBeCloseTo(mvn.logProb(x).item(), 13);
    }
    expect(d.entropy().item()).toBeCloseTo(mvn.entropy().item(), 13);
  });
});

describe('FillPositiveDefinite (bijectorFor a positive-definite support)', () => {
  it('is what bijectorFor gives, round-trips, and its log-det is that of the map to the p(p+1)/2 entries', () => {
    const b = bijectorFor(
      new Wishart(4, {
        covariance: [
          [1, 0],
          [0, 1],
        ],
      }).support,
    );
    expect(b).toBeInstanceOf(FillPositiveDefinite);
    const x = [0.3, -1.2, 0.4, 0.8, 2, -0.7];
    const a = b.forward(x);
    expect(a.shape).toEqual([3, 3]);
    expect(b.inverseShape([3, 3])).toEqual([6]);
    const back = b.inverse(a).data;
    x.forEach((v, i) => expect(back[i]).toBeCloseTo(v, 13));
    // Jacobian of x ↦ the lower-triangle entries of A, row by row, by reverse mode
    const lower = [0, 3, 4, 6, 7, 8];
    const back2 = vjp((t: Tensor) => b.forward(t), x).vjp;
    const jac = lower.map((k) => {
      const g = new Array<number>(9).fill(0);
      g[k] = 1;
      return Array.from(back2(reshape(tensor(g), [3, 3]))[0].data);
    });
    const logDet = Math.log(Math.abs(det(jac)));
    expect(b.logDetJacobian(x).item()).toBeCloseTo(logDet, 11);
  });
});

/** The determinant by Gaussian elimination with partial pivoting. */
function det(m: number[][]): number {
  const a = m.map((r) => [...r]);
  const n = a.length;
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (p !== c) {
      [a[p], a[c]] = [a[c], a[p]];
      d = -d;
    }
    d *= a[c][c];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return d;
}
