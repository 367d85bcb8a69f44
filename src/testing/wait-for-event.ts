import { argumentError, checkBus, keyNameOf } from '../async/arguments';
import { type OnceOptions, once } from '../async/once';
import type { Bus } from '../core/bus-interface';
import type { AnyEvent, EventClass, MatchedPattern, Pattern, PayloadsMatching, StringKey } from '../core/types';

/**
 * Options of {@link waitForEvent}: those of `once`, with a default timeout.
 *
 * @example
 * await waitForEvent(bus, 'order/placed', { timeout: 500, where: (o) => o.id === 'o1', signal })
 */
export interface WaitForEventOptions<T> extends Omit<OnceOptions<T>, 'label' | 'timeout'> {
  /**
   * Milliseconds before rejecting. Default 1000, also when given as `undefined`. Under fake timers
   * it runs on their clock: it fires once the test advances time past it, so an event that never
   * comes, in a test that does not advance time, fails at the test runner's own timeout instead.
   */
  timeout?: number | undefined;
}

/** A test should fail fast, not hang until the runner's own timeout. */
const DEFAULT_TIMEOUT_MS = 1000;

/** Throws the TypeError for an argument `once()` would only trip over later: a `where` at the first event, a `signal` after subscribing. */
const checkArguments = (bus: unknown, label: string, options: WaitForEventOptions<unknown>): void => {
  checkBus('waitForEvent(bus, key)', bus);
  const { where, signal } = options;
  if (where !== undefined && typeof where !== 'function') throw argumentError(label, 'where', 'a function (event, ctx) => boolean', where);
  // Duck-typed: a DOM environment's AbortSignal is not Node's.
  if (signal !== undefined && (typeof signal?.addEventListener !== 'function' || typeof signal.aborted !== 'boolean')) {
    throw argumentError(label, 'signal', 'an AbortSignal (controller.signal)', signal);
  }
};

/**
 * Resolves with the next event of `key` (that matches `where`), or rejects after `timeout` with
 * an error naming the key: `once()` with a default timeout, for tests. Like `once()`, it never
 * throws: every failure is in the promise, a bad argument included (a `TypeError`, before it
 * subscribes or starts a timer).
 *
 * @example
 * const placed = waitForEvent(bus, 'order/placed', { where: (o) => o.id === 'o1' })
 * await checkout()
 * expect((await placed).total).toBe(50)
 * const anyCart = await waitForEvent(bus, 'cart/*') // patterns and '*' too, as once() takes them
 */
// Three overloads, `'*'` with the keys as in `bus.subscribe`: with a fourth, TypeScript reports only
// the last one's error for a mistyped key ("'string' is not assignable to 'EventClass<object>'"), not
// the key; with three it lists each, and the first names the key (the second, a pattern matching none).
export function waitForEvent<E extends object, K extends StringKey<E> | '*'>(
  bus: Bus<E>,
  key: K,
  options?: WaitForEventOptions<(E & { '*': AnyEvent<E> })[K]>,
): Promise<(E & { '*': AnyEvent<E> })[K]>;
export function waitForEvent<E extends object, P extends Pattern>(
  bus: Bus<E>,
  pattern: MatchedPattern<E, P>,
  options?: WaitForEventOptions<PayloadsMatching<E, P>>,
): Promise<PayloadsMatching<E, P>>;
export function waitForEvent<E extends object, T extends object>(
  bus: Bus<E>,
  key: EventClass<T>,
  options?: WaitForEventOptions<T>,
): Promise<T>;
export function waitForEvent(bus: Bus, key: string | EventClass, options: WaitForEventOptions<unknown> = {}): Promise<unknown> {
  let label: string;
  try {
    label = `waitForEvent("${keyNameOf('waitForEvent', key)}")`;
    checkArguments(bus, label, options ?? {});
  } catch (error) {
    return Promise.reject(error);
  }
  // `?? default`, not a spread under it: `{ timeout: undefined }` must not turn the timeout off.
  return once(bus, key as string, { ...options, timeout: options?.timeout ?? DEFAULT_TIMEOUT_MS, label });
}
