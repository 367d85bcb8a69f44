import type { Bus } from 'hubbub';
import { attachShop } from './bus/create-shop';
import { readConfig } from './config';
import type { ShopEvents } from './domain/shop-events';
import { shopRegistry } from './domain/shop-registry';

/**
 * What a test copied from the DevTools panel ("Copy as test") imports to replay a recording of
 * the shop: `setup(bus)` attaches everything that lives outside React (middleware, handlers,
 * services, saga) and returns its teardown. The services reply payment first, as the page does
 * with `?replyOrder=payment-first`: record with that URL so the replies come in the same order.
 *
 * @example
 * import { registry, setup } from '../demo/src/hubbub-setup'
 * const bus: Parameters<typeof setup>[0] = createTestBus(); const teardown = setup(bus)
 */
export const setup = (bus: Bus<ShopEvents>): (() => void) => attachShop(bus, readConfig('?replyOrder=payment-first')).stop;

/** The shop's registry: rebuilds class events, upcasts old reviews. @example await registry.decode(envelope) */
export const registry = shopRegistry;
