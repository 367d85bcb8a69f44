import type { Bus } from 'hubbub';
import { OrderCancelled, OrderFulfillmentStarted, OrderPlaced } from '../domain/order-events';
import type { ShopEvents } from '../domain/shop-events';
import { verdictOf } from './validation';

/**
 * Analytics' priority: after every other OrderPlaced handler.
 *
 * @example
 * bus.subscribe(OrderPlaced, track, { priority: ANALYTICS_PRIORITY })
 */
export const ANALYTICS_PRIORITY = -10;

/** Where analytics sends what it measured, and where its failures go. */
export interface AnalyticsOptions {
  /** Orders above this total make the handler fail, on purpose. */
  readonly limit: number;
  readonly record: (revenue: number) => void;
  readonly onError: (error: unknown, order: OrderPlaced) => void;
}

/**
 * Records revenue of validated orders, last (priority -10), and fails on purpose for orders above
 * `limit`: the order still completes, because the bus isolates handler failures. An order cancelled
 * later (a saga timeout) takes its revenue back out. Returns the unsubscriber.
 *
 * @example
 * subscribeAnalytics(bus, { limit: 100, record: addRevenue, onError: (e) => report(e) })
 */
export const subscribeAnalytics = (bus: Bus<ShopEvents>, { limit, record, onError }: AnalyticsOptions): (() => void) => {
  /** Revenue recorded per order still in progress, so a cancellation can take it back. */
  const recorded = new Map<string, number>();
  const offPlaced = bus.subscribe(
    OrderPlaced,
    (order) => {
      const verdict = verdictOf(order);
      if (!verdict) throw new Error(`analytics ran before validation for ${order.orderId}: check the handler priorities`);
      if (!verdict.ok) return;
      if (order.total > limit) {
        throw new Error(`analytics rejected ${order.orderId}: €${order.total} is over the €${limit} tracking limit (fails on purpose)`);
      }
      recorded.set(order.orderId, order.total);
      record(order.total);
    },
    { priority: ANALYTICS_PRIORITY, label: 'analytics', onError: (error, order) => onError(error, order) },
  );
  const offCancelled = bus.subscribe(
    OrderCancelled,
    ({ orderId }) => {
      const amount = recorded.get(orderId);
      if (amount === undefined) return;
      recorded.delete(orderId);
      record(-amount);
    },
    { label: 'analytics: cancelled' },
  );
  const offFulfilled = bus.subscribe(
    OrderFulfillmentStarted,
    ({ orderId }) => {
      recorded.delete(orderId);
    },
    { label: 'analytics: fulfilled' },
  );
  return () => {
    offPlaced();
    offCancelled();
    offFulfilled();
  };
};
