import { describe, expect, test } from 'vitest';
import { createBus, createRegistry } from '../../src/index';
import { connectRemote, type RemoteConnection } from '../../src/remote/index';
import { createRetentionProbe, type RetentionProbe, UnackingRelaySocket } from './retention-support';

// An app often keeps its connection where it made it (a field of a store, a module variable) and
// only calls close() on it: what it keeps must not keep the bus.
type Events = { 'cart/updated': { items: number } };

/** The unacking relay socket that also answers a subscribe with one event from another client. */
class MemoryRelaySocket extends UnackingRelaySocket {
  override send(text: string) {
    super.send(text);
    const frame = JSON.parse(text) as { op: string; channel?: string };
    if (frame.op !== 'subscribe') return;
    this.answer({ op: 'subscribed', channel: frame.channel, epoch: 'e1', offset: '0-0', recovered: true });
    const event = {
      specversion: '1.0',
      id: 'other-1',
      source: 'another-tab',
      type: 'cart/updated',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      dataversion: 1,
      data: { items: 3 },
    };
    this.answer({ op: 'events', channel: frame.channel, epoch: 'e1', events: [{ offset: '0-1', event }] });
  }
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A bus with a handler, connected with every app callback, having received an event and sent one
 * that waits for an ack; only the connection is returned (made here, so the test's body keeps
 * nothing else).
 */
const arrange = (probe: RetentionProbe) => {
  const bus = probe.track('bus', createBus<Events>({ onError: () => {} }));
  bus.subscribe(
    'cart/updated',
    probe.track('handler', () => {}),
  );
  const connection = connectRemote(bus, {
    url: 'ws://relay.test/ws',
    channels: ['shop'],
    types: ['cart/updated'],
    registry: probe.track('registry', createRegistry<Events>().define('cart/updated')),
    WebSocket: MemoryRelaySocket as never,
    token: probe.track('token', () => 'token'),
    onStatus: probe.track('onStatus', () => {}),
    onError: probe.track('onError', () => {}),
    onResync: probe.track('onResync', () => {}),
    onInvalid: probe.track('onInvalid', () => {}),
  });
  bus.emit('cart/updated', probe.track('sent payload', { items: 1 }));
  return connection;
};

/** Waits for the socket to open, the welcome, the subscription and the event it brings. */
const settle = async () => {
  for (let n = 0; n < 3; n++) await nextTask();
};

describe('hubbub/remote: a connection kept after close() keeps nothing of the bus', () => {
  test('kept open, it keeps the bus, its handler and the callbacks (what close() must let go of)', async () => {
    const probe = createRetentionProbe();
    const app: { connection?: RemoteConnection } = { connection: arrange(probe) };
    await settle();
    expect(await probe.retained()).toEqual(expect.arrayContaining(['bus', 'handler', 'onStatus', 'onError', 'onResync', 'onInvalid']));
    app.connection?.close();
  });

  test('closed and still kept (a field, a module variable), it lets go of the bus, its handler, the registry and every callback', async () => {
    const probe = createRetentionProbe();
    const app: { connection?: RemoteConnection } = { connection: arrange(probe) };
    await settle();
    app.connection?.close();
    expect(await probe.retained()).toEqual([]);
    expect(app.connection?.status.state).toBe('closed');
  });

  test('closed, it still answers: its source, the closed status, the last positions, an empty outbox', async () => {
    const probe = createRetentionProbe();
    const connection = arrange(probe);
    await settle();
    const source = connection.source;
    expect(connection.outboxSize).toBe(1);
    connection.close();
    connection.close();
    expect(connection.source).toBe(source);
    expect(connection.status).toEqual({ state: 'closed', url: 'ws://relay.test/ws', attempt: 0 });
    expect(connection.positions()).toEqual({ shop: { epoch: 'e1', offset: '0-1' } });
    expect(connection.outboxSize).toBe(0);
  });
});
