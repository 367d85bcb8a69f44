import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CORE } from '../../src/core/internals';
import { type Bus, createBus, createRegistry } from '../../src/index';
import { createRedisEngine, createRelay, type Relay } from '../../src/relay/index';
import { connectRemote, type RemoteConnection, type RemoteOptions } from '../../src/remote/index';
import { type BroadcastChannelLike, connectTabs, type TabsOptions } from '../../src/tabs/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { NeverOpenedSocket } from '../support/never-opened-socket';
import { cloudEvent, rawClient, until } from './support/raw-client';
import { redisForThisFile } from './support/redis-server';

// A tab synchronises its state with the other tabs (BroadcastChannel, real in Node) and hears the
// server's events through the relay (on a real Redis): one bus, both transports, as a user sets it up.
type Events = { 'chat/sent': { text: string }; 'chat/typing': { who: string } };
const registry = createRegistry<Events>().define('chat/sent').define('chat/typing');

const redis = redisForThisFile();
const cleanups = cleanupsAfterEach();

let prefixes = 0;
let channels = 0;

const startRelay = async (): Promise<Relay> => {
  const engine = await createRedisEngine({ url: redis().url, prefix: `tabs-and-relay-${++prefixes}:`, onError: () => {} });
  const relay = await createRelay({ port: 0, channels: ['room'], engine, log: () => {}, rateLimit: false });
  cleanups.push(async () => {
    await relay.close();
    await engine.close();
  });
  return relay;
};

/** A bus standing for one tab: it records the text of every event its handler runs for. */
const tab = (name: string) => {
  const bus = createBus<Events>({ name, onError: () => {} });
  const received: string[] = [];
  bus.subscribe('chat/sent', (event) => void received.push(event.text));
  return { bus, received };
};

const connectToTabs = (bus: Bus<Events>, channel: string, extra: Partial<TabsOptions<Events>> = {}) => {
  const disconnect = connectTabs(bus, { channel, types: ['chat/sent'], registry, syncSticky: false, ...extra });
  cleanups.push(disconnect);
  return disconnect;
};

const connectToRelay = (bus: Bus<Events>, relay: Relay, extra: Partial<RemoteOptions<Events>> = {}): RemoteConnection => {
  const connection = connectRemote(bus, {
    url: relay.url,
    channels: ['room'],
    types: ['chat/sent'],
    registry,
    WebSocket: WebSocket as never,
    backoff: { initialMs: 20, maxMs: 200 },
    ...extra,
  });
  cleanups.push(() => connection.close());
  return connection;
};

const isOpen = (...connections: RemoteConnection[]) => until(() => connections.every((c) => c.status.state === 'open'), 'open');

/**
 * Publishes a marker on the relay from a client of its own, after every event the relay stored so
 * far: a tab that received the marker has handled every earlier relay event (a channel is
 * delivered in order), duplicates included.
 */
const relayMarker = async (relay: Relay, text: string) => {
  const client = await rawClient(relay.url, { source: `marker-${text}` });
  cleanups.push(() => client.close());
  client.send({ op: 'publish', channel: 'room', event: cloudEvent(`marker-${text}`, text, 'chat/sent', { text }) });
  await client.next((frame) => frame.op === 'ack');
};

/** As {@link relayMarker}, on a tabs channel: a tab that received it has handled every earlier tab message. */
const tabsMarker = (channel: string, text: string) => {
  const sender = new BroadcastChannel(channel);
  sender.postMessage({
    hubbub: 'tabs',
    version: 2,
    kind: 'event',
    source: `marker-${text}`,
    id: text,
    time: Date.now(),
    envelope: registry.encode('chat/sent', { text }),
  });
  sender.close();
};

/** Waits until every unacked event of `connections` was stored by the relay. */
const allStored = (...connections: RemoteConnection[]) => until(() => connections.every((c) => c.outboxSize === 0), 'every event stored');

/**
 * A real BroadcastChannel whose incoming messages wait until `release()`: with it, a tab gets an
 * event's relay copy before its tab copy.
 */
const heldChannels = () => {
  let held: (() => void)[] | undefined = [];
  class HeldChannel implements BroadcastChannelLike {
    private readonly channel: BroadcastChannel;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    constructor(name: string) {
      this.channel = new BroadcastChannel(name);
      this.channel.onmessage = (event) => {
        const data = (event as MessageEvent).data;
        if (held) held.push(() => this.onmessage?.({ data }));
        else this.onmessage?.({ data });
      };
    }
    postMessage(message: unknown) {
      this.channel.postMessage(message);
    }
    close() {
      this.channel.close();
    }
  }
  return {
    HeldChannel,
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const deliver of waiting) deliver();
    },
  };
};

/** Two tabs, each connected to the other by BroadcastChannel and to one relay, once both connections are open. */
const twoTabsOnBoth = async () => {
  const relay = await startRelay();
  const channel = `tabs-and-relay-${++channels}`;
  const [a, b] = [tab('a'), tab('b')];
  for (const { bus } of [a, b]) connectToTabs(bus, channel);
  const connections = [connectToRelay(a.bus, relay), connectToRelay(b.bus, relay)];
  await isOpen(...connections);
  return { relay, channel, a, b, connections };
};

describe('a bus connected to other tabs and to a relay runs its handlers once per event', () => {
  it('an event published in one tab reaches the other by BroadcastChannel and by the relay, and runs its handlers once', async () => {
    const { relay, a, b, connections } = await twoTabsOnBoth();
    a.bus.emit('chat/sent', { text: 'hi' });
    await allStored(...connections);
    await relayMarker(relay, 'marker');
    await until(() => b.received.includes('marker'), 'the marker, after the relay copy of "hi"');
    expect(b.received).toEqual(['hi', 'marker']);
    expect(a.received).toEqual(['hi', 'marker']);
  });

  it('the same when the relay copy arrives first, and the tab copy after it', async () => {
    const relay = await startRelay();
    const channel = `tabs-and-relay-${++channels}`;
    const [a, b] = [tab('a'), tab('b')];
    const { HeldChannel, release } = heldChannels();
    connectToTabs(a.bus, channel);
    connectToTabs(b.bus, channel, { BroadcastChannel: HeldChannel });
    const connections = [connectToRelay(a.bus, relay), connectToRelay(b.bus, relay)];
    await isOpen(...connections);
    a.bus.emit('chat/sent', { text: 'hi' });
    await until(() => b.received.includes('hi'), 'the relay copy');
    release();
    tabsMarker(channel, 'marker');
    await until(() => b.received.includes('marker'), 'the marker, after the tab copy of "hi"');
    expect(b.received).toEqual(['hi', 'marker']);
  });

  it('events a tab already has from another tab are not delivered again by a rewind, or by a resume after a lost connection', async () => {
    const relay = await startRelay();
    const channel = `tabs-and-relay-${++channels}`;
    const [a, b] = [tab('a'), tab('b')];
    for (const { bus } of [a, b]) connectToTabs(bus, channel);
    const publisher = connectToRelay(a.bus, relay);
    await isOpen(publisher);
    a.bus.emit('chat/sent', { text: 'one' });
    a.bus.emit('chat/sent', { text: 'two' });
    await allStored(publisher);
    await until(() => b.received.length === 2, 'both by BroadcastChannel');
    // b joins the relay later, asking for its history: "one" and "two" again, by the relay.
    const late = connectToRelay(b.bus, relay, { rewind: 10 });
    await relayMarker(relay, 'first marker');
    await until(() => b.received.includes('first marker'), 'the history, then the marker');
    expect(b.received).toEqual(['one', 'two', 'first marker']);
    // b loses its connection; what a publishes meanwhile reaches it by BroadcastChannel, then by the resume.
    const resumeFrom = late.positions();
    late.close();
    a.bus.emit('chat/sent', { text: 'three' });
    await allStored(publisher);
    await until(() => b.received.includes('three'), '"three" by BroadcastChannel');
    connectToRelay(b.bus, relay, { resume: resumeFrom });
    await relayMarker(relay, 'second marker');
    await until(() => b.received.includes('second marker'), 'the resumed events, then the marker');
    expect(b.received).toEqual(['one', 'two', 'first marker', 'three', 'second marker']);
  });

  it('two different events are both delivered: equal payloads, and another source reusing an event id', async () => {
    const { relay, a, b, connections } = await twoTabsOnBoth();
    let lastId = '';
    a.bus.subscribe('chat/sent', (_, ctx) => {
      lastId = ctx.id;
    });
    a.bus.emit('chat/sent', { text: 'same' });
    a.bus.emit('chat/sent', { text: 'same' });
    await allStored(...connections);
    // Event ids count up per bus, each dispatch one: another relay client publishes, under its own
    // source, the id a's next event will have once a dispatched the intruder's event too.
    const [busId, count] = lastId.split(/\.(?=\d+$)/) as [string, string];
    const nextId = `${busId}.${Number(count) + 2}`;
    const intruder = await rawClient(relay.url, { source: 'intruder' });
    cleanups.push(() => intruder.close());
    intruder.send({ op: 'publish', channel: 'room', event: cloudEvent('intruder', nextId, 'chat/sent', { text: 'from the intruder' }) });
    await intruder.next((frame) => frame.op === 'ack');
    await until(() => a.received.includes('from the intruder') && b.received.includes('from the intruder'), "the intruder's event");
    a.bus.emit('chat/sent', { text: 'real' });
    expect(lastId).toBe(nextId);
    await allStored(...connections);
    await relayMarker(relay, 'marker');
    await until(() => b.received.includes('marker'), 'the marker');
    expect(b.received).toEqual(['same', 'same', 'from the intruder', 'real', 'marker']);
    expect(a.received).toEqual(['same', 'same', 'from the intruder', 'real', 'marker']);
  });

  it("a tab connected to the relay twice runs its handlers once for its own events, and the other tab's once", async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warnings.mockRestore());
    const relay = await startRelay();
    const channel = `tabs-and-relay-${++channels}`;
    const [a, b] = [tab('a'), tab('b')];
    for (const { bus } of [a, b]) connectToTabs(bus, channel);
    const connections = [connectToRelay(a.bus, relay), connectToRelay(a.bus, relay), connectToRelay(b.bus, relay)];
    expect(warnings).toHaveBeenCalledTimes(1);
    await isOpen(...connections);
    a.bus.emit('chat/sent', { text: 'from a' });
    b.bus.emit('chat/sent', { text: 'from b' });
    await allStored(...connections);
    await relayMarker(relay, 'marker');
    await until(() => a.received.includes('marker') && b.received.includes('marker'), 'the marker');
    expect(a.received).toEqual(['from a', 'from b', 'marker']);
    expect(b.received).toEqual(['from b', 'from a', 'marker']);
  });

  it('an event of a type one connection does not carry still arrives by the one that does', async () => {
    const relay = await startRelay();
    const channel = `tabs-and-relay-${++channels}`;
    const [a, b] = [tab('a'), tab('b')];
    const typing: string[] = [];
    b.bus.subscribe('chat/typing', (event) => void typing.push(event.who));
    connectToTabs(a.bus, channel, { types: ['chat/sent', 'chat/typing'] });
    connectToTabs(b.bus, channel);
    const connections = [
      connectToRelay(a.bus, relay, { types: ['chat/sent', 'chat/typing'] }),
      connectToRelay(b.bus, relay, { types: ['chat/sent', 'chat/typing'] }),
    ];
    await isOpen(...connections);
    // b's tabs connection skips it (not one of its types) and must not count it as delivered.
    a.bus.emit('chat/typing', { who: 'a' });
    await allStored(...connections);
    await relayMarker(relay, 'marker');
    await until(() => b.received.includes('marker'), 'the marker');
    expect(typing).toEqual(['a']);
  });

  it('warns in development when a later connection names another source than the bus has', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warnings.mockRestore());
    const relay = await startRelay();
    const { bus } = tab('a');
    const disconnect = connectToTabs(bus, `tabs-and-relay-${++channels}`);
    const connection = connectToRelay(bus, relay, { source: 'stable-source', secret: 'stable-secret' });
    expect(connection.source).toBe('stable-source');
    expect(disconnect.source).not.toBe('stable-source');
    expect(warnings.mock.calls).toEqual([
      [expect.stringMatching(/options\.source "stable-source" is not the source of bus "a" \(".+", from its first connection\)/)],
    ]);
  });

  it.each([
    [{ max: Number.NaN }, 'max', 'NaN'],
    [{ max: 0 }, 'max', '0'],
    [{ ttlMs: '10 minutes' as unknown as number }, 'ttlMs', '10 minutes'],
  ])('a dedupe bound that would turn deduplication off (%o) is refused, naming it', (dedupe, bound, got) => {
    const message = `options.dedupe.${bound} must be a number above 0; got ${got}.`;
    expect(() => connectToTabs(tab('a').bus, `tabs-and-relay-${++channels}`, { dedupe })).toThrow(message);
    const options = { url: 'ws://127.0.0.1:1', channels: ['room'], types: ['chat/sent'] as const, registry, dedupe };
    expect(() => connectRemote(tab('b').bus, { ...options, WebSocket: NeverOpenedSocket })).toThrow(message);
  });

  it('a flood of distinct events keeps what the bus remembers of arrivals at its cap', async () => {
    const relay = await startRelay();
    const b = tab('b');
    const channel = `tabs-and-relay-${++channels}`;
    // The bus's first connection sizes the one set of arrivals all its connections share.
    connectToTabs(b.bus, channel, { dedupe: { max: 100 } });
    const connection = connectToRelay(b.bus, relay);
    await isOpen(connection);
    const flooder = await rawClient(relay.url, { source: 'flooder' });
    cleanups.push(() => flooder.close());
    const FLOOD = 3000;
    for (let n = 0; n < FLOOD; n++) {
      flooder.send({ op: 'publish', channel: 'room', event: cloudEvent('flooder', `flood-${n}`, 'chat/sent', { text: `${n}` }) });
    }
    await until(() => b.received.length === FLOOD, 'every flooded event, each once', 20_000);
    const arrivals = b.bus[CORE]._bridges;
    expect(arrivals?._delivered.size).toBe(100);
    expect(arrivals?._arrivedIds.size).toBeLessThanOrEqual(1000);
  }, 30_000);
});
