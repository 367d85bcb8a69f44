import { getHeapStatistics } from 'node:v8';
import { describe, expect, test } from 'vitest';
import { type Bus, createBus, createRegistry } from '../../src/index';
import { connectRemote, type RemoteConnection, type RemoteOptions } from '../../src/remote/index';
import { type BroadcastChannelLike, connectTabs } from '../../src/tabs/index';
import { createRetentionProbe, type RetentionProbe, UnackingRelaySocket } from './retention-support';

type Events = { 'cart/updated': { items: number } };
const registry = () => createRegistry<Events>().define('cart/updated');

/** Connects `bus` to a relay in memory (by default one that never acks). */
const connectToMemoryRelay = (bus: Bus<Events>, options: Partial<RemoteOptions<Events>> = {}) =>
  connectRemote(bus, {
    url: 'ws://relay.test/ws',
    channels: ['shop'],
    types: ['cart/updated'],
    registry: registry(),
    WebSocket: UnackingRelaySocket as never,
    ...options,
  });

/** The channels open per name: closing one removes it, so this registry keeps no closed channel. */
const openChannels = new Map<string, Set<MemoryChannel>>();

/** A BroadcastChannel in memory: what one posts reaches the others of its name, cloned, in a microtask. */
class MemoryChannel implements BroadcastChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(private readonly name: string) {
    const channels = openChannels.get(name) ?? new Set();
    channels.add(this);
    openChannels.set(name, channels);
  }
  postMessage(message: unknown) {
    const data = structuredClone(message);
    for (const other of openChannels.get(this.name) ?? []) if (other !== this) queueMicrotask(() => other.onmessage?.({ data }));
  }
  close() {
    openChannels.get(this.name)?.delete(this);
  }
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Two buses sharing `cart/updated` across tabs, each with a handler, each having sent one event; only the disconnects are returned. */
const arrangeTabs = (probe: RetentionProbe, channel: string) => {
  const connect = (name: string) => {
    const bus = probe.track(`${name} bus`, createBus<Events>({ name, sticky: ['cart/updated'] }));
    bus.subscribe(
      'cart/updated',
      probe.track(`${name} handler`, () => {}),
    );
    const disconnect = connectTabs(bus, { channel, types: ['cart/updated'], registry: registry(), BroadcastChannel: MemoryChannel });
    return { bus, disconnect };
  };
  const first = connect('first');
  const second = connect('second');
  first.bus.emit('cart/updated', probe.track('first payload', { items: 1 }));
  second.bus.emit('cart/updated', probe.track('second payload', { items: 2 }));
  return { disconnects: [first.disconnect, second.disconnect] };
};

/** Calls each held disconnect and lets go of them, in a frame of its own (the test's async body would keep them in its saved registers). */
const disconnectAndLetGo = (held: { disconnects?: (() => void)[] }) => {
  for (const disconnect of held.disconnects ?? []) disconnect();
  delete held.disconnects;
};

describe('hubbub/tabs: nothing is kept after disconnect', () => {
  test('disconnect() lets go of the bus, its handlers, and the events sent and received', async () => {
    const probe = createRetentionProbe();
    const held: { disconnects?: (() => void)[] } = arrangeTabs(probe, 'retention-drop');
    await nextTask();
    disconnectAndLetGo(held);
    expect(await probe.retained()).toEqual([]);
  });

  test('a disconnect function kept after its call (a pagehide listener) keeps nothing of the connection', async () => {
    const probe = createRetentionProbe();
    const page = new EventTarget();
    const { disconnects } = arrangeTabs(probe, 'retention-kept');
    for (const disconnect of disconnects) page.addEventListener('pagehide', disconnect);
    await nextTask();
    for (const disconnect of disconnects) disconnect();
    expect(await probe.retained()).toEqual([]);
    page.dispatchEvent(new Event('pagehide'));
  });
});

describe('hubbub/remote: nothing is kept after close', () => {
  /** A bus connected to a relay that never acks, having sent one event; only the connection is returned. */
  const arrangeRemote = (probe: RetentionProbe) => {
    const bus = probe.track('bus', createBus<Events>());
    bus.subscribe(
      'cart/updated',
      probe.track('handler', () => {}),
    );
    const connection = connectToMemoryRelay(bus);
    bus.emit('cart/updated', probe.track('unacked payload', { items: 1 }));
    return { connection };
  };
  const closeAndLetGo = (held: { connection?: RemoteConnection }) => {
    held.connection?.close();
    delete held.connection;
  };

  test('close() lets go of the bus, its handlers and the events it sent, acked or not', async () => {
    const probe = createRetentionProbe();
    const held: { connection?: RemoteConnection } = arrangeRemote(probe);
    await nextTask();
    closeAndLetGo(held);
    expect(await probe.retained()).toEqual([]);
  });

  test('the outbox keeps unacked events as the text it sends, never the payloads', async () => {
    const probe = createRetentionProbe();
    const held: { connection?: RemoteConnection } = arrangeRemote(probe);
    await nextTask();
    expect(held.connection?.outboxSize).toBe(1);
    expect(await probe.retained()).not.toContain('unacked payload');
    closeAndLetGo(held);
  });
});

describe('hubbub/remote: what close() and junk frames leave behind', () => {
  test('close() drops the events still queued for the relay, as documented', async () => {
    const bus = createBus<Events>();
    const connection = connectToMemoryRelay(bus);
    bus.emit('cart/updated', { items: 1 });
    await nextTask();
    expect(connection.outboxSize).toBe(1);
    connection.close();
    expect(connection.outboxSize).toBe(0);
  });

  test('an error about a huge junk frame quotes its start without keeping the whole frame alive', async () => {
    const FRAME_CHARACTERS = 8_000_000;
    const FRAMES = 5;
    /** Welcomes the client, then sends junk frames of 8 MB each. */
    class JunkSocket extends UnackingRelaySocket {
      override send(frame: string) {
        super.send(frame);
        if ((JSON.parse(frame) as { op?: string }).op !== 'hello') return;
        for (let n = 0; n < FRAMES; n++) setTimeout(() => this.onmessage?.({ data: `${n}`.padEnd(FRAME_CHARACTERS, 'x') }));
      }
    }
    const heapBefore = await usedHeapAfterCollection();
    const errors: Error[] = [];
    const connection = connectToMemoryRelay(createBus<Events>(), {
      WebSocket: JunkSocket as never,
      onError: (error) => errors.push(error),
    });
    for (let n = 0; n < FRAMES + 2; n++) await nextTask();
    const heapAfter = await usedHeapAfterCollection();
    connection.close();
    expect(errors).toHaveLength(FRAMES);
    expect(errors[0]?.message).toContain('"0xxxxxxx');
    expect(errors[0]?.message.length).toBeLessThan(400);
    // Each kept error used to hold its whole frame (8 MB of one-byte characters): 40 MB for five.
    expect(heapAfter - heapBefore).toBeLessThan(FRAME_CHARACTERS);
  });
});

/** V8's used heap after full collections. */
const usedHeapAfterCollection = async () => {
  await createRetentionProbe().retained();
  return getHeapStatistics().used_heap_size;
};
