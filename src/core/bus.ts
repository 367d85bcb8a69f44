import type { Bus } from './bus-interface';
import { Context, type Core, chainOf, metaOf, publishFrom, type Report } from './context';
import { EventStormError, log, logError } from './errors';
import { ancestors, classOf } from './event-type';
import { type Inspector, type MiddlewareDecision, NOTIFY, type Observation } from './inspect';
import { createTable, infoOf, type Sub } from './subscriptions';
import type { BusOptions, Emit, EventClass, EventMap, Handler, Publish, PublishReport, SubscribeOptions, Unsubscribe } from './types';

export type { Bus };

type Out = PublishReport | Promise<PublishReport>;
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
    for (const k of ancestors(key)) if (keep === true || keep.has(k)) lastValues.set(k, event);
  };
  /** Records a failure in the report, if any, and hands it to the handler's onError, else the bus's; a failing onError is only logged. */
  const fail = (handler: Sub['e'], error: unknown, ctx: Context) => {
    ctx.r?.errors.push(error);
    try {
      (handler ?? onError)(error, ctx.e, ctx as never);
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

  /** A handler run ended: a failure is recorded and handed on; when observed (`start` is a time), the end is observed. */
  const end = (sub: Sub, ctx: Context, start: number | false, async: boolean, failed: boolean, error?: unknown) => {
    if (failed) fail(sub.e, error, ctx);
    if (start !== false) {
      const duration = now() - start;
      notify({ kind: 'handler-end', eventId: ctx.id, subscription: infoOf(sub), duration, async, outcome: failed ? 'error' : 'ok', error });
    }
  };

  /**
   * Runs handlers from index `i` in order, each isolated. With `ctx.w` (publish), when one returns
   * a promise the rest run after it settles (the returned promise); else nothing is awaited and
   * async failures are still caught. With `ctx.v`, each run is observed (start, end, duration).
   */
  const deliver = (subs: readonly Sub[], ctx: Context, i = 0): Promise<void> | undefined => {
    const { e: event, r: report, v: seen } = ctx;
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
        const start = seen && now();
        if (seen) notify({ kind: 'handler-start', eventId: ctx.id, subscription: infoOf(sub) });
        try {
          const handler = sub.h;
          const result = handler(event, ctx as never);
          if (isThenable(result)) {
            ctx.timestamp;
            const next = i + 1;
            const settled = Promise.resolve(result).then(
              () => end(sub, ctx, start, true, false),
              (error: unknown) => end(sub, ctx, start, true, true, error),
            );
            if (ctx.w) {
              held = true;
              return settled.then(() => deliver(subs, ctx, next)).finally(() => table.d--);
            }
          } else if (seen) end(sub, ctx, start, false, false);
        } catch (error) {
          end(sub, ctx, start, false, true, error);
        }
      }
    } finally {
      current = saved;
      if (!held) table.d--;
    }
  };

  /** Records one middleware's decision (observed when `start` is a time); false when it blocked or threw. */
  const decide = (m: Entry, value: unknown, threw: boolean, ctx: Context, start: number | false) => {
    const decision: MiddlewareDecision = threw ? 'threw' : value === ctx.e ? 'passed' : value == null ? 'blocked' : 'transformed';
    if (threw) fail(undefined, value, ctx);
    if (start !== false) {
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
    if (threw || decision === 'blocked') {
      (ctx.r as Report).blockedBy = m.n;
      return false;
    }
    ctx.e = value;
    return true;
  };

  const dispatched = (ctx: Context) => {
    if (ctx.v) notify({ kind: 'dispatched', report: ctx.r as Report });
    return ctx.r;
  };

  /**
   * Every dispatch after its context: inspection, then middleware from index `i` in order
   * (synchronously until one returns a promise), then handlers; `ctx.w` (publish) awaits each step.
   */
  const run = (ctx: Context, i = 0): Out | undefined => {
    if (!i && ctx.v) notify({ kind: 'event', via: ctx.w ? 'publish' : 'emit', meta: metaOf(ctx), event: ctx.e });
    for (; i < hooks.m.length; i++) {
      const m = hooks.m[i] as Entry;
      const start = ctx.v && now();
      let value: unknown;
      try {
        value = invoke(m.f, ctx.e, ctx);
      } catch (error) {
        decide(m, error, true, ctx, start);
        break;
      }
      if (isThenable(value)) {
        ctx.timestamp;
        const next = i + 1;
        return Promise.resolve(value).then(
          (v) => (decide(m, v, false, ctx, start) ? run(ctx, next) : dispatched(ctx)),
          (error: unknown) => {
            decide(m, error, true, ctx, start);
            return dispatched(ctx);
          },
        ) as Promise<PublishReport>;
      }
      if (!decide(m, value, false, ctx, start)) break;
    }
    return (ctx.r as Report).blockedBy === undefined ? handlers(ctx) : dispatched(ctx);
  };

  /** Delivers to `subs` (default: the key's route now), then reports the dispatch. */
  const handlers = (ctx: Context, subs = table.route(ctx.k)): Out | undefined => {
    if (sticky) remember(ctx.k, ctx.e);
    const pending = deliver(subs ?? none, ctx);
    return pending ? (pending.then(() => dispatched(ctx)) as Promise<PublishReport>) : dispatched(ctx);
  };

  const core: Core = {
    id,
    /**
     * Every dispatch, with an explicit cause. An emit that reaches no handler, middleware or
     * inspector makes no context and stays small enough to inline; `wait` (publish) returns the report's promise.
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
      if (wait || slow || subs?.length) return dispatch(key, event, subs, parent, wait);
      if (sticky) remember(key, event);
    },
  };

  /** A dispatch that has handlers, middleware or inspectors (or is a publish): kept apart so the no-handler check above stays small enough to inline. */
  const dispatch = (
    key: string | EventClass,
    event: unknown,
    subs: readonly Sub[] | undefined,
    parent: Context | undefined,
    wait: boolean,
  ) => {
    const ctx = new Context(core, key, ++seq, parent, event, wait, hooks.i.length > 0);
    if (wait || slow) ctx.r = { id: ctx.id, type: ctx.type, delivered: 0, errors: [] };
    if (ctx.depth > maxDepth) {
      const error = new EventStormError(ctx.type, ctx.depth, chainOf(ctx));
      notify({ kind: 'storm', error, meta: metaOf(ctx) });
      if (!wait) throw error;
      fail(undefined, error, ctx);
      return Promise.resolve(ctx.r);
    }
    // No middleware, no inspector: straight to the handlers found above.
    const done = slow ? run(ctx) : handlers(ctx, subs);
    if (wait) return Promise.resolve(done);
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
      if (typeof fn !== 'function') throw new TypeError(`[hubbub] use(middleware): expected a function; got ${typeof fn}`);
      return attach('m', { f: fn as never, n: opts?.name ?? (fn.name || 'middleware') });
    },
    last: (key: unknown) => lastValues.get(key) as never,
    inspect: (inspector) => attach('i', inspector),
    subscriptions: table.list,
    [NOTIFY]: notify,
  };
};
