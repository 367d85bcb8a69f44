import type { EntryOf, InstanceInfo, SerializedError, SerializedValue, StreamEntry } from '../../devtools/protocol';

/**
 * Which bus (and page session) an entry came from.
 *
 * @example
 * recorder.events.filter((e) => e.busName === 'analytics')
 */
export interface RecordedOrigin {
  /** The bus's id (`bus.id`). */
  readonly instanceId: string;
  /** The bus's name as given to connectDevtools (or createBus). */
  readonly busName: string;
  /** Changes on every page load. */
  readonly sessionId: string;
}

/**
 * Any stream entry, with where it came from.
 *
 * @example
 * const storms = recorder.entries.filter((e) => e.type === 'storm')
 */
export type RecordedEntry = StreamEntry & RecordedOrigin;

/**
 * One event published on the page: the protocol's `event` entry, with `type` for its event type.
 * `payload` is the devtools-serialized payload: plain JSON payloads are equal to what the app
 * published; Dates, Maps, class instances etc. appear as `{ $hubbub: ... }` markers (see
 * docs/PROTOCOL.md). `raw` is the same payload, untyped. `replayed`: dispatched from devtools (or
 * by `recorder.dispatch`), not by the app.
 *
 * @example
 * const placed: RecordedEvent<{ total: number }> = await recorder.waitFor('order/placed')
 * expect(placed.payload.total).toBe(50)
 */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read payload fields without casts unless an Events map is given
export type RecordedEvent<P = any> = Omit<EntryOf<'event'>, 'type' | 'eventType' | 'payload'> &
  RecordedOrigin & { readonly type: string; readonly payload: P; readonly raw: SerializedValue };

/**
 * A handler that threw or rejected: the protocol's `handler` entry, with the type of the event it
 * was handling and shorthands for `error.name` and `error.message`.
 *
 * @example
 * expect(recorder.errors.map((e) => [e.label, e.message])).toEqual([['sendMail', 'SMTP down']])
 */
export type RecordedHandlerError = Omit<EntryOf<'handler'>, 'type' | 'seq' | 'outcome' | 'error'> &
  RecordedOrigin & {
    readonly eventType: string;
    readonly name: string;
    readonly message: string;
    readonly error: SerializedError;
  };

/**
 * One middleware decision about one event: the protocol's `middleware` entry (`value` for
 * `transformed`, `error` for `threw`, `reason` for a `blocked` that gave one), with the event's type.
 *
 * @example
 * expect(recorder.middleware.find((m) => m.decision === 'blocked')?.name).toBe('auth')
 */
export type RecordedMiddleware = Omit<EntryOf<'middleware'>, 'type' | 'seq'> & RecordedOrigin & { readonly eventType: string };

/**
 * A bus on the page that said hello.
 *
 * @example
 * expect(recorder.instances.map((i) => i.name)).toEqual(['shop'])
 */
export type RecordedInstance = InstanceInfo & { readonly sessionId: string };
