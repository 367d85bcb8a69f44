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

/**
 * Subscriptions per key, each list in run order, and the merged run order per dispatched key
 * (exact key or class chain, plus '*'), cached until a subscription it depends on changes. Lists
 * are replaced, never mutated, so a dispatch iterating one is unaffected by changes during it.
 * Without '*' subscribers a string key's own list is its route: no merge, no cache entry.
 */
/** A fast-mode object with no prototype (Object.create(null) would start in slow dictionary mode). */
function Dict() {}
Dict.prototype = Object.create(null);
const dict = <T>(): Record<string, T | undefined> => new (Dict as unknown as new () => Record<string, T | undefined>)();

export const createTable = () => {
  /** String keys ('*' included) in a null-prototype object: keyed loads beat Map.get on the hot path. */
  const lists = dict<Sub[]>();
  const classes = new Map<EventClass, Sub[]>();
  let routes = dict<Sub[]>();
  const classRoutes = new Map<EventClass, Sub[]>();
  let star: Sub[] | undefined;

  const listOf = (key: string | EventClass) => (typeof key === 'string' ? lists[key] : classes.get(key));
  const resolve = (key: string | EventClass): Sub[] => {
    let subs: Sub[] = [];
    for (const k of typeof key === 'string' ? [key] : ancestors(key)) subs = subs.concat(listOf(k) ?? []);
    if (key !== '*') subs = subs.concat(star ?? []).sort(byRunOrder);
    if (typeof key === 'string') routes[key] = subs;
    else classRoutes.set(key, subs);
    return subs;
  };

  const set = (key: string | EventClass, list: Sub[]) => {
    if (typeof key === 'string') {
      if (list.length) lists[key] = list;
      else delete lists[key];
      star = table.s = lists['*'];
      if (key === '*') routes = dict();
      else delete routes[key];
    } else if (list.length) classes.set(key, list);
    else classes.delete(key);
    if (typeof key !== 'string' || key === '*') classRoutes.clear();
  };

  const table = {
    /** The string-key lists: with no '*' subscribers, a string key's own list is its route. */
    l: lists,
    /** The '*' list, if any. */
    s: star,
    /** The subscriptions an event of `key` reaches, in run order (undefined or empty: none). */
    route: (key: string | EventClass): readonly Sub[] | undefined =>
      typeof key === 'string' ? (star ? (routes[key] ?? resolve(key)) : lists[key]) : (classRoutes.get(key) ?? resolve(key)),
    add: (sub: Sub) => set(sub.k, [...(listOf(sub.k) ?? []), sub].sort(byRunOrder)),
    remove: (sub: Sub) => set(sub.k, listOf(sub.k)?.filter((s) => s !== sub) ?? []),
    list: (): SubscriptionInfo[] => [...Object.values(lists), ...classes.values()].flat().map((s) => infoOf(s as Sub)),
  };
  return table;
};
