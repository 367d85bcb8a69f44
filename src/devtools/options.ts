import { CORE } from '../core/internals';
import { notABus } from '../core/not-a-bus';
import { BOOLEAN_RULE, CHECKED_WHERE_USED, checkOptionRules, hasMethods, type OptionRule } from '../core/options-check';
import type { EventRegistry } from '../registry/create-registry';
import type { Sanitize } from './entries';
import type { EventMatcher } from './recording-controls';
import type { SerializeLimits } from './serialize';

/**
 * Options of {@link connectDevtools}.
 *
 * @example
 * const options: DevtoolsOptions = { name: 'shop', redact: ['password'], maxBuffer: 10_000, allowDispatch: true }
 */
export interface DevtoolsOptions {
  /** Name shown in the panel. Default: the bus's name. */
  name?: string | undefined;
  /** Force on (`true`) or off (`false`). Default: on, except in production builds. */
  enabled?: boolean | undefined;
  /**
   * Redacts a payload before it leaves the page (also middleware replacement values): return the
   * value to send. Put {@link REDACTED} where a value is hidden. If it throws, the payload is
   * replaced by a `redacted` marker and a warning is shown in the panel.
   *
   * @example
   * sanitize: (payload, type) => (type === 'user/login' ? { ...(payload as Login), password: REDACTED } : payload)
   */
  sanitize?: Sanitize | undefined;
  /**
   * Field names sent as `redacted` wherever they appear in a payload (strings match whole keys,
   * case-insensitively; regular expressions are tested against the key). Applied while
   * serializing, so the value never leaves the page; costs one lookup per key.
   *
   * @example
   * connectDevtools(bus, { redact: ['password', 'token', /^card/i] })
   */
  redact?: readonly (string | RegExp)[] | undefined;
  /**
   * Newest entries kept and re-sent to each panel that connects (oldest dropped, drops counted).
   * Default 5000. An event is one entry, plus one per middleware decision and per handler run, plus
   * its dispatch summary: 5000 entries hold 800 to 2,500 events of most apps.
   */
  maxBuffer?: number | undefined;
  /** Let the panel dispatch and replay events on this bus. Default false. */
  allowDispatch?: boolean | undefined;
  /**
   * Any `createRegistry()`: rebuilds class events (and upcasts, validates payloads) the panel
   * dispatches, and gives each recorded event of a type it defines that type's version, so a
   * recording copied as a test is upcast when the app moves on.
   */
  registry?: Pick<EventRegistry, 'has' | 'versionOf' | 'decode'> | undefined;
  /**
   * Keeps the call site of each emit/publish (the stack without Hubbub's frames, at most 10 frames),
   * shown in the event's Trace tab; in the extension a frame opens in the Sources panel. Off by
   * default: it records a stack on every event, about 20 µs per event in all with a panel listening
   * (most of it when the batch is sent, not inside the emit); turn it on while debugging. Until a
   * panel takes them, buffered events keep their stacks unparsed (at most `maxBuffer`), and an
   * unparsed stack keeps the functions on it alive, with what they close over, and the `this` of
   * their calls.
   *
   * @example
   * connectDevtools(bus, { trace: import.meta.env.DEV })
   */
  trace?: boolean | undefined;
  /** Serialization caps per payload; see {@link SerializeLimits}. A cap left out (or undefined) keeps its default. */
  limits?: { readonly [K in keyof SerializeLimits]?: SerializeLimits[K] | undefined } | undefined;
  /**
   * Only these events are recorded (keys, patterns such as `'cart/**'`, or a predicate); the rest
   * are never serialized, and the panel counts them as not recorded. Default: every event.
   *
   * @example
   * connectDevtools(bus, { allow: ['cart/**', 'order/*'] })
   */
  allow?: EventMatcher | undefined;
  /**
   * Events never recorded (keys, patterns or a predicate), even if allowed: never serialized, their
   * middleware and handler runs neither; the panel counts them as not recorded. An event the panel
   * itself dispatches is always recorded.
   *
   * @example
   * connectDevtools(bus, { deny: ['pointer/*', 'auth/**'] })
   */
  deny?: EventMatcher | undefined;
  /**
   * Share of a noisy type recorded, 0..1 (keys are types or patterns; each matching type sampled on its own).
   *
   * @example
   * connectDevtools(bus, { sample: { 'pointer/move': 0.1, 'scroll/*': 0.05 } })
   */
  sample?: Readonly<Record<string, number>> | undefined;
  /**
   * Events of a type recorded per second at most (keys are types or patterns).
   *
   * @example
   * connectDevtools(bus, { maxPerSecond: { 'ws/message': 20 } })
   */
  maxPerSecond?: Readonly<Record<string, number>> | undefined;
  /**
   * Leak warnings (on by default): a subscription label or key whose live count keeps growing is
   * flagged in the panel's Subscriptions view and warned once in the console in development.
   * `growthChecks`: checks in a row that found a new high (default 3); `minGrowth`: subscriptions
   * gained before it counts (default 10); `intervalMs`: time between checks (default 5000).
   * `false` turns them off.
   *
   * @example
   * connectDevtools(bus, { leaks: { growthChecks: 5, minGrowth: 50 } })
   */
  leaks?: false | { growthChecks?: number | undefined; minGrowth?: number | undefined; intervalMs?: number | undefined } | undefined;
}

/** Tests keys against `redact`: names case-insensitively, patterns as given. */
export const keyRedactor = (redact: readonly (string | RegExp)[] | undefined): ((key: string) => boolean) | undefined => {
  if (!redact?.length) return undefined;
  const names = new Set(redact.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase()));
  const patterns = redact.filter((r): r is RegExp => r instanceof RegExp);
  return (key) => names.has(key.toLowerCase()) || patterns.some((p) => p.test(key));
};

/**
 * Development only: every option by name (see `core/options-check.ts`), so a misspelled one
 * (`{ tarce: true }`) is named instead of ignored. Options with a message of their own below are checked there.
 */
const DEVTOOLS_OPTIONS: Readonly<Record<keyof DevtoolsOptions, OptionRule>> = {
  name: { test: (value) => typeof value === 'string', mustBe: "a string, such as name: 'shop'" },
  enabled: BOOLEAN_RULE,
  sanitize: CHECKED_WHERE_USED,
  redact: CHECKED_WHERE_USED,
  maxBuffer: CHECKED_WHERE_USED,
  allowDispatch: BOOLEAN_RULE,
  registry: {
    test: /* @__PURE__ */ hasMethods('has', 'versionOf', 'decode'),
    mustBe: 'the registry made by createRegistry() that defines your event types',
  },
  trace: BOOLEAN_RULE,
  limits: { test: (value) => typeof value === 'object' && value !== null, mustBe: 'an object such as { maxString: 10_000 }' },
  allow: CHECKED_WHERE_USED,
  deny: CHECKED_WHERE_USED,
  sample: CHECKED_WHERE_USED,
  maxPerSecond: CHECKED_WHERE_USED,
  leaks: CHECKED_WHERE_USED,
};

/** Throws a TypeError naming the bad option and what to pass instead. */
export const checkOptions = (bus: unknown, options: DevtoolsOptions) => {
  if (bus === null || typeof bus !== 'object' || !(CORE in bus)) {
    // process.env itself, not DEV: a bundler's define folds it, and notABus goes from /production builds.
    const got = process.env.NODE_ENV !== 'production' ? notABus(bus) : `got ${bus === null ? 'null' : typeof bus}`;
    throw new TypeError(`[hubbub] connectDevtools(bus): expected a bus made by createBus(), ${got}.`);
  }
  if (process.env.NODE_ENV !== 'production') {
    checkOptionRules('[hubbub] connectDevtools(bus, options)', DEVTOOLS_OPTIONS, options, '{ trace: true }');
  }
  if (
    options.redact !== undefined &&
    !(Array.isArray(options.redact) && options.redact.every((r) => typeof r === 'string' || r instanceof RegExp))
  ) {
    throw new TypeError(
      "[hubbub] connectDevtools(bus, { redact }): redact must be an array of key names or RegExps, e.g. ['password', /token/i].",
    );
  }
  const { leaks } = options;
  if (leaks !== undefined && leaks !== false && (leaks === null || typeof leaks !== 'object')) {
    throw new TypeError(
      `[hubbub] connectDevtools(bus, { leaks }): leaks must be false or an object such as { growthChecks: 3, minGrowth: 10 }, got ${String(leaks)}.`,
    );
  }
  if (options.sanitize !== undefined && typeof options.sanitize !== 'function') {
    throw new TypeError(
      `[hubbub] connectDevtools(bus, { sanitize }): sanitize must be a function (payload, eventType) => value, got ${typeof options.sanitize}.`,
    );
  }
};
