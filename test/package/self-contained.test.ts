/**
 * The repository stands alone: no file under src/, test/, examples/, bench/, scripts/,
 * .ci/ or docs/ (nor a top-level file) names the `shared` folder beside the repository
 * (the developers' reading room) or an absolute filesystem path, so nothing can read a
 * file that a user's clone does not have.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['src', 'test', 'examples', 'bench', 'scripts', '.ci', 'docs'];
const SKIP = ['node_modules', 'docs/api', 'examples/out', '.git'];
const TOP = ['README.md', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
TOP.push('eslint.config.js', 'vitest.config.ts', 'typedoc.json');

/** Top folders of Unix (FHS), macOS and this project's machine: a path under them is absolute. */
const ROOTS =
  'bin|boot|dev|etc|home|lib|lib64|media|mnt|opt|private|proc|root|run|sbin|srv|sys|tmp|usr|var|work|Users|Volumes|Applications|Library|System';
const FORBIDDEN: [RegExp, string][] = [
  [/\.\.[\\/]+shared\b/, 'names the shared folder beside the repository'],
  [new RegExp(`(?<![\\w.~$-])/(?:${ROOTS})(?:/[\\w.@+-]*)+`), 'names an absolute path'],
  [/\b[A-Za-z]:\\[\w.-]/, 'names a Windows absolute path'],
  [/(?<![\w.])~\/[\w.]/, 'names a path in a home folder'],
];
/** System tools, not files of the project: the shell, a null device, Debian's chromium. */
const ALLOWED = new Set(['/usr/bin/env', '/dev/null', '/usr/bin/chromium']);

function files(): string[] {
  const out = TOP.filter((f) => fs.existsSync(path.join(root, f)));
  for (const folder of FOLDERS) {
    if (!fs.existsSync(path.join(root, folder))) continue;
    for (const f of fs.readdirSync(path.join(root, folder), {
      recursive: true,
      encoding: 'utf8',
    })) {
      const rel = path.join(folder, f).split(path.sep).join('/');
      if (SKIP.some((s) => rel === s || rel.startsWith(`${s}/`) || rel.includes(`/${s}/`)))
        continue;
      if (fs.statSync(path.join(root, rel)).isFile()) out.push(rel);
    }
  }
  return out;
}

/** Every forbidden name in `text`, as `line: match (why)`. */
function offences(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [re, why] of FORBIDDEN) {
      const g = new RegExp(re.source, 'g');
      for (const m of line.matchAll(g))
        if (!ALLOWED.has(m[0])) found.push(`${i + 1}: ${m[0]} (${why})`);
    }
  });
  return found;
}

describe('the repository stands alone', () => {
  it('flags the folder beside it and absolute paths, and lets tools and regexes through', () => {
    // written with § for / and ¦ for \\, so that this file does not name them itself
    const bad = [
      "path.resolve(here, '..§..§..§shared§posteriordb')",
      ' * (..¦shared¦seeds)',
      "readFileSync('§work§shared§x.json')",
      'mktemp §tmp§report.XXXXXX',
      "const home = '§home§user§data.csv';",
      "'C:¦Users¦me¦data.json'",
      "fs.readFileSync('~§data.json')",
      "new URL('file:§§§home§me§x.json')",
    ].map((s) => s.replaceAll('§', '/').replaceAll('¦', '\\'));
    for (const line of bad) expect(offences(line), line).toHaveLength(1);
    const good = [
      '#!/usr/bin/env bash',
      "s.replace(/_/g, '')",
      'expect(f).toThrow(/random/);',
      "process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'",
      'see data/posteriordb/README.md and ./dist/index.js',
      'https://github.com/stan-dev/posteriordb/tree/master/usr/x',
      "const lib = new URL('./index.js', import.meta.url);",
      "{ module: 'file:///models.js', export: 'kidiq' }",
    ];
    for (const line of good) expect(offences(line), line).toEqual([]);
  });

  it('no source, test, example, bench, script, CI or doc file names a path outside it', () => {
    const list = files();
    expect(list).toContain('examples/lib/posteriordb.ts');
    const found = list.flatMap((f) =>
      offences(fs.readFileSync(path.join(root, f), 'utf8')).map((o) => `${f}:${o}`),
    );
    expect(found).toEqual([]);
  });
});
