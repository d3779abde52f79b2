/**
 * Issue 12, item 16: progress output on odd streams and counts: a TTY stream without
 * `columns` (or cursor control) gets plain lines, `formatProgress` past the end draws a
 * full bar, and bad numbers are a library error.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalLogger, type TerminalStream } from '../../src/node.js';
import { ArgumentError, formatProgress } from '../../src/index.js';
import { expectError, type ErrorCase } from './expect-error.js';

/** A TTY-like stream with only the given extras. */
function tty(extra: Partial<TerminalStream>): { stream: TerminalStream; text: () => string } {
  let out = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { stream: Object.assign(w, { isTTY: true }, extra), text: () => out };
}

const streams: [string, Partial<TerminalStream>][] = [
  ['no columns, no cursor control', {}],
  ['columns undefined', { columns: undefined, cursorTo: () => true, clearLine: () => true }],
  ['columns 0', { columns: 0, cursorTo: () => true, clearLine: () => true }],
  ['columns but no cursorTo', { columns: 80, clearLine: () => true }],
];

const bad: ErrorCase[] = [
  ['current', -1],
  ['total', NaN],
  ['elapsed', Infinity],
  ['width', -5],
  ['width', 2.5],
].map(([arg, v]) => ({
  name: `formatProgress({ ${arg}: ${v} })`,
  run: () =>
    formatProgress({ current: 1, total: 3, elapsed: 1, logs: {}, [arg as string]: v as number }),
  error: ArgumentError,
  mentions: ['formatProgress', arg as string, `got ${v}`],
}));

describe('item 16: progress output edge cases', () => {
  it.each(streams)('terminalLogger on a TTY stream with %s: plain epoch lines', (_name, extra) => {
    const { stream, text } = tty(extra);
    const cb = terminalLogger({ stream });
    expect(cb).not.toBeNull();
    cb!.setParams?.({ epochs: 1, steps: 5, samples: 10, verbose: 1 });
    cb!.onEpochBegin?.(0);
    for (let b = 0; b < 5; b++) cb!.onBatchEnd?.(b, { loss: 0.5 });
    cb!.onEpochEnd?.(0, { loss: 0.5 });
    expect(text()).toMatch(/^Epoch 1\/1\n5\/5 \[=+\] - .* - loss: 0\.5000\n$/);
  });

  it('formatProgress past the end (current 10 of 3): a full bar, the counts as they are', () => {
    const line = formatProgress({ current: 10, total: 3, elapsed: 2, logs: { loss: 1 } });
    expect(line).toBe('10/3 [==============================] - 2s 667ms/step - loss: 1.0000');
  });

  it('formatProgress with total 0 is a full bar', () => {
    expect(formatProgress({ current: 0, total: 0, elapsed: 0, logs: {} })).toMatch(
      /^0\/0 \[={30}\]/,
    );
  });

  it.each(bad)('$name', (c) => void expectError(c));
});
