import { createStore, type StoreApi } from 'zustand/vanilla';
import { keyMatcher } from '../../../core/patterns';
import type { EventRecord, EventStatus } from './event-record';

/** An outcome to filter on: one badge, or `problems` (failed, blocked or storm); '' for all. */
export type OutcomeFilter = '' | 'problems' | Exclude<EventStatus, 'ok'>;

const PROBLEMS: ReadonlySet<EventStatus> = new Set(['failed', 'blocked', 'storm']);

export interface FilterValues {
  /** An event type, a pattern (`'cart/*'`, `'cart/**'`, as the bus matches them), or '' for all. */
  readonly eventType: string;
  /** Free text over type, payload and what the event's parts say (handler labels, errors, middleware and block reasons); a regular expression when `regex` is on. */
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

/** Most characters of a record's search text a regular expression reads (its type, what its parts say, its payload's start): a slow pattern's work grows with it. */
export const REGEX_TEXT_LIMIT = 1_000;

/** `{2}`, `{2,}` or `{2,5}` at `at`: whether it repeats more than once (`{0,1}` and `{1}` do not). */
const braceRepeats = (source: string, at: number): { repeats: boolean; end: number } | undefined => {
  const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at, at + 24));
  if (!match) return undefined;
  const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
  return { repeats: max > 1, end: at + match[0].length };
};

/**
 * Whether a pattern repeats a group that itself holds a repeat, as `(a+)+`, `(\w*)*` or
 * `(x+y?){2,}` do: the classic shape that takes exponential time on text that almost matches.
 * Reads the pattern's source (escapes and character classes skipped); other slow shapes (an
 * alternation whose branches overlap, as in `(a|a)+`) are not caught here.
 *
 * @example hasNestedRepeat('(a+)+$') // true
 * @example hasNestedRepeat('^cart:(add|remove)+') // false
 */
export const hasNestedRepeat = (source: string): boolean => {
  // Per open group: whether something inside it repeats.
  const groups: boolean[] = [false];
  let i = 0;
  /** The quantifier at `i`, if any: whether it repeats (`*`, `+`, `{2,}`...), and where it ends (a lazy `?` included). */
  const quantifierAt = (at: number): { repeats: boolean; end: number } | undefined => {
    const c = source[at];
    let q: { repeats: boolean; end: number } | undefined;
    if (c === '*' || c === '+') q = { repeats: true, end: at + 1 };
    else if (c === '?') q = { repeats: false, end: at + 1 };
    else if (c === '{') q = braceRepeats(source, at);
    if (q && source[q.end] === '?') q = { ...q, end: q.end + 1 };
    return q;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      groups.push(false);
      i++;
      continue;
    } else if (c === ')') {
      const inner = groups.length > 1 ? (groups.pop() as boolean) : false;
      const q = quantifierAt(i + 1);
      if (q?.repeats && inner) return true;
      if (inner || q?.repeats) groups[groups.length - 1] = true;
      i = q ? q.end : i + 1;
      continue;
    } else {
      i++;
    }
    // After an atom (a character, an escape, a class): its quantifier, if any.
    const q = quantifierAt(i);
    if (q) {
      if (q.repeats) groups[groups.length - 1] = true;
      i = q.end;
    }
  }
  return false;
};

/** A compiled filter: a predicate, or the reason the text is not a valid regular expression. */
export type CompiledFilter =
  | { readonly ok: true; readonly test: (record: EventRecord) => boolean }
  | { readonly ok: false; readonly error: string };

/**
 * Compiles filter values into a predicate over records.
 *
 * @example
 * const f = compileFilter({ eventType: '', text: 'cart', regex: false, invert: true, instanceKey: '', outcome: '' })
 * if (f.ok) records.filter(f.test)
 */
export const compileFilter = (values: FilterValues): CompiledFilter => {
  let matchText: (record: EventRecord) => boolean = () => true;
  const text = values.text.trim();
  if (text !== '') {
    if (values.regex) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(text, 'i');
      } catch (error) {
        // The engine's message already says "Invalid regular expression" (V8, SpiderMonkey): say it once.
        const reason = (error as Error).message.replace(/^invalid regular expression:?\s*/i, '');
        return { ok: false, error: `Invalid regular expression: ${reason}. Fix the pattern or turn regex off.` };
      }
      if (hasNestedRepeat(text)) {
        return {
          ok: false,
          error:
            'This regular expression repeats a group that itself repeats (as in (a+)+), which can take exponential time and freeze the panel. Rewrite it without the nested repeat, or turn regex off.',
        };
      }
      matchText = (record) =>
        pattern.test(record.searchText.length > REGEX_TEXT_LIMIT ? record.searchText.slice(0, REGEX_TEXT_LIMIT) : record.searchText);
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
