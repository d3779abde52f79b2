/**
 * The ELBO with the model's discrete latent sites summed out exactly (Pyro / NumPyro's
 * TraceEnum_ELBO, for enumeration in the model).
 * @module
 */
import {
  add,
  ArgumentError,
  div,
  mul,
  neg,
  stopGradient,
  sub,
  toTensor,
  type Tensor,
} from '../autodiff/index.js';
import type { Distribution } from '../distributions/index.js';
import { contractTrace } from './contract.js';
import { enumeratedTrace, guessBatchRank } from './enum.js';
import { replay, seed, siteLogProb, trace, type Model, type Trace } from './handlers.js';
import type { ElboLoss, TraceElboOptions } from './svi.js';

function logProbOf(tr: Trace): Tensor {
  let total: Tensor = toTensor(0);
  for (const s of tr.values()) total = add(total, siteLogProb(s));
  return total;
}

function checkCovered(model: Trace, guide: Trace, enumerated: ReadonlySet<string>): void {
  for (const site of model.values()) {
    if (site.type !== 'sample' || site.observed || guide.has(site.name)) continue;
    if (enumerated.has(site.name)) continue;
    throw new ArgumentError(
      'traceEnumElbo',
      `the model's latent site '${site.name}' is neither in the guide nor enumerated (mark a discrete site with { infer: { enumerate: 'parallel' } } or wrap the model in configEnumerate)`,
    );
  }
}

/**
 * The evidence lower bound with the model's enumerated sites (those marked
 * `{ infer: { enumerate: 'parallel' } }`, see {@link configEnumerate}) summed out:
 * `E_q[log Σ_z p(x, z, θ) - log q(θ)]`. The guide covers the other latent sites, which
 * are sampled and replayed into the model as in {@link traceElbo}; the sum over z is
 * exact (variable elimination, see {@link enumLogJoint}), so it adds no variance.
 * Non-reparameterized guide sites add score-function terms with a decaying-average
 * baseline. Enumeration in the guide is not supported.
 * @throws {@link ArgumentError} naming a model latent site that is neither in the guide
 *   nor enumerated.
 * @example
 * ```ts
 * import { traceEnumElbo, svi, sample, param, Categorical, Normal, gather, plate, Adam } from 'pathwise';
 * const data = [-2.1, -1.9, 2.2, 1.8];
 * const model = () => {
 *   const loc = param('loc', [-1, 1]);
 *   plate('data', 4, () => {
 *     const z = sample('z', new Categorical({ probs: [0.5, 0.5] }), { infer: { enumerate: 'parallel' } });
 *     sample('x', new Normal(gather(loc, z), 0.5), { obs: data });
 *   });
 * };
 * const run = svi(model, () => {}, { loss: traceEnumElbo(), optimizer: new Adam({ learningRate: 0.1 }), seed: 0 });
 * run.run(300, []);
 * Array.from(run.getParams().loc.data, (v) => Math.round(v * 10) / 10); // [-2, 2]
 * ```
 */
export function traceEnumElbo(options: TraceElboOptions = {}): ElboLoss {
  const decay = options.baselineDecay ?? 0.9;
  const useBaseline = options.baseline ?? true;
  const baselines = new Map<string, number>();
  const ranks = new WeakMap<object, number>();
  return {
    loss(model, guide, args, ctx) {
      let total: Tensor = toTensor(0);
      for (let p = 0; p < ctx.numParticles; p++) {
        const guideTrace = trace(seed(guide, ctx.rng)).getTrace(...args);
        const replayed = replay(seed(model, ctx.rng), guideTrace);
        let rank = ranks.get(model);
        if (rank === undefined) {
          const values = Object.fromEntries([...guideTrace].map(([n, s]) => [n, s.value]));
          ranks.set(model, (rank = guessBatchRank(model as Model<typeof args>, args, values)));
        }
        const { tr, layout } = enumeratedTrace(replayed, args, rank, 'marked');
        checkCovered(tr, guideTrace, new Set(layout.vars.map((v) => v.name)));
        const elbo = sub(contractTrace(tr, layout), logProbOf(guideTrace));
        const value = elbo.item();
        let surrogate = elbo;
        for (const site of guideTrace.values()) {
          if (site.type !== 'sample' || site.observed || (site.fn as Distribution).reparameterized)
            continue;
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
}
