import { afterEach, describe, expect, it } from 'vitest';
import { createBus, createRegistry } from '../../src/index';
import { connectTabs } from '../../src/tabs/index';
import { until } from './support/raw-client';

// Node has BroadcastChannel too: instances with one name in one process reach each other, like tabs.
type Events = { 'cart/added': { sku: string } };
const registry = () => createRegistry<Events>().define('cart/added');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
let n = 0;
const pair = (setupA?: (bus: ReturnType<typeof createBus<Events>>) => void) => {
  const channel = `node-tabs-${++n}`;
  return [setupA, undefined].map((setup) => {
    const bus = createBus<Events>({ onError: () => {} });
    setup?.(bus);
    const received: string[] = [];
    bus.subscribe('cart/added', (e) => {
      received.push(e.sku);
    });
    const disconnect = connectTabs(bus, { channel, types: ['cart/added'], registry: registry(), syncSticky: false });
    cleanups.push(disconnect);
    return { bus, received };
  }) as [
    { bus: ReturnType<typeof createBus<Events>>; received: string[] },
    { bus: ReturnType<typeof createBus<Events>>; received: string[] },
  ];
};

describe('connectTabs (Node BroadcastChannel)', () => {
  it('does not echo events back, even when an async middleware delays the handlers', async () => {
    const [a, b] = pair((bus) => bus.use(async (event) => event, { name: 'async-audit' }));
    b.bus.emit('cart/added', { sku: 'tea' });
    await until(() => a.received.length === 1, 'a receives');
    a.bus.emit('cart/added', { sku: 'milk' });
    await until(() => b.received.length === 2, 'b receives');
    await new Promise((r) => setTimeout(r, 150));
    expect(a.received).toEqual(['tea', 'milk']);
    expect(b.received).toEqual(['tea', 'milk']);
  });

  it('refuses to bridge a type the registry does not know, naming the fix', () => {
    const bus = createBus<Events>();
    // Plain JavaScript callers get no type error, so the runtime check must catch it.
    const types = ['cart/added', 'cart/removed'] as never;
    expect(() => connectTabs(bus, { channel: 'x', types, registry: registry() })).toThrow(
      /type "cart\/removed" is not in the registry; add registry.define\('cart\/removed'/,
    );
  });
});
