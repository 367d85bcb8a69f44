import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StreamEntry } from '../../protocol';
import { type EventRecord, recordFromEntry, statusOf } from './records';

/**
 * The recorded events. The log is mutated in place (100,000 records cannot be copied per batch);
 * `version` changes whenever it does, and is what components subscribe to.
 */
export interface EventsState {
  readonly version: number;
  /** Oldest first. */
  readonly records: readonly EventRecord[];
  /** Records dropped to respect the max-events setting, since the last clear. */
  readonly evicted: number;
  /** How many recorded events each type has (kept up to date as events come and go). */
  readonly typeCounts: ReadonlyMap<string, number>;
  /** Looks a record up by its key. */
  readonly byKey: (key: string) => EventRecord | undefined;
  /** Keys of the events published from inside this event's handlers. */
  readonly childrenOf: (key: string) => readonly string[];
  /** Adds a batch's entries for one bus; returns how many events were new. */
  readonly ingest: (instanceKey: string, entries: readonly StreamEntry[]) => number;
  /** Adds whole records (an imported file). */
  readonly addRecords: (records: readonly EventRecord[]) => void;
  /** Drops the oldest records beyond `max`. */
  readonly trim: (max: number) => void;
  readonly clear: () => void;
}

/**
 * Creates the events model of one panel.
 *
 * @example
 * const events = createEventsStore()
 * events.getState().ingest('top/s1/bus-1', batch.entries)
 */
export const createEventsStore = (): StoreApi<EventsState> => {
  let records: EventRecord[] = [];
  let byKey = new Map<string, EventRecord>();
  let children = new Map<string, string[]>();
  let nextIngest = 0;
  let typeCounts = new Map<string, number>();
  const count = (eventType: string, delta: number) => {
    const next = (typeCounts.get(eventType) ?? 0) + delta;
    if (next > 0) typeCounts.set(eventType, next);
    else typeCounts.delete(eventType);
  };

  const link = (record: EventRecord) => {
    byKey.set(record.key, record);
    count(record.eventType, 1);
    if (record.causationId === undefined) return;
    const parentKey = `${record.instanceKey}#${record.causationId}`;
    const siblings = children.get(parentKey);
    if (siblings) siblings.push(record.key);
    else children.set(parentKey, [record.key]);
  };

  return createStore<EventsState>()((set, get) => ({
    version: 0,
    records,
    evicted: 0,
    typeCounts,
    byKey: (key) => byKey.get(key),
    childrenOf: (key) => children.get(key) ?? [],
    ingest(instanceKey, entries) {
      let added = 0;
      let touched = false;
      for (const entry of entries) {
        if (entry.type === 'event') {
          const record = recordFromEntry(entry, instanceKey, nextIngest++);
          if (byKey.has(record.key)) continue;
          records.push(record);
          link(record);
          added++;
          continue;
        }
        if (entry.type !== 'middleware' && entry.type !== 'handler' && entry.type !== 'dispatched' && entry.type !== 'storm') continue;
        const record = byKey.get(`${instanceKey}#${entry.eventId}`);
        if (!record) continue;
        if (entry.type === 'middleware') record.middleware.push(entry);
        else if (entry.type === 'handler') record.handlers.push(entry);
        else if (entry.type === 'dispatched') record.dispatched = entry;
        else record.storm = entry;
        record.status = statusOf(record);
        touched = true;
      }
      if (added > 0 || touched) set({ version: get().version + 1, records });
      return added;
    },
    addRecords(incoming) {
      for (const original of incoming) {
        if (byKey.has(original.key)) continue;
        const record = { ...original, ingest: nextIngest++ };
        records.push(record);
        link(record);
      }
      set({ version: get().version + 1, records });
    },
    trim(max) {
      const excess = records.length - Math.max(0, max);
      if (excess <= 0) return;
      const dropped = records.splice(0, excess);
      for (const record of dropped) {
        byKey.delete(record.key);
        children.delete(record.key);
        count(record.eventType, -1);
      }
      set({ version: get().version + 1, records, evicted: get().evicted + excess });
    },
    clear() {
      records = [];
      byKey = new Map();
      children = new Map();
      typeCounts = new Map();
      set({ version: get().version + 1, records, evicted: 0, typeCounts });
    },
  }));
};
