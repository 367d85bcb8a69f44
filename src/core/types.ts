/**
 * A map from event names to payload types: the type parameter of {@link createBus}, and what an
 * untyped bus carries. Yours may be a `type` or an `interface`.
 *
 * @example
 * type Events = { 'cart/added': { sku: string; qty: number }; 'app/ready': void }
 */
export type EventMap = Record<string, unknown>;

/**
 * A class whose instances are events. Its event name is its own `static type` when it has one,
 * else its `name`; an optional `static version` is used by the registry.
 *
 * @example
 * class OrderPlaced extends OrderEvent { static type = 'OrderPlaced'; static version = 2 }
 */
// biome-ignore lint/suspicious/noExplicitAny: event constructors take any arguments
export type EventClass<T extends object = object> = abstract new (...args: any[]) => T;

/**
 * The string keys of an event map.
 *
 * @example
 * type Keys = StringKey<{ a: number; b: string }> // 'a' | 'b'
 */
export type StringKey<E> = keyof E & string;

/**
 * A subscription pattern: a key whose `/`-separated segments include `*` (exactly one segment)
 * or `**` (one or more segments).
 *
 * @example
 * bus.subscribe('cart/*', (event, ctx) => log(ctx.type, event)) // 'cart/added', 'cart/removed'
 */
export type Pattern = `${string}*${string}`;

/** A key's `/`-separated segments, as a tuple. */
type SegmentsOf<S extends string> = S extends `${infer Head}/${infer Tail}` ? [Head, ...SegmentsOf<Tail>] : [S];

/** Whether key segments match pattern segments (`*` one segment, `**` one or more). */
type SegmentsMatch<Key extends string[], Pattern extends string[]> = Pattern extends ['**', ...infer Rest extends string[]]
  ? Key extends [string, ...infer KeyRest extends string[]]
    ? SegmentsMatch<KeyRest, Rest> extends true
      ? true
      : SegmentsMatch<KeyRest, Pattern>
    : false
  : Pattern extends [infer Head extends string, ...infer Rest extends string[]]
    ? Key extends [infer KeyHead extends string, ...infer KeyRest extends string[]]
      ? Head extends '*' | KeyHead
        ? SegmentsMatch<KeyRest, Rest>
        : false
      : false
    : Key extends []
      ? true
      : false;

/**
 * A template literal type that every key a pattern matches fits: its `*` and `**` segments as
 * `${string}` (`'cart/**'` gives `` `cart/${string}` ``). Looser than the pattern (a `${string}`
 * also spans several segments, or none): a first cut, which {@link SegmentsMatch} then makes exact.
 */
type PatternOutline<P extends string> = P extends `${infer Head}/${infer Tail}`
  ? `${Head extends '*' | '**' ? string : Head}/${PatternOutline<Tail>}`
  : P extends '*' | '**'
    ? string
    : P;

/** The members of the key union `K` whose segments match `PatternSegments`. */
type KeysWithSegments<K, PatternSegments extends string[]> = K extends string
  ? SegmentsMatch<SegmentsOf<K>, PatternSegments> extends true
    ? K
    : never
  : never;

/**
 * The string keys of an event map that a {@link Pattern} matches.
 *
 * @example
 * type CartKeys = KeysMatching<Events, 'cart/*'> // 'cart/added' | 'cart/removed'
 */
// The keys are first intersected with the pattern's outline, which TypeScript reduces key by key
// without instantiating anything, so the segment-by-segment match runs only on the keys the pattern
// may match: its cost follows the matches, not the map. Matching every key took about 30
// instantiations per key and pattern: a 2000-key app with 260 patterns, 16 million and minutes.
// `[P] extends [string]` (always true) waits for P to be known: while it is still a type parameter
// (each overload tried, each `Bus<Events>` compared to `Bus`), the keys would be intersected with a
// generic outline, one intersection per key, again on every call (8,000 instantiations per pattern
// call on a 2000-key map, 20 with it).
export type KeysMatching<E, P extends string> = [P] extends [string]
  ? KeysWithSegments<StringKey<E> & PatternOutline<P>, SegmentsOf<P>>
  : never;

/**
 * The keys a pattern matches, as a pattern handler's `ctx.type` has them: {@link KeysMatching}.
 *
 * @example
 * bus.subscribe('cart/*', (_, ctx) => ctx.type) // MatchedKeys<Events, 'cart/*'>: 'cart/added' | 'cart/removed'
 */
// This and PayloadsMatching are what parameters name, not `KeysMatching<E, P>` and
// `E[KeysMatching<E, P>]`: TypeScript infers a call's type arguments from every argument, and from
// a handler's `ctx` and `event` it went into `KeysMatching<E, P>` while P was unknown, through every
// key of the map, on each call (about 450 ms per pattern subscription on a 2000-key map, and 90,000
// to 150,000 instantiations on each entry point's first one). `infer K` gives it nothing to walk;
// once P is known both resolve to the same types as before. `NoInfer` would do that too, but it
// stays around object types, in signatures, error messages and even the values of callers.
export type MatchedKeys<E, P extends string> = [KeysMatching<E, P>] extends [infer K extends StringKey<E>] ? K : never;

/**
 * The payloads of the keys a pattern matches: `E[KeysMatching<E, P>]`, what a pattern handler receives.
 *
 * @example
 * type CartEvent = PayloadsMatching<Events, 'cart/*'> // Events['cart/added'] | Events['cart/removed']
 */
export type PayloadsMatching<E, P extends string> = [KeysMatching<E, P>] extends [infer K extends keyof E] ? E[K] : never;

/**
 * A pattern as `subscribe` takes it: `P` itself when it matches a key of `E` (or when `E` leaves
 * string keys open), else `P` joined to a note that it matches none, which no string fits, so a
 * mistyped pattern (`'cat/*'` for `'cart/*'`) is a type error instead of a subscription that never runs.
 *
 * @example
 * bus.subscribe('cat/*', handler) // error: ... '"cat/*" & { "hubbub: this pattern matches no event key": "cat/*" }'
 */
export type MatchedPattern<E, P extends string> =
  string extends StringKey<E> ? P : [KeysMatching<E, P>] extends [never] ? P & { 'hubbub: this pattern matches no event key': P } : P;

/**
 * What a `'*'` subscriber or a middleware receives: any payload of the map, or any class event.
 *
 * @example
 * bus.subscribe('*', (event: AnyEvent<Events>, ctx) => log(ctx.type, event))
 */
export type AnyEvent<E> = E[StringKey<E>] | object;

/**
 * What a subscriber of `K` receives: `E[K]` for a key, any event ({@link AnyEvent}) for `'*'`.
 *
 * @example
 * type Added = SubscribedEvent<Events, 'cart/added'> // Events['cart/added']
 */
// A name, not `(E & { '*': AnyEvent<E> })[K]` written out, so that when TypeScript infers E from a
// bus of another interface (a TestBus passed to once(), waitForEvent() or a helper taking a `Bus<E>`)
// it matches this by name, E to E, instead of going through the payload of every key, on each call
// (about 20 ms a call on a 2000-key map: an app with 500 such calls checked in 32 s, 13 s with it).
// Same for LastEvent.
export type SubscribedEvent<E, K extends StringKey<E> | '*'> = (E & { '*': AnyEvent<E> })[K];

/**
 * What `bus.last(key)` returns: `E[K] | undefined`.
 *
 * @example
 * type LastCart = LastEvent<Events, 'cart/updated'> // Events['cart/updated'] | undefined
 */
// An indexed access (into a mapped copy of E), not `E[K] | undefined`: so it keeps its name for a
// union of keys, which inference matches (see SubscribedEvent), while one key still reads as `E[K] | undefined`.
export type LastEvent<E, K extends keyof E> = { [Key in keyof E]: E[Key] | undefined }[K];

/**
 * The payload argument list of `emit`/`publish` for a key: optional when the payload may be undefined.
 *
 * @example
 * type Args = PayloadArgs<void> // [payload?: void]: bus.emit('app/ready')
 */
export type PayloadArgs<P> = undefined extends P ? [payload?: P] : [payload: P];

/**
 * The metadata every dispatched event carries.
 *
 * @example
 * bus.subscribe('cart/added', (_, { id, correlationId, causationId, depth }) => trace(id, correlationId, causationId, depth))
 */
export interface EventMeta {
  /** The event's name: the string key, or the class's event name. */
  readonly type: string;
  /** Unique id of this dispatch. */
  readonly id: string;
  /**
   * When the event was dispatched (ms since epoch). The clock is read once, at whichever comes
   * first: this property's first read, a handler or middleware going async, or an inspector
   * observing the event. So a context kept past a synchronous dispatch and read only later holds
   * that later time; read it in the handler to pin it. This keeps the hot path free of clock reads.
   */
  readonly timestamp: number;
  /** Id of the first event of the causal chain (its own id for a root event). */
  readonly correlationId: string;
  /** Id of the event whose handler published this one; undefined for a root event. */
  readonly causationId: string | undefined;
  /** How many handlers deep this event was published (0 for a root event). */
  readonly depth: number;
}

/**
 * The rest parameters of the class-instance overload of {@link Emit} and {@link Publish}: none for
 * an instance; for a string, a count no call passes. So that overload never takes a key, and a
 * key's mistakes are reported by the key overload (declared last, as TypeScript reports the last
 * overload whose argument count failed): `emit('cart/added')` says "Expected 2 arguments, but got
 * 1." instead of "Argument of type 'string' is not assignable to parameter of type 'object'".
 * `S` is inferred from a string literal or template argument only; for an object it is `never`,
 * even when the object's type is generic, so helpers generic in the instance they dispatch (or in
 * their events) still compile.
 *
 * @example
 * type None = InstanceArgs<never> // []: bus.emit(new OrderPlaced('o1'))
 */
export type InstanceArgs<S extends string> = [S] extends [never] ? [] : [never, never, never, never, never, never, never, never];

/**
 * Synchronous, fire-and-forget dispatch.
 *
 * @example
 * const emit: Emit<Events> = bus.emit; emit('cart/added', { sku: 'tea', qty: 1 })
 */
export interface Emit<E> {
  /** Emits a class instance: `emit(new OrderPlaced('o1'))`. */
  <S extends string = never>(event: object | `${S}`, ...none: InstanceArgs<S>): void;
  /** Emits a key with its payload: `emit('cart/added', { sku: 'tea', qty: 1 })`; none for a void key. */
  <K extends StringKey<E>>(key: K, ...payload: PayloadArgs<E[K]>): void;
}

/**
 * Dispatch that resolves to a {@link PublishReport} once every handler has run.
 *
 * @example
 * const { errors } = await bus.publish('order/placed', order)
 */
export interface Publish<E> {
  /** Publishes a class instance: `publish(new OrderPlaced('o1'))`. */
  <S extends string = never>(event: object | `${S}`, ...none: InstanceArgs<S>): Promise<PublishReport>;
  /** Publishes a key with its payload: `publish('cart/added', { sku: 'tea', qty: 1 })`; none for a void key. */
  <K extends StringKey<E>>(key: K, ...payload: PayloadArgs<E[K]>): Promise<PublishReport>;
}

/**
 * The second argument of every handler and middleware: the event's metadata, plus `emit` and
 * `publish` that record this event as the cause of what they dispatch (safe to destructure).
 *
 * @example
 * bus.subscribe('order/placed', (order, { publish }) => publish('mail/send', { to: order.email }))
 */
export interface HandlerContext<E = EventMap, K extends string = string> extends EventMeta {
  /** The event's name: the string key (for a pattern subscription, the matching key), or the class's event name. */
  readonly type: K;
  readonly emit: Emit<E>;
  readonly publish: Publish<E>;
}

/**
 * A subscriber: receives the payload (string keys) or the instance (classes). May be async.
 * A handler that declares one parameter is called with the event alone on the hot path (a root
 * `emit` or `publish` with no middleware or inspector; its context is then made only if it
 * dispatches in turn, fails or returns a promise); declare `ctx` (or use rest parameters) to receive it.
 *
 * @example
 * const onAdded: Handler<Events['cart/added'], Events> = async (item, ctx) => { await save(item) }
 */
export type Handler<T, E = EventMap, K extends string = string> = (event: T, ctx: HandlerContext<E, K>) => unknown;

/**
 * Per-subscription options.
 *
 * @example
 * bus.subscribe('cart/added', h, { priority: 10, once: true, label: 'analytics', signal, onError: report })
 */
export interface SubscribeOptions<T = unknown, E = EventMap> {
  /** Higher runs first; ties keep subscription order. Default 0. */
  priority?: number | undefined;
  /** Called with what this handler threw or rejected with; defaults to the bus's `onError`. */
  onError?: ((error: unknown, event: T, ctx: HandlerContext<E>) => void) | undefined;
  /** Remove the subscription before its first call. */
  once?: boolean | undefined;
  /** Remove the subscription when this signal aborts. */
  signal?: AbortSignal | undefined;
  /** Name shown in devtools; defaults to the handler's function name. */
  label?: string | undefined;
}

/**
 * Options of {@link createBus}.
 *
 * @example
 * createBus<Events>({ name: 'shop', maxDepth: 16, sticky: ['cart/updated'], onError: (e, _event, ctx) => report(e, ctx.type) })
 */
export interface BusOptions<E = EventMap> {
  /** Shown in devtools. Default `'bus'`. */
  name?: string | undefined;
  /** Deepest allowed chain of events published from handlers. Default 32. */
  maxDepth?: number | undefined;
  /** Fallback for handlers without their own `onError`. Default: `console.error` with a `[hubbub]` prefix. */
  onError?: ((error: unknown, event: unknown, ctx: HandlerContext<E>) => void) | undefined;
  /**
   * Keep the last delivered event of these exact keys and classes (or of every type with `true`),
   * read with `bus.last(key)`: a component that mounts later reads the current value there (it is
   * not replayed to new subscribers). One value per key: with `true`, per key ever delivered, so
   * list the keys when events carry generated keys (`order/${id}`).
   */
  sticky?: boolean | readonly (StringKey<E> | EventClass)[] | undefined;
}

/**
 * What `publish` resolves to. It never rejects because a handler failed.
 *
 * @example
 * const { id, type, delivered, errors, blockedBy } = await bus.publish('order/placed', order)
 */
export interface PublishReport {
  readonly id: string;
  readonly type: string;
  /** How many handlers received the event (those that then failed included). */
  readonly delivered: number;
  /** What each failed handler (or the failing middleware, or a storm refusal) threw, in run order. */
  readonly errors: readonly unknown[];
  /** Name of the middleware that blocked the event, when one did. */
  readonly blockedBy?: string;
  /** The reason given to `ctx.block(reason)`, when the blocking middleware gave one. */
  readonly blockReason?: string;
}

/**
 * What a middleware receives as its second argument: the event's context plus `block`.
 *
 * @example
 * bus.use((event, ctx) => (signedIn() ? event : ctx.block('not signed in')), { name: 'auth' })
 */
export interface MiddlewareContext<E = EventMap> extends HandlerContext<E> {
  /**
   * Blocks this event, whatever the middleware then returns (payload-less events included); the
   * reason goes to `PublishReport.blockReason` and to devtools. Returns null, so `return ctx.block()` reads well.
   */
  readonly block: (reason?: string) => null;
}

/**
 * Intercepts every event before handlers, in registration order. Return the incoming event
 * unchanged to pass it, another value to replace it, `null`/`undefined` (for an event that was
 * not already `undefined`) or `ctx.block(reason?)` to block it. Throwing blocks it too (fail closed).
 *
 * @example
 * const auth: Middleware<Events> = (event, ctx) => (signedIn() ? event : ctx.block('signed out'))
 */
export type Middleware<E = EventMap> = (event: AnyEvent<E>, ctx: MiddlewareContext<E>) => unknown;

/**
 * A middleware's decision about one event.
 *
 * @example
 * inspect(bus, (o) => o.kind === 'middleware' && o.decision === 'blocked' && warn(`${o.name} blocked ${o.eventId}: ${o.reason}`))
 */
export type MiddlewareDecision = 'passed' | 'transformed' | 'blocked' | 'threw';

/**
 * A subscription as the inspection hook and devtools see it.
 *
 * @example
 * subscriptionsOf(bus).map((s) => `${s.label} <- ${s.type} (priority ${s.priority})`)
 */
export interface SubscriptionInfo {
  readonly id: number;
  /** The event name subscribed to, or `'*'`. */
  readonly type: string;
  /** Whether the key is a class (which also matches its subclasses). */
  readonly isClass: boolean;
  readonly label: string;
  readonly priority: number;
  readonly once: boolean;
}

/**
 * Removes what it was returned for. Calling it twice is harmless.
 *
 * @example
 * const off: Unsubscribe = bus.subscribe('cart/added', h); off(); off()
 */
export type Unsubscribe = () => void;
