import { describe, expect, it } from 'vitest';
import { ArgumentError, Bernoulli, HalfNormal, Normal, tensor } from '../../src/index.js';
import {
  block,
  condition,
  deterministic,
  factor,
  logJoint,
  mask,
  Messenger,
  param,
  plate,
  replay,
  sample,
  scale,
  seed,
  substitute,
  trace,
  traceLogProb,
  type Message,
} from '../../src/inference/index.js';
import { handlerDepth } from '../../src/inference/runtime.js';

const model = (): number => {
  const a = sample('a', new Normal(0, 1));
  const b = sample('b', new Normal(a, 1));
  sample('y', new Normal(b, 1), { obs: 0.5 });
  return b.item();
};
const names = (m: () => unknown): string[] => [...trace(seed(m, 0)).getTrace().keys()];

describe('handlers (as in NumPyro)', () => {
  it('trace records every site in order with its kind, value and distribution', () => {
    const tr = trace(seed(model, 0)).getTrace();
    expect([...tr.keys()]).toEqual(['a', 'b', 'y']);
    expect(tr.get('y')?.observed).toBe(true);
    expect(tr.get('y')?.value.item()).toBe(0.5);
    expect(tr.get('a')?.observed).toBe(false);
    expect(tr.get('b')?.fn?.family).toBe('Normal');
  });

  it('seed makes runs reproducible; different seeds differ', () => {
    expect(seed(model, 7)()).toBe(seed(model, 7)());
    expect(seed(model, 7)()).not.toBe(seed(model, 8)());
  });

  const table: [
    string,
    (m: typeof model) => () => unknown,
    Record<string, [number | undefined, boolean]>,
  ][] = [
    [
      'condition observes a latent',
      (m) => condition(m, { a: 2 }),
      { a: [2, true], y: [0.5, true] },
    ],
    [
      'substitute fixes a latent but keeps it latent',
      (m) => substitute(m, { a: 2 }),
      { a: [2, false] },
    ],
    ['condition does not override obs', (m) => condition(m, { y: 9 }), { y: [0.5, true] }],
    [
      'substitute with a function',
      (m) => substitute(m, (s: Message) => (s.name === 'b' ? 3 : undefined)),
      { b: [3, false] },
    ],
  ];
  it.each(table)('%s', (_name, wrap, expected) => {
    const tr = trace(seed(wrap(model), 0)).getTrace();
    for (const [site, [value, observed]] of Object.entries(expected)) {
      expect(tr.get(site)?.value.item()).toBe(value);
      expect(tr.get(site)?.observed).toBe(observed);
    }
  });

  it('replay evaluates the model at recorded latent values', () => {
    const guideTrace = trace(seed(model, 3)).getTrace();
    const tr = trace(replay(seed(model, 4), guideTrace)).getTrace();
    expect(tr.get('a')?.value.item()).toBe(guideTrace.get('a')?.value.item());
    expect(tr.get('b')?.value.item()).toBe(guideTrace.get('b')?.value.item());
    expect(tr.get('y')?.value.item()).toBe(0.5);
  });

  it('block hides sites from outer handlers (all, hide, expose)', () => {
    expect(names(block(model))).toEqual([]);
    expect(names(block(model, { hide: ['a'] }))).toEqual(['b', 'y']);
    expect(names(block(model, { expose: ['y'] }))).toEqual(['y']);
  });

  it('scale and mask change the log-joint as documented', () => {
    const lp = logJoint(model, [], { a: 0, b: 0 }).item();
    expect(logJoint(scale(model, 3), [], { a: 0, b: 0 }).item()).toBeCloseTo(3 * lp, 14);
    const two = (): void =>
      plate('i', 2, () => void sample('y', new Normal(0, 1), { obs: [0, 100] }));
    expect(logJoint(mask(two, [1, 0]), [], {}).item()).toBeCloseTo(
      -0.5 * Math.log(2 * Math.PI),
      15,
    );
    expect(() => scale(model, 0)).toThrow(ArgumentError);
  });

  it('a model that throws leaves the handler stack empty', () => {
    const bad = (): void => {
      sample('a', new Normal(0, 1));
      throw new Error('boom');
    };
    expect(() => trace(condition(seed(bad, 0), { a: 1 })).getTrace()).toThrow('boom');
    expect(handlerDepth()).toBe(0);
    expect(() =>
      plate('p', 2, () => {
        throw new Error('inside plate');
      }),
    ).toThrow('inside plate');
    expect(handlerDepth()).toBe(0);
  });

  it('custom messengers see messages on the way down and up', () => {
    class Double extends Messenger {
      override process(msg: Message): void {
        if (msg.type === 'sample' && msg.name === 'a') msg.value = tensor(21);
      }
    }
    const seen: string[] = [];
    class Names extends Messenger {
      override postprocess(msg: Message): void {
        seen.push(`${msg.name}=${msg.value?.item()}`);
      }
    }
    new Names().run(() => new Double().run(() => seed(model, 0)()));
    expect(seen[0]).toBe('a=21');
  });
});

describe('primitives', () => {
  it('plate broadcasts distributions to its axis; the first plate entered takes axis -1', () => {
    const m = (): void =>
      plate('outer', 3, () => {
        plate('inner', 2, () => void sample('z', new Normal(0, 1)));
      });
    expect(trace(seed(m, 0)).getTrace().get('z')?.value.shape).toEqual([2, 3]);
    const frames = trace(seed(m, 0))
      .getTrace()
      .get('z')
      ?.frames.map((f) => [f.name, f.dim]);
    expect(frames).toEqual([
      ['inner', -2],
      ['outer', -1],
    ]);
    // a plate without dim takes the first axis from the right that no enclosing plate uses
    const dims = trace(
      seed(() => plate('p', 4, () => plate('q', 2, () => void sample('w', new Normal(0, 1)))), 0),
    ).getTrace();
    expect(dims.get('w')?.value.shape).toEqual([2, 4]);
    const free = (): void =>
      plate('outer', 3, () => plate('inner', 2, () => void sample('z', new Normal(0, 1))), {
        dim: -2,
      });
    expect(
      trace(seed(free, 0))
        .getTrace()
        .get('z')
        ?.frames.map((f) => f.dim),
    ).toEqual([-1, -2]);
  });

  it('plate subsampling scales the log-probability and gives replayable indices', () => {
    const m = (): void =>
      plate(
        'd',
        100,
        (idx) => void sample('y', new Normal(0, 1), { obs: new Float64Array(idx.size) }),
        { subsampleSize: 10 },
      );
    const tr = trace(seed(m, 1)).getTrace();
    const idx = Array.from(tr.get('d')?.value.data ?? []);
    expect(idx).toHaveLength(10);
    expect(new Set(idx).size).toBe(10);
    expect(idx.every((i) => Number.isInteger(i) && i >= 0 && i < 100)).toBe(true);
    expect(tr.get('y')?.scale).toBe(10);
    expect(traceLogProb(tr).item()).toBeCloseTo(100 * -0.5 * Math.log(2 * Math.PI), 10);
    const again = trace(replay(seed(m, 2), tr)).getTrace();
    expect(Array.from(again.get('d')?.value.data ?? [])).toEqual(idx);
  });

  it('param, deterministic and factor', () => {
    expect(param('w', (r) => r.uniform() * 0 + 4).item()).toBe(4);
    const tr = trace(() => {
      deterministic('d', 6);
      factor('f', -1.5);
    }).getTrace();
    expect(tr.get('d')?.value.item()).toBe(6);
    expect(traceLogProb(tr).item()).toBe(-1.5);
  });

  it('bad input names the site', () => {
    expect(() =>
      trace(
        seed(() => {
          sample('a', new Normal(0, 1));
          sample('a', new Normal(0, 1));
        }, 0),
      ).getTrace(),
    ).toThrow(/duplicate site name 'a'/);
    expect(() => sample('y', new HalfNormal(1), { obs: -1 })).toThrow(
      /site 'y' observes a value outside the support of HalfNormal/,
    );
    expect(() => sample('b', new Bernoulli({ probs: 0.5 }), { obs: 2 })).toThrow(/site 'b'/);
    expect(() => sample('x', 3 as unknown as Normal)).toThrow(/site 'x': expected a Distribution/);
    expect(() => plate('p', 0, () => 0)).toThrow(/plate 'p': size must be a positive integer/);
    expect(() => plate('p', 3, () => plate('q', 2, () => 0, { dim: -1 }), { dim: -1 })).toThrow(
      /axis -1 is already used by plate 'p'/,
    );
    const clash = (): void => plate('p', 3, () => void sample('z', new Normal([0, 0], 1)));
    expect(() => seed(clash, 0)()).toThrow(/site 'z' has batch shape \[2\]/);
  });
});
