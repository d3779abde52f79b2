/**
 * The generator: pinned draws (same seed, bit-identical numbers on any machine), the
 * stdlib samplers it feeds, forks and splits, the default generator, and bad input.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, defaultRng, Rng, rng, setSeed } from '../../src/index.js';

describe('pinned draws for seed 42', () => {
  it('every sampler gives the recorded value', () => {
    const r = rng(42);
    expect([r.uniform(), r.uniform()]).toEqual([0.5198396780528832, 0.6490345226846735]);
    expect(r.uint32()).toBe(151895441);
    expect([r.normal(), r.normal(1, 2)]).toEqual([0.7722171197048662, 3.0935063767297364]);
    expect(r.exponential(2)).toBe(0.10311216514237374);
    expect([r.gamma(0.5), r.gamma(3, 2)]).toEqual([0.05370308753926075, 2.954003296612594]);
    expect(r.beta(2, 3)).toBe(0.3780309942945227);
    expect([r.poisson(4), r.poisson(1e4)]).toEqual([6, 9972]);
    expect([r.binomial(20, 0.3), r.bernoulli(0.5), r.geometric(0.2)]).toEqual([4, 0, 2]);
    expect([r.cauchy(), r.laplace(), r.logistic()]).toEqual([
      -16.20374125142374, 0.192109773889419, 1.3663289609589095,
    ]);
  });

  it('forks and splits are pinned too', () => {
    const s = rng('pathwise');
    const [a, b] = s.split();
    expect([a.seed, b.seed]).toEqual([
      'bfc1dda227b2debf59def83738473f4a',
      'c822623afa6aaaa9670771a0b3c41078',
    ]);
    expect([a.uniform(), b.uniform()]).toEqual([0.890997255512224, 0.25276456502206657]);
    expect(s.fork().seed).toBe('64c7598de975715f425977931c60b605');
  });
});

describe('streams', () => {
  it('same seed, same stream; numbers and strings that print alike agree', () => {
    const a = rng(7).tensor([100], (r) => r.normal());
    expect(
      rng(7)
        .tensor([100], (r) => r.normal())
        .toArray(),
    ).toEqual(a.toArray());
    expect(rng('7').uniform()).toBe(rng(7).uniform());
    expect(rng(8).uniform()).not.toBe(rng(7).uniform());
  });

  it('uniform draws are in (0, 1) with the right mean and variance', () => {
    const u = rng('uniform').tensor([100_000], (r) => r.uniform()).data;
    const m = u.reduce((p, q) => p + q, 0) / u.length;
    const v = u.reduce((p, q) => p + (q - m) ** 2, 0) / u.length;
    expect(u.every((x) => x > 0 && x < 1)).toBe(true);
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / u.length));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / u.length));
  });

  it('split streams are uncorrelated and differ from the parent', () => {
    const parent = rng('chains');
    const [a, b, c] = parent.split(3);
    const n = 50_000;
    const xa = a.tensor([n], (r) => r.normal()).data;
    const xb = b.tensor([n], (r) => r.normal()).data;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += xa[i] * xb[i];
    expect(Math.abs(dot / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(new Set([a.seed, b.seed, c.seed]).size).toBe(3);
    expect(c.uniform()).not.toBe(rng('chains').uniform());
  });

  it('fork advances the parent, deterministically', () => {
    const p1 = rng(3);
    const p2 = rng(3);
    expect(p1.fork().seed).toBe(p2.fork().seed);
    expect(p1.fork().seed).not.toBe(rng(3).fork().seed);
  });

  it('tensor fills row-major in draw order', () => {
    const t = rng(5).tensor([2, 3], (r) => r.uniform());
    const r = rng(5);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual(Array.from({ length: 6 }, () => r.uniform()));
  });
});

describe('the default generator', () => {
  it('setSeed replaces it and makes it reproducible', () => {
    const g = setSeed(99);
    expect(defaultRng()).toBe(g);
    expect(g).toBeInstanceOf(Rng);
    const x = defaultRng().normal();
    setSeed(99);
    expect(defaultRng().normal()).toBe(x);
  });
});

describe('bad input', () => {
  it('names the call and the value', () => {
    expect(() => rng(NaN)).toThrow(ArgumentError);
    expect(() => rng(Infinity)).toThrow(
      'rng: seed must be a finite number or a string, got Infinity',
    );
    expect(() => rng(1).split(0)).toThrow('Rng.split: n must be a positive integer, got 0');
    expect(() => rng(1).tensor([2, -1], (r) => r.uniform())).toThrow(
      'Rng.tensor: invalid shape [2,-1]',
    );
  });
});
