import type { ReactElement } from 'react';
import type { Bus, Publish } from '../index';
import type { BusProviderProps } from './bus-provider';
// From the client bundle, not its files: on a React Server Components server these are its
// references, and this function, which only gathers them, runs there too.
import { BusProvider, useBus, useEvent, useLatestEvent, usePublish } from './client';
import type { UseEvent, UseLatestEvent } from './types';

/**
 * The hooks and provider typed by one bus's `Events`; see {@link createBusHooks}.
 *
 * @example
 * export const hooks: BusHooks<Events> = createBusHooks<Events>()
 */
export interface BusHooks<E extends object> {
  BusProvider: (props: BusProviderProps<E>) => ReactElement;
  useBus: () => Bus<E>;
  useEvent: UseEvent<E>;
  usePublish: () => Publish<E>;
  useLatestEvent: UseLatestEvent<E>;
}

/**
 * The hooks typed by your `Events`, so no call needs an annotation. They are the very same hooks
 * as the plain exports and share one provider: a typed hook works under a plain `<BusProvider>`.
 * It only gathers them, so the module that calls it may also be loaded by a React Server Component
 * or a route handler (the hooks themselves run in client components).
 *
 * @example
 * export const { BusProvider, useEvent, usePublish, useLatestEvent } = createBusHooks<Events>()
 * useEvent('cart/added', (item) => item.sku) // item: Events['cart/added']
 */
export const createBusHooks = <E extends object>(): BusHooks<E> =>
  ({ BusProvider, useBus, useEvent, usePublish, useLatestEvent }) as unknown as BusHooks<E>;
