/**
 * Stochastic variational inference: maximize the ELBO of a guide q(z; φ) against a model
 * p(x, z) by stochastic gradient steps on φ (Pyro / NumPyro's SVI).
 * @module
 */
import {
  add,
  ArgumentError,
  div,
  GradientTape,
  tidy,
  mul,
  neg,
  stopGradient,
  sub,
  toTensor,
  Variable,
  type Tensor,
} from '../autodiff/index.js';
import {
  bijectorFor,
  type Bijector,
  type Constraint,
  type Distribution,
} from '../distributions/index.js';
import { Adam, type Optimizer } from '../optim/index.js';
import type { Rng, Seed } from '../random/index.js';
import {
  replay,
  rngOf,
  seed,
  siteLogProb,
  substitute,
  trace,
  type Model,
  type Trace,
} from './handlers.js';
import { traceLogProb } from './density.js';
import { ParticleAxis } from './particles.js';
import { startProgress } from './progress.js';
import { Messenger, type Message } from './runtime.js';
import { StepCompiler, type StepResult } from './svi-step.js';

/** A learnable parameter: an unconstrained Variable and the map to its constraint. */
interface Entry {
  readonly variable: Variable;
  readonly bijector: Bijector;
  readonly constraint: Constraint;
}

/** The parameters of an SVI run, created on first use by `param` sites. */
class ParamStore extends Messenger {
  readonly entries = new Map<string, Entry>();
  constructor(private readonly r: Rng) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== 'param') return;
    let e = this.entries.get(msg.name);
    if (e === undefined) {
      const constraint = msg.constraint as Constraint;
      const bijector = bijectorFor(constraint);
      const init = (msg.init as (r: Rng) => Tensor)(msg.rng ?? this.r);
      const u = bijector.inverse(init);
      e = { variable: new Variable(u, { name: msg.name }), bijector, constraint };
      this.entries.set(msg.name, e);
    }
    msg.value = e.bijector.forward(e.variable);
  }
}

/**
 * What a loss computes for one SVI step.
 * @example
 * ```ts
 * import { rng, type LossContext } from 'pathwise';
 * const ctx: LossContext = { rng: rng(0), numParticles: 2 };
 * ctx.numParticles; // 2
 * ```
 */
export interface LossContext {
  /** The draws for this step. */
  readonly rng: Rng;
  /** Independent ELBO estimates to average (default 1). */
  readonly numParticles: number;
}

/**
 * A variational objective: returns a surrogate whose value is the loss estimate (the
 * negative ELBO) and whose gradient is an unbiased estimate of the loss's gradient.
 * @example
 * ```ts
 * import { traceElbo, sample, Normal, rng, type ElboLoss } from 'pathwise';
 * const loss: ElboLoss = traceElbo();
 * const model = () => { sample('z', new Normal(0, 1)); };
 * loss.loss(model, model, [], { rng: rng(0), numParticles: 1 }).item(); // 0
 * ```
 */
export interface ElboLoss {
  /** The surrogate loss for one step. */
  loss<A extends unknown[]>(model: Model<A>, guide: Model<A>, args: A, ctx: LossContext): Tensor;
}

/**
 * Options of {@link traceElbo}.
 * @example
 * ```ts
 * import { traceElbo, type TraceElboOptions } from 'pathwise';
 * const o: TraceElboOptions = { baseline: false };
 * typeof traceElbo(o).loss; // 'function'
 * ```
 */
export interface TraceElboOptions {
  /** Subtract a running-average baseline in score-function terms (default true). */
  baseline?: boolean;
  /** Decay of that running average (default 0.9). */
  baselineDecay?: number;
}

function checkGuide(model: Trace, guide: Trace): void {
  for (const site of guide.values()) {
    if (site.type === 'sample' && !site.observed && !site.auxiliary && !model.has(site.name)) {
      throw new ArgumentError(
        'svi',
        `the guide's site '${site.name}' is not a site of the model (a misspelt name? mark a guide-only helper site with sample(name, d, { auxiliary: true }))`,
      );
    }
  }
  for (const site of model.values()) {
    if (site.type === 'sample' && !site.observed && !guide.has(site.name)) {
      throw new ArgumentError(
        'svi',
        `the guide has no site for the model's latent site '${site.name}'`,
      );
    }
  }
}

/**
 * The evidence lower bound `E_q[log p(x, z) - log q(z)]`, estimated by sampling the
 * guide and replaying the model at its draws. Reparameterized guide sites are
 * differentiated through their samples (pathwise); each non-reparameterized site adds
 * a score-function term `(ELBO - b)·∇ log q(z_site)` with a decaying-average baseline
 * b, as Pyro's TraceGraph_ELBO does (here with the whole ELBO as the cost).
 * @example
 * ```ts
 * import { traceElbo } from 'pathwise';
 * const loss = traceElbo({ baselineDecay: 0.95 });
 * typeof loss.loss; // 'function'
 * ```
 */
export function traceElbo(options: TraceElboOptions = {}): ElboLoss {
  const decay = options.baselineDecay ?? 0.9;
  const useBaseline = options.baseline ?? true;
  const baselines = new Map<string, number>();
  const loss: ElboLoss = {
    loss(model, guide, args, ctx) {
      let total: Tensor = toTensor(0);
      for (let p = 0; p < ctx.numParticles; p++) {
        const guideTrace = trace(seed(guide, ctx.rng)).getTrace(...args);
        const modelTrace = trace(replay(seed(model, ctx.rng), guideTrace)).getTrace(...args);
        checkGuide(modelTrace, guideTrace);
        const elbo = sub(traceLogProb(modelTrace), traceLogProb(guideTrace));
        let surrogate = elbo;
        let value: number | undefined; // read only for score-function terms (a compiled step cannot)
        for (const site of guideTrace.values()) {
          if (site.type !== 'sample' || site.observed || (site.fn as Distribution).reparameterized)
            continue;
          value ??= elbo.item();
          const b = useBaseline ? baselines.get(site.name) : undefined;
          const lq = siteLogProb(site);
          surrogate = add(surrogate, mul(value - (b ?? 0), sub(lq, stopGradient(lq))));
          baselines.set(site.name, b === undefined ? value : decay * b + (1 - decay) * value);
        }
        total = add(total, surrogate);
      }
      return neg(div(total, ctx.numParticles));
    },
  };
  elbos.add(loss);
  return loss;
}

/** The losses {@link traceElbo} made: their particles can be vectorized. */
const elbos = new WeakSet<ElboLoss>();

/**
 * Options of {@link svi}.
 * @example
 * ```ts
 * import { Adam, type SVIOptions } from 'pathwise';
 * const o: SVIOptions = { optimizer: new Adam({ learningRate: 0.02 }), numParticles: 4, seed: 1 };
 * o.numParticles; // 4
 * ```
 */
export interface SVIOptions {
  /** The optimizer (default Adam with learning rate 0.01). */
  optimizer?: Optimizer;
  /** The objective (default {@link traceElbo}). */
  loss?: ElboLoss;
  /** ELBO particles per step (default 1). */
  numParticles?: number;
  /** Seed or generator for all draws (default: the module's generator). */
  seed?: Seed | Rng;
  /**
   * Run the particles of {@link traceElbo} as one batch along a particle axis (a plate
   * left of the model's batch axes; NumPyro's `vectorize_particles`) where the model
   * allows (default true): the first vectorized step is checked against the particle
   * loop at the same draws, and particles stay a loop where the model does not
   * broadcast along that axis (see {@link SVI.particleReason}).
   */
  vectorizeParticles?: boolean;
  /**
   * Run every step op by op instead of compiling it (default false). By default the
   * step is compiled with {@link jit} after a first eager step (see {@link SVI.step}).
   */
  runEagerly?: boolean;
}

/**
 * Options of {@link SVI.run}.
 * @example
 * ```ts
 * import { type SVIRunOptions } from 'pathwise';
 * const o: SVIRunOptions = { progress: false };
 * o.progress; // false
 * ```
 */
export interface SVIRunOptions {
  /** Show a progress bar through the installed reporter (default false). */
  progress?: boolean;
}

/**
 * An SVI run: `step(...args)` takes one gradient step and returns the loss estimate;
 * `run(steps, args)` takes many and returns the loss history; `getParams()` returns the
 * current (constrained) parameter values. Create with {@link svi}.
 * @example
 * ```ts
 * import { svi, SVI, sample, param, Normal } from 'pathwise';
 * const model = () => { sample('z', new Normal(0, 1)); };
 * const guide = () => { sample('z', new Normal(param('m', 0.5), 1)); };
 * const run = svi(model, guide, { seed: 0 });
 * run instanceof SVI; // true
 * typeof run.step(); // 'number'
 * ```
 */
export class SVI<A extends unknown[]> {
  private readonly store: ParamStore;
  private readonly optimizer: Optimizer;
  private readonly objective: ElboLoss;
  private readonly numParticles: number;
  private readonly r: Rng;
  private readonly compiler: StepCompiler;
  private readonly particles: ParticleAxis<A>;
  private vars: Variable[] = [];
  private steps = 0;

  constructor(
    private readonly model: Model<A>,
    private readonly guide: Model<A>,
    options: SVIOptions = {},
  ) {
    const s = options.seed;
    this.r = rngOf(s);
    this.store = new ParamStore(this.r);
    this.optimizer = options.optimizer ?? new Adam({ learningRate: 0.01 });
    this.objective = options.loss ?? traceElbo();
    this.numParticles = options.numParticles ?? 1;
    this.compiler = new StepCompiler(this.r, !(options.runEagerly ?? false));
    if (!Number.isInteger(this.numParticles) || this.numParticles < 1) {
      throw new ArgumentError(
        'svi',
        `numParticles must be a positive integer, got ${this.numParticles}`,
      );
    }
    const loopOnly =
      options.vectorizeParticles === false
        ? 'vectorizeParticles is false'
        : elbos.has(this.objective)
          ? undefined
          : 'a custom loss runs its own particles';
    this.particles = new ParticleAxis(this.numParticles, { model, guide }, loopOnly);
    this.compiler.hold = !this.particles.decided;
  }

  /**
   * One optimization step; returns the loss (negative ELBO) estimate. The first step
   * runs eagerly (creating the parameters and recording how each guide site is drawn
   * from standard noise); later steps run compiled with {@link jit}, as `fit` and NUTS
   * do: the guide's noise is drawn outside and passed in, the guide, the model's log
   * density, the ELBO and its gradients run as one compiled function, and the optimizer
   * updates the parameters. The first compiled step is checked bit for bit against
   * the eager step; where the step cannot be compiled (see {@link SVI.eagerReason}) it
   * stays eager. Draws are the same either way: same seed, same run. The arguments are
   * constants of the compiled step: pass the same values each step (new values, up to
   * twice, recompile it).
   */
  step(...args: A): number {
    const vars = this.vars;
    const compiled = this.compiler.step(args, vars, () => this.gradients(args, vars));
    if (compiled !== undefined) {
      this.optimizer.apply(compiled.grads, vars);
      if (this.store.entries.size !== vars.length) {
        this.compiler.reason = 'the guide created parameters after the first step';
        this.vars = this.paramVariables();
      }
      return compiled.loss.item();
    }
    // tidy: the step's temporaries are recycled for the next step
    return tidy(() => {
      const { loss, grads } = this.eagerGradients(args);
      this.optimizer.apply(grads, this.vars);
      this.steps++;
      return loss.item();
    });
  }

  /**
   * The loss and gradients of an eager step. The second step tries vectorized particles
   * and keeps them if the particle loop at the same draws gives the same loss.
   */
  private eagerGradients(args: A): StepResult {
    const p = this.particles;
    if (!p.decided && p.dim === 0 && this.steps > 0) p.start(this.compiler.recorded);
    const first = !p.decided && p.dim !== 0;
    const run = (): StepResult => this.compiler.eager(() => this.gradients(args));
    let out: StepResult;
    try {
      out = run();
    } catch (e) {
      if (!first) throw e;
      p.stop(`the vectorized step failed (${(e as Error).message})`);
      out = run();
    }
    if (first && !p.decided) {
      p.check(out.loss.item(), (values) => this.lossAt(args, values));
      if (p.dim === 0) out = run();
    }
    this.compiler.hold = !p.decided;
    return out;
  }

  /** The one-particle loss with the guide's latent sites set to `values`. */
  private lossAt(args: A, values: Record<string, Tensor>): number {
    return this.store
      .run(() =>
        this.objective.loss(this.model, substitute(this.guide, values), args, {
          rng: this.r,
          numParticles: 1,
        }),
      )
      .item();
  }

  /**
   * Why the ELBO's particles run as a loop of traces rather than one batch along a
   * particle axis (one particle, a score-function site, a model that does not broadcast
   * along that axis, ...), or undefined once (or while it may still be) vectorized.
   */
  get particleReason(): string | undefined {
    return this.particles.reason;
  }

  /**
   * Why steps run op by op (e.g. a site that is not reparameterized, a subsampling
   * plate, a model that reads tensor values into numbers), or undefined while they are
   * compiled (or, before the second step, can be).
   */
  get eagerReason(): string | undefined {
    return this.compiler.reason;
  }

  /**
   * The surrogate loss of one step and its gradients in `vars` (default: every
   * parameter, including those the step created; they become `this.vars`).
   */
  private gradients(args: A, vars?: readonly Variable[]): StepResult {
    const tape = new GradientTape();
    const p = this.particles;
    const loss = this.store.run(() =>
      tape.record(() =>
        this.objective.loss(p.model, p.guide, args, {
          rng: this.r,
          numParticles: p.dim !== 0 ? 1 : this.numParticles,
        }),
      ),
    );
    if (vars === undefined) vars = this.vars = this.paramVariables();
    return { loss, grads: tape.gradient(loss, vars) };
  }

  private paramVariables(): Variable[] {
    return [...this.store.entries.values()].map((e) => e.variable);
  }

  /**
   * `steps` optimization steps; returns the loss after each.
   * @throws {@link ArgumentError} if `steps` is not an integer >= 0; from the loss, if
   *   the guide has a (non-auxiliary) sample site the model lacks or lacks one of the
   *   model's latent sites, naming the site.
   */
  run(steps: number, args: A, options: SVIRunOptions = {}): number[] {
    if (!(Number.isInteger(steps) && steps >= 0))
      throw new ArgumentError('SVI.run', `steps must be an integer >= 0, got ${steps}`);
    const bar = startProgress(options.progress ?? false, 'SVI', steps);
    const losses: number[] = [];
    try {
      for (let i = 0; i < steps; i++) {
        losses.push(this.step(...args));
        if ((i + 1) % 10 === 0 || i + 1 === steps) bar.update(i + 1, { loss: losses[i] });
      }
    } finally {
      bar.finish();
    }
    return losses;
  }

  /** The current parameter values, constrained, by name. */
  getParams(): Record<string, Tensor> {
    return Object.fromEntries(
      [...this.store.entries].map(([name, e]) => [name, e.bijector.forward(e.variable)]),
    );
  }
}

/**
 * Stochastic variational inference of `model` with `guide` (a model over the same
 * latent sites whose `param`s are learned).
 * @example
 * ```ts
 * import { svi, sample, param, Normal, constraints, Adam } from 'pathwise';
 * const model = () => { const z = sample('z', new Normal(0, 1)); sample('y', new Normal(z, 1), { obs: 2 }); };
 * const guide = () => sample('z', new Normal(param('m', 0), param('s', 1, { constraint: constraints.positive })));
 * const run = svi(model, guide, { optimizer: new Adam({ learningRate: 0.05 }), seed: 0, numParticles: 4 });
 * run.run(600, []);
 * Math.abs(run.getParams().m.item() - 1) < 0.1; // true: the posterior mean is 1
 * run.eagerReason; // undefined: the steps after the first ran compiled
 * ```
 */
export function svi<A extends unknown[]>(
  model: Model<A>,
  guide: Model<A>,
  options: SVIOptions = {},
): SVI<A> {
  return new SVI(model, guide, options);
}
