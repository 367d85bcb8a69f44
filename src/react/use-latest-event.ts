'use client';

import { useInsertionEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { EventClass } from '../index';
import { checkKey } from './check-key';
import { createLatestStore, type LatestSeen } from './latest-store';
import type { UseLatestEvent } from './types';
import { useBus } from './use-bus';

/**
 * The most recent event of `key` (a string key or an event class), re-rendering when a new one
 * arrives; `initial` until then. Built on `useSyncExternalStore`: no tearing under concurrent
 * rendering, no render loops.
 *
 * It listens from the commit that mounts the component until it unmounts, hidden or not: a
 * component inside `<Activity mode="hidden">` does not re-render for events, and shows the latest
 * one when shown again, as with any store. Events published before that commit (while the first
 * render suspends, say): seen only when the bus keeps the key sticky
 * (`createBus({ sticky: ['cart/updated'] })`), because the hook starts from `bus.last(key)`. Make
 * keys that describe current state sticky; without it the hook shows `initial` until the next
 * event. On the server and during hydration it returns `initial`. It subscribes and unsubscribes
 * while React commits (in an insertion effect): an inspector that updates React state on those
 * `subscribe`/`unsubscribe` observations must defer it (`queueMicrotask`), or React warns.
 * Re-renders are batched to one per microtask; in tests, `await act(async () => bus.emit(...))`.
 * `initial` is read when the hook first renders (and when the bus or key changes), like `useState`'s.
 * A hot reload of the component (React Fast Refresh) keeps the value, as it keeps `useState`'s.
 *
 * @example
 * const cart = useLatestEvent('cart/updated', { items: [] })
 * const lastOrder = useLatestEvent(OrderPlaced)
 */
export const useLatestEvent: UseLatestEvent = (key: string | EventClass, initial?: unknown): never => {
  const bus = useBus();
  checkKey('useLatestEvent(key)', key);
  // State, not a ref read in render: the same object for the component's life, Fast Refresh included.
  const [seen] = useState<LatestSeen>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: initial is an initial value, like useState's; seen never changes
  const store = useMemo(() => createLatestStore(bus, key, initial, seen), [bus, key]);
  // An insertion effect, not the store's subscribe (a passive effect): React keeps insertion effects
  // while <Activity> hides the component, so the value stays current, and runs them once under StrictMode.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is store.follow itself, so it depends on the store
  useInsertionEffect(store.follow, [store]);
  return useSyncExternalStore(store.subscribe, store.get, store.server) as never;
};
