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
  /**
   * Buses forgotten past the caps and not heard from since: how many, and the names of the latest
   * {@link MAX_FORGOTTEN_NAMES} by key (their recorded events stay in the log and keep their bus's name).
   */
  readonly forgotten: { readonly count: number; readonly names: ReadonlyMap<string, string> };
  readonly hello: (key: string, sessionId: string, info: InstanceInfo, frame: FrameInfo | undefined) => boolean;
  /** Applies the subscription changes among entries read for the first time (see the stream reader), and counts `dropped`. */
  readonly applyEntries: (key: string, fresh: readonly StreamEntry[], dropped: number) => void;
  readonly snapshot: (key: string, subscriptions: readonly SubscriptionEntry[]) => void;
  /** Keeps the left-out counts and leak suspects a batch carried (each replaces the previous one). */
  readonly applyState: (key: string, state: InstanceState) => void;
  /** Adds instances read from an export file (never live). */
  readonly restore: (instances: readonly InstanceRecord[]) => void;
  readonly markGone: (predicate: (instance: InstanceRecord) => boolean) => void;
  /** The log was cleared: the entries the pages' buffers dropped before it no longer count. */
  readonly resetDropped: () => void;
  readonly clear: () => void;
}

/** Options of {@link createInstancesStore}. */
export interface InstancesOptions {
  /** Called with each instance forgotten to respect {@link MAX_INSTANCES} / {@link MAX_INSTANCES_PER_FRAME}. */
  readonly onForget?: (key: string) => void;
  /** The clock that tells whether a bus is still sending (tests pass their own). Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * Most instances kept per frame, and in all (see the limits in PROTOCOL.md). Any frame, a
 * cross-origin iframe too, can announce as many buses as it likes; past these caps the least
 * recently active (by the last hello or batch seen) gone ones are forgotten first, then the least
 * recently active live ones that are not still sending (see {@link STILL_SENDING_MS}); when every
 * other one is still sending, the newcomer is not kept. The top frame's live ones are never
 * forgotten to make room for another frame's.
 */
export const MAX_INSTANCES_PER_FRAME = 64;
/** Most instances kept in all frames together; see {@link MAX_INSTANCES_PER_FRAME}. */
export const MAX_INSTANCES = 256;
/** A bus whose latest batch arrived less than this long ago (ms) is still sending: the caps never forget it for a newcomer. */
export const STILL_SENDING_MS = 10_000;
/** Most forgotten buses whose names are remembered (for the events they left in the log). */
export const MAX_FORGOTTEN_NAMES = 1_000;

/** Whether a bus lives in the inspected page itself: frame 0, or a host that knows no frames (the floating panel). */
export const isTopFrame = (frame: FrameInfo | undefined): boolean => frame === undefined || frame.frameId === 0;

const frameKeyOf = (frame: FrameInfo | undefined): string => (frame ? `${frame.tabId}:${frame.frameId}` : 'top');

/**
 * The bus a dispatch goes to when the developer chose none: a live bus of the top frame (one that
 * allows dispatch first), and another frame's only when the top frame has none, so a payload never
 * goes to an iframe (perhaps cross-origin) just because its bus spoke first.
 *
 * @example
 * const target = defaultDispatchTarget(instances.getState().instances.values())
 */
export const defaultDispatchTarget = (instances: Iterable<InstanceRecord>): InstanceRecord | undefined => {
  const rank = (instance: InstanceRecord) => (isTopFrame(instance.frame) ? 0 : 2) + (instance.info.allowDispatch ? 0 : 1);
  let best: InstanceRecord | undefined;
  for (const instance of instances) if (instance.live && (best === undefined || rank(instance) < rank(best))) best = instance;
  return best;
};

/**
 * The name of the bus `key` names: a kept one's, else a forgotten one's if remembered.
 *
 * @example
 * busNameOf(instances.getState(), record.instanceKey) ?? '?'
 */
export const busNameOf = (state: Pick<InstancesState, 'instances' | 'forgotten'>, key: string): string | undefined =>
  state.instances.get(key)?.info.name ?? state.forgotten.names.get(key);

/**
 * How many buses the caps forgot, as the log says it; '' for none.
 *
 * @example
 * forgottenNote(3) // '3 buses forgotten: the panel keeps 64 per frame (256 in all)'
 */
export const forgottenNote = (count: number): string =>
  count === 0
    ? ''
    : `${count} ${count === 1 ? 'bus' : 'buses'} forgotten: the panel keeps ${MAX_INSTANCES_PER_FRAME} per frame (${MAX_INSTANCES} in all)`;

/**
 * A bus's name with its frame, so two buses of the same name in different frames can be told apart.
 *
 * @example
 * instanceLabel(instance) // 'shop (frame 7, https://ads.example)'
 */
export const instanceLabel = (instance: InstanceRecord): string => {
  const { frame } = instance;
  if (frame === undefined) return instance.info.name;
  if (frame.frameId === 0) return `${instance.info.name} (top frame)`;
  let origin: string | undefined;
  try {
    origin = new URL(frame.frameUrl).origin;
  } catch {
    origin = undefined;
  }
  return `${instance.info.name} (frame ${frame.frameId}${origin && origin !== 'null' ? `, ${origin}` : ''})`;
};

/**
 * The bus's id when another live bus of its frame bears the same name (a hot reload's leftover
 * beside its successor, or two buses named alike on purpose), so a menu can tell them apart; ''
 * otherwise. A gone bus is told apart by being gone (a reload's old bus beside its new one).
 *
 * @example
 * `${instance.info.name}${sameNameSuffix(instance, instances)}` // 'shop [shop-k3j2h1]'
 */
export const sameNameSuffix = (instance: InstanceRecord, instances: ReadonlyMap<string, InstanceRecord>): string => {
  if (!instance.live) return '';
  for (const other of instances.values()) {
    if (other !== instance && other.live && other.info.name === instance.info.name && other.frame?.frameId === instance.frame?.frameId)
      return ` [${instance.info.id}]`;
  }
  return '';
};

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
export const createInstancesStore = (options: InstancesOptions = {}): StoreApi<InstancesState> =>
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
    const now = options.now ?? (() => performance.now());
    /** Per instance, when it was last heard from (a tick: hello or batch) and when its latest batch arrived (the clock). */
    const activity = new Map<string, { seen: number; sentAt: number | undefined }>();
    let tick = 0;
    const touch = (key: string, sent: boolean) => {
      const known = activity.get(key);
      activity.set(key, { seen: ++tick, sentAt: sent ? now() : known?.sentAt });
    };
    const stillSending = (key: string) => {
      const sentAt = activity.get(key)?.sentAt;
      return sentAt !== undefined && now() - sentAt < STILL_SENDING_MS;
    };
    let forgotten: InstancesState['forgotten'] = { count: 0, names: new Map() };
    /** Forgets an instance (or refuses a newcomer), and remembers its name for the events it left in the log. */
    const forget = (instances: Map<string, InstanceRecord>, instance: InstanceRecord) => {
      instances.delete(instance.key);
      changedAt.delete(instance.key);
      activity.delete(instance.key);
      options.onForget?.(instance.key);
      const names = new Map(forgotten.names);
      const known = names.delete(instance.key);
      names.set(instance.key, instance.info.name);
      if (names.size > MAX_FORGOTTEN_NAMES) names.delete(names.keys().next().value as string);
      forgotten = { count: forgotten.count + (known ? 0 : 1), names };
    };
    /** A bus forgotten before says hello again: it no longer counts as forgotten. */
    const remember = (key: string) => {
      if (!forgotten.names.has(key)) return;
      const names = new Map(forgotten.names);
      names.delete(key);
      forgotten = { count: Math.max(0, forgotten.count - 1), names };
    };
    /**
     * The instance to forget among those `eligible` (the newcomer never is): the least recently active
     * gone one, else the least recently active live one not still sending; undefined if none is.
     */
    const leastActive = (instances: ReadonlyMap<string, InstanceRecord>, eligible: (instance: InstanceRecord) => boolean) => {
      let best: InstanceRecord | undefined;
      let bestRank = 0;
      let bestSeen = 0;
      for (const instance of instances.values()) {
        if (!eligible(instance)) continue;
        const rank = !instance.live ? 0 : stillSending(instance.key) ? 2 : 1;
        if (rank === 2) continue;
        const seen = activity.get(instance.key)?.seen ?? 0;
        if (best === undefined || rank < bestRank || (rank === bestRank && seen < bestSeen)) {
          best = instance;
          bestRank = rank;
          bestSeen = seen;
        }
      }
      return best;
    };
    /** The other frames' bus that sent least recently, for a newcomer of the top frame when all of them are still sending. */
    const leastSending = (instances: ReadonlyMap<string, InstanceRecord>, eligible: (instance: InstanceRecord) => boolean) => {
      let best: InstanceRecord | undefined;
      for (const instance of instances.values())
        if (eligible(instance) && (best === undefined || (activity.get(instance.key)?.seen ?? 0) < (activity.get(best.key)?.seen ?? 0)))
          best = instance;
      return best;
    };
    /** Forgets instances past the caps; `newcomer` (just added) goes only when every other one is still sending. */
    const enforceCaps = (instances: Map<string, InstanceRecord>, newcomer?: InstanceRecord) => {
      if (newcomer) {
        const frame = frameKeyOf(newcomer.frame);
        const inFrame = (instance: InstanceRecord) => frameKeyOf(instance.frame) === frame && instance !== newcomer;
        let count = 0;
        for (const instance of instances.values()) if (frameKeyOf(instance.frame) === frame) count++;
        for (; count > MAX_INSTANCES_PER_FRAME; count--) {
          const victim: InstanceRecord = leastActive(instances, inFrame) ?? newcomer;
          forget(instances, victim);
          if (victim === newcomer) return;
        }
      }
      const topLive = (instance: InstanceRecord) => instance.live && isTopFrame(instance.frame);
      const forgettable = (instance: InstanceRecord) => instance !== newcomer && !topLive(instance);
      while (instances.size > MAX_INSTANCES) {
        let victim = leastActive(instances, forgettable);
        // Every other frame's bus is still sending: the newcomer waits, unless it is the top frame's (a frame never crowds the page's own buses out).
        if (victim === undefined && newcomer && instances.has(newcomer.key) && !topLive(newcomer)) victim = newcomer;
        victim ??= leastSending(instances, forgettable);
        if (victim === undefined) break;
        forget(instances, victim);
      }
    };
    return {
      instances: new Map(),
      forgotten,
      hello(key, sessionId, info, frame) {
        const existing = get().instances.get(key);
        const record: InstanceRecord = {
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
        };
        // Copying the map is bounded by the caps; it must be a new map for the views to see the change.
        const next = new Map(get().instances).set(key, record);
        touch(key, false);
        if (existing === undefined) {
          remember(key);
          enforceCaps(next, record);
        }
        set({ instances: next, forgotten });
        return next.has(key) && (existing === undefined || !existing.live);
      },
      applyEntries(key, fresh, dropped) {
        const instance = get().instances.get(key);
        if (!instance) return;
        touch(key, true);
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
        enforceCaps(next);
        set({ instances: next, forgotten });
      },
      markGone(predicate) {
        let next: Map<string, InstanceRecord> | undefined;
        for (const [key, instance] of get().instances) {
          if (!instance.live || !predicate(instance)) continue;
          next ??= new Map(get().instances);
          next.set(key, { ...instance, live: false });
        }
        // A goodbye from a bus the panel does not know changes nothing, and re-renders nothing.
        if (next) set({ instances: next });
      },
      resetDropped() {
        if (![...get().instances.values()].some((instance) => instance.dropped > 0)) return;
        set({ instances: new Map([...get().instances].map(([key, instance]) => [key, { ...instance, dropped: 0 }])) });
      },
      clear() {
        changedAt.clear();
        activity.clear();
        forgotten = { count: 0, names: new Map() };
        set({ instances: new Map(), forgotten });
      },
    };
  });
