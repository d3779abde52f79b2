/**
 * reparam / locScaleReparam / transformReparam: eight schools centered + locScaleReparam(0)
 * samples like the hand-written non-centered model (no divergences, same draws for the
 * same seed, posterior means within MCSE-based bounds for another seed); partial
 * centering keeps the site's distribution; a learnable centering is fitted by SVI.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  autoNormal,
  Exp,
  Gamma,
  HalfCauchy,
  locScaleReparam,
  logJoint,
  mcmc,
  mcseMean,
  mul,
  Normal,
  plate,
  reparam,
  rng,
  sample,
  seed,
  StudentT,
  svi,
  tensor,
  trace,
  transformReparam,
  TransformedDistribution,
  Adam,
  type McmcResult,
  type Tensor,
} from '../../src/index.js';

const y = tensor([28, 8, -3, 7, -1, 1, 18, 12]);
const sigma = tensor([15, 10, 16, 11, 9, 11, 10, 18]);
const centered = (): void => {
  const mu = sample('mu', new Normal(0, 5));
  const tau = sample('tau', new HalfCauchy(5));
  plate('school', 8, () => {
    const theta = sample('theta', new Normal(mu, tau));
    sample('y', new Normal(theta, sigma), { obs: y });
  });
};
const nonCentered = (): void => {
  const mu = sample('mu', new Normal(0, 5));
  const tau = sample('tau', new HalfCauchy(5));
  plate('school', 8, () => {
    const eta = sample('eta', new Normal(0, 1));
    sample('y', new Normal(add(mu, mul(tau, eta)), sigma), { obs: y });
  });
};

const perChain = (t: Tensor, chains: number, j = 0, per = 1): number[][] => {
  const d = t.shape[1];
  return Array.from({ length: chains }, (_, c) =>
    Array.from({ length: d }, (_, i) => t.data[(c * d + i) * per + j]),
  );
};
const meanOf = (xs: number[][]): number => {
  const f = xs.flat();
  return f.reduce((a, b) => a + b, 0) / f.length;
};

describe('eight schools: centered + locScaleReparam(0) is the non-centered model', () => {
  const settings = { numWarmup: 500, numSamples: 1000, numChains: 2 };
  const runs = new Map<string, McmcResult>();
  const run = (name: string, model: () => void, s: number): McmcResult => {
    const k = `${name}:${s}`;
    if (!runs.has(k)) runs.set(k, mcmc(model, { ...settings, seed: s }));
    return runs.get(k) as McmcResult;
  };
  const reparamed = reparam(centered, { theta: locScaleReparam(0) });

  it('has no divergences, where the centered model has some', () => {
    expect(run('reparam', reparamed, 8).numDivergences).toBe(0);
    expect(run('centered', centered, 8).numDivergences).toBeGreaterThan(0);
    expect(Object.keys(run('reparam', reparamed, 8).samples)).toEqual([
      'mu',
      'tau',
      'theta_decentered',
    ]);
  });
  it('gives the same draws as the hand-written non-centered model for the same seed', () => {
    const a = run('reparam', reparamed, 8).samples;
    const b = run('nc', nonCentered, 8).samples;
    expect(Array.from(a.mu.data)).toEqual(Array.from(b.mu.data));
    expect(Array.from(a.tau.data)).toEqual(Array.from(b.tau.data));
    expect(Array.from(a.theta_decentered.data)).toEqual(Array.from(b.eta.data));
  });
  it('matches an independent non-centered run: means within 3 combined MCSE', () => {
    const a = run('reparam', reparamed, 8).samples;
    const b = run('nc', nonCentered, 21).samples;
    const theta = (mu: Tensor, tau: Tensor, eta: Tensor, j: number): number[][] => {
      const m = perChain(mu, 2);
      const t = perChain(tau, 2);
      const e = perChain(eta, 2, j, 8);
      return m.map((row, c) => row.map((v, i) => v + t[c][i] * e[c][i]));
    };
    const pairs: [string, number[][], number[][]][] = [
      ['mu', perChain(a.mu, 2), perChain(b.mu, 2)],
      ['tau', perChain(a.tau, 2), perChain(b.tau, 2)],
      ['theta[0]', theta(a.mu, a.tau, a.theta_decentered, 0), theta(b.mu, b.tau, b.eta, 0)],
      ['theta[2]', theta(a.mu, a.tau, a.theta_decentered, 2), theta(b.mu, b.tau, b.eta, 2)],
    ];
    for (const [name, x, z] of pairs) {
      const tol = 3 * Math.hypot(mcseMean(x), mcseMean(z));
      expect(Math.abs(meanOf(x) - meanOf(z)), name).toBeLessThanOrEqual(tol);
    }
  });
});

describe('locScaleReparam keeps the distribution', () => {
  it('partial centering c = 0.3: x = loc + scale^0.7 (d - 0.3 loc) and the change of variables holds', () => {
    const model = (): Tensor => sample('x', new Normal(2, 3));
    const m = reparam(model, { x: locScaleReparam(0.3) });
    const d = 1.7;
    const tr = trace(seed(m, 0)).getTrace();
    expect(tr.get('x_decentered')?.fn?.mean.item()).toBeCloseTo(0.6, 14);
    expect(tr.get('x_decentered')?.fn?.stddev.item()).toBeCloseTo(3 ** 0.3, 14);
    const x = 2 + 3 ** 0.7 * (d - 0.6);
    // log p_x(x(d)) + log |dx/dd| = log p_d(d)
    const lhs = new Normal(2, 3).logProb(x).item() + 0.7 * Math.log(3);
    expect(logJoint(m, [], { x_decentered: d }).item()).toBeCloseTo(lhs, 13);
  });
  it('draws of x have the original mean and standard deviation, for c in {0, 0.3, 1}', () => {
    const n = 20000;
    for (const c of [0, 0.3, 1]) {
      const model = (): Tensor => plate('n', n, () => sample('x', new Normal(2, 3)));
      const x = seed(reparam(model, { x: locScaleReparam(c) }), rng(c * 10 + 1))().data;
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      expect(Math.abs(mean - 2), `c = ${c}`).toBeLessThan((5 * 3) / Math.sqrt(n));
      expect(Math.abs(sd - 3), `c = ${c}`).toBeLessThan(0.05 * 3);
    }
  });
  it('keeps the family: StudentT stays StudentT with its degrees of freedom', () => {
    const model = (): Tensor => sample('x', new StudentT(4, 1, 2));
    const tr = trace(seed(reparam(model, { x: locScaleReparam(0) }), 0)).getTrace();
    const f = tr.get('x_decentered')?.fn as StudentT;
    expect(f).toBeInstanceOf(StudentT);
    expect([f.df.item(), f.loc.item(), f.scale.item()]).toEqual([4, 0, 1]);
    expect(tr.get('x')?.value.item()).toBeCloseTo(1 + 2 * tr.get('x_decentered')!.value.item(), 14);
  });
  it('a learnable centering is a parameter in (0, 1) that SVI moves', () => {
    const m = reparam(centered, { theta: locScaleReparam() });
    const run = svi(m, autoNormal(m), { optimizer: new Adam({ learningRate: 0.05 }), seed: 0 });
    run.run(200, []);
    const c = run.getParams().theta_centered;
    expect(c.shape).toEqual([]);
    expect(c.item()).toBeGreaterThan(0);
    expect(c.item()).toBeLessThan(1);
    expect(Math.abs(c.item() - 0.5)).toBeGreaterThan(1e-3);
  });
  it('bad input: observed sites, non location-scale families, c outside [0, 1]', () => {
    const obs = (): Tensor => sample('x', new Normal(0, 1), { obs: 1 });
    expect(() => reparam(obs, { x: locScaleReparam(0) })()).toThrow(/site 'x' is observed/);
    const gamma = (): Tensor => sample('g', new Gamma(2, 1));
    expect(() => reparam(gamma, { g: locScaleReparam(0) })()).toThrow(
      /site 'g' has a Gamma distribution/,
    );
    expect(() => locScaleReparam(2)).toThrow(ArgumentError);
    expect(() => reparam(gamma, { g: transformReparam() })()).toThrow(
      /not a TransformedDistribution/,
    );
  });
});

describe('transformReparam', () => {
  it('samples the base and maps it: the density is the base density', () => {
    const base = new Normal(1, 0.5);
    const model = (): Tensor => sample('y', new TransformedDistribution(base, new Exp()));
    const m = reparam(model, { y: transformReparam() });
    expect(logJoint(m, [], { y_base: 0.8 }).item()).toBeCloseTo(base.logProb(0.8).item(), 15);
    const tr = trace(seed(m, 3)).getTrace();
    expect(tr.get('y')?.value.item()).toBeCloseTo(Math.exp(tr.get('y_base')!.value.item()), 14);
    const r = mcmc(m, { numWarmup: 300, numSamples: 1000, seed: 1 });
    expect(Object.keys(r.samples)).toEqual(['y_base']);
    const draws = perChain(r.samples.y_base, 1);
    expect(Math.abs(meanOf(draws) - 1)).toBeLessThanOrEqual(4 * mcseMean(draws));
  });
});
