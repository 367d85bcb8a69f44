// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, entriesOf, settle } from './support/panel';

// A hot reload re-runs the app module that creates and connects a bus: the new run makes a new bus
// of the same name, while the previous run's bus stays connected unless the app disconnects it.

type Events = { 'cart/added': { sku: string } };

afterEach(() => {
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

const connectShop = (name = 'shop') => {
  const bus = createBus<Events>({ name, onError: () => {} });
  const disconnect = connectDevtools(bus);
  cleanups.push(disconnect);
  return { bus, disconnect };
};

const sameNameWarnings = (warn: { mock: { calls: unknown[][] } }) =>
  warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('another bus named'));

describe('connectDevtools and a second bus of the same name', () => {
  it('warns in development that the first may be left over from a hot reload, and streams both', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = connectShop();
    const after = connectShop();
    const warnings = sameNameWarnings(warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"shop"');
    expect(warnings[0]).toContain('hot reload');
    expect(warnings[0]).toContain('Hot reload');

    // Two buses of one name on purpose are legitimate: both stream, each under its own id.
    const panel = createTestPanel(before.bus.id, after.bus.id);
    cleanups.push(panel.close);
    panel.send({ kind: 'connect' });
    await settle();
    before.bus.emit('cart/added', { sku: 'from-before' });
    after.bus.emit('cart/added', { sku: 'from-after' });
    await settle();
    const streamed = panel
      .of('batch')
      .flatMap((batch) => entriesOf(batch).flatMap((entry) => (entry.type === 'event' ? [[batch.instanceId, entry.payload]] : [])));
    expect(streamed).toEqual([
      [before.bus.id, { sku: 'from-before' }],
      [after.bus.id, { sku: 'from-after' }],
    ]);
    expect(new Set(panel.of('hello').map((hello) => hello.instanceId))).toEqual(new Set([before.bus.id, after.bus.id]));
  });

  it('does not warn when the first was disconnected before the second connected (the hot reload cleaned up)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    connectShop().disconnect();
    connectShop();
    expect(sameNameWarnings(warn)).toEqual([]);
  });

  it('does not warn for buses of different names, and counts each connection of a name until it disconnects', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    connectShop('shop');
    connectShop('checkout');
    expect(sameNameWarnings(warn)).toEqual([]);

    const second = connectShop('shop');
    const third = connectShop('shop');
    expect(sameNameWarnings(warn)).toHaveLength(2);
    second.disconnect();
    third.disconnect();
    // The first "shop" is still connected.
    connectShop('shop');
    expect(sameNameWarnings(warn)).toHaveLength(3);
  });

  it('warns by the name the panel shows: connectDevtools’ own name option tells two buses apart', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = createBus<Events>({ name: 'shop' });
    const second = createBus<Events>({ name: 'shop' });
    cleanups.push(connectDevtools(first, { name: 'shop (header)' }), connectDevtools(second, { name: 'shop (cart)' }));
    expect(sameNameWarnings(warn)).toEqual([]);
  });
});
