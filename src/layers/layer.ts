/**
 * The Layer base class (Keras's): lazy `build(inputShape)` on the first call,
 * `addWeight` creating Variables, weight lists, get/set weights and regularization.
 * @module
 */
import {
  add,
  ArgumentError,
  ShapeError,
  tensor,
  Tensor,
  toTensor,
  Variable,
  type Shape,
  type TensorLike,
} from '../autodiff/index.js';
import { fmt, sameShape } from '../autodiff/shape.js';
import { defaultRng, rng, type Rng, type Seed } from '../random/index.js';
import { getConstraint, type WeightConstraint } from './constraints.js';
import { getInitializer, initialValue, type Initializer } from './initializers.js';
import { drawNoise } from './noise.js';
import { getPlatform } from './platform.js';
import { getRegularizer, type Regularizer } from './regularizers.js';
import {
  decodeWeights,
  encodeWeights,
  WeightsFormatError,
  type WeightsJSON,
} from './serialization.js';

/**
 * Options every layer accepts.
 * @example
 * ```ts
 * import { Dense, type LayerOptions } from 'pathwise';
 * const o: LayerOptions = { name: 'hidden', inputShape: [3], seed: 1 };
 * new Dense({ units: 2, ...o }).name; // 'hidden'
 * ```
 */
export interface LayerOptions {
  /** Unique-ish name used in weight names and errors (default: the class name in snake_case, numbered). */
  name?: string;
  /** The shape of one input, without the batch axis (Keras's `input_shape`): lets a model build before seeing data. */
  inputShape?: Shape;
  /** Whether its weights are trained (default true). */
  trainable?: boolean;
  /** Seeds the initializers of this layer's weights that have no seed of their own. */
  seed?: Seed;
}

/**
 * Options of {@link Layer.addWeight}.
 * @example
 * ```ts
 * import { Layer, mul, type AddWeightOptions, type Tensor, type Variable } from 'pathwise';
 * class Scale extends Layer {
 *   k!: Variable;
 *   override build(): void {
 *     const o: AddWeightOptions = { name: 'k', shape: [1], initializer: 'ones', constraint: 'non_neg' };
 *     this.k = this.addWeight(o);
 *   }
 *   call(x: Tensor): Tensor {
 *     return mul(x, this.k);
 *   }
 * }
 * new Scale().apply([[2], [3]]).toArray(); // [[2], [3]]
 * ```
 */
export interface AddWeightOptions {
  /** The weight's name within the layer; the Variable is named `layerName/name`. */
  name: string;
  /** The weight's shape. */
  shape: Shape;
  /** Default `'glorotUniform'` (Keras's default for `add_weight`). */
  initializer?: string | Initializer;
  /** A projection applied after every optimizer update (e.g. `'non_neg'`). */
  constraint?: string | WeightConstraint;
  /** A penalty added to the training loss. */
  regularizer?: string | Regularizer;
  /** Whether the weight is trained (default true; a frozen layer trains none). */
  trainable?: boolean;
}

interface WeightEntry {
  variable: Variable;
  trainable: boolean;
  regularizer: Regularizer | undefined;
}

/** The sublayers of a layer without any (shared: `stochastic` asks at every step). */
const NO_LAYERS: readonly Layer[] = Object.freeze([]);

const counters = new Map<string, number>();
/** How many `apply` calls are running (0: the next one is an outermost call). */
let callDepth = 0;

function autoName(cls: string): string {
  const base = cls.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const k = counters.get(base) ?? 0;
  counters.set(base, k + 1);
  return k === 0 ? base : `${base}_${k}`;
}

/** @internal Formats a feature shape with the batch axis shown as `null`, as Keras does. */
export function batchShape(features: Shape): string {
  return `[null${features.map((d) => `,${d}`).join('')}]`;
}

/**
 * Base class of layers. A subclass creates its weights in `build(inputShape)` with
 * {@link Layer.addWeight} and computes its output in `call(inputs)` with pathwise ops.
 * Call a layer with {@link Layer.apply}: the first call builds it from the input's
 * shape; later calls must have the same non-batch shape.
 * @example
 * ```ts
 * import { Layer, add, type Tensor, type Variable } from 'pathwise';
 * class Shift extends Layer {
 *   b!: Variable;
 *   override build(inputShape: readonly number[]): void {
 *     this.b = this.addWeight({ name: 'b', shape: [inputShape[1]], initializer: 'ones' });
 *   }
 *   call(x: Tensor): Tensor {
 *     return add(x, this.b);
 *   }
 * }
 * const layer = new Shift();
 * layer.apply([[1, 2]]).toArray(); // [[2, 3]]
 * layer.trainableWeights.map((w) => w.name); // ['shift/b']
 * ```
 */
export abstract class Layer {
  /** The layer's name. */
  readonly name: string;
  /** Whether `build` has run. */
  built = false;
  /** Set by a callback to end `fit` after the current batch. */
  stopTraining = false;
  /** Whether the layer's weights are trained; false freezes them (and those of sublayers). */
  trainable: boolean;
  /** The input shape without the batch axis, known once built (or from `inputShape`). */
  inputSpec: Shape | null;
  private readonly own: WeightEntry[] = [];
  private readonly random: Rng | undefined;
  private ownLosses: Tensor[] = [];
  private drewNoise = false;

  constructor(options: LayerOptions = {}) {
    this.name = options.name ?? autoName(new.target.name);
    this.trainable = options.trainable ?? true;
    this.inputSpec = options.inputShape ? [...options.inputShape] : null;
    this.random = options.seed === undefined ? undefined : rng(options.seed);
  }

  /**
   * Creates the weights, given the shape of the first input (batch axis first). The
   * default creates none.
   */
  build(_inputShape: Shape): void {}

  /** The layer's computation, with pathwise ops (so it is differentiable). */
  abstract call(inputs: Tensor): Tensor;

  /**
   * @internal The shape of one target `y` (without the batch axis) for the output `out`:
   * the output's own, except for a model ending in a distribution layer (its event shape).
   */
  targetShape(out: Tensor): Shape {
    return out.shape.slice(1);
  }

  /** Layers this one contains (a model's layers); their weights count as this layer's. */
  protected sublayers(): readonly Layer[] {
    return NO_LAYERS;
  }

  /**
   * Calls the layer on `inputs` (Keras's `layer(x)`): converts them, builds the layer on
   * the first call, and checks that the non-batch shape matches the one it was built for.
   * @throws {@link ShapeError} naming the layer, the expected and the actual shape.
   */
  apply(inputs: TensorLike): Tensor {
    const x = inputs instanceof Tensor ? inputs : toTensor(inputs, `${this.name}.apply`, 'inputs');
    if (x.rank === 0)
      throw new ShapeError(this.name, `inputs must have a batch axis, got a scalar`);
    const spec = this.inputSpec;
    if (spec !== null && (x.rank !== spec.length + 1 || !sameFeatures(x.shape, spec))) {
      throw new ShapeError(
        this.name,
        `expected inputs of shape ${batchShape(spec)}, got shape ${fmt(x.shape)}`,
      );
    }
    if (!this.built) {
      this.inputSpec = x.shape.slice(1);
      this.build(x.shape);
      this.built = true;
    }
    if (callDepth === 0) this.clearLosses(); // as Keras: at each outermost call
    callDepth++;
    try {
      return this.call(x);
    } finally {
      callDepth--;
    }
  }

  /**
   * Adds a scalar loss term (Keras's `add_loss`), e.g. a KL divergence: call it from
   * `call`, with a tensor computed by pathwise ops from the weights, so it is
   * differentiated. `fit` adds the sum of the model's {@link Layer.losses} to the
   * training loss of every step, and `evaluate` to the loss it reports. The losses are
   * cleared at the start of each outermost {@link Layer.apply} (a model's call clears
   * those of all its layers), so they are those of the last forward pass.
   * @throws {@link ShapeError} if `loss` is not a scalar.
   * @example
   * ```ts
   * import { Layer, mul, sum, square, type Tensor } from 'pathwise';
   * class ActivityPenalty extends Layer {
   *   call(x: Tensor): Tensor {
   *     this.addLoss(mul(0.5, sum(square(x))));
   *     return x;
   *   }
   * }
   * const layer = new ActivityPenalty();
   * layer.apply([[1, 2]]);
   * layer.losses.map((l) => l.item()); // [2.5]
   * layer.apply([[3, 0]]);
   * layer.losses.map((l) => l.item()); // [4.5]: cleared at each call
   * ```
   */
  addLoss(loss: TensorLike): void {
    const t = loss instanceof Tensor ? loss : toTensor(loss, `${this.name}.addLoss`, 'loss');
    if (t.rank !== 0)
      throw new ShapeError(
        `${this.name}.addLoss`,
        `a loss must be a scalar, got shape ${fmt(t.shape)}`,
      );
    this.ownLosses.push(t);
  }

  /**
   * The loss terms added by {@link Layer.addLoss} during the last forward pass, this
   * layer's then its sublayers', in order.
   */
  get losses(): Tensor[] {
    return [...this.ownLosses, ...this.sublayers().flatMap((l) => l.losses)];
  }

  /**
   * @internal Sets the losses of the last forward pass to `values` (in the order of
   * {@link Layer.losses}); `fit`'s compiled step, which does not run the layers, returns
   * their values.
   */
  replaceLosses(values: readonly Tensor[], from = 0): number {
    let k = from;
    this.ownLosses = this.ownLosses.map(() => values[k++]);
    for (const l of this.sublayers()) k = l.replaceLosses(values, k);
    return k;
  }

  private clearLosses(): void {
    this.ownLosses = [];
    for (const l of this.sublayers()) l.clearLosses();
  }

  /**
   * A noise tensor for a stochastic layer's `call`, of `shape`, filled element by element
   * in row-major order by `draw` (default a standard Normal draw; `'sign'` for random signs
   * ±1 by {@link Rng.signs}) from the layer's
   * generator (seeded by its `seed` option; else the module's default). Draw noise
   * only through this method: then `fit`'s compiled step takes it as an argument, drawn
   * outside the compiled function, and gives the same numbers as an eager step.
   * @example
   * ```ts
   * import { Layer, add, mul, type Tensor } from 'pathwise';
   * class Jitter extends Layer {
   *   call(x: Tensor): Tensor {
   *     return add(x, mul(0.1, this.noise(x.shape)));
   *   }
   * }
   * const a = new Jitter({ seed: 3 }).apply([[0, 0]]).data;
   * const b = new Jitter({ seed: 3 }).apply([[0, 0]]).data;
   * a[0] === b[0] && a[0] !== a[1]; // true: seeded, one draw per element
   * ```
   */
  protected noise(shape: Shape, draw: ((r: Rng) => number) | 'sign' = (r) => r.normal()): Tensor {
    this.drewNoise = true;
    return drawNoise(`${this.name}.call`, this.random ?? defaultRng(), shape, draw);
  }

  /** @internal Whether this layer or a sublayer has drawn noise with {@link Layer.noise}. */
  get stochastic(): boolean {
    if (this.drewNoise) return true;
    // a loop, not .some with a closure: fit asks this at every step
    const subs = this.sublayers();
    for (let i = 0; i < subs.length; i++) if (subs[i].stochastic) return true;
    return false;
  }

  /**
   * Creates a weight (a {@link Variable} named `layerName/name`) and registers it with
   * the layer. Call it from `build`.
   * @throws {@link ArgumentError} for a duplicate name or an unknown initializer,
   *   constraint or regularizer name.
   */
  addWeight(options: AddWeightOptions): Variable {
    const { name, shape, trainable = true } = options;
    if (this.own.some((w) => w.variable.name === `${this.name}/${name}`))
      throw new ArgumentError(
        `${this.name}.addWeight`,
        `the layer already has a weight named '${name}'`,
      );
    const init = getInitializer(options.initializer ?? 'glorotUniform');
    const c = options.constraint === undefined ? undefined : getConstraint(options.constraint);
    const value = initialValue(init, shape, this.random ?? defaultRng());
    const variable = new Variable(value, {
      name: `${this.name}/${name}`,
      trainable, // a non-trainable weight is not watched by tapes
      constraint: c && ((w: Tensor) => c.apply(w)),
      constrainInPlace: c?.applyInPlace && ((d: Float64Array) => c.applyInPlace?.(d)),
    });
    const regularizer =
      options.regularizer === undefined ? undefined : getRegularizer(options.regularizer);
    this.own.push({ variable, trainable, regularizer });
    return variable;
  }

  /** Every weight, this layer's then its sublayers', in creation order. */
  get weights(): Variable[] {
    return [...this.own.map((w) => w.variable), ...this.sublayers().flatMap((l) => l.weights)];
  }

  /** The weights `fit` trains (none if the layer is frozen). */
  get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return [
      ...this.own.filter((w) => w.trainable).map((w) => w.variable),
      ...this.sublayers().flatMap((l) => l.trainableWeights),
    ];
  }

  /** The weights `fit` does not train. */
  get nonTrainableWeights(): Variable[] {
    const t = new Set(this.trainableWeights);
    return this.weights.filter((w) => !t.has(w));
  }

  /** Copies of the weights' values, in the order of `weights`. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => tensor(w, w.shape));
  }

  /**
   * Overwrites the weights with `values` (one per weight, same shapes), as they are:
   * like Keras, no constraint is applied (so saved weights reload bit for bit).
   * @throws {@link ArgumentError} if the count differs; {@link ShapeError} naming the
   *   weight, its shape and the given shape.
   */
  setWeights(values: readonly TensorLike[]): void {
    const ws = this.weights;
    if (values.length !== ws.length) {
      throw new ArgumentError(
        `${this.name}.setWeights`,
        `expected ${ws.length} value(s) (${ws.map((w) => `${w.name} ${fmt(w.shape)}`).join(', ') || 'the layer has no weights; is it built?'}), got ${values.length}`,
      );
    }
    const ts = values.map((v, i) => toTensor(v, `${this.name}.setWeights`, `values[${i}]`));
    ts.forEach((t, i) => {
      if (!sameShape(t.shape, ws[i].shape))
        throw new ShapeError(
          `${this.name}.setWeights`,
          `weight '${ws[i].name}' has shape ${fmt(ws[i].shape)}, got a value of shape ${fmt(t.shape)}`,
        );
    });
    ts.forEach((t, i) => ws[i].data.set(t.data));
  }

  /**
   * The sum of the regularization penalties of every weight (this layer's and its
   * sublayers'), or null if there are none. Call it while recording, so it is differentiated.
   */
  regularizationLoss(): Tensor | null {
    let total: Tensor | null = null;
    for (const w of this.own) {
      if (w.regularizer === undefined) continue;
      const r = w.regularizer.apply(w.variable);
      total = total === null ? r : add(total, r);
    }
    for (const l of this.sublayers()) {
      const r = l.regularizationLoss();
      if (r !== null) total = total === null ? r : add(total, r);
    }
    return total;
  }

  /** The number of scalar weights. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /**
   * The weights as JSON (bit-exact float64, see {@link WeightsJSON});
   * `JSON.stringify(model)` uses it too.
   */
  weightsToJSON(): WeightsJSON {
    return encodeWeights(this.weights);
  }

  /** Same as {@link Layer.weightsToJSON}, for `JSON.stringify`. */
  toJSON(): WeightsJSON {
    return this.weightsToJSON();
  }

  /**
   * Loads weights saved by {@link Layer.weightsToJSON} (text or parsed), bit for bit.
   * Everything is checked before anything is assigned.
   * @throws {@link WeightsFormatError} saying what does not fit: invalid JSON, another
   *   format, a corrupt checksum, or weights whose names or shapes differ from this model's
   *   (names are compared without the numbering suffix of auto-generated layer names:
   *   `dense_2/kernel` matches `dense/kernel`, `wide/kernel` does not).
   */
  loadWeightsJSON(json: string | WeightsJSON, source = 'the weights JSON'): void {
    const values = decodeWeights(`${this.name}.loadWeights`, source, json, this.weights);
    this.weights.forEach((w, i) => w.data.set(values[i]));
  }

  /**
   * Writes the weights to a JSON file through the platform (in Node, import
   * `pathwise/node`; the write is atomic).
   * @throws {@link WeightsFormatError} if the platform has no file system.
   */
  save(path: string): void {
    const write = getPlatform().writeFile;
    if (write === undefined) throw noFiles(`${this.name}.save`, 'weightsToJSON()');
    write(path, JSON.stringify(this.weightsToJSON()));
  }

  /**
   * Reads weights written by {@link Layer.save} into this (built) model, bit for bit.
   * @throws {@link WeightsFormatError} for an unreadable, corrupt or mismatched file.
   */
  loadWeights(path: string): void {
    const read = getPlatform().readFile;
    if (read === undefined) throw noFiles(`${this.name}.loadWeights`, 'loadWeightsJSON(json)');
    let text: string;
    try {
      text = read(path);
    } catch (e) {
      throw new WeightsFormatError(
        `${this.name}.loadWeights`,
        `cannot read ${path}: ${(e as Error).message}`,
      );
    }
    this.loadWeightsJSON(text, path);
  }
}

function noFiles(op: string, alternative: string): WeightsFormatError {
  return new WeightsFormatError(
    op,
    `no file system: in Node, import 'pathwise/node' once; elsewhere use ${alternative} or setPlatform({ readFile, writeFile })`,
  );
}

function sameFeatures(shape: Shape, spec: Shape): boolean {
  for (let i = 0; i < spec.length; i++) if (shape[i + 1] !== spec[i]) return false;
  return true;
}
