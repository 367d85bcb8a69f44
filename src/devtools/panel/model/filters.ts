import { createStore, type StoreApi } from 'zustand/vanilla';
import { keyMatcher } from '../../../core/patterns';
import type { EventRecord, EventStatus } from './event-record';
import { REGEX_ENGINE_LOADING, type RegexEngine, regexEngine } from './regex-engine';

/** An outcome to filter on: one badge, or `problems` (failed, blocked or storm); '' for all. */
export type OutcomeFilter = '' | 'problems' | Exclude<EventStatus, 'ok'>;

const PROBLEMS: ReadonlySet<EventStatus> = new Set(['failed', 'blocked', 'storm']);

export interface FilterValues {
  /** An event type, a pattern (`'cart/*'`, `'cart/**'`, as the bus matches them), or '' for all. */
  readonly eventType: string;
  /** Free text over type, payload and what the event's parts say (handler labels, errors, middleware and block reasons); a regular expression when `regex` is on (JavaScript syntax, case-insensitive, run in linear time: see `compileLinearRegex`). */
  readonly text: string;
  readonly regex: boolean;
  /** Show what does NOT match. */
  readonly invert: boolean;
  /** Instance key, or '' for all. */
  readonly instanceKey: string;
  /** How events ended ('' or absent for all). Unlike the other fields, an event's outcome changes after it is listed (an async handler fails later). */
  readonly outcome?: OutcomeFilter;
}

export interface FiltersState extends FilterValues {
  readonly set: (change: Partial<FilterValues>) => void;
  readonly reset: () => void;
}

const EMPTY: FilterValues = { eventType: '', text: '', regex: false, invert: false, instanceKey: '', outcome: '' };

/**
 * Creates the filters model.
 *
 * @example
 * const filters = createFiltersStore()
 * filters.getState().set({ text: '^cart', regex: true })
 */
export const createFiltersStore = (): StoreApi<FiltersState> =>
  createStore<FiltersState>()((set) => ({
    ...EMPTY,
    set: (change) => set(change),
    reset: () => set(EMPTY),
  }));

/**
 * A compiled filter: a predicate; or the reason the filter's regular expression cannot be run (see
 * `compileLinearRegex`); or `loading`, what to say while the regex engine it needs loads (`loadRegexEngine`).
 */
export type CompiledFilter =
  | { readonly ok: true; readonly test: (record: EventRecord) => boolean }
  | { readonly ok: false; readonly error: string }
  | { readonly ok: false; readonly loading: string };

/**
 * Compiles filter values into a predicate over records. Synchronous: a regular expression is
 * compiled by `engine` (the page's, by default) once it has loaded; until then the result says it
 * is loading. Starting the load is the caller's part (`loadRegexEngine`), from an effect or an event.
 *
 * @example
 * const f = compileFilter({ eventType: '', text: 'cart', regex: false, invert: true, instanceKey: '', outcome: '' })
 * if (f.ok) records.filter(f.test)
 */
export const compileFilter = (values: FilterValues, engine: RegexEngine = regexEngine.getState()): CompiledFilter => {
  let matchText: (record: EventRecord) => boolean = () => true;
  const text = values.text.trim();
  if (text !== '') {
    if (values.regex) {
      if (engine.status === 'failed') return { ok: false, error: engine.error };
      if (engine.status !== 'ready') return { ok: false, loading: REGEX_ENGINE_LOADING };
      const regex = engine.compile(text);
      if (!regex.ok) return regex;
      matchText = (record) => regex.test(record.searchText);
    } else {
      const needle = text.toLowerCase();
      matchText = (record) => record.searchText.includes(needle);
    }
  }
  const { eventType, instanceKey, invert, outcome = '' } = values;
  const matchesType = eventType === '' ? () => true : keyMatcher(eventType);
  const matchesOutcome = (record: EventRecord) =>
    outcome === '' || (outcome === 'problems' ? PROBLEMS.has(record.status) : record.status === outcome);
  return {
    ok: true,
    test: (record) => {
      if (instanceKey !== '' && record.instanceKey !== instanceKey) return false;
      if (!matchesOutcome(record)) return false;
      if (!matchesType(record.eventType)) return false;
      return matchText(record) !== invert;
    },
  };
};

/**
 * The patterns worth offering in the type filter for the types seen so far: for each `/` prefix
 * of a type, `prefix/*` (its direct children) and `prefix/**` (everything under it), sorted.
 *
 * @example
 * patternOptions(['cart/added', 'cart/item/priced']) // ['cart/*', 'cart/**', 'cart/item/*', 'cart/item/**']
 */
export const patternOptions = (types: readonly string[]): string[] => {
  const options = new Set<string>();
  for (const type of types) {
    const segments = type.split('/');
    for (let length = 1; length < segments.length; length++) {
      const prefix = segments.slice(0, length).join('/');
      options.add(`${prefix}/*`);
      options.add(`${prefix}/**`);
    }
  }
  return [...options].sort();
};
