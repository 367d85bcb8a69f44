import { useState } from 'react';
import { usePublish } from '../bus/hooks';
import { productOf } from '../domain/catalog';
import { type OrderLine, OrderPlaced } from '../domain/order-events';
import { nextOrderId } from '../domain/order-id';
import { useCartStore } from '../stores/cart';
import { useSessionStore } from '../stores/session';
import { describeCheckout } from './checkout-result';
import { Panel } from './Panel';

const linesOf = (quantities: Readonly<Record<string, number>>): OrderLine[] =>
  Object.entries(quantities).flatMap(([sku, qty]) => {
    const product = productOf(sku);
    return product ? [{ sku, name: product.name, price: product.price, qty }] : [];
  });

/**
 * The cart and checkout. Checkout publishes OrderPlaced and shows the publish report: blocked
 * (and by which middleware), or how many handlers ran and failed.
 *
 * @example
 * <Cart />
 */
export function Cart() {
  const publish = usePublish();
  const quantities = useCartStore((s) => s.lines);
  const userId = useSessionStore((s) => s.userId);
  const [result, setResult] = useState<{ readonly text: string; readonly blocked: boolean }>();
  const lines = linesOf(quantities);
  const total = lines.reduce((sum, l) => sum + l.price * l.qty, 0);

  const checkout = async () => {
    const orderId = nextOrderId();
    const report = await publish(new OrderPlaced(orderId, userId ?? 'guest', lines, total));
    setResult({ text: describeCheckout(orderId, report), blocked: report.blockedBy !== undefined });
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
        <p className={result.blocked ? 'result blocked' : 'result ok'} role="status" aria-label="Checkout result">
          {result.text}
        </p>
      )}
    </Panel>
  );
}
