import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBus, createRegistry } from '../../src/index';
import { createRelay } from '../../src/relay/index';
import { connectRemote } from '../../src/remote/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { until } from './support/raw-client';

type Events = { 'chat/sent': { text: string; via?: string } };
const cleanups = cleanupsAfterEach();

describe('connectRemote: received events are never sent back', () => {
  it('even when every client has a middleware that replaces the event (no loop through the relay)', async () => {
    const relay = await createRelay({ port: 0, channels: ['chat'], log: () => {} });
    cleanups.push(() => relay.close());
    const client = (name: string) => {
      const bus = createBus<Events>({ name });
      bus.use((event) => ({ ...event, via: name }), { name: 'stamp' });
      const received: string[] = [];
      bus.subscribe('chat/sent', (event) => void received.push(`${event.text} via ${event.via}`));
      const registry = createRegistry<Events>().define('chat/sent');
      const connection = connectRemote(bus, {
        url: relay.url,
        channels: ['chat'],
        types: ['chat/sent'],
        registry,
        WebSocket: WebSocket as never,
      });
      cleanups.push(() => connection.close());
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
});
