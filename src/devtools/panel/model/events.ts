import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StreamEntry } from '../../protocol';
import { createStreamReader } from '../../stream-reader';
import { addPartText, causeKeyOf, type EventRecord, recordFromEntry, statusOf } from './event-record';

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
  /** Where the list of changed records stands now: pass it to {@link EventsState.changedSince} later. */
  readonly changeMark: () => number;
  /**
   * Records a part joined since `mark` (their outcome or search text may have changed: a filter
   * must test them again), oldest change first, perhaps some twice; undefined when `mark` is too
   * old to tell (the list keeps the latest 10,000), and a filter must test every record again.
   */
  readonly changedSince: (mark: number) => readonly EventRecord[] | undefined;
  /**
   * Reads a batch's entries for one bus through the stream reader (entries already read are
   * skipped, late ones fill their gap); with `record` false (paused) no new event is recorded, but
   * the parts of events recorded before (a handler that finishes during the pause) still join them.
   * Returns the entries not read before, and how many events were added.
   */
  readonly ingest: (
    instanceKey: string,
    entries: readonly StreamEntry[],
    record?: boolean,
  ) => { fresh: readonly StreamEntry[]; added: number };
  /** Adds whole records (an imported file). */
  readonly addRecords: (records: readonly EventRecord[]) => void;
  /** Drops the oldest records beyond `max`. */
  readonly trim: (max: number) => void;
  readonly clear: () => void;
  /** Forgets where one bus's stream stands (the panel forgot the bus); its recorded events stay. */
  readonly forgetStream: (instanceKey: string) => void;
  /** The inspected page navigated (preserve log on): the next event recorded starts a new section of the log. */
  readonly markNavigation: () => void;
}

/** Most changed records remembered for the filters (see `changedSince`); one that fell behind further filters all again. */
const MAX_CHANGED = 10_000;

/**
 * Creates the events model of one panel.
 *
 * @example
 * const events = createEventsStore()
 * events.getState().ingest('top/s1/bus-1', batch.entries)
 */
export const createEventsStore = (): StoreApi<EventsState> => {
  let records: EventRecord[] = [];
  let navigated = false;
  const reader = createStreamReader((entry, instanceKey, key) => {
    const record = recordFromEntry(entry, instanceKey, nextIngest++, key);
    if (navigated) {
      record.afterNavigation = true;
      navigated = false;
    }
    return record;
  });
  let children = new Map<string, string[]>();
  let nextIngest = 0;
  /** Records a part joined, latest last; `changedBase` is the mark of its first. */
  let changed: EventRecord[] = [];
  let changedBase = 0;
  const noteChanged = (record: EventRecord) => {
    changed.push(record);
    if (changed.length > MAX_CHANGED) {
      const half = changed.length >> 1;
      changedBase += half;
      changed = changed.slice(half);
    }
  };
  let typeCounts = new Map<string, number>();
  const count = (eventType: string, delta: number) => {
    const next = (typeCounts.get(eventType) ?? 0) + delta;
    if (next > 0) typeCounts.set(eventType, next);
    else typeCounts.delete(eventType);
  };

  const link = (record: EventRecord) => {
    count(record.eventType, 1);
    const parentKey = causeKeyOf(record);
    if (parentKey === undefined) return;
    const siblings = children.get(parentKey);
    if (siblings) siblings.push(record.key);
    else children.set(parentKey, [record.key]);
  };

  /**
   * Takes dropped records out of their cause's list of children, so the index never outgrows the
   * log, even under a cause that was never recorded (its list would otherwise only grow). Children
   * are listed and dropped oldest first, so the dropped ones usually lead their list.
   */
  const unlink = (dropped: readonly EventRecord[]) => {
    const droppedKeys = new Set<string>();
    const droppedPerParent = new Map<string, number>();
    for (const record of dropped) {
      droppedKeys.add(record.key);
      children.delete(record.key);
      const parentKey = causeKeyOf(record);
      if (parentKey !== undefined) droppedPerParent.set(parentKey, (droppedPerParent.get(parentKey) ?? 0) + 1);
    }
    for (const [parentKey, droppedCount] of droppedPerParent) {
      const siblings = children.get(parentKey);
      if (!siblings) continue;
      let leading = 0;
      while (leading < siblings.length && droppedKeys.has(siblings[leading] as string)) leading++;
      const kept = leading === droppedCount ? siblings.slice(leading) : siblings.filter((key) => !droppedKeys.has(key));
      if (kept.length > 0) children.set(parentKey, kept);
      else children.delete(parentKey);
    }
  };

  /**
   * Puts records that arrived late (they fill a gap after a lost batch) before the first record of
   * their bus with a higher `seq`, so each bus's events read in the order they happened. One pass
   * over the log per batch that has any; `ingest` keeps increasing along the log.
   */
  const placeLate = (instanceKey: string, late: EventRecord[]) => {
    late.sort((a, b) => a.seq - b.seq);
    const own: number[] = [];
    for (let i = 0; i < records.length; i++) if ((records[i] as EventRecord).instanceKey === instanceKey) own.push(i);
    const before = new Map<number, EventRecord[]>();
    const atEnd: EventRecord[] = [];
    for (const record of late) {
      let lo = 0;
      let hi = own.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((records[own[mid] as number] as EventRecord).seq > record.seq) hi = mid;
        else lo = mid + 1;
      }
      const anchor = own[lo];
      const group = anchor === undefined ? atEnd : (before.get(anchor) ?? []);
      if (anchor !== undefined) before.set(anchor, group);
      group.push(record);
    }
    const next: EventRecord[] = [];
    // The visible index relies on `ingest` increasing along the log: a late record takes a value between its neighbours.
    const setIngest = (record: EventRecord, ingest: number) => {
      (record as { ingest: number }).ingest = ingest;
    };
    records.forEach((record, i) => {
      const group = before.get(i);
      if (group) {
        const low = next.at(-1)?.ingest ?? record.ingest - 1;
        for (const [j, late] of group.entries()) {
          setIngest(late, low + ((record.ingest - low) * (j + 1)) / (group.length + 1));
          next.push(late);
        }
      }
      next.push(record);
    });
    for (const record of atEnd) {
      setIngest(record, nextIngest++);
      next.push(record);
    }
    // A new array: views that filter the log incrementally see a different source and rebuild.
    records = next;
  };

  return createStore<EventsState>()((set, get) => ({
    version: 0,
    records,
    evicted: 0,
    typeCounts,
    byKey: (key) => reader.event(key),
    childrenOf: (key) => children.get(key) ?? [],
    changeMark: () => changedBase + changed.length,
    changedSince: (mark) => (mark < changedBase ? undefined : changed.slice(mark - changedBase)),
    ingest(instanceKey, entries, record = true) {
      const read = reader.read(instanceKey, entries);
      // Paused: the events read now are let go at once, so their later parts find nothing to join.
      if (!record) for (const event of read.events) reader.forget(event.key);
      const added = record ? read.events : [];
      const skipped = new Set(record ? [] : read.events);
      for (const event of added) {
        event.status = statusOf(event);
        link(event);
        if (!read.late.has(event)) records.push(event);
      }
      const joined = read.joined.filter(({ event }) => !skipped.has(event));
      const isNew = new Set(added);
      let last: EventRecord | undefined;
      for (const { event, part } of joined) {
        event.status = statusOf(event);
        addPartText(event, part);
        // A record new in this batch is tested whole by the filters; one listed before is tested again.
        if (event !== last && !isNew.has(event)) noteChanged(event);
        last = event;
      }
      if (record && read.late.size > 0) placeLate(instanceKey, [...read.late]);
      if (added.length > 0 || joined.length > 0) set({ version: get().version + 1, records });
      return { fresh: read.fresh, added: added.length };
    },
    addRecords(incoming) {
      for (const original of incoming) {
        if (reader.event(original.key)) continue;
        const record = { ...original, ingest: nextIngest++ };
        reader.adopt(record.key, record);
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
        reader.forget(record.key);
        count(record.eventType, -1);
      }
      unlink(dropped);
      set({ version: get().version + 1, records, evicted: get().evicted + excess });
    },
    forgetStream(instanceKey) {
      reader.forgetStream(instanceKey);
    },
    markNavigation() {
      navigated = true;
    },
    clear() {
      records = [];
      // Positions stay: the history a page re-sends is not logged again.
      reader.forgetEvents();
      children = new Map();
      typeCounts = new Map();
      // A new log array: the filters test it whole.
      changedBase += changed.length;
      changed = [];
      set({ version: get().version + 1, records, evicted: 0, typeCounts });
    },
  }));
};
