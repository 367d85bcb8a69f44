import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FrameInfo, InstanceInfo, LeakSuspectEntry, LeftOutSummary, StreamEntry, SubscriptionEntry } from '../../protocol';

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
        for (const entry of fresh) {
          if (entry.type !== 'subscription') continue;
          const id = entry.subscription.id;
          if ((applied.get(id) ?? -1) > entry.seq) continue;
          applied.delete(id);
          applied.set(id, entry.seq);
          if (applied.size > MAX_TRACKED_SUBSCRIPTIONS) applied.delete(applied.keys().next().value as number);
          const others = subscriptions.filter((s) => s.id !== id);
          subscriptions = entry.change === 'added' ? [...others, entry.subscription].sort(byRunOrder) : others;
        }
        if (subscriptions === instance.subscriptions && dropped === 0) return;
        update(key, (i) => ({ ...i, subscriptions, dropped: i.dropped + dropped }));
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
        for (const instance of list) if (!next.has(instance.key)) next.set(instance.key, { ...instance, live: false });
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
