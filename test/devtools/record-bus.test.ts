// @vitest-environment happy-dom
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PAGE_SOURCE, PROTOCOL_VERSION, type StreamEntry, toWire } from '../../src/devtools/protocol-exports';
import type { RecordedEvent } from '../../src/testing/playwright/index';
import { recordBus } from '../../src/testing/playwright/record-bus';
import { fakePage } from './support/fake-page';

const base = (sessionId: string) => ({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId, instanceId: 'bus-1' });
const hello = (sessionId: string) => ({
  ...base(sessionId),
  kind: 'hello',
  instance: { id: 'bus-1', name: 'shop', allowDispatch: false, url: 'http://localhost/', buffered: 0, dropped: 0, streaming: true },
});
const event = (seq: number, id: string): StreamEntry => ({
  type: 'event',
  seq,
  id,
  eventType: 'cart/added',
  payload: { sku: id },
  timestamp: 0,
  correlationId: id,
  causationId: undefined,
  depth: 0,
  via: 'emit',
  replayed: false,
});
const handlerError = (seq: number, eventId: string): StreamEntry => ({
  type: 'handler',
  seq,
  eventId,
  subscriptionId: 1,
  label: 'checkStock',
  duration: 0,
  outcome: 'error',
  error: { name: 'Error', message: 'out of stock' },
  async: false,
});
const middleware = (seq: number, eventId: string): StreamEntry => ({
  type: 'middleware',
  seq,
  eventId,
  name: 'auth',
  decision: 'passed',
  duration: 0,
});
/** A batch as the page sends it: the wire entries as one JSON text, or (big payloads) the tuples themselves. */
const batch = (sessionId: string, entries: StreamEntry[], asText = true) => ({
  ...base(sessionId),
  kind: 'batch',
  entries: asText ? JSON.stringify(entries.map(toWire)) : entries.map(toWire),
  count: entries.length,
  dropped: 0,
});

describe('recordBus: a page re-sends its history to every viewer that connects', () => {
  it('records each entry once per bus session, even when the history arrives again', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus(page);
    send(hello('s1'));
    const history = [event(1, 'a'), middleware(2, 'a'), handlerError(3, 'a'), event(4, 'b')];
    send(batch('s1', history));
    // Another viewer connected: hello again, then the whole retained history, then live entries.
    send(hello('s1'));
    send(batch('s1', history, false));
    send(batch('s1', [middleware(5, 'b'), event(6, 'c')]));
    expect(recorder.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(recorder.errors.map((e) => e.eventId)).toEqual(['a']);
    expect(recorder.middleware.map((m) => m.eventId)).toEqual(['a', 'b']);
    expect(recorder.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(recorder.instances).toHaveLength(1);

    // A reload is a new session: its seqs start again and are all recorded.
    send(hello('s2'));
    send(batch('s2', [event(1, 'd')]));
    expect(recorder.events.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);

    // clear() forgets what was recorded; a later re-send of the same history does not bring it back.
    recorder.clear();
    send(batch('s2', [event(1, 'd'), event(2, 'e')]));
    expect(recorder.events.map((e) => e.id)).toEqual(['e']);
  });
});

describe('recordBus: waits', () => {
  it('a where() that throws rejects its own wait with that error, and other waits still resolve', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus(page);
    const broken = recorder.waitFor('cart/added', {
      where: (e) => {
        if (e.payload.sku === 'a') throw new RangeError('no stock field');
        return false;
      },
    });
    const other = recorder.waitFor('cart/added', { where: (e) => e.payload.sku === 'b' });
    send(hello('s1'));
    send(batch('s1', [event(1, 'a'), event(2, 'b')]));
    await expect(broken).rejects.toThrow('[hubbub] where() of recorder.waitFor("cart/added") threw: RangeError: no stock field');
    await expect(other).resolves.toMatchObject({ id: 'b' });
  });

  it('takes patterns, "*" and event classes', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus(page);
    send(hello('s1'));
    send(batch('s1', [event(1, 'a')]));
    class CartAdded {
      static type = 'cart/added';
      constructor(readonly sku: string) {}
    }
    await expect(recorder.waitFor('cart/*')).resolves.toMatchObject({ id: 'a' });
    await expect(recorder.waitFor('**')).resolves.toMatchObject({ id: 'a' });
    await expect(recorder.waitFor('*')).resolves.toMatchObject({ id: 'a' });
    await expect(recorder.waitFor(CartAdded)).resolves.toMatchObject({ id: 'a' });
    await expect(recorder.waitFor('order/*', { timeout: 0 })).rejects.toThrow('no "order/*" event within 0 ms. Recorded: cart/added.');
  });

  it('a timeout counts the entries that never reached the recorder', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus(page, { timeout: 0 });
    send(hello('s1'));
    // The page's buffer let seqs 1 to 4 go before this viewer connected, and 6 got lost on the way.
    send(batch('s1', [event(5, 'e'), event(7, 'g')]));
    await expect(recorder.waitFor('cart/added', { where: (e) => e.id === 'a' })).rejects.toThrow(
      /Recorded: cart\/added ×2\. 5 entries of the page's stream never reached this recorder/,
    );
  });
});

describe('recordBus: types for an Events map', () => {
  type Events = { 'cart/added': { sku: string; qty: number }; 'cart/removed': { sku: string }; 'app/ready': { at: Date } };

  it('checks keys and patterns against the map and types payloads', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus<Events>(page, { timeout: 0 });
    send(hello('s1'));
    send(batch('s1', [event(1, 'a')]));
    expectTypeOf(recorder.waitFor('cart/added')).resolves.toEqualTypeOf<RecordedEvent<{ sku: string; qty: number }>>();
    expectTypeOf(recorder.waitFor('cart/*')).resolves.toEqualTypeOf<RecordedEvent<{ sku: string; qty: number } | { sku: string }>>();
    // @ts-expect-error a typo is not an event of the map
    await expect(recorder.waitFor('cart/addded')).rejects.toThrow('no "cart/addded" event');
    // @ts-expect-error a pattern that matches no event of the map
    await expect(recorder.waitFor('order/*')).rejects.toThrow('no "order/*" event');
  });
});
