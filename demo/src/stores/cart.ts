import { create } from 'zustand';
import { useEvent } from '../bus/hooks';
import { OrderPlaced } from '../domain/order-events';
import { verdictOf } from '../handlers/validation';

/** Quantities in the cart, by sku. */
export interface CartState {
  readonly lines: Readonly<Record<string, number>>;
}

/**
 * The cart. Only {@link useCartFeed} changes it, from bus events: buttons publish intents.
 *
 * @example
 * const lines = useCartStore((s) => s.lines)
 */
export const useCartStore = create<CartState>()(() => ({ lines: {} }));

const change = (sku: string, by: number) =>
  useCartStore.setState((s) => {
    const qty = (s.lines[sku] ?? 0) + by;
    const { [sku]: _, ...rest } = s.lines;
    return { lines: qty > 0 ? { ...rest, [sku]: qty } : rest };
  });

/**
 * Feeds the cart from the bus: items added and removed, emptied once validation accepted an
 * order (a checkout blocked by authorization or cancelled by validation keeps the cart, to fix).
 *
 * @example
 * function App() { useCartFeed(); ... }
 */
export const useCartFeed = (): void => {
  useEvent('cart/itemAdded', ({ sku }) => change(sku, 1), { label: 'cart store: add' });
  useEvent('cart/itemRemoved', ({ sku }) => change(sku, -1), { label: 'cart store: remove' });
  // Priority 0: validation (100) has given its verdict by then.
  useEvent(
    OrderPlaced,
    (order) => {
      if (verdictOf(order)?.ok) useCartStore.setState({ lines: {} });
    },
    { label: 'cart store: empty' },
  );
};
