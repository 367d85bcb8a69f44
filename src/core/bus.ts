import type { Bus } from './bus-interface';
import { checkBusOptions, checkSubscribeOptions } from './bus-options-check';
import { DEV } from './dev';
import { emit, publish } from './dispatch';
import { logError } from './errors';
import { ancestors } from './event-type';
import { type BusCore, CORE, type MiddlewareEntry } from './internals';
import { createSubscriptionTable, type Subscription } from './subscriptions';
import type { BusOptions, Emit, EventClass, EventMap, Handler, Publish, SubscribeOptions, Unsubscribe } from './types';

export type { Bus };

const noop = () => {};

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
export const createBus = <E extends object = EventMap>(options: BusOptions<E> = {}): Bus<E> => {
  // process.env itself, not DEV: a bundler's define folds it before tree-shaking, which then drops the checks too.
  if (process.env.NODE_ENV !== 'production') checkBusOptions(options);
  const { name = 'bus', maxDepth = 32, onError = logError, sticky } = options;
  const id = `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const lastValues = new Map<unknown, unknown>();
  const keep = sticky === true || new Set<unknown>(sticky || []);
  let subscriptionCount = 0;

  const core: BusCore = {
    _id: id,
    _maxDepth: maxDepth,
    _onError: onError as BusCore['_onError'],
    _subscriptions: createSubscriptionTable(),
    _middleware: [],
    _observer: undefined,
    _handlersOnly: !sticky,
    _hotKey: '',
    _hotSequence: 0,
    _dispatchCount: 0,
    _remember: sticky
      ? (key: string | EventClass, event: unknown) => {
          for (const ancestor of ancestors(key)) if (keep === true || keep.has(ancestor)) lastValues.set(ancestor, event);
        }
      : undefined,
    _recheck: () => {
      core._handlersOnly = !sticky && !core._middleware.length && !core._observer;
    },
  };
  /** The unsubscribe function of a subscription, bound to it (a bound function is cheaper to make than a closure). */
  function unsubscribe(this: Subscription) {
    if (!this._active) return;
    this._active = false;
    this._options?.signal?.removeEventListener('abort', this._unsubscribe);
    core._subscriptions._remove(this);
    core._observer?._unsubscribed(this);
  }

  return {
    name,
    id,
    subscribe(key: string | EventClass, handler: Handler<never, E, never>, options?: SubscribeOptions<never, E>): Unsubscribe {
      // process.env itself (a bundler folds it, and the check goes), read only when options are given: it is slow in Node.
      if (options !== undefined && process.env.NODE_ENV !== 'production') checkSubscribeOptions(options);
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
        _key: key,
        _handler: handler as unknown as Subscription['_handler'],
        _priority: priority,
        _order: ++subscriptionCount,
        _options: options as Subscription['_options'],
        _once: !!options?.once,
        _wantsContext: undefined,
        _active: true,
        _unsubscribe: noop,
      };
      const remove = unsubscribe.bind(subscription);
      (subscription as { _unsubscribe: Unsubscribe })._unsubscribe = remove;
      core._subscriptions._add(subscription);
      signal?.addEventListener('abort', remove);
      core._observer?._subscribed(subscription);
      return remove;
    },
    emit: ((target: unknown, payload?: unknown) => emit(core, target, payload)) as Emit<E>,
    publish: ((target: unknown, payload?: unknown) => publish(core, target, payload)) as Publish<E>,
    use(middleware, options) {
      if (typeof middleware !== 'function') {
        throw new TypeError(DEV ? `[hubbub] use(middleware): expected a function; got ${typeof middleware}` : '[hubbub] use');
      }
      const entry: MiddlewareEntry = {
        _middleware: middleware as never,
        _name: options?.name ?? (middleware.name || 'middleware'),
        _active: true,
      };
      core._middleware = [...core._middleware, entry];
      core._recheck();
      return () => {
        if (!entry._active) return;
        entry._active = false;
        core._middleware = core._middleware.filter((other) => other !== entry);
        core._recheck();
      };
    },
    last: (key: unknown) => lastValues.get(key) as never,
    [CORE]: core,
  };
};
