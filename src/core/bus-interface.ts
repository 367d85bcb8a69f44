import type { BusCore, CORE } from './internals';
import type {
  Emit,
  EventClass,
  EventMap,
  Handler,
  LastEvent,
  MatchedKeys,
  MatchedPattern,
  Middleware,
  Pattern,
  PayloadsMatching,
  Publish,
  StringKey,
  SubscribedEvent,
  SubscribeOptions,
  Unsubscribe,
} from './types';

/**
 * Type-only (no such property exists at run time): makes `Bus<E>` follow `E` covariantly, so a
 * typed bus is a plain `Bus`, while a bus of other payloads or fewer keys is not a `Bus<E>`. A
 * mapped copy of `E`, not `E`: an `interface` has no index signature, and its copy has.
 */
declare const EVENTS: unique symbol;

/**
 * A typed event bus. Create one with `createBus()`.
 *
 * @example
 * const bus: Bus<Events> = createBus<Events>()
 * const off = bus.subscribe('cart/added', (item) => console.log(item.sku))
 * off()
 */
export interface Bus<E extends object = EventMap> {
  /** The name given in options (devtools shows it). */
  readonly name: string;
  /** Unique per bus instance; prefix of every event id. */
  readonly id: string;
  /**
   * Calls `handler` for every event of `key`: a string key, a pattern (`'cart/*'`: one segment;
   * `'cart/**'`: one or more; string keys only), `'*'` for every event, or a class (which also
   * receives instances of its subclasses). Returns the unsubscribe function.
   *
   * Run order is one list across exact, ancestor-class and `'*'` subscriptions: higher `priority`
   * first, ties in subscription order. A handler removed during a dispatch is not called again,
   * not even later in that dispatch; one added during a dispatch first receives the next event.
   * `once` removes the subscription just before its call, so a re-entrant emit cannot call it
   * twice. An already-aborted `signal` subscribes nothing. Throws a TypeError for a bad key,
   * handler or priority.
   *
   * @example
   * const off = bus.subscribe('cart/added', (item) => console.log(item.sku), { priority: 10 })
   * bus.subscribe(OrderEvent, (order, ctx) => audit(order, ctx.correlationId))
   * bus.subscribe('cart/*', (event, ctx) => log(ctx.type, event)) // typed: the union of the cart/ payloads
   */
  // SubscribedEvent is `(E & { '*': AnyEvent<E> })[K]`: `E[K]`, or any event for `'*'`. An indexed access,
  // not a conditional type, so it resolves in a helper generic in E too, and keeps `Bus<Events>` assignable to `Bus`.
  subscribe<K extends StringKey<E> | '*'>(
    key: K,
    handler: Handler<SubscribedEvent<E, K>, E, K extends '*' ? string : K>,
    options?: SubscribeOptions<SubscribedEvent<E, K>, E>,
  ): Unsubscribe;
  subscribe<P extends Pattern>(
    pattern: MatchedPattern<E, P>,
    handler: Handler<PayloadsMatching<E, P>, E, MatchedKeys<E, P>>,
    options?: SubscribeOptions<PayloadsMatching<E, P>, E>,
  ): Unsubscribe;
  subscribe<T extends object>(key: EventClass<T>, handler: Handler<T, E>, options?: SubscribeOptions<T, E>): Unsubscribe;
  /**
   * Dispatches synchronously: middleware, then handlers in run order, nothing awaited. Every
   * handler is isolated (its failure goes to its `onError`, else the bus's) and async handlers'
   * rejections are caught too. If a middleware is async, the rest continues asynchronously.
   * Throws an `EventStormError` when called from handlers more than `maxDepth` deep, and a
   * TypeError for an argument that is neither a key nor a class instance.
   *
   * @example
   * bus.emit('cart/added', { sku: 'tea', qty: 1 }); bus.emit(new OrderPlaced('o1'))
   */
  emit: Emit<E>;
  /**
   * Dispatches and awaits each middleware and handler in turn. Resolves to a report of what
   * happened; never rejects because a handler or middleware failed (a storm refusal is in
   * `errors` too). When nothing is async, every handler has run before it returns.
   *
   * Called from inside a handler, middleware or onError, the event is caused by the running one
   * (storm-limited by `maxDepth`); after an `await` in a handler the bus can no longer know that
   * (browsers have no AsyncContext), so use the handler's `ctx.publish` there.
   *
   * @example
   * const { delivered, errors, blockedBy, blockReason } = await bus.publish('order/placed', order)
   */
  publish: Publish<E>;
  /**
   * Adds a middleware, run in registration order before handlers; returns its remover. Return the
   * incoming event unchanged to pass it, another value to replace it, `null`/`undefined` (for an
   * event that was not `undefined` already) or `ctx.block(reason?)` to block it; throwing blocks
   * it too (fail closed: the error goes to the report and the bus's `onError`). A middleware
   * removed while an event is on its way is skipped by that event if it has not run yet.
   *
   * @example
   * bus.use((event, ctx) => (signedIn() ? event : ctx.block('signed out')), { name: 'auth' })
   */
  use(middleware: Middleware<E>, options?: { name?: string | undefined } | undefined): () => void;
  /**
   * The last delivered event of a sticky key (see `BusOptions.sticky`), or undefined. For a class,
   * the last instance of it or of a subclass (what its subscribers last received).
   *
   * @example
   * const cart = bus.last('cart/updated')
   */
  last<K extends StringKey<E>>(key: K): LastEvent<E, K>;
  last<T extends object>(key: EventClass<T>): T | undefined;
  /** @internal The bus's internals, for `inspect()`, `subscriptionsOf()` and helpers. */
  readonly [CORE]: BusCore;
  /** Type-only: the event map, never set (see {@link EVENTS}). */
  readonly [EVENTS]?: { [K in keyof E]: E[K] };
}
