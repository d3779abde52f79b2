/**
 * The noise of stochastic layers, and how `fit` compiles a step that uses it. A layer
 * draws its noise (a DenseReparameterization's ε, a DenseFlipout's random signs) with
 * `Layer.noise`, from its own seeded generator. Eagerly that is an ordinary draw. A
 * compiled step cannot draw (jit would freeze the numbers into the trace), so `fit`
 * does as the compiled SVI step does: the first step of each batch size runs eagerly
 * and records, site by site, how its noise was drawn; later steps draw that noise
 * outside and pass it to the compiled function as arguments, where `Layer.noise`
 * returns it in order. The same draws come from the same generators in the same order
 * either way, so a seed fixes the run, compiled or eager, bit for bit.
 * @module
 */
import { jit, JitError, tidy, type Shape, type Tensor } from '../autodiff/index.js';
import { fmt, sameShape } from '../autodiff/shape.js';
import type { Rng } from '../random/index.js';

/** How one noise tensor was drawn: from which generator, of which shape, by which draw. */
interface NoiseSite {
  readonly rng: Rng;
  readonly shape: Shape;
  readonly draw: NoiseDraw;
}

/** @internal How a noise element is drawn: a function of the generator, or random signs. */
export type NoiseDraw = ((r: Rng) => number) | 'sign';

const drawWith = (r: Rng, shape: Shape, draw: NoiseDraw): Tensor =>
  draw === 'sign' ? r.signs(shape) : r.tensor(shape, draw);

type Mode = { plan: NoiseSite[] } | { eps: readonly Tensor[]; k: number };

let mode: Mode | null = null;

/**
 * @internal A noise tensor of `shape` filled by `draw` from `r`, or, while a compiled
 * step replays its arguments, the next of them.
 * @throws {@link JitError} if the replayed noise differs from the recorded one.
 */
export function drawNoise(op: string, r: Rng, shape: Shape, draw: NoiseDraw): Tensor {
  if (mode !== null && 'eps' in mode) {
    const eps = mode.eps[mode.k++] as Tensor | undefined;
    if (eps === undefined || !sameShape(eps.shape, shape))
      throw new JitError(
        op,
        `the layer's noise changed after the first step (a draw of shape ${fmt(shape)})`,
      );
    return eps;
  }
  const t = drawWith(r, shape, draw);
  if (mode !== null) mode.plan.push({ rng: r, shape: [...shape], draw });
  return t;
}

/** Runs `fn` in `m`, restoring the previous mode even if it throws. */
function within<T>(m: Mode, fn: () => T): T {
  const outer = mode;
  mode = m;
  try {
    return fn();
  } finally {
    mode = outer;
  }
}

/** What a training step returns (any tensors), as jit takes it. */
type Step<R> = (xb: Tensor, yb: Tensor) => R;

/**
 * @internal `fit`'s compiled step: `step` under {@link jit}'s `check` option, with the
 * noise of stochastic layers (`stochastic()` true once a layer has drawn some) drawn
 * outside and passed in. Calls `onEager(reason)` once if the steps go back to eager
 * execution (a layer that reads tensor values into JavaScript, draws random numbers
 * other than through `Layer.noise`, ...).
 */
export function compileStep<R>(
  step: Step<R>,
  stochastic: () => boolean,
  onEager: (reason: string) => void,
): Step<R> {
  const plans = new Map<number, NoiseSite[]>(); // by batch size
  let reason: string | undefined;
  let traceError: string | undefined;
  const jitted = jit(
    (xb: Tensor, yb: Tensor, ...eps: Tensor[]) => {
      try {
        return within({ eps, k: 0 }, () => step(xb, yb));
      } catch (e) {
        if (e instanceof JitError) traceError ??= e.message;
        throw e;
      }
    },
    { check: true },
  );
  let noisy = false; // once a layer has drawn noise, it stays stochastic
  return (xb, yb) => {
    if (reason !== undefined) return tidy(() => step(xb, yb));
    let out: R;
    if (noisy || (noisy = stochastic())) {
      const plan = plans.get(xb.shape[0]);
      if (plan === undefined) {
        const recorded: NoiseSite[] = [];
        plans.set(xb.shape[0], recorded);
        return within({ plan: recorded }, () => tidy(() => step(xb, yb)));
      }
      out = jitted(xb, yb, ...plan.map((s) => drawWith(s.rng, s.shape, s.draw)));
    } else out = jitted(xb, yb); // no noise: no arrays to build per step
    if (jitted.eager) {
      reason =
        traceError === undefined
          ? 'the compiled step did not match the eager step bit for bit (does a layer read tensor values into JavaScript?)'
          : `the step cannot be compiled: ${traceError}`;
      onEager(reason);
    }
    return out;
  };
}
