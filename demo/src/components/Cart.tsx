import { useState } from 'react';
import { usePublish } from '../bus/hooks';
import { productOf } from '../domain/catalog';
import { type OrderLine, OrderPlaced } from '../domain/order-events';
import { nextOrderId } from '../domain/order-id';
import { verdictOf } from '../handlers/validation';
import { useCartStore } from '../stores/cart';
import { useSessionStore } from '../stores/session';
import { type CheckoutResult, describeCheckout } from './checkout-result';
import { Panel } from './Panel';

const totalOf = (lines: readonly OrderLine[]) => lines.reduce((sum, line) => sum + line.price * line.qty, 0);

const linesOf = (quantities: Readonly<Record<string, number>>): OrderLine[] =>
  Object.entries(quantities).flatMap(([sku, qty]) => {
    const product = productOf(sku);
    return product ? [{ sku, name: product.name, price: product.price, qty }] : [];
  });

/**
 * The cart and checkout. Checkout publishes OrderPlaced and shows the publish report: blocked
 * (and by which middleware), cancelled by validation (and why), or how many handlers ran and failed.
 *
 * @example
 * <Cart />
 */
export function Cart() {
  const publish = usePublish();
  const quantities = useCartStore((s) => s.lines);
  const userId = useSessionStore((s) => s.userId);
  const [result, setResult] = useState<CheckoutResult>();
  const lines = linesOf(quantities);
  const total = totalOf(lines);

  const checkout = async () => {
    // The stores, not this render's values: a second click before React re-renders would
    // otherwise order the same cart twice (an accepted order empties the store during publish).
    const ordered = linesOf(useCartStore.getState().lines);
    if (ordered.length === 0) return;
    const orderId = nextOrderId();
    const order = new OrderPlaced(orderId, useSessionStore.getState().userId ?? 'guest', ordered, totalOf(ordered));
    const report = await publish(order);
    setResult(describeCheckout(orderId, report, verdictOf(order)));
  };

  return (
    <Panel title="Cart" pattern="zustand store fed by useEvent; checkout publishes OrderPlaced">
      {lines.length === 0 ? (
        <p className="empty">The cart is empty.</p>
      ) : (
        <ul className="cart">
          {lines.map((l) => (
            <li key={l.sku}>
              <span className="name">{l.name}</span>
              <span className="qty" data-testid={`qty-${l.sku}`}>
                × {l.qty}
              </span>
              <button type="button" aria-label={`Remove one ${l.name}`} onClick={() => publish('cart/itemRemoved', { sku: l.sku })}>
                −
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="total">
        Total <strong data-testid="cart-total">€{total}</strong>
      </p>
      <button type="button" className="primary" disabled={lines.length === 0} onClick={checkout}>
        Checkout{userId ? '' : ' (signed out)'}
      </button>
      {result && (
        <p className={result.accepted ? 'result ok' : 'result blocked'} role="status" aria-label="Checkout result">
          {result.text}
        </p>
      )}
    </Panel>
  );
}
