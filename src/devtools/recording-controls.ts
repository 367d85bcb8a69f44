/**
 * Recording controls on the page side: which events devtools record at all (`allow`/`deny`) and
 * how many of a noisy type (`sample`, `maxPerSecond`), decided before anything is serialized, with
 * counts of what was left out so the panel can say so.
 */

import { DEV } from '../core/dev';
import { isPattern, matcherOf } from '../core/patterns';
import { clip } from './text';

/**
 * What {@link RecordingControls.decide} says about one event, as a named table.
 *
 * @example
 * if (controls.decide(type, event) === RecordingDecision.keep) send(event)
 */
export const RecordingDecision = {
  keep: 'keep',
  /** Left out by `deny`, or not matched by `allow`. */
  denied: 'denied',
  /** Left out by `sample`. */
  sampledOut: 'sampled-out',
  /** Left out by `maxPerSecond`. */
  overCap: 'over-cap',
} as const;

/**
 * One of {@link RecordingDecision}'s values.
 *
 * @example
 * const decision: RecordingDecision = 'sampled-out'
 */
export type RecordingDecision = (typeof RecordingDecision)[keyof typeof RecordingDecision];

/**
 * Why an event was left out: every {@link RecordingDecision} but `keep`.
 *
 * @example
 * const reason: LeftOutReason = 'over-cap'
 */
export type LeftOutReason = Exclude<RecordingDecision, 'keep'>;

/**
 * Event types to match: exact keys, `'*'` (every event) and patterns with the bus's meaning
 * (`*` is one `/` segment, `**` one or more), or a predicate.
 *
 * @example
 * const noisy: EventMatcher = ['pointer/*', 'cart/**', 'app/tick']
 * const big: EventMatcher = (type, event) => type.startsWith('upload/') && (event as Blob).size > 1e6
 */
export type EventMatcher = readonly string[] | ((type: string, event: unknown) => boolean);

/**
 * Options of {@link createRecordingControls}. Keys of `sample` and `maxPerSecond` are event types
 * or patterns (an exact key wins over patterns, then the first pattern in the object's order);
 * with a pattern, each matching type is sampled or capped on its own.
 *
 * @example
 * const options: RecordingOptions = { deny: ['auth/**'], sample: { 'pointer/move': 0.1 }, maxPerSecond: { 'scroll/*': 20 } }
 */
export interface RecordingOptions {
  /** Only these are recorded (default: every event). A predicate that throws leaves the event out. */
  readonly allow?: EventMatcher;
  /** Never recorded, even if allowed. A predicate that throws leaves the event out. */
  readonly deny?: EventMatcher;
  /** Share of each type kept, 0..1, deterministically: with 0.1 the 1st, 11th, 21st... of a type. */
  readonly sample?: Readonly<Record<string, number>>;
  /** Events of a type kept per second (a whole number >= 0), in windows of one second from the first one. */
  readonly maxPerSecond?: Readonly<Record<string, number>>;
  /** Milliseconds clock for `maxPerSecond`. Default `performance.now`. */
  readonly now?: () => number;
  /** Distinct types counted (and sampled, capped) one by one; the rest are aggregated. Default {@link MAX_TRACKED_TYPES}. */
  readonly maxTrackedTypes?: number;
  /**
   * Characters of a type kept as its key in the counts and sampling state; a longer type is cut
   * (a fresh copy, so the app's string is never retained) and reported cut; types alike up to
   * there share one key. Default 10,000.
   */
  readonly maxString?: number;
}

/**
 * Events left out, per reason.
 *
 * @example
 * const counts: LeftOutCounts = { denied: 0, 'sampled-out': 90, 'over-cap': 0 }
 */
export type LeftOutCounts = Readonly<Record<LeftOutReason, number>>;

/**
 * What was left out since the start or the last `reset()`.
 *
 * @example
 * const { total, byType, otherTypes } = controls.leftOut()
 * panelFooter(`${total} events not recorded`)
 */
export interface LeftOutReport {
  readonly total: number;
  /** Per type (cut at `maxString`), in the order types were first left out, for at most `maxTrackedTypes` types. */
  readonly byType: readonly ({ readonly type: string } & LeftOutCounts)[];
  /** Summed over the types beyond `maxTrackedTypes`. */
  readonly otherTypes: LeftOutCounts;
}

/**
 * The decision function and its counters, from {@link createRecordingControls}.
 *
 * @example
 * const controls = createRecordingControls({ sample: { 'pointer/move': 0.5 } })
 * controls.decide('pointer/move', {}) // 'keep', then 'sampled-out', 'keep'...
 */
export interface RecordingControls {
  /** Whether to record one event (and counts it if not). Never throws. */
  decide(type: string, event: unknown): RecordingDecision;
  /** Counts of events left out. */
  leftOut(): LeftOutReport;
  /** Forgets the counts and restarts sampling and caps. */
  reset(): void;
}

/**
 * Distinct event types tracked one by one, by default: beyond it, types share one counter (and
 * one sampling / cap state per rule), so an app inventing types cannot grow memory without end.
 *
 * @example
 * createRecordingControls({ maxTrackedTypes: MAX_TRACKED_TYPES * 2 })
 */
export const MAX_TRACKED_TYPES = 256;

const ONE_SECOND_MS = 1000;
const WILDCARD = '*';
const PREFIX = '[hubbub] recording controls:';

/** Checks a key or pattern, naming the option: a `*` that is not a whole segment is a mistake, not a literal. */
const checkKey = (key: unknown, option: string): string => {
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(
      DEV
        ? `${PREFIX} ${option} must hold event types or patterns (non-empty strings), got ${JSON.stringify(key) ?? typeof key}.`
        : `${PREFIX} ${option}`,
    );
  }
  if (
    key !== WILDCARD &&
    key.includes('*') &&
    !key.split('/').every((segment) => !segment.includes('*') || segment === '*' || segment === '**')
  ) {
    throw new TypeError(
      DEV
        ? `${PREFIX} ${option}: '${key}' is not a pattern: '*' (one segment) and '**' (one or more) must be whole '/' segments, e.g. 'pointer/*' or 'cart/**'.`
        : `${PREFIX} ${option}: ${key}`,
    );
  }
  return key;
};

/** Exact keys in a set, patterns as RegExps: `test(type)` says whether any matches. */
const keySetOf = (keys: readonly string[], option: string) => {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const key of keys) {
    checkKey(key, option);
    if (isPattern(key)) patterns.push(matcherOf(key));
    else exact.add(key);
  }
  return (type: string) => exact.has(WILDCARD) || exact.has(type) || patterns.some((pattern) => pattern.test(type));
};

/** A matcher as one function; a throwing predicate answers `fallback`. */
const predicateOf = (matcher: EventMatcher | undefined, option: string, fallback: boolean) => {
  if (matcher === undefined) return undefined;
  if (typeof matcher === 'function') {
    return (type: string, event: unknown) => {
      try {
        return Boolean(matcher(type, event));
      } catch {
        return fallback;
      }
    };
  }
  if (!Array.isArray(matcher)) {
    throw new TypeError(
      DEV
        ? `${PREFIX} ${option} must be an array of event types or patterns, or a function (type, event) => boolean.`
        : `${PREFIX} ${option}`,
    );
  }
  const test = keySetOf(matcher, option);
  return (type: string) => test(type);
};

/** A per-type rule table: exact keys first, then patterns in the object's order. */
const ruleTableOf = (
  rules: Readonly<Record<string, number>> | undefined,
  option: string,
  check: (value: unknown) => boolean,
  expected: string,
) => {
  if (rules === undefined) return undefined;
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) {
    throw new TypeError(
      DEV
        ? `${PREFIX} ${option} must be an object of event type (or pattern) to number, e.g. { 'pointer/move': 0.1 }.`
        : `${PREFIX} ${option}`,
    );
  }
  const exact = new Map<string, number>();
  const patterns: { readonly key: string; readonly matcher: RegExp; readonly value: number }[] = [];
  for (const [key, value] of Object.entries(rules)) {
    checkKey(key, option);
    if (!check(value))
      throw new TypeError(
        DEV ? `${PREFIX} ${option}['${key}'] must be ${expected}, got ${String(value)}.` : `${PREFIX} ${option}['${key}']`,
      );
    if (isPattern(key)) patterns.push({ key, matcher: matcherOf(key), value: value as number });
    else exact.set(key, value as number);
  }
  /** The rule for a type: its key (the type itself, or the pattern) and value. */
  return (type: string): { readonly key: string; readonly value: number } | undefined => {
    const value = exact.get(type);
    if (value !== undefined) return { key: type, value };
    const pattern = patterns.find((candidate) => candidate.matcher.test(type));
    if (pattern) return pattern;
    const everything = exact.get(WILDCARD);
    return everything === undefined ? undefined : { key: WILDCARD, value: everything };
  };
};

const isRate = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;
const isCap = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

const noneLeftOut = (): Record<LeftOutReason, number> => ({ denied: 0, 'sampled-out': 0, 'over-cap': 0 });

/** Sampling and cap state of one type (or, beyond the tracked types, of one rule). */
interface Pace {
  /** Events of the type seen by the sampler. */
  seen: number;
  /** Of those, kept. */
  kept: number;
  windowStart: number;
  inWindow: number;
}

/**
 * Makes the page-side recording controls of devtools: `decide(type, event)` says whether to
 * record an event, before it is serialized; `leftOut()` counts the rest per type and reason.
 * Order: `deny`, then `allow`, then `sample`, then `maxPerSecond`. Bad options throw a TypeError
 * naming the option.
 *
 * @example
 * const controls = createRecordingControls({ deny: ['auth/**'], sample: { 'pointer/move': 0.1 }, maxPerSecond: { 'scroll/*': 20 } })
 * inspect(bus, (o) => { if (o.kind === 'event' && controls.decide(o.meta.type, o.event) === 'keep') record(o) })
 */
export const createRecordingControls = (options: RecordingOptions = {}): RecordingControls => {
  if (options === null || typeof options !== 'object')
    throw new TypeError(
      DEV ? `${PREFIX} options must be an object, got ${options === null ? 'null' : typeof options}.` : `${PREFIX} options`,
    );
  const { now = () => performance.now(), maxTrackedTypes = MAX_TRACKED_TYPES, maxString = 10_000 } = options;
  if (typeof now !== 'function')
    throw new TypeError(DEV ? `${PREFIX} now must be a function returning milliseconds, e.g. () => performance.now().` : `${PREFIX} now`);
  if (!isCap(maxTrackedTypes))
    throw new TypeError(
      DEV ? `${PREFIX} maxTrackedTypes must be a whole number >= 0, got ${String(maxTrackedTypes)}.` : `${PREFIX} maxTrackedTypes`,
    );
  const isDenied = predicateOf(options.deny, 'deny', true);
  const isAllowed = predicateOf(options.allow, 'allow', false);
  const sampleOf = ruleTableOf(options.sample, 'sample', isRate, 'a rate between 0 and 1 (0.1 keeps one event in ten)');
  const capOf = ruleTableOf(options.maxPerSecond, 'maxPerSecond', isCap, 'a whole number of events per second, >= 0');

  let byType = new Map<string, Record<LeftOutReason, number>>();
  let otherTypes = noneLeftOut();
  let paces = new Map<string, Pace>();
  let overflowPaces = new Map<string, Pace>();

  const paceOf = (type: string, ruleKey: string): Pace => {
    const key = clip(type, maxString);
    const tracked = paces.get(key) ?? overflowPaces.get(ruleKey);
    if (tracked) return tracked;
    const pace: Pace = { seen: 0, kept: 0, windowStart: Number.NEGATIVE_INFINITY, inWindow: 0 };
    if (paces.size < maxTrackedTypes) paces.set(key, pace);
    else overflowPaces.set(ruleKey, pace);
    return pace;
  };

  const leaveOut = (type: string, reason: LeftOutReason): LeftOutReason => {
    const key = clip(type, maxString);
    let counts = byType.get(key);
    if (!counts && byType.size < maxTrackedTypes) {
      counts = noneLeftOut();
      byType.set(key, counts);
    }
    (counts ?? otherTypes)[reason]++;
    return reason;
  };

  /** Keeps `ceil(seen * rate)` of the events seen: the first, then one each time the kept share falls behind. */
  const sampled = (pace: Pace, rate: number) => {
    pace.seen++;
    if (pace.kept >= Math.ceil(pace.seen * rate)) return false;
    pace.kept++;
    return true;
  };

  const underCap = (pace: Pace, cap: number) => {
    const time = now();
    if (!(time - pace.windowStart < ONE_SECOND_MS)) {
      pace.windowStart = time;
      pace.inWindow = 0;
    }
    if (pace.inWindow >= cap) return false;
    pace.inWindow++;
    return true;
  };

  return {
    decide(type, event) {
      if (isDenied?.(type, event)) return leaveOut(type, RecordingDecision.denied);
      if (isAllowed && !isAllowed(type, event)) return leaveOut(type, RecordingDecision.denied);
      const sample = sampleOf?.(type);
      if (sample && !sampled(paceOf(type, sample.key), sample.value)) return leaveOut(type, RecordingDecision.sampledOut);
      const cap = capOf?.(type);
      if (cap && !underCap(paceOf(type, cap.key), cap.value)) return leaveOut(type, RecordingDecision.overCap);
      return RecordingDecision.keep;
    },
    leftOut() {
      const sum = (counts: LeftOutCounts) => counts.denied + counts['sampled-out'] + counts['over-cap'];
      let total = sum(otherTypes);
      for (const counts of byType.values()) total += sum(counts);
      return {
        total,
        byType: [...byType].map(([type, counts]) => ({ type, ...counts })),
        otherTypes: { ...otherTypes },
      };
    },
    reset() {
      byType = new Map();
      otherTypes = noneLeftOut();
      paces = new Map();
      overflowPaces = new Map();
    },
  };
};
