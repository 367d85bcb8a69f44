// A page that mounts no floating panel by itself: tests call `window.app.mount(options)` as an app's
// module does, again and again (a hot reload re-running it, or a second call elsewhere).
import { connectDevtools } from '../../../../src/devtools/index';
import { mountFloatingPanel } from '../../../../src/devtools/panel/index';
import { createBus } from '../../../../src/index';

type Events = { 'cart:add': { sku: string } };

const bus = createBus<Events>({ name: 'app' });
connectDevtools(bus);

Object.assign(window, { app: { bus, mount: mountFloatingPanel } });
