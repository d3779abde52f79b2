/**
 * The random number generator: seedrandom's xor4096 (Brent's xorgens, period 2⁴⁰⁹⁶ - 1)
 * for the bits, and the @stdlib/random-base samplers fed with those bits through their
 * `factory({ prng })` option. Same seed, same numbers, on any machine.
 * @module
 */
import seedrandom from 'seedrandom';
import bernoulli from '@stdlib/random-base-bernoulli';
import beta from '@stdlib/random-base-beta';
import binomial from '@stdlib/random-base-binomial';
import cauchy from '@stdlib/random-base-cauchy';
import exponential from '@stdlib/random-base-exponential';
import gamma from '@stdlib/random-base-gamma';
import geometric from '@stdlib/random-base-geometric';
import laplace from '@stdlib/random-base-laplace';
import logistic from '@stdlib/random-base-logistic';
import normal from '@stdlib/random-base-normal';
import poisson from '@stdlib/random-base-poisson';
import { ArgumentError, JitError, Tensor, type Shape } from '../autodiff/index.js';
import { isTracing } from '../autodiff/tape.js';
import { checkSize } from '../autodiff/tensor.js';

/** The number of elements of `shape`, checked (non-negative integer dimensions, size limit). */
function sizeFor(op: string, shape: Shape): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new ArgumentError(op, `invalid shape [${shape.join(',')}]`);
    n *= d;
  }
  checkSize(op, shape, n);
  return n;
}

/** Random draws inside a function jit traces would be frozen into the trace. */
function notTracing(): void {
  if (isTracing())
    throw new JitError(
      'rng',
      'a jitted function must not draw random numbers (they would be frozen at trace time); draw outside and pass them as an argument',
    );
}

/**
 * A seed: a number or a string (both are read as text, so `7` and `'7'` agree).
 * @example
 * ```ts
 * import { rng, type Seed } from 'pathwise';
 * const seeds: Seed[] = [7, '7'];
 * seeds.map((s) => rng(s).uniform()); // [0.3713250536041074, 0.3713250536041074]
 * ```
 */
export type Seed = number | string;

/** Argument checks of the samplers: each throws an ArgumentError naming method, argument, value. */
function fail(method: string, arg: string, want: string, v: number): never {
  throw new ArgumentError(`Rng.${method}`, `${arg} must be ${want}, got ${v}`);
}
const finite = (m: string, arg: string, v: number): void => {
  if (!Number.isFinite(v)) fail(m, arg, 'a finite number', v);
};
const positive = (m: string, arg: string, v: number): void => {
  if (!(v > 0 && v < Infinity)) fail(m, arg, 'a finite number > 0', v);
};
const prob = (m: string, arg: string, v: number): void => {
  if (!(v >= 0 && v <= 1)) fail(m, arg, 'a probability in [0, 1]', v);
};
const locScale = (m: string, loc: number, scale: number): void => {
  finite(m, 'loc', loc);
  positive(m, 'scale', scale);
};

type Unary = (a: number) => number;
type Binary = (a: number, b: number) => number;

/** The stdlib samplers of one generator, built on first use. */
function samplers(prng: () => number) {
  const o = { prng };
  return {
    normal: normal.factory(o) as Binary,
    exponential: exponential.factory(o) as Unary,
    gamma: gamma.factory(o) as Binary,
    beta: beta.factory(o) as Binary,
    poisson: poisson.factory(o) as Unary,
    binomial: binomial.factory(o) as Binary,
    bernoulli: bernoulli.factory(o) as Unary,
    geometric: geometric.factory(o) as Unary,
    cauchy: cauchy.factory(o) as Binary,
    laplace: laplace.factory(o) as Binary,
    logistic: logistic.factory(o) as Binary,
  };
}

/**
 * A seedable, splittable stream of random numbers. Uniform bits come from seedrandom's
 * xor4096; every other distribution is drawn by the @stdlib/random-base sampler fed with
 * those bits, so a seed fixes every draw bit for bit on any machine. Create one with
 * {@link rng}; derive independent streams (e.g. one per parallel chain) with
 * {@link Rng.fork} or {@link Rng.split}.
 *
 * Every sampler checks its arguments (a scale, rate or concentration must be finite and
 * > 0, a probability in [0, 1], a count a non-negative integer) and throws an
 * {@link ArgumentError} naming the method, the argument and the value, instead of
 * returning NaN.
 * @example
 * ```ts
 * import { rng } from 'pathwise';
 * const r = rng(42);
 * r.normal(); // 0.12757893398652345
 * r.gamma(2, 1); // 2.5821202383835296
 * r.poisson(3); // 3
 * rng(42).normal(); // 0.12757893398652345: same seed, same draws
 * ```
 */
export class Rng {
  /** The seed this stream was created from, as text. */
  readonly seed: string;
  private readonly bits: seedrandom.PRNG;
  private draws: ReturnType<typeof samplers> | undefined;

  constructor(seed: Seed) {
    if (typeof seed !== 'string' && !Number.isFinite(seed))
      throw new ArgumentError('rng', `seed must be a finite number or a string, got ${seed}`);
    this.seed = String(seed);
    this.bits = seedrandom.xor4096(this.seed);
  }

  private get s(): ReturnType<typeof samplers> {
    if (this.draws === undefined) {
      const bits = this.bits;
      this.draws = samplers(() => {
        notTracing();
        return bits.double();
      });
    }
    return this.draws;
  }

  /** A uniform draw in the open interval (0, 1), with 53 random bits. */
  uniform(): number {
    notTracing();
    return this.bits.double();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    notTracing();
    return this.bits.int32() >>> 0;
  }

  /** A normal draw with mean `loc` and standard deviation `scale` (default 0, 1). */
  normal(loc = 0, scale = 1): number {
    locScale('normal', loc, scale);
    return this.s.normal(loc, scale);
  }

  /** An exponential draw with the given rate (default 1). */
  exponential(rate = 1): number {
    positive('exponential', 'rate', rate);
    return this.s.exponential(rate);
  }

  /** A gamma draw with shape `concentration` and the given rate (default 1). */
  gamma(concentration: number, rate = 1): number {
    positive('gamma', 'concentration', concentration);
    positive('gamma', 'rate', rate);
    return this.s.gamma(concentration, rate);
  }

  /** A beta draw in (0, 1). */
  beta(concentration1: number, concentration0: number): number {
    positive('beta', 'concentration1', concentration1);
    positive('beta', 'concentration0', concentration0);
    return this.s.beta(concentration1, concentration0);
  }

  /** A Poisson count with the given rate. */
  poisson(rate: number): number {
    if (!(rate >= 0 && rate < Infinity)) fail('poisson', 'rate', 'a finite number >= 0', rate);
    return rate === 0 ? 0 : this.s.poisson(rate); // (stdlib gives NaN at 0)
  }

  /** A binomial count of successes in `totalCount` trials. */
  binomial(totalCount: number, probs: number): number {
    if (!(Number.isInteger(totalCount) && totalCount >= 0))
      fail('binomial', 'totalCount', 'an integer >= 0', totalCount);
    prob('binomial', 'probs', probs);
    return totalCount === 0 ? 0 : this.s.binomial(totalCount, probs); // (stdlib: NaN at 0)
  }

  /** 1 with probability `probs`, else 0. */
  bernoulli(probs: number): number {
    prob('bernoulli', 'probs', probs);
    return this.s.bernoulli(probs);
  }

  /** The number of failures before the first success. */
  geometric(probs: number): number {
    if (!(probs > 0 && probs <= 1)) fail('geometric', 'probs', 'a probability in (0, 1]', probs);
    return this.s.geometric(probs);
  }

  /** A Cauchy draw (default standard). */
  cauchy(loc = 0, scale = 1): number {
    locScale('cauchy', loc, scale);
    return this.s.cauchy(loc, scale);
  }

  /** A Laplace draw (default standard). */
  laplace(loc = 0, scale = 1): number {
    locScale('laplace', loc, scale);
    return this.s.laplace(loc, scale);
  }

  /** A logistic draw (default standard). */
  logistic(loc = 0, scale = 1): number {
    locScale('logistic', loc, scale);
    return this.s.logistic(loc, scale);
  }

  /**
   * A tensor of the given shape filled, in row-major order, by calling `draw` with this
   * generator once per element.
   */
  tensor(shape: Shape, draw: (r: Rng) => number): Tensor {
    const data = new Float64Array(sizeFor('Rng.tensor', shape));
    for (let i = 0; i < data.length; i++) data[i] = draw(this);
    return new Tensor(data, [...shape]);
  }

  /**
   * A tensor of independent random signs ±1 (Rademacher draws, as Flipout uses), filled
   * in row-major order from the bits of {@link Rng.uint32}, lowest bit first, 32 signs
   * per word (a set bit is +1); a word's unused bits are dropped at the end.
   * @example
   * ```ts
   * import { rng } from 'pathwise';
   * const s = rng(0).signs([2, 3]);
   * s.shape; // [2, 3]
   * Array.from(s.data).every((v) => v === 1 || v === -1); // true
   * ```
   */
  signs(shape: Shape): Tensor {
    const data = new Float64Array(sizeFor('Rng.signs', shape));
    for (let i = 0; i < data.length; i += 32) {
      let w = this.uint32();
      const end = Math.min(data.length, i + 32);
      for (let j = i; j < end; j++, w >>>= 1) data[j] = (w & 1) === 1 ? 1 : -1;
    }
    return new Tensor(data, [...shape]);
  }

  /**
   * A new, independent generator seeded with 128 bits drawn from this one (so this one
   * advances). Forking the same stream at the same point gives the same child.
   */
  fork(): Rng {
    const key = [this.uint32(), this.uint32(), this.uint32(), this.uint32()];
    return new Rng(key.map((k) => k.toString(16).padStart(8, '0')).join(''));
  }

  /** `n` independent generators (default 2), e.g. one per parallel chain: `n` forks. */
  split(n = 2): Rng[] {
    if (!Number.isInteger(n) || n < 1)
      throw new ArgumentError('Rng.split', `n must be a positive integer, got ${n}`);
    return Array.from({ length: n }, () => this.fork());
  }
}

/**
 * Creates a generator from a seed.
 * @throws {@link ArgumentError} if the seed is a non-finite number.
 * @example
 * ```ts
 * import { rng } from 'pathwise';
 * const [a, b] = rng(1).split();
 * a.uniform() === b.uniform(); // false: independent streams
 * rng(1).tensor([2], (r) => r.normal()).shape; // [2]
 * ```
 */
export function rng(seed: Seed): Rng {
  return new Rng(seed);
}
