import type { Bus } from 'hubbub';
import type { ReplyOrder } from '../config';
import { catalog } from '../domain/catalog';
import { OrderCancelled, OrderFulfillmentStarted, type OrderLine, OrderPlaced } from '../domain/order-events';
import { InventoryReleased, InventoryReserved } from '../domain/service-events';
import type { ShopEvents } from '../domain/shop-events';
import { verdictOf } from '../handlers/validation';
import { replyDelay } from './reply-delay';

/** The simulated warehouse. */
export interface InventoryService {
  /** Units of a product not yet reserved. */
  available(sku: string): number;
  stop(): void;
}

/**
 * A simulated warehouse: sets stock aside for every validated order at once (so two quick orders
 * cannot oversell) and replies InventoryReserved later; puts it back when the order is cancelled.
 *
 * @example
 * const inventory = startInventoryService(bus, 'random'); inventory.available('tea') // 20
 */
export const startInventoryService = (bus: Bus<ShopEvents>, replyOrder: ReplyOrder): InventoryService => {
  const stock = new Map(catalog.map((p) => [p.sku, p.stock]));
  const reserved = new Map<string, readonly OrderLine[]>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const move = (items: readonly OrderLine[], sign: 1 | -1) => {
    for (const line of items) stock.set(line.sku, (stock.get(line.sku) ?? 0) + sign * line.qty);
  };
  const offOrders = bus.subscribe(
    OrderPlaced,
    (order, ctx) => {
      if (!verdictOf(order)?.ok) return;
      move(order.items, -1);
      reserved.set(order.orderId, order.items);
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          void ctx.publish(new InventoryReserved(order.orderId, order.orderId.length % 2 ? 'north' : 'south', order.items));
        },
        replyDelay(replyOrder, 'inventory'),
      );
      timers.add(timer);
    },
    { label: 'inventory service' },
  );
  const offCancel = bus.subscribe(
    OrderCancelled,
    (cancelled, ctx) => {
      const items = reserved.get(cancelled.orderId);
      if (!items) return;
      reserved.delete(cancelled.orderId);
      move(items, 1);
      return ctx.publish(new InventoryReleased(cancelled.orderId, items));
    },
    { label: 'inventory service: release' },
  );
  const offShipped = bus.subscribe(
    OrderFulfillmentStarted,
    (started) => {
      reserved.delete(started.orderId);
    },
    { label: 'inventory service: ship' },
  );
  return {
    available: (sku) => stock.get(sku) ?? 0,
    stop() {
      offOrders();
      offCancel();
      offShipped();
      for (const timer of timers) clearTimeout(timer);
    },
  };
};
