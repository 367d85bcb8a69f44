// A module that subscribes and adds a middleware when it is imported.
import { bus } from './bus';
import { probe } from './probe';

import.meta.hot?.data.stop?.();
const stops = [
  bus.subscribe('cart/added', (item) => probe.ran.push(`handlers.ts handler, handlers v1: ${item.sku}`), { label: 'moduleHandler' }),
  bus.use(
    (event, ctx) => {
      probe.ran.push(`middleware, handlers v1: ${ctx.type}`);
      return event;
    },
    { name: 'logger' },
  ),
];
if (import.meta.hot) {
  import.meta.hot.data.stop = () => {
    for (const stop of stops) stop();
  };
}
