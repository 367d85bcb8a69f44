import { type Bus, type EventClass, eventTypeOf } from '../index';

/** The external store behind `useLatestEvent`: one per bus, key and hook instance. */
export interface LatestStore {
  subscribe(notify: () => void): () => void;
  /** The bus's sticky value when it keeps one, else the last event this store saw, else `initial`. */
  get(): unknown;
  /** Always `initial`, so the server render and hydration agree. */
  server(): unknown;
}

/**
 * Makes the store for `useLatestEvent(key, initial)`. The value updates synchronously (any render
 * reads the newest one); React is told in a microtask, once per burst, so an event published while
 * another component renders never triggers React's "update while rendering" warning.
 */
export const createLatestStore = (bus: Bus, key: string | EventClass, initial: unknown): LatestStore => {
  let value = initial;
  return {
    subscribe(notify) {
      let pending = false;
      let active = true;
      const off = bus.subscribe(
        key as string,
        (event) => {
          value = event;
          if (pending) return;
          pending = true;
          queueMicrotask(() => {
            pending = false;
            if (active) notify();
          });
        },
        { label: `useLatestEvent(${typeof key === 'string' ? key : eventTypeOf(key)})` },
      );
      return () => {
        active = false;
        off();
      };
    },
    get() {
      const sticky = bus.last(key as string);
      return sticky === undefined ? value : sticky;
    },
    server: () => initial,
  };
};
