import { Context, type Dispatcher } from './context';
import { EventStormError, logError } from './errors';
import { classOf, eventTypeOf } from './event-type';
import { type Inspector, NOTIFY, type Observation } from './inspect';
import { createSubscriptionTable, type Sub } from './subscriptions';
import type {
  AnyEvent,
  BusOptions,
  Emit,
  EventClass,
  EventMap,
  Handler,
  Middleware,
  Publish,
  PublishReport,
  StringKey,
  SubscribeOptions,
  SubscriptionInfo,
  Unsubscribe,
} from './types';

/** A typed event bus. Create one with {@link createBus}. */
export interface Bus<E extends EventMap = EventMap> {
  /** The name given in options (devtools shows it). */
  readonly name: string;
  /** Unique per bus instance; prefix of every event id. */
  readonly id: string;
  /**
   * Calls `handler` for every event of `key`: a string key, `'*'` for every event, or a class
   * (which also receives instances of its subclasses). Returns the unsubscribe function.
   * A handler removed during a dispatch is not called again, not even later in that dispatch;
   * one added during a dispatch first receives the next event.
   *
   * @example
   * const off = bus.subscribe('cart/added', (item) => console.log(item.sku), { priority: 10 })
   */
  subscribe<K extends StringKey<E> | '*'>(
    key: K,
    handler: Handler<K extends StringKey<E> ? E[K] : AnyEvent<E>, E>,
    options?: SubscribeOptions<K extends StringKey<E> ? E[K] : AnyEvent<E>, E>,
  ): Unsubscribe;
  subscribe<T extends object>(key: EventClass<T>, handler: Handler<T, E>, options?: SubscribeOptions<T, E>): Unsubscribe;
  /**
   * Dispatches synchronously: middleware, then handlers in priority order, nothing awaited
   * (async handlers' rejections are still caught). Throws an `EventStormError` when called from
   * handlers more than `maxDepth` deep.
   *
   * @example
   * bus.emit('cart/added', { sku: 'tea', qty: 1 }); bus.emit(new OrderPlaced('o1'))
   */
  emit: Emit<E>;
  /**
   * Dispatches and awaits each middleware and handler in turn. Resolves to a report of what
   * happened; never rejects because a handler failed. When nothing is async, every handler has
   * run before it returns.
   *
   * @example
   * const { delivered, errors, blockedBy } = await bus.publish('order/placed', order)
   */
  publish: Publish<E>;
  /**
   * Adds a middleware (run in registration order before handlers); returns its remover.
   *
   * @example
   * bus.use((event, ctx) => (signedIn ? event : null), { name: 'auth' })
   */
  use(middleware: Middleware<E>, options?: { name?: string }): () => void;
  /**
   * The last delivered event of a sticky key (see `BusOptions.sticky`), or undefined.
   *
   * @example
   * const cart = bus.last('cart/updated')
   */
  last<K extends StringKey<E>>(key: K): E[K] | undefined;
  last<T extends object>(key: EventClass<T>): T | undefined;
  /**
   * Attaches an inspector that sees every event, middleware decision, handler run and
   * subscription change; returns its detacher. With none attached, inspection costs nothing.
   *
   * @example
   * const detach = bus.inspect((o) => o.kind === 'event' && console.log(o.meta.type))
   */
  inspect(inspector: Inspector): () => void;
  /**
   * The current subscriptions, in no particular order.
   *
   * @example
   * bus.subscriptions().length // how many listeners are attached
   */
  subscriptions(): SubscriptionInfo[];
  /** @internal */
  [NOTIFY](observation: Observation): void;
}

let busCount = 0;
let current: Context | undefined;
const isThenable = (r: unknown): r is PromiseLike<unknown> =>
  r !== null && (typeof r === 'object' || typeof r === 'function') && typeof (r as PromiseLike<unknown>).then === 'function';
const clock = () => performance.now();

/**
 * Creates a bus. `Events` maps string keys to payload types; class events need no declaration.
 *
 * @example
 * type Events = { 'cart/added': { sku: string } }
 * const bus = createBus<Events>({ name: 'shop' })
 * bus.subscribe('cart/added', (item) => console.log(item.sku))
 * bus.emit('cart/added', { sku: 'tea' })
 */
export const createBus = <E extends EventMap = EventMap>(options: BusOptions<E> = {}): Bus<E> => {
  const { name = 'bus', maxDepth = 32, onError = logError, sticky = false } = options;
  const id = `${name}-${(++busCount).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const table = createSubscriptionTable();
  const inspectors = new Set<Inspector>();
  const lastValues = new Map<unknown, unknown>();
  const stickyKeys = sticky === true ? undefined : new Set<unknown>(sticky || []);
  let middleware: { fn: Middleware<E>; name: string }[] = [];
  let slow = false;
  let seq = 0;

  const refresh = () => {
    slow = inspectors.size > 0 || middleware.length > 0;
  };
  const notify = (o: Observation) => {
    for (const inspector of inspectors) {
      try {
        inspector(o);
      } catch (error) {
        console.error('[hubbub] an inspector failed:', error);
      }
    }
  };
  const remember = (key: unknown, type: string, event: unknown) => {
    if (!stickyKeys || stickyKeys.has(key)) lastValues.set(type, event);
  };

  const fail = (sub: Sub, error: unknown, event: unknown, ctx: Context) => {
    try {
      (sub.onError ?? onError)(error, event, ctx as never);
    } catch (secondary) {
      console.error(`[hubbub] the onError of a "${ctx.type}" handler failed too:`, secondary, 'while handling:', error);
    }
  };

  const unsubscribe = (sub: Sub) => {
    if (!sub.active) return;
    sub.active = false;
    sub.detach?.();
    table.remove(sub);
    if (inspectors.size) notify({ kind: 'unsubscribe', subscription: sub.info });
  };

  const storm = (ctx: Context) => {
    const error = new EventStormError(ctx.type, ctx.depth, ctx.chain());
    notify({ kind: 'storm', error, meta: ctx });
    return error;
  };

  /** Calls one handler with `current` set, so a synchronous bus.emit inside it knows its cause. */
  const invoke = (sub: Sub, event: unknown, ctx: Context): unknown => {
    const saved = current;
    current = ctx;
    try {
      return sub.h(event, ctx as never);
    } finally {
      current = saved;
    }
  };

  /** The general path: middleware, inspection, and (for publish) awaiting each handler. */
  const run = async (key: unknown, ctx: Context, event: unknown, awaitHandlers: boolean): Promise<PublishReport> => {
    const errors: unknown[] = [];
    let delivered = 0;
    let blockedBy: string | undefined;
    const observed = inspectors.size > 0;
    if (observed) notify({ kind: 'event', via: awaitHandlers ? 'publish' : 'emit', meta: ctx, event });
    for (const mw of middleware) {
      const start = observed ? clock() : 0;
      let result: unknown;
      try {
        result = mw.fn(event as AnyEvent<E>, ctx as never);
        if (isThenable(result)) result = await result;
      } catch (error) {
        errors.push(error);
        blockedBy = mw.name;
        if (observed) notify({ kind: 'middleware', eventId: ctx.id, name: mw.name, decision: 'threw', error, duration: clock() - start });
        break;
      }
      const decision = result == null ? 'blocked' : result === event ? 'passed' : 'transformed';
      if (observed) {
        const duration = clock() - start;
        notify(
          decision === 'transformed'
            ? { kind: 'middleware', eventId: ctx.id, name: mw.name, decision, value: result, duration }
            : { kind: 'middleware', eventId: ctx.id, name: mw.name, decision, duration },
        );
      }
      if (decision === 'blocked') {
        blockedBy = mw.name;
        break;
      }
      event = result;
    }
    if (blockedBy === undefined) {
      if (sticky) remember(key, ctx.type, event);
      for (const sub of table.route(key as string).subs) {
        if (!sub.active) continue;
        if (sub.info.once) unsubscribe(sub);
        delivered++;
        const start = observed ? clock() : 0;
        if (observed) notify({ kind: 'handler-start', eventId: ctx.id, subscription: sub.info });
        const end = (error?: unknown, failed = false, async = false) => {
          if (failed) {
            if (awaitHandlers) errors.push(error);
            fail(sub, error, event, ctx);
          }
          if (observed) {
            const base = { kind: 'handler-end', eventId: ctx.id, subscription: sub.info, duration: clock() - start, async } as const;
            notify(failed ? { ...base, outcome: 'error', error } : { ...base, outcome: 'ok' });
          }
        };
        let result: unknown;
        try {
          result = invoke(sub, event, ctx);
        } catch (error) {
          end(error, true);
          continue;
        }
        if (!isThenable(result)) end();
        else if (awaitHandlers) {
          try {
            await result;
            end(undefined, false, true);
          } catch (error) {
            end(error, true, true);
          }
        } else {
          ctx.stamp();
          result.then(
            () => end(undefined, false, true),
            (error: unknown) => end(error, true, true),
          );
        }
      }
    }
    const report: PublishReport =
      blockedBy === undefined
        ? { id: ctx.id, type: ctx.type, delivered, errors }
        : { id: ctx.id, type: ctx.type, delivered, errors, blockedBy };
    if (observed) notify({ kind: 'dispatched', report });
    return report;
  };

  const keyOf = (target: unknown): string | EventClass => (typeof target === 'string' ? target : classOf(target));

  const dispatcher: Dispatcher = {
    id,
    emitFrom(parent, [target, payload]) {
      const key = keyOf(target);
      const event = typeof target === 'string' ? payload : target;
      const route = table.route(key);
      if (!slow && route.subs.length === 0) {
        if (sticky) remember(key, route.type, event);
        return;
      }
      const ctx = new Context(dispatcher, route.type, ++seq, parent);
      if (ctx.depth > maxDepth) throw storm(ctx);
      if (slow) {
        ctx.stamp();
        void run(key, ctx, event, false);
        return;
      }
      if (sticky) remember(key, route.type, event);
      const subs = route.subs;
      for (let i = 0; i < subs.length; i++) {
        const sub = subs[i] as Sub;
        if (!sub.active) continue;
        if (sub.info.once) unsubscribe(sub);
        try {
          const result = invoke(sub, event, ctx);
          if (isThenable(result)) {
            ctx.stamp();
            result.then(undefined, (error: unknown) => fail(sub, error, event, ctx));
          }
        } catch (error) {
          fail(sub, error, event, ctx);
        }
      }
    },
    publishFrom(parent, [target, payload]) {
      let key: string | EventClass;
      try {
        key = keyOf(target);
      } catch (error) {
        return Promise.reject(error);
      }
      const event = typeof target === 'string' ? payload : target;
      const ctx = new Context(dispatcher, table.route(key).type, ++seq, parent);
      ctx.stamp();
      if (ctx.depth > maxDepth) {
        const error = storm(ctx);
        try {
          onError(error, event, ctx as never);
        } catch {}
        return Promise.resolve({ id: ctx.id, type: ctx.type, delivered: 0, errors: [error] });
      }
      return run(key, ctx, event, true);
    },
  };

  return {
    name,
    id,
    subscribe(key: string | EventClass, handler: Handler<never, E>, opts: SubscribeOptions<never, E> = {}): Unsubscribe {
      if (typeof handler !== 'function') {
        throw new TypeError(
          `[hubbub] subscribe(${String(typeof key === 'function' ? key.name : key)}, handler): handler must be a function, got ${typeof handler}.`,
        );
      }
      if (typeof key !== 'string' && typeof key !== 'function') {
        throw new TypeError(`[hubbub] subscribe(key): key must be an event name, '*' or an event class, got ${typeof key}.`);
      }
      const { signal } = opts;
      if (signal?.aborted) return () => {};
      const sub: Sub = {
        key,
        h: handler as Handler<unknown, unknown>,
        seq: ++seq,
        onError: opts.onError as Sub['onError'],
        info: {
          id: seq,
          type: typeof key === 'string' ? key : eventTypeOf(key),
          isClass: typeof key !== 'string',
          label: opts.label ?? (handler.name || 'anonymous'),
          priority: opts.priority ?? 0,
          once: opts.once ?? false,
        },
        active: true,
        detach: undefined,
      };
      table.add(sub);
      if (signal) {
        const abort = () => unsubscribe(sub);
        signal.addEventListener('abort', abort);
        sub.detach = () => signal.removeEventListener('abort', abort);
      }
      if (inspectors.size) notify({ kind: 'subscribe', subscription: sub.info });
      return () => unsubscribe(sub);
    },
    emit: ((...args: unknown[]) => dispatcher.emitFrom(current as Context, args)) as Emit<E>,
    publish: ((...args: unknown[]) => dispatcher.publishFrom(current as Context, args)) as Publish<E>,
    use(fn, opts = {}) {
      const entry = { fn, name: opts.name ?? (fn.name || `middleware ${middleware.length + 1}`) };
      middleware = [...middleware, entry];
      refresh();
      return () => {
        middleware = middleware.filter((m) => m !== entry);
        refresh();
      };
    },
    last: (key: string | EventClass) => lastValues.get(typeof key === 'string' ? key : eventTypeOf(key)) as never,
    inspect(inspector) {
      inspectors.add(inspector);
      refresh();
      return () => {
        inspectors.delete(inspector);
        refresh();
      };
    },
    subscriptions: table.list,
    [NOTIFY]: notify,
  };
};
