import type { EntryOf, StreamEntry } from './protocol';

/**
 * An event and everything the stream said about it: its middleware decisions, handler runs,
 * dispatch summary and storm, joined by event id.
 *
 * @example
 * const failed = event.handlers.filter((h) => h.outcome === 'error')
 */
export interface JoinedEvent extends Omit<EntryOf<'event'>, 'type'> {
  middleware: EntryOf<'middleware'>[];
  handlers: EntryOf<'handler'>[];
  dispatched: EntryOf<'dispatched'> | undefined;
  storm: EntryOf<'storm'> | undefined;
}

/** An entry that belongs to one event. @example const part: EventPart = { type: 'dispatched', seq: 3, eventId: 'e1', delivered: 1, errorCount: 0 } */
export type EventPart = EntryOf<'middleware' | 'handler' | 'dispatched' | 'storm'>;

/**
 * What one call of {@link StreamReader.read} found.
 *
 * @example
 * const { fresh, events, late, joined } = reader.read(key, entries)
 */
export interface StreamRead<R extends JoinedEvent> {
  /** Entries not read before (by `seq`), in the order they came. */
  readonly fresh: readonly StreamEntry[];
  /** Events read for the first time, in the order they came. */
  readonly events: readonly R[];
  /** Those of `events` that arrived late: they fill a gap, so newer entries of their stream were read before them. */
  readonly late: ReadonlySet<R>;
  /** Parts joined to an event read before or in this call, with that event. */
  readonly joined: readonly { readonly event: R; readonly part: EventPart }[];
}

/**
 * Reads one viewer's stream: skips entries already read, takes late ones that fill a gap (a batch
 * lost on the way, repaired by the history a page re-sends on connect), and joins each event's
 * parts into one record. The panel's stores and `recordBus` both read through it.
 *
 * @example
 * const reader = createStreamReader()
 * const { events } = reader.read('top/s1/bus-1', readBatch(batch) ?? [])
 */
export interface StreamReader<R extends JoinedEvent> {
  /** Reads the entries of one stream (one bus in one page session; `streamKey` names it). */
  read(streamKey: string, entries: readonly StreamEntry[]): StreamRead<R>;
  /** The event kept under this {@link eventKey}. */
  event(key: string): R | undefined;
  /** Keeps a record made elsewhere (an imported file) under its {@link eventKey}, so parts and lookups find it. */
  adopt(key: string, event: R): void;
  /** Forgets one event by its {@link eventKey} (its later parts are then skipped). */
  forget(key: string): void;
  /** Forgets every event, and keeps the stream positions, so entries already read stay skipped. */
  forgetEvents(): void;
  /** Forgets one stream's position (a bus the viewer no longer follows); its events stay. */
  forgetStream(streamKey: string): void;
  /** Forgets everything, positions included. */
  reset(): void;
}

/**
 * Most missing `seq`s remembered per stream (entries a page's ring buffer dropped never come back;
 * the newest are kept). A gap at least this wide is not remembered at all: it counts as dropped.
 */
const MAX_GAPS = 10_000;

/** `seq`s `first` to `last` (both included), none of which has been read. */
interface MissingRange {
  first: number;
  last: number;
}

interface Position {
  /** Highest `seq` read. */
  newest: number;
  /**
   * `seq`s skipped so far (a re-sent history may still bring them) as ranges, ascending and
   * disjoint, so a gap costs the same however many numbers it spans.
   */
  readonly missing: MissingRange[];
  /** How many `seq`s `missing` spans. */
  missingCount: number;
}

/** Index of the range holding `seq`, or -1 (binary search: ranges are ascending). */
const rangeHolding = (ranges: readonly MissingRange[], seq: number): number => {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle] as MissingRange;
    if (seq < range.first) high = middle - 1;
    else if (seq > range.last) low = middle + 1;
    else return middle;
  }
  return -1;
};

/** Takes `seq` out of the missing ranges; false when it was not missing (read already, or forgotten). */
const takeMissing = (position: Position, seq: number): boolean => {
  const index = rangeHolding(position.missing, seq);
  if (index === -1) return false;
  const range = position.missing[index] as MissingRange;
  if (range.first === range.last) position.missing.splice(index, 1);
  else if (seq === range.first) range.first++;
  else if (seq === range.last) range.last--;
  else {
    position.missing.splice(index + 1, 0, { first: seq + 1, last: range.last });
    range.last = seq - 1;
  }
  position.missingCount--;
  return true;
};

/** Forgets the oldest missing `seq`s beyond {@link MAX_GAPS}. */
const forgetOldestMissing = (position: Position): void => {
  let excess = position.missingCount - MAX_GAPS;
  if (excess <= 0) return;
  let whole = 0;
  for (const range of position.missing) {
    const size = range.last - range.first + 1;
    if (size > excess) {
      range.first += excess;
      break;
    }
    excess -= size;
    whole++;
  }
  position.missing.splice(0, whole);
  position.missingCount = Math.min(position.missingCount, MAX_GAPS);
};

/**
 * The key of one event among every stream a reader reads.
 *
 * @example
 * eventKey('top/s1/bus-1', 'bus-1:7') // 'top/s1/bus-1#bus-1:7'
 */
export const eventKey = (streamKey: string, eventId: string): string => `${streamKey}#${eventId}`;

/** A {@link JoinedEvent} made from an event entry. @example createStreamReader(joinEvent) */
export const joinEvent = (entry: EntryOf<'event'>): JoinedEvent => {
  const { type: _type, ...event } = entry;
  return { ...event, middleware: [], handlers: [], dispatched: undefined, storm: undefined };
};

/**
 * Creates a {@link StreamReader}. `make` builds the record kept for each event (the panel's adds
 * its own fields, and keeps `key`, the event's {@link eventKey}, rather than making another copy);
 * it must start with empty parts, which the reader fills.
 *
 * @example
 * const reader = createStreamReader((entry, streamKey) => ({ ...joinEvent(entry), streamKey }))
 */
export function createStreamReader(): StreamReader<JoinedEvent>;
export function createStreamReader<R extends JoinedEvent>(
  make: (entry: EntryOf<'event'>, streamKey: string, key: string) => R,
): StreamReader<R>;
export function createStreamReader<R extends JoinedEvent>(
  make: (entry: EntryOf<'event'>, streamKey: string, key: string) => R = joinEvent as unknown as (entry: EntryOf<'event'>) => R,
): StreamReader<R> {
  let positions = new Map<string, Position>();
  let events = new Map<string, R>();

  /** Whether an entry is new to the stream, recording the gap before it (one range, whatever its width). */
  const take = (position: Position, seq: number): 'new' | 'late' | 'seen' => {
    if (seq <= position.newest) return takeMissing(position, seq) ? 'late' : 'seen';
    const gap = seq - position.newest - 1;
    if (position.newest >= 0 && gap > 0 && gap < MAX_GAPS) {
      position.missing.push({ first: position.newest + 1, last: seq - 1 });
      position.missingCount += gap;
    }
    position.newest = seq;
    return 'new';
  };

  const read = (streamKey: string, entries: readonly StreamEntry[]): StreamRead<R> => {
    let position = positions.get(streamKey);
    if (!position) {
      position = { newest: -1, missing: [], missingCount: 0 };
      positions.set(streamKey, position);
    }
    const fresh: StreamEntry[] = [];
    const added: R[] = [];
    const late = new Set<R>();
    const joined: { event: R; part: EventPart }[] = [];
    for (const entry of entries) {
      const taken = take(position, entry.seq);
      if (taken === 'seen') continue;
      fresh.push(entry);
      switch (entry.type) {
        case 'event': {
          const key = eventKey(streamKey, entry.id);
          if (events.has(key)) continue;
          const event = make(entry, streamKey, key);
          events.set(key, event);
          added.push(event);
          if (taken === 'late') late.add(event);
          continue;
        }
        case 'middleware':
        case 'handler':
        case 'dispatched':
        case 'storm': {
          const event = events.get(eventKey(streamKey, entry.eventId));
          if (!event) continue;
          if (entry.type === 'middleware') event.middleware.push(entry);
          else if (entry.type === 'handler') event.handlers.push(entry);
          else if (entry.type === 'dispatched') event.dispatched = entry;
          else event.storm = entry;
          joined.push({ event, part: entry });
        }
      }
    }
    forgetOldestMissing(position);
    return { fresh, events: added, late, joined };
  };

  return {
    read,
    event: (key) => events.get(key),
    adopt(key, event) {
      events.set(key, event);
    },
    forget(key) {
      events.delete(key);
    },
    forgetEvents() {
      events = new Map();
    },
    forgetStream(streamKey) {
      positions.delete(streamKey);
    },
    reset() {
      positions = new Map();
      events = new Map();
    },
  };
}
