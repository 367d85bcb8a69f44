import { BOOLEAN_RULE, CHECKED_WHERE_USED, checkOptionRules, FUNCTION_RULE, isNonEmptyString, type OptionRule } from './options-check';
import type { BusOptions, SubscribeOptions } from './types';
import { isWildcardKey } from './wildcard-key';

/**
 * Development only: `createBus` options checked before they are used (see `options-check.ts`).
 * A `maxDepth` that is not a number used to turn storm protection off without a word.
 */
const BUS_OPTIONS: Readonly<Record<keyof BusOptions, OptionRule>> = {
  name: { test: isNonEmptyString, mustBe: "a non-empty string, such as name: 'shop'" },
  maxDepth: {
    test: (value) => Number.isInteger(value) && (value as number) > 0,
    mustBe: 'a whole number of nested dispatches above 0, such as maxDepth: 32 (the default)',
  },
  onError: FUNCTION_RULE,
  sticky: CHECKED_WHERE_USED,
};

/** A lone string would be kept as the Set of its characters, and a pattern or '*' matches no delivered key. */
const checkSticky = (sticky: unknown): void => {
  if (
    sticky !== undefined &&
    typeof sticky !== 'boolean' &&
    (!Array.isArray(sticky) || sticky.some((key) => typeof key === 'string' && isWildcardKey(key)))
  ) {
    throw new TypeError(
      `[hubbub] createBus({ sticky }): sticky must be true (every key) or an array of exact keys and event classes, such as sticky: ['cart/updated']; got ${Array.isArray(sticky) ? "'*' or a pattern in the array" : typeof sticky}.`,
    );
  }
};

/**
 * Throws a TypeError naming a bad `createBus` option and what to write; warns about an unknown one.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production') checkBusOptions(options)
 */
export const checkBusOptions = (options: unknown): void => {
  checkOptionRules('[hubbub] createBus(options)', BUS_OPTIONS, options, "{ name: 'shop' }");
  checkSticky((options as { sticky?: unknown }).sticky);
};

/** `subscribe` options (and so `useEvent`'s): a misspelled `priority` used to leave the handler at 0, out of its intended order. */
const SUBSCRIBE_OPTIONS: Readonly<Record<keyof SubscribeOptions, OptionRule>> = {
  priority: CHECKED_WHERE_USED,
  onError: FUNCTION_RULE,
  once: BOOLEAN_RULE,
  signal: {
    test: (value) =>
      typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function',
    mustBe: 'an AbortSignal, such as controller.signal',
  },
  label: { test: (value) => typeof value === 'string', mustBe: "a string, such as label: 'cart badge'" },
};

/**
 * Throws a TypeError naming a bad `subscribe` option and what to write; warns once about an
 * unknown one, with the one most likely meant.
 *
 * @example
 * if (options !== undefined && process.env.NODE_ENV !== 'production') checkSubscribeOptions(options)
 */
export const checkSubscribeOptions = (options: unknown): void =>
  checkOptionRules('[hubbub] subscribe(key, handler, options)', SUBSCRIBE_OPTIONS, options, '{ priority: 10, once: true }');
