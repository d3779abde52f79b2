/**
 * Distributions of transformed variables.
 * @module
 */
import { ArgumentError, sub, type Shape, type Tensor } from '../autodiff/index.js';
import type { Rng } from '../random/index.js';
import { Chain, sumRightmost, type Bijector } from './bijector.js';
import { constraints, type Constraint } from './constraints.js';
import { Distribution } from './distribution.js';
import { Independent } from './independent.js';

/**
 * The distribution of y = f(x) for x ~ `base` and a bijector f (or a list, applied in
 * order): `logProb(y) = base.logProb(f⁻¹(y)) - log |det ∂f/∂x|` at x = f⁻¹(y).
 * Sampling pushes base samples forward, so it is reparameterized exactly when the base
 * is. When f acts on vectors and the base has scalar events, the base's rightmost batch
 * axes become event axes (as in torch). `cdf` / `icdf` carry over for increasing
 * elementwise maps; other moments are not available.
 * @param base - the distribution of x.
 * @param bijectors - f, or the list [f₁, f₂, ...] for y = ... f₂(f₁(x)).
 * @example
 * ```ts
 * import { TransformedDistribution, Normal, LogNormal, Exp } from 'pathwise';
 * const d = new TransformedDistribution(new Normal(0, 1), new Exp());
 * d.logProb(2).item(); // -1.8523122207237778
 * new LogNormal(0, 1).logProb(2).item(); // -1.8523122207237778
 * d.cdf(1).item(); // 0.5
 * ```
 */
export class TransformedDistribution extends Distribution {
  /** The distribution of x (with event axes added if the bijector needs them). */
  readonly base: Distribution;
  /** The map (a Chain when a list was given). */
  readonly bijector: Bijector;

  constructor(base: Distribution, bijectors: Bijector | readonly Bijector[]) {
    const bij = Array.isArray(bijectors) ? new Chain(bijectors) : (bijectors as Bijector);
    const extra = bij.eventDim - base.eventShape.length;
    if (extra > base.batchShape.length)
      throw new ArgumentError(
        'TransformedDistribution',
        `${bij.name} acts on ${bij.eventDim}-axis events but ${base.family} has batch shape [${base.batchShape.join(',')}] and event shape [${base.eventShape.join(',')}]`,
      );
    const b = extra > 0 ? new Independent(base, extra) : base;
    super({
      family: `Transformed(${base.family}, ${bij.name})`,
      batchShape: b.batchShape,
      eventShape: () => bij.forwardShape(b.eventShape),
    });
    this.base = b;
    this.bijector = bij;
  }

  override get reparameterized(): boolean {
    return this.base.reparameterized;
  }

  get support(): Constraint {
    const c = this.bijector.codomain;
    const extra = this.eventShape.length - c.eventDim;
    return extra > 0 ? constraints.independent(c, extra) : c;
  }

  override expand(batchShape: Shape): this {
    return new TransformedDistribution(this.base.expand(batchShape), this.bijector) as this;
  }

  protected _sample(shape: number[], rng: Rng): Tensor {
    const n = shape.length - this.batchShape.length - this.eventShape.length;
    return this.bijector.forward(this.base.sample(shape.slice(0, n), rng));
  }

  /** @internal The base's noise. */
  override noise(sampleShape: Shape, rng: Rng): Tensor | undefined {
    return this.base.noise(sampleShape, rng);
  }

  /** @internal The base's draw at `eps`, pushed forward. */
  override fromNoise(eps: Tensor): Tensor {
    return this.bijector.forward(this.base.fromNoise(eps));
  }

  protected _logProb(y: Tensor): Tensor {
    const x = this.bijector.inverse(y);
    const ldj = this.bijector.logDetJacobian(x);
    const extra = this.base.eventShape.length - this.bijector.eventDim;
    return sub(this.base.logProb(x), sumRightmost(ldj, extra));
  }

  private monotone(what: string): void {
    if (!this.bijector.increasing || this.eventShape.length > 0) this.missing(what);
  }

  protected override _cdf(y: Tensor): Tensor {
    this.monotone('cdf');
    return this.base.cdf(this.bijector.inverse(y));
  }

  protected override _icdf(p: Tensor): Tensor {
    this.monotone('icdf');
    return this.bijector.forward(this.base.icdf(p));
  }
}
