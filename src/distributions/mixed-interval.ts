/**
 * The bijector from ℝ onto intervals whose bounds are finite for some entries of a batch
 * and infinite for others.
 * @module
 */
import {
  abs,
  add,
  div,
  exp,
  less,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  mul,
  neg,
  noGrad,
  sigmoid,
  softplus,
  sub,
  toTensor,
  where,
  type Tensor,
  type TensorLike,
} from '../autodiff/index.js';
import { Bijector } from './bijector.js';
import { constraints, type Constraint } from './constraints.js';

/** Which map each entry takes: both bounds finite, only low, only high, neither. */
interface Masks {
  both: Tensor;
  lower: Tensor;
  upper: Tensor;
}

const finite = (t: Tensor): Tensor => less(abs(t), Infinity);

/**
 * @internal The map of {@link bijectorFor} for `interval(low, high)` when a batch mixes
 * finite and infinite bounds, chosen entry by entry as for a batch of one kind: [a, b] →
 * a + (b - a)·σ(x) (Sigmoid then Affine), [a, ∞) → a + eˣ and (-∞, b] → b - eˣ (Exp then
 * Affine, as `greaterThan` / `lessThan`), (-∞, ∞) → x. Each branch is the very sequence
 * of ops of its one-kind bijector, so a selected entry has the same bits; the branches not
 * taken get safe inputs (x = 0, y inside, bounds 0 and 1), so that no NaN or Infinity is
 * formed there and the gradients in x, low and high are finite. log |dy/dx| is
 * log(b - a) + log σ(x) + log(1 - σ(x)), x, x and 0 respectively.
 */
export class MixedInterval extends Bijector {
  readonly name = 'MixedInterval';
  readonly domain = constraints.real;
  readonly codomain: Constraint;
  override readonly increasing = true;
  /** The lower bounds (entries may be -Infinity). */
  readonly low: Tensor;
  /** The upper bounds (entries may be Infinity). */
  readonly high: Tensor;

  constructor(low: TensorLike, high: TensorLike, codomain?: Constraint) {
    super();
    this.low = toTensor(low, 'MixedInterval', 'low');
    this.high = toTensor(high, 'MixedInterval', 'high');
    this.codomain = codomain ?? constraints.interval(this.low, this.high);
  }

  /** The masks, from the bounds' current values (constants on the tape). */
  private masks(): Masks {
    return noGrad(() => {
      const fl = finite(this.low);
      const fh = finite(this.high);
      return {
        both: logicalAnd(fl, fh),
        lower: logicalAnd(fl, logicalNot(fh)),
        upper: logicalAnd(logicalNot(fl), fh),
      };
    });
  }

  /** The bounds each branch uses: the true ones where it is taken, else 0 (and 1). */
  private bounds(m: Masks): { lo: Tensor; hi: Tensor; loL: Tensor; hiU: Tensor } {
    return {
      lo: where(m.both, this.low, 0),
      hi: where(m.both, this.high, 1),
      loL: where(m.lower, this.low, 0),
      hiU: where(m.upper, this.high, 0),
    };
  }

  /** Picks, per entry, the branch value of its kind. */
  private static pick(m: Masks, both: Tensor, lower: Tensor, upper: Tensor, none: Tensor): Tensor {
    return where(m.both, both, where(m.lower, lower, where(m.upper, upper, none)));
  }

  forward(x: TensorLike): Tensor {
    const tx = toTensor(x, 'MixedInterval.forward', 'x');
    const m = this.masks();
    const { lo, hi, loL, hiU } = this.bounds(m);
    const xi = where(m.both, tx, 0);
    const both = add(lo, mul(sub(hi, lo), sigmoid(xi)));
    const lower = add(loL, mul(1, exp(where(m.lower, tx, 0))));
    const upper = add(hiU, mul(-1, exp(where(m.upper, tx, 0))));
    return MixedInterval.pick(m, both, lower, upper, tx);
  }

  inverse(y: TensorLike): Tensor {
    const ty = toTensor(y, 'MixedInterval.inverse', 'y');
    const m = this.masks();
    const { lo, hi, loL, hiU } = this.bounds(m);
    const p = div(sub(where(m.both, ty, 0.5), lo), sub(hi, lo));
    const both = sub(log(p), log1p(neg(p)));
    const lower = log(div(sub(where(m.lower, ty, 1), loL), 1));
    const upper = log(div(sub(where(m.upper, ty, -1), hiU), -1));
    return MixedInterval.pick(m, both, lower, upper, ty);
  }

  logDetJacobian(x: TensorLike): Tensor {
    const tx = toTensor(x, 'MixedInterval.logDetJacobian', 'x');
    const m = this.masks();
    const { lo, hi } = this.bounds(m);
    // as Chain sums them: 0·x, then the first part's log-Jacobian, then the Affine's
    const xi = where(m.both, tx, 0);
    const sig = neg(add(softplus(neg(xi)), softplus(xi)));
    const both = add(add(mul(xi, 0), sig), log(abs(sub(hi, lo))));
    const xl = where(m.lower, tx, 0);
    const lower = add(add(mul(xl, 0), xl), 0);
    const xu = where(m.upper, tx, 0);
    const upper = add(add(mul(xu, 0), xu), 0);
    return MixedInterval.pick(m, both, lower, upper, mul(tx, 0));
  }
}
