/**
 * fit's output: Keras's text (Epoch 1/10, the bar with ETA and loss, the end-of-epoch
 * line), drawn by the `progress` package in a terminal, quiet when verbose is 0 or the
 * output is not a terminal; the console logger for browsers.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalLogger, type TerminalStream } from '../../src/node.js';
import {
  BumpLayer,
  consoleLogger,
  formatEta,
  formatLogs,
  formatProgress,
  formatStepTime,
  Sequential,
  setPlatform,
  getPlatform,
} from '../../src/index.js';
import { generateData } from '../../examples/bump-sigma-sweep.js';

/** A fake terminal that records what is written (cursor moves as markers). */
function fakeTerminal(isTTY: boolean): { stream: TerminalStream; text: () => string } {
  let out = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const stream = Object.assign(w, {
    isTTY,
    columns: 120,
    cursorTo: () => ((out += '\r'), true),
    clearLine: () => true,
  });
  return { stream, text: () => out };
}

function trainedModel(): { model: Sequential; x: Float64Array; y: Float64Array } {
  const { x, y } = generateData(0.5, { n: 3200, minX: -0.1, maxX: 0.1, seed: 1 });
  const model = new Sequential([new BumpLayer({ inputShape: [1], seed: 1 })]);
  model.compile({ loss: 'mse', optimizer: 'adam' });
  return { model, x, y };
}

describe("Keras's progress text", () => {
  it.each([
    [
      { current: 32, total: 100, elapsed: 1.5, logs: { loss: 0.1234 } },
      ' 32/100 [========>.....................] - ETA: 3s - loss: 0.1234',
    ],
    [
      { current: 0, total: 100, elapsed: 0, logs: {} },
      '  0/100 [..............................] - ETA: 0s',
    ],
    [
      { current: 100, total: 100, elapsed: 0.2, logs: { loss: 0.01, val_loss: 2e-5 } },
      '100/100 [==============================] - 0s 2ms/step - loss: 0.0100 - val_loss: 2.0000e-05',
    ],
  ])('formatProgress(%o)', (line, expected) => {
    expect(formatProgress(line)).toBe(expected);
  });

  it('formats ETAs, step times and logs as Keras does', () => {
    expect([formatEta(0.4), formatEta(59.9), formatEta(61), formatEta(7322)]).toEqual([
      '0s',
      '59s',
      '1:01',
      '2:02:02',
    ]);
    expect([formatStepTime(3), formatStepTime(0.0025), formatStepTime(4e-5)]).toEqual([
      '3s/step',
      '3ms/step',
      '40us/step',
    ]);
    expect(formatLogs({ loss: 0.5, acc: 1e-4, x: -0.00123 })).toBe(
      ' - loss: 0.5000 - acc: 1.0000e-04 - x: -0.0012',
    );
  });
});

describe('the terminal logger', () => {
  it('prints Epoch n/N, a live bar from the progress package, and the final Keras line', () => {
    const { model, x, y } = trainedModel();
    const term = fakeTerminal(true);
    model.fit(x, y, {
      epochs: 2,
      verbose: 1,
      seed: 1,
      validationSplit: 0.1,
      logger: terminalLogger({ stream: term.stream }) ?? undefined,
    });
    const text = term.text();
    expect(text).toContain('Epoch 1/2\n');
    expect(text).toContain('Epoch 2/2\n');
    // the first batch is drawn at once (later ones every 50 ms)
    expect(text).toMatch(/\r 1\/90 \[[=>.]{30}\] - ETA: \d+(:\d\d)?s? - loss: \d\.\d{4}/);
    expect(text).toMatch(
      /\r?90\/90 \[={30}\] - \d+s \d+(us|ms)\/step - loss: [\d.e+-]+ - val_loss: [\d.e+-]+\n/,
    );
  });

  it('verbose 2 prints one line per epoch', () => {
    const { model, x, y } = trainedModel();
    const term = fakeTerminal(true);
    model.fit(x, y, {
      epochs: 1,
      verbose: 2,
      logger: terminalLogger({ stream: term.stream, verbose: 2 }) ?? undefined,
    });
    expect(term.text()).toMatch(
      /^Epoch 1\/1\n100\/100 \[={30}\] - \d+s \d+(us|ms)\/step - loss: [\d.e+-]+\n$/,
    );
  });

  it('is quiet when the stream is not a terminal, and when verbose is 0', () => {
    expect(terminalLogger({ stream: fakeTerminal(false).stream })).toBeNull();
    const term = fakeTerminal(true);
    const previous = setPlatform({
      ...getPlatform(),
      progressLogger: () => terminalLogger({ stream: term.stream }),
    });
    try {
      const { model, x, y } = trainedModel();
      model.fit(x, y, { epochs: 1, verbose: 0 });
      expect(term.text()).toBe('');
      model.fit(x, y, { epochs: 1 }); // verbose 1 by default: the platform's logger
      expect(term.text()).toContain('Epoch 1/1');
    } finally {
      setPlatform(previous);
    }
  });
});

describe('the console logger (browsers)', () => {
  it("prints Keras's verbose=2 lines", () => {
    const lines: string[] = [];
    const { model, x, y } = trainedModel();
    model.fit(x, y, { epochs: 2, logger: consoleLogger({ print: (l) => void lines.push(l) }) });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^100\/100 - \d+s - \d+(us|ms)\/step - loss: [\d.e+-]+$/);
  });
});
