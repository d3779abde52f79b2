/**
 * One transition of the No-U-Turn Sampler as in Stan: the trajectory doubles in a random
 * direction until the generalized no-U-turn criterion fails (checked across the merged
 * trajectory and, as Betancourt 2017 and Stan add, between the subtrees), the maximum
 * depth is reached, or the energy error exceeds `maxDeltaH` (a divergence). The new
 * point is drawn by multinomial sampling over the trajectory, biased toward the newer
 * subtree at the top level. Also the fixed-length HMC transition.
 * @module
 */
import type { Rng } from '../random/index.js';
import { energy, leapfrog, vector, type Point, type PotentialGrad } from './integrator.js';
import type { Metric } from './metric.js';

/** What one transition reports. */
export interface TransitionStats {
  /** Mean Metropolis acceptance probability over the trajectory (drives step-size adaptation). */
  acceptProb: number;
  /** Tree depth reached (NUTS) or 0 (HMC). */
  treeDepth: number;
  /** Leapfrog steps taken. */
  numSteps: number;
  /** True if the energy error exceeded the divergence threshold. */
  divergent: boolean;
  /** The Hamiltonian at the new point. */
  energy: number;
}

/** Settings shared by a transition. */
export interface TransitionContext {
  readonly eps: number;
  readonly metric: Metric;
  readonly f: PotentialGrad;
  readonly rng: Rng;
  readonly maxTreeDepth: number;
  readonly maxDeltaH: number;
}

const logAdd = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

const plus = (a: Float64Array, b: Float64Array): Float64Array => {
  const o = vector(a.length); // (a loop: TypedArray.prototype.map is much slower)
  for (let i = 0; i < a.length; i++) o[i] = a[i] + b[i];
  return o;
};

/** a · (b + c), without allocating b + c (the same operations as dot(a, plus(b, c))). */
const dotSum = (a: Float64Array, b: Float64Array, c: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * (b[i] + c[i]);
  return s;
};

/** The generalized no-U-turn criterion: both ends still move along ρ. */
const noUTurn = (sharpMinus: Float64Array, sharpPlus: Float64Array, rho: Float64Array): boolean =>
  dot(sharpPlus, rho) > 0 && dot(sharpMinus, rho) > 0;

/** The criterion along ρ = a + b (a subtree's ρ and the other's inner momentum). */
const noUTurnSum = (
  sharpMinus: Float64Array,
  sharpPlus: Float64Array,
  a: Float64Array,
  b: Float64Array,
): boolean => dotSum(sharpPlus, a, b) > 0 && dotSum(sharpMinus, a, b) > 0;

/** One end of a subtree: momentum and velocity (M⁻¹p). */
interface End {
  p: Float64Array;
  sharp: Float64Array;
}

/** A built subtree. */
interface Tree {
  valid: boolean;
  /** The point it proposes, last integrated point (the new trajectory end), ends. */
  propose: Point;
  last: Point;
  begin: End;
  end: End;
  rho: Float64Array;
  logWeight: number;
}

/** Mutable counters of one transition. */
interface Counters {
  steps: number;
  sumMetroProb: number;
  divergent: boolean;
}

/** Builds a subtree of 2^depth leapfrog steps from `z` in direction `sign` (Stan's build_tree). */
function buildTree(
  z: Point,
  depth: number,
  sign: number,
  h0: number,
  ctx: TransitionContext,
  c: Counters,
): Tree {
  if (depth === 0) {
    const next = leapfrog(z, sign * ctx.eps, ctx.metric, ctx.f);
    c.steps++;
    const h = energy(next, ctx.metric);
    if (h - h0 > ctx.maxDeltaH) c.divergent = true;
    c.sumMetroProb += h0 - h > 0 ? 1 : Math.exp(h0 - h);
    const end = { p: next.p, sharp: ctx.metric.velocityInto(next.p, vector(next.p.length)) };
    return {
      valid: !c.divergent,
      propose: next,
      last: next,
      begin: end,
      end,
      rho: next.p,
      logWeight: h0 - h,
    };
  }
  const init = buildTree(z, depth - 1, sign, h0, ctx, c);
  if (!init.valid) return init;
  const final = buildTree(init.last, depth - 1, sign, h0, ctx, c);
  if (!final.valid) return final;
  const logWeight = logAdd(init.logWeight, final.logWeight);
  // uniform progressive sampling inside a subtree
  const takeFinal =
    final.logWeight > logWeight || ctx.rng.uniform() < Math.exp(final.logWeight - logWeight);
  const rho = plus(init.rho, final.rho);
  const valid =
    noUTurn(init.begin.sharp, final.end.sharp, rho) &&
    noUTurnSum(init.begin.sharp, final.begin.sharp, init.rho, final.begin.p) &&
    noUTurnSum(init.end.sharp, final.end.sharp, final.rho, init.end.p);
  return {
    valid,
    propose: takeFinal ? final.propose : init.propose,
    last: final.last,
    begin: init.begin,
    end: final.end,
    rho,
    logWeight,
  };
}

/**
 * One NUTS transition from position `z0` (with its potential and gradient): draws a
 * momentum, builds the trajectory, returns the new point and its statistics.
 */
export function nutsTransition(
  z0: Point,
  ctx: TransitionContext,
): { point: Point; stats: TransitionStats } {
  const p0 = ctx.metric.momentum(ctx.rng);
  const start: Point = { q: z0.q, p: p0, u: z0.u, grad: z0.grad };
  const h0 = energy(start, ctx.metric);
  const e0: End = { p: p0, sharp: ctx.metric.velocity(p0) };
  let fwd = { point: start, outer: e0, inner: e0 }; // forward end: outermost and innermost ends of the forward subtree
  let bck = { point: start, outer: e0, inner: e0 };
  let sample = start;
  let rho = p0;
  let logSumWeight = 0;
  const c: Counters = { steps: 0, sumMetroProb: 0, divergent: false };
  let depth = 0;
  while (depth < ctx.maxTreeDepth) {
    const forward = ctx.rng.uniform() > 0.5;
    let rhoFwd: Float64Array;
    let rhoBck: Float64Array;
    let tree: Tree;
    if (forward) {
      rhoBck = rho; // the old trajectory becomes the backward part; its inner end is the old forward end
      bck = { ...bck, inner: fwd.outer };
      tree = buildTree(fwd.point, depth, 1, h0, ctx, c);
      fwd = { point: tree.last, inner: tree.begin, outer: tree.end };
      rhoFwd = tree.rho;
    } else {
      rhoFwd = rho;
      fwd = { ...fwd, inner: bck.outer };
      tree = buildTree(bck.point, depth, -1, h0, ctx, c);
      bck = { point: tree.last, inner: tree.begin, outer: tree.end };
      rhoBck = tree.rho;
    }
    if (!tree.valid) break;
    depth++;
    // biased progressive sampling: favour the new subtree
    if (
      tree.logWeight > logSumWeight ||
      ctx.rng.uniform() < Math.exp(tree.logWeight - logSumWeight)
    )
      sample = tree.propose;
    logSumWeight = logAdd(logSumWeight, tree.logWeight);
    rho = plus(rhoBck, rhoFwd);
    const persist =
      noUTurn(bck.outer.sharp, fwd.outer.sharp, rho) &&
      noUTurnSum(bck.outer.sharp, fwd.inner.sharp, rhoBck, fwd.inner.p) &&
      noUTurnSum(bck.inner.sharp, fwd.outer.sharp, rhoFwd, bck.inner.p);
    if (!persist) break;
  }
  return {
    point: sample,
    stats: {
      acceptProb: c.steps > 0 ? c.sumMetroProb / c.steps : 0,
      treeDepth: depth,
      numSteps: c.steps,
      divergent: c.divergent,
      energy: energy(sample, ctx.metric),
    },
  };
}

/**
 * One HMC transition with `numSteps` leapfrog steps and a Metropolis correction.
 */
export function hmcTransition(
  z0: Point,
  numSteps: number,
  ctx: TransitionContext,
): { point: Point; stats: TransitionStats } {
  const p0 = ctx.metric.momentum(ctx.rng);
  let z: Point = { q: z0.q, p: p0, u: z0.u, grad: z0.grad };
  const h0 = energy(z, ctx.metric);
  let divergent = false;
  let steps = 0;
  for (; steps < numSteps; steps++) {
    z = leapfrog(z, ctx.eps, ctx.metric, ctx.f);
    if (energy(z, ctx.metric) - h0 > ctx.maxDeltaH) {
      divergent = true;
      steps++;
      break;
    }
  }
  const h = energy(z, ctx.metric);
  const acceptProb = divergent ? 0 : Math.min(1, Math.exp(h0 - h));
  const accepted = ctx.rng.uniform() < acceptProb;
  const point = accepted ? z : z0;
  return {
    point,
    stats: { acceptProb, treeDepth: 0, numSteps: steps, divergent, energy: accepted ? h : h0 },
  };
}
