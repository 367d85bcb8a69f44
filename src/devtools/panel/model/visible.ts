import type { EventRecord } from './event-record';
import { type CompiledFilter, compileFilter, type FilterValues } from './filters';

/** The filtered list the log shows, or the reason the filter cannot be applied. */
export interface VisibleEvents {
  readonly records: readonly EventRecord[];
  readonly error: string | undefined;
}

/**
 * Keeps the filtered list up to date without refiltering everything on each batch: when only new
 * records arrived it tests just those, and drops evicted ones from the front.
 *
 * @example
 * const visible = createVisibleIndex()
 * const { records } = visible.update(events.getState().records, filters.getState())
 */
export const createVisibleIndex = () => {
  let lastValues: FilterValues | undefined;
  let compiled: CompiledFilter = { ok: true, test: () => true };
  let result: EventRecord[] = [];
  let seenIngest = -1;
  let lastSource: readonly EventRecord[] | undefined;
  let lastView: VisibleEvents = { records: result, error: undefined };

  const same = (a: FilterValues, b: FilterValues) =>
    a.eventType === b.eventType &&
    a.text === b.text &&
    a.regex === b.regex &&
    a.invert === b.invert &&
    a.instanceKey === b.instanceKey &&
    (a.outcome ?? '') === (b.outcome ?? '');

  return {
    /** `changed`: the log changed since the last call (its version moved), perhaps only in the outcome of events already listed. */
    update(source: readonly EventRecord[], values: FilterValues, changed = false): VisibleEvents {
      const newest = source.at(-1)?.ingest ?? -1;
      const oldest = source[0]?.ingest ?? Number.POSITIVE_INFINITY;
      const filterChanged = lastValues === undefined || !same(lastValues, values);
      // A listed event's outcome may change later (its handlers finish in a later batch): testing only new records would miss it.
      const rebuilt = source !== lastSource || newest < seenIngest || (changed && (values.outcome ?? '') !== '');
      if (!filterChanged && !rebuilt && newest === seenIngest && (result[0]?.ingest ?? oldest) >= oldest) return lastView;
      if (filterChanged) compiled = compileFilter(values);
      lastValues = values;
      lastSource = source;
      if (!compiled.ok) {
        seenIngest = newest;
        lastView = { records: source, error: compiled.error };
        return lastView;
      }
      const test = compiled.test;
      if (filterChanged || rebuilt) {
        result = source.filter(test);
      } else {
        let start = 0;
        while (start < result.length && (result[start] as EventRecord).ingest < oldest) start++;
        const next = start > 0 ? result.slice(start) : result.slice();
        for (let i = source.length - 1; i >= 0 && (source[i] as EventRecord).ingest > seenIngest; i--) {
          // Walk back to the first unseen record, then append forward in order.
          if (i === 0 || (source[i - 1] as EventRecord).ingest <= seenIngest) {
            for (let j = i; j < source.length; j++) if (test(source[j] as EventRecord)) next.push(source[j] as EventRecord);
            break;
          }
        }
        result = next;
      }
      seenIngest = newest;
      lastView = { records: result, error: undefined };
      return lastView;
    },
  };
};
