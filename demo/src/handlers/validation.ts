import type { Bus } from 'hubbub';
import { productOf } from '../domain/catalog';
import { OrderCancelled, OrderPlaced } from '../domain/order-events';
import type { ShopEvents } from '../domain/shop-events';

/** What validation decided about one order. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Validation's priority: before every OrderPlaced handler that reads its verdict.
 *
 * @example
 * bus.subscribe(OrderPlaced, check, { priority: VALIDATION_PRIORITY })
 */
export const VALIDATION_PRIORITY = 100;

const verdicts = new WeakMap<OrderPlaced, Verdict>();

/**
 * The verdict validation gave this order, or undefined if validation has not run yet (which the
 * priorities rule out).
 *
 * @example
 * if (verdictOf(order)?.ok) charge(order)
 */
export const verdictOf = (order: OrderPlaced): Verdict | undefined => verdicts.get(order);

const check = (order: OrderPlaced, available: (sku: string) => number): Verdict => {
  if (order.items.length === 0) return { ok: false, reason: 'the cart was empty' };
  let total = 0;
  for (const line of order.items) {
    const product = productOf(line.sku);
    if (!product) return { ok: false, reason: `unknown product "${line.sku}"` };
    if (!Number.isInteger(line.qty) || line.qty < 1) return { ok: false, reason: `bad quantity ${line.qty} for ${product.name}` };
    if (line.qty > available(line.sku)) return { ok: false, reason: `only ${available(line.sku)} ${product.name} left` };
    total += product.price * line.qty;
  }
  if (total !== order.total) return { ok: false, reason: `total €${order.total} does not match the prices (€${total})` };
  return { ok: true };
};

/**
 * Validates every OrderPlaced before anything else runs (priority 100); an invalid order is
 * cancelled with the reason.
 *
 * @example
 * subscribeValidation(bus, (sku) => inventory.available(sku))
 */
export const subscribeValidation = (bus: Bus<ShopEvents>, available: (sku: string) => number) =>
  bus.subscribe(
    OrderPlaced,
    (order, ctx) => {
      const verdict = check(order, available);
      verdicts.set(order, verdict);
      if (!verdict.ok) return ctx.publish(new OrderCancelled(order.orderId, verdict.reason));
    },
    { priority: VALIDATION_PRIORITY, label: 'validation' },
  );
