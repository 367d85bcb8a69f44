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
 * cannot oversell) and replies InventoryReserved later; puts it back when the order is cancelled
 * (announcing InventoryReleased only if it had announced InventoryReserved; a reply still to come
 * is not sent).
 *
 * @example
 * const inventory = startInventoryService(bus, 'random'); inventory.available('tea') // 20
 */
export const startInventoryService = (bus: Bus<ShopEvents>, replyOrder: ReplyOrder): InventoryService => {
  const stock = new Map(catalog.map((p) => [p.sku, p.stock]));
  const reserved = new Map<string, readonly OrderLine[]>();
  /** The reply still to come, per order: a cancelled order's stock is released, never reserved after. */
  const replies = new Map<string, ReturnType<typeof setTimeout>>();
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
          replies.delete(order.orderId);
          void ctx.publish(new InventoryReserved(order.orderId, order.orderId.length % 2 ? 'north' : 'south', order.items));
        },
        replyDelay(replyOrder, 'inventory'),
      );
      replies.set(order.orderId, timer);
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
      const unsentReply = replies.get(cancelled.orderId);
      if (unsentReply === undefined) return ctx.publish(new InventoryReleased(cancelled.orderId, items));
      // Never announced as reserved, so there is no release to announce either: the stock
      // shown (which follows those two events) never went down for this order.
      clearTimeout(unsentReply);
      replies.delete(cancelled.orderId);
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
      for (const timer of replies.values()) clearTimeout(timer);
    },
  };
};
