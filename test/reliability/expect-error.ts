/**
 * The assertion every reliability table uses: the call throws an instance of the expected
 * class whose message names the op, the argument and the offending value or shapes.
 */
import { expect } from 'vitest';

/** One bad input: what is called, the error class, and the words its message must hold. */
export interface ErrorCase {
  /** Test name: the call as a user would write it. */
  name: string;
  run: () => unknown;
  error: abstract new (...args: never[]) => Error;
  /** Substrings the message must contain: the op, the argument, the bad value or shapes. */
  mentions: readonly string[];
}

/** Runs `c.run` and checks the thrown error's class and message. */
export function expectError(c: ErrorCase): Error {
  let thrown: unknown;
  try {
    c.run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `${c.name} should throw`).toBeInstanceOf(c.error);
  const msg = (thrown as Error).message;
  for (const m of c.mentions) expect(msg, `${c.name}: message names ${m}`).toContain(m);
  return thrown as Error;
}

/** Same as {@link expectError} for a call that returns a promise. */
export async function expectRejection(
  c: Omit<ErrorCase, 'run'> & { run: () => Promise<unknown> },
): Promise<Error> {
  let thrown: unknown;
  try {
    await c.run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `${c.name} should reject`).toBeInstanceOf(c.error);
  const msg = (thrown as Error).message;
  for (const m of c.mentions) expect(msg, `${c.name}: message names ${m}`).toContain(m);
  return thrown as Error;
}
