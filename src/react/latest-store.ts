'use client';

import { type Bus, type EventClass, eventTypeOf } from '../index';

/** The external store behind `useLatestEvent`: one per bus, key and hook instance. */
export interface LatestStore {
  /**
   * Keeps the value current: the hook calls it from an insertion effect, so it holds while React
   * hides the component (`<Activity mode="hidden">` cleans up every other effect) and ends when
   * the component unmounts or its bus or key changes. Returns the unsubscribe.
   */
  follow(): () => void;
  /** React's listener, told of new values while the component is shown. */
  subscribe(notify: () => void): () => void;
  /** The bus's sticky value when it keeps one, else the last event this store saw, else `initial`. */
  get(): unknown;
  /** Always `initial`, so the server render and hydration agree. */
  server(): unknown;
}

/**
 * The last event one `useLatestEvent` saw, and of which bus and key: kept by the hook across the
 * stores it makes, so a store made again for the same bus and key starts from it. React Fast
 * Refresh makes one on every edit of the component's module (it re-runs `useMemo` whatever its
 * dependencies), and the component must not fall back to `initial` then.
 *
 * @example
 * const seen: LatestSeen = {}
 */
export interface LatestSeen {
  bus?: Bus;
  key?: string | EventClass;
  value?: unknown;
}

/**
 * Makes the store for `useLatestEvent(key, initial)`. The value updates synchronously (any render
 * reads the newest one); React is told in a microtask, once per burst, so an event published while
 * another component renders never triggers React's "update while rendering" warning. It starts
 * from `seen`'s value when `seen` is of this bus and key (else from `initial`), then keeps `seen`
 * as its own: this bus and key, and each event it sees.
 */
export const createLatestStore = (bus: Bus, key: string | EventClass, initial: unknown, seen: LatestSeen): LatestStore => {
  let value = seen.bus === bus && seen.key === key ? seen.value : initial;
  let notify: (() => void) | undefined;
  let pending = false;
  // From now on `seen` is this store's: a store made again for the same bus and key (Fast Refresh) continues from it; one for another key starts over.
  Object.assign(seen, { bus, key, value });
  return {
    follow: () =>
      bus.subscribe(
        key as string,
        (event) => {
          value = event;
          // The whole of it: a render for another key that React then discarded may have taken `seen` meanwhile.
          Object.assign(seen, { bus, key, value });
          if (pending) return;
          pending = true;
          // A promise job, not queueMicrotask, which Jest's default fake timers hold until the test advances them.
          Promise.resolve().then(() => {
            pending = false;
            notify?.();
          });
        },
        { label: `useLatestEvent(${typeof key === 'string' ? key : eventTypeOf(key)})` },
      ),
    subscribe(listener) {
      notify = listener;
      return () => {
        notify = undefined;
      };
    },
    get() {
      const sticky = bus.last(key as string);
      return sticky === undefined ? value : sticky;
    },
    server: () => initial,
  };
};
