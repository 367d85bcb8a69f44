import diff from 'microdiff';
import type { SerializedValue } from '../../protocol';
import type { EventRecord } from './event-record';

/** One difference between two payloads: where, and the value before and after (absent for an added or removed one). */
export interface PayloadChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** Keys and array indexes from the payload down to the value; empty for the payload itself. */
  readonly path: readonly (string | number)[];
  readonly before?: SerializedValue;
  readonly after?: SerializedValue;
}

type Container = Record<string, unknown> | unknown[];

const isMarkerValue = (value: unknown): value is { $hubbub: string } & Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $hubbub?: unknown }).$hubbub === 'string';

/**
 * A copy whose objects have no prototype: microdiff asks `key in newObj`, which would otherwise
 * find an inherited `constructor` or `toString` and report a payload key named so as changed to a
 * function rather than removed.
 */
const bare = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(bare);
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) out[key] = bare((value as Record<string, unknown>)[key]);
  return out;
};

/** An own field or item of a copy made by {@link bare} (undefined when absent). */
const childOf = (value: unknown, key: string | number): unknown =>
  typeof value === 'object' && value !== null ? (value as Container)[key as never] : undefined;

const KIND = { CREATE: 'added', REMOVE: 'removed', CHANGE: 'changed' } as const;

/**
 * What changed from `before` to `after`, two devtools-serialized payloads, in the order microdiff
 * finds them (fields of `before` first, then those only `after` has). A `$hubbub` marker (a cut
 * string, a redacted field, a Map, a Date…) compares as one value, never field by field: a change
 * inside one is reported as a change of the whole marker. A class instance (`instance` marker) of the
 * same class on both sides is the exception: its fields compare one by one, named as the app names them.
 * Arrays compare index by index.
 *
 * @example
 * diffPayloads({ items: [{ qty: 1 }] }, { items: [{ qty: 2 }], coupon: 'TEA10' })
 * // [{ kind: 'changed', path: ['items', 0, 'qty'], before: 1, after: 2 },
 * //  { kind: 'added', path: ['coupon'], after: 'TEA10' }]
 */
export const diffPayloads = (before: SerializedValue, after: SerializedValue): PayloadChange[] => {
  // Wrapped, so that payloads that are not objects (a number, a marker, an array turned object) compare too.
  const left = { $: bare(before) } as Record<string, unknown>;
  const right = { $: bare(after) } as Record<string, unknown>;
  const changes: PayloadChange[] = [];
  const collapsed = new Set<string>();
  for (const difference of diff(left, right, { cyclesFix: false })) {
    const path = difference.path;
    const shown: (string | number)[] = [];
    let nodeBefore: unknown = left;
    let nodeAfter: unknown = right;
    let whole: PayloadChange | undefined;
    for (let depth = 0; depth < path.length; depth++) {
      const key = path[depth] as string | number;
      if (depth > 0 && (isMarkerValue(nodeBefore) || isMarkerValue(nodeAfter))) {
        const sameClass =
          isMarkerValue(nodeBefore) &&
          isMarkerValue(nodeAfter) &&
          nodeBefore.$hubbub === 'instance' &&
          nodeAfter.$hubbub === 'instance' &&
          nodeBefore.className === nodeAfter.className &&
          key === 'fields';
        if (!sameClass) {
          whole = { kind: 'changed', path: [...shown], before: nodeBefore as SerializedValue, after: nodeAfter as SerializedValue };
          break;
        }
      } else if (depth > 0) {
        shown.push(key);
      }
      nodeBefore = childOf(nodeBefore, key);
      nodeAfter = childOf(nodeAfter, key);
    }
    if (whole) {
      const id = JSON.stringify(whole.path);
      if (collapsed.has(id)) continue;
      collapsed.add(id);
      changes.push(whole);
      continue;
    }
    const kind = KIND[difference.type];
    changes.push({
      kind,
      path: shown,
      ...(kind === 'added' ? {} : { before: nodeBefore as SerializedValue }),
      ...(kind === 'removed' ? {} : { after: nodeAfter as SerializedValue }),
    });
  }
  return changes;
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A change's path as code reads it; empty for the payload itself.
 *
 * @example pathText(['items', 2, 'qty']) // 'items[2].qty'; pathText(['a b']) // '["a b"]'
 */
export const pathText = (path: readonly (string | number)[]): string =>
  path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      if (IDENTIFIER.test(key)) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');

/**
 * The event recorded before `record` in the log with the same type from the same bus (same
 * `instanceKey`), or undefined when the log holds none (or no longer holds `record`).
 *
 * @example previousOfSameBusAndType(events.getState().records, record)
 */
export const previousOfSameBusAndType = (records: readonly EventRecord[], record: EventRecord): EventRecord | undefined => {
  // `ingest` increases along the log: find the record by it, then walk back.
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((records[mid] as EventRecord).ingest < record.ingest) lo = mid + 1;
    else hi = mid;
  }
  const index = records[lo] === record ? lo : records.lastIndexOf(record);
  for (let i = index - 1; i >= 0; i--) {
    const candidate = records[i] as EventRecord;
    if (candidate.eventType === record.eventType && candidate.instanceKey === record.instanceKey) return candidate;
  }
  return undefined;
};

/**
 * Up to `limit` other events of `record`'s type in the log, from any bus, newest first: what the
 * Diff tab offers to compare with besides the previous one of the same bus.
 *
 * @example recentOfType(events.getState().records, record, 20).map((r) => r.id) // ['e9', 'e7', 'e4']
 */
export const recentOfType = (records: readonly EventRecord[], record: EventRecord, limit: number): EventRecord[] => {
  const found: EventRecord[] = [];
  for (let i = records.length - 1; i >= 0 && found.length < limit; i--) {
    const candidate = records[i] as EventRecord;
    if (candidate !== record && candidate.eventType === record.eventType) found.push(candidate);
  }
  return found;
};
