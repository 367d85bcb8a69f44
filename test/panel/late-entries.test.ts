import { describe, expect, it } from 'vitest';
import { createEventsStore } from '../../src/devtools/panel/model/events';
import { createInstancesStore } from '../../src/devtools/panel/model/instances';
import { createVisibleIndex } from '../../src/devtools/panel/model/visible';
import type { InstanceInfo, StreamEntry, SubscriptionEntry } from '../../src/devtools/protocol';

// Entries that arrive late fill a gap: a batch was lost when the service worker stopped mid-send,
// and the page's re-sent history brings it back after newer batches were already shown.

const event = (seq: number, id = `e${seq}`): StreamEntry => ({
  type: 'event',
  seq,
  id,
  eventType: 'cart/add',
  payload: { seq },
  timestamp: 1_700_000_000_000 + seq,
  correlationId: id,
  causationId: undefined,
  depth: 0,
  via: 'publish',
  replayed: false,
});
const handlerFailed = (seq: number, eventId: string): StreamEntry => ({
  type: 'handler',
  seq,
  eventId,
  subscriptionId: 1,
  label: 'cart',
  duration: 0.1,
  outcome: 'error',
  error: { name: 'Error', message: 'boom' },
  async: false,
});
const noFilter = { eventType: '', text: '', regex: false, invert: false, instanceKey: '' };

describe('the log keeps each bus in the order its events happened', () => {
  it('puts a late event before the first newer event of its bus, after other buses’ events', () => {
    const events = createEventsStore();
    const { ingest } = events.getState();
    ingest('A', [event(0), event(1), event(2)]);
    ingest('B', [event(0, 'b0')]);
    ingest('A', [event(6, 'e5'), event(7, 'e6')]);
    expect(ingest('A', [event(3), handlerFailed(4, 'e3'), event(5, 'e4')]).added).toBe(2);

    const log = events.getState().records;
    expect(log.map((r) => `${r.instanceKey}:${r.id}`)).toEqual(['A:e0', 'A:e1', 'A:e2', 'B:b0', 'A:e3', 'A:e4', 'A:e5', 'A:e6']);
    const ingests = log.map((r) => r.ingest);
    expect(ingests).toEqual([...ingests].sort((a, b) => a - b));
    expect(new Set(ingests).size).toBe(ingests.length);
    expect(events.getState().byKey('A#e3')?.status).toBe('failed');
  });

  it('the filtered view shows late events in place, and keeps updating incrementally after', () => {
    const events = createEventsStore();
    const visible = createVisibleIndex();
    const { ingest, trim } = events.getState();
    const ids = () => visible.update(events.getState().records, noFilter).records.map((r) => r.id);
    ingest('A', [event(0), event(1)]);
    ingest('A', [event(4)]);
    expect(ids()).toEqual(['e0', 'e1', 'e4']);
    ingest('A', [event(2), event(3)]);
    expect(ids()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    ingest('A', [event(5)]);
    expect(ids()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    trim(3);
    expect(ids()).toEqual(['e3', 'e4', 'e5']);
    ingest('A', [event(6)]);
    expect(ids()).toEqual(['e3', 'e4', 'e5', 'e6']);
  });

  it('a late event older than everything left after trimming goes first', () => {
    const events = createEventsStore();
    const { ingest, trim } = events.getState();
    ingest('A', [event(0), event(5), event(6)]);
    trim(2);
    ingest('A', [event(1)]);
    expect(events.getState().records.map((r) => r.id)).toEqual(['e1', 'e5', 'e6']);
  });
});

describe('subscription changes that arrive late', () => {
  const info = { name: 'shop', dropped: 0 } as unknown as InstanceInfo;
  const subscription = (id: number): SubscriptionEntry => ({
    id,
    type: 'cart/add',
    isClass: false,
    label: `h${id}`,
    priority: 0,
    once: false,
  });
  const change = (seq: number, kind: 'added' | 'removed', id: number): StreamEntry => ({
    type: 'subscription',
    seq,
    change: kind,
    subscription: subscription(id),
  });

  it('an old "added" cannot revive a subscription removed since; one with no newer change is applied', () => {
    const store = createInstancesStore();
    const events = createEventsStore();
    const { hello, applyEntries } = store.getState();
    const acceptEntries = (key: string, entries: StreamEntry[], dropped: number) =>
      applyEntries(key, events.getState().ingest(key, entries).fresh, dropped);
    const ids = () =>
      store
        .getState()
        .instances.get('k')
        ?.subscriptions.map((s) => s.id);
    hello('k', 's1', info, undefined);
    acceptEntries('k', [change(0, 'added', 1)], 0);
    // Lost batch: seq 1 added handler 2, seq 2 added handler 3.
    acceptEntries('k', [change(3, 'removed', 2)], 0);
    expect(ids()).toEqual([1]);
    acceptEntries('k', [change(0, 'added', 1), change(1, 'added', 2), change(2, 'added', 3), change(3, 'removed', 2)], 0);
    expect(ids()).toEqual([1, 3]);
  });
});
