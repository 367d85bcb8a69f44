import type { Context } from './context';
import { EMPTY } from './empty';
import { ancestors } from './event-type';
import type { BusCore } from './internals';
import type { EventClass, SubscribeOptions } from './types';

/** One subscription as the bus keeps it. */
export interface Subscription {
  /** A string key, `'*'`, or a class. */
  readonly _key: string | EventClass;
  readonly _handler: (event: unknown, ctx: Context | undefined) => unknown;
  readonly _priority: number;
  /** Subscription order within its bus: ties in priority run in this order. */
  readonly _order: number;
  /** The options as given (onError, label, signal). */
  readonly _options: SubscribeOptions<never, never> | undefined;
  readonly _once: boolean;
  /** Declares a context parameter (or rest parameters): a hot-path emit makes the context only for such handlers. */
  readonly _wantsContext: boolean;
  /** False once removed: a dispatch that started before still holds it, and skips it. */
  _active: boolean;
  /** Removes it (also the abort listener of its signal). */
  readonly _unsubscribe: () => void;
  /** The bus it belongs to. */
  readonly _core: BusCore;
}

/** The list of a key nobody subscribes to (shared, so emptying a key allocates nothing). */
const NONE: readonly Subscription[] = EMPTY;
/** Emptied keys keep their (empty) list for the next subscriber; this many emptied keys trigger a sweep, so dynamic keys cannot grow the table forever. */
const SWEEP_AFTER_EMPTIED_KEYS = 1000;
/** Cached routes are dropped all at once past this many keys, so dynamic keys cannot grow the cache forever. */
const MAX_CACHED_ROUTES = 10_000;

const byRunOrder = (first: Subscription, second: Subscription) => second._priority - first._priority || first._order - second._order;

/** A fast-mode object with no prototype (`Object.create(null)` would start in slow dictionary mode). */
function Dictionary() {}
Dictionary.prototype = Object.create(null);
const newDictionary = <T>() => new (Dictionary as unknown as new () => Record<string, T | undefined>)();

/**
 * Whether a string key is a pattern: one of its `/`-separated segments is `*` (exactly one
 * segment) or `**` (one or more). `'*'` alone is not a pattern but every event.
 *
 * @example
 * isPattern('cart/*') // true; isPattern('cart/added') // false; isPattern('*') // false
 */
export const isPattern = (key: string): boolean => key !== '*' && /(^|\/)\*\*?(\/|$)/.test(key);

/** The RegExp a pattern stands for: `*` is one segment, `**` one or more; everything else literal. */
const matcherOf = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('/')
      .map((segment) => (segment === '**' ? '.+' : segment === '*' ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

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
  const byKey = newDictionary<readonly Subscription[]>();
  const byClass = new Map<EventClass, readonly Subscription[]>();
  /** Patterns with subscribers, and what each matches. */
  const patterns = new Map<string, RegExp>();
  /** Merged run orders of string keys (while `'*'` or a pattern has subscribers) and of classes, until a list they use changes. */
  let stringRoutes = newDictionary<readonly Subscription[]>();
  let cachedRoutes = 0;
  const classRoutes = new Map<EventClass, readonly Subscription[]>();
  /** `'*'` or a pattern has subscribers: a string key's route is a merge, not its own list. */
  let merging = false;
  let emptiedKeys = 0;

  const listOf = (key: string | EventClass) => (typeof key === 'string' ? byKey[key] : byClass.get(key)) ?? NONE;

  const forgetRoutes = () => {
    stringRoutes = newDictionary();
    cachedRoutes = 0;
    classRoutes.clear();
  };

  const replace = (key: string | EventClass, list: readonly Subscription[]) => {
    if (typeof key !== 'string') {
      if (list.length) byClass.set(key, list);
      else byClass.delete(key);
      classRoutes.clear();
      return;
    }
    byKey[key] = list.length ? list : NONE;
    if (!list.length && ++emptiedKeys >= SWEEP_AFTER_EMPTIED_KEYS) {
      emptiedKeys = 0;
      for (const name in byKey) if (!byKey[name]?.length) delete byKey[name];
    }
    if (key === '*' || isPattern(key)) {
      if (key !== '*') {
        if (list.length) patterns.set(key, patterns.get(key) ?? matcherOf(key));
        else patterns.delete(key);
      }
      merging = patterns.size > 0 || !!byKey['*']?.length;
      forgetRoutes();
    } else if (cachedRoutes && stringRoutes[key]) {
      stringRoutes[key] = undefined;
    }
  };

  const merge = (lists: (readonly Subscription[])[]): readonly Subscription[] => lists.flat().sort(byRunOrder);

  const stringRoute = (key: string): readonly Subscription[] => {
    if (++cachedRoutes > MAX_CACHED_ROUTES) forgetRoutes();
    const lists = [listOf(key), listOf('*')];
    for (const [pattern, matcher] of patterns) if (matcher.test(key)) lists.push(listOf(pattern));
    const route = merge(lists);
    stringRoutes[key] = route;
    return route;
  };

  return {
    /**
     * The subscriptions an event of `key` reaches, in run order: its own, its ancestor classes'
     * (for a class), the matching patterns' (for a string key) and `'*'`'s. Cached per key.
     */
    _route(key: string | EventClass): readonly Subscription[] {
      if (typeof key === 'string') {
        if (!merging || key === '*') return byKey[key] ?? NONE;
        return stringRoutes[key] ?? stringRoute(key);
      }
      let route = classRoutes.get(key);
      if (!route) {
        route = merge([...ancestors(key).map(listOf), listOf('*')]);
        classRoutes.set(key, route);
      }
      return route;
    },
    /** A new list with `subscription` after every other of its priority or higher (copied with a plain loop: the fastest copy in V8). */
    _add(subscription: Subscription) {
      const list = listOf(subscription._key);
      if (!list.length) return replace(subscription._key, [subscription]);
      const next: Subscription[] = [];
      let placed = false;
      for (const other of list) {
        if (!placed && other._priority < subscription._priority) {
          next.push(subscription);
          placed = true;
        }
        next.push(other);
      }
      if (!placed) next.push(subscription);
      replace(subscription._key, next);
    },
    /** A new list without `subscription`. */
    _remove(subscription: Subscription) {
      const list = listOf(subscription._key);
      if (list.length === 1) return replace(subscription._key, NONE);
      const next: Subscription[] = [];
      for (const other of list) if (other !== subscription) next.push(other);
      replace(subscription._key, next);
    },
    /** Every active subscription, key by key, each in run order. */
    _all: (): Subscription[] => [...Object.values(byKey), ...byClass.values()].flat() as Subscription[],
  };
};

/** See {@link createSubscriptionTable}. */
export type SubscriptionTable = ReturnType<typeof createSubscriptionTable>;
