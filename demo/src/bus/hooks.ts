import { createBusHooks } from 'hubbub/react';
import type { ShopEvents } from '../domain/shop-events';

/**
 * The hubbub hooks typed by the shop's events: `useEvent('cart/itemAdded', ({ sku }) => ...)`
 * needs no annotation.
 */
export const { BusProvider, useBus, useEvent, usePublish, useLatestEvent } = createBusHooks<ShopEvents>();
