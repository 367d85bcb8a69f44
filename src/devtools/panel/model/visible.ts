import type { EventRecord } from './event-record';
import type { EventsState } from './events';
import { type CompiledFilter, compileFilter, type FilterValues } from './filters';
import { type RegexEngine, regexEngine } from './regex-engine';

/** The filtered list the log shows; or, with the whole log, why the filter cannot be applied (`error`) or is not yet (`loading`). */
export interface VisibleEvents {
  readonly records: readonly EventRecord[];
  readonly error: string | undefined;
  /** What to say while the regex engine the filter needs loads (see `loadRegexEngine`). */
  readonly loading: string | undefined;
  /** How many records the log had when this list was made (the filter's "of N"). */
  readonly total: number;
}

/** What the index asks the events model: which listed records changed since it last looked. */
export type ChangeLog = Pick<EventsState, 'changeMark' | 'changedSince'>;

/**
 * Most time a regular expression filter may take over the log in one update (ms). Past it the
 * filter stops and says so. The linear-time engine (see `compileLinearRegex`) bounds each
 * record's match by its search text's length, but a large pattern over a large log can still add
 * up; the budget is checked between records, as one match cannot be cut short.
 */
export const REGEX_BUDGET_MS = 1_000;

const SLOW_REGEX = `This regular expression took over ${REGEX_BUDGET_MS / 1000} s on the log, so it was stopped. Simplify it, or turn regex off.`;

class TooSlow extends Error {}

/** Where `record` sits in `list` (sorted by `ingest`), or where it would go. */
const placeOf = (list: readonly EventRecord[], record: EventRecord): number => {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as EventRecord).ingest < record.ingest) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * Keeps the filtered list up to date without refiltering everything on each batch: when only new
 * records arrived it tests just those, tests again the listed records a part joined since (their
 * outcome or search text changed: an async handler failed later), and drops evicted ones from the front.
 *
 * @example
 * const visible = createVisibleIndex()
 * const { records } = visible.update(events.getState().records, filters.getState(), events.getState())
 */
export const createVisibleIndex = () => {
  let lastValues: FilterValues | undefined;
  let lastEngine: RegexEngine | undefined;
  let compiled: CompiledFilter = { ok: true, test: () => true };
  let result: EventRecord[] = [];
  let seenIngest = -1;
  let seenMark = 0;
  let lastSource: readonly EventRecord[] | undefined;
  let lastView: VisibleEvents = { records: result, error: undefined, loading: undefined, total: 0 };

  const same = (a: FilterValues, b: FilterValues) =>
    a.eventType === b.eventType &&
    a.text === b.text &&
    a.regex === b.regex &&
    a.invert === b.invert &&
    a.instanceKey === b.instanceKey &&
    (a.outcome ?? '') === (b.outcome ?? '');

  /** The compiled test, stopped past {@link REGEX_BUDGET_MS} when it runs a regular expression. */
  const budgeted = (test: (record: EventRecord) => boolean, values: FilterValues) => {
    if (!values.regex || values.text.trim() === '') return test;
    const started = performance.now();
    return (record: EventRecord) => {
      const matches = test(record);
      if (performance.now() - started > REGEX_BUDGET_MS) throw new TooSlow();
      return matches;
    };
  };

  return {
    /**
     * `changes`: the events model, to learn which listed records changed since the last call (an
     * outcome, or the search text, after a part joined); without it only new records are tested.
     * `engine`: the regex engine's state (the page's by default); a regex filter is compiled again
     * when it changes (it has loaded, or failed to).
     */
    update(
      source: readonly EventRecord[],
      values: FilterValues,
      changes?: ChangeLog,
      engine: RegexEngine = regexEngine.getState(),
    ): VisibleEvents {
      const newest = source.at(-1)?.ingest ?? -1;
      const oldest = source[0]?.ingest ?? Number.POSITIVE_INFINITY;
      const needsEngine = values.regex && values.text.trim() !== '';
      const filterChanged = lastValues === undefined || !same(lastValues, values) || (needsEngine && engine !== lastEngine);
      const mark = changes?.changeMark() ?? 0;
      const touched = changes && mark !== seenMark ? changes.changedSince(seenMark) : [];
      seenMark = mark;
      // Too many changes to tell which (the model keeps the latest only): test everything again.
      const rebuilt = source !== lastSource || newest < seenIngest || touched === undefined;
      const retest = touched ?? [];
      if (
        !filterChanged &&
        !rebuilt &&
        newest === seenIngest &&
        retest.length === 0 &&
        (result[0]?.ingest ?? oldest) >= oldest &&
        source.length === lastView.total
      )
        return lastView;
      if (filterChanged) compiled = compileFilter(values, engine);
      lastValues = values;
      lastEngine = engine;
      lastSource = source;
      if (compiled.ok) {
        try {
          result = filter(source, compiled.test, values, filterChanged || rebuilt, oldest, retest);
        } catch (error) {
          if (!(error instanceof TooSlow)) throw error;
          compiled = { ok: false, error: SLOW_REGEX };
        }
      }
      seenIngest = newest;
      // A filter not applied (yet) shows the whole log, and the message area says why instead of a count.
      lastView = compiled.ok
        ? { records: result, error: undefined, loading: undefined, total: source.length }
        : 'loading' in compiled
          ? { records: source, error: undefined, loading: compiled.loading, total: source.length }
          : { records: source, error: compiled.error, loading: undefined, total: source.length };
      return lastView;
    },
  };

  function filter(
    source: readonly EventRecord[],
    compiledTest: (record: EventRecord) => boolean,
    values: FilterValues,
    whole: boolean,
    oldest: number,
    retest: readonly EventRecord[],
  ): EventRecord[] {
    const test = budgeted(compiledTest, values);
    if (whole) return source.filter(test);
    let start = 0;
    while (start < result.length && (result[start] as EventRecord).ingest < oldest) start++;
    const next = start > 0 ? result.slice(start) : result.slice();
    // Listed before and changed since: in or out as they match now (new records are tested below).
    for (const record of retest) {
      if (record.ingest > seenIngest || record.ingest < oldest) continue;
      const at = placeOf(next, record);
      const listed = next[at] === record;
      const matches = test(record);
      if (matches && !listed) next.splice(at, 0, record);
      else if (!matches && listed) next.splice(at, 1);
    }
    for (let i = source.length - 1; i >= 0 && (source[i] as EventRecord).ingest > seenIngest; i--) {
      // Walk back to the first unseen record, then append forward in order.
      if (i === 0 || (source[i - 1] as EventRecord).ingest <= seenIngest) {
        for (let j = i; j < source.length; j++) if (test(source[j] as EventRecord)) next.push(source[j] as EventRecord);
        break;
      }
    }
    return next;
  }
};
