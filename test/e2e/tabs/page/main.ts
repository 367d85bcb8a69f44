// A test page: builds a bus bridged across tabs and exposes it to the Playwright tests.
import { createBus, createRegistry, inspect, type PublishReport } from '../../../../src/index';
import { connectTabs, type TabsConnection } from '../../../../src/tabs/index';

export class OrderPlaced {
  static type = 'order/placed';
  constructor(
    readonly orderId: string,
    readonly total: number,
  ) {}
  describe() {
    return `${this.orderId}: ${this.total}`;
  }
}

type Events = { 'cart/added': { sku: string; qty: number }; 'cart/updated': { items: number }; 'local/only': string };

const schema = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (v: unknown) => {
      const item = v as { sku?: unknown; qty?: unknown };
      return typeof item?.sku === 'string' && typeof item.qty === 'number'
        ? { value: item as Events['cart/added'] }
        : { issues: [{ message: 'sku must be a string and qty a number', path: ['sku'] }] };
    },
  },
};

const setup = () => {
  const registry = createRegistry<Events>().define('cart/added', { schema }).define('cart/updated').define(OrderPlaced);
  const bus = createBus<Events>({ sticky: ['cart/updated'], onError: () => {} });
  const received: unknown[] = [];
  const invalid: string[] = [];
  const observed: string[] = [];
  const orders: { isInstance: boolean; text: string }[] = [];
  bus.subscribe('cart/added', (item) => {
    received.push(item);
  });
  bus.subscribe('cart/updated', (cart) => {
    received.push(cart);
  });
  bus.subscribe(OrderPlaced, (order) => {
    orders.push({ isInstance: order instanceof OrderPlaced, text: order.describe() });
  });
  inspect(bus, (o) => {
    const t = o as unknown as { kind: string; event?: string };
    if (t.kind === 'transport') observed.push(String(t.event));
  });
  const disconnect: TabsConnection = connectTabs(bus, {
    channel: 'hubbub-e2e',
    types: ['cart/added', 'cart/updated', OrderPlaced],
    registry,
    onInvalid: (error) => invalid.push(error.message),
  });
  return { bus, received, invalid, observed, orders, disconnect, OrderPlaced };
};

declare global {
  interface Window {
    hubbub: ReturnType<typeof setup>;
    lastReport?: PublishReport;
  }
}
window.hubbub = setup();
document.title = 'ready';
