/**
 * The trainable bump layers of the user's question: `BumpLayer` (the generalized bump
 * with a trainable width σ, from the accepted answer) and `GaussianBump` (the second
 * answer's `a·exp(-b(x - c)²)`).
 * @module
 */
import {
  abs,
  div,
  exp,
  less,
  maximum,
  mul,
  neg,
  sqrt,
  square,
  sub,
  where,
  type Shape,
  type Tensor,
  type Variable,
} from '../autodiff/index.js';
import { type WeightConstraint } from './constraints.js';
import { NonNeg } from './constraints.js';
import { RandomUniform, type Initializer } from './initializers.js';
import { Layer, type LayerOptions } from './layer.js';

/**
 * Options of {@link BumpLayer}.
 * @example
 * ```ts
 * import { BumpLayer, Constant, type BumpLayerOptions } from 'pathwise';
 * const o: BumpLayerOptions = { sigmaInitializer: new Constant({ value: 0.5 }) };
 * new BumpLayer(o).apply([[0]]).toArray(); // [[0.36787944117144233]]
 * ```
 */
export interface BumpLayerOptions extends LayerOptions {
  /** Default `RandomUniform(0, 0.1)`, as in the accepted answer. */
  sigmaInitializer?: string | Initializer;
  /** Default `NonNeg` (a negative width makes no sense). */
  sigmaConstraint?: string | WeightConstraint;
}

/**
 * The generalized bump function with a trainable width σ, applied elementwise:
 *
 *     f(x) = exp(-σ / (σ - x²))   where |x| < σ and x² < σ,   0 elsewhere.
 *
 * |x| < σ is the accepted answer's condition; x² < σ is its "food for thought" fix:
 * for σ > 1, inputs between √σ and σ would otherwise make σ - x² ≤ 0 and the output
 * explode. σ is a weight of shape [1], initialised uniformly in [0, 0.1) and kept ≥ 0
 * by NonNeg, as in the answer.
 *
 * Written with ordinary ops as `where(max(|x|, x²) < σ, exp(-1 / (1 - r)), 0)` with
 * `r = (x / √σ)²` (= x²/σ, so the exponent is -σ/(σ - x²)). The output and its
 * gradient are finite for every input and every σ ≥ 0 without the double-where trick:
 * the unselected branch may overflow or divide 0 by 0, but its cotangent is exactly 0
 * and pathwise's VJPs keep zeros zero. dσ flows through the selected values
 * (`∂f/∂σ = f·x²/(σ - x²)²`); the comparison only picks the branch. Through r, dσ is a
 * chain of products, accurate down to the smallest σ; the direct `σ / (x² - σ)` would
 * give it as the difference `1/d - σ/d²·(-1)` of two terms of size 1/σ (d = x² - σ),
 * which cancels catastrophically as σ → 0 and overflows to NaN for subnormal σ.
 * @example
 * ```ts
 * import { BumpLayer, Constant, GradientTape, sum } from 'pathwise';
 * const bump = new BumpLayer({ sigmaInitializer: new Constant({ value: 0.5 }) });
 * bump.apply([[0], [0.5], [0.9], [Infinity]]).toArray(); // [[0.36787944117144233], [0], [0], [0]]
 * const tape = new GradientTape();
 * const y = tape.record(() => sum(bump.apply([[0.1], [2]])));
 * const [dSigma] = tape.gradient(y, bump.trainableWeights);
 * dSigma?.toArray(); // ≈ [0.0150124]: f·x²/(σ - x²)² at x = 0.1, nothing from x = 2
 * ```
 */
export class BumpLayer extends Layer {
  /** The width σ (shape [1]), once built. */
  sigma: Variable | undefined;
  private readonly options: BumpLayerOptions;

  constructor(options: BumpLayerOptions = {}) {
    super(options);
    this.options = options;
  }

  override build(): void {
    this.sigma = this.addWeight({
      name: 'sigma',
      shape: [1],
      initializer: this.options.sigmaInitializer ?? new RandomUniform({ minval: 0, maxval: 0.1 }),
      constraint: this.options.sigmaConstraint ?? new NonNeg(),
    });
  }

  call(x: Tensor): Tensor {
    const s = this.sigma as Variable;
    const inside = less(maximum(abs(x), square(x)), s); // |x| < σ and x² < σ
    const r = square(div(x, sqrt(s))); // x²/σ, in [0, 1) inside
    return where(inside, exp(div(-1, sub(1, r))), 0);
  }
}

/**
 * Options of {@link GaussianBump}.
 * @example
 * ```ts
 * import { GaussianBump, type GaussianBumpOptions } from 'pathwise';
 * const o: GaussianBumpOptions = { perChannel: false };
 * const g = new GaussianBump(o);
 * g.apply([[0, 1]]).toArray(); // [[1, 0.36787944117144233]]
 * g.getWeights().map((w) => w.shape); // [[1, 1], [1, 1], [1, 1]]
 * ```
 */
export interface GaussianBumpOptions extends LayerOptions {
  /** One (a, b, c) per feature channel (default true); false: a single scalar triple. */
  perChannel?: boolean;
  /** Height a (default `'ones'`). */
  aInitializer?: string | Initializer;
  /** Inverse width b (default `'ones'`). */
  bInitializer?: string | Initializer;
  /** Center c (default `'zeros'`). */
  cInitializer?: string | Initializer;
}

/**
 * The second answer's smooth bump `a·exp(-b·(x - c)²)`, with trainable height a,
 * inverse width b and center c: per feature channel (weights of shape
 * `[1, ..., 1, features]`) or a single scalar triple (shape `[1, ..., 1]`).
 * @example
 * ```ts
 * import { GaussianBump } from 'pathwise';
 * const g = new GaussianBump();
 * g.apply([[0, 1, 2]]).toArray(); // [[1, 0.36787944117144233, 0.01831563888873418]]
 * g.getWeights()[0].shape; // [1, 3]: one height per channel
 * ```
 */
export class GaussianBump extends Layer {
  /** Height, once built. */
  a: Variable | undefined;
  /** Inverse width, once built. */
  b: Variable | undefined;
  /** Center, once built. */
  c: Variable | undefined;
  private readonly options: GaussianBumpOptions;

  constructor(options: GaussianBumpOptions = {}) {
    super(options);
    this.options = options;
  }

  override build(inputShape: Shape): void {
    const o = this.options;
    const shape = inputShape.map((d, i) =>
      (o.perChannel ?? true) && i === inputShape.length - 1 && i > 0 ? d : 1,
    );
    this.a = this.addWeight({ name: 'a', shape, initializer: o.aInitializer ?? 'ones' });
    this.b = this.addWeight({ name: 'b', shape, initializer: o.bInitializer ?? 'ones' });
    this.c = this.addWeight({ name: 'c', shape, initializer: o.cInitializer ?? 'zeros' });
  }

  call(x: Tensor): Tensor {
    const d = sub(x, this.c as Variable);
    return mul(this.a as Variable, exp(neg(mul(this.b as Variable, square(d)))));
  }
}
