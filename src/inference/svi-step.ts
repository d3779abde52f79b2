/**
 * The compiled SVI step. Guide draws are made from their standard noise ε (a Normal's
 * draw is loc + scale·ε with ε ~ N(0, 1)): an eager step records, site by site, how to
 * draw ε; the compiled step draws ε outside and passes it to a function that {@link jit}
 * compiles (guide, model log density, ELBO and its gradients), as `fit` and NUTS compile
 * theirs, under jit's `check` option. The same draws come from the same generator in the
 * same order either way, so a seed fixes the run, compiled or eager.
 * @module
 */
import { JitError, jit, type Jitted, type Tensor, type Variable } from '../autodiff/index.js';
import { sameShape, type Shape } from '../autodiff/shape.js';
import type { Distribution } from '../distributions/index.js';
import { defaultRng, type Rng } from '../random/index.js';
import { Messenger, type Message } from './runtime.js';

/** How one guide site's noise is drawn. */
interface NoiseSite {
  readonly name: string;
  readonly shape: Shape;
  /** The shape of the site's value (the noise's may differ). */
  readonly valueShape: Shape;
  readonly draw: (r: Rng) => Tensor;
}

/**
 * Sets latent sample sites no inner handler has given a value (the guide's draws) from
 * standard noise: drawn and recorded in an eager step, or read from the compiled step's
 * arguments.
 */
class NoiseMessenger extends Messenger {
  plan: NoiseSite[] = [];
  /** Why the recorded plan cannot be compiled (undefined: it can). */
  reason: string | undefined;
  /** The largest batch rank of a sample site in the recorded step. */
  maxBatchRank = 0;
  /** Whether the recorded step had a site that is not reparameterized. */
  scoreSites = false;
  private eps: readonly Tensor[] | null = null;
  private k = 0;

  constructor(private readonly r: Rng) {
    super();
  }

  /** Runs `fn` (an eager step), recording a fresh plan. */
  record<T>(fn: () => T): T {
    this.plan = [];
    this.reason = undefined;
    this.maxBatchRank = 0;
    this.scoreSites = false;
    return this.run(fn);
  }

  /** Runs `fn` with the sites' noise taken from `eps`, in plan order. */
  replay<T>(eps: readonly Tensor[], fn: () => T): T {
    this.eps = eps;
    this.k = 0;
    try {
      const out = this.run(fn);
      if (this.k !== this.plan.length)
        throw new JitError('svi', 'the guide drew fewer sites than in the first step');
      return out;
    } finally {
      this.eps = null;
    }
  }

  override process(msg: Message): void {
    if (msg.type !== 'sample') return;
    const d = msg.fn as Distribution;
    if (this.eps === null) {
      // an observed value may have more batch axes than its distribution (it broadcasts)
      const valueRank = msg.value === undefined ? 0 : msg.value.rank - d.eventShape.length;
      this.maxBatchRank = Math.max(this.maxBatchRank, d.batchShape.length, valueRank);
    }
    const sub = msg.frames.find((f) => f.subsampleSize < f.size);
    if (sub !== undefined)
      this.reason ??= `plate '${sub.name}' subsamples: its indices are drawn each step`;
    if (msg.observed || msg.value !== undefined) return;
    if (this.eps !== null) {
      const site = this.plan[this.k];
      const eps = this.eps[this.k++];
      if (site === undefined || site.name !== msg.name || !sameShape(site.shape, eps.shape))
        throw new JitError(
          'svi',
          `the guide's sites changed after the first step (at '${msg.name}')`,
        );
      msg.value = d.fromNoise(eps);
      return;
    }
    const r = msg.rng ?? defaultRng();
    const eps = d.noise([], r);
    if (eps === undefined) {
      this.scoreSites ||= !d.reparameterized;
      this.reason ??= d.reparameterized
        ? `site '${msg.name}' (${d.family}) is not drawn as a map of parameter-free noise`
        : `site '${msg.name}' (${d.family}) is not reparameterized: its draws depend on the parameters`;
      return; // drawn as usual
    }
    if (r !== this.r) this.reason ??= `site '${msg.name}' draws from another generator`;
    const value = d.fromNoise(eps);
    const draw = (g: Rng): Tensor => d.noise([], g) as Tensor;
    this.plan.push({ name: msg.name, shape: eps.shape, valueShape: value.shape, draw });
    msg.value = value;
  }
}

/** What a step computes: the surrogate loss and the gradients of the parameters. */
export interface StepResult {
  loss: Tensor;
  grads: (Tensor | null)[];
}

/** After this many changes of the step's arguments, steps stay eager. */
const MAX_REBUILDS = 2;

/**
 * @internal Compiles an SVI step once an eager step has recorded its noise plan, and
 * says why it runs eagerly when it cannot.
 */
export class StepCompiler {
  /** Why steps run eagerly (undefined while they are, or can be, compiled). */
  reason: string | undefined;
  private readonly noise: NoiseMessenger;
  private jitted: Jitted<StepResult> | null = null;
  private args: readonly unknown[] = [];
  private vars: readonly Variable[] = [];
  private rebuilds = 0;
  private traceError: string | undefined;
  /** Set while the step is still changing (e.g. its particles not yet vectorized): stay eager. */
  hold = false;

  constructor(
    private readonly r: Rng,
    enabled: boolean,
  ) {
    this.noise = new NoiseMessenger(r);
    if (!enabled) this.reason = 'runEagerly is set';
  }

  /** Runs an eager step's loss computation `fn`, recording the draws it makes. */
  eager<T>(fn: () => T): T {
    const out = this.noise.record(fn);
    this.reason ??= this.noise.reason;
    return out;
  }

  /**
   * What the last eager step saw: its largest batch rank, whether it had score-function
   * sites, and the shapes of the latent sites drawn from noise.
   */
  get recorded(): { maxBatchRank: number; scoreSites: boolean; shapes: Map<string, Shape> } {
    const { maxBatchRank, scoreSites, plan } = this.noise;
    return { maxBatchRank, scoreSites, shapes: new Map(plan.map((s) => [s.name, s.valueShape])) };
  }

  /**
   * One compiled step of `compute` (the loss and gradients of `vars` given the model
   * arguments), or undefined when the step must run eagerly.
   */
  step(
    args: readonly unknown[],
    vars: readonly Variable[],
    compute: () => StepResult,
  ): StepResult | undefined {
    if (this.reason !== undefined || this.noise.plan.length === 0 || this.hold) return undefined;
    if (this.jitted === null || !sameArgs(this.args, args) || this.vars.length !== vars.length) {
      if (this.jitted !== null && ++this.rebuilds > MAX_REBUILDS) {
        this.reason =
          'the arguments of step() change between steps (they are constants of the compiled step)';
        return undefined;
      }
      this.args = [...args];
      this.vars = vars;
      this.jitted = jit((...eps: Tensor[]) => this.traced(eps, compute), { check: true });
    }
    const eps = this.noise.plan.map((s) => s.draw(this.r));
    let out: StepResult;
    try {
      out = this.jitted(...eps);
    } catch (e) {
      // the guide's sites differ from the recorded ones even when run eagerly: the guide
      // changes from step to step (on JavaScript state), so its steps stay eager
      if (!(e instanceof JitError)) throw e;
      this.reason = `the guide's sites change from step to step (${e.message})`;
      return undefined;
    }
    if (this.jitted.eager)
      this.reason = this.traceError ?? 'the compiled step did not match the eager step bit for bit';
    // the compiled step checks no distribution arguments: where it gives a non-finite loss
    // or gradient, the eager step at the same draws says why (e.g. a scale driven below 0
    // is an ArgumentError, as in an eager run) or gives the same values
    if (!finiteStep(out)) return this.noise.replay(eps, compute);
    return out;
  }

  private traced(eps: readonly Tensor[], compute: () => StepResult): StepResult {
    try {
      return this.noise.replay(eps, compute);
    } catch (e) {
      if (e instanceof JitError) this.traceError = `cannot trace the step: ${e.message}`;
      throw e;
    }
  }
}

function finiteStep(out: StepResult): boolean {
  if (!Number.isFinite(out.loss.data[0])) return false;
  for (const g of out.grads) {
    if (g === null) continue;
    const d = g.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  }
  return true;
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
