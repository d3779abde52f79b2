/**
 * The API site builds: `typedoc` (with `treatWarningsAsErrors`, as `npm run docs` runs it)
 * finds no broken link, no referenced-but-unexported type and no unhighlightable code
 * block in the doc comments and guides. The site is rendered into a temp directory.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('the API documentation site', () => {
  it('builds with no warnings', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-docs-'));
    let output: string;
    try {
      output = execFileSync(process.execPath, [typedocBin(), '--out', out], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      expect.fail(`typedoc failed:\n${output}`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    expect(output).not.toMatch(/warning|error/i);
  }, 120_000);
});

/** typedoc's command-line entry in node_modules. */
function typedocBin(): string {
  return path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
}
