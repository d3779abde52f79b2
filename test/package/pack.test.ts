/**
 * The package as a user installs it: `npm pack` (whose prepare script builds dist/), the
 * tarball installed into a fresh project outside the repository, then imported by plain
 * Node ESM (no tsx), type-checked by tsc under moduleResolution node16 and bundler, and
 * bundled by esbuild for the browser. The fresh project's lockfile pins pathwise's
 * dependencies to the versions of the repository's lockfile, so `npm ci` installs them
 * from the npm cache that the repository's own `npm ci` filled (no registry round trips).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const exec = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  integrity: string;
  files: { path: string }[];
}
interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}
type Manifest = Record<string, unknown> & { dependencies: Record<string, string> };

let dir = '';
let packed: Packed;
const started = performance.now();

/** Runs a command in `cwd` (the environment without NODE_OPTIONS: no tsx loader); stdout. */
async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const env = { ...process.env, NODE_OPTIONS: '' };
  const { stdout } = await exec(cmd, args, { cwd, env, maxBuffer: 64 << 20 });
  return stdout;
}

function write(file: string, text: string): void {
  fs.writeFileSync(path.join(dir, file), text);
}

/** The fresh project's lockfile: the tarball, and pathwise's dependencies as the repo locks them. */
function consumerLock(manifest: Manifest): object {
  const repoLock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:${packed.filename}`;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { pathwise: spec } },
    'node_modules/pathwise': {
      version: manifest.version,
      resolved: spec,
      integrity: packed.integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      engines: manifest.engines,
    },
  };
  for (const [key, entry] of Object.entries(repoLock.packages))
    if (key.startsWith('node_modules/') && !entry.dev && !entry.devOptional) packages[key] = entry;
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-pack-'));
  const before = Date.now();
  const out = await run(npm, ['pack', '--json', '--pack-destination', dir], root);
  // npm pack built dist/ afresh (its prepare script), rather than shipping an old build
  expect(fs.statSync(path.join(root, 'dist', 'index.js')).mtimeMs).toBeGreaterThanOrEqual(before);
  [packed] = JSON.parse(out.slice(out.indexOf('['))) as Packed[];
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const consumer = { name: 'consumer', private: true, type: 'module' };
  const dependencies = { pathwise: `file:${packed.filename}` };
  write('package.json', JSON.stringify({ ...consumer, dependencies }));
  write('package-lock.json', JSON.stringify(consumerLock(manifest)));
  const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  await run(npm, ['ci', ...flags], dir);
  expect(fs.existsSync(path.join(dir, 'node_modules', 'pathwise', 'dist', 'index.js'))).toBe(true);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`npm pack + npm ci of ${packed.filename}: ${seconds} s`);
}, 240_000);

afterAll(() => {
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  console.log(`pack test: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
});

describe('the packed package', () => {
  it('holds the built dist/ with its types, and no tests, examples or data', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts'])
      expect(files).toContain(f);
    // every file that package.json points at (main, types, exports, sideEffects) is shipped
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      exports: Record<string, string | Record<string, string>>;
      sideEffects: string[];
    };
    const targets = Object.values(manifest.exports).flatMap((t) =>
      typeof t === 'string' ? [t] : Object.values(t),
    );
    for (const t of [manifest.main, manifest.types, ...targets, ...manifest.sideEffects])
      expect(files, t).toContain(t.replace(/^\.\//, ''));
    expect(files.filter((f) => /^(test|examples|bench|data|scripts)\//.test(f))).toEqual([]);
    const kB = (n: number): string => (n / 1000).toFixed(1);
    console.log(
      `tarball ${packed.filename}: ${kB(packed.size)} kB (${kB(packed.unpackedSize)} kB unpacked, ${files.length} files)`,
    );
  });

  it('imports in plain Node ESM without tsx: pathwise, and pathwise/node with worker chains', async () => {
    write('model.mjs', "import { Normal, sample } from 'pathwise';\n");
    fs.appendFileSync(
      path.join(dir, 'model.mjs'),
      "export const model = () => void sample('mu', new Normal(1, 2));\n",
    );
    write(
      'main.mjs',
      `import { grad, mcmc, Normal } from 'pathwise';
import 'pathwise/node';
import { workerChains } from 'pathwise/node';
import { model } from './model.mjs';
const g = grad((x) => new Normal(0, 1).logProb(x))(1).item();
const modelSource = { module: new URL('./model.mjs', import.meta.url).href, export: 'model' };
const r = mcmc(model, { numWarmup: 30, numSamples: 10, numChains: 2, seed: 1, parallel: true, modelSource });
console.log(JSON.stringify({
  g, workerChains: typeof workerChains, shape: r.samples.mu.shape,
  from: import.meta.resolve('pathwise'), node: import.meta.resolve('pathwise/node'),
}));
`,
    );
    const got = JSON.parse(await run(process.execPath, ['main.mjs'], dir)) as Record<
      string,
      unknown
    >;
    const installed = path.join(fs.realpathSync(dir), 'node_modules', 'pathwise', 'dist');
    expect(got).toMatchObject({ g: -1, workerChains: 'function', shape: [2, 10] });
    expect(fileURLToPath(got.from as string)).toBe(path.join(installed, 'index.js'));
    expect(fileURLToPath(got.node as string)).toBe(path.join(installed, 'node.js'));
  });

  it('type-checks a .ts consumer with tsc under moduleResolution node16 and bundler', async () => {
    const body = `import { grad, Normal, tensor, type Tensor } from 'pathwise';
const f = (x: Tensor): Tensor => new Normal(0, 1).logProb(x);
export const g: number = grad(f)(tensor(1)).item();
// @ts-expect-error: item() is a number (the types are real, not any)
export const wrong: string = grad(f)(tensor(1)).item();
`;
    write(
      'node16.ts',
      `${body}import { workerChains, type TerminalStream } from 'pathwise/node';
export const s: TerminalStream = process.stdout;
export const w: typeof workerChains = workerChains;
`,
    );
    write('bundler.ts', body);
    const strict = { strict: true, noEmit: true, target: 'ES2022', skipLibCheck: false };
    const node16 = {
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['ES2022'],
      types: ['node'],
    };
    const typeRoots = [path.join(root, 'node_modules', '@types')];
    const bundler = {
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM'],
      types: [],
    };
    const configs = {
      'tsconfig.node16.json': {
        compilerOptions: { ...strict, ...node16, typeRoots },
        files: ['node16.ts'],
      },
      'tsconfig.bundler.json': {
        compilerOptions: { ...strict, ...bundler },
        files: ['bundler.ts'],
      },
    };
    for (const [file, config] of Object.entries(configs)) write(file, JSON.stringify(config));
    const checks = Object.keys(configs).map((c) => run(process.execPath, [tsc, '-p', c], dir));
    expect(await Promise.all(checks)).toEqual(['', '']);
  });

  it('bundles for the browser with esbuild, with no Node built-ins, and runs', async () => {
    write(
      'browser.js',
      `import { grad, Normal, sum, tensor } from 'pathwise';
const f = (x) => sum(new Normal(0, 1).logProb(x));
globalThis.result = grad(f)(tensor([1, 2])).data.join(',');
`,
    );
    const outfile = path.join(dir, 'bundle.js');
    const result = await build({
      entryPoints: [path.join(dir, 'browser.js')],
      outfile,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      metafile: true,
      logLevel: 'silent',
    });
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes('node_modules/pathwise/dist/'))).toBe(true);
    expect(inputs.filter((f) => builtins.has(f) || f.startsWith('node:'))).toEqual([]);
    // a package's "browser" field may map a built-in to nothing: only seedrandom's
    // optional require('crypto') is (in a browser it autoseeds from window.crypto)
    expect(inputs.filter((f) => f.startsWith('(disabled):'))).toEqual(['(disabled):crypto']);
    const [output] = Object.values(result.metafile.outputs);
    expect(output.imports).toEqual([]);
    const stdlib = Object.entries(output.inputs)
      .filter(([f]) => f.includes('node_modules/@stdlib/'))
      .reduce((n, [, i]) => n + i.bytesInOutput, 0);
    const code = fs.readFileSync(outfile);
    const kB = (n: number): string => (n / 1000).toFixed(1);
    console.log(
      `browser bundle (grad + Normal): ${kB(code.length)} kB minified (@stdlib ${kB(stdlib)} kB of it), ${kB(gzipSync(code).length)} kB gzipped`,
    );
    const out = await run(
      process.execPath,
      ['--input-type=module', '-e', `await import('./bundle.js'); console.log(globalThis.result)`],
      dir,
    );
    expect(out.trim()).toBe('-1,-2');
  });
});
