import type { Bus } from 'hubbub';
import type { ReplyOrder } from '../config';
import { OrderPlaced } from '../domain/order-events';
import { PaymentProcessed } from '../domain/service-events';
import type { ShopEvents } from '../domain/shop-events';
import { verdictOf } from '../handlers/validation';
import { replyDelay } from './reply-delay';

/**
 * A simulated payment provider: charges every validated order and replies PaymentProcessed
 * later. After 'payment/dropNextReply' it drops its next reply (announcing
 * 'payment/replyDropped'), so the fulfillment saga times out. Returns its disposer.
 *
 * @example
 * const stop = startPaymentService(bus, 'random')
 */
export const startPaymentService = (bus: Bus<ShopEvents>, replyOrder: ReplyOrder): (() => void) => {
  let dropNext = false;
  let transactions = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const offArm = bus.subscribe(
    'payment/dropNextReply',
    () => {
      dropNext = true;
    },
    { label: 'payment service: arm drop' },
  );
  const offOrders = bus.subscribe(
    OrderPlaced,
    (order, ctx) => {
      if (!verdictOf(order)?.ok) return;
      const drop = dropNext;
      dropNext = false;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (drop) void ctx.publish('payment/replyDropped', { orderId: order.orderId });
          else void ctx.publish(new PaymentProcessed(order.orderId, `tx-${++transactions}`, order.total));
        },
        replyDelay(replyOrder, 'payment'),
      );
      timers.add(timer);
    },
    { label: 'payment service' },
  );
  return () => {
    offArm();
    offOrders();
    for (const timer of timers) clearTimeout(timer);
  };
};
