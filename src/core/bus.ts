import type { Bus } from './bus-interface';
import { CORE, Context, type Core, chainOf, publishFrom, type Report } from './context';
import { EventStormError, log, logError } from './errors';
import { ancestors, classOf } from './event-type';
import { createTable, type Sub } from './subscriptions';
import type { BusOptions, Emit, EventClass, EventMap, Handler, Publish, SubscribeOptions, Unsubscribe } from './types';

export type { Bus };

interface Entry {
  readonly f: Sub['h'];
  readonly n: string;
}

/** The running dispatch's context on any bus, once made: the cause of a plain bus.emit. */
let current: Context | undefined;
/**
 * A hot-path dispatch whose context is not made yet (none of its handlers declares one): made by
 * {@link cause} only when a handler dispatches in turn or fails. A nested dispatch always makes
 * its parent's context first, so this frame needs no saving, only clearing.
 */
let lazyCore: Core | undefined;
let lazyKey: string | EventClass;
let lazyParent: Context | undefined;
let lazyEvent: unknown;
/** Sequence of subscriptions and contexts (ids, and subscription order among equal priorities). */
let seq = 0;

const cause = (): Context | undefined => {
  if (!current && lazyCore) current = new Context(lazyCore, lazyKey, ++seq, lazyParent, lazyEvent);
  return current;
};

const none: readonly Sub[] = [];
/** Shared by every report until its first failure (copied then), so a clean publish allocates no array. */
const noErrors: readonly unknown[] = Object.freeze([]);
const noop = () => {};
const now = () => performance.now();
const isThenable = (r: unknown): r is PromiseLike<unknown> => typeof (r as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * What the hot path calls for a subscription (made at its first event): the handler itself when
 * it takes the event alone, else a wrapper that unsubscribes first (once) and passes the context.
 */
const hot = (sub: Sub): ((event: unknown) => unknown) => {
  const once = !!sub.x?.once;
  sub.f =
    once || sub.h.length !== 1
      ? (event) => {
          if (once) sub.u();
          return sub.h(event, cause() as never);
        }
      : (sub.h as (event: unknown) => unknown);
  return sub.f;
};

/** Calls `fn` with `ctx` as the current dispatch, so a synchronous bus.emit inside it knows its cause. */
const invoke = (fn: Sub['h'], ctx: Context): unknown => {
  const saved = current;
  current = ctx;
  try {
    return fn(ctx.e, ctx as never);
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
  /** Replaced, never changed in place, so a running dispatch keeps the list it started with. */
  let middleware: readonly Entry[] = [];
  /** Nothing but handlers to run for a string key: no middleware, observer, '*' subscriber or sticky key. */
  let plain = !sticky;
  const recheck = () => {
    plain = !sticky && !middleware.length && !core.o && !table.s;
  };

  /** A dispatch of any bus is running (or one of this bus's is waiting mid-list): lists are copied, not changed in place. */
  const busy = () => table.d > 0 || !!(current || lazyCore);
  /** The unsubscribe function of a subscription, bound to it (a bound function needs no closure scope: cheaper to make). */
  function unsubscribe(this: Sub) {
    if (!this.a) return;
    this.a = false;
    this.x?.signal?.removeEventListener('abort', this.u);
    table.change(this, false, busy());
    if (this.k === '*') recheck();
    core.o?.(7, undefined, this);
  }
  const remember = (key: string | EventClass, event: unknown) => {
    for (const k of ancestors(key)) if (keep === true || keep.has(k)) lastValues.set(k, event);
  };
  /** Records a failure in the report, if any, and hands it to the handler's onError, else the bus's; a failing onError is only logged. */
  const fail = (sub: Sub | undefined, error: unknown, ctx: Context) => {
    const report = ctx.r;
    if (report) report.errors = [...report.errors, error];
    try {
      (sub?.x?.onError ?? onError)(error, ctx.e as never, ctx as never);
    } catch (secondary) {
      log(`onError failed too (${ctx.type}):`, secondary, error);
    }
  };

  /** The hot path (emit; no middleware, no observer): each handler isolated, nothing awaited, async failures still caught. */
  const fire = (subs: readonly Sub[], key: string | EventClass, event: unknown, parent: Context | undefined) => {
    const saved = current;
    current = undefined;
    lazyCore = core;
    lazyKey = key;
    lazyParent = parent;
    lazyEvent = event;
    try {
      // One try around the whole loop (cheaper than one per handler): a throw resumes after the failed handler.
      for (let i = 0; i < subs.length; i++) {
        try {
          for (; i < subs.length; i++) {
            const sub = subs[i] as Sub;
            if (sub.a) {
              const result = (sub.f ?? hot(sub))(event);
              if (result !== undefined && isThenable(result)) {
                const ctx = cause() as Context;
                ctx.timestamp;
                result.then(undefined, (error: unknown) => fail(sub, error, ctx));
              }
            }
          }
        } catch (error) {
          fail(subs[i], error, cause() as Context);
        }
      }
    } finally {
      current = saved;
      lazyCore = undefined;
    }
  };

  /** The end of a dispatch that has a report: observed, then the report. */
  const done = (ctx: Context, o: Core['o']) => {
    o?.(5, ctx);
    return ctx.r as Report;
  };

  /**
   * Every other dispatch: middleware from index `i` in order, synchronously until one returns a
   * promise (the rest then runs after it), then the handlers. Observed through `o`. Never throws.
   */
  const run = (ctx: Context, wait: boolean, o: Core['o'], i = 0): Report | Promise<Report> => {
    for (; i < middleware.length; i++) {
      const m = middleware[i] as Entry;
      const start = o && now();
      let value: unknown;
      try {
        value = invoke(m.f, ctx);
      } catch (error) {
        return decide(ctx, o, m, start, error, true) as Report;
      }
      if (isThenable(value)) {
        ctx.timestamp;
        return Promise.resolve(value).then(
          (v) => decide(ctx, o, m, start, v) ?? run(ctx, wait, o, i + 1),
          (error: unknown) => decide(ctx, o, m, start, error, true) as Report,
        );
      }
      const blocked = decide(ctx, o, m, start, value);
      if (blocked) return blocked;
    }
    if (sticky) remember(ctx.k, ctx.e);
    return deliver(ctx, table.route(ctx.k) ?? none, wait, o, 0);
  };

  /** Records a middleware's decision; the final report when it blocked (or threw). */
  const decide = (ctx: Context, o: Core['o'], m: Entry, start: number | false | undefined, value: unknown, threw?: boolean) => {
    const decision = threw ? 'threw' : value === ctx.e ? 'passed' : value == null ? 'blocked' : 'transformed';
    if (threw) fail(undefined, value, ctx);
    o?.(1, ctx, m.n, decision, start, value);
    if (!threw && decision !== 'blocked') {
      ctx.e = value;
      return;
    }
    (ctx.r as Report).blockedBy = m.n;
    return done(ctx, o);
  };

  /** Handlers from index `i`, each isolated; with `wait` (publish) an async one is awaited before the next. */
  const deliver = (ctx: Context, subs: readonly Sub[], wait: boolean, o: Core['o'], i: number): Report | Promise<Report> => {
    const report = ctx.r as Report;
    for (; i < subs.length; i++) {
      const sub = subs[i] as Sub;
      if (!sub.a) continue;
      if (sub.x?.once) sub.u();
      report.delivered++;
      const start = o && now();
      o?.(2, ctx, sub);
      try {
        const result = invoke(sub.h, ctx);
        if (isThenable(result)) {
          ctx.timestamp;
          const settled = Promise.resolve(result).then(
            () => o?.(4, ctx, sub, start),
            (error: unknown) => {
              fail(sub, error, ctx);
              o?.(4, ctx, sub, start, true, error);
            },
          );
          if (wait) {
            table.d++;
            return settled.then(() => {
              table.d--;
              return deliver(ctx, subs, wait, o, i + 1);
            });
          }
        } else o?.(3, ctx, sub, start);
      } catch (error) {
        fail(sub, error, ctx);
        o?.(3, ctx, sub, start, true, error);
      }
    }
    return done(ctx, o);
  };

  const core: Core = {
    id,
    o: undefined,
    w(observer) {
      core.o = observer;
      recheck();
    },
    s: table.all,
    d(target, payload, parent, wait) {
      let key = target as string | EventClass;
      let event = payload;
      if (typeof target !== 'string') {
        key = classOf(target);
        event = target;
      }
      const subs = table.route(key);
      const slow = wait || middleware.length || core.o;
      if (!slow && !(subs?.length && parent && parent.depth >= maxDepth)) {
        if (sticky) remember(key, event);
        if (subs?.length) fire(subs, key, event, parent);
        return;
      }
      const ctx = new Context(core, key, ++seq, parent, event);
      const o = core.o;
      ctx.r = { id: ctx.id, type: ctx.type, delivered: 0, errors: noErrors };
      if (ctx.depth > maxDepth) {
        const error = new EventStormError(ctx.type, ctx.depth, chainOf(ctx));
        o?.(8, ctx, error);
        if (!wait) throw error;
        fail(undefined, error, ctx);
        return Promise.resolve(ctx.r);
      }
      o?.(0, ctx, wait);
      const report = run(ctx, wait, o);
      if (wait) return Promise.resolve(report);
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
          `[hubbub] subscribe(key, handler, { priority }) expected string|class, function, number; got ${typeof key}, ${typeof handler}, ${String(priority)}`,
        );
      }
      if (signal?.aborted) return noop;
      const sub: Sub = {
        k: key,
        h: handler as never,
        f: undefined,
        p: priority,
        n: ++seq,
        x: opts as Sub['x'],
        a: true,
        u: noop,
      };
      sub.u = unsubscribe.bind(sub);
      table.change(sub, true, busy());
      if (key === '*') recheck();
      signal?.addEventListener('abort', sub.u);
      core.o?.(6, undefined, sub);
      return sub.u;
    },
    emit: ((target: unknown, payload?: unknown) => {
      const parent = cause();
      if (plain && !parent && typeof target === 'string') {
        const subs = table.l[target];
        if (subs?.length) fire(subs, target, payload, undefined);
        return;
      }
      core.d(target, payload, parent, false);
    }) as Emit<E>,
    publish: ((target: unknown, payload?: unknown) => publishFrom(core, target, payload, cause())) as Publish<E>,
    use(fn, opts) {
      if (typeof fn !== 'function') throw new TypeError(`[hubbub] use(middleware): expected a function; got ${typeof fn}`);
      const entry: Entry = { f: fn as never, n: opts?.name ?? (fn.name || 'middleware') };
      middleware = [...middleware, entry];
      recheck();
      return () => {
        middleware = middleware.filter((m) => m !== entry);
        recheck();
      };
    },
    last: (key: unknown) => lastValues.get(key) as never,
    [CORE]: core,
  };
};
