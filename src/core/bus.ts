import type { Bus } from './bus-interface';
import { PendingDispatch } from './context';
import { DEV } from './dev';
import { causeNow, dispatch } from './dispatch';
import { logError } from './errors';
import { ancestors } from './event-type';
import { type BusCore, CORE, type MiddlewareEntry } from './internals';
import { createSubscriptionTable, type Subscription } from './subscriptions';
import type { BusOptions, Emit, EventClass, EventMap, Handler, Publish, PublishReport, SubscribeOptions, Unsubscribe } from './types';

export type { Bus };

const noop = () => {};

/** The unsubscribe function of a subscription, bound to it (a bound function is cheaper to make than a closure). */
function unsubscribe(this: Subscription) {
  if (!this.active) return;
  this.active = false;
  this.options?.signal?.removeEventListener('abort', this.unsubscribe);
  this.core.subscriptions.remove(this);
  this.core.observer?.unsubscribed(this);
}

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
  const lastValues = new Map<unknown, unknown>();
  const keep = sticky === true || new Set<unknown>(sticky || []);
  let subscriptionCount = 0;

  const core: BusCore = {
    id,
    maxDepth,
    onError: onError as BusCore['onError'],
    subscriptions: createSubscriptionTable(),
    middleware: [],
    observer: undefined,
    handlersOnly: !sticky,
    pending: undefined as unknown as PendingDispatch,
    dispatchCount: 0,
    idPrefix: '',
    idHundreds: -1,
    remember: sticky
      ? (key: string | EventClass, event: unknown) => {
          for (const ancestor of ancestors(key)) if (keep === true || keep.has(ancestor)) lastValues.set(ancestor, event);
        }
      : undefined,
    recheck: () => {
      core.handlersOnly = !sticky && !core.middleware.length && !core.observer;
    },
    dispatch: (target, payload, parent, awaitEach) => dispatch(core, target, payload, parent, awaitEach),
    publish: (target, payload, parent) => {
      try {
        return dispatch(core, target, payload, parent, true) as Promise<PublishReport>;
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
  (core as { pending: PendingDispatch }).pending = new PendingDispatch(core);

  return {
    name,
    id,
    subscribe(key: string | EventClass, handler: Handler<never, E, never>, options?: SubscribeOptions<never, E>): Unsubscribe {
      const priority = options?.priority ?? 0;
      const signal = options?.signal;
      if (typeof handler !== 'function' || (typeof key !== 'string' && typeof key !== 'function') || priority !== +priority) {
        throw new TypeError(
          DEV
            ? `[hubbub] subscribe(key, handler, { priority }) expected string|class, function, number; got ${typeof key}, ${typeof handler}, ${String(priority)}`
            : '[hubbub] subscribe',
        );
      }
      if (signal?.aborted) return noop;
      const subscription: Subscription = {
        key,
        handler: handler as unknown as Subscription['handler'],
        priority,
        order: ++subscriptionCount,
        options: options as Subscription['options'],
        once: !!options?.once,
        wantsContext: handler.length !== 1,
        active: true,
        unsubscribe: noop,
        core,
      };
      const remove = unsubscribe.bind(subscription);
      (subscription as { unsubscribe: Unsubscribe }).unsubscribe = remove;
      core.subscriptions.add(subscription);
      signal?.addEventListener('abort', remove);
      core.observer?.subscribed(subscription);
      return remove;
    },
    emit: ((target: unknown, payload?: unknown) => {
      dispatch(core, target, payload, causeNow(), false);
    }) as Emit<E>,
    publish: ((target: unknown, payload?: unknown) => core.publish(target, payload, causeNow())) as Publish<E>,
    use(middleware, options) {
      if (typeof middleware !== 'function') {
        throw new TypeError(DEV ? `[hubbub] use(middleware): expected a function; got ${typeof middleware}` : '[hubbub] use');
      }
      const entry: MiddlewareEntry = {
        middleware: middleware as never,
        name: options?.name ?? (middleware.name || 'middleware'),
        active: true,
      };
      core.middleware = [...core.middleware, entry];
      core.recheck();
      return () => {
        if (!entry.active) return;
        entry.active = false;
        core.middleware = core.middleware.filter((other) => other !== entry);
        core.recheck();
      };
    },
    last: (key: unknown) => lastValues.get(key) as never,
    [CORE]: core,
  };
};
