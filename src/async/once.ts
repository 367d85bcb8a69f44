import type { Bus } from '../core/bus-interface';
import { DEV } from '../core/dev';
import { CHECKED_WHERE_USED, checkOptionRules, type OptionRule } from '../core/options-check';
import type { AnyEvent, EventClass, HandlerContext, KeysMatching, MatchedPattern, Pattern, StringKey } from '../core/types';
import { checkTimeout, keyNameOf } from './arguments';

/**
 * Options of {@link once}.
 *
 * @example
 * await once(bus, 'order/placed', { timeout: 5000, where: (order) => order.id === id, signal })
 */
export interface OnceOptions<T> {
  /** Only an event that satisfies this settles the promise. */
  where?: ((event: T, ctx: HandlerContext) => boolean) | undefined;
  /**
   * Milliseconds (0 to 2147483647) before rejecting with a `TimeoutError`. Default: no timeout.
   * It is a `setTimeout`: fake timers drive it, and in Node it keeps the process running until it
   * fires (aborting `signal` ends it sooner), so an awaited `once` answers with the `TimeoutError`
   * rather than the process exiting under it. Without a timeout, a pending `once` keeps nothing
   * alive, as Node's `events.once`.
   */
  timeout?: number | undefined;
  /**
   * Rejects with an `AbortError` when it aborts. Until it settles, a `once` is one of the signal's
   * listeners: a signal that outlives the bus keeps the bus alive until then.
   */
  signal?: AbortSignal | undefined;
  /** Shown in devtools and in the errors. Default `once("<key>")`. */
  label?: string | undefined;
}

/**
 * The error names {@link once} rejects with, so callers can tell them apart.
 *
 * @example
 * once(bus, 'order/placed', { timeout: 500 }).catch((e) => { if (e.name === OnceErrorName.timeout) retry() })
 */
export const OnceErrorName = { timeout: 'TimeoutError', abort: 'AbortError' } as const;

const failure = (name: string, message: string, cause?: unknown): Error =>
  Object.assign(new Error(`[hubbub] ${message}`, cause === undefined ? undefined : { cause }), { name });

/** Every option by name, each checked where it is used: the table names the known ones (see `core/options-check.ts`). */
const ONCE_OPTIONS: Readonly<Record<keyof OnceOptions<unknown>, OptionRule>> = {
  where: CHECKED_WHERE_USED,
  timeout: CHECKED_WHERE_USED,
  signal: CHECKED_WHERE_USED,
  label: CHECKED_WHERE_USED,
};

/**
 * Resolves with the next event of `key` (a string key, a pattern, `'*'` or a class) that
 * satisfies `where`. Rejects with an error named `TimeoutError` after `timeout` ms, or
 * `AbortError` when `signal` aborts. Whatever happens, it leaves no subscription behind.
 *
 * Like `bus.publish`, it never throws: every failure is in the promise, a bad argument included
 * (a `key` that is not a key, a `timeout` that is not a number of ms >= 0: a `TypeError`).
 *
 * @example
 * const placed = await once(bus, 'order/placed', { timeout: 5000 })
 * const anyCart = await once(bus, 'cart/*') // the union of the cart/ payloads
 */
// One overload for keys and '*': with two, a typo'd key was reported against the class overload only, naming neither the key nor the problem.
export function once<E extends object, K extends StringKey<E> | '*'>(
  bus: Bus<E>,
  key: K,
  options?: OnceOptions<(E & { '*': AnyEvent<E> })[K]>,
): Promise<(E & { '*': AnyEvent<E> })[K]>;
export function once<E extends object, P extends Pattern>(
  bus: Bus<E>,
  pattern: MatchedPattern<E, P>,
  options?: OnceOptions<E[KeysMatching<E, P>]>,
): Promise<E[KeysMatching<E, P>]>;
export function once<E extends object, T extends object>(bus: Bus<E>, key: EventClass<T>, options?: OnceOptions<T>): Promise<T>;
export function once(bus: Bus, key: string | EventClass, options: OnceOptions<unknown> = {}): Promise<unknown> {
  // Everything runs in the executor, so that whatever throws (a bad argument too) rejects instead.
  return new Promise((resolve, reject) => {
    const { where, timeout, signal } = options;
    const name = keyNameOf('once', key);
    const label = options.label ?? `once("${name}")`;
    checkTimeout(label, timeout);
    // Development only: a misspelled option (`timout`) is named, not ignored: the promise would never time out.
    if (process.env.NODE_ENV !== 'production') checkOptionRules(`[hubbub] ${label}`, ONCE_OPTIONS, options, '{ timeout: 1000 }');
    let off: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (outcome: () => void) => {
      off?.();
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      outcome();
    };
    const abort = () => settle(() => reject(failure(OnceErrorName.abort, `${label} was aborted.`, signal?.reason)));
    // The signal before the subscription and the timer: one that is no AbortSignal throws (so rejects) with nothing left behind.
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    off = bus.subscribe(
      key as never,
      (event: unknown, ctx: HandlerContext) => {
        let matches: boolean;
        try {
          matches = !where || where(event, ctx);
        } catch (error) {
          return settle(() => reject(error));
        }
        if (matches) settle(() => resolve(event));
      },
      { label },
    );
    if (timeout !== undefined) {
      timer = setTimeout(
        () =>
          settle(() =>
            reject(
              failure(
                OnceErrorName.timeout,
                DEV
                  ? `${label} timed out after ${timeout} ms: no matching event was dispatched. Check the key, the where() filter and that it is dispatched on this bus.`
                  : `${label} timed out after ${timeout} ms`,
              ),
            ),
          ),
        timeout,
      );
    }
  });
}
