import { Context, type Core, chainOf, metaOf } from './context';
import { EventStormError, log, logError } from './errors';
import { ancestors, classOf } from './event-type';
import { type Inspector, type MiddlewareDecision, NOTIFY, type Observation } from './inspect';
import { createTable, infoOf, type Sub } from './subscriptions';
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
   */
  subscribe<K extends StringKey<E> | '*'>(
    key: K,
    handler: Handler<K extends StringKey<E> ? E[K] : AnyEvent<E>, E>,
    options?: SubscribeOptions<K extends StringKey<E> ? E[K] : AnyEvent<E>, E>,
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
   * @example
   * const { delivered, errors, blockedBy } = await bus.publish('order/placed', order)
   */
  publish: Publish<E>;
  /**
   * Adds a middleware, run in registration order before handlers; returns its remover. It returns
   * the event to pass it on, another value to replace it, `null`/`undefined` to block it;
   * throwing blocks it too (fail closed: the error goes to the report and the bus's `onError`).
   *
   * @example
   * bus.use((event, ctx) => (signedIn ? event : null), { name: 'auth' })
   */
  use(middleware: Middleware<E>, options?: { name?: string }): () => void;
  /**
   * The last delivered event of a sticky key (see `BusOptions.sticky`), or undefined. For a class,
   * the last instance of it or of a subclass (what its subscribers last received).
   *
   * @example
   * const cart = bus.last('cart/updated')
   */
  last<K extends StringKey<E>>(key: K): E[K] | undefined;
  last<T extends object>(key: EventClass<T>): T | undefined;
  /**
   * Attaches an inspector that sees every event, middleware decision, handler run and
   * subscription change; returns its detacher. With none attached, inspection costs nothing.
   * A throwing inspector is logged and never disturbs the dispatch.
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

type Report = { -readonly [K in keyof PublishReport]: PublishReport[K] };
interface Entry {
  readonly f: Sub['h'];
  readonly n: string;
}

let busCount = 0;
/** The dispatch whose handler is running synchronously right now, on any bus: the cause of a plain bus.emit. */
let current: Context | undefined;
const none: readonly Sub[] = [];
const noop = () => {};
const now = () => performance.now();
const zero = () => 0;
const isThenable = (r: unknown): r is PromiseLike<unknown> => typeof (r as PromiseLike<unknown> | undefined)?.then === 'function';

/** Calls `fn` with `ctx` as the current dispatch, so a synchronous bus.emit inside it knows its cause. */
const invoke = (fn: (event: unknown, ctx: never) => unknown, event: unknown, ctx: Context): unknown => {
  const saved = current;
  current = ctx;
  try {
    return fn(event, ctx as never);
  } finally {
    current = saved;
  }
};

/**
 * Creates a bus. `Events` maps string keys to payload types; class events need no declaration.
 *
 * @example
 * type Events = { 'cart/added': { sku: string }; 'app/ready': void }
 * const bus = createBus<Events>({ name: 'shop' })
 * bus.subscribe('cart/added', (item) => console.log(item.sku))
 * bus.emit('cart/added', { sku: 'tea' })
 * bus.emit('app/ready')
 */
export const createBus = <E extends EventMap = EventMap>(options: BusOptions<E> = {}): Bus<E> => {
  const { name = 'bus', maxDepth = 32, onError = logError, sticky } = options;
  const id = `${name}-${(++busCount).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const table = createTable();
  const lastValues = new Map<unknown, unknown>();
  const keep = sticky === true || new Set<unknown>(sticky || []);
  let inspectors: Inspector[] = [];
  let middleware: Entry[] = [];
  let slow = false;
  let seq = 0;

  const refresh = () => {
    slow = inspectors.length + middleware.length > 0;
  };
  const notify = (o: Observation) => {
    for (const inspector of inspectors) {
      try {
        inspector(o);
      } catch (error) {
        log('an inspector failed:', error);
      }
    }
  };
  const remember = (key: string | EventClass, event: unknown) => {
    for (const k of typeof key === 'string' ? [key] : ancestors(key)) if (keep === true || keep.has(k)) lastValues.set(k, event);
  };
  /** Hands a failure to the handler's onError, else the bus's; a failing onError is only logged. */
  const fail = (handler: Sub['e'], error: unknown, event: unknown, ctx: Context) => {
    try {
      (handler ?? onError)(error, event, ctx as never);
    } catch (secondary) {
      log(`the onError for "${ctx.type}" failed too:`, secondary, 'while handling:', error);
    }
  };
  const unsubscribe = (sub: Sub) => {
    if (!sub.a) return;
    sub.a = false;
    sub.s?.removeEventListener('abort', sub.u);
    table.remove(sub);
    if (inspectors.length) notify({ kind: 'unsubscribe', subscription: infoOf(sub) });
  };
  const storm = (ctx: Context) => {
    const error = new EventStormError(ctx.type, ctx.depth, chainOf(ctx, 'id'), chainOf(ctx, 'type'));
    notify({ kind: 'storm', error, meta: metaOf(ctx) });
    return error;
  };

  /** The general path: storm check (publish), middleware, observation, awaiting (publish). */
  const run = async (key: string | EventClass, event: unknown, ctx: Context, wait: boolean): Promise<PublishReport> => {
    const errors: unknown[] = [];
    const report: Report = { id: ctx.id, type: ctx.type, delivered: 0, errors };
    if (ctx.depth > maxDepth) {
      const error = storm(ctx);
      errors.push(error);
      fail(undefined, error, event, ctx);
      return report;
    }
    const seen = inspectors.length > 0;
    const clock = seen ? now : zero;
    if (seen) notify({ kind: 'event', via: wait ? 'publish' : 'emit', meta: metaOf(ctx), event });
    for (const m of middleware) {
      const start = clock();
      let decision: MiddlewareDecision;
      let value: unknown;
      try {
        value = invoke(m.f, event, ctx);
        if (isThenable(value)) {
          ctx.s();
          value = await value;
        }
        decision = value == null ? 'blocked' : value === event ? 'passed' : 'transformed';
      } catch (error) {
        decision = 'threw';
        value = error;
        errors.push(error);
        fail(undefined, error, event, ctx);
      }
      if (seen) {
        const o = { kind: 'middleware', eventId: ctx.id, name: m.n, decision, duration: clock() - start } as const;
        notify(decision === 'threw' ? { ...o, error: value } : decision === 'transformed' ? { ...o, value } : o);
      }
      if (decision === 'blocked' || decision === 'threw') {
        report.blockedBy = m.n;
        break;
      }
      event = value;
    }
    if (report.blockedBy === undefined) {
      if (sticky) remember(key, event);
      for (const sub of table.route(key) ?? none) {
        if (!sub.a) continue;
        if (sub.o) unsubscribe(sub);
        report.delivered++;
        const start = clock();
        const subscription = seen ? infoOf(sub) : (undefined as never);
        if (seen) notify({ kind: 'handler-start', eventId: ctx.id, subscription });
        const end = (failed: boolean, error?: unknown, async = false) => {
          if (failed) {
            if (wait || !async) errors.push(error);
            fail(sub.e, error, event, ctx);
          }
          if (seen) {
            const o = { kind: 'handler-end', eventId: ctx.id, subscription, duration: clock() - start, async } as const;
            notify(failed ? { ...o, outcome: 'error', error } : { ...o, outcome: 'ok' });
          }
        };
        let result: unknown;
        try {
          result = invoke(sub.h, event, ctx);
        } catch (error) {
          end(true, error);
          continue;
        }
        if (isThenable(result)) {
          ctx.s();
          const settled = Promise.resolve(result).then(
            () => end(false, undefined, true),
            (error: unknown) => end(true, error, true),
          );
          if (wait) await settled;
        } else end(false);
      }
    }
    if (seen) notify({ kind: 'dispatched', report });
    return report;
  };

  /** The emit hot path: every handler in order, isolated, nothing awaited. */
  const deliver = (key: string | EventClass, subs: Sub[], event: unknown, ctx: Context) => {
    if (sticky) remember(key, event);
    const saved = current;
    current = ctx;
    try {
      for (let i = 0; i < subs.length; i++) {
        const sub = subs[i] as Sub;
        if (!sub.a) continue;
        if (sub.o) unsubscribe(sub);
        try {
          const handler = sub.h;
          const result = handler(event, ctx as never);
          if (isThenable(result)) {
            ctx.s();
            result.then(undefined, (error: unknown) => fail(sub.e, error, event, ctx));
          }
        } catch (error) {
          fail(sub.e, error, event, ctx);
        }
      }
    } finally {
      current = saved;
    }
  };

  const core: Core = {
    id,
    /** emit with an explicit cause: the hot path when no middleware or inspector is attached. */
    e(target, payload, parent) {
      let key = target as string | EventClass;
      let event = payload;
      let subs: readonly Sub[] | undefined;
      if (typeof target === 'string' && !table.s) subs = table.l[target];
      else {
        if (typeof target !== 'string') {
          key = classOf(target);
          event = target;
        }
        subs = table.route(key);
      }
      if (!slow && !subs?.length) {
        if (sticky) remember(key, event);
        return;
      }
      const ctx = new Context(core, key, ++seq, parent);
      if (ctx.depth > maxDepth) throw storm(ctx);
      if (slow) {
        ctx.s();
        void run(key, event, ctx, false);
      } else deliver(key, subs as Sub[], event, ctx);
    },
    p(target, payload, parent) {
      let key: string | EventClass;
      try {
        key = typeof target === 'string' ? target : classOf(target);
      } catch (error) {
        return Promise.reject(error);
      }
      return run(key, typeof target === 'string' ? payload : target, new Context(core, key, ++seq, parent), true);
    },
  };

  return {
    name,
    id,
    subscribe(key: string | EventClass, handler: Handler<never, E>, opts: SubscribeOptions<never, E> = {}): Unsubscribe {
      const { signal, priority = 0 } = opts;
      if (
        typeof handler !== 'function' ||
        (typeof key !== 'string' && typeof key !== 'function') ||
        typeof priority !== 'number' ||
        Number.isNaN(priority)
      ) {
        throw new TypeError(
          `[hubbub] subscribe(key, handler, { priority }) takes an event name, '*' or an event class, a function and a number; got ${typeof key}, ${typeof handler}, ${typeof priority}.`,
        );
      }
      if (signal?.aborted) return noop;
      const sub: Sub = {
        k: key,
        h: handler as never,
        p: priority,
        n: ++seq,
        e: opts.onError as Sub['e'],
        o: !!opts.once,
        l: opts.label,
        a: true,
        s: signal,
        u: noop,
        x: undefined,
      };
      sub.u = () => unsubscribe(sub);
      table.add(sub);
      signal?.addEventListener('abort', sub.u);
      if (inspectors.length) notify({ kind: 'subscribe', subscription: infoOf(sub) });
      return sub.u;
    },
    emit: ((target: unknown, payload?: unknown) => core.e(target, payload, current as Context)) as Emit<E>,
    publish: ((target: unknown, payload?: unknown) => core.p(target, payload, current as Context)) as Publish<E>,
    use(fn, opts = {}) {
      if (typeof fn !== 'function') throw new TypeError(`[hubbub] use(middleware) takes a function; got ${typeof fn}.`);
      const entry: Entry = { f: fn as never, n: opts.name ?? (fn.name || `middleware ${middleware.length + 1}`) };
      middleware = [...middleware, entry];
      refresh();
      return () => {
        middleware = middleware.filter((m) => m !== entry);
        refresh();
      };
    },
    last: (key: unknown) => lastValues.get(key) as never,
    inspect(inspector) {
      inspectors = [...inspectors, inspector];
      refresh();
      return () => {
        inspectors = inspectors.filter((i) => i !== inspector);
        refresh();
      };
    },
    subscriptions: table.list,
    [NOTIFY]: notify,
  };
};
