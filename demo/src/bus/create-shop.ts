import { type Bus, createBus, type Saga } from 'hubbub';
import type { DemoConfig } from '../config';
import type { ShopEvents } from '../domain/shop-events';
import { subscribeAnalytics } from '../handlers/analytics';
import { subscribeStorm } from '../handlers/storm';
import { subscribeValidation } from '../handlers/validation';
import { authorization } from '../middleware/authorization';
import { logging } from '../middleware/logging';
import { metrics } from '../middleware/metrics';
import { startFulfillmentSaga } from '../services/fulfillment-saga';
import { type InventoryService, startInventoryService } from '../services/inventory-service';
import { startPaymentService } from '../services/payment-service';
import { useLogStore } from '../stores/log-store';
import { useMetricsStore } from '../stores/metrics-store';
import { watchBus } from './watch-bus';

/** The shop's bus with everything that lives outside React attached. */
export interface Shop {
  readonly bus: Bus<ShopEvents>;
  readonly inventory: InventoryService;
  readonly saga: Saga;
  /** Detaches services, saga, handlers and middleware. */
  stop(): void;
}

/**
 * Builds the shop on a new bus named 'demo shop'; see {@link attachShop}. Failures without a
 * handler's own `onError` (the storm's EventStormError) are logged as warnings: the bus isolated
 * them and the Problems panel lists them, so a red console error would say the shop broke.
 *
 * @example
 * const shop = createShop(readConfig(location.search))
 */
export const createShop = (config: DemoConfig): Shop =>
  attachShop(
    createBus<ShopEvents>({
      name: 'demo shop',
      onError: (error, _event, ctx) => console.warn(`[demo shop] "${ctx.type}" failed; isolated by the bus, listed under Problems:`, error),
    }),
    config,
  );

/**
 * Attaches the shop to a bus (the app's own, or a test bus replaying a recording): its middleware
 * (logging, authorization, metrics: the seed's order), the OrderPlaced handlers by priority
 * (validation 100, services 0, analytics -10; the orders store, subscribed from React, records at
 * 200), the simulated services, the fulfillment saga and the storm loop.
 *
 * @example
 * const config = readConfig(location.search)
 * const shop = attachShop(createBus<ShopEvents>(), config)
 * createRoot(el).render(<BusProvider bus={shop.bus}><App config={config} /></BusProvider>)
 */
export const attachShop = (bus: Bus<ShopEvents>, config: DemoConfig): Shop => {
  const stops = [
    watchBus(bus),
    bus.use(
      logging((line) => {
        useLogStore.getState().write(line);
        console.debug('[demo shop]', line);
      }),
      { name: 'logging' },
    ),
    bus.use(authorization(), { name: 'authorization' }),
    bus.use(metrics(useMetricsStore.getState().count), { name: 'metrics' }),
  ];
  const inventory = startInventoryService(bus, config.replyOrder);
  stops.push(
    inventory.stop,
    subscribeValidation(bus, inventory.available),
    subscribeAnalytics(bus, {
      limit: config.analyticsLimit,
      record: useMetricsStore.getState().addRevenue,
      onError: (error, order) => console.warn(`[demo shop] analytics failed for ${order.orderId}; isolated, the order goes on:`, error),
    }),
    startPaymentService(bus, config.replyOrder),
    subscribeStorm(bus),
  );
  const saga = startFulfillmentSaga(bus, config.timeoutMs);
  stops.push(saga.dispose);
  return {
    bus,
    inventory,
    saga,
    stop: () => {
      for (const stop of stops.reverse()) stop();
    },
  };
};
