import { createRegistry, type EventRegistry } from 'hubbub';
import { defineReviews } from '../replay/review-registry';
import { OrderCancelled, OrderFulfillmentStarted, OrderPlaced } from './order-events';
import { InventoryReleased, InventoryReserved, PaymentProcessed } from './service-events';
import type { ShopEvents } from './shop-events';

/**
 * Every class event of the shop, so the DevTools panel and replayed recordings can rebuild them
 * (and upcast old reviews). String-keyed events need no definition: their payload is plain data.
 *
 * @example
 * connectDevtools(bus, { registry: shopRegistry, allowDispatch: true })
 */
export const shopRegistry: EventRegistry<ShopEvents> = defineReviews(createRegistry<ShopEvents>())
  .define(OrderPlaced)
  .define(OrderCancelled)
  .define(OrderFulfillmentStarted)
  .define(PaymentProcessed)
  .define(InventoryReserved)
  .define(InventoryReleased);
