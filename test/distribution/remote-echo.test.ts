import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type Bus, createBus, createRegistry } from '../../src/index';
import { createRelay, type Relay } from '../../src/relay/index';
import { connectRemote } from '../../src/remote/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { until } from './support/raw-client';

type Events = { 'chat/sent': { text: string; via?: string } };
const cleanups = cleanupsAfterEach();

const startRelay = async () => {
  const relay = await createRelay({ port: 0, channels: ['chat'], log: () => {} });
  cleanups.push(() => relay.close());
  return relay;
};

/** Connects `bus` to the relay's chat channel; closed after the test. */
const connect = (bus: Bus<Events>, relay: Relay) => {
  const registry = createRegistry<Events>().define('chat/sent');
  const connection = connectRemote(bus, {
    url: relay.url,
    channels: ['chat'],
    types: ['chat/sent'],
    registry,
    WebSocket: WebSocket as never,
  });
  cleanups.push(() => connection.close());
  return connection;
};

describe('connectRemote: received events are never sent back', () => {
  it('even when every client has a middleware that replaces the event (no loop through the relay)', async () => {
    const relay = await startRelay();
    const client = (name: string) => {
      const bus = createBus<Events>({ name });
      bus.use((event) => ({ ...event, via: name }), { name: 'stamp' });
      const received: string[] = [];
      bus.subscribe('chat/sent', (event) => void received.push(`${event.text} via ${event.via}`));
      const connection = connect(bus, relay);
      return { bus, received, connection };
    };
    const [a, b] = [client('a'), client('b')];
    await until(() => a.connection.status.state === 'open' && b.connection.status.state === 'open', 'both open');
    a.bus.emit('chat/sent', { text: 'hi' });
    await until(() => b.received.length === 1, 'b receives');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.received).toEqual(['hi via a']);
    expect(b.received).toEqual(['hi via b']);
    expect(relay.metrics().published).toBe(1);
  });

  it('a bus connected to the relay twice loops no event through it, and the second connection is warned about', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warnings.mockRestore());
    const relay = await startRelay();
    const twice = createBus<Events>({ name: 'twice' });
    const other = createBus<Events>({ name: 'other' });
    const received = { twice: [] as string[], other: [] as string[] };
    twice.subscribe('chat/sent', (event) => void received.twice.push(event.text));
    other.subscribe('chat/sent', (event) => void received.other.push(event.text));
    const connections = [connect(twice, relay), connect(twice, relay), connect(other, relay)];
    expect(warnings.mock.calls).toEqual([
      [expect.stringMatching(/bus "twice" is already connected to the relay at ws:\/\/.*, so each event will be sent twice/)],
    ]);
    await until(() => connections.every((c) => c.status.state === 'open'), 'all open');
    other.emit('chat/sent', { text: 'hi' });
    await until(() => received.twice.length === 1, 'a connection delivers');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Received by both connections, delivered once; neither sends what the other delivered back to the relay.
    expect(received).toEqual({ twice: ['hi'], other: ['hi'] });
    expect(relay.metrics().published).toBe(1);
  });
});
