/**
 * `npm run examples [-- --quick] [NAME ...]`: runs every `examples/*.ts` (except this
 * file and the plot helper; the browser page has its own test) in its own process,
 * passing the flags on, two at a time, and prints each one's output when it ends.
 * Exits non-zero if any example fails. Examples are found by listing the folder, so a
 * new example is picked up without touching this file. NAMEs restrict the run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const SKIP = new Set(['run-all.ts', 'plot.ts']);

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const names = args.filter((a) => !a.startsWith('-')).map((a) => a.replace(/\.ts$/, ''));

const all = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts') && !SKIP.has(e.name))
  .map((e) => e.name.replace(/\.ts$/, ''))
  .sort();
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`no such example: ${unknown.join(', ')} (have: ${all.join(', ')})`);
  process.exit(2);
}
const selected = names.length > 0 ? all.filter((n) => names.includes(n)) : all;

interface Result {
  name: string;
  code: number | null;
  seconds: number;
  output: string;
}

function run(name: string): Promise<Result> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, `${name}.ts`), ...flags],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) =>
      resolve({ name, code, seconds: (performance.now() - start) / 1000, output }),
    );
  });
}

const results: Result[] = [];
const queue = [...selected];
const workers = Array.from({ length: Math.min(2, os.cpus().length, queue.length) }, async () => {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const r = await run(name);
    results.push(r);
    const status = r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`;
    console.log(`\n──── ${name} ${flags.join(' ')}: ${status} in ${r.seconds.toFixed(1)} s\n`);
    console.log(r.output.trimEnd());
  }
});
await Promise.all(workers);

const failed = results.filter((r) => r.code !== 0);
console.log('\n──── summary');
for (const r of [...results].sort((a, b) => a.name.localeCompare(b.name)))
  console.log(
    `${r.code === 0 ? 'ok    ' : 'FAILED'} ${r.name.padEnd(24)} ${r.seconds.toFixed(1)} s`,
  );
console.log(`${results.length - failed.length} of ${results.length} examples passed`);
if (failed.length > 0) process.exit(1);
