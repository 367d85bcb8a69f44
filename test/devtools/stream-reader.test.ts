import { describe, expect, it } from 'vitest';
import { createEventsStore } from '../../src/devtools/panel/model/events';
import { PAGE_SOURCE, PROTOCOL_VERSION, type StreamEntry, toWire } from '../../src/devtools/protocol';
import { createStreamReader, eventKey } from '../../src/devtools/stream-reader';
import { recordBus } from '../../src/testing/playwright/record-bus';
import { fakePage } from './support/fake-page';

const event = (seq: number, id = `e${seq}`): StreamEntry => ({
  type: 'event',
  seq,
  id,
  eventType: 'cart/add',
  payload: { seq },
  timestamp: seq,
  correlationId: id,
  causationId: undefined,
  depth: 0,
  via: 'emit',
  replayed: false,
});
const handler = (seq: number, eventId: string, outcome: 'ok' | 'error' = 'ok'): StreamEntry => ({
  type: 'handler',
  seq,
  eventId,
  subscriptionId: 1,
  label: 'stock',
  duration: 0,
  outcome,
  ...(outcome === 'error' ? { error: { name: 'Error', message: 'boom' } } : {}),
  async: false,
});
const middleware = (seq: number, eventId: string, decision: 'passed' | 'blocked' = 'passed'): StreamEntry => ({
  type: 'middleware',
  seq,
  eventId,
  name: 'auth',
  decision,
  duration: 0,
});
const dispatched = (seq: number, eventId: string): StreamEntry => ({ type: 'dispatched', seq, eventId, delivered: 1, errorCount: 0 });
const storm = (seq: number, eventId: string): StreamEntry => ({
  type: 'storm',
  seq,
  eventId,
  eventType: 'ping',
  depth: 33,
  message: 'storm',
  chain: [eventId],
});
const seqsOf = (list: readonly StreamEntry[]) => list.map((e) => e.seq);

describe('the stream reader', () => {
  it('skips duplicates: a history re-sent to every viewer that connects is read once', () => {
    const reader = createStreamReader();
    expect(seqsOf(reader.read('k', [event(0), event(1), event(2)]).fresh)).toEqual([0, 1, 2]);
    expect(seqsOf(reader.read('k', [event(0), event(1), event(2), event(3)]).fresh)).toEqual([3]);
    expect(reader.read('k', [event(3)]).events).toEqual([]);
  });

  it('fills gaps: entries of a lost batch are taken when the re-sent history brings them, and marked late', () => {
    const reader = createStreamReader();
    reader.read('k', [event(0), event(1), event(2)]);
    // The batch with 3 and 4 was lost (the service worker stopped mid-send).
    expect(seqsOf(reader.read('k', [event(5), event(6)]).fresh)).toEqual([5, 6]);
    const repaired = reader.read('k', [event(0), event(1), event(2), event(3), handler(4, 'e3'), event(5), event(6), event(7)]);
    expect(seqsOf(repaired.fresh)).toEqual([3, 4, 7]);
    expect(repaired.events.map((e) => [e.id, repaired.late.has(e)])).toEqual([
      ['e3', true],
      ['e7', false],
    ]);
    expect(reader.event(eventKey('k', 'e3'))?.handlers.map((h) => h.seq)).toEqual([4]);
  });

  it('does not count gaps before the first entry it saw (what the page dropped before the viewer opened)', () => {
    const reader = createStreamReader();
    expect(seqsOf(reader.read('k', [event(40), event(41)]).fresh)).toEqual([40, 41]);
    expect(seqsOf(reader.read('k', [event(3), event(39), event(40)]).fresh)).toEqual([]);
  });

  it('does not remember a gap of 10,000 seqs or more: those entries count as dropped', () => {
    const reader = createStreamReader();
    reader.read('wide', [event(0), event(10_001)]);
    expect(seqsOf(reader.read('wide', [event(1), event(5_000), event(10_000)]).fresh)).toEqual([]);
    reader.read('narrow', [event(0), event(10_000)]);
    expect(seqsOf(reader.read('narrow', [event(1), event(5_000), event(9_999)]).fresh)).toEqual([1, 5_000, 9_999]);
  });

  it('remembers the gaps of a batch whose seqs jump by millions as ranges, keeping the newest 10,000 missing seqs', () => {
    const reader = createStreamReader();
    reader.read('k', [event(0)]);
    // 1000 entries, each after a gap of 9,999: about 10 million missing seqs.
    const jumping = Array.from({ length: 1_000 }, (_, i) => event((i + 1) * 10_000));
    expect(reader.read('k', jumping).fresh).toHaveLength(1_000);
    // Remembered: the last gap (9,990,001 to 9,999,999) and the newest seq of the one before.
    const repaired = reader.read('k', [event(9_989_998), event(9_989_999), event(9_995_000), event(9_995_000)]);
    expect(seqsOf(repaired.fresh)).toEqual([9_989_999, 9_995_000]);
    expect(seqsOf(reader.read('k', [event(9_994_999), event(9_995_001), event(9_990_001), event(9_999_999)]).fresh)).toEqual([
      9_994_999, 9_995_001, 9_990_001, 9_999_999,
    ]);
    expect(seqsOf(reader.read('k', [event(9_994_999), event(9_995_001), event(9_990_001), event(9_999_999)]).fresh)).toEqual([]);
  });

  it("joins an event's middleware decisions, handler runs, dispatch summary and storm into one record", () => {
    const reader = createStreamReader();
    const first = reader.read('k', [event(1, 'a'), middleware(2, 'a'), handler(3, 'a', 'error')]);
    expect(first.joined.map((j) => [j.event.id, j.part.seq])).toEqual([
      ['a', 2],
      ['a', 3],
    ]);
    reader.read('k', [dispatched(4, 'a'), storm(5, 'a'), middleware(6, 'unknown')]);
    expect(reader.event(eventKey('k', 'a'))).toMatchObject({
      id: 'a',
      middleware: [{ seq: 2, name: 'auth' }],
      handlers: [{ seq: 3, outcome: 'error' }],
      dispatched: { seq: 4, delivered: 1 },
      storm: { seq: 5 },
    });
  });

  it('keeps the streams of different buses and sessions apart', () => {
    const reader = createStreamReader();
    reader.read('bus-1/s1', [event(1, 'a')]);
    expect(seqsOf(reader.read('bus-1/s2', [event(1, 'a')]).fresh)).toEqual([1]);
    expect(reader.event(eventKey('bus-1/s2', 'a'))).not.toBe(reader.event(eventKey('bus-1/s1', 'a')));
  });

  it('forgetEvents keeps positions: entries read before stay skipped', () => {
    const reader = createStreamReader();
    reader.read('k', [event(1), event(2)]);
    reader.forgetEvents();
    expect(reader.read('k', [event(1), event(2), event(3)]).events.map((e) => e.seq)).toEqual([3]);
    expect(seqsOf(reader.read('k', [event(3), event(4)]).fresh)).toEqual([4]);
  });
});

const base = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 's1', instanceId: 'bus-1' };
const batch = (entries: StreamEntry[]) => ({
  ...base,
  kind: 'batch',
  entries: JSON.stringify(entries.map(toWire)),
  count: entries.length,
  dropped: 0,
});

describe('the panel and recordBus read the same way', () => {
  /** A stream with a lost batch (seq 3-4) that the history re-sent on reconnect repairs. */
  const batches = [
    [event(1, 'a'), handler(2, 'a')],
    [event(5, 'c'), handler(6, 'c', 'error')],
    [event(1, 'a'), handler(2, 'a'), event(3, 'b'), handler(4, 'b', 'error'), event(5, 'c'), handler(6, 'c', 'error')],
  ];

  it('both take the late event and its error once, and skip the duplicates', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus(page);
    send({
      ...base,
      kind: 'hello',
      instance: { id: 'bus-1', name: 'shop', allowDispatch: false, url: 'http://localhost/', buffered: 0, dropped: 0, streaming: true },
    });
    for (const entries of batches) send(batch(entries));

    const panel = createEventsStore();
    for (const entries of batches) panel.getState().ingest('bus-1', entries);

    expect(recorder.events.map((e) => e.id)).toEqual(['a', 'c', 'b']);
    expect(recorder.errors.map((e) => [e.eventId, e.eventType])).toEqual([
      ['c', 'cart/add'],
      ['b', 'cart/add'],
    ]);
    expect(recorder.entries.map((e) => e.seq)).toEqual([1, 2, 5, 6, 3, 4]);
    // The panel shows the late event in its bus's order.
    expect(panel.getState().records.map((r) => [r.id, r.status])).toEqual([
      ['a', 'pending'],
      ['b', 'failed'],
      ['c', 'failed'],
    ]);
  });
});
