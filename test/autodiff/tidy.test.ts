import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  GradientTape,
  mul,
  reshape,
  sum,
  tensor,
  tidy,
  type Tensor,
} from '../../src/index.js';

const big = (v: number): Tensor => tensor(new Float64Array(2000).fill(v));

describe('tidy', () => {
  it('keeps the result, releases the other large op outputs, and ops reject released ones', () => {
    const x = big(2);
    let inner: Tensor | undefined;
    const kept = tidy(() => {
      inner = add(x, 1);
      return mul(inner, 3);
    });
    expect(kept.data[0]).toBe(9);
    expect(() => add(inner as Tensor, 1)).toThrow(ArgumentError);
    expect(() => add(inner as Tensor, 1)).toThrow(/released by tidy/);
    expect(x.data[0]).toBe(2); // inputs created outside are untouched
  });

  it('reuses released storage in later scopes without leaking old values', () => {
    const x = big(1);
    const first = tidy(() => sum(add(x, 5)).item());
    const second = tidy(() => {
      const t = mul(x, 0); // fresh zeros, whatever storage it reuses
      return sum(t).item();
    });
    expect(first).toBe(12000);
    expect(second).toBe(0);
  });

  it('keeps tensors found in arrays, objects and Maps, and views sharing kept storage', () => {
    const x = big(1);
    const r = tidy(() => {
      const a = add(x, 1);
      return { list: [a], map: new Map([['b', add(x, 2)]]), view: reshape(a, [2, 1000]) };
    });
    expect(r.list[0].data[0]).toBe(2);
    expect(r.map.get('b')?.data[0]).toBe(3);
    expect(r.view.data[1999]).toBe(2);
  });

  it('nests: the inner result survives the outer scope only if the outer returns it', () => {
    const x = big(1);
    let fromInner: Tensor | undefined;
    const out = tidy(() => {
      fromInner = tidy(() => add(x, 1));
      return add(fromInner, 1);
    });
    expect(out.data[0]).toBe(3);
    expect(() => add(fromInner as Tensor, 0)).toThrow(/released by tidy/);
  });

  it('releases nothing while a tape records (the tape still needs its inputs)', () => {
    const x = big(3);
    const tape = new GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      const h = tidy(() => mul(x, x));
      return sum(h);
    });
    expect(tape.gradient(y, x)?.data[0]).toBe(6);
  });

  it('hands everything to the parent when fn throws', () => {
    const x = big(1);
    let made: Tensor | undefined;
    expect(() =>
      tidy(() => {
        made = add(x, 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect((made as Tensor).data[0]).toBe(2);
  });
});
