import { WebSocket } from 'ws';
import { createBus, createRegistry } from '../../../src/index';
import { connectRemote, type RemoteOptions } from '../../../src/remote/index';
import { until } from './raw-client';

/** The one event the distribution tests send: who sent it and its number in their sequence. */
export type TickEvents = { 'tick/sent': { from: string; n: number } };
export const tickRegistry = createRegistry<TickEvents>().define('tick/sent');

/**
 * A bus connected to a relay through `connectRemote` on channel 'room', recording every tick it
 * receives; `cleanups` closes the connection after the test.
 *
 * @example
 * const alice = tickClient(cleanups, relayUrl); await isOpen(alice); alice.bus.emit('tick/sent', { from: 'a', n: 1 })
 */
export const tickClient = (cleanups: (() => unknown)[], url: string | string[], extra: Partial<RemoteOptions<TickEvents>> = {}) => {
  const bus = createBus<TickEvents>({ onError: () => {} });
  const received: TickEvents['tick/sent'][] = [];
  bus.subscribe('tick/sent', (e) => {
    received.push(e);
  });
  const connection = connectRemote(bus, {
    url,
    channels: ['room'],
    types: ['tick/sent'],
    registry: tickRegistry,
    WebSocket: WebSocket as never,
    backoff: { initialMs: 20, maxMs: 200 },
    ...extra,
  });
  cleanups.push(() => connection.close());
  return { bus, received, connection };
};

/** Resolves once every client's connection is open. */
export const isOpen = (...clients: { connection: { status: { state: string } } }[]) =>
  until(() => clients.every((c) => c.connection.status.state === 'open'), 'open');
