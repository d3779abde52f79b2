import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  compare,
  loo,
  logLikelihood,
  Normal,
  plate,
  relativeEff,
  sample,
  tensor,
  waic,
} from '../../src/index.js';

// Golden values: scripts/golden-loo.R (R's loo 2.5.1) on the checked-in matrices.
interface LooGold {
  estimates: number[];
  p: number[];
  ic: number[];
  elpd: number[];
  p_pointwise: number[];
  pareto_k?: number[];
  n_eff?: number[];
}
const gold = JSON.parse(
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden-loo.json'),
    'utf8',
  ),
) as {
  source: string;
  S: number;
  n: number;
  ll_normal: number[][];
  ll_t: number[][];
  r_eff: number[];
  loo_normal: LooGold;
  loo_t: LooGold;
  loo_normal_reff: LooGold;
  r_eff_t_chains: number[];
  loo_t_chains: LooGold;
  waic_normal: LooGold;
  waic_t: LooGold;
  compare: { names: string[]; elpd_diff: number[]; se_diff: number[] };
};

let worst = 0;
const near = (got: ArrayLike<number>, want: readonly number[]): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    worst = Math.max(worst, d);
    expect(d, `entry ${i}: ${got[i]} vs ${want[i]}`).toBeLessThan(1e-6);
  }
};

describe(`loo / waic against ${gold.source}`, () => {
  const cases = [
    ['normal, r_eff 1', gold.ll_normal, gold.loo_normal, 1],
    ['student-t, r_eff 1', gold.ll_t, gold.loo_t, 1],
    ['normal, r_eff per observation', gold.ll_normal, gold.loo_normal_reff, gold.r_eff],
  ] as const;
  for (const [name, ll, want, rEff] of cases) {
    it(`PSIS-LOO, ${name}: pointwise elpd, p_loo, k-hat, n_eff and totals to 1e-6`, () => {
      const r = loo(ll, { rEff, quiet: true });
      near(r.pointwise.elpd, want.elpd);
      near(r.pointwise.pEff, want.p_pointwise);
      near(r.paretoK!, want.pareto_k!);
      near(r.nEff!, want.n_eff!);
      const e = r.estimates;
      near([e.elpd, e.seElpd], want.estimates);
      near([e.pEff, e.sePEff], want.p);
      near([e.ic, e.seIc], want.ic);
    });
  }

  for (const [name, ll, want] of [
    ['normal', gold.ll_normal, gold.waic_normal],
    ['student-t', gold.ll_t, gold.waic_t],
  ] as const) {
    it(`WAIC, ${name}, to 1e-6`, () => {
      const w = waic(ll, { quiet: true });
      near(w.pointwise.elpd, want.elpd);
      near(w.pointwise.pEff, want.p_pointwise);
      near([w.estimates.elpd, w.estimates.seElpd], want.estimates);
      near([w.estimates.pEff, w.estimates.sePEff], want.p);
      near([w.estimates.ic, w.estimates.seIc], want.ic);
    });
  }

  it('relativeEff of 4 chains and loo({ chains: 4 }) as relative_eff + loo', () => {
    near(relativeEff(gold.ll_t, 4), gold.r_eff_t_chains);
    const r = loo(gold.ll_t, { chains: 4, quiet: true });
    near(r.pointwise.elpd, gold.loo_t_chains.elpd);
    near(r.nEff!, gold.loo_t_chains.n_eff!);
    near(r.paretoK!, gold.loo_t_chains.pareto_k!);
    near([r.estimates.pEff, r.estimates.sePEff], gold.loo_t_chains.p);
    expect(() => relativeEff(gold.ll_t, 3)).toThrow(/dividing the 500 draws/);
  });

  it('compare: order, elpd_diff and se_diff as loo_compare', () => {
    const t = compare({
      normal: loo(gold.ll_normal, { quiet: true }),
      student: loo(gold.ll_t, { quiet: true }),
    });
    expect(t.rows.map((r) => r.name)).toEqual(gold.compare.names);
    near(
      t.rows.map((r) => r.elpdDiff),
      gold.compare.elpd_diff,
    );
    near(
      t.rows.map((r) => r.seDiff),
      gold.compare.se_diff,
    );
    expect(t.toString()).toMatch(/^\s+elpd_diff/);
  });

  it('reports the largest deviation from R', () => {
    // every case above ran first (same file, in order)
    expect(worst).toBeLessThan(1e-6);
    console.log(`max |pathwise - R loo| = ${worst.toExponential(2)}`);
  });
});

describe('diagnostics', () => {
  it('warns at k-hat > 0.7, naming the observation; quiet suppresses printing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = loo(gold.ll_normal);
    expect(r.paretoK![23]).toBeGreaterThan(0.7);
    expect(r.warnings[0]).toMatch(/Pareto k > 0.7 for 1 of 24 observations \(indices 23\)/);
    expect(warn).toHaveBeenCalledTimes(1);
    loo(gold.ll_normal, { quiet: true });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    expect(r.toString()).toMatch(/1 very bad/);
  });

  it('takes the record logLikelihood returns; bad input names the problem', () => {
    const model = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      plate('i', 3, () => sample('y', new Normal(mu, 1), { obs: [0, 1, 2] }));
    };
    const draws = new Normal(1, 0.5).sample([400]).data;
    const ll = logLikelihood(model, { mu: tensor(draws) });
    const a = loo(ll, { quiet: true });
    const b = loo(ll.y, { quiet: true });
    expect(a.estimates.elpd).toBe(b.estimates.elpd);
    expect(a.observations).toBe(3);
    expect(() => loo([1, 2, 3])).toThrow(/\[draws, observations/);
    expect(() => loo(ll, { rEff: [1, 2] })).toThrow(/one per observation \(3\)/);
    expect(() => compare({ a })).toThrow(/at least two/);
    expect(() => compare({ a, w: waic(ll, { quiet: true }) })).toThrow(/method/);
  });
});
