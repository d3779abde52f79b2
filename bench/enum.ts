/**
 * Enumeration benchmark: log p(y) of a 3-state Gaussian HMM with T = 200 steps, its
 * discrete states summed out by `enumLogJoint` (as a plain loop, and in a `markov`
 * loop), vs the hand-written scaled forward algorithm.
 */
import { Categorical, enumLogJoint, gather, markov, Normal, rng, sample } from '../src/index.js';
import { median, type Row } from './util.js';

const T = 200;
const INIT = [0.5, 0.3, 0.2];
const TRANS = [
  [0.8, 0.1, 0.1],
  [0.2, 0.7, 0.1],
  [0.1, 0.2, 0.7],
];
const LOCS = [-2, 0, 2];

function forward(ys: number[]): number {
  const em = (y: number, k: number): number =>
    Math.exp(-0.5 * (y - LOCS[k]) ** 2) / 2.5066282746310002;
  let alpha = INIT.map((p, k) => p * em(ys[0], k));
  let logZ = 0;
  for (let t = 1; t < ys.length; t++) {
    const s = alpha[0] + alpha[1] + alpha[2];
    logZ += Math.log(s);
    const a = alpha.map((v) => v / s);
    alpha = [0, 1, 2].map(
      (j) => (a[0] * TRANS[0][j] + a[1] * TRANS[1][j] + a[2] * TRANS[2][j]) * em(ys[t], j),
    );
  }
  return logZ + Math.log(alpha[0] + alpha[1] + alpha[2]);
}

export function enumHmm(): Row[] {
  const r = rng(0);
  const ys = Array.from({ length: T }, () => 1.5 * r.normal());
  const step = (x: ReturnType<typeof sample>, t: number): ReturnType<typeof sample> => {
    const next = sample(`x${t}`, new Categorical({ probs: gather(TRANS, x) }));
    sample(`y${t}`, new Normal(gather(LOCS, next), 1), { obs: ys[t] });
    return next;
  };
  const first = (): ReturnType<typeof sample> => {
    const x = sample('x0', new Categorical({ probs: INIT }));
    sample('y0', new Normal(gather(LOCS, x), 1), { obs: ys[0] });
    return x;
  };
  const plain = (): void => {
    let x = first();
    for (let t = 1; t < T; t++) x = step(x, t);
  };
  const chain = (): void => {
    let x = first();
    markov(T - 1, (i) => void (x = step(x, i + 1)));
  };
  const exact = forward(ys);
  const err = (m: () => void): string =>
    `rel. error ${(Math.abs(enumLogJoint(m, [], {}).item() - exact) / Math.abs(exact)).toExponential(1)}`;
  const loop = median(() => forward(ys), 15, 5, 20);
  const opts = { maxPlateNesting: 0 };
  return [
    {
      name: `HMM T=${T} K=3 log p(y), enumLogJoint loop`,
      ms: median(() => enumLogJoint(plain, [], {}, opts), 7, 2),
      baselineMs: loop,
      goal: 'exact',
      extra: err(plain),
    },
    {
      name: `HMM T=${T} K=3 log p(y), enumLogJoint markov`,
      ms: median(() => enumLogJoint(chain, [], {}, opts), 7, 2),
      baselineMs: loop,
      goal: 'exact',
      extra: err(chain),
    },
  ];
}
