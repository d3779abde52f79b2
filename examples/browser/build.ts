/**
 * Bundles the browser page with esbuild into `examples/out/browser/` (index.html +
 * main.js) and serves it on localhost. The bundle is built for `platform: 'browser'`,
 * so a Node-only import reaching pathwise's core fails the build.
 *
 * Run: npx tsx examples/browser/build.ts [--serve [PORT]]   (then open the printed URL)
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the built page goes (ignored by git). */
export const pageDir = path.resolve(here, '..', 'out', 'browser');

/** Bundles main.ts and copies index.html into {@link pageDir}; returns that folder. */
export async function buildPage(): Promise<string> {
  fs.mkdirSync(pageDir, { recursive: true });
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    outfile: path.join(pageDir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(here, 'index.html'), path.join(pageDir, 'index.html'));
  return pageDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves the files of `dir` on 127.0.0.1 (port 0: any free port). */
export async function servePage(
  dir: string,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://localhost').pathname.slice(1) || 'index.html';
    const file = path.join(dir, path.basename(name));
    const type = TYPES[path.extname(file)];
    if (type === undefined || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = await buildPage();
  console.log(`built ${path.relative(process.cwd(), dir)}/ (index.html, main.js)`);
  const at = process.argv.indexOf('--serve');
  if (at >= 0) {
    const { url } = await servePage(dir, Number(process.argv[at + 1] ?? 8080));
    console.log(`serving on ${url} (Ctrl-C to stop)`);
  }
}
