import { keyNameOf } from '../async/arguments';
import { type OnceOptions, once } from '../async/once';
import type { Bus } from '../core/bus-interface';
import type { EventClass, EventMap, StringKey } from '../core/types';

/**
 * Options of {@link waitForEvent}: those of `once`, with a default timeout.
 *
 * @example
 * await waitForEvent(bus, 'order/placed', { timeout: 500, where: (o) => o.id === 'o1', signal })
 */
export interface WaitForEventOptions<T> extends Omit<OnceOptions<T>, 'label' | 'timeout'> {
  /** Milliseconds before rejecting. Default 1000, also when given as `undefined`. */
  timeout?: number | undefined;
}

/** A test should fail fast, not hang until the runner's own timeout. */
const DEFAULT_TIMEOUT_MS = 1000;

/**
 * Resolves with the next event of `key` (that matches `where`), or rejects after `timeout` with
 * an error naming the key: `once()` with a default timeout, for tests. Like `once()`, it never
 * throws: every failure is in the promise, a bad argument included (a `TypeError`).
 *
 * @example
 * const placed = waitForEvent(bus, 'order/placed', { where: (o) => o.id === 'o1' })
 * await checkout()
 * expect((await placed).total).toBe(50)
 */
export function waitForEvent<E extends EventMap, K extends StringKey<E>>(
  bus: Bus<E>,
  key: K,
  options?: WaitForEventOptions<E[K]>,
): Promise<E[K]>;
export function waitForEvent<E extends EventMap, T extends object>(
  bus: Bus<E>,
  key: EventClass<T>,
  options?: WaitForEventOptions<T>,
): Promise<T>;
export function waitForEvent(bus: Bus, key: string | EventClass, options: WaitForEventOptions<unknown> = {}): Promise<unknown> {
  let label: string;
  try {
    label = `waitForEvent("${keyNameOf('waitForEvent', key)}")`;
  } catch (error) {
    return Promise.reject(error);
  }
  // `?? default`, not a spread under it: `{ timeout: undefined }` must not turn the timeout off.
  return once(bus, key as string, { ...options, timeout: options?.timeout ?? DEFAULT_TIMEOUT_MS, label });
}
