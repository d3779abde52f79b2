/**
 * Weights as JSON and files: bit-exact round trips (special values included), and
 * corrupt or mismatched files rejected with a clear error before anything is assigned.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodePlatform } from '../../src/node.js';
import {
  BumpLayer,
  Dense,
  getPlatform,
  Sequential,
  setPlatform,
  WeightsFormatError,
  type WeightsJSON,
} from '../../src/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-weights-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function model(seed: number): Sequential {
  return new Sequential([
    new Dense({ units: 3, inputShape: [2], activation: 'relu', seed }),
    new Dense({ units: 1, seed: seed + 1 }),
  ]);
}

const bits = (m: Sequential): string[] =>
  m
    .getWeights()
    .flatMap((w) =>
      Array.from(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), (b) =>
        b.toString(16),
      ),
    );

describe('save and loadWeights', () => {
  it('round-trip bit for bit, including -0, NaN, ±Infinity, subnormals and 1/3', () => {
    const a = model(1);
    const specials = [-0, NaN, Infinity, -Infinity, 5e-324, 1 / 3, -2.2250738585072014e-308];
    const [k] = a.getWeights();
    a.setWeights([[specials.slice(0, 3), specials.slice(3, 6)], ...a.getWeights().slice(1)]);
    a.layers[1].setWeights([[[Math.PI], [specials[6]], [Math.E]], [0.1]]);
    expect(k.shape).toEqual([2, 3]);
    const file = path.join(dir, 'model.json');
    a.save(file);
    const b = model(100);
    expect(bits(b)).not.toEqual(bits(a));
    b.loadWeights(file);
    expect(bits(b)).toEqual(bits(a));
    expect(Object.is(b.getWeights()[0].data[0], -0)).toBe(true);
  });

  it('a trained BumpLayer reloads exactly, and JSON.stringify(model) is the same file', () => {
    const m = new Sequential([new BumpLayer({ inputShape: [1], seed: 2 })]);
    m.setWeights([[0.5000002]]);
    const copy = new Sequential([new BumpLayer({ inputShape: [1], seed: 3 })]);
    copy.loadWeightsJSON(JSON.stringify(m));
    expect(copy.getWeights()[0].item()).toBe(0.5000002);
  });

  const good = (): WeightsJSON => model(1).weightsToJSON();
  it.each([
    ['truncated JSON', (s: string) => s.slice(0, 40), /is not valid JSON/],
    [
      'another format',
      () => JSON.stringify({ format: 'keras', weights: [] }),
      /is not a pathwise weights file/,
    ],
    [
      'a newer version',
      (s: string) => s.replace('"version":1', '"version":2'),
      /has version 2; this pathwise reads version 1/,
    ],
    [
      'a flipped byte',
      (s: string) => {
        const j = JSON.parse(s) as WeightsJSON;
        const d = j.weights[0].data;
        j.weights[0].data = (d[0] === 'A' ? 'B' : 'A') + d.slice(1);
        return JSON.stringify(j);
      },
      /weight 0 \('dense(_\d+)?\/kernel'\) is corrupt: its checksum does not match its data/,
    ],
    [
      'missing data',
      (s: string) => s.replace(/"data":"[^"]*"/, '"data":"AAAA"'),
      /has 3 bytes of data; shape \[2,3\] needs 48/,
    ],
    ['bad base64', (s: string) => s.replace(/"data":"[^"]*"/, '"data":"*!"'), /not valid base64/],
  ])('reject %s with a WeightsFormatError that says so', (_name, corrupt, message) => {
    const file = path.join(dir, 'corrupt.json');
    const text = JSON.stringify(good());
    fs.writeFileSync(file, corrupt(text));
    const m = model(7);
    const before = bits(m);
    let error: unknown;
    try {
      m.loadWeights(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeightsFormatError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(file);
    expect(bits(m)).toEqual(before); // nothing assigned
  });

  it('reject weights of another architecture, naming both shapes', () => {
    const other = new Sequential([
      new Dense({ units: 4, inputShape: [2], name: 'wide' }),
      new Dense({ units: 1 }),
    ]);
    const file = path.join(dir, 'other.json');
    other.save(file);
    const m = new Sequential([
      new Dense({ units: 3, inputShape: [2], name: 'wide' }),
      new Dense({ units: 1 }),
    ]);
    expect(() => m.loadWeights(file)).toThrow(
      /weight 0 \('wide\/kernel'\) has shape \[2,4\] but the model's weight 0 \('wide(_\d+)?\/kernel'\) has shape \[2,3\]/,
    );
    const three = new Sequential([new Dense({ units: 1, inputShape: [2], useBias: false })]);
    expect(() => three.loadWeights(file)).toThrow(/holds 4 weight\(s\) but the model has 1/);
    expect(() => model(1).loadWeights(path.join(dir, 'missing.json'))).toThrow(
      /cannot read .*missing.json/,
    );
  });

  it('without a file system (a browser), save and loadWeights say what to use instead', () => {
    const previous = setPlatform({});
    try {
      expect(() => model(1).save('x.json')).toThrow(
        /no file system: in Node, import 'pathwise\/node' once; elsewhere use weightsToJSON\(\)/,
      );
    } finally {
      setPlatform(previous);
    }
    expect(getPlatform().writeFile).toBe(nodePlatform.writeFile);
  });
});
