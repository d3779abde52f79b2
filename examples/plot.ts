/**
 * Plots for the examples: a vega-lite spec is compiled to vega, rendered headless to an
 * SVG string, and written to `examples/out/NAME.svg`. No plotting code of our own.
 *
 * ```ts
 * import { plot } from './plot.js';
 * await plot('line', {
 *   data: { values: [{ x: 0, y: 1 }, { x: 1, y: 3 }] },
 *   mark: 'line',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
 * });
 * ```
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Where the SVGs go (ignored by git). */
export const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');

/** A data row for a spec: non-finite numbers become null, which vega-lite leaves out. */
export type Row = Record<string, number | string | null>;

/** Replaces NaN and ±Infinity by null (JSON has no such numbers; vega skips nulls). */
export function finiteRows(rows: readonly Row[]): Row[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isFinite(v) ? null : v,
      ]),
    ),
  );
}

/** Renders a vega-lite spec to an SVG string (headless: no browser, no canvas). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders `spec` and writes it to `examples/out/NAME.svg`; returns the file's path. */
export async function plot(name: string, spec: TopLevelSpec): Promise<string> {
  const svg = await toSvg({ background: 'white', ...spec } as TopLevelSpec);
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.svg`);
  fs.writeFileSync(file, svg);
  return file;
}
