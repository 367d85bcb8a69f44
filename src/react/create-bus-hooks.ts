import type { ReactElement } from 'react';
import type { Bus, Publish } from '../index';
import { BusProvider, type BusProviderProps } from './bus-provider';
import type { UseEvent, UseLatestEvent } from './types';
import { useBus } from './use-bus';
import { useEvent } from './use-event';
import { useLatestEvent } from './use-latest-event';
import { usePublish } from './use-publish';

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
 *
 * @example
 * export const { BusProvider, useEvent, usePublish, useLatestEvent } = createBusHooks<Events>()
 * useEvent('cart/added', (item) => item.sku) // item: Events['cart/added']
 */
export const createBusHooks = <E extends object>(): BusHooks<E> =>
  ({ BusProvider, useBus, useEvent, usePublish, useLatestEvent }) as unknown as BusHooks<E>;
