import type { StoreApi } from 'zustand/vanilla';
import {
  ENTRY_TABLE,
  type FrameInfo,
  isError,
  isRecord,
  isSubscription,
  isTrace,
  type SerializedValue,
  type StreamEntryType,
} from '../../protocol';
import { DEFAULT_LIMITS, setField } from '../../serialize';
import { eventKey } from '../../stream-reader';
import { copyStart } from '../../text';
import { addPartText, type EventRecord, type EventStatus, partsOf, searchTextOf } from './event-record';
import type { EventsState } from './events';
import type { InstanceRecord, InstancesState, SagaRecord } from './instances';
import { MAX_EVENTS_RANGE, type SettingsState } from './settings';

/** The tag and version of the panel's export files. */
export const EXPORT_FORMAT = 'hubbub-panel-export';
export const EXPORT_VERSION = 1;

/** What an export file holds. */
export interface ExportFile {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly instances: readonly InstanceRecord[];
  readonly events: readonly Omit<EventRecord, 'searchText' | 'ingest'>[];
}

/**
 * Serializes recorded events and instances to the JSON text of an export file.
 *
 * @example
 * const json = toExportJson(events.getState().records, [...instances.getState().instances.values()])
 */
export const toExportJson = (records: readonly EventRecord[], instances: readonly InstanceRecord[], now = new Date()): string => {
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    instances,
    events: records.map(({ searchText: _s, ingest: _i, ...rest }) => rest),
  };
  return JSON.stringify(file);
};

/** An import that could not be read; `message` says what is wrong and what to do. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** An event as an export file carries it. */
type ExportedEvent = Omit<EventRecord, 'searchText' | 'ingest'>;

/**
 * The limits an imported file is held to: the live stream's defaults (serialize.ts
 * {@link DEFAULT_LIMITS}). A payload recorded with raised `connectDevtools` limits is cut to these.
 */
const IMPORT_LIMITS = DEFAULT_LIMITS;
/** Error stacks may be twice `maxString` (as `serializeError` keeps them). */
const maxTextOf = (key: string | number): number => (key === 'stack' ? IMPORT_LIMITS.maxString * 2 : IMPORT_LIMITS.maxString);

const EVENT_STATUSES: readonly EventStatus[] = ['pending', 'ok', 'blocked', 'failed', 'storm'];

/** A field that fails its check: where it is in the file, and what it must be. */
class Bad {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly value: unknown,
  ) {}
}

const preview = (value: unknown): string => {
  if (value === undefined) return 'missing';
  let text: string;
  try {
    text = Array.isArray(value)
      ? `a list of ${value.length}`
      : typeof value === 'string' && value.length > 60
        ? `a string of ${value.length} characters`
        : JSON.stringify(value);
  } catch {
    text = typeof value;
  }
  return `it is ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
};

const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`);

/** What a guard of {@link ENTRY_TABLE} accepts, found by what it lets through (the guards themselves are not exported). */
const PROBES: readonly (readonly [sample: unknown, description: string])[] = [
  [0, 'a number'],
  ['', 'a string'],
  [false, 'true or false'],
  [['x'], 'a list of strings'],
  [[{ functionName: '', url: '', line: 0, column: 0 }], 'a list of at most 10 { functionName, url, line, column }'],
  [{ name: '', message: '' }, 'an error { name, message, stack? }'],
  [{ id: 0, type: '', isClass: false, label: '', priority: 0, once: false }, 'a subscription { id, type, isClass, label, priority, once }'],
];
const describeGuard = (guard: (value: unknown) => boolean): string =>
  PROBES.find(([sample]) => guard(sample))?.[1] ?? 'one of the values the live stream sends';

/**
 * The first string in a small value (an error, a trace, a list) longer than the live stream sends;
 * such values are at most 3 levels deep, so anything deeper (an extra field) is refused too.
 */
const checkTexts = (value: unknown, path: string, key: string | number, depth = 0): void => {
  if (depth > 3) throw new Bad(path, 'is nested deeper than the live stream sends', value);
  if (typeof value === 'string') {
    const max = maxTextOf(key);
    if (value.length > max) throw new Bad(path, `must be at most ${max} characters (the live stream's limit)`, value);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkTexts(item, join(path, index), index, depth + 1);
  } else if (isRecord(value)) for (const [field, item] of Object.entries(value)) checkTexts(item, join(path, field), field, depth + 1);
};

/** Counts what an import cut to the live stream's limits. */
interface Cuts {
  count: number;
}

/**
 * A payload checked against the marker shapes the live stream sends (serialize.ts), rebuilt within
 * its limits: strings past `maxString`, objects past `maxKeys` and nesting past `maxDepth` become the
 * same `truncated` markers the page would have sent (each counted in `cuts`). An unknown or
 * malformed `$hubbub` marker is refused (throws {@link Bad}).
 */
const payloadOf = (value: unknown, path: string, depth: number, cuts: Cuts): SerializedValue => {
  const { maxString, maxKeys, maxDepth } = IMPORT_LIMITS;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value.length <= maxString) return value;
    cuts.count++;
    return { $hubbub: 'truncated', reason: 'string', omitted: value.length - maxString, preview: copyStart(value, maxString) };
  }
  if (typeof value !== 'object') throw new Bad(path, 'must be a JSON value', value);
  if (depth >= maxDepth) {
    cuts.count++;
    return { $hubbub: 'truncated', reason: 'depth', omitted: 1, preview: Array.isArray(value) ? `Array(${value.length})` : 'Object' };
  }
  if (Array.isArray(value)) {
    const out = value.slice(0, maxKeys).map((item, index) => payloadOf(item, join(path, index), depth + 1, cuts));
    if (value.length > maxKeys) {
      cuts.count++;
      out.push({ $hubbub: 'truncated', reason: 'keys', omitted: value.length - maxKeys });
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, '$hubbub')) return markerOf(record, path, depth, cuts);
  const keys = Object.keys(record);
  const out: Record<string, SerializedValue> = {};
  for (const key of keys.slice(0, maxKeys)) {
    const kept = key.length <= maxString ? key : copyStart(key, maxString);
    if (kept !== key) cuts.count++;
    setField(out, kept, payloadOf(record[key], join(path, key), depth + 1, cuts));
  }
  if (keys.length > maxKeys) {
    cuts.count++;
    out['…'] = { $hubbub: 'truncated', reason: 'keys', omitted: keys.length - maxKeys };
  }
  return out;
};

type MarkerField = 'string' | 'number' | 'text?' | 'error' | 'value-number' | 'reason' | 'entries' | 'values' | 'fields' | 'preview';
/** Every `$hubbub` marker of protocol.ts's `SerializedMarker`, and the fields each must carry. */
const MARKERS: { readonly [tag: string]: { readonly [field: string]: MarkerField } } = {
  undefined: {},
  number: { value: 'value-number' },
  bigint: { value: 'string' },
  symbol: { description: 'string' },
  function: { name: 'string' },
  date: { iso: 'string' },
  regexp: { source: 'string', flags: 'string' },
  error: { error: 'error' },
  map: { size: 'number', entries: 'entries' },
  set: { size: 'number', values: 'values' },
  instance: { className: 'string', fields: 'fields' },
  'typed-array': { className: 'string', length: 'number', preview: 'preview' },
  dom: { description: 'string' },
  circular: { path: 'string' },
  unreadable: { reason: 'string' },
  redacted: {},
  truncated: { reason: 'reason', omitted: 'number', preview: 'text?' },
};

const markerOf = (marker: Record<string, unknown>, path: string, depth: number, cuts: Cuts): SerializedValue => {
  const tag = marker.$hubbub;
  const spec = typeof tag === 'string' && Object.hasOwn(MARKERS, tag) ? MARKERS[tag] : undefined;
  if (!spec) throw new Bad(join(path, '$hubbub'), `must be one of ${Object.keys(MARKERS).join(', ')}`, tag);
  const out: Record<string, unknown> = { $hubbub: tag };
  for (const [field, kind] of Object.entries(spec)) {
    const value = marker[field];
    const at = join(path, field);
    const fail = (expected: string) => new Bad(at, expected, value);
    switch (kind) {
      case 'string':
      case 'text?':
        if (kind === 'text?' && value === undefined) continue;
        if (typeof value !== 'string') throw fail('must be a string');
        if (value.length > IMPORT_LIMITS.maxString) {
          cuts.count++;
          out[field] = `${copyStart(value, IMPORT_LIMITS.maxString)}…`;
          continue;
        }
        break;
      case 'number':
        if (typeof value !== 'number') throw fail('must be a number');
        break;
      case 'value-number':
        if (value !== 'NaN' && value !== 'Infinity' && value !== '-Infinity' && value !== '-0')
          throw fail('must be "NaN", "Infinity", "-Infinity" or "-0"');
        break;
      case 'reason':
        if (value !== 'depth' && value !== 'keys' && value !== 'string' && value !== 'size')
          throw fail('must be "depth", "keys", "string" or "size"');
        break;
      case 'error':
        if (!isError(value)) throw fail('must be an error { name, message, stack? }');
        checkTexts(value, at, field);
        break;
      case 'preview':
        if (!Array.isArray(value) || !value.every((item) => item === null || typeof item === 'number'))
          throw fail('must be a list of numbers');
        out[field] = value.slice(0, IMPORT_LIMITS.maxKeys);
        continue;
      case 'entries':
        if (!Array.isArray(value) || !value.every((pair) => Array.isArray(pair) && pair.length === 2))
          throw fail('must be a list of [key, value] pairs');
        out[field] = payloadOf(value, at, depth, cuts);
        continue;
      case 'values':
        if (!Array.isArray(value)) throw fail('must be a list');
        out[field] = payloadOf(value, at, depth, cuts);
        continue;
      case 'fields':
        if (!isRecord(value)) throw fail('must be an object');
        // The fields sit where the live stream puts an instance's: one level down.
        out[field] = payloadOf(value, at, depth, cuts);
        continue;
    }
    out[field] = value;
  }
  return out as SerializedValue;
};

/**
 * Copies the fields of one stream entry type out of `raw`, each checked by {@link ENTRY_TABLE}'s
 * guard for it (absent or `null` optional fields left out; serialized values checked and cut by
 * {@link payloadOf}; strings held to the live stream's limit).
 */
const entryFields = (
  type: StreamEntryType,
  raw: unknown,
  path: string,
  cuts: Cuts,
  skip: readonly string[] = [],
): Record<string, unknown> => {
  if (!isRecord(raw)) throw new Bad(path, 'must be an object', raw);
  const out: Record<string, unknown> = {};
  for (const spec of ENTRY_TABLE[type] as readonly (readonly [string, (value: unknown) => boolean, string?])[]) {
    const [name, guard, optional] = spec;
    if (skip.includes(name)) continue;
    const value = raw[name];
    const at = join(path, name);
    if (name === 'payload' || name === 'value') {
      if (value === undefined) {
        if (optional) continue;
        throw new Bad(at, 'must be a serialized value', value);
      }
      out[name] = payloadOf(value, at, 0, cuts);
      continue;
    }
    if (optional && (value === undefined || value === null)) continue;
    if (!guard(value))
      throw new Bad(
        at,
        guard === isTrace
          ? 'is a "trace" that is not a list of at most 10 { functionName, url, line, column }'
          : `must be ${describeGuard(guard)}`,
        value,
      );
    checkTexts(value, at, name);
    out[name] = value;
  }
  return out;
};

const listOf = <T>(raw: unknown, path: string, item: (value: unknown, path: string) => T): T[] => {
  if (!Array.isArray(raw)) throw new Bad(path, 'must be a list', raw);
  return raw.map((value, index) => item(value, join(path, index)));
};

const requireString = (record: Record<string, unknown>, field: string, path: string): string => {
  const value = record[field];
  if (typeof value !== 'string') throw new Bad(join(path, field), 'must be a string', value);
  checkTexts(value, join(path, field), field);
  return value;
};

const checkEvent = (raw: unknown, path: string, cuts: Cuts): ExportedEvent => {
  if (!isRecord(raw)) throw new Bad(path, 'must be an object', raw);
  const key = requireString(raw, 'key', path);
  const instanceKey = requireString(raw, 'instanceKey', path);
  // Files exported before records kept their page `seq` have none.
  const seq = raw.seq === undefined ? -1 : raw.seq;
  const fields = entryFields('event', { ...raw, seq }, path, cuts);
  const id = fields.id as string;
  if (key !== eventKey(instanceKey, id))
    throw new Bad(join(path, 'key'), `must be "${eventKey(instanceKey, '…')}" followed by the event's id`, key);
  if (!EVENT_STATUSES.includes(raw.status as EventStatus))
    throw new Bad(join(path, 'status'), `must be one of ${EVENT_STATUSES.join(', ')}`, raw.status);
  const part = (type: StreamEntryType) => (value: unknown, at: string) => ({ type, ...entryFields(type, value, at, cuts) });
  const optionalPart = (type: 'dispatched' | 'storm') =>
    raw[type] === undefined || raw[type] === null ? undefined : part(type)(raw[type], join(path, type));
  if (raw.afterNavigation !== undefined && raw.afterNavigation !== true)
    throw new Bad(join(path, 'afterNavigation'), 'must be true or absent', raw.afterNavigation);
  return {
    ...fields,
    key,
    instanceKey,
    status: raw.status as EventStatus,
    middleware: listOf(raw.middleware, join(path, 'middleware'), part('middleware')),
    handlers: listOf(raw.handlers, join(path, 'handlers'), part('handler')),
    dispatched: optionalPart('dispatched'),
    storm: optionalPart('storm'),
    ...(raw.afterNavigation === true ? { afterNavigation: true } : {}),
  } as unknown as ExportedEvent;
};

const requireNumber = (record: Record<string, unknown>, field: string, path: string): number => {
  const value = record[field];
  if (typeof value !== 'number') throw new Bad(join(path, field), 'must be a number', value);
  return value;
};
const requireBoolean = (record: Record<string, unknown>, field: string, path: string): boolean => {
  const value = record[field];
  if (typeof value !== 'boolean') throw new Bad(join(path, field), 'must be true or false', value);
  return value;
};
const sagaFieldGuard = (name: string) => ENTRY_TABLE.saga.find(([field]) => field === name)?.[1] as (value: unknown) => boolean;

const checkSaga = (raw: unknown, path: string): SagaRecord => {
  if (!isRecord(raw)) throw new Bad(path, 'must be an object', raw);
  const out: Record<string, unknown> = {};
  for (const name of ['saga', 'key', 'status', 'received', 'seq'] as const) {
    const guard = sagaFieldGuard(name);
    if (!guard(raw[name])) throw new Bad(join(path, name), `must be ${describeGuard(guard)}`, raw[name]);
    checkTexts(raw[name], join(path, name), name);
    out[name] = raw[name];
  }
  const eventIds = raw.eventIds;
  if (!Array.isArray(eventIds) || !eventIds.every((id) => typeof id === 'string'))
    throw new Bad(join(path, 'eventIds'), 'must be a list of strings', eventIds);
  checkTexts(eventIds, join(path, 'eventIds'), 'eventIds');
  return { ...out, eventIds } as unknown as SagaRecord;
};

const checkInstance = (raw: unknown, path: string): InstanceRecord => {
  if (!isRecord(raw)) throw new Bad(path, 'must be an object', raw);
  const key = requireString(raw, 'key', path);
  const sessionId = requireString(raw, 'sessionId', path);
  const infoPath = join(path, 'info');
  const info = raw.info;
  if (!isRecord(info)) throw new Bad(infoPath, 'must be an object { id, name, allowDispatch, url, buffered, dropped }', info);
  // Fields the panel does not read are kept as they are (held to the live stream's string limit and shallow).
  checkTexts(info, infoPath, 'info', 1);
  const checkedInfo = {
    ...info,
    id: requireString(info, 'id', infoPath),
    name: requireString(info, 'name', infoPath),
    allowDispatch: requireBoolean(info, 'allowDispatch', infoPath),
    url: requireString(info, 'url', infoPath),
    buffered: requireNumber(info, 'buffered', infoPath),
    dropped: requireNumber(info, 'dropped', infoPath),
    ...(info.streaming === undefined ? {} : { streaming: requireBoolean(info, 'streaming', infoPath) }),
    ...(info.pageStartedAt === undefined ? {} : { pageStartedAt: requireNumber(info, 'pageStartedAt', infoPath) }),
  };
  let frame: FrameInfo | undefined;
  if (raw.frame !== undefined && raw.frame !== null) {
    const rawFrame = raw.frame;
    const framePath = join(path, 'frame');
    if (!isRecord(rawFrame)) throw new Bad(framePath, 'must be an object { tabId, frameId, frameUrl }', rawFrame);
    frame = {
      tabId: requireNumber(rawFrame, 'tabId', framePath),
      frameId: requireNumber(rawFrame, 'frameId', framePath),
      frameUrl: requireString(rawFrame, 'frameUrl', framePath),
    };
  }
  const subscriptions = listOf(raw.subscriptions, join(path, 'subscriptions'), (subscription, at) => {
    if (!isSubscription(subscription)) throw new Bad(at, `must be ${describeGuard(isSubscription)}`, subscription);
    checkTexts(subscription, at, '');
    return subscription;
  });
  // Files exported before instances kept sagas have none.
  const sagas = raw.sagas === undefined ? [] : listOf(raw.sagas, join(path, 'sagas'), checkSaga);
  // Left-out counts and leak suspects describe a live page: an imported (never live) instance has none.
  return {
    key,
    sessionId,
    info: checkedInfo,
    frame,
    subscriptions,
    dropped: requireNumber(raw, 'dropped', path),
    live: false,
    sagas,
  };
};

/**
 * What {@link parseExportJson} read: the events and instances to add, and what it left out or cut.
 */
export interface ParsedExport {
  readonly events: ExportedEvent[];
  readonly instances: InstanceRecord[];
  /** Events in the file. */
  readonly inFile: number;
  /** The file's oldest events, left out because it holds more than `maxEvents`. */
  readonly overCap: number;
  /** Payload strings, objects and nesting cut to the live stream's limits (each one cut counts once). */
  readonly cut: number;
}

/**
 * Reads an export file's text back, checking its shape; throws {@link ImportError} naming the problem.
 *
 * The rule: every field the panel reads is checked, against {@link ENTRY_TABLE}'s guards where the
 * live stream has them (events, middleware, handlers, dispatched, storm, sagas, subscriptions) and
 * the `$hubbub` marker shapes of protocol.ts's `SerializedMarker` for payloads. **One bad field
 * refuses the whole file** (nothing is imported) with an {@link ImportError} that names the field and
 * its path, e.g. `events[3].handlers[0].duration must be a number`. An event's `key` must be
 * `instanceKey#id`.
 *
 * What the live stream would have cut is cut, not refused: payload strings past `maxString`, objects
 * and arrays past `maxKeys`, nesting past `maxDepth` ({@link DEFAULT_LIMITS}) become the same
 * `truncated` markers and are counted in `cut`. Other strings (ids, types, labels, error texts) past
 * `maxString` (stacks: twice) refuse the file. Only the newest `maxEvents` events are read (default
 * the most any panel keeps, {@link MAX_EVENTS_RANGE}); the older ones are counted in `overCap`.
 *
 * @example
 * const { events, instances, overCap } = parseExportJson(await file.text(), { maxEvents: 10_000 })
 */
export const parseExportJson = (text: string, options: { readonly maxEvents?: number } = {}): ParsedExport => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`The file is not JSON (${(error as Error).message}). Choose a file exported from a Hubbub panel.`);
  }
  if (!isRecord(parsed) || parsed.format !== EXPORT_FORMAT) {
    throw new ImportError(
      `The file is not a Hubbub panel export (no "format": "${EXPORT_FORMAT}"). Choose a file exported from a Hubbub panel.`,
    );
  }
  if (parsed.version !== EXPORT_VERSION) {
    throw new ImportError(
      `The file is export version ${JSON.stringify(parsed.version)}; this panel reads version ${EXPORT_VERSION}. Update the extension or export again.`,
    );
  }
  if (!Array.isArray(parsed.events)) throw new ImportError('The file has no "events" list. Export the events again from a Hubbub panel.');
  const all: unknown[] = parsed.events;
  const maxEvents = Math.max(0, options.maxEvents ?? MAX_EVENTS_RANGE.max);
  const first = Math.max(0, all.length - maxEvents);
  const cuts: Cuts = { count: 0 };
  let index = first;
  try {
    const events: ExportedEvent[] = [];
    for (; index < all.length; index++) events.push(checkEvent(all[index], `events[${index}]`, cuts));
    index = -1;
    const instances = parsed.instances === undefined ? [] : listOf(parsed.instances, 'instances', checkInstance);
    return { events, instances, inFile: all.length, overCap: first, cut: cuts.count };
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    const field = /^(?:events|instances)\[\d+\]\.([^.[]+)/.exec(error.path)?.[1];
    const instance = /^instances\[(\d+)\]/.exec(error.path)?.[1];
    const where = index >= 0 ? `Event #${index}` : instance !== undefined ? `Instance #${instance}` : 'The file';
    throw new ImportError(
      `${where} in the file has a bad ${field === undefined ? 'value' : `"${field}"`}: ${error.path} ${error.expected} (${preview(error.value)}). Export the events again from a Hubbub panel.`,
    );
  }
};

/** What an import did, for the panel to say. */
export interface ImportReport {
  /** Events in the file. */
  readonly inFile: number;
  /** Events added to the log. */
  readonly added: number;
  /** Events already in the log (or repeated in the file): not added again. */
  readonly duplicates: number;
  /** The file's oldest events, left out: it holds more than the max-events setting. */
  readonly overCap: number;
  /** Payload values cut to the live stream's limits. */
  readonly cut: number;
  /** Older events of the log dropped to stay within max events. */
  readonly evicted: number;
}

/** The stores an import fills. */
export interface ImportTarget {
  readonly events: StoreApi<EventsState>;
  readonly instances: StoreApi<InstancesState>;
  readonly settings: StoreApi<SettingsState>;
}

/**
 * Reads an export file into a panel's stores (see {@link parseExportJson} for what is refused and
 * cut), keeping at most the max-events setting, and says what was added and what was not. Throws
 * {@link ImportError} and changes nothing when the file is refused.
 *
 * @example
 * const report = importExportFile(model, await file.text()) // { inFile: 6, added: 0, duplicates: 6, ... }
 */
export const importExportFile = (target: ImportTarget, text: string): ImportReport => {
  const { maxEvents } = target.settings.getState();
  const file = parseExportJson(text, { maxEvents });
  const events = target.events.getState();
  const before = events.records.length;
  const evictedBefore = events.evicted;
  target.instances.getState().restore(file.instances);
  events.addRecords(
    file.events.map((event) => {
      const record: EventRecord = { ...event, ingest: 0, searchText: searchTextOf(event.eventType, event.payload) };
      for (const part of partsOf(record)) addPartText(record, part);
      return record;
    }),
  );
  const grown = target.events.getState().records.length - before;
  target.events.getState().trim(maxEvents);
  const evicted = target.events.getState().evicted - evictedBefore;
  return { inFile: file.inFile, added: grown, duplicates: file.events.length - grown, overCap: file.overCap, cut: file.cut, evicted };
};

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * What an import did, in one sentence for the panel.
 *
 * @example
 * describeImport({ inFile: 6, added: 0, duplicates: 6, overCap: 0, cut: 0, evicted: 0 }) // 'Imported 0 of 6 events: 6 already in the log.'
 */
export const describeImport = (report: ImportReport): string => {
  const notes: string[] = [];
  if (report.duplicates > 0) notes.push(`${plural(report.duplicates, 'event')} already in the log`);
  if (report.overCap > 0) notes.push(`${plural(report.overCap, 'older event')} left out (more than the max events setting)`);
  if (report.cut > 0) notes.push(`${plural(report.cut, 'payload value')} cut to the live stream's limits`);
  if (report.evicted > 0) notes.push(`${plural(report.evicted, 'older event')} of the log dropped to stay within max events`);
  return `Imported ${report.added.toLocaleString('en-US')} of ${plural(report.inFile, 'event')}${notes.length ? `: ${notes.join('; ')}` : ''}.`;
};
