import type { Bus } from '../core/bus-interface';
import { DEV } from '../core/dev';
import { CHECKED_WHERE_USED, checkOptionRules, type OptionRule } from '../core/options-check';
import type { AnyEvent, EventClass, KeysMatching, MatchedPattern, Pattern, StringKey } from '../core/types';
import { argumentError, keyNameOf } from './arguments';

/**
 * Options of {@link events}.
 *
 * @example
 * for await (const item of events(bus, 'cart/added', { signal, bufferSize: 50, overflow: 'drop-oldest' })) render(item)
 */
export interface EventsOptions {
  /** Ends the iteration (the loop just stops) when it aborts. */
  signal?: AbortSignal | undefined;
  /** Events kept while the consumer is busy: a whole number >= 1. Default 256. */
  bufferSize?: number | undefined;
  /**
   * When the buffer is full: `'drop-oldest'` (default) drops the oldest and counts it in
   * `dropped`; `'error'` ends the iteration with an `EventBufferOverflowError` once the
   * buffered events are read.
   */
  overflow?: 'drop-oldest' | 'error' | undefined;
  /** Shown in devtools. Default `events(<key>)`. */
  label?: string | undefined;
}

/**
 * The async iterable {@link events} returns: `for await` over it, `break` to stop.
 *
 * @example
 * const stream: EventStream<Item> = events(bus, 'cart/added'); console.log(stream.dropped)
 */
export interface EventStream<T> extends AsyncIterableIterator<T> {
  /** How many events `'drop-oldest'` dropped so far. */
  readonly dropped: number;
}

const DEFAULT_BUFFER_SIZE = 256;

/** Every option by name, each checked where it is used: the table names the known ones (see `core/options-check.ts`). */
const EVENTS_OPTIONS: Readonly<Record<keyof EventsOptions, OptionRule>> = {
  signal: CHECKED_WHERE_USED,
  bufferSize: CHECKED_WHERE_USED,
  overflow: CHECKED_WHERE_USED,
  label: CHECKED_WHERE_USED,
};

/**
 * The events of `key` (a string key, a pattern, `'*'` or a class) as an async iterable of
 * payloads, with a bounded buffer. Subscribes at once (nothing dispatched after this call is
 * missed) and unsubscribes when the loop ends: `break`, `return`, `signal`, or an overflow.
 * `next()` may be called again before the last one settled: the calls settle in call order.
 *
 * A bad argument (a `key` that is not a key, a `bufferSize` below 1, an unknown `overflow`)
 * throws at once: a `TypeError`, or a `RangeError` for `bufferSize`.
 *
 * @example
 * for await (const item of events(bus, 'cart/added', { signal })) {
 *   await save(item)
 * }
 */
// One overload for keys and '*': with two, a typo'd key was reported against the class overload only, naming neither the key nor the problem.
export function events<E extends object, K extends StringKey<E> | '*'>(
  bus: Bus<E>,
  key: K,
  options?: EventsOptions,
): EventStream<(E & { '*': AnyEvent<E> })[K]>;
export function events<E extends object, P extends Pattern>(
  bus: Bus<E>,
  pattern: MatchedPattern<E, P>,
  options?: EventsOptions,
): EventStream<E[KeysMatching<E, P>]>;
export function events<E extends object, T extends object>(bus: Bus<E>, key: EventClass<T>, options?: EventsOptions): EventStream<T>;
export function events(bus: Bus, key: string | EventClass, options: EventsOptions = {}): EventStream<unknown> {
  const { signal, bufferSize = DEFAULT_BUFFER_SIZE, overflow = 'drop-oldest' } = options;
  const name = keyNameOf('events', key);
  // Development only: a misspelled option (`buffersize`) is named, not ignored.
  if (process.env.NODE_ENV !== 'production') checkOptionRules(`[hubbub] events("${name}")`, EVENTS_OPTIONS, options, '{ bufferSize: 100 }');
  // A whole number: Infinity would make the bounded buffer unbounded, and '3' or 2.5 are typos.
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(
      DEV
        ? `[hubbub] events("${name}", { bufferSize }): expected a whole number >= 1, got ${String(bufferSize)}.`
        : '[hubbub] events: bufferSize',
    );
  }
  if (overflow !== 'drop-oldest' && overflow !== 'error') {
    throw argumentError(`events("${name}")`, 'overflow', DEV ? "'drop-oldest' or 'error'" : '', overflow);
  }
  const buffer: unknown[] = [];
  /**
   * The consumer's pending `next()` calls, oldest first. Only while the buffer is empty (an event
   * goes to the oldest waiting call first), so an overflow never happens while one waits.
   */
  const waiting: ((result: IteratorResult<unknown>) => void)[] = [];
  let failure: Error | undefined;
  let ended = false;
  let dropped = 0;

  const end = () => {
    if (ended) return;
    ended = true;
    off();
    signal?.removeEventListener('abort', abort);
    for (const resume of waiting.splice(0)) resume({ value: undefined, done: true });
  };
  const off = bus.subscribe(
    key as never,
    (event: unknown) => {
      const resume = waiting.shift();
      if (resume) return resume({ value: event, done: false });
      if (buffer.length < bufferSize) return void buffer.push(event);
      if (overflow === 'drop-oldest') {
        buffer.shift();
        buffer.push(event);
        dropped++;
        return;
      }
      failure = Object.assign(
        new Error(
          DEV
            ? `[hubbub] events("${name}"): more than ${bufferSize} events waited to be read; read faster, raise bufferSize, or use overflow: 'drop-oldest'.`
            : `[hubbub] events("${name}"): overflow`,
        ),
        { name: 'EventBufferOverflowError' },
      );
      end();
    },
    { label: options.label ?? `events(${name})` },
  );
  /** Abort stops the loop at once: what was buffered is dropped, not read. */
  const abort = () => {
    buffer.length = 0;
    end();
  };
  if (signal?.aborted) abort();
  else signal?.addEventListener('abort', abort);

  const stream: EventStream<unknown> = {
    get dropped() {
      return dropped;
    },
    next() {
      if (buffer.length) return Promise.resolve({ value: buffer.shift(), done: false });
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting.push(resolve);
      });
    },
    return() {
      buffer.length = 0;
      failure = undefined;
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
