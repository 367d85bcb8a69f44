import type { InstanceInfo, SerializedError, SerializedValue, StreamEntry } from '../../devtools/protocol';

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
 * One event published on the page. `payload` is the devtools-serialized payload: plain JSON
 * payloads are equal to what the app published; Dates, Maps, class instances etc. appear as
 * `{ $hubbub: ... }` markers (see docs/PROTOCOL.md).
 *
 * @example
 * const placed: RecordedEvent<{ total: number }> = await recorder.waitFor('order/placed')
 * expect(placed.payload.total).toBe(50)
 */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read payload fields without casts unless an Events map is given
export interface RecordedEvent<P = any> extends RecordedOrigin {
  readonly id: string;
  readonly type: string;
  readonly payload: P;
  readonly timestamp: number;
  readonly correlationId: string;
  readonly causationId: string | undefined;
  readonly depth: number;
  readonly via: 'emit' | 'publish';
  /** Dispatched from devtools (or by `recorder.dispatch`), not by the app. */
  readonly replayed: boolean;
  readonly seq: number;
  /** The serialized payload as streamed (same as `payload`, untyped). */
  readonly raw: SerializedValue;
}

/**
 * A handler that threw or rejected.
 *
 * @example
 * expect(recorder.errors.map((e) => [e.label, e.message])).toEqual([['sendMail', 'SMTP down']])
 */
export interface RecordedHandlerError extends RecordedOrigin {
  readonly eventId: string;
  /** The type of the event the handler was handling. */
  readonly eventType: string;
  /** The subscription's label (or the handler's function name). */
  readonly label: string;
  readonly subscriptionId: number;
  /** Shorthands for `error.name` and `error.message`. */
  readonly name: string;
  readonly message: string;
  readonly error: SerializedError;
  readonly async: boolean;
  readonly duration: number;
}

/**
 * One middleware decision about one event.
 *
 * @example
 * expect(recorder.middleware.find((m) => m.decision === 'blocked')?.name).toBe('auth')
 */
export interface RecordedMiddleware extends RecordedOrigin {
  readonly eventId: string;
  readonly eventType: string;
  /** The middleware's name (`bus.use(fn, { name })`, else its function name). */
  readonly name: string;
  readonly decision: 'passed' | 'transformed' | 'blocked' | 'threw';
  /** The replacement value, for `transformed`. */
  readonly value?: SerializedValue;
  /** What it threw, for `threw`. */
  readonly error?: SerializedError;
  readonly duration: number;
}

/**
 * A bus on the page that said hello.
 *
 * @example
 * expect(recorder.instances.map((i) => i.name)).toEqual(['shop'])
 */
export type RecordedInstance = InstanceInfo & { readonly sessionId: string };
