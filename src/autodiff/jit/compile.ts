/**
 * @internal The pipeline: a recording goes through trace (to a graph), classify,
 * schedule and emit, and the emitted source becomes a function closing over the tables
 * it reads. Factories are cached by source.
 * @module
 */
import { JitError } from '../errors.js';
import { scalarFunctions } from '../ir.js';
import type { Session } from '../tape.js';
import { alloc, scalarOf, Tensor } from '../tensor.js';
import { classify } from './classify.js';
import { emit } from './emit.js';
import { explainSchedule } from './explain.js';
import { combine } from './pairwise.js';
import { schedule } from './schedule.js';
import { toGraph } from './trace.js';
import type { Env, Program } from './types.js';

/**
 * Compiled program factories by source. The same graph (e.g. the training step of each
 * new model of one architecture) compiles to the same source: its programs then share
 * one function, and the machine code V8 optimized for it.
 */
const factories = new Map<string, (env: Env) => Program>();

/** The factory for `source`: cached, or made with `new Function`. */
function factoryOf(source: string): (env: Env) => Program {
  let factory = factories.get(source);
  if (factory === undefined) {
    try {
      factory = new Function('$', source) as (env: Env) => Program;
    } catch (e) {
      // e.g. a Content-Security-Policy without 'unsafe-eval'
      throw new JitError('jit', `cannot compile here (${(e as Error).message}); run eagerly`);
    }
    factories.set(source, factory);
    if (factories.size > 64) factories.delete(factories.keys().next().value as string);
  }
  return factory;
}

/** Compiles a recorded session into a program computing f's `result` from `inputs`. */
export function compile(s: Session, inputs: readonly Tensor[], result: unknown): Program {
  const g = classify(toGraph(s, inputs, result));
  const sched = schedule(g);
  const { source, ...tables } = emit(g, sched);
  const env: Env = {
    C: g.consts,
    V: g.vars,
    R: sched.replays,
    ...tables,
    M: scalarFunctions,
    T: Tensor,
    alloc,
    scalarOf,
    combine,
  };
  const program = factoryOf(source)(env);
  program.opaque = env.R.length > 0;
  program.source = source;
  program.explain = explainSchedule(g, sched);
  return program;
}
