import { type Bus, createSaga, type Saga } from 'hubbub';
import { OrderCancelled, OrderFulfillmentStarted } from '../domain/order-events';
import { InventoryReserved, PaymentProcessed } from '../domain/service-events';
import type { ShopEvents } from '../domain/shop-events';

/**
 * The seed's FulfillmentSaga on createSaga: waits for PaymentProcessed and InventoryReserved of
 * the same order, in either order, then publishes OrderFulfillmentStarted; if one of them has not
 * arrived `timeoutMs` after the other, cancels the order instead. A reply for an order already
 * cancelled is ignored: it must not start a second attempt that cancels the order again, with the
 * opposite reason. `dispose()` also stops following cancellations.
 *
 * @example
 * const saga = startFulfillmentSaga(bus, 4000); saga.pending() // [{ key: 'o-1', missing: ['PaymentProcessed'], ... }]
 */
export const startFulfillmentSaga = (bus: Bus<ShopEvents>, timeoutMs: number): Saga => {
  const cancelled = new Set<string>();
  const offCancelled = bus.subscribe(
    OrderCancelled,
    ({ orderId }) => {
      cancelled.add(orderId);
    },
    { label: 'fulfillment saga: cancelled' },
  );
  const saga = createSaga(bus, {
    name: 'fulfillment',
    steps: [PaymentProcessed, InventoryReserved] as const,
    correlate: (event) => (cancelled.has(event.orderId) ? undefined : event.orderId),
    complete: ([payment], ctx) => ctx.publish(new OrderFulfillmentStarted(payment.orderId)),
    timeout: timeoutMs,
    // Through the last reply's ctx: the cancellation joins the order's chain in the audit log and devtools.
    onTimeout: ([payment], orderId, ctx) =>
      ctx.publish(
        new OrderCancelled(
          orderId,
          payment ? `stock not reserved within ${timeoutMs} ms` : `payment did not arrive within ${timeoutMs} ms`,
        ),
      ),
  });
  return {
    name: saga.name,
    pending: () => saga.pending(),
    dispose: () => {
      offCancelled();
      saga.dispose();
    },
  };
};
