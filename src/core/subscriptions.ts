import type { Context } from './context';
import { EMPTY } from './empty';
import { ancestors } from './event-type';
import { isPattern, matcherOf } from './patterns';
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
  /**
   * Whether the handler declares a context parameter (or rest parameters): a hot-path dispatch
   * makes the context only for such handlers. Read from `handler.length` at its first hot-path call
   * (a slow property to read at every subscribe).
   */
  _wantsContext: boolean | undefined;
  /** False once removed: a dispatch that started before still holds it, and skips it. */
  _active: boolean;
  /** Removes it (also the abort listener of its signal). */
  readonly _unsubscribe: () => void;
}

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
 * The subscriptions of a bus, per key, each list in run order. While a dispatch iterates a list
 * (the engine counts them in `_iterating`), a change copies the list instead of editing it, so
 * what a dispatch iterates never shifts under it (mitt's snapshot, paid only when a change meets
 * a running dispatch); otherwise lists are edited in place, which costs no allocation.
 *
 * @example
 * const table = createSubscriptionTable()
 * table._add(subscription); table._route('cart/added') // [subscription]
 */
export const createSubscriptionTable = () => {
  const byKey = newDictionary<Subscription[]>();
  const byClass = new Map<EventClass, Subscription[]>();
  /**
   * Pattern lists, apart from `byKey`: dozens of patterns must not turn every read of `byKey`
   * into a slow many-shapes read (each property of a fast-mode object is another hidden class).
   */
  const byPattern = new Map<string, Subscription[]>();
  /** What each pattern with subscribers matches. */
  const patterns = new Map<string, RegExp>();
  /**
   * Merged run orders of string keys (while `'*'` or a pattern has subscribers) and of classes, until
   * a list they use changes. Classes weakly: a class the app lets go of (a test's, a module's before
   * a hot reload) must not stay for the bus's life.
   */
  let stringRoutes = newDictionary<readonly Subscription[]>();
  let cachedRoutes = 0;
  let classRoutes = new WeakMap<EventClass, readonly Subscription[]>();
  let emptiedKeys = 0;

  /** A key's list: a pattern's is never in `byKey`, nor an exact key's in `byPattern`. */
  const listOf = (key: string | EventClass): readonly Subscription[] =>
    (typeof key !== 'string' ? byClass.get(key) : (byKey[key] ?? byPattern.get(key))) ?? EMPTY;

  const forgetRoutes = () => {
    stringRoutes = newDictionary();
    cachedRoutes = 0;
    classRoutes = new WeakMap();
  };

  /** Stores a key's changed list (the same array after an edit in place, a new one after a copy) and drops the routes it was part of. */
  const replace = (key: string | EventClass, list: Subscription[]) => {
    if (typeof key !== 'string') {
      if (list.length) byClass.set(key, list);
      else byClass.delete(key);
      forgetRoutes();
      return;
    }
    // A key already in byKey is exact: the pattern test (a string search) runs once per new key.
    const patterned = byKey[key] === undefined && isPattern(key);
    if (patterned) {
      if (list.length) {
        byPattern.set(key, list);
        patterns.set(key, patterns.get(key) ?? matcherOf(key));
      } else {
        byPattern.delete(key);
        patterns.delete(key);
      }
    } else {
      // After an edit in place the list is already there: storing it again would cost a keyed write.
      if (byKey[key] !== list) byKey[key] = list;
      if (!list.length && ++emptiedKeys >= SWEEP_AFTER_EMPTIED_KEYS) {
        emptiedKeys = 0;
        for (const name in byKey) if (!byKey[name]?.length) delete byKey[name];
      }
    }
    if (key === '*' || patterned) {
      table._merging = patterns.size > 0 || !!byKey['*']?.length;
      forgetRoutes();
    } else if (cachedRoutes && stringRoutes[key]) {
      stringRoutes[key] = undefined;
    }
  };

  const merge = (lists: (readonly Subscription[])[]): readonly Subscription[] => lists.flat().sort(byRunOrder);

  const stringRoute = (key: string): readonly Subscription[] => {
    if (++cachedRoutes > MAX_CACHED_ROUTES) forgetRoutes();
    // Its own list is its exact key's only: an event named like a pattern reaches that pattern's subscribers once, by the match.
    const lists = [byKey[key] ?? EMPTY, listOf('*')];
    for (const [pattern, matcher] of patterns) if (matcher.test(key)) lists.push(listOf(pattern));
    const route = merge(lists);
    stringRoutes[key] = route;
    return route;
  };

  /**
   * `list` itself to edit in place, or a copy while a dispatch iterates (the shared empty list is
   * never edited). `concat()` makes every list an array of objects from the start, of the same
   * kind as the merged routes: `slice()` of the empty list made one of small integers, whose first
   * push changed its kind and left later pushes a call; a spread copy is of another kind than the
   * routes, which slowed the emit loop of a bus that has patterns beside one that has none.
   */
  const writable = (list: readonly Subscription[]): Subscription[] =>
    table._iterating === 0 && list !== EMPTY ? (list as Subscription[]) : list.concat();

  const table = {
    /**
     * The subscriptions an event of `key` reaches, in run order: its own, its ancestor classes'
     * (for a class), the matching patterns' (for a string key) and `'*'`'s. Cached per key.
     */
    _route(key: string | EventClass): readonly Subscription[] {
      if (typeof key === 'string') {
        if (!table._merging || key === '*') return byKey[key] ?? EMPTY;
        return stringRoutes[key] ?? stringRoute(key);
      }
      let route = classRoutes.get(key);
      if (!route) {
        route = merge([...ancestors(key).map(listOf), listOf('*')]);
        classRoutes.set(key, route);
      }
      return route;
    },
    /** Dispatches iterating a list of this table right now: counted by the engine around each loop over a route. */
    _iterating: 0,
    /** `'*'` or a pattern has subscribers: a string key's route is a merge, not its own list. */
    _merging: false,
    /** Exact string keys' lists: while nothing merges, a key's list is its route (the hot path reads it here, without a call). */
    _byKey: byKey as Readonly<Record<string, readonly Subscription[] | undefined>>,
    /** Puts `subscription` after every other of its priority or higher. */
    _add(subscription: Subscription) {
      const list = listOf(subscription._key);
      let index = list.length;
      while (index > 0 && (list[index - 1] as Subscription)._priority < subscription._priority) index--;
      const next = writable(list);
      if (index === next.length) next.push(subscription);
      else next.splice(index, 0, subscription);
      replace(subscription._key, next);
    },
    _remove(subscription: Subscription) {
      const list = listOf(subscription._key);
      // From the end: the latest subscriber is the likeliest to leave, and this loop is compiled inline where indexOf is a call.
      let index = list.length - 1;
      while (index >= 0 && list[index] !== subscription) index--;
      if (index < 0) return;
      const next = writable(list);
      if (index === next.length - 1) next.pop();
      else next.splice(index, 1);
      replace(subscription._key, next);
    },
    /** Patterns' and classes' lists, beside `_byKey` (for `subscriptionsOf`, which lists them all). */
    _byPattern: byPattern as ReadonlyMap<string, readonly Subscription[]>,
    _byClass: byClass as ReadonlyMap<EventClass, readonly Subscription[]>,
  };
  return table;
};

/** See {@link createSubscriptionTable}. */
export type SubscriptionTable = ReturnType<typeof createSubscriptionTable>;
