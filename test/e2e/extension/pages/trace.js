// A page whose bus records call sites (`trace: true`). Plain JavaScript: the dev server serves it
// with its lines unchanged, so the test can find the line of the publish call in this file.
// Tests call `window.placeOrder()`.

import { connectDevtools } from '../../../../src/devtools/index';
import { createBus } from '../../../../src/index';

const bus = createBus({ name: 'traced-shop', onError: () => {} });
connectDevtools(bus, { trace: true });

function placeOrder() {
  return bus.publish('order:placed', { orderId: 'o-42', total: 30 }); // the publish call the Trace tab shows
}

window.placeOrder = placeOrder;
