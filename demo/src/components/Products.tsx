import { usePublish } from '../bus/hooks';
import { catalog } from '../domain/catalog';
import { useStockStore } from '../stores/stock';
import { Panel } from './Panel';

/**
 * The catalog with live stock; "Add" publishes 'cart/itemAdded' (the cart store listens).
 *
 * @example
 * <Products />
 */
export function Products() {
  const publish = usePublish();
  const stock = useStockStore((s) => s.stock);
  return (
    <Panel title="Products" pattern="buttons publish intents; stock follows InventoryReserved / InventoryReleased">
      <ul className="products">
        {catalog.map((p) => (
          <li key={p.sku}>
            <span className="name">{p.name}</span>
            <span className="price">€{p.price}</span>
            <span className="stock" data-testid={`stock-${p.sku}`}>
              {stock[p.sku] ?? 0} left
            </span>
            <button type="button" aria-label={`Add ${p.name}`} onClick={() => publish('cart/itemAdded', { sku: p.sku })}>
              Add
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
