// @vitest-environment happy-dom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { createWindowTransport } from '../../src/devtools/panel/transport/window-transport';
import { createBus } from '../../src/index';
import { createTestPanel } from '../devtools/support/panel';
import { JEST_DEFAULT_FAKES } from './fake-timers-support';

// Taken before any test fakes timers: happy-dom delivers window messages on its own timers, which fake timers leave alone.
const realSetTimeout = globalThis.setTimeout;
const realMacrotasks = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => realSetTimeout(resolve, 0));
};

/** Vitest's default fakes, and Jest's (which fake `queueMicrotask` too). */
const FAKES = { vitest: undefined, jest: JEST_DEFAULT_FAKES } as const;

afterEach(() => vi.useRealTimers());

describe('connectDevtools in a component test under fake timers', () => {
  test.each(Object.entries(FAKES))(
    "%s's default fakes: events reach the panel without advancing timers, and disconnect leaves no timer",
    async (_runner, toFake) => {
      vi.useFakeTimers(toFake === undefined ? undefined : { toFake: [...toFake] });
      const bus = createBus<{ 'cart/added': { sku: string } }>({ name: 'shop' });
      const panel = createTestPanel(bus.id);
      const disconnect = connectDevtools(bus);
      panel.send({ kind: 'connect' });
      await realMacrotasks();
      bus.emit('cart/added', { sku: 'tea' });
      await realMacrotasks();
      expect(panel.entries().filter((entry) => entry.type === 'event' && entry.eventType === 'cart/added')).toHaveLength(1);
      disconnect();
      panel.close();
      expect(vi.getTimerCount()).toBe(0);
    },
  );
});

describe('the in-page panel transport under fake timers', () => {
  test.each(Object.entries(FAKES))(
    "%s's default fakes: it reports connected without the test advancing timers",
    async (_runner, toFake) => {
      vi.useFakeTimers(toFake === undefined ? undefined : { toFake: [...toFake] });
      const statuses: string[] = [];
      const stop = createWindowTransport(window).start((event) => {
        if (event.kind === 'status') statuses.push(event.status);
      });
      await realMacrotasks();
      stop();
      expect(statuses).toEqual(['connected']);
    },
  );
});
