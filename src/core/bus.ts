import { Context, type Core, chainOf, metaOf, publishFrom } from './context';
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

type Report = { -readonly [K in keyof PublishReport]: PublishReport[K] } & { errors: unknown[] };
interface Entry {
  readonly f: Sub['h'];
  readonly n: string;
}

/** The dispatch whose handler is running synchronously right now, on any bus: the cause of a plain bus.emit. */
let current: Context | undefined;
const none: readonly Sub[] = [];
const noop = () => {};
const now = () => performance.now();
const isThenable = (r: unknown): r is PromiseLike<unknown> => typeof (r as PromiseLike<unknown> | undefined)?.then === 'function';

/** Calls `fn` with `ctx` as the current dispatch, so a synchronous bus.emit inside it knows its cause. */
const invoke = (fn: Sub['h'], event: unknown, ctx: Context): unknown => {
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
  const id = `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const table = createTable();
  const lastValues = new Map<unknown, unknown>();
  const keep = sticky === true || new Set<unknown>(sticky || []);
  /** Inspectors (`i`) and middleware (`m`), replaced on change so a running loop keeps its snapshot. */
  const hooks: { i: Inspector[]; m: Entry[] } = { i: [], m: [] };
  let slow = false;
  let seq = 0;

  const attach = <K extends keyof typeof hooks>(k: K, item: (typeof hooks)[K][number]) => {
    const change = (list: unknown[]) => {
      hooks[k] = list as never;
      slow = hooks.i.length + hooks.m.length > 0;
    };
    change([...hooks[k], item]);
    return () => change(hooks[k].filter((x) => x !== item));
  };
  const notify = (o: Observation) => {
    for (const inspector of hooks.i) {
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
  const release = () => {
    table.d--;
  };
  /** Records a failure and hands it to the handler's onError, else the bus's; a failing onError is only logged. */
  const fail = (handler: Sub['e'], error: unknown, event: unknown, ctx: Context, report?: Report) => {
    report?.errors.push(error);
    try {
      (handler ?? onError)(error, event, ctx as never);
    } catch (secondary) {
      log(`onError failed too (${ctx.type}):`, secondary, error);
    }
  };
  const unsubscribe = (sub: Sub) => {
    if (!sub.a) return;
    sub.a = false;
    sub.s?.removeEventListener('abort', sub.u);
    table.change(sub, false);
    if (hooks.i.length) notify({ kind: 'unsubscribe', subscription: infoOf(sub) });
  };

  /** A handler run ended: a failure is recorded and handed on; with `seen`, the end is observed. */
  const end = (
    sub: Sub,
    event: unknown,
    ctx: Context,
    report: Report | undefined,
    seen: boolean,
    start: number,
    async: boolean,
    failed: boolean,
    error?: unknown,
  ) => {
    if (failed) fail(sub.e, error, event, ctx, report);
    if (seen) {
      const duration = now() - start;
      notify({ kind: 'handler-end', eventId: ctx.id, subscription: infoOf(sub), duration, async, outcome: failed ? 'error' : 'ok', error });
    }
  };

  /**
   * Runs handlers from index `i` in order, each isolated. With `wait` (publish), when one returns
   * a promise the rest run after it settles (the returned promise); else nothing is awaited and
   * async failures are still caught. With `seen`, each run is observed (start, end, duration).
   */
  const deliver = (
    subs: readonly Sub[],
    event: unknown,
    ctx: Context,
    report?: Report,
    wait = false,
    seen = false,
    i = 0,
  ): Promise<void> | undefined => {
    const saved = current;
    let held = false;
    current = ctx;
    table.d++;
    try {
      for (; i < subs.length; i++) {
        const sub = subs[i] as Sub;
        if (!sub.a) continue;
        if (sub.o) sub.u();
        if (report) report.delivered++;
        const start = seen ? now() : 0;
        if (seen) notify({ kind: 'handler-start', eventId: ctx.id, subscription: infoOf(sub) });
        try {
          const handler = sub.h;
          const result = handler(event, ctx as never);
          if (isThenable(result)) {
            ctx.timestamp;
            const next = i + 1;
            const settled = Promise.resolve(result).then(
              () => end(sub, event, ctx, report, seen, start, true, false),
              (error: unknown) => end(sub, event, ctx, report, seen, start, true, true, error),
            );
            if (wait) {
              held = true;
              return settled.then(() => deliver(subs, event, ctx, report, wait, seen, next)).finally(release);
            }
          } else if (seen) end(sub, event, ctx, report, seen, start, false, false);
        } catch (error) {
          end(sub, event, ctx, report, seen, start, false, true, error);
        }
      }
    } finally {
      current = saved;
      if (!held) release();
    }
  };

  /** Middleware in order, synchronously until one returns a promise; then `next` gets the event to deliver, if not blocked. */
  const filter = <R>(event: unknown, ctx: Context, report: Report, seen: boolean, next: (event: unknown) => R, i = 0): R | Promise<R> => {
    for (; i < hooks.m.length; i++) {
      const m = hooks.m[i] as Entry;
      const start = now();
      const decide = (value: unknown, threw: boolean) => {
        const decision: MiddlewareDecision = threw ? 'threw' : value === event ? 'passed' : value == null ? 'blocked' : 'transformed';
        if (threw) fail(undefined, value, event, ctx, report);
        if (seen) {
          const duration = now() - start;
          notify({
            kind: 'middleware',
            eventId: ctx.id,
            name: m.n,
            decision,
            duration,
            value: decision === 'transformed' ? value : undefined,
            error: threw ? value : undefined,
          });
        }
        if (threw || decision === 'blocked') report.blockedBy = m.n;
        return decision;
      };
      let value: unknown;
      try {
        value = invoke(m.f, event, ctx);
      } catch (error) {
        decide(error, true);
        return next(event);
      }
      if (isThenable(value)) {
        ctx.timestamp;
        const after = i + 1;
        return Promise.resolve(value).then(
          (v) => (decide(v, false) === 'blocked' ? next(event) : filter(v, ctx, report, seen, next, after)),
          (error: unknown) => {
            decide(error, true);
            return next(event);
          },
        );
      }
      if (decide(value, false) === 'blocked') return next(event);
      event = value;
    }
    return next(event);
  };

  /** The general path: inspection, middleware, then handlers; `wait` (publish) awaits each step. */
  const run = (
    key: string | EventClass,
    event: unknown,
    ctx: Context,
    wait: boolean,
    report: Report,
  ): PublishReport | Promise<PublishReport> => {
    const seen = hooks.i.length > 0;
    if (seen) notify({ kind: 'event', via: wait ? 'publish' : 'emit', meta: metaOf(ctx), event });
    const finish = () => {
      if (seen) notify({ kind: 'dispatched', report });
      return report;
    };
    return filter(event, ctx, report, seen, (value): PublishReport | Promise<PublishReport> => {
      if (report.blockedBy !== undefined) return finish();
      if (sticky) remember(key, value);
      const pending = deliver(table.route(key) ?? none, value, ctx, report, wait, seen);
      return pending ? pending.then(finish) : finish();
    }) as PublishReport | Promise<PublishReport>;
  };

  const core: Core = {
    id,
    /**
     * Every dispatch, with an explicit cause. The hot path (emit, no middleware, no inspector) reads
     * one list and allocates one context; `wait` (publish) returns the report's promise.
     */
    d(target, payload, parent, wait) {
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
      if (!wait && !slow && !subs?.length) {
        if (sticky) remember(key, event);
        return;
      }
      const ctx = new Context(core, key, ++seq, parent);
      if (ctx.depth > maxDepth) {
        const error = new EventStormError(ctx.type, ctx.depth, chainOf(ctx));
        notify({ kind: 'storm', error, meta: metaOf(ctx) });
        if (!wait) throw error;
        fail(undefined, error, event, ctx);
        return Promise.resolve({ id: ctx.id, type: ctx.type, delivered: 0, errors: [error] });
      }
      if (wait || slow) {
        const done = run(key, event, ctx, wait, { id: ctx.id, type: ctx.type, delivered: 0, errors: [] });
        return wait ? Promise.resolve(done) : undefined;
      }
      if (sticky) remember(key, event);
      deliver(subs as Sub[], event, ctx);
    },
  };

  return {
    name,
    id,
    subscribe(key: string | EventClass, handler: Handler<never, E>, opts?: SubscribeOptions<never, E>): Unsubscribe {
      const priority = opts?.priority ?? 0;
      const signal = opts?.signal;
      if (typeof handler !== 'function' || (typeof key !== 'string' && typeof key !== 'function') || priority !== +priority) {
        throw new TypeError(
          `[hubbub] subscribe(key, handler, { priority }): expected a string or class, a function, a number; got ${typeof key}, ${typeof handler}, ${String(priority)}.`,
        );
      }
      if (signal?.aborted) return noop;
      const sub: Sub = {
        k: key,
        h: handler as never,
        p: priority,
        n: ++seq,
        e: opts?.onError as Sub['e'],
        o: !!opts?.once,
        l: opts?.label,
        a: true,
        s: signal,
        u: noop,
        x: undefined,
      };
      sub.u = () => unsubscribe(sub);
      table.change(sub, true);
      signal?.addEventListener('abort', sub.u);
      if (hooks.i.length) notify({ kind: 'subscribe', subscription: infoOf(sub) });
      return sub.u;
    },
    emit: ((target: unknown, payload?: unknown) => {
      core.d(target, payload, current, false);
    }) as Emit<E>,
    publish: ((target: unknown, payload?: unknown) => publishFrom(core, target, payload, current)) as Publish<E>,
    use(fn, opts) {
      if (typeof fn !== 'function') throw new TypeError(`[hubbub] use(middleware): expected a function; got ${typeof fn}.`);
      return attach('m', { f: fn as never, n: opts?.name ?? (fn.name || 'middleware') });
    },
    last: (key: unknown) => lastValues.get(key) as never,
    inspect: (inspector) => attach('i', inspector),
    subscriptions: table.list,
    [NOTIFY]: notify,
  };
};
