'use client';

import { useMemo } from 'react';
import type { EventMap, Publish, PublishReport } from '../index';
import { useBus } from './use-bus';

type AnyPublish = (...args: unknown[]) => Promise<PublishReport>;

/**
 * A function that publishes on the provider's bus and returns its `PublishReport` promise. Its
 * identity is stable across renders (safe in dependency arrays and `memo` props); it changes only
 * when the provider's bus is swapped, so effects that depend on it follow the new bus.
 *
 * @example
 * const publish = usePublish()
 * <button onClick={() => publish('cart/added', { sku: 'tea', qty: 1 })}>Add</button>
 */
export function usePublish<E extends object = EventMap>(): Publish<E> {
  const bus = useBus<E>();
  return useMemo(() => ((...args: unknown[]) => (bus.publish as AnyPublish)(...args)) as Publish<E>, [bus]);
}
