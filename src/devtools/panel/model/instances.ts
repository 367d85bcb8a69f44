import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EntryOf, FrameInfo, InstanceInfo, LeakSuspectEntry, LeftOutSummary, StreamEntry, SubscriptionEntry } from '../../protocol';

/** A bus the panel has heard from, in one frame of one page session. */
export interface InstanceRecord {
  readonly key: string;
  readonly sessionId: string;
  readonly info: InstanceInfo;
  readonly frame: FrameInfo | undefined;
  /** Subscriptions in the order handlers run: priority, then subscription order. */
  readonly subscriptions: readonly SubscriptionEntry[];
  /** Entries the page's ring buffer dropped before they reached the panel. */
  readonly dropped: number;
  /** False after `goodbye` or when its frame went away. */
  readonly live: boolean;
  /** Events the page's recording controls left out, as of its latest batch that said. */
  readonly leftOut?: LeftOutSummary;
  /** Subscription labels and keys the page's leak detector suspects, as of its latest batch that said. */
  readonly leaks?: readonly LeakSuspectEntry[];
  /** Each saga key heard of, latest change first: its state and the events that moved it. */
  readonly sagas: readonly SagaRecord[];
}

/**
 * One saga key as the panel knows it: its latest state and the events that moved it, oldest first.
 *
 * @example
 * const record: SagaRecord = { saga: 'fulfillment', key: 'o-1', status: 'completed', received: ['PaymentProcessed'], eventIds: ['shop.3'], seq: 9 }
 */
export interface SagaRecord {
  readonly saga: string;
  readonly key: string;
  readonly status: EntryOf<'saga'>['status'];
  readonly received: readonly string[];
  readonly eventIds: readonly string[];
  /** The `seq` of its latest change. */
  readonly seq: number;
}

/** What a batch may say about an instance's state besides its entries. */
export interface InstanceState {
  readonly leftOut: LeftOutSummary | undefined;
  readonly leaks: readonly LeakSuspectEntry[] | undefined;
}

export interface InstancesState {
  readonly instances: ReadonlyMap<string, InstanceRecord>;
  readonly hello: (key: string, sessionId: string, info: InstanceInfo, frame: FrameInfo | undefined) => boolean;
  /** Applies the subscription changes among entries read for the first time (see the stream reader), and counts `dropped`. */
  readonly applyEntries: (key: string, fresh: readonly StreamEntry[], dropped: number) => void;
  readonly snapshot: (key: string, subscriptions: readonly SubscriptionEntry[]) => void;
  /** Keeps the left-out counts and leak suspects a batch carried (each replaces the previous one). */
  readonly applyState: (key: string, state: InstanceState) => void;
  /** Adds instances read from an export file (never live). */
  readonly restore: (instances: readonly InstanceRecord[]) => void;
  readonly markGone: (predicate: (instance: InstanceRecord) => boolean) => void;
  readonly clear: () => void;
}

const byRunOrder = (a: SubscriptionEntry, b: SubscriptionEntry) => b.priority - a.priority || a.id - b.id;

/** Most subscription ids whose last change `seq` is remembered per instance (oldest forgotten first). */
const MAX_TRACKED_SUBSCRIPTIONS = 10_000;
/** Most saga keys kept per instance (the longest unchanged forgotten first), and event ids per key. */
const MAX_TRACKED_SAGAS = 1_000;
const MAX_SAGA_EVENTS = 32;

/** The saga list after `entry`: its key first (a late, older change is ignored), bounded. */
const withSagaEntry = (sagas: readonly SagaRecord[], entry: EntryOf<'saga'>): readonly SagaRecord[] => {
  const existing = sagas.find((s) => s.saga === entry.saga && s.key === entry.key);
  if (existing && existing.seq > entry.seq) return sagas;
  const eventIds =
    entry.eventId === undefined ? (existing?.eventIds ?? []) : [...(existing?.eventIds ?? []), entry.eventId].slice(-MAX_SAGA_EVENTS);
  // An ignored duplicate leaves the key as it was (pending, or completed): only its event is listed.
  const status = entry.status === 'duplicate' && existing ? existing.status : entry.status;
  const received = entry.status === 'duplicate' && existing ? existing.received : entry.received;
  const record: SagaRecord = { saga: entry.saga, key: entry.key, status, received, eventIds, seq: entry.seq };
  return [record, ...sagas.filter((s) => s !== existing)].slice(0, MAX_TRACKED_SAGAS);
};

/**
 * Creates the instances model: every bus heard from, its subscriptions and stream position.
 *
 * @example
 * const instances = createInstancesStore()
 * instances.getState().hello('top/s1/bus-1', 's1', message.instance, undefined)
 */
export const createInstancesStore = (): StoreApi<InstancesState> =>
  createStore<InstancesState>()((set, get) => {
    /**
     * Per instance, the `seq` of the last change applied to each subscription id, so a change that
     * arrives late (filling a gap) cannot undo a newer one: a stale 'added' must not revive a removed handler.
     */
    const changedAt = new Map<string, Map<number, number>>();
    const update = (key: string, change: (instance: InstanceRecord) => InstanceRecord) => {
      const current = get().instances.get(key);
      if (!current) return;
      const next = new Map(get().instances);
      next.set(key, change(current));
      set({ instances: next });
    };
    return {
      instances: new Map(),
      hello(key, sessionId, info, frame) {
        const existing = get().instances.get(key);
        const next = new Map(get().instances);
        next.set(key, {
          key,
          sessionId,
          info,
          frame,
          subscriptions: existing?.subscriptions ?? [],
          sagas: existing?.sagas ?? [],
          dropped: existing?.dropped ?? info.dropped,
          live: true,
          ...(existing?.leftOut && { leftOut: existing.leftOut }),
          ...(existing?.leaks && { leaks: existing.leaks }),
        });
        set({ instances: next });
        return existing === undefined || !existing.live;
      },
      applyEntries(key, fresh, dropped) {
        const instance = get().instances.get(key);
        if (!instance) return;
        let subscriptions = instance.subscriptions;
        const applied = changedAt.get(key) ?? new Map<number, number>();
        changedAt.set(key, applied);
        let sagas = instance.sagas;
        for (const entry of fresh) {
          if (entry.type === 'saga') sagas = withSagaEntry(sagas, entry);
          if (entry.type !== 'subscription') continue;
          const id = entry.subscription.id;
          if ((applied.get(id) ?? -1) > entry.seq) continue;
          applied.delete(id);
          applied.set(id, entry.seq);
          if (applied.size > MAX_TRACKED_SUBSCRIPTIONS) applied.delete(applied.keys().next().value as number);
          const others = subscriptions.filter((s) => s.id !== id);
          subscriptions = entry.change === 'added' ? [...others, entry.subscription].sort(byRunOrder) : others;
        }
        if (subscriptions === instance.subscriptions && sagas === instance.sagas && dropped === 0) return;
        update(key, (i) => ({ ...i, subscriptions, sagas, dropped: i.dropped + dropped }));
      },
      applyState(key, { leftOut, leaks }) {
        if (leftOut === undefined && leaks === undefined) return;
        update(key, (i) => ({ ...i, ...(leftOut && { leftOut }), ...(leaks && { leaks }) }));
      },
      snapshot(key, subscriptions) {
        update(key, (i) => ({ ...i, subscriptions: [...subscriptions].sort(byRunOrder) }));
      },
      restore(list) {
        const next = new Map(get().instances);
        for (const instance of list)
          if (!next.has(instance.key)) next.set(instance.key, { ...instance, sagas: instance.sagas ?? [], live: false });
        set({ instances: next });
      },
      markGone(predicate) {
        const next = new Map(get().instances);
        for (const [key, instance] of next) if (instance.live && predicate(instance)) next.set(key, { ...instance, live: false });
        set({ instances: next });
      },
      clear() {
        changedAt.clear();
        set({ instances: new Map() });
      },
    };
  });
