import { afterEach, describe, expect, test, vi } from 'vitest';
import { createBus, createRegistry } from '../../src/index';
import { connectRemote, type RemoteOptions } from '../../src/remote/index';

type Events = { 'cart/added': { sku: string } };
afterEach(() => vi.useRealTimers());

/** A socket that never reaches the relay: it closes (1006) in a microtask, as a refused connection does. */
class RefusedSocket {
  static made = 0;
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor() {
    RefusedSocket.made++;
    queueMicrotask(() => {
      this.readyState = 3;
      this.onclose?.({ code: 1006, reason: '' });
    });
  }
  send() {}
  close() {
    this.readyState = 3;
  }
}
const connect = (extra: Partial<RemoteOptions<Events>> = {}) =>
  connectRemote(createBus<Events>(), {
    url: 'ws://relay.test/ws',
    channels: ['shop'],
    types: ['cart/added'],
    registry: createRegistry<Events>().define('cart/added'),
    WebSocket: RefusedSocket as never,
    ...extra,
  });

describe('connectRemote under fake timers', () => {
  test('the reconnect backoff runs on the fake clock, and close() leaves no timer behind', async () => {
    vi.useFakeTimers();
    RefusedSocket.made = 0;
    const connection = connect({ backoff: { initialMs: 1000, maxMs: 1000 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(RefusedSocket.made).toBe(2);
    connection.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(RefusedSocket.made).toBe(2);
    expect(connection.status.state).toBe('closed');
  });

  test('close() while token() is pending opens no socket and arms no timer', async () => {
    vi.useFakeTimers();
    RefusedSocket.made = 0;
    let giveToken: (token: string) => void = () => {};
    const connection = connect({ token: () => new Promise<string>((resolve) => (giveToken = resolve)) });
    connection.close();
    giveToken('t');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(RefusedSocket.made).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('connectRemote closed from its own onStatus', () => {
  test('close() on a "reconnecting" status leaves no reconnect timer, and the connection stays closed', async () => {
    vi.useFakeTimers();
    RefusedSocket.made = 0;
    const states: string[] = [];
    const connection = connect({
      backoff: { initialMs: 1000, maxMs: 1000 },
      onStatus: (status) => {
        states.push(status.state);
        if (status.state === 'reconnecting') connection.close();
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(RefusedSocket.made).toBe(1);
    expect(connection.status.state).toBe('closed');
    expect(states.at(-1)).toBe('closed');
  });
});
