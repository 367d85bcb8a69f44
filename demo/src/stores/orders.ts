import { create } from 'zustand';
import { useEvent } from '../bus/hooks';
import { OrderCancelled, OrderFulfillmentStarted, type OrderLine, OrderPlaced } from '../domain/order-events';
import { InventoryReserved, PaymentProcessed } from '../domain/service-events';

/**
 * The orders store records a new order before validation (100) runs.
 *
 * @example
 * useEvent(OrderPlaced, addOrder, { priority: ORDERS_STORE_PRIORITY })
 */
export const ORDERS_STORE_PRIORITY = 200;

/** Where an order stands. */
export type OrderStatus = 'awaiting services' | 'fulfilling' | 'cancelled';

/** One order as the Orders panel shows it. */
export interface OrderView {
  readonly orderId: string;
  readonly userId: string;
  readonly items: readonly OrderLine[];
  readonly total: number;
  readonly status: OrderStatus;
  readonly paid: boolean;
  readonly reserved: boolean;
  /** Replies in arrival order: shows which service answered first. */
  readonly replies: readonly ('payment' | 'inventory')[];
  readonly paymentDropped: boolean;
  readonly reason?: string;
}

/** Orders that got through authorization, newest first. */
export interface OrdersState {
  readonly orders: readonly OrderView[];
}

/**
 * The orders; changed only by {@link useOrdersFeed}.
 *
 * @example
 * const orders = useOrdersStore((s) => s.orders)
 */
export const useOrdersStore = create<OrdersState>()(() => ({ orders: [] }));

const update = (orderId: string, change: (order: OrderView) => Partial<OrderView>) =>
  useOrdersStore.setState((s) => ({ orders: s.orders.map((o) => (o.orderId === orderId ? { ...o, ...change(o) } : o)) }));

/**
 * Follows each order through the bus: placed, the two service replies (in whatever order they
 * come), fulfillment started by the saga, or cancellation with its reason.
 *
 * @example
 * function App() { useOrdersFeed(); ... }
 */
export const useOrdersFeed = (): void => {
  useEvent(
    OrderPlaced,
    (order) => {
      const view: OrderView = {
        orderId: order.orderId,
        userId: order.userId,
        items: order.items,
        total: order.total,
        status: 'awaiting services',
        paid: false,
        reserved: false,
        replies: [],
        paymentDropped: false,
      };
      useOrdersStore.setState((s) => ({ orders: [view, ...s.orders] }));
    },
    // Recorded before any other handler reacts: validation (priority 100) may cancel it at once.
    { label: 'orders store: placed', priority: ORDERS_STORE_PRIORITY },
  );
  useEvent(PaymentProcessed, ({ orderId }) => update(orderId, (o) => ({ paid: true, replies: [...o.replies, 'payment'] })), {
    label: 'orders store: paid',
  });
  useEvent(InventoryReserved, ({ orderId }) => update(orderId, (o) => ({ reserved: true, replies: [...o.replies, 'inventory'] })), {
    label: 'orders store: reserved',
  });
  useEvent('payment/replyDropped', ({ orderId }) => update(orderId, () => ({ paymentDropped: true })), { label: 'orders store: dropped' });
  useEvent(OrderFulfillmentStarted, ({ orderId }) => update(orderId, () => ({ status: 'fulfilling' })), {
    label: 'orders store: fulfilling',
  });
  useEvent(OrderCancelled, ({ orderId, reason }) => update(orderId, () => ({ status: 'cancelled', reason })), {
    label: 'orders store: cancelled',
  });
};
