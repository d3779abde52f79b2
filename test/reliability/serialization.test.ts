/**
 * Issue 12, item 18: loadWeights rejects weights whose names differ (same shapes), as
 * documented; auto-numbered layer names (dense_2 vs dense) still match.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Sequential, WeightsFormatError } from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

const net = (names: [string, string]): Sequential =>
  new Sequential([
    new Dense({ units: 3, inputShape: [2], name: names[0] }),
    new Dense({ units: 1, name: names[1] }),
  ]);
const saved = JSON.stringify(net(['encoder', 'head']));

const cases: ErrorCase[] = [
  {
    name: 'same shapes, first layer renamed',
    run: () => net(['decoder', 'head']).loadWeightsJSON(saved),
    error: WeightsFormatError,
    mentions: ['loadWeights', "weight 0 ('encoder/kernel')", "'decoder/kernel'", 'names differ'],
  },
  {
    name: 'same shapes, last layer renamed',
    run: () => net(['encoder', 'out']).loadWeightsJSON(saved),
    error: WeightsFormatError,
    mentions: ['loadWeights', "weight 2 ('head/kernel')", "'out/kernel'"],
  },
  {
    name: 'a weight entry without a name',
    run: () => {
      const doc = JSON.parse(saved) as { weights: { name?: string }[] };
      delete doc.weights[1].name;
      return net(['encoder', 'head']).loadWeightsJSON(JSON.stringify(doc));
    },
    error: WeightsFormatError,
    mentions: ['loadWeights', 'weight 1', "'encoder/bias'", 'names differ'],
  },
];

describe('item 18: loadWeights checks names', () => {
  it.each(cases)('$name', (c) => void expectError(c));

  it('nothing is assigned when a name differs', () => {
    const m = net(['decoder', 'head']);
    const before = m.getWeights().map((w) => w.toArray());
    expect(() => m.loadWeightsJSON(saved)).toThrow(WeightsFormatError);
    expect(m.getWeights().map((w) => w.toArray())).toEqual(before);
  });

  it('matching names load; auto-numbered names (dense_1 vs dense_2) match', () => {
    const a = new Sequential([new Dense({ units: 2, inputShape: [2] })]);
    const b = new Sequential([new Dense({ units: 2, inputShape: [2] })]);
    expect(a.weights[0].name).not.toBe(b.weights[0].name);
    b.loadWeightsJSON(JSON.stringify(a));
    expect(b.getWeights().map((w) => w.toArray())).toEqual(a.getWeights().map((w) => w.toArray()));
    const c = net(['encoder', 'head']);
    expect(() => c.loadWeightsJSON(saved)).not.toThrow();
  });
});
