import { ancestors, eventTypeOf } from './event-type';
import type { EventClass, SubscriptionInfo } from './types';

/** One subscription as the bus keeps it (short names: this object is on the hot path). */
export interface Sub {
  /** Key: a string, '*' or a class. */
  readonly k: string | EventClass;
  readonly h: (event: unknown, ctx: never) => unknown;
  /** Priority. */
  readonly p: number;
  /** Sequence number: ties in priority run in subscription order. */
  readonly n: number;
  readonly e: ((error: unknown, event: unknown, ctx: never) => void) | undefined;
  /** Once. */
  readonly o: boolean;
  readonly l: string | undefined;
  /** Still active. */
  a: boolean;
  readonly s: AbortSignal | undefined;
  /** The unsubscribe function (also the abort listener). */
  u: () => void;
  /** The info, made on first request. */
  x: SubscriptionInfo | undefined;
}

const byRunOrder = (a: Sub, b: Sub) => b.p - a.p || a.n - b.n;

/** What devtools and `bus.subscriptions()` see of a subscription (made once, then the same object). */
export const infoOf = (s: Sub): SubscriptionInfo => {
  s.x ??= {
    id: s.n,
    type: typeof s.k === 'string' ? s.k : eventTypeOf(s.k),
    isClass: typeof s.k !== 'string',
    label: s.l ?? (s.h.name || 'anonymous'),
    priority: s.p,
    once: s.o,
  };
  return s.x;
};

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
  const listOf = (key: string | EventClass) => (typeof key === 'string' ? lists[key] : classes.get(key));

  const table = {
    /** String-key lists ('*' included). */
    l: lists,
    /** The '*' list, if any. */
    s: undefined as Sub[] | undefined,
    /** How many dispatches of this bus are iterating lists right now (changes then copy). */
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
     * Adds (`add`) or removes a subscription: in place when no dispatch of this bus is iterating
     * (the common case: subscribing and unsubscribing between events), else on a copy, so a
     * dispatch never sees the list it iterates change.
     */
    change(sub: Sub, add: boolean) {
      const key = sub.k;
      let list = listOf(key) ?? [];
      if (table.d) list = list.slice();
      if (add) {
        let i = list.push(sub) - 1;
        for (; i && (list[i - 1] as Sub).p < sub.p; i--) list[i] = list[i - 1] as Sub;
        list[i] = sub;
      } else {
        for (let i = list.indexOf(sub); ++i < list.length; ) list[i - 1] = list[i] as Sub;
        list.pop();
      }
      const has = list.length > 0;
      if (typeof key !== 'string') {
        if (has) classes.set(key, list);
        else classes.delete(key);
      } else if (has) lists[key] = list;
      else delete lists[key];
      if (key === '*') table.s = has ? list : undefined;
      if (typeof key === 'string' && key !== '*') routes.delete(key);
      else routes.clear();
    },
    list: (): SubscriptionInfo[] => [...Object.values(lists), ...classes.values()].flat().map((s) => infoOf(s as Sub)),
  };
  return table;
};
