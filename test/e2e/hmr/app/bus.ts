// The module a new user writes first: the bus, its devtools, the floating panel, a handler.
// The lines with import.meta.hot are the README's hot reload cleanup; a test turns them off to see the app without it.
import { createBus } from 'hubbub';
import { connectDevtools } from 'hubbub/devtools';
import { mountFloatingPanel } from 'hubbub/devtools/panel';
import { probe } from './probe';

export type Events = { 'cart/added': { sku: string }; note: string };

import.meta.hot?.data.stop?.();
export const bus = createBus<Events>({ name: 'shop' });
probe.buses.push(bus);
const stops = [
  connectDevtools(bus),
  bus.subscribe('cart/added', (item) => probe.ran.push(`bus.ts handler, bus v1: ${item.sku}`), { label: 'inBusModule' }),
];
mountFloatingPanel();
if (import.meta.hot) {
  import.meta.hot.data.stop = () => {
    for (const stop of stops) stop();
  };
}
