/**
 * ContinuousBernoulli and FisherSnedecor (issue 17, continuous families part 2): logProb / cdf / entropy /
 * mean / variance against golden values from scripts/golden-continuous-2.py (mpmath,
 * cross-checked by quadrature or scipy.stats), gradients of logProb in every parameter and
 * the value
 * against central differences, moments of 1e5 draws, KL against Monte Carlo, the pathwise
 * gradient against a score-function estimate, icdf, support, expand and bijectorFor.
 */
import { describe, expect, it } from 'vitest';
import {
  bijectorFor,
  ContinuousBernoulli,
  FisherSnedecor,
  grad,
  klDivergence,
  add,
  div,
  mean,
  mul,
  rng,
  sub,
  sum,
  tensor,
  type Distribution,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import {
  describeGolden,
  expectClose,
  expectGrad,
  type Golden,
  type Make,
} from '../helpers/golden.js';
import {
  expectDrawMoments,
  expectMeanWithinSE,
  expectPathwiseMatchesScore,
  finiteDifferenceScore,
} from '../helpers/monte-carlo.js';
import goldenJson from './golden-continuous-2.json' with { type: 'json' };

const GOLDEN = goldenJson as unknown as Record<string, Golden>;

const FAMILIES: Record<string, Make> = {
  'ContinuousBernoulli(probs)': (p) => new ContinuousBernoulli({ probs: p }),
  'ContinuousBernoulli(logits)': (l) => new ContinuousBernoulli({ logits: l }),
  FisherSnedecor: (a, b) => new FisherSnedecor(a, b),
};
const make = (name: string, params: number[]): Distribution =>
  FAMILIES[name](...params.map((p) => tensor(p)));

// a golden 0 is judged by |got| <= rtol
describeGolden('golden values (mpmath)', GOLDEN, FAMILIES, 'absolute');

describe('gradients against central differences', () => {
  for (const [name, g] of Object.entries(GOLDEN)) {
    it(`${name}: logProb in the parameter and the value`, () => {
      for (const p of g.points.filter(
        (q) => !q.extreme && q.x > 0 && (q.x < 1 || !name.includes('(')),
      )) {
        const what = `${name}(${p.params.join(', ')}) at ${p.x}`;
        expectGrad(
          (...xs: Tensor[]) => FAMILIES[name](...xs.slice(1)).logProb(xs[0]),
          [p.x, ...p.params],
          what,
        );
      }
    });

    if (!name.startsWith('ContinuousBernoulli')) continue;
    it(`${name}: mean, variance, entropy, cdf and icdf in the parameter`, () => {
      // central differences in probs lose digits where l = logit(p) curves fast (p near 0, 1)
      const ok = (v: number): boolean => (name.includes('probs') ? v < 0.99 : Math.abs(v) < 20);
      for (const m of g.moments.filter((q) => ok(q.params[0]))) {
        const what = `${name}(${m.params.join(', ')})`;
        const f = (t: Tensor): Distribution => FAMILIES[name](t);
        expectGrad((t: Tensor) => f(t).mean, m.params, `mean ${what}`);
        expectGrad((t: Tensor) => f(t).variance, m.params, `variance ${what}`);
        expectGrad((t: Tensor) => f(t).entropy(), m.params, `entropy ${what}`);
        expectGrad((t: Tensor) => sum(f(t).cdf([0.2, 0.7])), m.params, `cdf ${what}`);
        expectGrad((t: Tensor) => sum(f(t).icdf([0.2, 0.7])), m.params, `icdf ${what}`);
      }
    });
  }

  it('the derivative in the logit at exactly λ = ½ (series branch): d mean/dl = 1/12', () => {
    const m = grad((l: Tensor) => new ContinuousBernoulli({ logits: l }).mean)(0).item();
    expect(m).toBeCloseTo(1 / 12, 15);
    const x = grad((l: Tensor) => new ContinuousBernoulli({ logits: l }).icdf(0.3))(0).item();
    expect(x).toBeCloseTo((0.3 * 0.7) / 2, 15); // p(1-p)/2
  });
});

/** Mean and standard error of the entries of a 1-D tensor. */
const N = 100000;
const SAMPLED: [string, number[]][] = [
  ['ContinuousBernoulli(probs)', [0.3]],
  ['ContinuousBernoulli(logits)', [4]],
  ['ContinuousBernoulli(logits)', [0]],
  ['FisherSnedecor', [6, 12]],
  ['FisherSnedecor', [2.5, 15]],
];

describe('sampling (1e5 draws, 4 standard errors)', () => {
  for (const [name, params] of SAMPLED) {
    const what = `${name}(${params.join(', ')})`;
    it(`${what}: mean and variance of the draws`, () => {
      const d = make(name, params);
      const x = d.sample([N], rng(`c2/${what}`));
      expect((d.support.check(x).toArray() as number[]).every((v) => v === 1)).toBe(true);
      const mu = d.mean.item();
      expectDrawMoments(x, mu, d.variance.item(), what);
    });

    it(`${what}: pathwise d/dθ E[f(x)] matches the score-function estimate, every θ`, () => {
      const r = `c2/grad/${what}`;
      const f = (x: Tensor): Tensor => div(1, add(1, x)); // bounded: a finite-variance estimator
      const argnums = params.map((_, i) => i);
      const path = grad((...t: Tensor[]) => mean(f(FAMILIES[name](...t).sample([N], rng(r)))), {
        argnums,
      })(...params) as Tensor[];
      const x = make(name, params).sample([N], rng(`${r}/sf`));
      for (let i = 0; i < params.length; i++) {
        const score = finiteDifferenceScore((p) => make(name, p), params, i, x);
        expectPathwiseMatchesScore(path[i].item(), mul(f(x), score), `${what} θ${i}`);
      }
    });
  }
});

describe('KL against Monte Carlo (1e5 draws, 4 standard errors)', () => {
  const pairs: [number, number][] = [
    [0.3, 0.8],
    [0.5, 0.1],
    [0.99, 0.4],
  ];
  for (const [a, b] of pairs) {
    it(`KL(CB(${a}) ‖ CB(${b}))`, () => {
      const p = new ContinuousBernoulli({ probs: a });
      const q = new ContinuousBernoulli({ probs: b });
      const x = p.sample([N], rng(`c2/kl/${a}/${b}`));
      const kl = klDivergence(p, q).item();
      expectMeanWithinSE(sub(p.logProb(x), q.logProb(x)), kl, 'KL');
    });
  }

  it('is 0 for equal laws and differentiable in both sides', () => {
    const d = (l: TensorLike): ContinuousBernoulli => new ContinuousBernoulli({ logits: l });
    expect(klDivergence(d(0.7), d(0.7)).item()).toBeCloseTo(0, 15);
    expectGrad((u: Tensor, v: Tensor) => klDivergence(d(u), d(v)), [0.7, -1.5], 'KL');
    expectGrad((u: Tensor, v: Tensor) => klDivergence(d(u), d(v)), [0, 0.1], 'KL near ½');
  });
});

describe('support, icdf, expand, bijectorFor, validation', () => {
  it('logProb is -Infinity outside [0, 1], never NaN; cdf is 0 below and 1 above', () => {
    const d = new ContinuousBernoulli({ probs: 0.3 });
    expect(d.logProb([-0.1, 1.1, NaN, Infinity]).toArray()).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    expect(d.cdf([-1, 2]).toArray()).toEqual([0, 1]);
    for (const l of [-800, -3, 0, 3, 800])
      for (const c of new ContinuousBernoulli({ logits: l }).cdf([0, 0.5, 1]).toArray() as number[])
        expect(c >= 0 && c <= 1, `logit ${l}`).toBe(true);
  });

  it('icdf inverts cdf', () => {
    for (const [name, g] of Object.entries(GOLDEN)) {
      if (!name.startsWith('ContinuousBernoulli')) continue;
      for (const m of g.moments) {
        const d = make(name, m.params);
        for (const p of [1e-6, 0.1, 0.5, 0.77, 0.999]) {
          const x = d.icdf(p).item();
          expectClose(d.cdf(x).item(), p, 1e-9, `${name}(${m.params.join(', ')}) at p ${p}`);
        }
      }
    }
  });

  it('expand broadcasts the parameter to a batch', () => {
    const d = new ContinuousBernoulli({ probs: 0.3 }).expand([3, 2]);
    expect(d.batchShape).toEqual([3, 2]);
    expect(d.sample([4], rng(0)).shape).toEqual([4, 3, 2]);
    const want = new ContinuousBernoulli({ probs: 0.3 }).entropy().item();
    expect((d.entropy().toArray() as number[][])[2][1]).toBe(want);
  });

  it('bijectorFor(support) maps the real line into [0, 1]', () => {
    const d = new ContinuousBernoulli({ logits: 1 });
    const y = bijectorFor(d.support).forward([-3, -0.5, 0, 2, 4]);
    expect(d.support.check(y).toArray()).toEqual([1, 1, 1, 1, 1]);
    expect(d.reparameterized).toBe(true);
  });

  it('FisherSnedecor: -Infinity below 0, the limit at 0, reparameterized, Exp bijector', () => {
    const d = new FisherSnedecor(3, 5);
    expect(d.logProb([-1, NaN, Infinity]).toArray()).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(d.cdf([-1, 0]).toArray()).toEqual([0, 0]);
    expect(new FisherSnedecor(1, 3).logProb(0).item()).toBe(Infinity);
    expect(d.reparameterized).toBe(true);
    expect(bijectorFor(d.support).name).toBe('Exp');
    const e = d.expand([2, 3]);
    expect(e.batchShape).toEqual([2, 3]);
    expect(e.sample([4], rng(0)).shape).toEqual([4, 2, 3]);
    expect(new FisherSnedecor(3, 4).variance.item()).toBeNaN();
    expect(() => new FisherSnedecor(0, 1)).toThrow(/FisherSnedecor.*df1/);
    expect(() => new FisherSnedecor(1, -2)).toThrow(/FisherSnedecor.*df2/);
  });

  it('parameters are validated', () => {
    expect(() => new ContinuousBernoulli({ probs: 1 })).toThrow(/ContinuousBernoulli.*probs/);
    expect(() => new ContinuousBernoulli({ probs: 0 })).toThrow(/ContinuousBernoulli.*probs/);
    expect(() => new ContinuousBernoulli({ probs: 1.5 })).toThrow(/ContinuousBernoulli.*probs/);
    expect(() => new ContinuousBernoulli({ logits: NaN })).toThrow(/ContinuousBernoulli.*logits/);
    expect(() => new ContinuousBernoulli({} as { probs: number })).toThrow(/ContinuousBernoulli/);
  });
});
