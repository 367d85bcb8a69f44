// A shop page whose last content is a footer with a Checkout button. Query parameters: `long` makes
// the page scroll; `position` and `reserveSpace=false` are passed to mountFloatingPanel.
// Tests drive it through `window.app`.
import { connectDevtools } from '../../../../src/devtools/index';
import { type FloatingPanelOptions, mountFloatingPanel } from '../../../../src/devtools/panel/index';
import { createBus } from '../../../../src/index';

type Events = { 'cart:checkout': { items: number } };

const bus = createBus<Events>({ name: 'shop' });
connectDevtools(bus);

const query = new URLSearchParams(location.search);
const content = document.getElementById('content');
if (query.has('long'))
  for (let line = 1; line <= 60; line++) content?.append(Object.assign(document.createElement('p'), { textContent: `Line ${line}` }));
document.getElementById('checkout')?.addEventListener('click', () => {
  bus.emit('cart:checkout', { items: 1 });
  const output = document.getElementById('checked-out');
  if (output) output.textContent = 'checked out';
});

const options: FloatingPanelOptions = {
  position: (query.get('position') as FloatingPanelOptions['position']) ?? undefined,
  reserveSpace: query.get('reserveSpace') !== 'false',
};
const unmount = mountFloatingPanel(options);

Object.assign(window, { app: { bus, mount: mountFloatingPanel, options, unmount } });
