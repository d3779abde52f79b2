/**
 * The effect-handler runtime behind the model language (NumPyro's design, small):
 * `sample`, `param`, ... build a {@link Message} and pass it through the stack of
 * active handlers, top to bottom (`process`), then fill in a value if none was given,
 * then back up (`postprocess`). The stack is global and always restored in `finally`,
 * so a model that throws leaves it as it was.
 * @module
 */
import type { Tensor } from '../autodiff/index.js';
import type { Constraint, Distribution } from '../distributions/index.js';
import type { Rng } from '../random/index.js';

/**
 * A plate the site is inside: conditionally independent along batch axis `dim`.
 * @example
 * ```ts
 * import { plate, sample, Normal, trace, seed, type PlateFrame } from 'pathwise';
 * const tr = trace(seed(() => plate('i', 4, () => sample('x', new Normal(0, 1))), 0)).getTrace();
 * const f: PlateFrame = tr.get('x')!.frames[0];
 * [f.name, f.size, f.dim]; // ['i', 4, -1]
 * ```
 */
export interface PlateFrame {
  /** The plate's name. */
  readonly name: string;
  /** The full size of the plate. */
  readonly size: number;
  /** How many of its members this run uses (equal to `size` unless subsampling). */
  readonly subsampleSize: number;
  /** The batch axis (negative, counted from the right of the batch shape). */
  readonly dim: number;
}

/**
 * How inference should treat a sample site (NumPyro's `infer` dict).
 * @example
 * ```ts
 * import { sample, Categorical, type InferOptions } from 'pathwise';
 * const o: InferOptions = { enumerate: 'parallel' };
 * sample('z', new Categorical({ probs: [0.5, 0.5] }), { infer: o }).shape; // []
 * ```
 */
export interface InferOptions {
  /**
   * `'parallel'`: sum this discrete site out exactly (every value of its support at once,
   * on a fresh leftmost batch axis) in `traceEnumElbo`; `mcmc` and `enumLogJoint` do so
   * for every enumerable discrete latent site, marked or not.
   */
  enumerate?: 'parallel';
}

/**
 * What a primitive announces to the handlers. Handlers read and write its fields:
 * `condition` sets `value` and `observed`, `scale` multiplies `scale`, `seed` sets
 * `rng`, `block` sets `stop`, ...
 * @example
 * ```ts
 * import { Messenger, substitute, sample, Normal, type Message } from 'pathwise';
 * class Zero extends Messenger {
 *   override process(msg: Message) { if (msg.type === 'sample') msg.value = msg.fn!.mean; }
 * }
 * new Zero().run(() => sample('x', new Normal(3, 1))).item(); // 3
 * ```
 */
export interface Message {
  /**
   * The kind of site: a random variable, a learnable parameter, a recorded value, an
   * extra log-weight (`value` holds it), or a plate (`value` holds its indices).
   */
  type: 'sample' | 'param' | 'deterministic' | 'factor' | 'plate';
  /** The site's name, unique within one run of the model. */
  name: string;
  /** For `sample`: the distribution (plates expand it to their batch axes). */
  fn: Distribution | undefined;
  /** The value: given (observed, conditioned, substituted) or drawn by the runtime. */
  value: Tensor | undefined;
  /** True for observed data (`obs` or `condition`). */
  observed: boolean;
  /** For a guide's `sample`: a site the model need not have (see `SampleOptions.auxiliary`). */
  auxiliary?: boolean;
  /** Multiplies the site's log-probability (plate subsampling, the `scale` handler). */
  scale: number;
  /** Where 0, the site's log-probability is dropped (the `mask` handler); null = keep all. */
  mask: Tensor | null;
  /** The plates around the site, innermost first. */
  frames: PlateFrame[];
  /** For `param`: the set the parameter lives in. */
  constraint: Constraint | undefined;
  /** For `param`: how to make the initial value. */
  init: ((rng: Rng) => Tensor) | undefined;
  /** The generator used to draw the value, if a `seed` handler set one. */
  rng: Rng | undefined;
  /** When true, handlers further down the stack do not see the message. */
  stop: boolean;
  /** For `sample`: how inference should treat the site (e.g. enumerate it). */
  infer?: InferOptions;
}

/**
 * An effect handler: override `process` (on the way down) and/or `postprocess` (on the
 * way back up). `run` executes a function with the handler on the stack.
 * @example
 * ```ts
 * import { Messenger, sample, Normal, type Message } from 'pathwise';
 * class Names extends Messenger {
 *   seen: string[] = [];
 *   override postprocess(msg: Message) { this.seen.push(msg.name); }
 * }
 * const h = new Names();
 * h.run(() => { sample('a', new Normal(0, 1)); sample('b', new Normal(0, 1)); });
 * h.seen; // ['a', 'b']
 * ```
 */
export abstract class Messenger {
  /** Called on the way down the stack, innermost handler first. */
  process(_msg: Message): void {}
  /** Called on the way back up, after the value is known. */
  postprocess(_msg: Message): void {}

  /** Runs `fn` with this handler on top of the stack (restored even if `fn` throws). */
  run<T>(fn: () => T): T {
    const depth = stack.length;
    stack.push(this);
    try {
      return fn();
    } finally {
      stack.length = depth;
    }
  }
}

const stack: Messenger[] = [];

/** @internal How many handlers are active (tests check it is back to 0 after a throw). */
export function handlerDepth(): number {
  return stack.length;
}

/**
 * @internal Sends `msg` through the handlers; `fill` supplies the value when no handler
 * did (sampling from `fn`, or a param's initial value).
 */
export function applyStack(msg: Message, fill: (msg: Message) => void): Message {
  let i = stack.length - 1;
  for (; i >= 0; i--) {
    stack[i].process(msg);
    if (msg.stop) break;
  }
  if (msg.value === undefined) fill(msg);
  for (let j = Math.max(i, 0); j < stack.length; j++) stack[j].postprocess(msg);
  return msg;
}

/** @internal A fresh message with defaults. */
export function message(
  type: Message['type'],
  name: string,
  fields: Partial<Message> = {},
): Message {
  return {
    type,
    name,
    fn: undefined,
    value: undefined,
    observed: false,
    scale: 1,
    mask: null,
    frames: [],
    constraint: undefined,
    init: undefined,
    rng: undefined,
    stop: false,
    ...fields,
  };
}
