import { isRecord, type SerializedValue } from '../../protocol';
import type { EventRecord } from './event-record';
import type { DispatchDraft } from './selection';

/**
 * The Dispatch view's draft for a recorded event: its type, its bus, and its payload as published,
 * as JSON text to edit. Markers stay as recorded (`{"$hubbub": "date", …}`): the page turns the
 * ones it can back into values (see {@link payloadCaveats}). An event with no payload gives an
 * empty text, which the Dispatch view sends as no payload.
 *
 * @example
 * selection.getState().editInDispatch(dispatchDraftOf(record))
 */
export const dispatchDraftOf = (record: EventRecord): DispatchDraft => {
  const noPayload = isRecord(record.payload) && record.payload.$hubbub === 'undefined';
  return {
    eventType: record.eventType,
    payloadText: noPayload ? '' : (JSON.stringify(record.payload, null, 2) ?? ''),
    instanceKey: record.instanceKey,
    eventVersion: record.version,
  };
};

/** A `$hubbub` marker found in a payload, and where. */
export interface MarkerAt {
  /** As code reads it (`items[2].at`; `lines<value 0>` inside a Map); empty for the payload itself. */
  readonly path: string;
  readonly marker: { readonly $hubbub: string } & Readonly<Record<string, unknown>>;
}

/**
 * What the page makes of a recorded payload sent back as it is (see `revive` in the protocol):
 * - `lost`: markers of data that was not recorded (redacted, truncated, circular, function, DOM
 *   node, Symbol, error, typed array, unreadable…): the page refuses the dispatch until each is
 *   replaced or removed;
 * - `cut`: Maps and Sets recorded with only their first entries: only those are sent;
 * - `revived`: Date, RegExp, BigInt, Map and Set markers the page turns back into those values;
 * - `instances`: class instances, sent as their own fields (a registry that knows the type rebuilds the class).
 */
export interface PayloadCaveats {
  readonly lost: readonly MarkerAt[];
  readonly cut: readonly MarkerAt[];
  readonly revived: readonly MarkerAt[];
  readonly instances: readonly MarkerAt[];
}

/** Markers the page turns back into the value itself, with nothing to say about (`undefined`, `NaN`, `-0`…). */
const SILENT = new Set(['undefined', 'number']);
/** Markers turned back into a value of their own (Maps and Sets are walked apart: their entries may hold more markers). */
const REVIVED = new Set(['date', 'regexp', 'bigint']);
/** Deeper than any recorded payload (the page's serializer stops far sooner): JSON typed into the view is walked no deeper, so no nesting can overflow the stack. */
const MAX_DEPTH = 200;
/** More markers than a note can list are not worth finding. */
const MAX_MARKERS = 1_000;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const childPath = (path: string, key: string | number): string => {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
};

/**
 * Finds the markers of `payload` (a recorded payload, or the JSON a user edited from one) that the
 * page cannot send as they are, or turns back into other values. See {@link PayloadCaveats}.
 *
 * @example
 * payloadCaveats({ card: { $hubbub: 'redacted' }, at: { $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' } })
 * // { lost: [{ path: 'card', marker: { $hubbub: 'redacted' } }], cut: [], revived: [{ path: 'at', … }], instances: [] }
 */
export const payloadCaveats = (payload: unknown): PayloadCaveats => {
  const caveats = { lost: [] as MarkerAt[], cut: [] as MarkerAt[], revived: [] as MarkerAt[], instances: [] as MarkerAt[] };
  let found = 0;
  const walk = (value: unknown, path: string, depth = 0): void => {
    if (found >= MAX_MARKERS || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, childPath(path, index), depth + 1);
      });
      return;
    }
    if (!isRecord(value)) return;
    const kind = value.$hubbub;
    if (typeof kind !== 'string') {
      for (const [key, field] of Object.entries(value)) walk(field, childPath(path, key), depth + 1);
      return;
    }
    if (SILENT.has(kind)) return;
    found++;
    const at: MarkerAt = { path, marker: value as MarkerAt['marker'] };
    if (kind === 'instance' && isRecord(value.fields)) {
      caveats.instances.push(at);
      for (const [key, field] of Object.entries(value.fields)) walk(field, childPath(path, key), depth + 1);
    } else if (kind === 'map' && Array.isArray(value.entries)) {
      caveats.revived.push(at);
      if (typeof value.size === 'number' && value.size > value.entries.length) caveats.cut.push(at);
      value.entries.forEach((entry: unknown, index) => {
        if (!Array.isArray(entry)) return;
        walk(entry[0], `${path}<key ${index}>`, depth + 1);
        walk(entry[1], `${path}<value ${index}>`, depth + 1);
      });
    } else if (kind === 'set' && Array.isArray(value.values)) {
      caveats.revived.push(at);
      if (typeof value.size === 'number' && value.size > value.values.length) caveats.cut.push(at);
      value.values.forEach((item: unknown, index) => {
        walk(item, `${path}<${index}>`, depth + 1);
      });
    } else if (REVIVED.has(kind)) {
      caveats.revived.push(at);
    } else {
      caveats.lost.push(at);
    }
  };
  walk(payload, '');
  return caveats;
};

/**
 * The caveats of a payload's JSON text as the Dispatch view holds it; none while it is not valid JSON
 * (the view says so when Dispatch is pressed).
 *
 * @example caveatsOfText('{"card":{"$hubbub":"redacted"}}').lost.length // 1
 */
export const caveatsOfText = (text: string): PayloadCaveats => {
  let parsed: SerializedValue | undefined;
  try {
    parsed = text.trim() === '' ? undefined : (JSON.parse(text) as SerializedValue);
  } catch {
    parsed = undefined;
  }
  return payloadCaveats(parsed);
};
