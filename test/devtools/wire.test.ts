import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEntries } from '../../src/devtools/entries';
import {
  type BatchMessage,
  checkPageMessage,
  fromWire,
  PAGE_SOURCE,
  PROTOCOL_VERSION,
  readBatch,
  type StreamEntry,
  serialize,
  toWire,
} from '../../src/devtools/protocol-exports';

const batch = (entries: unknown, count = 0): BatchMessage =>
  ({
    source: PAGE_SOURCE,
    version: PROTOCOL_VERSION,
    sessionId: 's',
    instanceId: 'b',
    kind: 'batch',
    entries,
    count,
    dropped: 0,
  }) as BatchMessage;

const error = { name: 'TypeError', message: 'bad', stack: 'TypeError: bad\n    at x' };
const subscription = { id: 3, type: 'cart/added', isClass: false, label: 'count', priority: 0, once: false };
/** One entry of every type, with and without each optional field. */
const corpus: StreamEntry[] = [
  {
    type: 'event',
    seq: 1,
    id: 'e1',
    eventType: 'cart/added',
    payload: { sku: 'tea', n: null },
    timestamp: 1_700_000_000_000,
    correlationId: 'e1',
    causationId: undefined,
    depth: 0,
    via: 'emit',
    replayed: false,
  },
  {
    type: 'event',
    seq: 2,
    id: 'e2',
    eventType: 'ping',
    payload: null,
    timestamp: 1,
    correlationId: 'e1',
    causationId: 'e1',
    depth: 1,
    via: 'publish',
    replayed: true,
  },
  { type: 'middleware', seq: 3, eventId: 'e1', name: 'auth', decision: 'passed', duration: 0.001 },
  { type: 'middleware', seq: 4, eventId: 'e1', name: 'bulk', decision: 'transformed', value: { qty: 9 }, duration: 0 },
  { type: 'middleware', seq: 5, eventId: 'e1', name: 'nulling', decision: 'transformed', value: null, duration: 0 },
  { type: 'middleware', seq: 6, eventId: 'e1', name: 'strict', decision: 'threw', error, duration: 1.5 },
  { type: 'middleware', seq: 7, eventId: 'e1', name: 'gate', decision: 'blocked', duration: 0 },
  { type: 'handler', seq: 8, eventId: 'e1', subscriptionId: 3, label: 'count', duration: 0.01, outcome: 'ok', async: false },
  { type: 'handler', seq: 9, eventId: 'e1', subscriptionId: 4, label: 'save', duration: 2, outcome: 'error', error, async: true },
  { type: 'dispatched', seq: 10, eventId: 'e1', delivered: 2, errorCount: 1 },
  { type: 'dispatched', seq: 11, eventId: 'e2', delivered: 0, errorCount: 0, blockedBy: 'gate' },
  { type: 'subscription', seq: 12, change: 'added', subscription },
  { type: 'storm', seq: 13, eventId: 'e9', eventType: 'ping', depth: 33, message: 'storm', chain: ['e1', 'e2'] },
  { type: 'saga', seq: 14, saga: 'checkout', key: 'k1', status: 'progress', received: ['a'] },
  { type: 'saga', seq: 15, saga: 'checkout', key: 'k1', status: 'failed', received: ['a', 'b'], error },
  { type: 'warning', seq: 16, message: 'sanitize() threw' },
];

/** What a reader gets: JSON drops undefined fields. */
const asJson = (entries: readonly StreamEntry[]) => JSON.parse(JSON.stringify(entries)) as unknown;

describe('the wire form of stream entries', () => {
  it('turns every entry type into a tuple and back, through JSON text and as tuples', () => {
    const wire = corpus.map(toWire);
    expect(readBatch(batch(encodeEntries(wire), wire.length))).toEqual(asJson(corpus));
    expect(readBatch(batch(wire, wire.length))).toEqual(asJson(corpus));
    expect(toWire(corpus[7] as StreamEntry)).toEqual(['handler', 8, 'e1', 3, 'count', 0.01, 'ok', false]);
    expect(toWire(corpus[4] as StreamEntry)).toEqual(['middleware', 5, 'e1', 'nulling', 'transformed', 0, null, null, null]);
  });

  it('is half the JSON of the objects', () => {
    expect(encodeEntries(corpus.map(toWire)).length).toBeLessThan(JSON.stringify(corpus).length * 0.7);
  });

  it('carries any serialized payload unchanged', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (value) => {
        const payload = serialize(value).value;
        const entry: StreamEntry = { ...(corpus[0] as Extract<StreamEntry, { type: 'event' }>), payload };
        const read = readBatch(batch(encodeEntries([toWire(entry)]), 1));
        expect(read).toEqual(asJson([entry]));
      }),
    );
  });

  it('reads nothing from a malformed batch, and never throws', () => {
    for (const entries of [
      'not json',
      '{"type":"event"}',
      '[["event"]]',
      '[["nope",1]]',
      '[["warning","1","x"]]',
      '[["dispatched",1,"e1"]]',
      '[{"type":"warning","seq":1,"message":"objects are not the wire form"}]',
      '[["__proto__",1]]',
    ]) {
      expect(readBatch(batch(entries))).toBeUndefined();
    }
    expect(readBatch(batch([['warning', 1]]))).toBeUndefined();
    expect(fromWire(['warning', 1, 'ok'])).toEqual({ type: 'warning', seq: 1, message: 'ok' });
  });

  it('checks the batch envelope on the way, and each entry once, where it is read', () => {
    const ok = batch('[]', 0);
    expect(checkPageMessage(ok).ok).toBe(true);
    expect(checkPageMessage(batch([['warning', 1, 'x']], 1)).ok).toBe(true);
    expect(checkPageMessage({ ...ok, count: undefined })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkPageMessage({ ...ok, entries: 42 })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(readBatch(batch([{ type: 'warning', seq: 1 }], 1))).toBeUndefined();
  });

  it('checks every field of an entry against its guard in the table', () => {
    for (const wire of [
      ['event', 1, 'e1', 'cart', null, 0, 'e1', null, 0, 'sideways', false],
      ['handler', 1, 'e1', 3, 'count', 0, 'maybe', false],
      ['handler', 1, 'e1', 3, 'count', 0, 'error', false, { name: 'E' }],
      ['subscription', 1, 'added', { id: 1 }],
      ['storm', 1, 'e1', 'ping', 3, 'storm', [1, 2]],
      ['saga', 1, 'checkout', 'k', 'exploded', []],
      ['dispatched', 1, 'e1', 1, 0, 42],
    ]) {
      expect(fromWire(wire)).toBeUndefined();
    }
    expect(fromWire(['dispatched', 1, 'e1', 1, 0, 'gate', 'not signed in'])).toEqual({
      type: 'dispatched',
      seq: 1,
      eventId: 'e1',
      delivered: 1,
      errorCount: 0,
      blockedBy: 'gate',
      blockReason: 'not signed in',
    });
  });
});

describe('encodeEntries', () => {
  it('turns an entry JSON cannot carry into a warning instead of throwing', () => {
    const cyclic: unknown[] = ['warning', 2, 'x'];
    cyclic.push(cyclic);
    const text = encodeEntries([['warning', 1, 'fine'], cyclic as never, ['dispatched', 3, 'e1', 1, 0, 10n as never]]);
    expect(readBatch(batch(text, 3))).toEqual([
      { type: 'warning', seq: 1, message: 'fine' },
      { type: 'warning', seq: 2, message: expect.stringContaining('could not be encoded') },
      { type: 'warning', seq: 3, message: expect.stringContaining('could not be encoded') },
    ]);
  });
});
