import { DEV } from '../core/dev';
import { eventTypeOf } from '../core/event-type';
import type { EventClass } from '../core/types';

/** setTimeout's longest delay (about 24.8 days): a longer one fires at once instead. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The TypeError for an argument or option outside what it accepts: where, which one, what it
 * accepts and what it got (strings quoted, objects by kind, never their contents).
 */
export const argumentError = (where: string, option: string, accepted: string, value: unknown): TypeError =>
  new TypeError(
    DEV
      ? `[hubbub] ${where}: ${option} must be ${accepted}; got ${
          typeof value === 'string'
            ? `"${value}"`
            : Array.isArray(value)
              ? `an array of ${value.length}`
              : value === null || (typeof value !== 'object' && typeof value !== 'function')
                ? String(value)
                : typeof value
        }.`
      : `[hubbub] ${where}: ${option}`,
  );

/**
 * Throws the TypeError naming `where` for a `bus` that is no bus (neither `subscribe` nor
 * `publish` to call): for helpers that take the bus first, before they subscribe or publish.
 *
 * @example
 * checkBus('waitForEvent(bus, key)', bus)
 */
export const checkBus = (where: string, bus: unknown): void => {
  const candidate = bus as { subscribe?: unknown; publish?: unknown } | null | undefined;
  if (typeof candidate?.subscribe !== 'function' || typeof candidate.publish !== 'function') {
    throw argumentError(where, 'bus', 'a bus from createBus() or createTestBus()', bus);
  }
};

/**
 * The name of an event key, as labels and messages show it. A TypeError naming `helper` for
 * anything that is no key (a string key, a pattern, `'*'` or a class), before the bus sees it.
 */
export const keyNameOf = (helper: string, key: unknown): string => {
  if (typeof key === 'string') return key;
  if (typeof key === 'function') return eventTypeOf(key as EventClass);
  throw argumentError(DEV ? `${helper}(bus, key)` : helper, 'key', DEV ? "an event key string, a pattern, '*' or an event class" : '', key);
};

/** A TypeError naming `where` unless `timeout` is undefined or a delay setTimeout honours (0 to {@link MAX_DELAY_MS}). */
export const checkTimeout = (where: string, timeout: unknown): void => {
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0 && timeout <= MAX_DELAY_MS)) {
    throw argumentError(
      where,
      'timeout',
      DEV ? `a number of ms from 0 to ${MAX_DELAY_MS} (about 24.8 days), or undefined for none` : '',
      timeout,
    );
  }
};
