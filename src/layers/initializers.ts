/**
 * Weight initializers with Keras's names, defaults and formulas. Random ones are
 * seeded: with `seed` they draw from their own stream, otherwise from the Rng the layer
 * passes (the module default unless the layer has a seed).
 * @module
 */
import { ArgumentError, Tensor, type Shape } from '../autodiff/index.js';
import { defaultRng, rng, type Rng, type Seed } from '../random/index.js';

/**
 * Creates the initial value of a weight from its shape.
 * @example
 * ```ts
 * import { type Initializer } from 'pathwise';
 * const arange: Initializer = { name: 'Arange', init: (shape) => Float64Array.from({ length: shape[0] }, (_, i) => i) };
 * arange.init([3]); // [0, 1, 2]
 * ```
 */
export interface Initializer {
  /** The class name, e.g. `'GlorotUniform'`. */
  readonly name: string;
  /**
   * `shape`'s values, row-major. `random` is the stream to draw from when the
   * initializer has no seed of its own.
   */
  init(shape: Shape, random?: Rng): Float64Array;
}

const size = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/**
 * All zeros.
 * @example
 * ```ts
 * import { Zeros } from 'pathwise';
 * new Zeros().init([2]); // [0, 0]
 * ```
 */
export class Zeros implements Initializer {
  readonly name = 'Zeros';
  init(shape: Shape): Float64Array {
    return new Float64Array(size(shape));
  }
}

/**
 * All ones.
 * @example
 * ```ts
 * import { Ones } from 'pathwise';
 * new Ones().init([2]); // [1, 1]
 * ```
 */
export class Ones implements Initializer {
  readonly name = 'Ones';
  init(shape: Shape): Float64Array {
    return new Float64Array(size(shape)).fill(1);
  }
}

/**
 * Every element equal to `value`.
 * @example
 * ```ts
 * import { Constant } from 'pathwise';
 * new Constant({ value: 0.5 }).init([2]); // [0.5, 0.5]
 * ```
 */
export class Constant implements Initializer {
  readonly name = 'Constant';
  /** The fill value. */
  readonly value: number;
  constructor(options: { value: number }) {
    this.value = options.value;
  }
  init(shape: Shape): Float64Array {
    return new Float64Array(size(shape)).fill(this.value);
  }
}

/**
 * Options shared by the random initializers.
 * @example
 * ```ts
 * import { GlorotUniform, type SeedOptions } from 'pathwise';
 * const o: SeedOptions = { seed: 1 };
 * new GlorotUniform(o).init([2, 2]).length; // 4
 * ```
 */
export interface SeedOptions {
  /** A seed for this initializer's own stream (reproducible across layers and runs). */
  seed?: Seed;
}

/** Base of the random initializers: picks the stream, fills the values. */
abstract class RandomInitializer implements Initializer {
  abstract readonly name: string;
  private readonly own: Rng | undefined;
  constructor(options: SeedOptions) {
    this.own = options.seed === undefined ? undefined : rng(options.seed);
  }
  init(shape: Shape, random?: Rng): Float64Array {
    const r = this.own ?? random ?? defaultRng();
    const out = new Float64Array(size(shape));
    this.fill(out, shape, r);
    return out;
  }
  protected abstract fill(out: Float64Array, shape: Shape, r: Rng): void;
}

/**
 * Options of {@link RandomUniform}.
 * @example
 * ```ts
 * import { RandomUniform, type RandomUniformOptions } from 'pathwise';
 * const o: RandomUniformOptions = { minval: 0, maxval: 0.1, seed: 3 };
 * new RandomUniform(o).init([1])[0] < 0.1; // true
 * ```
 */
export interface RandomUniformOptions extends SeedOptions {
  /** Lower bound (default -0.05). */
  minval?: number;
  /** Upper bound (default 0.05). */
  maxval?: number;
}

/**
 * Uniform draws in `[minval, maxval)`.
 * @throws {@link ArgumentError} if `maxval < minval`.
 * @example
 * ```ts
 * import { RandomUniform } from 'pathwise';
 * const init = new RandomUniform({ minval: 0, maxval: 0.1, seed: 7 });
 * const [s] = init.init([1]);
 * s >= 0 && s < 0.1; // true
 * ```
 */
export class RandomUniform extends RandomInitializer {
  readonly name = 'RandomUniform';
  /** Lower bound. */
  readonly minval: number;
  /** Upper bound. */
  readonly maxval: number;
  constructor(options: RandomUniformOptions = {}) {
    super(options);
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
    if (!(this.maxval >= this.minval))
      throw new ArgumentError(
        'RandomUniform',
        `maxval ${this.maxval} is below minval ${this.minval}`,
      );
  }
  protected fill(out: Float64Array, _shape: Shape, r: Rng): void {
    for (let i = 0; i < out.length; i++)
      out[i] = this.minval + (this.maxval - this.minval) * r.uniform();
  }
}

/**
 * Options of {@link RandomNormal}.
 * @example
 * ```ts
 * import { RandomNormal, type RandomNormalOptions } from 'pathwise';
 * const o: RandomNormalOptions = { mean: 1, stddev: 0, seed: 1 };
 * new RandomNormal(o).init([2]); // [1, 1]
 * ```
 */
export interface RandomNormalOptions extends SeedOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 0.05). */
  stddev?: number;
}

/**
 * Normal draws with the given mean and standard deviation.
 * @example
 * ```ts
 * import { RandomNormal } from 'pathwise';
 * const a = new RandomNormal({ seed: 5 }).init([3]);
 * const b = new RandomNormal({ seed: 5 }).init([3]);
 * a.every((v, i) => v === b[i]); // true: same seed, same values
 * ```
 */
export class RandomNormal extends RandomInitializer {
  readonly name = 'RandomNormal';
  /** Mean. */
  readonly mean: number;
  /** Standard deviation. */
  readonly stddev: number;
  constructor(options: RandomNormalOptions = {}) {
    super(options);
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
  }
  protected fill(out: Float64Array, _shape: Shape, r: Rng): void {
    for (let i = 0; i < out.length; i++) out[i] = this.mean + this.stddev * r.normal();
  }
}

/**
 * Keras's fan-in and fan-out of a weight shape: `[in, out]` for a matrix, the vector's
 * length for both for a vector, and for a convolution kernel the receptive field times
 * the last two axes.
 */
function fans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const field = size(shape.slice(0, -2));
  return [field * shape[shape.length - 2], field * shape[shape.length - 1]];
}

/** Normal draws truncated to ±2 standard deviations (redrawn), as Keras's truncated normal. */
function truncatedNormal(out: Float64Array, stddev: number, r: Rng): void {
  for (let i = 0; i < out.length; i++) {
    let z = r.normal();
    while (Math.abs(z) > 2) z = r.normal();
    out[i] = stddev * z;
  }
}

/** The standard deviation of N(0, 1) truncated to [-2, 2]; Keras divides by it. */
const TRUNCATED_STD = 0.87962566103423978;

/**
 * Glorot (Xavier) uniform: `U(-l, l)` with `l = sqrt(6 / (fanIn + fanOut))`.
 * @example
 * ```ts
 * import { GlorotUniform } from 'pathwise';
 * const w = new GlorotUniform({ seed: 0 }).init([3, 5]);
 * w.every((v) => Math.abs(v) <= Math.sqrt(6 / 8)); // true
 * ```
 */
export class GlorotUniform extends RandomInitializer {
  readonly name = 'GlorotUniform';
  constructor(options: SeedOptions = {}) {
    super(options);
  }
  protected fill(out: Float64Array, shape: Shape, r: Rng): void {
    const [fi, fo] = fans(shape);
    const l = Math.sqrt(6 / (fi + fo));
    for (let i = 0; i < out.length; i++) out[i] = l * (2 * r.uniform() - 1);
  }
}

/**
 * Glorot (Xavier) normal: a normal truncated at two standard deviations, scaled so the
 * variance is `2 / (fanIn + fanOut)` (Keras's formula).
 * @example
 * ```ts
 * import { GlorotNormal } from 'pathwise';
 * const w = new GlorotNormal({ seed: 0 }).init([3, 5]);
 * const limit = (2 * Math.sqrt(2 / 8)) / 0.87962566103423978;
 * w.every((v) => Math.abs(v) <= limit); // true
 * ```
 */
export class GlorotNormal extends RandomInitializer {
  readonly name = 'GlorotNormal';
  constructor(options: SeedOptions = {}) {
    super(options);
  }
  protected fill(out: Float64Array, shape: Shape, r: Rng): void {
    const [fi, fo] = fans(shape);
    truncatedNormal(out, Math.sqrt(2 / (fi + fo)) / TRUNCATED_STD, r);
  }
}

/**
 * He normal (for ReLU layers): a truncated normal with variance `2 / fanIn`.
 * @example
 * ```ts
 * import { HeNormal } from 'pathwise';
 * new HeNormal({ seed: 0 }).init([4, 2]).length; // 8
 * ```
 */
export class HeNormal extends RandomInitializer {
  readonly name = 'HeNormal';
  constructor(options: SeedOptions = {}) {
    super(options);
  }
  protected fill(out: Float64Array, shape: Shape, r: Rng): void {
    truncatedNormal(out, Math.sqrt(2 / fans(shape)[0]) / TRUNCATED_STD, r);
  }
}

const NAMED: Record<string, () => Initializer> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  randomuniform: () => new RandomUniform(),
  randomnormal: () => new RandomNormal(),
  glorotuniform: () => new GlorotUniform(),
  glorotnormal: () => new GlorotNormal(),
  henormal: () => new HeNormal(),
};

/**
 * An initializer from a Keras-style name (`'zeros'`, `'ones'`, `'glorot_uniform'`,
 * `'GlorotUniform'`, `'glorotUniform'`, `'he_normal'`, ...; case and underscores are
 * ignored), or the initializer itself.
 * @throws {@link ArgumentError} naming the known initializers.
 * @example
 * ```ts
 * import { getInitializer } from 'pathwise';
 * getInitializer('glorot_uniform').name; // 'GlorotUniform'
 * getInitializer('Ones').init([1]); // [1]
 * ```
 */
export function getInitializer(spec: string | Initializer): Initializer {
  if (typeof spec !== 'string') return spec;
  const make = NAMED[spec.toLowerCase().replace(/_/g, '')];
  if (make === undefined)
    throw new ArgumentError(
      'getInitializer',
      `unknown initializer '${spec}'; known: ${Object.keys(NAMED).join(', ')}`,
    );
  return make();
}

/** @internal A tensor holding `init`'s values for `shape`. */
export function initialValue(init: Initializer, shape: Shape, random: Rng): Tensor {
  const data = init.init(shape, random);
  if (data.length !== size(shape))
    throw new ArgumentError(
      init.name,
      `returned ${data.length} values for shape [${shape.join(',')}] (${size(shape)} elements)`,
    );
  return new Tensor(data, [...shape]);
}
