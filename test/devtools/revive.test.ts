import { describe, expect, it } from 'vitest';
import { revive, serialize } from '../../src/devtools/protocol-exports';

describe('revive: payloads the panel sends back', () => {
  it('turns recorded markers back into values', () => {
    const original = {
      n: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      big: 12345678901234567890n,
      at: new Date('2026-05-01T10:00:00.000Z'),
      re: /x+/g,
      map: new Map([['a', new Set([1, 2])]]),
      missing: undefined,
      list: [1, 'two', null],
    };
    const revived = revive(JSON.parse(JSON.stringify(serialize(original).value)));
    expect(revived).toEqual({ ok: true, value: original });
  });

  it('gives class instances back as their plain fields (a registry rebuilds the class)', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(revive(serialize(new Point(1, 2)).value)).toEqual({ ok: true, value: { x: 1, y: 2 } });
  });

  it('refuses markers of lost data, naming where they are', () => {
    const payload = serialize({ a: { fn: () => 1 } }).value;
    expect(revive(payload)).toEqual({ ok: false, reason: expect.stringContaining('function value at $.a.fn') });
    expect(revive({ list: [{ $hubbub: 'redacted' }] })).toEqual({
      ok: false,
      reason: expect.stringContaining('redacted value at $.list[0]'),
    });
    expect(revive({ $hubbub: 'date' })).toEqual({ ok: false, reason: 'the payload holds a malformed date marker at $' });
  });

  it('keeps a __proto__ key as a plain field, on the way out and back', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
    const sent = serialize(hostile).value as Record<string, unknown>;
    expect(Object.keys(sent)).toEqual(['__proto__', 'ok']);
    const back = revive(JSON.parse(JSON.stringify(sent)));
    expect(back.ok && Object.getPrototypeOf(back.value)).toBe(Object.prototype);
    expect(back.ok && Object.keys(back.value as object)).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
