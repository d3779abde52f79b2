/**
 * Doc examples are tests. Every ```ts block inside a doc comment (`/** ... *\/`) of
 * `src/**\/*.ts`, and the first ```ts block of README.md, is type-checked against the
 * sources and then run, with `from 'pathwise'` pointing at `src/index.ts`. One `it` per
 * example, named `file:symbol`. An example that throws fails, unless it catches the
 * error itself.
 *
 * The rule for assertive comments. A `// COMMENT` at the end of a line is checked when
 * the line ends
 *   - a `console.log(ARGS)` call (anywhere on the line, e.g. inside a catch block): the
 *     logged values are checked;
 *   - otherwise an expression statement `EXPR;`: the value of EXPR is checked.
 * A comment on a line of its own right after a line ending in `console.log(...)` with
 * no comment of its own is that call's expected output (put a blank line between them
 * if it is prose). Other comments are prose.
 *
 * COMMENT is read as an optional leading `≈`, then a JS literal (number, -0, NaN,
 * Infinity, 'string' or "string", true, false, null, undefined, or an array of those),
 * then optional explanatory text after a space, `:` or `,`: `// 6: because ...`,
 * `// 3.178 (log 24)`, `// ≈ 6`. For a console.log of N values, N literals separated by
 * spaces: `// [2, 3] 6 2`. Comparison: Tensors by `.toArray()`, typed arrays as arrays,
 * arrays element by element, strings/booleans exactly, numbers with relative tolerance
 * 1e-12 (1e-6 after `≈`), so an expected 0 means exactly ±0 and `-0` means exactly -0;
 * NaN matches NaN.
 *
 * When COMMENT does not start with a literal (e.g. `// sqrt: backward produced Infinity ...`
 * or `// tensor([1, 2])`): for console.log, the printed text (strings as they are,
 * Tensors by `toString()`, other values by `util.inspect`, joined by spaces) must start
 * with COMMENT, whitespace-insensitively, after dropping a trailing `...`; for a plain
 * expression the comment is prose and nothing is checked.
 *
 * Every checked line must run at least once (a check inside a `catch` that is never
 * entered fails). Examples are type-checked in one in-memory program with the options of
 * tsconfig.json (unused locals allowed), then written to a temp directory (os.tmpdir())
 * and imported; what they print is not shown. The last test asserts that every name exported from src/index.ts,
 * types included, has a doc comment with an `@example` holding a ```ts block.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const srcIndex = path.join(srcDir, 'index.ts');

// ---------------------------------------------------------------------------------
// Extraction

interface Example {
  /** `file:symbol`, the test's name. */
  name: string;
  /** The file the example lives in, relative to the repo root. */
  file: string;
  /** Line in `file` of the example's first code line (1-based). */
  line: number;
  /** The code, with `from 'pathwise'` still in it. */
  code: string;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

const DECLARATIONS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.MethodSignature,
]);

/** Maps the start of each doc comment to the name of the declaration it documents. */
function documentedNames(sf: ts.SourceFile): Map<number, string> {
  const names = new Map<number, string>();
  const visit = (node: ts.Node, owner: string | undefined): void => {
    let name: string | undefined;
    if (ts.isConstructorDeclaration(node)) name = 'constructor';
    else if (DECLARATIONS.has(node.kind)) {
      const n = (node as ts.NamedDeclaration).name;
      if (n !== undefined) name = n.getText(sf);
    }
    if (name !== undefined) {
      const full = owner === undefined ? name : `${owner}.${name}`;
      for (const doc of ts.getJSDocCommentsAndTags(node))
        if (ts.isJSDoc(doc) && !names.has(doc.pos)) names.set(doc.pos, full);
    }
    const inner =
      (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && name !== undefined
        ? name
        : owner;
    ts.forEachChild(node, (c) => visit(c, inner));
  };
  visit(sf, undefined);
  return names;
}

/**
 * Every comment of a parsed file, in order, found as the leading and trailing comments of
 * every node and token (a plain scanner loses its way in template literals).
 */
function allComments(sf: ts.SourceFile): ts.CommentRange[] {
  const found = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const r of ts.getLeadingCommentRanges(sf.text, node.pos) ?? []) found.set(r.pos, r);
    for (const r of ts.getTrailingCommentRanges(sf.text, node.end) ?? []) found.set(r.pos, r);
    for (const c of node.getChildren(sf))
      if (c.kind < ts.SyntaxKind.FirstJSDocNode || c.kind > ts.SyntaxKind.LastJSDocNode) visit(c);
  };
  visit(sf);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

/** The ```ts blocks of some lines, with the index of each block's first code line. */
function fencedBlocks(lines: readonly string[]): { start: number; code: string }[] {
  const blocks: { start: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) j++;
    blocks.push({ start, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return blocks;
}

function lineOf(text: string, pos: number): number {
  let n = 0;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function extractExamples(): Example[] {
  const examples: Example[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const names = documentedNames(sf);
    const rel = path.relative(srcDir, file).split(path.sep).join('/');
    const docs = allComments(sf).filter(
      (r) => r.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', r.pos),
    );
    for (const c of docs) {
      const raw = text.slice(c.pos, c.end);
      const lines = raw
        .replace(/^\/\*\*/, '')
        .replace(/\*\/$/, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''));
      const firstLine = lineOf(text, c.pos);
      const symbol =
        names.get(c.pos) ??
        (/@module|@packageDocumentation/.test(raw) ? '(module)' : `(line ${firstLine + 1})`);
      for (const b of fencedBlocks(lines)) {
        examples.push({
          name: `${rel}:${symbol}`,
          file: path.relative(root, file),
          line: firstLine + b.start + 1,
          code: b.code,
        });
      }
    }
  }
  const readme = path.join(root, 'README.md');
  if (fs.existsSync(readme)) {
    const lines = fs.readFileSync(readme, 'utf8').split('\n');
    const first = fencedBlocks(lines)[0];
    if (first !== undefined)
      examples.push({
        name: 'README.md:example',
        file: 'README.md',
        line: first.start + 1,
        code: first.code,
      });
  }
  const guides = path.join(root, 'docs', 'guides');
  if (fs.existsSync(guides)) {
    for (const f of fs
      .readdirSync(guides)
      .filter((n) => n.endsWith('.md'))
      .sort()) {
      const lines = fs.readFileSync(path.join(guides, f), 'utf8').split('\n');
      for (const b of fencedBlocks(lines)) {
        examples.push({
          name: `docs/guides/${f}`,
          file: `docs/guides/${f}`,
          line: b.start + 1,
          code: b.code,
        });
      }
    }
  }
  const seen = new Map<string, number>();
  for (const e of examples) {
    const k = (seen.get(e.name) ?? 0) + 1;
    seen.set(e.name, k);
    if (k > 1) e.name += ` #${k}`;
  }
  return examples;
}

// ---------------------------------------------------------------------------------
// Expected values: a JS literal at the start of a comment

type Literal = number | string | boolean | null | undefined | Literal[];

/** Parses one literal at `s[i]`; returns it and the index after it, or null. */
function parseLiteral(s: string, i: number): { value: Literal; end: number } | null {
  const word = /^(true|false|null|undefined|NaN|-?Infinity)(?![\w$])/.exec(s.slice(i));
  if (word) {
    const w = word[1];
    const value: Literal =
      w === 'true'
        ? true
        : w === 'false'
          ? false
          : w === 'null'
            ? null
            : w === 'undefined'
              ? undefined
              : Number(w);
    return { value, end: i + w.length };
  }
  const num = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(?![\w$.])/.exec(s.slice(i));
  if (num) return { value: Number(num[0]), end: i + num[0].length };
  const q = s[i];
  if (q === "'" || q === '"') {
    let j = i + 1;
    let out = '';
    while (j < s.length && s[j] !== q) {
      if (s[j] === '\\' && j + 1 < s.length) j++;
      out += s[j++];
    }
    return j < s.length ? { value: out, end: j + 1 } : null;
  }
  if (q === '[') {
    const items: Literal[] = [];
    let j = skipSpace(s, i + 1);
    if (s[j] === ']') return { value: items, end: j + 1 };
    for (;;) {
      const item = parseLiteral(s, j);
      if (item === null) return null;
      items.push(item.value);
      j = skipSpace(s, item.end);
      if (s[j] === ',') j = skipSpace(s, j + 1);
      else if (s[j] === ']') return { value: items, end: j + 1 };
      else return null;
      if (s[j] === ']') return { value: items, end: j + 1 }; // trailing comma
    }
  }
  return null;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i])) i++;
  return i;
}

interface Expected {
  /** `count` literals, or null if the comment does not start with them. */
  values: Literal[] | null;
  approx: boolean;
  text: string;
}

/** Reads `count` space-separated literals (then explanatory text) from a comment. */
function parseExpected(comment: string, count: number): Expected {
  let text = comment.trim();
  const approx = text.startsWith('≈');
  if (approx) text = text.slice(1).trim();
  const values: Literal[] = [];
  let i = 0;
  for (let k = 0; k < count; k++) {
    i = skipSpace(text, i);
    const lit = parseLiteral(text, i);
    if (lit === null) return { values: null, approx, text: comment.trim() };
    values.push(lit.value);
    i = lit.end;
  }
  const ok = i === text.length || /[\s:,;]/.test(text[i]);
  return { values: ok && count > 0 ? values : null, approx, text: comment.trim() };
}

function isTensorLike(v: unknown): v is { toArray(): unknown; toString(): string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { toArray?: unknown }).toArray === 'function'
  );
}

function normalize(v: unknown): unknown {
  if (isTensorLike(v)) return v.toArray();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as Float64Array);
  return v;
}

function show(v: unknown): string {
  return inspect(normalize(v), { depth: 6, breakLength: Infinity });
}

/** Null if `actual` matches `expected`, else a description of the first difference. */
function mismatch(actual: unknown, expected: Literal, rtol: number, at = ''): string | null {
  const a = normalize(actual);
  if (Array.isArray(expected)) {
    if (!Array.isArray(a)) return `${at || 'value'} is ${show(a)}, expected an array`;
    if (a.length !== expected.length)
      return `${at || 'value'} has length ${a.length}, expected ${expected.length}`;
    for (let i = 0; i < a.length; i++) {
      const m = mismatch(a[i], expected[i], rtol, `${at}[${i}]`);
      if (m !== null) return m;
    }
    return null;
  }
  const where = at ? ` at ${at}` : '';
  if (typeof expected === 'number') {
    if (typeof a !== 'number') return `got ${show(a)}${where}, expected the number ${expected}`;
    if (Number.isNaN(expected)) return Number.isNaN(a) ? null : `got ${a}${where}, expected NaN`;
    if (Object.is(expected, -0) || !Number.isFinite(expected))
      return Object.is(a, expected) ? null : `got ${show(a)}${where}, expected ${show(expected)}`;
    const err = Math.abs(a - expected);
    return err <= rtol * Math.max(Math.abs(a), Math.abs(expected))
      ? null
      : `got ${a}${where}, expected ${expected} (relative tolerance ${rtol})`;
  }
  return Object.is(a, expected) ? null : `got ${show(a)}${where}, expected ${show(expected)}`;
}

// ---------------------------------------------------------------------------------
// Instrumentation: the assertive comments become calls to the hooks below

interface Check {
  id: number;
  kind: 'expr' | 'log';
  /** Line in the example (0-based). */
  line: number;
  comment: string;
  /** Number of logged values (for `log`), 1 for `expr`. */
  count: number;
}

interface Hooks {
  check(id: number, value: unknown): unknown;
  log(id: number, values: unknown[]): void;
  console: { log(...values: unknown[]): void };
}

/** Where a running example finds its hooks. */
const hooks = globalThis as unknown as { __pathwiseDoc?: Hooks };

function isConsoleLog(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.getText() === 'console.log'
  );
}

/** Rewrites checked lines of `code` into hook calls; returns the new code and the checks. */
function instrument(code: string): { code: string; checks: Check[] } {
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true);
  const lineAt = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const logs: ts.CallExpression[] = [];
  const statements: ts.ExpressionStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (isConsoleLog(node)) logs.push(node);
    else if (ts.isExpressionStatement(node)) statements.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const comments = allComments(sf)
    .filter((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia)
    .map((r) => {
      const line = lineAt(r.pos);
      const before = code.slice(sf.getPositionOfLineAndCharacter(line, 0), r.pos);
      return { line, text: code.slice(r.pos + 2, r.end), trailing: before.trim() !== '' };
    });
  const lastEndingOn = <T extends ts.Node>(nodes: readonly T[], line: number): T | undefined =>
    nodes.filter((n) => lineAt(n.end) === line).sort((a, b) => b.end - a.end)[0];

  const checks: Check[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const logged = new Set<ts.CallExpression>();
  const addLog = (call: ts.CallExpression, line: number, comment: string): void => {
    const id = checks.length;
    const args = call.arguments;
    const inner = args.length ? code.slice(args[0].getStart(sf), args[args.length - 1].end) : '';
    checks.push({ id, kind: 'log', line, comment, count: args.length });
    edits.push({ start: call.getStart(sf), end: call.end, text: `__doc.log(${id}, [${inner}])` });
    logged.add(call);
  };
  for (const c of comments) {
    if (c.trailing) {
      const call = lastEndingOn(logs, c.line);
      if (call !== undefined) {
        addLog(call, c.line, c.text);
        continue;
      }
      const st = lastEndingOn(statements, c.line);
      if (st !== undefined) {
        const id = checks.length;
        const e = st.expression;
        checks.push({ id, kind: 'expr', line: c.line, comment: c.text, count: 1 });
        edits.push({
          start: e.getStart(sf),
          end: e.end,
          text: `__doc.check(${id}, (${code.slice(e.getStart(sf), e.end)}))`,
        });
      }
    } else if (c.line > 0 && !comments.some((o) => o.trailing && o.line === c.line - 1)) {
      const call = lastEndingOn(logs, c.line - 1);
      if (call !== undefined && !logged.has(call)) addLog(call, c.line, c.text);
    }
  }
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out, checks };
}

function withSources(code: string, indexPath: string): string {
  return code
    .replace(/(\bfrom\s*)(['"])pathwise\2/g, `$1'${indexPath}'`)
    .replace(/(\bfrom\s*)(['"])pathwise\/node\2/g, `$1'${path.join(srcDir, 'node.ts')}'`);
}

// ---------------------------------------------------------------------------------
// Type-checking all examples in one program

const examples = extractExamples();
const virtualDir = path.join(root, '.doctest');
const virtualName = (i: number): string => path.join(virtualDir, `example${i}.ts`);

let program: ts.Program | undefined;
function getProgram(): ts.Program {
  if (program !== undefined) return program;
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    allowImportingTsExtensions: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
  };
  const virtual = new Map(examples.map((e, i) => [virtualName(i), withSources(e.code, srcIndex)]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (f, lang, ...rest) => {
    const v = virtual.get(f);
    return v !== undefined ? ts.createSourceFile(f, v, lang) : getSourceFile(f, lang, ...rest);
  };
  host.fileExists = (f) => virtual.has(f) || fileExists(f);
  host.readFile = (f) => virtual.get(f) ?? readFile(f);
  program = ts.createProgram([srcIndex, ...virtual.keys()], options, host);
  return program;
}

function typeErrors(i: number, ex: Example): string[] {
  const p = getProgram();
  const sf = p.getSourceFile(virtualName(i));
  if (sf === undefined) return ['the example was not compiled'];
  return [...p.getSyntacticDiagnostics(sf), ...p.getSemanticDiagnostics(sf)].map((d) => {
    const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
    return `${ex.file}:${ex.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

// ---------------------------------------------------------------------------------
// Running

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-doctest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function format(values: readonly unknown[]): string {
  return values
    .map((v) => (typeof v === 'string' ? v : isTensorLike(v) ? v.toString() : show(v)))
    .join(' ');
}

const squash = (s: string): string => s.replace(/\s+/g, '');

function verify(check: Check, values: readonly unknown[]): string | null {
  const exp = parseExpected(check.comment, check.count);
  if (exp.values !== null) {
    const rtol = exp.approx ? 1e-6 : 1e-12;
    for (let k = 0; k < exp.values.length; k++) {
      const m = mismatch(values[k], exp.values[k], rtol);
      if (m !== null) return exp.values.length > 1 ? `value ${k + 1}: ${m}` : m;
    }
    return null;
  }
  if (check.kind === 'expr') return null; // prose
  const printed = format(values);
  const want = exp.text.replace(/\s*(\.\.\.|…)$/, '');
  return squash(printed).startsWith(squash(want))
    ? null
    : `printed ${JSON.stringify(printed)}, expected it to start with ${JSON.stringify(want)}`;
}

async function runExample(i: number, ex: Example): Promise<string[]> {
  const { code, checks } = instrument(ex.code);
  const file = path.join(tmp, `example${i}.ts`);
  const prelude =
    '// eslint-disable-next-line\nconst __doc = (globalThis as any).__pathwiseDoc;\n' +
    'const console = __doc.console;\n';
  fs.writeFileSync(file, prelude + withSources(code, srcIndex));
  const failures: string[] = [];
  const reached = new Set<number>();
  const at = (c: Check): string => `${ex.file}:${ex.line + c.line}`;
  const run = (id: number, values: readonly unknown[]): void => {
    reached.add(id);
    const m = verify(checks[id], values);
    if (m !== null) failures.push(`${at(checks[id])}: // ${checks[id].comment.trim()}\n  ${m}`);
  };
  hooks.__pathwiseDoc = {
    check: (id, value) => (run(id, [value]), value),
    log: (id, values) => run(id, values),
    console: { log: () => {} },
  };
  try {
    await import(pathToFileURL(file).href);
  } catch (e) {
    failures.push(`the example threw (uncaught): ${e instanceof Error ? e.stack : String(e)}`);
  } finally {
    hooks.__pathwiseDoc = undefined;
  }
  for (const c of checks)
    if (!reached.has(c.id)) failures.push(`${at(c)}: this checked line never ran`);
  return failures;
}

describe('doc examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(50);
    expect(examples.some((e) => e.name === 'README.md:example')).toBe(true);
  });

  examples.forEach((ex, i) => {
    it(ex.name, async () => {
      expect(typeErrors(i, ex), 'type errors').toEqual([]);
      expect(await runExample(i, ex)).toEqual([]);
    });
  });
});

describe('the doc-test rule', () => {
  it('reads literals and explanations', () => {
    expect(parseExpected(' 6: the inner product', 1).values).toEqual([6]);
    expect(parseExpected(' 3.1780538303479458 (log 24)', 1).values).toEqual([3.1780538303479458]);
    expect(parseExpected(' ≈ 6', 1)).toMatchObject({ values: [6], approx: true });
    expect(parseExpected(" ['less']", 1).values).toEqual([['less']]);
    expect(parseExpected(' [2, 3] 6 2', 3).values).toEqual([[2, 3], 6, 2]);
    expect(parseExpected(' [0, 2, -0, NaN]', 1).values).toEqual([[0, 2, -0, NaN]]);
    expect(parseExpected(' sqrt: backward produced Infinity ...', 1).values).toBeNull();
    expect(parseExpected(' tensor([1, 2])', 1).values).toBeNull();
    expect(parseExpected(' 2x faster', 1).values).toBeNull();
  });

  it('compares with tolerance and catches wrong values', () => {
    expect(mismatch(0.1 + 0.2, 0.3, 1e-12)).toBeNull();
    expect(mismatch(6.000001, 6, 1e-12)).not.toBeNull();
    expect(mismatch(6.000001, 6, 1e-6)).toBeNull();
    expect(mismatch(0, -0, 1e-12)).not.toBeNull();
    expect(mismatch([1, [2, 3]], [1, [2, 4]], 1e-12)).toMatch(/\[1\]\[1\]/);
    expect(mismatch('forward', 'forward', 0)).toBeNull();
  });

  it('instruments trailing comments, console.log lines and next-line outputs', () => {
    const { code, checks } = instrument(
      [
        'f(1); // 2',
        'try { g(); } catch (e) { console.log(e); } // true',
        'console.log(h());',
        '// some output',
        '// prose',
        'const x = 1; // prose too',
      ].join('\n'),
    );
    expect(checks.map((c) => [c.kind, c.line, c.comment.trim()])).toEqual([
      ['expr', 0, '2'],
      ['log', 1, 'true'],
      ['log', 3, 'some output'],
    ]);
    expect(code).toContain('__doc.check(0, (f(1)));');
    expect(code).toContain('__doc.log(1, [e])');
    expect(code).toContain('__doc.log(2, [h()])');
  });
});

// ---------------------------------------------------------------------------------
// Every public name is documented with an example

describe('public API documentation', () => {
  it('every name exported from src/index.ts has a doc comment with an @example', async () => {
    const p = getProgram();
    const checker = p.getTypeChecker();
    const sf = p.getSourceFile(srcIndex);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    expect(moduleSymbol).toBeDefined();
    const exported = checker.getExportsOfModule(moduleSymbol as ts.Symbol);
    const missing: string[] = [];
    for (const sym of exported) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decls = target.declarations ?? [];
      const ok = decls.some((d) =>
        ts
          .getJSDocTags(d)
          .some(
            (t) =>
              t.tagName.text === 'example' &&
              /```(ts|typescript)/.test(ts.getTextOfJSDocComment(t.comment) ?? ''),
          ),
      );
      if (!ok) {
        const d = decls[0];
        const where = d
          ? `${path.relative(root, d.getSourceFile().fileName)}:${d.getSourceFile().getLineAndCharacterOfPosition(d.getStart()).line + 1}`
          : '?';
        missing.push(`${sym.name} (${where})`);
      }
    }
    expect(
      missing,
      'public names without an @example (document them or stop exporting them)',
    ).toEqual([]);
    // the runtime exports are all among the names checked above
    const names = new Set(exported.map((s) => s.name));
    const runtime = Object.keys(await import(pathToFileURL(srcIndex).href));
    expect(runtime.filter((k) => !names.has(k))).toEqual([]);
    expect(runtime.length).toBeGreaterThan(50);
  });
});
