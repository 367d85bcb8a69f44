import type { Bus } from '../core/bus';
import { eventTypeOf } from '../core/event-type';
import type { EventClass, EventMap, HandlerContext, StringKey } from '../core/types';

/**
 * Options of {@link waitForEvent}.
 *
 * @example
 * await waitForEvent(bus, 'order/placed', { timeout: 500, where: (o) => o.id === 'o1', signal })
 */
export interface WaitForEventOptions<T> {
  /** Milliseconds before rejecting. Default 1000. */
  timeout?: number;
  /** Only resolve for events that satisfy this. */
  where?: (event: T, ctx: HandlerContext) => boolean;
  /** Stop waiting when this aborts. */
  signal?: AbortSignal;
}

/**
 * Resolves with the next event of `key` (that matches `where`), or rejects after `timeout` with
 * an error naming the key.
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
  const { timeout = 1000, where, signal } = options;
  const name = typeof key === 'string' ? key : eventTypeOf(key);
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      reject(new Error(`[hubbub] waitForEvent("${name}") was aborted.`));
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(
          `[hubbub] waitForEvent("${name}") timed out after ${timeout} ms: no matching event was published. Check the key, the where() filter and that the code under test publishes on this bus.`,
        ),
      );
    }, timeout);
    const off = bus.subscribe(
      key as never,
      (event: unknown, ctx: HandlerContext) => {
        if (where && !where(event, ctx)) return;
        done();
        resolve(event);
      },
      { label: `waitForEvent(${name})` },
    );
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort);
  });
}
