import type { DemoConfig } from '../config';
import { useShopFeeds } from '../stores/use-shop-feeds';
import { AuditLog } from './AuditLog';
import { Cart } from './Cart';
import { Header } from './Header';
import { Metrics } from './Metrics';
import { Orders } from './Orders';
import { Problems } from './Problems';
import { Products } from './Products';
import { Reviews } from './Reviews';
import { StormPanel } from './StormPanel';

/**
 * The shop: every panel shows one pattern of the bus. Must sit under the shop's `<BusProvider>`.
 *
 * @example
 * <BusProvider bus={shop.bus}><App config={config} /></BusProvider>
 */
export function App({ config }: { readonly config: DemoConfig }) {
  useShopFeeds();
  return (
    <>
      <Header config={config} />
      <main className="grid">
        <Products />
        <Cart />
        <Orders config={config} />
        <AuditLog />
        <Metrics />
        <Problems />
        <StormPanel />
        <Reviews />
      </main>
    </>
  );
}
