/**
 * Enumeration of discrete latent sites: exact marginals against brute-force sums and the
 * HMM forward algorithm (1e-10), gradients of the marginal against central differences,
 * traceEnumElbo, NUTS with the discrete sites summed out (against 2-D quadrature of the
 * posterior, within 3 MCSE), and inferDiscrete against exact conditionals and Viterbi.
 */
import { describe, expect, it } from 'vitest';
import {
  Adam,
  add,
  ArgumentError,
  autoNormal,
  Bernoulli,
  Categorical,
  configEnumerate,
  enumLogJoint,
  factor,
  gather,
  gradcheck,
  HalfNormal,
  inferDiscrete,
  mcmc,
  logJoint,
  markov,
  MixtureSameFamily,
  mcseMean,
  mul,
  Normal,
  plate,
  rng,
  sample,
  seed,
  ShapeError,
  softmax,
  stack,
  svi,
  tensor,
  trace,
  valueAndGrad,
  traceEnumElbo,
  type McmcResult,
  type Tensor,
  type TensorLike,
} from '../../src/index.js';
import { enumeratedTrace } from '../../src/inference/enum.js';

const LOG_SQRT_2PI = 0.9189385332046727;
const lnN = (x: number, m: number, s: number): number =>
  -0.5 * ((x - m) / s) ** 2 - Math.log(s) - LOG_SQRT_2PI;
const lse = (xs: number[]): number => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
};

// ---------------------------------------------------------------------------------
// A hidden Markov model: 3 states, Gaussian emissions

const K = 3;
const INIT = [0.5, 0.3, 0.2];
const TRANS = [
  [0.8, 0.1, 0.1],
  [0.2, 0.7, 0.1],
  [0.1, 0.2, 0.7],
];
const LOCS = [-2, 0, 2];

function observations(T: number, seed: number): number[] {
  const r = rng(seed);
  const ys: number[] = [];
  let x = 0;
  for (let t = 0; t < T; t++) {
    const p = t === 0 ? INIT : TRANS[x];
    const u = r.uniform();
    x = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    ys.push(LOCS[x] + r.normal());
  }
  return ys;
}

/** The HMM as a model: a Python-style loop of sample sites, one per step. */
const hmm = (ys: number[], trans: TensorLike = TRANS): void => {
  let x = sample('x0', new Categorical({ probs: INIT }));
  sample('y0', new Normal(gather(LOCS, x), 1), { obs: ys[0] });
  for (let t = 1; t < ys.length; t++) {
    x = sample(`x${t}`, new Categorical({ probs: gather(trans, x) }));
    sample(`y${t}`, new Normal(gather(LOCS, x), 1), { obs: ys[t] });
  }
};

/** The forward algorithm with scaling: log p(y_0..T-1). */
function forward(ys: number[]): number {
  let alpha = INIT.map((p, k) => p * Math.exp(lnN(ys[0], LOCS[k], 1)));
  let logZ = 0;
  for (let t = 1; t < ys.length; t++) {
    const s = alpha.reduce((a, b) => a + b);
    logZ += Math.log(s);
    const a = alpha.map((v) => v / s);
    alpha = LOCS.map(
      (loc, j) =>
        a.reduce((acc, ai, i) => acc + ai * TRANS[i][j], 0) * Math.exp(lnN(ys[t], loc, 1)),
    );
  }
  return logZ + Math.log(alpha.reduce((a, b) => a + b));
}

/** Smoothed marginals p(x_t | y) by forward-backward. */
function smoothed(ys: number[]): number[][] {
  const T = ys.length;
  const em = ys.map((y) => LOCS.map((l) => Math.exp(lnN(y, l, 1))));
  const fw: number[][] = [];
  let a = INIT.map((p, k) => p * em[0][k]);
  for (let t = 0; t < T; t++) {
    if (t > 0)
      a = LOCS.map(
        (_, j) => fw[t - 1].reduce((acc, ai, i) => acc + ai * TRANS[i][j], 0) * em[t][j],
      );
    const s = a.reduce((x, y) => x + y);
    fw.push(a.map((v) => v / s));
  }
  let b = [1, 1, 1];
  const out: number[][] = new Array<number[]>(T);
  for (let t = T - 1; t >= 0; t--) {
    const p = fw[t].map((f, k) => f * b[k]);
    const s = p.reduce((x, y) => x + y);
    out[t] = p.map((v) => v / s);
    const nb = LOCS.map((_, i) => TRANS[i].reduce((acc, tij, j) => acc + tij * em[t][j] * b[j], 0));
    const ns = nb.reduce((x, y) => x + y);
    b = nb.map((v) => v / ns);
  }
  return out;
}

/** The Viterbi path by dynamic programming. */
function viterbi(ys: number[]): number[] {
  const T = ys.length;
  let d = INIT.map((p, k) => Math.log(p) + lnN(ys[0], LOCS[k], 1));
  const back: number[][] = [];
  for (let t = 1; t < T; t++) {
    const ptr: number[] = [];
    d = LOCS.map((loc, j) => {
      let best = 0;
      for (let i = 1; i < K; i++)
        if (d[i] + Math.log(TRANS[i][j]) > d[best] + Math.log(TRANS[best][j])) best = i;
      ptr.push(best);
      return d[best] + Math.log(TRANS[best][j]) + lnN(ys[t], loc, 1);
    });
    back.push(ptr);
  }
  const path = [d.indexOf(Math.max(...d))];
  for (let t = T - 2; t >= 0; t--) path.unshift(back[t][path[0]]);
  return path;
}

describe('an HMM with 3 states and 50 steps', () => {
  const ys = observations(50, 0);
  it('enumLogJoint equals the forward algorithm to 1e-10', () => {
    const exact = forward(ys);
    const v = enumLogJoint(hmm, [ys], {}).item();
    expect(Math.abs(v - exact)).toBeLessThanOrEqual(1e-10 * Math.abs(exact));
  });
  it('a 300-step chain is still a sequence of small contractions (no K^T tensor)', () => {
    const long = observations(300, 4);
    const exact = forward(long);
    expect(Math.abs(enumLogJoint(hmm, [long], {}).item() - exact)).toBeLessThanOrEqual(
      1e-10 * Math.abs(exact),
    );
  });
  it('traceEnumElbo with an empty guide is -log p(y) exactly', () => {
    const model = configEnumerate((y: number[]) => hmm(y));
    const loss = traceEnumElbo().loss(model, (_: number[]) => {}, [ys], {
      rng: rng(0),
      numParticles: 1,
    });
    expect(Math.abs(loss.item() + forward(ys))).toBeLessThanOrEqual(1e-10 * Math.abs(forward(ys)));
  });
  it('the gradient of log p(y) in the transition matrix agrees with central differences', () => {
    const short = ys.slice(0, 12);
    const f = (logits: Tensor): Tensor =>
      enumLogJoint((y: number[]) => hmm(y, softmax(logits, -1)), [short], {});
    const r = gradcheck(
      f,
      [
        [
          [0.3, -0.2, 0.1],
          [0, 0.5, -0.4],
          [0.2, 0.1, 0.6],
        ],
      ],
      { rtol: 1e-7, atol: 1e-9 },
    );
    expect(r.maxRelError).toBeLessThanOrEqual(1e-7);
  });
  it('inferDiscrete at temperature 0 is the Viterbi path', () => {
    const path = inferDiscrete(hmm, { args: [ys], temperature: 0 });
    expect(ys.map((_, t) => path[`x${t}`].item())).toEqual(viterbi(ys));
  });
  it('inferDiscrete draws have the smoothed marginals (forward-backward)', () => {
    const short = ys.slice(0, 15);
    const n = 400;
    const draws = inferDiscrete(hmm, { args: [short], numSamples: n, seed: 2 });
    const exact = smoothed(short);
    for (let t = 0; t < short.length; t++)
      for (let k = 0; k < K; k++) {
        const f = draws[`x${t}`].data.filter((v) => v === k).length / n;
        const p = exact[t][k];
        expect(Math.abs(f - p), `x${t} = ${k}`).toBeLessThanOrEqual(
          4.5 * Math.sqrt((p * (1 - p)) / n) + 1e-3,
        );
      }
  });
});

// ---------------------------------------------------------------------------------
// markov: the chain's enumeration axes are reused

/** The HMM with its steps in a markov loop. */
const hmmMarkov = (ys: number[]): void => {
  let x = sample('x0', new Categorical({ probs: INIT }));
  sample('y0', new Normal(gather(LOCS, x), 1), { obs: ys[0] });
  markov(ys.length - 1, (i) => {
    x = sample(`x${i + 1}`, new Categorical({ probs: gather(TRANS, x) }));
    sample(`y${i + 1}`, new Normal(gather(LOCS, x), 1), { obs: ys[i + 1] });
  });
};

describe('markov', () => {
  const ys = observations(50, 0);
  it('keeps three enumeration axes for a first-order chain of any length', () => {
    expect(enumeratedTrace(hmmMarkov, [ys], 0, 'all').layout.dims).toBe(3);
    expect(enumeratedTrace(hmm, [ys], 0, 'all').layout.dims).toBe(50);
  });
  it('gives the forward algorithm (1e-10) and the Viterbi path', () => {
    const exact = forward(ys);
    expect(Math.abs(enumLogJoint(hmmMarkov, [ys], {}).item() - exact)).toBeLessThanOrEqual(
      1e-10 * Math.abs(exact),
    );
    const path = inferDiscrete(hmmMarkov, { args: [ys], temperature: 0 });
    expect(ys.map((_, t) => path[`x${t}`].item())).toEqual(viterbi(ys));
  });
  it('a second-order chain with history 2 equals the brute-force sum over all 2^10 paths', () => {
    const T = 10;
    const obs = observations(T, 9).map((v) => v / 2);
    const table = [
      [0.9, 0.1],
      [0.6, 0.4],
      [0.3, 0.7],
      [0.2, 0.8],
    ]; // rows: 2·x[t-2] + x[t-1]
    const model = (): void => {
      const xs = [sample('x0', new Categorical({ probs: [0.5, 0.5] }))];
      xs.push(sample('x1', new Categorical({ probs: gather(table, mul(xs[0], 3)) })));
      for (const t of [0, 1]) sample(`y${t}`, new Normal(xs[t], 1), { obs: obs[t] });
      markov(
        T - 2,
        (i) => {
          const t = i + 2;
          const row = add(mul(xs[t - 2], 2), xs[t - 1]);
          xs.push(sample(`x${t}`, new Categorical({ probs: gather(table, row) })));
          sample(`y${t}`, new Normal(xs[t], 1), { obs: obs[t] });
        },
        { history: 2 },
      );
    };
    const terms: number[] = [];
    for (let code = 0; code < 2 ** T; code++) {
      const x = Array.from({ length: T }, (_, t) => (code >> t) & 1);
      let lp = Math.log(0.5) + Math.log(table[3 * x[0]][x[1]]);
      for (let t = 2; t < T; t++) lp += Math.log(table[2 * x[t - 2] + x[t - 1]][x[t]]);
      for (let t = 0; t < T; t++) lp += lnN(obs[t], x[t], 1);
      terms.push(lp);
    }
    expect(enumLogJoint(model, [], {}).item()).toBeCloseTo(lse(terms), 12);
    expect(enumeratedTrace(model, [], 0, 'all').layout.dims).toBe(5);
  });
  it('inside a plate of sequences: the sum of per-sequence forward algorithms', () => {
    const seqs = [observations(20, 1), observations(20, 2), observations(20, 3)];
    const cols = (t: number): number[] => seqs.map((q) => q[t]);
    const model = (): void =>
      plate('sequence', 3, () => {
        let x = sample('x0', new Categorical({ probs: INIT }));
        sample('y0', new Normal(gather(LOCS, x), 1), { obs: cols(0) });
        markov(19, (i) => {
          x = sample(`x${i + 1}`, new Categorical({ probs: gather(TRANS, x) }));
          sample(`y${i + 1}`, new Normal(gather(LOCS, x), 1), { obs: cols(i + 1) });
        });
      });
    const exact = seqs.reduce((a, q) => a + forward(q), 0);
    expect(enumLogJoint(model, [], {}).item()).toBeCloseTo(exact, 10);
    const path = inferDiscrete(model, { temperature: 0 });
    expect(path.x5.shape).toEqual([3]);
    seqs.forEach((q, k) => expect(q.map((_, t) => path[`x${t}`].data[k])).toEqual(viterbi(q)));
  });
  it('checks its arguments', () => {
    expect(() => markov(-1, () => 0)).toThrow(ArgumentError);
    expect(() => markov(3, () => 0, { history: 1.5 })).toThrow(
      /history must be a non-negative integer/,
    );
    expect(markov(3, (t) => t * 2)).toEqual([0, 2, 4]);
  });
});

// ---------------------------------------------------------------------------------
// Plates

describe('enumeration inside and outside plates', () => {
  const data = [-1.2, 0.4, 2.2, 3.1, -0.3];
  const locs = [
    [-1, 2],
    [0.5, 3],
  ];
  /** c global (2 values), z_i local with probabilities depending on c. */
  const nested = (): void => {
    const c = sample('c', new Bernoulli({ probs: 0.3 }));
    const probs = gather(
      [
        [0.2, 0.8],
        [0.7, 0.3],
      ],
      c,
    );
    plate('data', data.length, () => {
      const z = sample('z', new Categorical({ probs }));
      // locs[c][z] as one gather from the flattened table (the index broadcasts over both enumeration axes)
      const loc = gather(locs.flat(), add(mul(c, 2), z));
      sample('x', new Normal(loc, 1), { obs: data });
    });
  };
  it('a local site in a plate: the product over members of per-member sums', () => {
    const model = (): void =>
      plate('data', data.length, () => {
        const z = sample('z', new Categorical({ probs: [0.3, 0.7] }));
        sample('x', new Normal(gather([-1, 2], z), 1), { obs: data });
      });
    const exact = data.reduce(
      (a, x) => a + lse([Math.log(0.3) + lnN(x, -1, 1), Math.log(0.7) + lnN(x, 2, 1)]),
      0,
    );
    expect(enumLogJoint(model, [], {}).item()).toBeCloseTo(exact, 12);
  });
  it('equals the same model written with a MixtureSameFamily likelihood, gradients too', () => {
    const enumerated = (locs: Tensor): void =>
      plate('data', data.length, () => {
        const z = sample('z', new Categorical({ probs: [0.3, 0.7] }));
        sample('x', new Normal(gather(locs, z), 1), { obs: data });
      });
    const mixture = (locs: Tensor): void =>
      plate('data', data.length, () => {
        const d = new MixtureSameFamily(
          new Categorical({ probs: [0.3, 0.7] }),
          new Normal(locs, 1),
        );
        sample('x', d, { obs: data });
      });
    const { value: a, grad: ga } = valueAndGrad((l: Tensor) => enumLogJoint(enumerated, [l], {}))([
      -1, 2,
    ]);
    const { value: b, grad: gb } = valueAndGrad((l: Tensor) => logJoint(mixture, [l], {}))([-1, 2]);
    expect(a.item()).toBeCloseTo(b.item(), 13);
    ga.data.forEach((g, i) => expect(g).toBeCloseTo(gb.data[i], 13));
  });
  it('a subsampled plate: the per-member marginals are scaled by size / subsample size', () => {
    const all = [-1.2, 0.4, 2.2, 3.1, -0.3, 1.7, 2.5, -2.2, 0.9, 1.1];
    const model = seed(
      (): void =>
        plate(
          'data',
          all.length,
          (idx) => {
            const z = sample('z', new Categorical({ probs: [0.3, 0.7] }));
            sample('x', new Normal(gather([-1, 2], z), 1), { obs: gather(all, idx) });
          },
          { subsampleSize: 4 },
        ),
      3,
    );
    const idx = Array.from(trace(model).getTrace().get('data')?.value.data ?? []);
    expect(idx.length).toBe(4);
    const member = (x: number): number =>
      lse([Math.log(0.3) + lnN(x, -1, 1), Math.log(0.7) + lnN(x, 2, 1)]);
    const exact = (all.length / 4) * idx.reduce((a, i) => a + member(all[i]), 0);
    expect(enumLogJoint(model, [], {}).item()).toBeCloseTo(exact, 12);
  });
  it('a global site coupled to a local one: log Σ_c p(c) Π_i Σ_z p(z | c) p(x_i | c, z)', () => {
    const exact = lse(
      [0, 1].map((c) => {
        const pc = c === 1 ? 0.3 : 0.7;
        const pz = [
          [0.2, 0.8],
          [0.7, 0.3],
        ][c];
        return (
          Math.log(pc) +
          data.reduce(
            (a, x) => a + lse([0, 1].map((z) => Math.log(pz[z]) + lnN(x, locs[c][z], 1))),
            0,
          )
        );
      }),
    );
    expect(enumLogJoint(nested, [], {}).item()).toBeCloseTo(exact, 12);
  });
  it('inferDiscrete on the nested model: the global site has its exact posterior', () => {
    const logJ = [0, 1].map((c) => {
      const pz = [
        [0.2, 0.8],
        [0.7, 0.3],
      ][c];
      return (
        Math.log(c === 1 ? 0.3 : 0.7) +
        data.reduce(
          (a, x) => a + lse([0, 1].map((z) => Math.log(pz[z]) + lnN(x, locs[c][z], 1))),
          0,
        )
      );
    });
    const p1 = Math.exp(logJ[1] - lse(logJ));
    const n = 2000;
    const d = inferDiscrete(nested, { numSamples: n, seed: 5 });
    expect(d.z.shape).toEqual([n, data.length]);
    const f = d.c.data.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(f - p1)).toBeLessThanOrEqual(4.5 * Math.sqrt((p1 * (1 - p1)) / n));
  });
  it('traceEnumElbo with a guide for the continuous site: enumerated log-joint minus log q', () => {
    const model = (): void => {
      const mu = sample('mu', new Normal(0, 2));
      plate('data', data.length, () => {
        const z = sample('z', new Categorical({ probs: [0.3, 0.7] }), {
          infer: { enumerate: 'parallel' },
        });
        sample('x', new Normal(add(mu, gather([-1, 1], z)), 1), { obs: data });
      });
    };
    const q = new Normal(0.3, 0.8);
    const guide = (): void => void sample('mu', q);
    const loss = traceEnumElbo()
      .loss(model, guide, [], { rng: rng(7), numParticles: 1 })
      .item();
    const mu = q.sample([], rng(7));
    const exact = enumLogJoint(model, [], { mu }).item() - q.logProb(mu).item();
    expect(loss).toBeCloseTo(-exact, 12);
    const m = mu.item();
    const byHand =
      lnN(m, 0, 2) +
      data.reduce(
        (a, x) => a + lse([Math.log(0.3) + lnN(x, m - 1, 1), Math.log(0.7) + lnN(x, m + 1, 1)]),
        0,
      );
    expect(enumLogJoint(model, [], { mu }).item()).toBeCloseTo(byHand, 12);
  });
  it('mcmc names the site that rules every start out, with enumerated sites present', () => {
    const model = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      const z = sample('z', new Categorical({ probs: [0.5, 0.5] }));
      sample('x', new Normal(gather(stack([mu, add(mu, 1)]), z), 1), { obs: 0 });
      factor('wall', -Infinity);
    };
    expect(() => mcmc(model, { numWarmup: 5, numSamples: 5 })).toThrow(
      /sites with non-finite log-probability at the last try: 'wall'$/,
    );
  });
  it('rejects sites it cannot enumerate, naming them', () => {
    const unplated = (): void => {
      const z = sample(
        'z',
        new Categorical({
          probs: [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        }),
      );
      sample('x', new Normal(z, 1), { obs: [0, 1] });
    };
    expect(() => enumLogJoint(unplated, [], {})).toThrow(ShapeError);
    expect(() => enumLogJoint(unplated, [], {})).toThrow(
      /site 'z' has batch shape \[2\] whose axis -1 is not a plate/,
    );
    const continuous = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      sample('x', new Normal(mu, 1), { obs: 0 });
    };
    expect(() => enumLogJoint(continuous, [], {})).toThrow(/no value for latent site\(s\) 'mu'/);
    const model = (): void => void sample('z', new Bernoulli({ probs: 0.5 }));
    expect(() =>
      traceEnumElbo().loss(model, () => {}, [], { rng: rng(0), numParticles: 1 }),
    ).toThrow(ArgumentError);
    expect(() =>
      traceEnumElbo().loss(model, () => {}, [], { rng: rng(0), numParticles: 1 }),
    ).toThrow(/latent site 'z' is neither in the guide nor enumerated/);
  });
});

// ---------------------------------------------------------------------------------
// A 2-component Gaussian mixture with NUTS

describe('NUTS on a Gaussian mixture with the assignments summed out', () => {
  const r = rng(11);
  const xs = Array.from({ length: 60 }, () => (r.uniform() < 0.4 ? -1.5 : 1.8) + r.normal());
  const data = tensor(xs);
  /** Ordered means (mu0, mu0 + gap), known weights and scale. */
  const model = (): void => {
    const mu0 = sample('mu0', new Normal(0, 3));
    const gap = sample('gap', new HalfNormal(3));
    const locs = stack([mu0, add(mu0, gap)]);
    plate('data', xs.length, () => {
      const z = sample('z', new Categorical({ probs: [0.4, 0.6] }));
      sample('x', new Normal(gather(locs, z), 1), { obs: data });
    });
  };
  /** Posterior means of mu0 and mu1 by midpoint quadrature on a 300 x 300 grid. */
  function quadrature(): [number, number] {
    const G = 300;
    const lps: number[] = [];
    for (let i = 0; i < G; i++)
      for (let j = 0; j < G; j++) {
        const a = -4 + (6 * (i + 0.5)) / G;
        const g = (6 * (j + 0.5)) / G;
        let lp = lnN(a, 0, 3) + lnN(g, 0, 3);
        for (const x of xs)
          lp += lse([Math.log(0.4) + lnN(x, a, 1), Math.log(0.6) + lnN(x, a + g, 1)]);
        lps.push(lp);
      }
    const top = Math.max(...lps);
    let z = 0;
    let m0 = 0;
    let m1 = 0;
    lps.forEach((lp, k) => {
      const w = Math.exp(lp - top);
      const a = -4 + (6 * (Math.floor(k / G) + 0.5)) / G;
      const g = (6 * ((k % G) + 0.5)) / G;
      z += w;
      m0 += w * a;
      m1 += w * (a + g);
    });
    return [m0 / z, m1 / z];
  }
  let cached: McmcResult | undefined;
  const run = (): McmcResult =>
    (cached ??= mcmc(model, { numWarmup: 500, numSamples: 1000, numChains: 2, seed: 3 }));
  const perChain = (t: Tensor): number[][] =>
    [0, 1].map((c) => Array.from(t.data.subarray(c * 1000, (c + 1) * 1000)));
  it('the posterior means of both components are within 3 MCSE of quadrature', () => {
    const res = run();
    expect(Object.keys(res.samples).sort()).toEqual(['gap', 'mu0']);
    expect(res.numDivergences).toBe(0);
    const [q0, q1] = quadrature();
    const mu0 = perChain(res.samples.mu0);
    const mu1 = perChain(add(res.samples.mu0, res.samples.gap));
    for (const [draws, q] of [
      [mu0, q0],
      [mu1, q1],
    ] as const) {
      const m = draws.flat().reduce((a, b) => a + b, 0) / 2000;
      expect(Math.abs(m - q)).toBeLessThanOrEqual(3 * mcseMean(draws));
    }
  });
  it('SVI with autoNormal (continuous sites only) and traceEnumElbo finds the same means', () => {
    const m = configEnumerate(model);
    const run = svi(m, autoNormal(m), {
      loss: traceEnumElbo(),
      optimizer: new Adam({ learningRate: 0.02 }),
      numParticles: 2,
      seed: 0,
    });
    run.run(1500, []);
    const p = run.getParams();
    expect(Object.keys(p).sort()).toEqual([
      'auto_gap_loc',
      'auto_gap_scale',
      'auto_mu0_loc',
      'auto_mu0_scale',
    ]);
    const [q0, q1] = quadrature();
    const mu0 = p.auto_mu0_loc.item();
    // the guide's median of gap is exp(loc); compare means of mu0 and mu1 = mu0 + gap
    expect(Math.abs(mu0 - q0)).toBeLessThan(0.1);
    expect(Math.abs(mu0 + Math.exp(p.auto_gap_loc.item()) - q1)).toBeLessThan(0.1);
  });
  it('inferDiscrete recovers the assignments: frequencies match the responsibilities', () => {
    const res = run();
    const z = inferDiscrete(model, { posteriorSamples: res.samples, seed: 1 }).z;
    expect(z.shape).toEqual([2, 1000, 60]);
    for (const i of [0, 7, 23, 41]) {
      let freq = 0;
      let resp = 0;
      let v = 0;
      for (let d = 0; d < 2000; d++) {
        const a = res.samples.mu0.data[d];
        const b = a + res.samples.gap.data[d];
        const l0 = Math.log(0.4) + lnN(xs[i], a, 1);
        const l1 = Math.log(0.6) + lnN(xs[i], b, 1);
        const p = Math.exp(l1 - lse([l0, l1]));
        resp += p;
        v += p * (1 - p);
        freq += z.data[d * 60 + i];
      }
      expect(Math.abs(freq - resp) / 2000).toBeLessThanOrEqual((4.5 * Math.sqrt(v)) / 2000 + 1e-3);
    }
  });
});
