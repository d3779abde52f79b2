/**
 * @internal The intermediate representation the jit passes share. A trace becomes a
 * {@link Graph}: a flat list of {@link Value}s in the order the tape recorded them
 * (arguments first, then each equation after its inputs), like a jaxpr. Each pass
 * fills in the fields it owns and leaves the others alone:
 *
 *   trace    -> t, kind (leaves; 'eqn' for computed values), ins, op, replay, slot
 *               (leaves), uniform; the graph's consts, vars and outputs
 *   classify -> kind, root, expr, replay, why
 *   schedule -> item, slot (opaque ops), store; the list of {@link Item}s
 *   emit     -> the JavaScript source and the tables it reads ({@link Emitted})
 * @module
 */
import type { scalarFunctions } from '../ir.js';
import type { Shape } from '../shape.js';
import type { Replay, Tensor } from '../tensor.js';

/**
 * How one traced value is computed, and so where the compiled code keeps it.
 *
 * - `arg`: the jit argument number `slot`, read from `A[slot]` at each call;
 * - `const`: a tensor `f` captured, snapshot at compile time into `C[slot]`;
 * - `var`: a Variable, read afresh from `V[slot]` at each call;
 * - `eqn`: a computed value the classify pass has not seen yet;
 * - `scalar`: a one-element elementwise result, a local number `s<id>`;
 * - `elem`: one element per iteration of a loop, a local number `e<id>` inside it
 *   (and an array `d<id>` if something else reads it);
 * - `red`: the full sum of a loop value, a local number after its loop;
 * - `colRed`: a sum over leading axes of a loop value (a bias gradient), an array
 *   accumulated by its loop;
 * - `opaque`: an op run by its eager kernel (`R[slot]`), its result a tensor `t<id>`;
 * - `alias`: a reshape-like op, the storage of `root` seen in another shape.
 */
export type Kind =
  'arg' | 'const' | 'var' | 'eqn' | 'scalar' | 'elem' | 'red' | 'colRed' | 'opaque' | 'alias';

/** One traced value: a leaf (argument, constant, Variable) or the result of one equation. */
export interface Value {
  /** The tensor at trace time: its shape, and for constants its data. */
  t: Tensor;
  /** How it is computed (see {@link Kind}). */
  kind: Kind;
  /** The op that computed it (`''` for leaves): the tape node's name. */
  op: string;
  /** The value whose storage this one shares: itself, unless an alias. */
  root: number;
  /** The equation's input values, by id (empty for leaves). */
  ins: number[];
  /**
   * Elementwise kinds: the op's scalar formula, inputs as `$0`, `$1`, `$2`, shared terms
   * in braces `{...}` (computed once per loop iteration; see `ElementwiseIr`).
   */
  expr: string;
  /** Opaque ops: the kernel that recomputes it from input tensors. */
  replay: Replay | null;
  /** Argument index, constant or Variable slot, or (opaque ops) replay slot; else -1. */
  slot: number;
  /** The program item (loop, scalar statements or opaque call) computing it; else -1. */
  item: number;
  /** Elem and colRed values: 0 a loop local only, 1 an internal buffer, 2 a fresh output array. */
  store: 0 | 1 | 2;
  /** A constant whose elements are all the same (read as one number). */
  uniform: boolean;
  /** Opaque ops: why the op was not fused (for `explain()`). */
  why: string;
}

/** A trace, as the passes see it: values in recording order and what f returns. */
export interface Graph {
  /** Every value: arguments first (ids 0..args-1), then leaves and equations as met. */
  vals: Value[];
  /** The ids of the equations (computed values) the outputs need, in recording order. */
  eqns: number[];
  /** The value of each tensor in f's result, in the order {@link tensorsOf} lists them. */
  outputs: number[];
  /** The value of each tensor the trace met (to name f's result tensors). */
  ids: Map<Tensor, number>;
  /** What f returned at trace time (tensors nested in arrays and plain objects). */
  result: unknown;
  /** Constant snapshots, by slot. */
  consts: Float64Array[];
  /** Variables, by slot. */
  vars: Tensor[];
}

/** One step of the compiled program: scalar statements, then a loop or an opaque call. */
export interface Item {
  /** The loop length (-1: an opaque call, or a step with no loop yet). */
  n: number;
  /** Scalar values computed before the loop, in order. */
  pre: number[];
  /** Elem, red and colRed values computed by the loop, in order. */
  body: number[];
  /** The opaque value this step computes by its eager kernel (-1: none). */
  opaque: number;
}

/** The schedule pass's output: the program's steps and the kernels opaque ops call. */
export interface Schedule {
  items: Item[];
  /** Eager kernels of opaque values, by their `slot`. */
  replays: Replay[];
}

/** The tables the emitted source reads, beside the graph's constants and the replays. */
export interface Emitted {
  /** The body of the program factory: `new Function('$', source)` makes it. */
  source: string;
  /** Internal buffers of stored loop values (reused at every call). */
  B: Float64Array[];
  /** Shapes of the tensors the program builds. */
  S: Shape[];
  /** Leaf-run bounds of pairwise sums (see pairwise.ts). */
  P: Int32Array[];
  /** Leaf-sum buffers of pairwise sums. */
  L: Float64Array[];
  /** Non-tensor parts of f's result (numbers, strings, ...), returned as they were. */
  K: unknown[];
}

/** Everything a compiled program closes over (`$` in the source). */
export interface Env extends Omit<Emitted, 'source'> {
  C: Float64Array[];
  V: Tensor[];
  R: Replay[];
  M: typeof scalarFunctions;
  T: typeof Tensor;
  alloc: (n: number) => Float64Array;
  scalarOf: (x: number, shape: Shape) => Tensor;
  combine: (leaves: Float64Array, n: number) => number;
}

/** A compiled program: f's result, computed from the argument tensors. */
export interface Program {
  (args: readonly Tensor[]): unknown;
  /** Whether some op runs its eager kernel (and so allocates temporaries). */
  opaque: boolean;
  /** The generated JavaScript. */
  source: string;
  /** The schedule as text (see `Jitted.explain`). */
  explain: string;
}
