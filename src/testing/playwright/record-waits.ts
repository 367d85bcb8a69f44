import { eventTypeOf } from '../../core/event-type';
import { keyMatcher } from '../../core/patterns';
import type { EventClass } from '../../core/types';
import type { BusRecorder, WaitForOptions } from './bus-recorder';
import type { RecordedStream } from './recorded-stream';
import type { RecordedEvent } from './records';
import { tally, type WaitFailure } from './wait-failures';
import type { Waiters } from './waiters';

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** A `where` whose error names the wait it belongs to (it rejects that wait, not the recorder). */
const guarded = <T>(where: ((record: T) => boolean) | undefined, wait: string): ((record: T) => boolean) => {
  if (!where) return () => true;
  return (record) => {
    try {
      return where(record);
    } catch (error) {
      throw new Error(`[hubbub] where() of ${wait} threw: ${describeError(error)}`, { cause: error });
    }
  };
};

/** The event types a `waitFor` key stands for, and its name for messages. */
const eventKeyOf = (key: unknown): { name: string; matches: (type: string) => boolean } => {
  if (key === '*') return { name: '*', matches: () => true };
  if (typeof key === 'string') return { name: key, matches: keyMatcher(key) };
  if (typeof key === 'function') {
    const name = eventTypeOf(key as EventClass);
    return { name, matches: (type) => type === name };
  }
  throw new TypeError(`[hubbub] recorder.waitFor(key): key must be an event type, a pattern, '*' or an event class; got ${typeof key}.`);
};

const anyRecord = () => true;

/**
 * The recorder's `waitFor*` methods: each resolves with the first record of its kind, already
 * recorded or still to come, that matches `where`.
 *
 * @example
 * const waits = createRecordWaits({ stream, waiters, failure, defaultTimeout: 5000 })
 * const placed = await waits.waitFor('order/placed')
 */
export const createRecordWaits = ({
  stream,
  waiters,
  failure,
  defaultTimeout,
}: {
  stream: RecordedStream;
  waiters: Waiters;
  failure: WaitFailure;
  defaultTimeout: number;
}): Pick<BusRecorder, 'waitFor' | 'waitForError' | 'waitForMiddleware' | 'waitForEntry'> => {
  /** `missing` names the kind of record in the rejection message; `recorded` lists what came instead. */
  const firstRecord = <T>(
    records: readonly T[],
    ofKind: (record: T) => boolean,
    { wait, missing, where, timeout }: { wait: string; missing: string; where: WaitForOptions<T>['where']; timeout: number },
    recorded: () => string,
  ): Promise<T> => {
    const matches = guarded(where, wait);
    return waiters.wait(
      () => records.find((record) => ofKind(record) && matches(record)),
      timeout,
      failure(`recordBus: no ${missing}${where ? ' matching where()' : ''}`, timeout, recorded),
    );
  };

  return {
    waitFor(key: unknown, { where, timeout = defaultTimeout }: WaitForOptions<RecordedEvent> = {}) {
      let typeKey: ReturnType<typeof eventKeyOf>;
      try {
        typeKey = eventKeyOf(key);
      } catch (error) {
        return Promise.reject(error);
      }
      return firstRecord(
        stream.events,
        (event) => typeKey.matches(event.type),
        { wait: `recorder.waitFor("${typeKey.name}")`, missing: `"${typeKey.name}" event`, where, timeout },
        () => `Recorded: ${tally(stream.events.map((event) => event.type))}.`,
      );
    },
    waitForError({ where, timeout = defaultTimeout } = {}) {
      return firstRecord(
        stream.errors,
        anyRecord,
        { wait: 'recorder.waitForError()', missing: 'handler error', where, timeout },
        () => `Errors recorded: ${stream.errors.length}.`,
      );
    },
    waitForMiddleware({ where, timeout = defaultTimeout } = {}) {
      return firstRecord(
        stream.middleware,
        anyRecord,
        { wait: 'recorder.waitForMiddleware()', missing: 'middleware decision', where, timeout },
        () => `Recorded: ${tally(stream.middleware.map((decision) => `${decision.name}:${decision.decision}`))}.`,
      );
    },
    waitForEntry({ where, timeout = defaultTimeout } = {}) {
      return firstRecord(
        stream.entries,
        anyRecord,
        { wait: 'recorder.waitForEntry()', missing: 'stream entry', where, timeout },
        () => `Recorded: ${tally(stream.entries.map((entry) => entry.type))}.`,
      );
    },
  };
};
