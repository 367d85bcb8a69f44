// A page that mounts the in-page floating panel (no extension). Tests drive it through `window.app`.
import { connectDevtools } from '../../../../src/devtools/index';
import { mountFloatingPanel } from '../../../../src/devtools/panel/index';
import { createBus } from '../../../../src/index';

type Events = { 'cart:add': { sku: string }; 'admin:delete': { id: string }; 'payment:charge': { amount: number } };

const bus = createBus<Events>({ name: 'app', onError: () => {} });
bus.use((event, ctx) => (ctx.type === 'admin:delete' ? null : event), { name: 'auth-guard' });
bus.subscribe(
  'payment:charge',
  () => {
    throw new Error('Card expired');
  },
  { label: 'gateway' },
);
connectDevtools(bus);
// `?height=300px` mounts the panel with an explicit height, as an app may.
const height = new URLSearchParams(location.search).get('height');
const unmount = mountFloatingPanel(height ? { height } : {});

Object.assign(window, { app: { bus, unmount } });
