import type { Context } from './context';
import { ancestors } from './event-type';
import type { BusCore } from './internals';
import type { EventClass, SubscribeOptions } from './types';

/** One subscription as the bus keeps it. */
export interface Subscription {
  /** A string key, `'*'`, or a class. */
  readonly key: string | EventClass;
  readonly handler: (event: unknown, ctx: Context | undefined) => unknown;
  readonly priority: number;
  /** Subscription order within its bus: ties in priority run in this order. */
  readonly order: number;
  /** The options as given (onError, label, signal). */
  readonly options: SubscribeOptions<never, never> | undefined;
  readonly once: boolean;
  /** Declares a context parameter (or rest parameters): a hot-path emit makes the context only for such handlers. */
  readonly wantsContext: boolean;
  /** False once removed: a dispatch that started before still holds it, and skips it. */
  active: boolean;
  /** Removes it (also the abort listener of its signal). */
  readonly unsubscribe: () => void;
  /** The bus it belongs to. */
  readonly core: BusCore;
}

/** The list of a key nobody subscribes to (shared, so emptying a key allocates nothing). */
const NONE: readonly Subscription[] = Object.freeze([]);
/** Emptied keys keep their (empty) list for the next subscriber; this many emptied keys trigger a sweep, so dynamic keys cannot grow the table forever. */
const SWEEP_AFTER_EMPTIED_KEYS = 1000;

const byRunOrder = (first: Subscription, second: Subscription) => second.priority - first.priority || first.order - second.order;

/** A fast-mode object with no prototype (`Object.create(null)` would start in slow dictionary mode). */
function Dictionary() {}
Dictionary.prototype = Object.create(null);

/**
 * The subscriptions of a bus, per key, each list in run order. Every list is copied on change,
 * never edited in place: a dispatch iterates the list it read when it started, so subscribing
 * or unsubscribing during a dispatch can never shift what it iterates (mitt's snapshot, paid at
 * subscribe time instead of at every emit).
 *
 * @example
 * const table = createSubscriptionTable()
 * table.add(subscription); table.route('cart/added') // [subscription]
 */
export const createSubscriptionTable = () => {
  const byKey = new (Dictionary as unknown as new () => Record<string, readonly Subscription[] | undefined>)();
  const byClass = new Map<EventClass, readonly Subscription[]>();
  /** Merged run orders (class chains, and string keys while `'*'` has subscribers), until a list they use changes. */
  const routes = new Map<string | EventClass, readonly Subscription[]>();
  let emptiedKeys = 0;

  const listOf = (key: string | EventClass) => (typeof key === 'string' ? byKey[key] : byClass.get(key)) ?? NONE;

  const replace = (key: string | EventClass, list: readonly Subscription[]) => {
    if (typeof key !== 'string') {
      if (list.length) byClass.set(key, list);
      else byClass.delete(key);
      routes.clear();
      return;
    }
    byKey[key] = list.length ? list : NONE;
    if (!list.length && ++emptiedKeys >= SWEEP_AFTER_EMPTIED_KEYS) {
      emptiedKeys = 0;
      for (const name in byKey) if (!byKey[name]?.length) delete byKey[name];
    }
    if (!routes.size) return;
    if (key === '*') routes.clear();
    else routes.delete(key);
  };

  return {
    /** String-key lists (`'*'` included): the hot path reads its route here when `'*'` has no subscribers. */
    byKey,
    hasWildcard: (): boolean => !!byKey['*']?.length,
    /** The subscriptions an event of `key` reaches, in run order: its own, its ancestor classes' and `'*'`'s. */
    route(key: string | EventClass): readonly Subscription[] {
      if (typeof key === 'string' && (key === '*' || !byKey['*']?.length)) return byKey[key] ?? NONE;
      let route = routes.get(key);
      if (!route) {
        route = ancestors(key).flatMap(listOf).concat(listOf('*')).sort(byRunOrder);
        routes.set(key, route);
      }
      return route;
    },
    /** A new list with `subscription` after every other of its priority or higher (copied with a plain loop: the fastest copy in V8). */
    add(subscription: Subscription) {
      const list = listOf(subscription.key);
      if (!list.length) return replace(subscription.key, [subscription]);
      const next: Subscription[] = [];
      let placed = false;
      for (const other of list) {
        if (!placed && other.priority < subscription.priority) {
          next.push(subscription);
          placed = true;
        }
        next.push(other);
      }
      if (!placed) next.push(subscription);
      replace(subscription.key, next);
    },
    /** A new list without `subscription`. */
    remove(subscription: Subscription) {
      const list = listOf(subscription.key);
      if (list.length === 1) return replace(subscription.key, NONE);
      const next: Subscription[] = [];
      for (const other of list) if (other !== subscription) next.push(other);
      replace(subscription.key, next);
    },
    /** Every active subscription, key by key, each in run order. */
    all: (): Subscription[] => [...Object.values(byKey), ...byClass.values()].flat() as Subscription[],
  };
};

/** See {@link createSubscriptionTable}. */
export type SubscriptionTable = ReturnType<typeof createSubscriptionTable>;
