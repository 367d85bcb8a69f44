import type { EntryOf, InstanceInfo, SerializedError, SerializedMarker, SerializedValue, StreamEntry } from '../../devtools/protocol';

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

/** The marker the serializer sends in place of a value of kind `K` (see docs/PROTOCOL.md). */
type Marker<K extends SerializedMarker['$hubbub']> = Extract<SerializedMarker, { readonly $hubbub: K }>;

/** True for `any` (an untyped recorder's payloads stay `any`, so they are read without casts). */
type IsAny<T> = 0 extends 1 & T ? true : false;

// biome-ignore lint/suspicious/noExplicitAny: any function or class, whatever its parameters
type AnyFunction = ((...args: any[]) => unknown) | (abstract new (...args: any[]) => unknown);

/** The keys of `T` whose values are functions: for a class, its methods. */
type MethodKeys<T> = { [K in keyof T]-?: IsAny<T[K]> extends true ? never : T[K] extends AnyFunction ? K : never }[keyof T];

/**
 * What a class instance arrives as: its class's name (`constructor.name`, which a minifier may
 * change) and its own fields, recorded. Methods live on the prototype, so they are left out; so
 * are getters, which TypeScript cannot tell from fields: their values are not sent.
 *
 * @example
 * const placed = await recorder.waitFor(OrderPlaced) // payload: InstanceMarker<OrderPlaced>
 * expect(placed.payload.fields.total).toBe(12)
 */
export type InstanceMarker<T> = {
  readonly $hubbub: 'instance';
  readonly className: string;
  readonly fields: {
    [K in keyof T as K extends symbol ? never : IsAny<T[K]> extends true ? K : T[K] extends AnyFunction ? never : K]: Recorded<T[K]>;
  };
};

/** {@link Recorded} of a type that is not `any`; with `Instance`, an object that is not a built-in is taken for a class instance. */
type RecordedValue<T, Instance extends boolean> = T extends string | number | boolean | null
  ? T
  : // biome-ignore lint/suspicious/noConfusingVoidType: a void payload (a payload-less key) arrives as the undefined marker
    T extends undefined | void
    ? Marker<'undefined'>
    : T extends bigint
      ? Marker<'bigint'>
      : T extends symbol
        ? Marker<'symbol'>
        : T extends AnyFunction
          ? Marker<'function'>
          : T extends Date
            ? Marker<'date'>
            : T extends RegExp
              ? Marker<'regexp'>
              : T extends Error
                ? 'stack' extends keyof T
                  ? Marker<'error'>
                  : { [K in keyof T as K extends symbol ? never : K]: Recorded<T[K]> }
                : T extends ArrayBufferView | ArrayBuffer
                  ? Marker<'typed-array'>
                  : T extends ReadonlyMap<infer K, infer V>
                    ? {
                        readonly $hubbub: 'map';
                        readonly size: number;
                        readonly entries: readonly (readonly [Recorded<K>, Recorded<V>])[];
                      }
                    : T extends ReadonlySet<infer V>
                      ? { readonly $hubbub: 'set'; readonly size: number; readonly values: readonly Recorded<V>[] }
                      : T extends { readonly nodeType: number; readonly nodeName: string }
                        ? Marker<'dom'>
                        : T extends readonly unknown[]
                          ? { [I in keyof T]: Recorded<T[I]> }
                          : T extends object
                            ? Instance extends true
                              ? InstanceMarker<T>
                              : [MethodKeys<T>] extends [never]
                                ? // A plain object: each string key, its value recorded (written out, so editors show the fields).
                                  { [K in keyof T as K extends symbol ? never : K]: Recorded<T[K]> }
                                : InstanceMarker<T>
                            : SerializedValue;

/**
 * What a value of type `T` arrives as in a recording (the devtools serializer's output): strings,
 * finite numbers, booleans, null, arrays and plain objects as they are, recursively; anything JSON
 * cannot carry as its `{ $hubbub: ... }` marker: `undefined` (a void payload too), bigint, symbol,
 * functions, Date, RegExp, Error, typed arrays and ArrayBuffer, DOM nodes, Map and Set (their
 * entries recorded), and class instances ({@link InstanceMarker}). `any` stays `any`.
 *
 * A type cannot show what only the value knows: an object type with methods is taken for a class
 * instance (a plain object holding a callback is too), and one without for a plain object (an
 * instance of a class of fields only still arrives as an instance marker: `recorder.waitFor(TheClass)`
 * types a class event right); an Error type is one that declares `stack`. Values past the
 * serializer's limits (`truncated`), NaN, ±Infinity and -0 (`number`), redacted fields and cycles
 * arrive as markers the type leaves out: `raw` has them, untyped.
 *
 * @example
 * type Events = { 'order/placed': { id: string; at: Date; tags: Set<string> } }
 * const placed = await recorder.waitFor('order/placed') // payload: Recorded<Events['order/placed']>
 * expect(placed.payload.at).toEqual({ $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' })
 * expect(placed.payload.tags.values).toEqual(['gift'])
 */
// biome-ignore lint/suspicious/noExplicitAny: an untyped recorder's payloads are read freely in assertions
export type Recorded<T> = IsAny<T> extends true ? any : RecordedValue<T, false>;

/**
 * What an instance of an event class arrives as: its marker, or a built-in's (an event class extending Error).
 *
 * @example
 * const placed: RecordedClassEvent<OrderPlaced> = (await recorder.waitFor(OrderPlaced)).payload
 * expect(placed.fields.orderId).toBe('o1')
 */
// biome-ignore lint/suspicious/noExplicitAny: see Recorded
export type RecordedClassEvent<T> = IsAny<T> extends true ? any : RecordedValue<T, true>;

/**
 * One event published on the page: the protocol's `event` entry, with `type` for its event type.
 * `P` is the payload type the app published; `payload` is what arrived: the devtools-serialized
 * payload, typed {@link Recorded}`<P>`: plain JSON payloads are equal to what the app published;
 * Dates, Maps, class instances etc. appear as `{ $hubbub: ... }` markers (see docs/PROTOCOL.md).
 * `raw` is the same payload, untyped. `replayed`: dispatched from devtools (or by
 * `recorder.dispatch`), not by the app.
 *
 * @example
 * const placed: RecordedEvent<{ total: number; at: Date }> = await recorder.waitFor('order/placed')
 * expect(placed.payload.total).toBe(50)
 * expect(placed.payload.at.iso).toBe('2026-01-01T00:00:00.000Z') // a Date arrives as { $hubbub: 'date', iso }
 */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read payload fields without casts unless an Events map is given
export type RecordedEvent<P = any, Payload = Recorded<P>> = Omit<EntryOf<'event'>, 'type' | 'eventType' | 'payload'> &
  RecordedOrigin & { readonly type: string; readonly payload: Payload; readonly raw: SerializedValue };

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
