// A small app for the extension tests: a bus with a named middleware that blocks, a handler that
// throws, and a handler that publishes a follow-up event (causation). Tests drive it through
// `window.shop`. `?allowDispatch=1` lets the panel dispatch; `?name=` names the bus.

import { connectDevtools } from '../../../../src/devtools/index';
import { createBus } from '../../../../src/index';

type Events = {
  'cart:add': { sku: string; qty: number };
  'order:placed': { orderId: string; total: number };
  'payment:charge': { orderId: string; amount: number };
  'admin:delete': { id: string };
  'bench:tick': { n: number; label: string };
};

const params = new URLSearchParams(location.search);
const bus = createBus<Events>({ name: params.get('name') ?? 'shop', onError: () => {} });

bus.use((event, ctx) => (ctx.type === 'admin:delete' ? null : event), { name: 'auth-guard' });
bus.subscribe('cart:add', () => {}, { label: 'cart-badge', priority: 5 });
bus.subscribe(
  'order:placed',
  (order, ctx) => {
    ctx.publish('payment:charge', { orderId: order.orderId, amount: order.total });
  },
  { label: 'checkout-saga' },
);
bus.subscribe(
  'payment:charge',
  (payment) => {
    throw new Error(`Payment declined for ${payment.orderId}`);
  },
  { label: 'payment-gateway' },
);

// ?deny=a,b: recording controls, for the tests of what never reaches the panel.
const deny = params.get('deny')?.split(',') ?? [];
connectDevtools(bus, { allowDispatch: params.get('allowDispatch') === '1', deny });

const received: string[] = [];
bus.subscribe('*', (_event, ctx) => void received.push(ctx.type), { label: 'test-recorder', priority: -100 });

/** Emits `count` bench:tick events, yielding to the event loop now and then (as a busy app would). */
const flood = async (count: number) => {
  for (let n = 0; n < count; n++) {
    bus.emit('bench:tick', { n, label: n % 10 === 7 ? 'lucky-seven' : 'plain' });
    if (n % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, 0));
  }
};

Object.assign(window, { shop: { bus, received, flood } });
