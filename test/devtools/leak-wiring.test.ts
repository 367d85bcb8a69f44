// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { LEAK_CHECK_INTERVAL_MS } from '../../src/devtools/leak-detector';
import { type LeakSuspectEntry, readLeaks } from '../../src/devtools/protocol-exports';
import { createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, settle, type TestPanel } from './support/panel';

type Events = { 'cart/added': { sku: string }; 'row/changed': number };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

const setup = async (options: Parameters<typeof connectDevtools>[1] = {}) => {
  // Only the leak timer is faked: postMessage deliveries and `settle` keep real timers.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const bus = createBus<Events>({ name: 'shop', onError: () => {} });
  const panel = createTestPanel(bus.id);
  const disconnect = connectDevtools(bus, options);
  cleanups.push(disconnect, panel.close);
  panel.send({ kind: 'connect' });
  await settle();
  return { bus, panel, warn, disconnect };
};

const check = async (times = 1) => {
  for (let i = 0; i < times; i++) vi.advanceTimersByTime(LEAK_CHECK_INTERVAL_MS);
  await settle();
};

const latestLeaks = (panel: TestPanel): readonly LeakSuspectEntry[] | undefined =>
  panel
    .of('batch')
    .map(readLeaks)
    .filter((leaks) => leaks !== undefined)
    .at(-1);

describe('connectDevtools: leak warnings', () => {
  it('flags a label and key that keep growing to the viewer, and warns once in the console', async () => {
    const { bus, panel, warn } = await setup();
    // A component that subscribes on every render and never cleans up.
    const mount = () => {
      for (let i = 0; i < 5; i++) bus.subscribe('cart/added', () => {}, { label: 'CartBadge' });
    };
    mount();
    await check(); // baseline: 5
    for (let round = 0; round < 3; round++) {
      mount();
      await check();
    }
    expect(latestLeaks(panel)).toEqual([
      { by: 'label', name: 'CartBadge', live: 20, growth: 15 },
      { by: 'key', name: 'cart/added', live: 20, growth: 15 },
    ]);
    mount();
    await check();
    expect(latestLeaks(panel)?.[0]).toEqual({ by: 'label', name: 'CartBadge', live: 25, growth: 20 });
    const leakWarnings = warn.mock.calls.filter(([message]) => String(message).includes('possible subscription leak'));
    expect(leakWarnings.map(([message]) => String(message).split(' (')[0])).toEqual([
      '[hubbub] possible subscription leak: label "CartBadge" has 20 live subscriptions',
      '[hubbub] possible subscription leak: key "cart/added" has 20 live subscriptions',
    ]);
  });

  it('resends the current suspects to a viewer that connects later', async () => {
    const { bus } = await setup({ leaks: { growthChecks: 1, minGrowth: 3 } });
    bus.subscribe('cart/added', () => {}, { label: 'Leaky' });
    await check(); // baseline: 1
    for (let i = 0; i < 3; i++) bus.subscribe('cart/added', () => {}, { label: 'Leaky' });
    await check();
    const later = createTestPanel(bus.id);
    cleanups.push(later.close);
    later.send({ kind: 'connect' });
    await settle();
    expect(latestLeaks(later)?.map((leak) => leak.name)).toEqual(['Leaky', 'cart/added']);
  });

  it('raises no alarm for a stable list of 1,000 listeners, however long it runs', async () => {
    const { bus, panel, warn } = await setup();
    const mountRows = () => Array.from({ length: 1000 }, () => bus.subscribe('row/changed', () => {}, { label: 'Row' }));
    let rows = mountRows();
    for (let i = 0; i < 20; i++) {
      bus.emit('row/changed', i);
      await check();
    }
    // Re-renders that replace every row: churn, not growth.
    for (let render = 0; render < 5; render++) {
      for (const unsubscribe of rows) unsubscribe();
      rows = mountRows();
      await check();
    }
    await check(5);
    expect(panel.of('batch').filter((batch) => batch.leaks !== undefined)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('stops checking on disconnect, and leaks: false turns it off', async () => {
    const { disconnect } = await setup();
    expect(vi.getTimerCount()).toBe(1);
    disconnect();
    expect(vi.getTimerCount()).toBe(0);
    const bus = createBus<Events>();
    cleanups.push(connectDevtools(bus, { leaks: false }));
    expect(vi.getTimerCount()).toBe(0);
  });
});
