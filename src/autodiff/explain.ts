/**
 * Gradient diagnostics: for each input whose gradient is missing, zero or non-finite,
 * say why in plain words and name the op responsible. No other framework has this;
 * TensorFlow only prints "Gradients do not exist for variables [...]".
 * @module
 */
import { backward, GradientTape, type SweepObserver } from './grad.js';
import { parentOf, record1, watchTensor, type Session } from './tape.js';
import { full, Node, share, Tensor, toTensor, type TensorLike } from './tensor.js';

/**
 * What {@link explainGradient} found for one input.
 * @example
 * ```ts
 * import { explainGradient, round, type GradientFinding } from 'pathwise';
 * const [finding]: GradientFinding[] = explainGradient((x) => round(x), [1.3]).findings;
 * finding.status; // 'zero'
 * finding.ops; // ['round']
 * ```
 */
export interface GradientFinding {
  /** The input's name (record key, Variable name, or `argument i`). */
  input: string;
  /** `ok`: finite and not all zero; otherwise the kind of problem. */
  status: 'ok' | 'no-path' | 'zero' | 'non-finite';
  /** The ops responsible (where the path was cut, zeroed, or went non-finite). */
  ops: string[];
  /** A plain-words explanation. */
  message: string;
}

/**
 * The result of {@link explainGradient}.
 * @example
 * ```ts
 * import { explainGradient, add, sqrt, type GradientExplanation } from 'pathwise';
 * const e: GradientExplanation = explainGradient((a, b) => add(a, sqrt(b)), [2, 0]);
 * e.findings.map((f) => f.status); // ['ok', 'non-finite']
 * console.log(e.toString()); // `argument 1` has a non-finite gradient: `sqrt` turned a finite cotangent ...
 * ```
 */
export interface GradientExplanation {
  /** The target's value. */
  value: Tensor;
  /** The gradient of each input (`null` = no path). */
  gradients: (Tensor | null)[];
  /** One finding per input. */
  findings: GradientFinding[];
  /** The messages of all findings that are not ok, one per line. */
  toString(): string;
}

interface Flow {
  gNonZero: boolean;
  gFinite: boolean;
  out: readonly (Tensor | null)[];
}

const COMPARISONS = new Set(['less', 'lessEqual', 'greater', 'greaterEqual', 'equal', 'notEqual']);
const LOGICAL = new Set(['logicalAnd', 'logicalOr', 'logicalNot']);
const STEPS = new Set(['round', 'floor', 'ceil', 'sign']);

function allZero(t: Tensor): boolean {
  for (let i = 0; i < t.size; i++) if (t.data[i] !== 0) return false;
  return true;
}

function allFinite(t: Tensor): boolean {
  for (let i = 0; i < t.size; i++) if (!Number.isFinite(t.data[i])) return false;
  return true;
}

function describeCut(name: string): string {
  if (COMPARISONS.has(name))
    return `\`${name}\` (a comparison: its 0/1 output has no derivative with respect to its inputs)`;
  if (LOGICAL.has(name)) return `\`${name}\` (a logical op on 0/1 values)`;
  if (name === 'stopGradient') return '`stopGradient` (which blocks gradients by design)';
  return `\`${name}\` (which passes no gradient)`;
}

function describeUse(node: Node, slot: number): string {
  if (node.name === 'where' && slot === 0) return 'only chooses a branch of `where`';
  if (node.name === 'gather' && slot === 1) return 'is only used as indices of `gather`';
  return `feeds \`${node.name}\` as a constant`;
}

/** Graph walks over one session, restricted to nodes up to the target. */
class Graph {
  readonly consumers: number[][];
  /** For each node, the node of each input (null for constants). */
  readonly par: (Node | null)[][];
  constructor(
    readonly s: Session,
    readonly hi: number,
  ) {
    this.consumers = Array.from({ length: hi + 1 }, () => []);
    this.par = s.nodes.slice(0, hi + 1).map((n) => n.inputs.map((_, j) => parentOf(s, n, j)));
    for (let i = 0; i <= hi; i++)
      for (const p of this.par[i]) if (p !== null && p.index <= hi) this.consumers[p.index].push(i);
  }

  /** Nodes reachable from `from` along consumer edges; `differentiable` stops at cuts. */
  forward(from: number, differentiable: boolean): Uint8Array {
    const r = new Uint8Array(this.hi + 1);
    r[from] = 1;
    for (let i = from; i <= this.hi; i++) {
      if (r[i] === 0) continue;
      if (differentiable && i !== from && this.s.nodes[i].vjp === null) continue;
      for (const c of this.consumers[i])
        if (!differentiable || this.s.nodes[c].vjp !== null) r[c] = 1;
    }
    return r;
  }

  /** Nodes from which the target is reachable. */
  backward(): Uint8Array {
    const r = new Uint8Array(this.hi + 1);
    r[this.hi] = 1;
    for (let i = this.hi; i >= 0; i--)
      if (r[i] === 1)
        for (const p of this.par[i]) if (p !== null && p.index <= this.hi) r[p.index] = 1;
    return r;
  }
}

/** The finding for an input the target does not depend on at all. */
function unusedFinding(g: Graph, src: Node, name: string): GradientFinding {
  const used = g.consumers[src.index].map((i) => `\`${g.s.nodes[i].name}\``);
  const fed = used.length
    ? ` It feeds ${[...new Set(used)].join(', ')}, but nothing computed from that reaches the target.`
    : ' It is not an input of any recorded op.';
  return {
    input: name,
    status: 'no-path',
    ops: [],
    message: `\`${name}\` has no gradient because the target does not depend on it at all.${fed} Use it in the computation of the value (for a layer: in the output, not only in a condition).`,
  };
}

/**
 * Follows the output of cut node `i` through further cuts to the ops that use it: the
 * cuts it goes through (`via`) and how the differentiable ops use it (`uses`).
 */
function cutUses(g: Graph, i: number, toTarget: Uint8Array): { uses: Set<string>; via: string[] } {
  const uses = new Set<string>();
  const via: string[] = [];
  const stack = [i];
  const seen = new Set<number>();
  while (stack.length) {
    const k = stack.pop() as number;
    for (const c of g.consumers[k]) {
      if (seen.has(c) || toTarget[c] === 0) continue;
      seen.add(c);
      const cn = g.s.nodes[c];
      if (cn.vjp === null) {
        via.push(`\`${cn.name}\``);
        stack.push(c);
      } else
        uses.add(
          describeUse(
            cn,
            g.par[c].findIndex((p) => p !== null && p.index === k),
          ),
        );
    }
  }
  return { uses, via };
}

/** Inputs that a VJP declines (e.g. where's condition fed directly), added to `ops` and `parts`. */
function declinedInputs(
  g: Graph,
  flows: Map<Node, Flow>,
  diff: Uint8Array,
  ops: string[],
  parts: string[],
): void {
  for (const [node, f] of flows) {
    g.par[node.index].forEach((p, j) => {
      if (p !== null && diff[p.index] === 1 && f.out[j] === null && !ops.includes(node.name)) {
        ops.push(node.name);
        parts.push(
          `\`${node.name}\`, which ${describeUse(node, j).replace('only ', '')} and passes no gradient to it`,
        );
      }
    });
  }
}

function noPath(g: Graph, src: Node, name: string, flows: Map<Node, Flow>): GradientFinding {
  const all = g.forward(src.index, false);
  const toTarget = g.backward();
  if (all[g.hi] === 0) return unusedFinding(g, src, name);
  const diff = g.forward(src.index, true);
  const parts: string[] = [];
  const ops: string[] = [];
  for (let i = src.index + 1; i <= g.hi; i++) {
    const node = g.s.nodes[i];
    if (node.vjp !== null || all[i] === 0 || toTarget[i] === 0) continue;
    if (!g.par[i].some((p) => p !== null && diff[p.index] === 1)) continue; // not a first cut
    const { uses, via } = cutUses(g, i, toTarget);
    ops.push(node.name);
    const through = via.length ? ` (through ${[...new Set(via)].join(', ')})` : '';
    parts.push(
      `${describeCut(node.name)}, whose output${through} ${[...uses].join(' and ') || 'is the target itself'}`,
    );
  }
  declinedInputs(g, flows, diff, ops, parts);
  const list = parts.length ? parts.join('; and ') : 'ops that pass no gradient';
  const hint = ops.some((o) => COMPARISONS.has(o))
    ? ' To learn it, make the output depend on it smoothly: use it inside the selected values (as BumpLayer does with σ), or replace the hard comparison by a soft one such as sigmoid((threshold - x) / temperature).'
    : '';
  return {
    input: name,
    status: 'no-path',
    ops,
    message: `\`${name}\` has no gradient: it only reaches the target through ${list}, so no gradient can reach it.${hint}`,
  };
}

function zeroReason(node: Node, slot: number, inputs: readonly Tensor[]): string {
  const n = node.name;
  if (STEPS.has(n))
    return `\`${n}\` is piecewise constant, so its derivative is 0 wherever it exists; for a gradient use a straight-through estimator (x - stopGradient(x - ${n}(x)), or customGradient) or a smooth version`;
  if (n === 'where')
    return `\`where\` never selects input ${slot === 1 ? "'a' (its condition is false everywhere)" : "'b' (its condition is true everywhere)"}, so that branch gets a zero cotangent`;
  if (n === 'relu') return '`relu` is inactive: all its inputs are ≤ 0, where its derivative is 0';
  if (n === 'maximum' || n === 'minimum') return `\`${n}\` always picks its other argument`;
  if (n === 'max' || n === 'min') return `\`${n}\` takes its value from other entries`;
  if (n === 'mul' || n === 'smul' || n === 'div') {
    const other = inputs[1 - slot];
    return `\`${n}\` ${n === 'div' && slot === 1 ? 'has a zero numerator here' : 'multiplies by 0 here (the other factor is 0)'}${other && allZero(other) ? '' : ' where the cotangent is non-zero'}`;
  }
  return `\`${n}\` has a zero derivative for input ${slot} at these values`;
}

function onPath(g: Graph, src: Node): Uint8Array {
  const diff = g.forward(src.index, true);
  const back = g.backward();
  for (let i = 0; i <= g.hi; i++) diff[i] &= back[i];
  return diff;
}

function zero(g: Graph, src: Node, name: string, flows: Map<Node, Flow>): GradientFinding {
  const path = onPath(g, src);
  const reasons: string[] = [];
  const ops: string[] = [];
  for (let i = g.hi; i > src.index; i--) {
    const node = g.s.nodes[i];
    const f = flows.get(node);
    if (path[i] === 0 || !f || !f.gNonZero) continue;
    g.par[node.index].forEach((p, j) => {
      const o = f.out[j];
      if (p === null || path[p.index] === 0 || (o !== null && !allZero(o))) return;
      ops.push(node.name);
      reasons.push(zeroReason(node, j, node.inputs));
    });
  }
  const why = reasons.length
    ? `: ${[...new Set(reasons)].join('; ')}`
    : ': the contributions of its paths to the target cancel exactly';
  return {
    input: name,
    status: 'zero',
    ops: [...new Set(ops)],
    message: `\`${name}\` has a gradient of exactly 0${why}.`,
  };
}

function nonFinite(
  g: Graph,
  src: Node,
  name: string,
  flows: Map<Node, Flow>,
  value: Tensor,
): GradientFinding {
  const path = onPath(g, src);
  for (let i = g.hi; i > src.index; i--) {
    const node = g.s.nodes[i];
    const f = flows.get(node);
    if (path[i] === 0 || !f || !f.gFinite) continue;
    const j = g.par[i].findIndex(
      (p, k) =>
        p !== null && path[p.index] === 1 && f.out[k] !== null && !allFinite(f.out[k] as Tensor),
    );
    if (j < 0) continue;
    return {
      input: name,
      status: 'non-finite',
      ops: [node.name],
      message: `\`${name}\` has a non-finite gradient: \`${node.name}\` turned a finite cotangent into NaN or Infinity for its input ${j}, because its derivative is infinite or undefined at these values (e.g. sqrt or log at 0, division by 0). Run it inside detectAnomaly to see the call site.`,
    };
  }
  const fwd = allFinite(value) ? '' : ' The value itself is not finite.';
  return {
    input: name,
    status: 'non-finite',
    ops: [],
    message: `\`${name}\` has a non-finite gradient.${fwd}`,
  };
}

/** Explains the gradients of `target` with respect to `sources` on a recorded session. */
function explainSession(
  s: Session,
  target: Tensor,
  sources: readonly Tensor[],
  names: readonly string[],
): GradientExplanation {
  const flows = new Map<Node, Flow>();
  const observer: SweepObserver = {
    onVjp: (node, g, out) => flows.set(node, { gNonZero: !allZero(g), gFinite: allFinite(g), out }),
  };
  const gradients = backward(s, target, full(target.shape, 1), sources, observer);
  const tn = target._node;
  const graph = tn !== null && tn.session === s.id ? new Graph(s, tn.index) : null;
  const findings = sources.map((x, k): GradientFinding => {
    const name = names[k];
    const gk = gradients[k];
    const src = x._node !== null && x._node.session === s.id ? x._node : null;
    if (graph === null || src === null) {
      return {
        input: name,
        status: 'no-path',
        ops: [],
        message: `\`${name}\` has no gradient: ${graph === null ? 'the target was not computed by recorded ops' : 'it was not watched or used while recording'}.`,
      };
    }
    if (gk === null) return noPath(graph, src, name, flows);
    if (!allFinite(gk)) return nonFinite(graph, src, name, flows, target);
    if (allZero(gk)) return zero(graph, src, name, flows);
    return {
      input: name,
      status: 'ok',
      ops: [],
      message: `\`${name}\` has a finite, non-zero gradient.`,
    };
  });
  return {
    value: target,
    gradients,
    findings,
    toString: () =>
      findings
        .filter((f) => f.status !== 'ok')
        .map((f) => f.message)
        .join('\n') || 'every input has a finite, non-zero gradient',
  };
}

/**
 * Explains, for each input, why its gradient is missing (no differentiable path, and
 * where the path was cut), exactly zero (which op zeroed it), or non-finite (which op's
 * backward produced NaN/Infinity). Either runs `f` on `inputs` (an array, or a record
 * whose keys name the inputs, passed to `f` as one object), or inspects a recorded
 * {@link GradientTape} (which must be persistent or not yet used).
 * @example
 * ```ts
 * import { explainGradient, where, less, sub, square } from 'pathwise';
 * const x = [0.1, 0.5, 2];
 * const report = explainGradient(
 *   ({ threshold }) => where(less(x, threshold), sub(1, square(x)), 0),
 *   { threshold: 0.7 },
 * );
 * report.findings[0].status; // 'no-path'
 * report.findings[0].ops; // ['less']
 * ```
 */
export function explainGradient(
  f: (inputs: Record<string, Tensor>) => Tensor,
  inputs: Record<string, TensorLike>,
): GradientExplanation;
export function explainGradient(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly TensorLike[],
): GradientExplanation;
export function explainGradient(
  tape: GradientTape,
  target: Tensor,
  sources: readonly Tensor[],
  names?: readonly string[],
): GradientExplanation;
export function explainGradient(
  a: GradientTape | ((...xs: never[]) => Tensor),
  b: Tensor | Record<string, TensorLike> | readonly TensorLike[],
  c?: readonly Tensor[],
  d?: readonly string[],
): GradientExplanation {
  if (a instanceof GradientTape) {
    const s = a.recorded;
    const target = b as Tensor;
    const sources = c ?? [];
    if (s === null)
      throw new Error(
        'explainGradient: the tape has no recording left (use a persistent tape or explain before calling gradient)',
      );
    const names = sources.map((x, i) => d?.[i] ?? (x as { name?: string }).name ?? `source ${i}`);
    return explainSession(s, target, sources, names);
  }
  const isList = Array.isArray(b);
  const entries: [string, TensorLike][] = isList
    ? (b as TensorLike[]).map((x, i) => [`argument ${i}`, x])
    : Object.entries(b as Record<string, TensorLike>);
  const xs = entries.map(([k, v]) => toTensor(v, 'explainGradient', k));
  const names = entries.map(([k], i) => (xs[i] as { name?: string }).name ?? k);
  const tape = new GradientTape({ persistent: true });
  const watched: Tensor[] = [];
  const value = tape.record(() => {
    for (const x of xs) {
      const w = record1('argument', x, share(x, x.shape), (g) => [g]);
      watchTensor(w);
      watched.push(w);
    }
    const fn = a as (...xs: unknown[]) => Tensor;
    const out = isList
      ? fn(...watched)
      : fn(Object.fromEntries(entries.map(([k], i) => [k, watched[i]])));
    return toTensor(out, 'explainGradient', 'the value of f');
  });
  return explainSession(tape.recorded as Session, value, watched, names);
}
