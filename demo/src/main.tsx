import { connectDevtools } from 'hubbub/devtools/production';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createShop } from './bus/create-shop';
import { BusProvider } from './bus/hooks';
import { App } from './components/App';
import { readConfig } from './config';
import { shopRegistry } from './domain/shop-registry';

const config = readConfig(window.location.search);
const shop = createShop(config);
// The DevTools extension's panel and the in-page panel both read this stream; the panel may
// dispatch and replay events (rebuilt through the registry). On in a production build too (the
// '/production' import): the demo is a showroom, not an app to ship.
connectDevtools(shop.bus, { name: 'demo shop', allowDispatch: true, registry: shopRegistry });

const root = document.getElementById('root');
if (!root) throw new Error('demo/index.html needs an element with id="root".');
createRoot(root).render(
  <StrictMode>
    <BusProvider bus={shop.bus}>
      <App config={config} />
    </BusProvider>
  </StrictMode>,
);
