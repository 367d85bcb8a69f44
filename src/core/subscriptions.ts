import { ancestors } from './event-type';
import type { EventClass, SubscribeOptions } from './types';

/** One subscription as the bus keeps it (short names: this object is on the hot path). */
export interface Sub {
  /** Key: a string, '*' or a class. */
  readonly k: string | EventClass;
  readonly h: (event: unknown, ctx: never) => unknown;
  /**
   * What the hot path calls with the event: the handler itself when it takes the event alone,
   * else a wrapper that unsubscribes first (once) and passes the context (made on demand).
   */
  f: ((event: unknown) => unknown) | undefined;
  /** Priority. */
  readonly p: number;
  /** Sequence number: ties in priority run in subscription order. */
  readonly n: number;
  /** The options as given (onError, once, label). */
  readonly x: SubscribeOptions<never, never> | undefined;
  /** Still active. */
  a: boolean;
  /** The unsubscribe function (also the abort listener). */
  u: () => void;
}

const byRunOrder = (a: Sub, b: Sub) => b.p - a.p || a.n - b.n;

/** A fast-mode object with no prototype (Object.create(null) would start in slow dictionary mode). */
function Dict() {}
Dict.prototype = Object.create(null);

/**
 * Subscriptions per key, each list in run order, and the merged run order per dispatched key
 * (class chain, or string key when there are '*' subscribers, plus '*'), cached until a
 * subscription it depends on changes. Without '*' subscribers a string key's own list is its
 * route: one keyed load on the hot path, no merge, no cache entry.
 */
export const createTable = () => {
  const lists = new (Dict as unknown as new () => Record<string, Sub[] | undefined>)();
  const classes = new Map<EventClass, Sub[]>();
  const routes = new Map<string | EventClass, Sub[]>();
  /**
   * Keys emptied since the last sweep: an emptied key keeps its (empty) list, for the next
   * subscriber, because deleting a property costs more than a subscribe. Swept once enough pile
   * up, so dynamic keys cannot grow the table forever.
   */
  let emptied = 0;
  const listOf = (key: string | EventClass) => (typeof key === 'string' ? lists[key] : classes.get(key));

  const table = {
    /** String-key lists ('*' included). */
    l: lists,
    /** The '*' list, if any. */
    s: undefined as Sub[] | undefined,
    /** How many dispatches of this bus wait (on an async handler) in the middle of a list. */
    d: 0,
    /** The subscriptions an event of `key` reaches, in run order (undefined or empty: none). */
    route(key: string | EventClass): readonly Sub[] | undefined {
      if (typeof key === 'string' && !table.s) return lists[key];
      let subs = routes.get(key);
      if (!subs) {
        subs = [];
        for (const k of ancestors(key)) subs = subs.concat(listOf(k) ?? []);
        if (key !== '*') subs = subs.concat(table.s ?? []).sort(byRunOrder);
        routes.set(key, subs);
      }
      return subs;
    },
    /**
     * Adds (`add`) or removes a subscription: in place when no dispatch is iterating (the common
     * case), else (`busy`) on a copy, so a dispatch never sees the list it iterates change.
     */
    change(sub: Sub, add: boolean, busy: boolean) {
      const key = sub.k;
      const old = listOf(key);
      let list = old ?? [];
      if (busy) list = list.slice();
      let i = list.length;
      if (add) {
        for (; i && (list[i - 1] as Sub).p < sub.p; i--) list[i] = list[i - 1] as Sub;
        list[i] = sub;
      } else {
        while (i-- && list[i] !== sub);
        for (; ++i < list.length; ) list[i - 1] = list[i] as Sub;
        list.pop();
      }
      const has = list.length > 0;
      if (list !== old || !has) {
        if (typeof key !== 'string') {
          if (has) classes.set(key, list);
          else classes.delete(key);
        } else {
          lists[key] = list;
          if (!has && ++emptied > 999) {
            emptied = 0;
            for (const k in lists) if (!lists[k]?.length) delete lists[k];
          }
        }
      }
      if (key === '*') table.s = has ? list : undefined;
      if (routes.size) typeof key === 'string' && key !== '*' ? routes.delete(key) : routes.clear();
    },
    /** Every active subscription. */
    all: (): Sub[] => [...Object.values(lists), ...classes.values()].flat() as Sub[],
  };
  return table;
};
