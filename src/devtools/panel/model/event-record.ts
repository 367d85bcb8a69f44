import type { EntryOf, FrameInfo, SerializedError, SerializedValue } from '../../protocol';
import { type EventPart, eventKey, type JoinedEvent } from '../../stream-reader';

/** How an event ended, as the log's badge shows it. */
export type EventStatus = 'pending' | 'ok' | 'blocked' | 'failed' | 'storm';

/** One event as the panel keeps it: the stream reader's joined event, plus what the log needs. */
export interface EventRecord extends JoinedEvent {
  /** Unique in the panel: the event's key in the stream reader (instance key + event id). */
  readonly key: string;
  readonly instanceKey: string;
  /**
   * Increases along the log; survives clears, never reused. Arrival order, except that an event
   * filling a gap (it arrived late) takes a value between its neighbours in its bus's `seq` order.
   */
  readonly ingest: number;
  status: EventStatus;
  /** The first event recorded after the page reloaded or navigated (with preserve log on): the log draws a separator above it. */
  afterNavigation?: true;
  /**
   * Lower-cased text the free-text filter searches: the type, then what its parts say (middleware
   * names, block reasons, handler labels, errors; added as they join, newest first, capped), then
   * the payload (capped). See {@link searchTextOf} and {@link addPartText}.
   */
  searchText: string;
}

/** A bus the panel has heard from. */
export interface InstanceKeyParts {
  readonly sessionId: string;
  readonly instanceId: string;
  readonly frame?: FrameInfo | undefined;
}

/**
 * The panel's key for one bus: frame (when known), page session and bus id.
 *
 * @example
 * instanceKeyOf({ sessionId: 's1', instanceId: 'bus-1' }) // 'top/s1/bus-1'
 */
export const instanceKeyOf = ({ sessionId, instanceId, frame }: InstanceKeyParts): string =>
  `${frame ? `${frame.tabId}:${frame.frameId}` : 'top'}/${sessionId}/${instanceId}`;

/**
 * The frame an instance key names (see {@link instanceKeyOf}), without its address: undefined for
 * the top of a host that knows no frames. For a bus the panel no longer keeps a record of.
 *
 * @example
 * frameOfInstanceKey('1:7/s1/bus-1') // { tabId: 1, frameId: 7, frameUrl: '' }
 */
export const frameOfInstanceKey = (key: string): FrameInfo | undefined => {
  const [tabId, frameId] = key.slice(0, key.indexOf('/')).split(':').map(Number);
  return tabId === undefined || frameId === undefined || Number.isNaN(tabId) || Number.isNaN(frameId)
    ? undefined
    : { tabId, frameId, frameUrl: '' };
};

/**
 * The key of the event that caused `record` (its `causationId` on the same bus), or undefined for
 * an event no other event caused.
 *
 * @example
 * causeKeyOf(record) // 'top/s1/bus-1#bus-1:6', for a record whose causationId is 'bus-1:6'
 */
export const causeKeyOf = (record: EventRecord): string | undefined =>
  record.causationId === undefined ? undefined : eventKey(record.instanceKey, record.causationId);

const SEARCH_TEXT_LIMIT = 2_000;
/** Most characters the parts of one event add to its search text (beyond the type and payload). */
const PART_TEXT_LIMIT = 1_000;
/** Most characters one name, reason or error message adds. */
const PART_PIECE_LIMIT = 200;

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * JSON text with its string escapes undone (`\"` back to `"`, `\\` back to `\`), so a search
 * for `said "hi"` or `C:\Users` finds the payload that holds it. `\u` escapes stay as written.
 */
const unescapeJson = (text: string): string => text.replace(/\\(["\\/bfnrt])/g, (_, escaped: string) => JSON_ESCAPES[escaped] ?? escaped);

/**
 * The lower-cased text the free-text filter searches for an event: its type, then its payload as
 * JSON with string escapes undone (so keys and values read as the app wrote them).
 *
 * @example searchTextOf('cart:add', { sku: 'A' }) // 'cart:add {"sku":"a"}'
 */
export const searchTextOf = (eventType: string, payload: SerializedValue): string => {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? '';
  } catch {
    text = '';
  }
  return `${eventType} ${unescapeJson(text.slice(0, SEARCH_TEXT_LIMIT))}`.toLowerCase();
};

/** The words of a part the log and the pipeline show: names, labels, reasons, errors. */
const wordsOf = (part: EventPart): (string | undefined)[] => {
  switch (part.type) {
    case 'middleware':
      return [part.name, part.reason, part.error?.name, part.error?.message];
    case 'handler':
      return [part.label, part.error?.name, part.error?.message];
    case 'dispatched':
      return [part.blockedBy, part.blockReason];
    case 'storm':
      return [part.message];
  }
};

/** The parts joined to a record: middleware decisions, handler runs, its summary and storm. @example for (const part of partsOf(record)) addPartText(record, part) */
export const partsOf = (record: JoinedEvent): EventPart[] => [
  ...record.middleware,
  ...record.handlers,
  ...(record.dispatched ? [record.dispatched] : []),
  ...(record.storm ? [record.storm] : []),
];

/**
 * Adds what a part that joined `record` says (middleware name and block reason, handler label,
 * error name and message) to its search text, right after the type, so the filter finds what the
 * row and the pipeline show. Bounded: the parts add at most 1,000 characters in all, 200 per
 * word, and a word already in the text is not added again.
 *
 * @example addPartText(record, { type: 'handler', label: 'charge', error: { name: 'Error', message: 'Payment declined' }, ... })
 */
export const addPartText = (record: EventRecord, part: EventPart): void => {
  const type = record.eventType.toLowerCase();
  // The type, a space, at most the payload's cap plus its separator, and the parts' cap.
  const room = () => type.length + 1 + SEARCH_TEXT_LIMIT + PART_TEXT_LIMIT - record.searchText.length;
  for (const word of wordsOf(part)) {
    if (word === undefined || word === '') continue;
    const free = room();
    if (free <= 1) return;
    const piece = word.slice(0, Math.min(PART_PIECE_LIMIT, free - 1)).toLowerCase();
    if (record.searchText.includes(piece)) continue;
    record.searchText = `${type} ${piece}${record.searchText.slice(type.length)}`;
  }
};

/**
 * Builds a record from the page's `event` entry.
 *
 * @example
 * const record = recordFromEntry(entry, 'top/s1/bus-1', 42)
 */
export const recordFromEntry = (
  entry: EntryOf<'event'>,
  instanceKey: string,
  ingest: number,
  key: string = eventKey(instanceKey, entry.id),
): EventRecord => ({
  key,
  instanceKey,
  seq: entry.seq,
  id: entry.id,
  eventType: entry.eventType,
  payload: entry.payload,
  timestamp: entry.timestamp,
  correlationId: entry.correlationId,
  causationId: entry.causationId,
  depth: entry.depth,
  via: entry.via,
  replayed: entry.replayed,
  trace: entry.trace,
  version: entry.version,
  ingest,
  middleware: [],
  handlers: [],
  dispatched: undefined,
  storm: undefined,
  status: 'pending',
  searchText: searchTextOf(entry.eventType, entry.payload),
});

/** Recomputes a record's badge from what is known about it. */
export const statusOf = (record: EventRecord): EventStatus => {
  if (record.storm) return 'storm';
  if (record.middleware.some((m) => m.decision === 'blocked' || m.decision === 'threw') || record.dispatched?.blockedBy !== undefined) {
    return 'blocked';
  }
  if (record.handlers.some((h) => h.outcome === 'error') || (record.dispatched?.errorCount ?? 0) > 0) return 'failed';
  return record.dispatched ? 'ok' : 'pending';
};

/** The errors of a record's failed handlers and middleware, in run order. */
export const errorsOf = (record: EventRecord): SerializedError[] => [
  ...record.middleware.flatMap((m) => (m.error ? [m.error] : [])),
  ...record.handlers.flatMap((h) => (h.error ? [h.error] : [])),
];

/**
 * What a row says at a glance beside its badge: which middleware blocked the event (and the
 * reason it gave), or the first error of a failed one; nothing for the others.
 *
 * @example
 * glanceOf(record) // 'by auth: signed out' or 'TypeError: x is undefined'
 */
export const glanceOf = (record: EventRecord): string => {
  if (record.status === 'blocked') {
    const blocker = record.middleware.find((m) => m.decision === 'blocked' || m.decision === 'threw');
    const name = blocker?.name ?? record.dispatched?.blockedBy;
    const reason = blocker?.reason ?? record.dispatched?.blockReason ?? blocker?.error?.message;
    return `${name === undefined ? '' : `by ${name}`}${reason === undefined ? '' : `: ${reason}`}`;
  }
  if (record.status === 'failed') {
    const [first] = errorsOf(record);
    return first ? `${first.name}: ${first.message}` : '';
  }
  return '';
};
