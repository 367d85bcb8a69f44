import { test as base, expect, type Page } from '@playwright/test';
import { createRelay, type Relay } from '../../../src/relay/index';
import { pagesServerFixture } from './page-server';

const test = base.extend<{ open: (relay: Relay) => Promise<Page> }, { server: string }>({
  server: pagesServerFixture,
  open: async ({ context, server }, use) => {
    await use(async (relay) => {
      const page = await context.newPage();
      await page.goto(`${server}remote.html?relay=${encodeURIComponent(relay.url)}`);
      await expect(page).toHaveTitle('ready');
      await expect.poll(() => page.evaluate(() => window.hubbubRemote.remote.status.state)).toBe('open');
      return page;
    });
  },
});

test('two browser tabs talk through a relay; an offline tab queues and flushes; a tab whose relay lost its memory is told to reload', async ({
  open,
}) => {
  let relay = await createRelay({ port: 0, channels: ['room'], log: () => {} });
  const { port } = relay;
  try {
    const a = await open(relay);
    const b = await open(relay);
    await expect.poll(() => relay.metrics().connections).toBe(2);
    await a.waitForTimeout(100);
    const local = await a.evaluate(() => {
      window.hubbubRemote.bus.emit('chat/sent', { text: 'hello' });
      return window.hubbubRemote.received.length;
    });
    expect(local).toBe(1);
    await expect.poll(() => b.evaluate(() => window.hubbubRemote.received)).toEqual(['hello']);

    await relay.close();
    await expect.poll(() => a.evaluate(() => window.hubbubRemote.remote.status.state)).toBe('reconnecting');
    await a.evaluate(() => window.hubbubRemote.bus.emit('chat/sent', { text: 'sent while offline' }));
    expect(await a.evaluate(() => window.hubbubRemote.remote.outboxSize)).toBe(1);

    relay = await createRelay({ port, channels: ['room'], log: () => {} });
    await expect.poll(() => b.evaluate(() => window.hubbubRemote.resyncs.map((r) => r.channel))).toEqual(['room']);
    await expect.poll(() => a.evaluate(() => window.hubbubRemote.remote.outboxSize)).toBe(0);
    expect(relay.metrics().published).toBe(1);
    await expect.poll(() => relay.metrics().connections).toBe(2);
    await a.evaluate(() => window.hubbubRemote.bus.emit('chat/sent', { text: 'after' }));
    await expect.poll(() => b.evaluate(() => window.hubbubRemote.received.at(-1))).toBe('after');
    expect(await a.evaluate(() => window.hubbubRemote.received)).toEqual(['hello', 'sent while offline', 'after']);
  } finally {
    await relay.close();
  }
});
