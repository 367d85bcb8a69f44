// A page whose devtools connection leaves pointer events out (`deny`). Tests drive it through `window.app`.
import { connectDevtools } from '../../../../src/devtools/index';
import { mountFloatingPanel } from '../../../../src/devtools/panel/index';
import { createBus } from '../../../../src/index';

type Events = { 'pointer/move': { x: number; y: number }; 'cart/added': { sku: string } };

const bus = createBus<Events>({ name: 'app', onError: () => {} });
bus.subscribe('pointer/move', () => {}, { label: 'cursor' });
bus.subscribe('cart/added', () => {}, { label: 'badge' });
connectDevtools(bus, { deny: ['pointer/*'] });
const unmount = mountFloatingPanel();

Object.assign(window, { app: { bus, unmount } });
