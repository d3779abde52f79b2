/**
 * The distributions guide's family table against the code: every Distribution class that
 * src/index.ts exports has a row, its Implements column lists exactly the methods the class
 * defines, and its Sampling column says 'none' exactly when draws carry no gradient.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as pw from '../../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const guide = fs.readFileSync(path.join(root, 'docs/guides/distributions.md'), 'utf8');

/** Rows of every Markdown table in the guide, as cells, keyed by the first cell. */
function rows(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of guide.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    out.set(cells[0], cells);
  }
  return out;
}

const METHODS = ['mean', 'variance', 'mode', 'entropy', 'cdf', 'icdf'] as const;
const WRAPPERS = new Set([
  'Independent',
  'TransformedDistribution',
  'MixtureSameFamily',
  'Mixture',
]);
type Ctor = { prototype: object; reparameterized: boolean; name: string };

function defines(C: Ctor, key: string): boolean {
  let p: object | null = C.prototype;
  while (p !== null && p !== pw.Distribution.prototype) {
    if (Object.prototype.hasOwnProperty.call(p, key)) return true;
    p = Object.getPrototypeOf(p) as object | null;
  }
  return false;
}

const classes: [string, Ctor][] = Object.entries(pw)
  .filter(
    ([name, v]) =>
      typeof v === 'function' &&
      (v as Ctor).prototype instanceof pw.Distribution &&
      name !== 'LocScale', // the abstract base of the location-scale families
  )
  .map(([name, v]) => [name, v as unknown as Ctor]);

describe('docs/guides/distributions.md family table', () => {
  const table = rows();
  it('has found the exported families', () => expect(classes.length).toBeGreaterThan(40));

  it.each(classes)('%s has a row', (name) => expect(table.has(name)).toBe(true));

  it.each(classes)('%s: Implements lists exactly what the class defines', (name, C) => {
    const cells = table.get(name);
    if (cells === undefined) return; // reported by the row test
    const listed = cells[WRAPPERS.has(name) ? 3 : 4]
      .replace(/\(.*?\)/g, '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    expect(listed.sort()).toEqual(METHODS.filter((m) => defines(C, `_${m}`)).sort());
  });

  it.each(classes.filter(([n]) => !WRAPPERS.has(n)))(
    "%s: Sampling is 'none' exactly when draws carry no gradient",
    (name, C) => {
      const cells = table.get(name);
      if (cells === undefined) return;
      expect(cells[3].startsWith('none')).toBe(!C.reparameterized);
    },
  );
});
