/**
 * Issue 12: a fast-check property over random models from a small grammar (Normal, Gamma
 * and Beta sites, factors that go NaN, +Infinity or -Infinity in part of the space):
 * NUTS never yields a non-finite draw, never draws inside a +Infinity region, and every
 * transition whose trajectory met a non-finite state is counted as divergent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Beta,
  factor,
  Gamma,
  greater,
  log,
  mcmc,
  Normal,
  rng,
  sample,
  sub,
  where,
  type Distribution,
  type Tensor,
} from '../../src/index.js';
import { potentialFn } from '../../src/inference/density.js';
import { potentialGrad, type Point } from '../../src/inference/integrator.js';
import { unitMetric } from '../../src/inference/metric.js';
import { nutsTransition } from '../../src/inference/nuts.js';

type SiteSpec =
  | { family: 'Normal'; loc: number; scale: number }
  | { family: 'Gamma'; concentration: number; rate: number }
  | { family: 'Beta'; a: number; b: number };
/** A factor on site `site`: `bad` where the value exceeds `at`, or log(x - at) (NaN / -Inf below). */
interface FactorSpec {
  site: number;
  kind: 'inf' | 'nan' | 'neginf' | 'log';
  at: number;
}
interface ModelSpec {
  sites: SiteSpec[];
  factors: FactorSpec[];
}

const positive = fc.double({ min: 0.3, max: 4, noNaN: true });
const site: fc.Arbitrary<SiteSpec> = fc.oneof(
  fc.record({
    family: fc.constant('Normal' as const),
    loc: fc.double({ min: -2, max: 2, noNaN: true }),
    scale: positive,
  }),
  fc.record({ family: fc.constant('Gamma' as const), concentration: positive, rate: positive }),
  fc.record({ family: fc.constant('Beta' as const), a: positive, b: positive }),
);
const spec: fc.Arbitrary<ModelSpec> = fc
  .array(site, { minLength: 1, maxLength: 3 })
  .chain((sites) =>
    fc.record({
      sites: fc.constant(sites),
      factors: fc.array(
        fc.record({
          site: fc.nat({ max: sites.length - 1 }),
          kind: fc.constantFrom('inf' as const, 'nan' as const, 'neginf' as const, 'log' as const),
          at: fc.double({ min: 0.2, max: 0.9, noNaN: true }),
        }),
        { maxLength: 2 },
      ),
    }),
  );

function dist(s: SiteSpec): Distribution {
  if (s.family === 'Normal') return new Normal(s.loc, s.scale);
  if (s.family === 'Gamma') return new Gamma(s.concentration, s.rate);
  return new Beta(s.a, s.b);
}

const BAD = { inf: Infinity, nan: NaN, neginf: -Infinity } as const;

function build(m: ModelSpec): () => void {
  return () => {
    const xs: Tensor[] = m.sites.map((s, i) => sample(`x${i}`, dist(s)));
    m.factors.forEach((f, k) => {
      const x = xs[f.site];
      factor(
        `f${k}`,
        f.kind === 'log' ? log(sub(x, f.at)) : where(greater(x, f.at), BAD[f.kind], 0),
      );
    });
  };
}

/** The factors that make the log density +Infinity above `at`. */
const infRegions = (m: ModelSpec): FactorSpec[] => m.factors.filter((f) => f.kind === 'inf');

describe('property: NUTS on models that go non-finite', () => {
  it('every transition that meets a non-finite state is divergent; points stay finite', () => {
    let rejected = 0; // transitions that met a non-finite state, over all runs
    fc.assert(
      fc.property(spec, fc.nat({ max: 1000 }), (m, seed) => {
        const pot = potentialFn(build(m), []);
        const raw = potentialGrad(pot);
        let met = 0; // non-finite states met in the current transition
        const f = (q: Float64Array): { u: number; grad: Float64Array } => {
          const r = raw(q);
          if (!Number.isFinite(r.u) || !r.grad.every(Number.isFinite)) met++;
          return r;
        };
        const r = rng(seed);
        let z: Point | null = null;
        for (let t = 0; t < 100 && z === null; t++) {
          const q = pot.initial(r, 2).data;
          const { u, grad } = f(q);
          if (Number.isFinite(u) && grad.every(Number.isFinite))
            z = { q, p: new Float64Array(q.length), u, grad };
        }
        fc.pre(z !== null);
        let point: Point = z!;
        const ctx = {
          eps: 0.4,
          metric: unitMetric(pot.size),
          f,
          rng: r,
          maxTreeDepth: 6,
          maxDeltaH: 1000,
        };
        for (let k = 0; k < 25; k++) {
          met = 0;
          const { point: next, stats } = nutsTransition(point, ctx);
          if (met > 0) {
            rejected++;
            expect(stats.divergent).toBe(true);
          }
          expect(Number.isFinite(next.u)).toBe(true);
          expect(next.q.every(Number.isFinite)).toBe(true);
          point = next;
        }
      }),
      { numRuns: 40, seed: 12 },
    );
    expect(rejected).toBeGreaterThan(20); // the grammar does reach non-finite states
  });

  it('mcmc: finite draws, none inside a +Infinity region, divergences all counted', () => {
    fc.assert(
      fc.property(spec, fc.nat({ max: 1000 }), (m, seed) => {
        let r;
        try {
          r = mcmc(build(m), { numWarmup: 60, numSamples: 40, seed });
        } catch (e) {
          // a model with no finite starting point is reported, by name, not sampled
          expect((e as Error).message).toContain('no finite starting point');
          return;
        }
        for (const [name, t] of Object.entries(r.samples)) {
          expect(t.data.every(Number.isFinite), name).toBe(true);
        }
        for (const f of infRegions(m))
          expect(r.samples[`x${f.site}`].data.some((v) => v > f.at)).toBe(false);
        expect(r.numDivergences).toBe(r.stats.divergent.data.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 20, seed: 12 },
    );
  });
});
