import { eventTypeOf } from './event-type';
import type { EventClass, Handler, SubscriptionInfo } from './types';

/** One subscription as the bus keeps it. */
export interface Sub {
  readonly key: string | EventClass;
  readonly h: Handler<unknown, unknown>;
  readonly seq: number;
  readonly onError: ((error: unknown, event: unknown, ctx: never) => void) | undefined;
  readonly info: SubscriptionInfo;
  active: boolean;
  detach: (() => void) | undefined;
}

/** The handlers an event reaches, in run order, and its event name. */
export interface Route {
  readonly type: string;
  readonly subs: readonly Sub[];
}

const byRunOrder = (a: Sub, b: Sub) => b.info.priority - a.info.priority || a.seq - b.seq;

/**
 * Subscriptions per key, and the cached run order per dispatched key: exact key plus `'*'` for
 * strings, every class on the prototype chain plus `'*'` for classes. Lists are replaced, never
 * mutated, so a dispatch iterating one is unaffected by changes during it.
 */
export const createSubscriptionTable = () => {
  const byKey = new Map<unknown, Sub[]>();
  const routes = new Map<unknown, Route>();

  const resolve = (key: string | EventClass): Route => {
    let subs: Sub[] = [];
    let type: string;
    if (typeof key === 'string') {
      type = key;
      subs = subs.concat(byKey.get(key) ?? []);
    } else {
      type = eventTypeOf(key);
      for (let c: unknown = key; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
        subs = subs.concat(byKey.get(c) ?? []);
      }
    }
    if (key !== '*') subs = subs.concat(byKey.get('*') ?? []).sort(byRunOrder);
    const route = { type, subs };
    routes.set(key, route);
    return route;
  };

  return {
    route: (key: string | EventClass): Route => routes.get(key) ?? resolve(key),
    add(sub: Sub): void {
      byKey.set(sub.key, [...(byKey.get(sub.key) ?? []), sub].sort(byRunOrder));
      routes.clear();
    },
    remove(sub: Sub): void {
      const rest = byKey.get(sub.key)?.filter((s) => s !== sub) ?? [];
      if (rest.length) byKey.set(sub.key, rest);
      else byKey.delete(sub.key);
      routes.clear();
    },
    list: (): SubscriptionInfo[] => [...byKey.values()].flat().map((s) => s.info),
  };
};
