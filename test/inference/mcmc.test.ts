import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  exp,
  HalfCauchy,
  MultivariateNormal,
  mul,
  Normal,
  Poisson,
  tensor,
  valueAndGrad,
  type Tensor,
} from '../../src/index.js';
import { potentialFn } from '../../src/inference/density.js';
import { potentialGrad } from '../../src/inference/integrator.js';
import {
  essBulk,
  hmc,
  mcmc,
  mcseMean,
  nuts,
  plate,
  rhat,
  sample,
} from '../../src/inference/index.js';
import { earnings, kidiq, type Posterior } from '../../examples/lib/posteriordb.js';
import { chainsOf, flat, meanOf, sdOf } from '../helpers/draws.js';

describe('NUTS', () => {
  it('samples a 10-D standard normal: means within 4 MCSE, sds within 10%, R-hat < 1.01', () => {
    const model = (): void => void plate('d', 10, () => sample('x', new Normal(0, 1)));
    const r = mcmc(model, { numWarmup: 400, numSamples: 500, numChains: 4, seed: 1 });
    expect(r.samples.x.shape).toEqual([4, 500, 10]);
    for (let j = 0; j < 10; j++) {
      const cs = chainsOf(r.samples.x, j);
      expect(Math.abs(meanOf(flat(cs)))).toBeLessThan(4 * mcseMean(cs));
      expect(Math.abs(sdOf(flat(cs)) - 1)).toBeLessThan(0.1);
      expect(rhat(cs)).toBeLessThan(1.01);
    }
    expect(r.numDivergences).toBe(0);
    const accept = meanOf(Array.from(r.stats.acceptProb.data));
    expect(accept).toBeGreaterThan(0.7);
  });

  it('adapts a dense metric to a correlated 2-D Gaussian and takes fewer steps than diagonal', () => {
    const cov = [
      [1, 0.95],
      [0.95, 1],
    ];
    const model = (): void =>
      void sample('z', new MultivariateNormal([1, -1], { covariance: cov }));
    const dense = mcmc(model, {
      numWarmup: 500,
      numSamples: 1000,
      seed: 2,
      kernel: nuts({ dense: true }),
    });
    const diag = mcmc(model, { numWarmup: 500, numSamples: 1000, seed: 2 });
    const a = flat(chainsOf(dense.samples.z, 0));
    const b = flat(chainsOf(dense.samples.z, 1));
    const ma = meanOf(a);
    const mb = meanOf(b);
    const corr =
      a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0) / ((a.length - 1) * sdOf(a) * sdOf(b));
    expect(corr).toBeGreaterThan(0.9);
    expect(Math.abs(ma - 1)).toBeLessThan(0.15);
    const inv = dense.adaptation[0].inverseMass;
    expect(inv).toHaveLength(4);
    expect(inv[1] / Math.sqrt(inv[0] * inv[3])).toBeGreaterThan(0.8); // the metric learned the correlation
    const steps = (x: typeof dense): number => meanOf(Array.from(x.stats.numSteps.data));
    expect(steps(dense)).toBeLessThan(steps(diag));
  });

  it('recovers the conjugate Normal–Normal posterior (HMC too)', () => {
    const ys = [0.8, 1.3, 2.1, 0.4, 1.7];
    const model = (y: number[]): void => {
      const mu = sample('mu', new Normal(0, 2));
      plate('data', y.length, () => void sample('y', new Normal(mu, 1), { obs: y }));
    };
    const precision = 1 / 4 + ys.length;
    for (const kernel of [nuts(), hmc({ trajectoryLength: 2 })]) {
      const r = mcmc(model, {
        numWarmup: 300,
        numSamples: 1000,
        numChains: 2,
        seed: 3,
        args: [ys],
        kernel,
      });
      const cs = chainsOf(r.samples.mu);
      expect(Math.abs(meanOf(flat(cs)) - ys.reduce((a, b) => a + b) / precision)).toBeLessThan(
        4 * mcseMean(cs),
      );
      expect(Math.abs(sdOf(flat(cs)) / Math.sqrt(1 / precision) - 1)).toBeLessThan(0.1);
    }
  });

  it('reports divergences on a funnel instead of crashing', () => {
    const funnel = (): void => {
      const v = sample('v', new Normal(0, 3));
      plate('n', 9, () => void sample('x', new Normal(0, exp(mul(v, 0.5)))));
    };
    const r = mcmc(funnel, { numWarmup: 500, numSamples: 1000, seed: 5 });
    expect(r.numDivergences).toBeGreaterThan(0);
    expect(r.summary().toString()).toContain(`Number of divergences: ${r.numDivergences}`);
  });

  it('is reproducible: same seed, same draws', () => {
    const model = (): void => void sample('s', new HalfCauchy(1));
    const a = mcmc(model, { numWarmup: 50, numSamples: 50, numChains: 2, seed: 9 });
    const b = mcmc(model, { numWarmup: 50, numSamples: 50, numChains: 2, seed: 9 });
    expect(Array.from(a.samples.s.data)).toEqual(Array.from(b.samples.s.data));
    expect(a.samples.s.data.every((v) => v > 0)).toBe(true); // constrained space
  });

  it('rejects discrete latents, impossible starts and bad counts with clear errors', () => {
    expect(() => mcmc(() => void sample('z', new Poisson(3)), { numSamples: 10 })).toThrow(
      /latent site 'z' is discrete \(Poisson\) with an infinite support; gradient-based inference needs continuous latents or finite discrete ones \(summed out\): marginalize it out by hand/,
    );
    const impossible = (): void => {
      const x = sample('x', new Normal(0, 1));
      sample('y', new Normal(x, 1), { obs: tensor(Infinity) });
    };
    expect(() => mcmc(impossible, { numWarmup: 10, numSamples: 10 })).toThrow(ArgumentError);
    expect(() => mcmc(() => void sample('x', new Normal(0, 1)), { numSamples: 0 })).toThrow(
      'mcmc: numSamples must be an integer >= 1, got 0',
    );
  });
});

describe('posteriordb reference posteriors', () => {
  const check = (post: Posterior): void => {
    const r = mcmc(post.model, {
      numWarmup: 500,
      numSamples: 500,
      numChains: 4,
      seed: 11,
      kernel: nuts({ dense: true }),
    });
    for (const [name, [site, index]] of Object.entries(post.params)) {
      const cs = chainsOf(r.samples[site], index);
      const ref = post.reference[name];
      const mcse = mcseMean(cs);
      expect(
        Math.abs(meanOf(flat(cs)) - ref.mean),
        `${post.name} ${name} mean (MCSE ${mcse})`,
      ).toBeLessThan(3 * mcse);
      expect(Math.abs(sdOf(flat(cs)) / ref.sd - 1), `${post.name} ${name} sd`).toBeLessThan(0.1);
      expect(essBulk(cs)).toBeGreaterThan(200);
    }
  };
  it('kidiq-kidscore_momiq: means within 3 MCSE, sds within 10%', () => check(kidiq()), 120_000);
  it(
    'earnings-logearn_height: means within 3 MCSE, sds within 10%',
    () => check(earnings()),
    240_000,
  );
});

describe('the potential NUTS evaluates is compiled with jit, checked against eager', () => {
  const obs = tensor([0.3, -1.2, 2.5, 0.7, -0.4, 1.9, 0.1, -2.2]);
  const regression = (): void => {
    const mu = sample('mu', new Normal(0, 10));
    const s = sample('s', new HalfCauchy(2));
    plate('d', 8, () => sample('x', new Normal(mu, s), { obs }));
  };
  const points = [
    [0.1, -0.3],
    [0.1, -0.3],
    [2, 1.5],
    [-40, -8], // far out: underflow paths
    [0.5, 600], // exp(600) = Infinity: the distribution rejects the scale
  ];

  it('gives the bits of eager evaluation at every point', () => {
    const pot = potentialFn(regression, []);
    const compiled = potentialGrad(pot);
    const eager = valueAndGrad((u: Tensor) => pot.potential(u));
    for (const q of points) {
      const a = compiled(Float64Array.from(q));
      let u = Infinity;
      let g = [NaN, NaN];
      try {
        const r = eager(tensor(q));
        u = Number.isNaN(r.value.item()) ? Infinity : r.value.item();
        g = Array.from(r.grad.data);
      } catch (e) {
        if (!(e instanceof ArgumentError)) throw e;
      }
      expect(a.u).toBe(u);
      expect(Array.from(a.grad)).toEqual(g);
    }
  });

  it('a model that reads values into JavaScript falls back to eager, with the same draws', () => {
    let calls = 0;
    const peeking = (): void => {
      calls++;
      const mu = sample('mu', new Normal(0, 10));
      // a JavaScript branch on a value: invisible to a trace, so the check must fail
      const scale = mu.data[0] > 0 ? 1 : 2;
      plate('d', 8, () => sample('x', new Normal(mu, scale), { obs }));
    };
    const f = potentialGrad(potentialFn(peeking, []));
    const r1 = [f(Float64Array.of(0.5)), f(Float64Array.of(-0.5)), f(Float64Array.of(-0.7))];
    const pot = potentialFn(peeking, []);
    const eager = valueAndGrad((u: Tensor) => pot.potential(u));
    for (const [k, q] of [0.5, -0.5, -0.7].entries()) {
      const e = eager(tensor([q]));
      expect(r1[k].u).toBe(e.value.item());
      expect(r1[k].grad[0]).toBe(e.grad.item());
    }
    expect(calls).toBeGreaterThan(4);
  });
});
