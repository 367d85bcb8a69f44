import { expect, test } from 'vitest';
import { runScript, sourceUrl } from '../unit/process-exit-support';

/** Two connections to one channel in a Node script (Node has BroadcastChannel too), then `body`. */
const script = (body: string) => `
import { createBus, createRegistry } from '${sourceUrl('index.ts')}';
import { connectTabs } from '${sourceUrl('tabs/index.ts')}';
type Events = { 'cart/updated': { items: number } };
const registry = createRegistry<Events>().define('cart/updated');
const tab = () => {
  const bus = createBus<Events>({ sticky: ['cart/updated'] });
  bus.subscribe('cart/updated', (cart) => console.log('got', cart.items));
  return { bus, disconnect: connectTabs(bus, { channel: 'exit', types: ['cart/updated'], registry, syncWaitMs: 2 ** 31 - 1 }) };
};
const first = tab();
const second = tab();
${body}
`;

test('a script that disconnects its tabs exits, its pending ready resolved, even with a sticky sync still waiting', async () => {
  const run = await runScript(
    script(`
    second.bus.emit('cart/updated', { items: 2 });
    await new Promise<void>((resolve) => first.bus.subscribe('cart/updated', () => resolve()));
    first.disconnect();
    second.disconnect();
    console.log('ready', await first.disconnect.ready, await second.disconnect.ready);`),
  );
  expect(run).toEqual({ code: 0, output: 'got 2\ngot 2\nready 0 0\n' });
});
