import { CHECKED_WHERE_USED, checkOptionRules, FUNCTION_RULE, hasMethods, isNonEmptyString, type OptionRule } from '../core/options-check';
import type { RelayOptions } from './relay-options';

/**
 * `createRelay` options checked by name before the relay starts (see `core/options-check.ts`), in
 * every build: a server's configuration is read once, and a mistake there is worth a clear stop.
 * `port: '8787'` used to listen on a Unix socket named "8787" in the working directory; a misspelled
 * option (`tokn`, `orgins`) was ignored. Options with a message of their own are checked where they are used.
 */
const RELAY_OPTIONS: Readonly<Record<keyof RelayOptions, OptionRule>> = {
  port: {
    test: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65_535,
    mustBe: 'a port number from 0 (any free port) to 65535, such as port: 8787',
  },
  host: { test: isNonEmptyString, mustBe: "an address to listen on, such as host: '0.0.0.0'" },
  server: CHECKED_WHERE_USED,
  path: CHECKED_WHERE_USED,
  channels: {
    test: (value) => typeof value === 'function' || Array.isArray(value),
    mustBe: "the channel names clients may use, such as channels: ['shop'], or a predicate (channel) => boolean",
    required: true,
  },
  engine: {
    test: (value) => typeof value === 'object' && value !== null,
    mustBe: 'an engine made by createMemoryEngine() or createRedisEngine()',
  },
  origins: CHECKED_WHERE_USED,
  authorize: FUNCTION_RULE,
  registry: {
    test: /* @__PURE__ */ hasMethods('has', 'decode'),
    mustBe: 'the registry made by createRegistry() that defines the events clients may publish',
  },
  maxFrameBytes: CHECKED_WHERE_USED,
  hardFrameBytes: CHECKED_WHERE_USED,
  maxEventBytes: CHECKED_WHERE_USED,
  rateLimit: CHECKED_WHERE_USED,
  maxBufferedBytes: CHECKED_WHERE_USED,
  heartbeatMs: {
    test: (value) => typeof value === 'number' && value >= 0,
    mustBe: 'a number of milliseconds, 0 to turn pings off, such as heartbeatMs: 30000',
  },
  replayPage: CHECKED_WHERE_USED,
  helloTimeoutMs: CHECKED_WHERE_USED,
  maxConnections: CHECKED_WHERE_USED,
  sourceLeaseMs: CHECKED_WHERE_USED,
  log: FUNCTION_RULE,
};

/**
 * Throws a TypeError naming a bad `createRelay` option and what to write; an unknown one is said
 * through the relay's `log` (else console.warn), with the one most likely meant.
 *
 * @example
 * checkRelayOptions(options) // before anything listens
 */
export const checkRelayOptions = (options: unknown): void => {
  const log = (options as { log?: unknown } | undefined)?.log;
  const warn = (message: string) => {
    try {
      (typeof log === 'function' ? (log as (message: string) => void) : console.warn)(message);
    } catch {
      console.warn(message);
    }
  };
  checkOptionRules('[hubbub/relay] createRelay(options)', RELAY_OPTIONS, options, "{ port: 8787, channels: ['shop'] }", warn);
};
