// Plain JavaScript, served as written, so the lines a trace names are this file's own lines.
import { connectDevtools } from '../../../../src/devtools/index';
import { mountFloatingPanel } from '../../../../src/devtools/panel/index';
import { createBus } from '../../../../src/index';

const bus = createBus({ name: 'orders' });
bus.subscribe('order:placed', () => {});
connectDevtools(bus, { trace: true });
mountFloatingPanel();

function placeOrder() {
  bus.publish('order:placed', { id: 'o-1' });
}

// A call in tail position: JavaScriptCore (Safari) drops this function's frame before the call.
function placeOrderQuickly() {
  return bus.publish('order:placed', { id: 'o-2' });
}

document.querySelector('#place').addEventListener('click', () => {
  placeOrder();
});
document.querySelector('#place-quickly').addEventListener('click', () => {
  placeOrderQuickly();
});
// The listener itself calls in tail position: in Safari no frame outside Hubbub is left.
document.querySelector('#place-directly').addEventListener('click', () => bus.publish('order:placed', { id: 'o-3' }));
Object.assign(window, { traceReady: true });
