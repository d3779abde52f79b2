/**
 * Markov chain Monte Carlo with HMC or NUTS: Stan-style warmup (dual averaging and
 * windowed metric adaptation), several chains from split Rng streams, draws returned in
 * the constrained space with per-draw sampler statistics.
 * @module
 */
import { ArgumentError, stack, tensor, type Tensor } from '../autodiff/index.js';
import { rng as makeRng, type Rng, type Seed } from '../random/index.js';
import { DualAveraging, initialStepSize, MetricEstimator, WarmupWindows } from './adaptation.js';
import { nonFiniteSites } from './contract.js';
import { potentialFn, type Potential } from './density.js';
import { type Model } from './handlers.js';
import { potentialGrad, type Counted, type Point } from './integrator.js';
import { denseMetric, diagonalMetric, unitMetric, type Metric } from './metric.js';
import {
  hmcTransition,
  nutsTransition,
  type TransitionContext,
  type TransitionStats,
} from './nuts.js';
import { startProgress, type ProgressTask } from './progress.js';
import { summary, type Summary } from './summary.js';

/**
 * Settings of the NUTS and HMC kernels.
 * @example
 * ```ts
 * import { nuts, type KernelOptions } from 'pathwise';
 * const o: KernelOptions = { targetAccept: 0.95, dense: true };
 * nuts(o).options.dense; // true
 * ```
 */
export interface KernelOptions {
  /** Target mean acceptance probability of step-size adaptation (default 0.8). */
  targetAccept?: number;
  /** Adapt a dense mass matrix instead of a diagonal one (default false). */
  dense?: boolean;
  /** Energy error beyond which a transition is divergent (default 1000). */
  maxDeltaH?: number;
  /** Starting step size before adaptation (default 1). */
  stepSize?: number;
  /** Adapt the step size during warmup (default true). */
  adaptStepSize?: boolean;
  /** Adapt the mass matrix during warmup (default true). */
  adaptMassMatrix?: boolean;
}

/**
 * Settings of the NUTS kernel.
 * @example
 * ```ts
 * import { nuts, type NutsOptions } from 'pathwise';
 * const o: NutsOptions = { maxTreeDepth: 8 };
 * nuts(o).options.maxTreeDepth; // 8
 * ```
 */
export interface NutsOptions extends KernelOptions {
  /** Maximum tree depth: at most 2^depth leapfrog steps per draw (default 10). */
  maxTreeDepth?: number;
}

/**
 * Settings of the HMC kernel.
 * @example
 * ```ts
 * import { hmc, type HmcOptions } from 'pathwise';
 * const o: HmcOptions = { trajectoryLength: 1.5 };
 * hmc(o).options.trajectoryLength; // 1.5
 * ```
 */
export interface HmcOptions extends KernelOptions {
  /** Integration time per draw; the number of steps is ⌈length / ε⌉ (default 2π). */
  trajectoryLength?: number;
  /**
   * At most this many leapfrog steps per draw (default 1024, as NUTS's 2^maxTreeDepth): a
   * step size that adaptation shrank toward 0 (every proposal rejected) cannot make a
   * draw take unbounded time.
   */
  maxSteps?: number;
}

/**
 * A sampler kernel for {@link mcmc}: {@link nuts} or {@link hmc}.
 * @example
 * ```ts
 * import { nuts, hmc, type Kernel } from 'pathwise';
 * const kernels: Kernel[] = [nuts(), hmc()];
 * kernels.map((k) => k.kind); // ['nuts', 'hmc']
 * ```
 */
export type Kernel = NutsKernel | HmcKernel;

/**
 * The NUTS kernel's settings, as made by {@link nuts}.
 * @example
 * ```ts
 * import { nuts, type NutsKernel } from 'pathwise';
 * const k: NutsKernel = nuts({ maxTreeDepth: 6 });
 * k.options.maxTreeDepth; // 6
 * ```
 */
export interface NutsKernel {
  readonly kind: 'nuts';
  readonly options: NutsOptions;
}

/**
 * The HMC kernel's settings, as made by {@link hmc}.
 * @example
 * ```ts
 * import { hmc, type HmcKernel } from 'pathwise';
 * const k: HmcKernel = hmc({ trajectoryLength: 2 });
 * k.kind; // 'hmc'
 * ```
 */
export interface HmcKernel {
  readonly kind: 'hmc';
  readonly options: HmcOptions;
}

/**
 * The No-U-Turn Sampler kernel (Stan's multinomial variant).
 *
 * A point where the potential is not finite in either direction (the log density is
 * NaN, -∞ or +∞) or where its gradient is not finite is not a valid state: it gets
 * infinite energy, so the trajectory stops there, the point is never drawn, and the
 * transition counts as divergent (in `stats.divergent` and `numDivergences`). A model
 * with `factor('f', Infinity)` in some region therefore shows divergences instead of
 * collapsing into that region. The same holds for {@link hmc}.
 * @throws {@link ArgumentError} naming the option and value for a `targetAccept` outside
 *   (0, 1), a `stepSize` or `maxDeltaH` that is not > 0, a `maxTreeDepth` that is not an
 *   integer in [1, 30], or a non-boolean flag.
 * @example
 * ```ts
 * import { nuts } from 'pathwise';
 * nuts({ targetAccept: 0.9, dense: true }).kind; // 'nuts'
 * ```
 */
export function nuts(options: NutsOptions = {}): NutsKernel {
  checkKernelOptions('nuts', options);
  return { kind: 'nuts', options };
}

/**
 * The Hamiltonian Monte Carlo kernel with a fixed trajectory length.
 * @throws {@link ArgumentError} naming the option and value, as {@link nuts}, and for a
 *   `trajectoryLength` that is not finite and > 0 or a `maxSteps` that is not an integer >= 1.
 * @example
 * ```ts
 * import { hmc } from 'pathwise';
 * hmc({ trajectoryLength: 3 }).kind; // 'hmc'
 * ```
 */
export function hmc(options: HmcOptions = {}): HmcKernel {
  checkKernelOptions('hmc', options);
  return { kind: 'hmc', options };
}

/** Throws an {@link ArgumentError} from `op` naming the first invalid kernel option. */
function checkKernelOptions(op: string, o: NutsOptions & HmcOptions): void {
  const fail = (name: string, want: string, v: unknown): never => {
    throw new ArgumentError(op, `option ${name} must be ${want}, got ${String(v)}`);
  };
  const positive = (name: string, v: number | undefined, finite: boolean): void => {
    if (v !== undefined && !(typeof v === 'number' && v > 0 && (!finite || v < Infinity)))
      fail(name, finite ? 'a finite number > 0' : 'a number > 0', v);
  };
  const ta = o.targetAccept;
  if (ta !== undefined && !(typeof ta === 'number' && ta > 0 && ta < 1))
    fail('targetAccept', 'a number in (0, 1)', ta);
  positive('stepSize', o.stepSize, true);
  positive('maxDeltaH', o.maxDeltaH, false);
  positive('trajectoryLength', o.trajectoryLength, true);
  const ms = o.maxSteps;
  if (ms !== undefined && !(Number.isInteger(ms) && ms >= 1))
    fail('maxSteps', 'an integer >= 1', ms);
  const d = o.maxTreeDepth;
  if (d !== undefined && !(Number.isInteger(d) && d >= 1 && d <= 30))
    fail('maxTreeDepth', 'an integer in [1, 30]', d);
  for (const name of ['dense', 'adaptStepSize', 'adaptMassMatrix'] as const) {
    const v = o[name];
    if (v !== undefined && typeof v !== 'boolean') fail(name, 'true or false', v);
  }
}

/**
 * Options of {@link mcmc}.
 * @example
 * ```ts
 * import { type McmcOptions } from 'pathwise';
 * const o: McmcOptions<[number[]]> = { numWarmup: 500, numSamples: 500, numChains: 4, seed: 7, args: [[1, 2, 3]] };
 * o.numChains; // 4
 * ```
 */
export interface McmcOptions<A extends unknown[]> {
  /** The kernel (default {@link nuts}()). */
  kernel?: Kernel;
  /** Warmup (adaptation) iterations per chain, discarded (default 1000). */
  numWarmup?: number;
  /** Draws kept per chain (default 1000). */
  numSamples?: number;
  /** Number of chains (default 1). */
  numChains?: number;
  /** Seed: chain i uses stream i of `rng(seed).split(numChains)` (default 0). */
  seed?: Seed;
  /** The model's arguments. */
  args?: A;
  /** Show a progress bar per chain through the installed reporter (default false). */
  progress?: boolean;
  /** Initial points are uniform in (-radius, radius) on the unconstrained space (default 2). */
  initRadius?: number;
  /**
   * Run the chains in parallel worker threads (Node, after `import 'pathwise/node'`;
   * elsewhere they run one after the other). Workers cannot receive a function, so
   * `modelSource` must say which module exports the model (`{ module: import.meta.url }`
   * when it is exported from the calling file; see the guide "Models, SVI and NUTS"
   * for a one-file script), and `args` must be plain data (numbers, arrays). Same seed,
   * same draws, either way.
   */
  parallel?: boolean;
  /** Where a worker imports the model from: a module URL and (optionally) the export's name. */
  modelSource?: ModelSource;
}

/**
 * A module URL (e.g. `import.meta.url`) and the name of the model exported there.
 * @example
 * ```ts
 * import { type ModelSource } from 'pathwise';
 * const src: ModelSource = { module: 'file:///models.js', export: 'kidiq' };
 * src.export; // 'kidiq'
 * ```
 */
export interface ModelSource {
  /** The module's URL, e.g. `import.meta.url`. */
  readonly module: string | URL;
  /**
   * The export's name (default: the exported function with the model's name, else the
   * one with its source text).
   */
  readonly export?: string;
}

/**
 * What a worker needs to run one chain of a job (all plain data).
 * @example
 * ```ts
 * import { nuts, type ChainJob } from 'pathwise';
 * const job: ChainJob = { args: [], kernel: nuts(), numWarmup: 100, numSamples: 100, numChains: 4, seed: 1, initRadius: 2 };
 * job.numChains; // 4
 * ```
 */
export interface ChainJob {
  readonly args: unknown[];
  readonly kernel: Kernel;
  readonly numWarmup: number;
  readonly numSamples: number;
  readonly numChains: number;
  readonly seed: Seed;
  readonly initRadius: number;
  /** The model's name and source text, to find it among the module's exports when `export` is not given. */
  readonly model?: { readonly name: string; readonly text: string };
}

/**
 * Runs the chains of a job elsewhere (worker threads) and returns each chain's output
 * packed by {@link runChainJob}, or undefined to fall back to running them in sequence.
 * @example
 * ```ts
 * import { type ChainRunner } from 'pathwise';
 * const inSequence: ChainRunner = () => undefined;
 * inSequence({ module: '', export: '' }, {} as never, 0); // undefined
 * ```
 */
export type ChainRunner = (
  source: ModelSource,
  job: ChainJob,
  size: number,
) => Float64Array[] | undefined;

let chainRunner: ChainRunner | null = null;

/**
 * Installs the runner `mcmc` uses for `parallel: true` (the Node entry point installs one
 * based on worker threads); returns the previous one.
 * @example
 * ```ts
 * import { setChainRunner } from 'pathwise';
 * const previous = setChainRunner(null); // chains run in sequence
 * setChainRunner(previous) === null; // true
 * ```
 */
export function setChainRunner(r: ChainRunner | null): ChainRunner | null {
  const previous = chainRunner;
  chainRunner = r;
  return previous;
}

/**
 * Per-draw sampler statistics, each shaped `[chains, draws]`.
 * @example
 * ```ts
 * import { mcmc, sample, Normal, type SamplerStats } from 'pathwise';
 * const stats: SamplerStats = mcmc(() => { sample('x', new Normal(0, 1)); }, { numWarmup: 50, numSamples: 20, seed: 0 }).stats;
 * stats.treeDepth.shape; // [1, 20]
 * ```
 */
export interface SamplerStats {
  stepSize: Tensor;
  treeDepth: Tensor;
  numSteps: Tensor;
  /** 1 for divergent transitions. */
  divergent: Tensor;
  energy: Tensor;
  acceptProb: Tensor;
}

/**
 * The result of {@link mcmc}.
 * @example
 * ```ts
 * import { mcmc, sample, Normal, type McmcResult } from 'pathwise';
 * const r: McmcResult = mcmc(() => { sample('x', new Normal(0, 1)); }, { numWarmup: 100, numSamples: 100, numChains: 2, seed: 0 });
 * r.samples.x.shape; // [2, 100]
 * r.summary().rows[0].name; // 'x'
 * ```
 */
export interface McmcResult {
  /** Draws per latent site, shaped `[chains, draws, ...siteShape]`, constrained. */
  samples: Record<string, Tensor>;
  /** Per-draw statistics. */
  stats: SamplerStats;
  /** Divergent transitions after warmup, over all chains. */
  numDivergences: number;
  /** Gradient evaluations, warmup included, over all chains. */
  gradientEvaluations: number;
  /** The model's potential (site layout, transforms). */
  potential: Potential;
  /** The adapted step size and inverse mass matrix of each chain. */
  adaptation: { stepSize: number; inverseMass: Float64Array }[];
  /** The summary table of the draws (mean, sd, quantiles, ESS, R-hat) with the divergences. */
  summary(): Summary;
}

/** Raw output of one chain. */
export interface ChainOutput {
  draws: Float64Array[];
  stats: TransitionStats[];
  stepSize: number;
  inverseMass: Float64Array;
  gradientEvaluations: number;
}

function findStart<A extends unknown[]>(
  model: Model<A>,
  args: A,
  pot: Potential,
  f: Counted,
  r: Rng,
  radius: number,
): Point {
  let q = pot.initial(r, radius);
  for (let attempt = 0; attempt < 100; attempt++) {
    const { u, grad } = f(q.data);
    if (Number.isFinite(u) && grad.every(Number.isFinite))
      return { q: q.data, p: new Float64Array(q.size), u, grad };
    q = pot.initial(r, radius);
  }
  let detail: string;
  try {
    const bad = nonFiniteSites(model, args, pot.constrain(q));
    detail = `sites with non-finite log-probability at the last try: ${bad.map((n) => `'${n}'`).join(', ') || '(none: the gradient is not finite)'}`;
  } catch (e) {
    detail = `the model rejected the point: ${f.lastInvalid ?? (e as Error).message}`;
  }
  throw new ArgumentError(
    'mcmc',
    `no finite starting point in 100 tries (uniform in (-${radius}, ${radius}) on the unconstrained space); ${detail}`,
  );
}

function metricFrom(inv: Float64Array, n: number, dense: boolean): Metric {
  return dense ? denseMetric(inv, n) : diagonalMetric(inv);
}

/** What every phase of one chain reads. */
interface ChainSetup {
  kernel: Kernel;
  f: Counted;
  r: Rng;
  n: number;
  dense: boolean;
  adaptEps: boolean;
}

/** The state of one chain between its phases: the current point, step size and metric. */
interface ChainState {
  z: Point;
  eps: number;
  metric: Metric;
}

/** Start: a unit metric (dense or diagonal), a finite starting point, a first step size. */
function startChain<A extends unknown[]>(
  model: Model<A>,
  args: A,
  pot: Potential,
  c: ChainSetup,
  radius: number,
): ChainState {
  const { n, f, r } = c;
  let metric = unitMetric(n);
  if (c.dense)
    metric = denseMetric(
      Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)),
      n,
    );
  const z = findStart(model, args, pot, f, r, radius);
  let eps = c.kernel.options.stepSize ?? 1;
  if (c.adaptEps && n > 0) eps = initialStepSize(z, eps, metric, f, r);
  return { z, eps, metric };
}

/** One transition of the kernel from `st.z` with step size `e`; moves `st.z`. */
function move(c: ChainSetup, st: ChainState, e: number): TransitionStats {
  const kernel = c.kernel;
  const ctx: TransitionContext = {
    eps: e,
    metric: st.metric,
    f: c.f,
    rng: c.r,
    maxTreeDepth: kernel.kind === 'nuts' ? (kernel.options.maxTreeDepth ?? 10) : 0,
    maxDeltaH: kernel.options.maxDeltaH ?? 1000,
  };
  const t =
    kernel.kind === 'nuts'
      ? nutsTransition(st.z, ctx)
      : hmcTransition(st.z, hmcSteps(kernel.options, e), ctx);
  st.z = t.point;
  return t.stats;
}

/** HMC's leapfrog steps for step size e: ⌈length / e⌉, at least 1, at most `maxSteps`. */
function hmcSteps(o: HmcOptions, e: number): number {
  const steps = Math.ceil((o.trajectoryLength ?? 2 * Math.PI) / e);
  return Math.min(o.maxSteps ?? 1024, Math.max(1, steps));
}

/** Adapt, at the end of a warm-up window: the metric from its draws, then a new step-size search. */
function adapt(c: ChainSetup, st: ChainState, est: MetricEstimator, da: DualAveraging): void {
  st.metric = metricFrom(est.estimate(), c.n, c.dense);
  if (c.adaptEps) {
    st.eps = initialStepSize(st.z, st.eps, st.metric, c.f, c.r);
    da.restart(st.eps);
  }
}

/**
 * Warm-up: `numWarmup` transitions adapting the step size by dual averaging and, at
 * the end of each window, the metric; then the final averaged step size.
 */
function warmUp(c: ChainSetup, st: ChainState, numWarmup: number, bar: ProgressTask): void {
  const o = c.kernel.options;
  const da = new DualAveraging(st.eps, { targetAccept: o.targetAccept });
  const windows = new WarmupWindows(o.adaptMassMatrix === false ? 0 : numWarmup);
  const est = new MetricEstimator(c.n, c.dense);
  for (let i = 0; i < numWarmup; i++) {
    const s = move(c, st, st.eps);
    if (c.adaptEps) st.eps = da.update(s.acceptProb);
    const w = windows.step();
    if (w.collect) est.add(st.z.q);
    if (w.update) adapt(c, st, est, da);
    if ((i + 1) % 20 === 0) bar.update(i + 1, { stepSize: st.eps });
  }
  if (c.adaptEps && numWarmup > 0) st.eps = da.final();
}

/** Sample: `numSamples` transitions at the adapted step size and metric. */
function drawSamples(
  c: ChainSetup,
  st: ChainState,
  numWarmup: number,
  numSamples: number,
  bar: ProgressTask,
): { draws: Float64Array[]; stats: TransitionStats[] } {
  const draws: Float64Array[] = [];
  const stats: TransitionStats[] = [];
  for (let i = 0; i < numSamples; i++) {
    stats.push(move(c, st, st.eps));
    draws.push(st.z.q);
    if ((i + 1) % 20 === 0 || i + 1 === numSamples)
      bar.update(numWarmup + i + 1, { stepSize: st.eps });
  }
  return { draws, stats };
}

/**
 * Runs one chain: start, warm-up with adaptation, then `numSamples` draws (positions
 * in the unconstrained space) with their statistics.
 */
function runChain<A extends unknown[]>(
  model: Model<A>,
  args: A,
  pot: Potential,
  kernel: Kernel,
  settings: { numWarmup: number; numSamples: number; r: Rng; radius: number; bar: ProgressTask },
): ChainOutput {
  const { numWarmup, numSamples, r, radius, bar } = settings;
  const o = kernel.options;
  const f = potentialGrad(pot);
  const c: ChainSetup = {
    kernel,
    f,
    r,
    n: pot.size,
    dense: o.dense ?? false,
    adaptEps: o.adaptStepSize ?? true,
  };
  const st = startChain(model, args, pot, c, radius);
  warmUp(c, st, numWarmup, bar);
  const { draws, stats } = drawSamples(c, st, numWarmup, numSamples, bar);
  bar.finish();
  return {
    draws,
    stats,
    stepSize: st.eps,
    inverseMass: st.metric.inverseMass,
    gradientEvaluations: f.calls,
  };
}

/** Stacks per-chain, per-draw numbers into a `[chains, draws]` tensor. */
function statTensor(
  chains: ChainOutput[],
  pick: (s: TransitionStats, c: ChainOutput) => number,
): Tensor {
  return tensor(chains.map((c) => c.stats.map((s) => pick(s, c))));
}

/** Assembles chain outputs into an {@link McmcResult}. */
function collect(pot: Potential, chains: ChainOutput[]): McmcResult {
  const samples: Record<string, Tensor> = {};
  for (const site of pot.sites) {
    samples[site.name] = stack(
      chains.map((c) => stack(c.draws.map((q) => pot.constrain(q)[site.name]))),
    );
  }
  const divergent = statTensor(chains, (s) => (s.divergent ? 1 : 0));
  return {
    samples,
    stats: {
      stepSize: statTensor(chains, (_, c) => c.stepSize),
      treeDepth: statTensor(chains, (s) => s.treeDepth),
      numSteps: statTensor(chains, (s) => s.numSteps),
      divergent,
      energy: statTensor(chains, (s) => s.energy),
      acceptProb: statTensor(chains, (s) => s.acceptProb),
    },
    numDivergences: divergent.data.reduce((a, b) => a + b, 0),
    gradientEvaluations: chains.reduce((a, c) => a + c.gradientEvaluations, 0),
    potential: pot,
    adaptation: chains.map((c) => ({ stepSize: c.stepSize, inverseMass: c.inverseMass })),
    summary: () => summary(samples, { divergences: divergent.data.reduce((a, b) => a + b, 0) }),
  };
}

/** Checks counts, returning the resolved settings. */
function mcmcSettings<A extends unknown[]>(
  options: McmcOptions<A>,
): Required<
  Pick<McmcOptions<A>, 'numWarmup' | 'numSamples' | 'numChains' | 'seed' | 'initRadius'>
> {
  const { numWarmup = 1000, numSamples = 1000, numChains = 1, seed = 0, initRadius = 2 } = options;
  const check = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min)
      throw new ArgumentError('mcmc', `${name} must be an integer >= ${min}, got ${v}`);
  };
  check('numSamples', numSamples, 1);
  check('numWarmup', numWarmup, 0);
  check('numChains', numChains, 1);
  if (!(initRadius > 0 && initRadius < Infinity))
    throw new ArgumentError('mcmc', `initRadius must be finite and positive, got ${initRadius}`);
  const kernel = options.kernel;
  if (kernel !== undefined) {
    if (kernel === null || typeof kernel !== 'object' || !['nuts', 'hmc'].includes(kernel.kind))
      throw new ArgumentError('mcmc', `kernel must be nuts() or hmc(), got ${String(kernel)}`);
    checkKernelOptions(kernel.kind, kernel.options ?? {});
  }
  return { numWarmup, numSamples, numChains, seed, initRadius };
}

/**
 * Samples a model's posterior with NUTS (default) or HMC. Each chain starts uniformly
 * in (-2, 2) on the unconstrained space, adapts its step size and mass matrix during
 * warmup as Stan does, then draws `numSamples` points. Same seed, same draws.
 * Discrete latent sites with a finite support are summed out exactly in every
 * log-density evaluation ({@link enumLogJoint}) and are not in `samples`; draw them
 * with {@link inferDiscrete}.
 * @throws {@link ArgumentError} for a discrete latent site with an infinite support
 *   (NUTS needs continuous latents), no finite starting point (naming the offending
 *   sites), bad counts, a non-finite `initRadius`, or a kernel with invalid options.
 * @example
 * ```ts
 * import { mcmc, sample, Normal } from 'pathwise';
 * const model = () => { sample('x', new Normal(3, 2)); };
 * const { samples } = mcmc(model, { numWarmup: 300, numSamples: 1000, seed: 1 });
 * samples.x.shape; // [1, 1000]
 * Math.abs(samples.x.data.reduce((a, b) => a + b) / 1000 - 3) < 0.3; // true
 * ```
 */
export function mcmc<A extends unknown[]>(
  model: Model<A>,
  options: McmcOptions<A> = {},
): McmcResult {
  const { numWarmup, numSamples, numChains, seed, initRadius } = mcmcSettings(options);
  const args = (options.args ?? []) as A;
  const kernel = options.kernel ?? nuts();
  if (options.parallel && chainRunner !== null) {
    const source = options.modelSource;
    if (source === undefined) {
      throw new ArgumentError(
        'mcmc',
        'parallel chains need modelSource: { module: import.meta.url } naming the module that exports the model (a worker cannot receive a function; a script that calls mcmc at top level guards it with isMainThread, see the guide "Models, SVI and NUTS")',
      );
    }
    const bad = args.findIndex((a) => !isPlainData(a));
    if (bad >= 0)
      throw new ArgumentError(
        'mcmc',
        `parallel chains need plain-data args (numbers, arrays); argument ${bad} is not`,
      );
    const pot = potentialFn(model, args);
    const hint =
      source.export === undefined ? { name: model.name, text: String(model) } : undefined;
    const job: ChainJob = {
      args,
      kernel,
      numWarmup,
      numSamples,
      numChains,
      seed,
      initRadius,
      model: hint,
    };
    const packed = chainRunner(source, job, packedSize(pot.size, numSamples, kernel));
    if (packed !== undefined)
      return collect(
        pot,
        packed.map((p) => unpack(p, pot.size, numSamples)),
      );
  }
  const pot = potentialFn(model, args);
  const streams = makeRng(seed).split(numChains);
  const chains = streams.map((r, i) =>
    runChain(model, args, pot, kernel, {
      numWarmup,
      numSamples,
      r,
      radius: initRadius,
      bar: startProgress(
        options.progress ?? false,
        `chain ${i + 1}/${numChains}`,
        numWarmup + numSamples,
      ),
    }),
  );
  return collect(pot, chains);
}

function isPlainData(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null)
    return true;
  if (ArrayBuffer.isView(v)) return true;
  if (Array.isArray(v)) return v.every(isPlainData);
  return false;
}

const STATS = 5; // acceptProb, treeDepth, numSteps, divergent, energy

/** Length of a packed chain output: header (3), draws, stats, inverse mass. */
function packedSize(d: number, numSamples: number, kernel: Kernel): number {
  return 3 + numSamples * d + numSamples * STATS + (kernel.options.dense ? d * d : d);
}

/**
 * Runs chain `chain` of a job for `model` and packs its output into `out` (what a worker
 * thread does for `parallel: true`). The chain uses stream `chain` of
 * `rng(seed).split(numChains)`, exactly as in a sequential run.
 * @example
 * ```ts
 * import { runChainJob, nuts, sample, Normal } from 'pathwise';
 * const model = () => { sample('x', new Normal(0, 1)); };
 * const out = new Float64Array(3 + 10 + 10 * 5 + 1);
 * runChainJob(model, { args: [], kernel: nuts(), numWarmup: 20, numSamples: 10, numChains: 1, seed: 0, initRadius: 2 }, 0, out);
 * out[0] > 0; // true: the adapted step size
 * ```
 */
export function runChainJob(
  model: Model<unknown[]>,
  job: ChainJob,
  chain: number,
  out: Float64Array,
): void {
  const pot = potentialFn(model, job.args);
  const r = makeRng(job.seed).split(job.numChains)[chain];
  const c = runChain(model, job.args, pot, job.kernel, {
    numWarmup: job.numWarmup,
    numSamples: job.numSamples,
    r,
    radius: job.initRadius,
    bar: startProgress(false, '', 0),
  });
  const d = pot.size;
  out[0] = c.stepSize;
  out[1] = c.gradientEvaluations;
  out[2] = c.inverseMass.length;
  let k = 3;
  for (const q of c.draws) {
    out.set(q, k);
    k += d;
  }
  for (const s of c.stats) {
    out.set([s.acceptProb, s.treeDepth, s.numSteps, s.divergent ? 1 : 0, s.energy], k);
    k += STATS;
  }
  out.set(c.inverseMass, k);
}

function unpack(p: Float64Array, d: number, numSamples: number): ChainOutput {
  let k = 3;
  const draws: Float64Array[] = [];
  for (let i = 0; i < numSamples; i++, k += d) draws.push(p.slice(k, k + d));
  const stats: TransitionStats[] = [];
  for (let i = 0; i < numSamples; i++, k += STATS) {
    stats.push({
      acceptProb: p[k],
      treeDepth: p[k + 1],
      numSteps: p[k + 2],
      divergent: p[k + 3] === 1,
      energy: p[k + 4],
    });
  }
  return {
    draws,
    stats,
    stepSize: p[0],
    gradientEvaluations: p[1],
    inverseMass: p.slice(k, k + p[2]),
  };
}
