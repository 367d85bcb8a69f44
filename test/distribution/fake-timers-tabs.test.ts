// @vitest-environment happy-dom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createBus, createRegistry } from '../../src/index';
import { connectTabs } from '../../src/tabs/index';

// A component test's setup: happy-dom, fake timers, and the BroadcastChannel the environment has (Node's).
type Events = { 'cart/updated': { items: number } };
const registry = () => createRegistry<Events>().define('cart/updated');
let channels = 0;
const connect = (options: { syncSticky?: boolean } = {}) =>
  connectTabs(createBus<Events>({ sticky: ['cart/updated'] }), {
    channel: `fake-timers-tabs-${++channels}`,
    types: ['cart/updated'],
    registry: registry(),
    ...options,
  });
const isPending = async (promise: Promise<unknown>): Promise<boolean> => {
  const pending = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve().then(() => pending)])) === pending;
};

afterEach(() => vi.useRealTimers());

describe('connectTabs under fake timers', () => {
  test('without syncSticky, ready resolves at once: no timer to advance, none left after disconnect', async () => {
    vi.useFakeTimers();
    const disconnect = connect({ syncSticky: false });
    expect(vi.getTimerCount()).toBe(0);
    await expect(disconnect.ready).resolves.toBe(0);
    disconnect();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('with syncSticky, ready waits syncWaitMs on the fake clock', async () => {
    vi.useFakeTimers();
    const disconnect = connect();
    await vi.advanceTimersByTimeAsync(149);
    expect(await isPending(disconnect.ready)).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await expect(disconnect.ready).resolves.toBe(0);
    disconnect();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a disconnect before syncWaitMs resolves ready with what was supplied, and leaves no timer', async () => {
    vi.useFakeTimers();
    const disconnect = connect();
    expect(vi.getTimerCount()).toBe(1);
    disconnect();
    expect(vi.getTimerCount()).toBe(0);
    await expect(disconnect.ready).resolves.toBe(0);
  });
});
