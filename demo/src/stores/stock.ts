import { create } from 'zustand';
import { useEvent } from '../bus/hooks';
import { catalog } from '../domain/catalog';
import type { OrderLine } from '../domain/order-events';
import { InventoryReleased, InventoryReserved } from '../domain/service-events';

/** Units on the shelf, by sku, as the inventory service reported them. */
export interface StockState {
  readonly stock: Readonly<Record<string, number>>;
}

/**
 * Shelf stock shown next to each product; changed only by {@link useStockFeed}.
 *
 * @example
 * const left = useStockStore((s) => s.stock.tea)
 */
export const useStockStore = create<StockState>()(() => ({ stock: Object.fromEntries(catalog.map((p) => [p.sku, p.stock])) }));

const move = (items: readonly OrderLine[], sign: 1 | -1) =>
  useStockStore.setState((s) => {
    const stock = { ...s.stock };
    for (const line of items) stock[line.sku] = (stock[line.sku] ?? 0) + sign * line.qty;
    return { stock };
  });

/**
 * Feeds the stock from InventoryReserved (down) and InventoryReleased (back up).
 *
 * @example
 * function App() { useStockFeed(); ... }
 */
export const useStockFeed = (): void => {
  useEvent(InventoryReserved, (reserved) => move(reserved.items, -1), { label: 'stock store: reserved' });
  useEvent(InventoryReleased, (released) => move(released.items, 1), { label: 'stock store: released' });
};
