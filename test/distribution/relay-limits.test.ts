import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBus, createRegistry } from '../../src/index';
import { createRelay, type RelayOptions } from '../../src/relay/index';
import { CLOSE_CODES, connectRemote } from '../../src/remote/index';
import type { ServerFrame } from '../../src/remote/wire';
import { cleanupsAfterEach } from '../support/cleanups';
import { cloudEvent, rawClient, until } from './support/raw-client';

const cleanups = cleanupsAfterEach();
const start = async (extra: Partial<RelayOptions> = {}) => {
  const relay = await createRelay({ port: 0, channels: ['room'], log: () => {}, rateLimit: false, ...extra });
  cleanups.push(() => relay.close());
  return relay;
};
const connectRaw = async (url: string, options: Parameters<typeof rawClient>[1] = {}) => {
  const c = await rawClient(url, options);
  cleanups.push(() => c.close());
  return c;
};
const utf8Bytes = (text: string) => Buffer.byteLength(text);
/** `bytes` bytes of UTF-8 text in characters of `char` (2-4 bytes each), topped up with ASCII. */
const textOf = (bytes: number, char: string) => char.repeat(Math.floor(bytes / utf8Bytes(char))) + 'x'.repeat(bytes % utf8Bytes(char));
const deliveredEvents = (frames: ServerFrame[]) => frames.flatMap((f) => (f.op === 'events' ? f.events : []));

describe('relay: maxEventBytes counts UTF-8 bytes', () => {
  it('accepts an event of exactly maxEventBytes in multi-byte characters and refuses one byte more', async () => {
    const maxEventBytes = 2048;
    const relay = await start({ maxEventBytes });
    const c = await connectRaw(relay.url, { source: 's' });
    const event = (id: string, text: string) => cloudEvent('s', id, 'chat/sent', { text });
    // What the relay measures: the event's JSON, as it stores it.
    const room = maxEventBytes - utf8Bytes(JSON.stringify(event('e1', '')));
    const cases = {
      e1: textOf(room, '€'),
      e2: `${textOf(room, '€')}x`,
      e3: textOf(room, '😀'),
      e4: `${textOf(room, '😀')}x`,
      // Far fewer characters than the limit, far more bytes: the mistake this guards against.
      e5: '€'.repeat(1300),
    };
    for (const [id, text] of Object.entries(cases)) {
      expect(utf8Bytes(JSON.stringify(event(id, text)))).toBe(utf8Bytes(JSON.stringify(event('e1', ''))) + utf8Bytes(text));
      c.send({ op: 'publish', channel: 'room', event: event(id, text) });
    }
    await until(() => c.frames.filter((f) => f.op === 'ack' || f.op === 'error').length === 5, '5 answers');
    const answers = Object.fromEntries(
      c.frames.flatMap((f) => (f.op === 'ack' ? [[f.id, 'ack']] : f.op === 'error' ? [[f.ref, `${f.code}: ${f.message}`]] : [])),
    );
    expect(JSON.stringify(cases.e5).length).toBeLessThan(maxEventBytes);
    expect(answers).toEqual({
      e1: 'ack',
      e2: expect.stringMatching(`^event_too_large: event is ${maxEventBytes + 1} bytes; the limit is ${maxEventBytes}`),
      e3: 'ack',
      e4: expect.stringMatching(`^event_too_large: event is ${maxEventBytes + 1} bytes`),
      e5: expect.stringMatching(/^event_too_large: event is 4\d{3} bytes/),
    });
    expect(relay.metrics()).toMatchObject({ published: 2, errors: { event_too_large: 3 } });
  });
});

describe('relay: a maxEventBytes above the default frame limit', () => {
  it('accepts an event of exactly maxEventBytes in a publish frame, and delivers it (the frame and buffer limits follow it)', async () => {
    const maxEventBytes = 200 * 1024;
    const relay = await start({ maxEventBytes });
    const writer = await connectRaw(relay.url, { source: 'w' });
    const reader = await connectRaw(relay.url, { source: 'r' });
    reader.send({ op: 'subscribe', channel: 'room' });
    await reader.next((f) => f.op === 'subscribed');
    const event = (text: string) => cloudEvent('w', 'big', 'chat/sent', { text });
    const text = 'x'.repeat(maxEventBytes - utf8Bytes(JSON.stringify(event(''))));
    writer.send({ op: 'publish', channel: 'room', event: event(text) });
    await writer.next((f) => f.op === 'ack' || f.op === 'error');
    expect(writer.frames.filter((f) => f.op === 'error')).toEqual([]);
    await until(() => deliveredEvents(reader.frames).length === 1, 'delivered');
    expect(utf8Bytes(JSON.stringify(deliveredEvents(reader.frames)[0]?.event))).toBe(maxEventBytes);
  });
});

describe('connectRemote: the size check before sending counts UTF-8 bytes', () => {
  type Events = { 'chat/sent': { text: string }; 'local/tick': undefined };

  it('sends an event of exactly the relay’s maxEventBytes in multi-byte characters and refuses one byte more', async () => {
    const maxEventBytes = 1000;
    const relay = await start({ maxEventBytes });
    const watcher = await connectRaw(relay.url, { source: 'watcher' });
    watcher.send({ op: 'subscribe', channel: 'room' });
    await watcher.next((f) => f.op === 'subscribed');
    const bus = createBus<Events>();
    const errors: Error[] = [];
    const remote = connectRemote(bus, {
      url: relay.url,
      channels: ['room'],
      types: ['chat/sent'],
      registry: createRegistry<Events>().define('chat/sent'),
      WebSocket: WebSocket as never,
      source: 'me',
      onError: (e) => errors.push(e),
    });
    cleanups.push(() => remote.close());
    await until(() => remote.status.state === 'open', 'open');
    // Two-digit event ids from here on: every event below has the same envelope size.
    for (let n = 0; n < 10; n++) bus.emit('local/tick', undefined);
    const sent = async (text: string) => (await bus.publish('chat/sent', { text })).errors.map((e) => (e as Error).message);
    expect(await sent('')).toEqual([]);
    const empty = (await watcher.next((f) => f.op === 'events')) as Extract<ServerFrame, { op: 'events' }>;
    const room = maxEventBytes - utf8Bytes(JSON.stringify(empty.events[0]?.event));

    expect(await sent(textOf(room, '€'))).toEqual([]);
    expect(await sent(textOf(room, '😀'))).toEqual([]);
    expect(await sent(`${textOf(room, '€')}x`)).toEqual([
      expect.stringMatching(`it is ${maxEventBytes + 1} bytes and the relay accepts ${maxEventBytes}`),
    ]);
    expect(await sent(`${textOf(room, '😀')}x`)).toEqual([expect.stringMatching(`it is ${maxEventBytes + 1} bytes`)]);
    expect(await sent('€'.repeat(400))).toEqual([expect.stringMatching(/it is \d+ bytes and the relay accepts 1000/)]);

    await until(() => deliveredEvents(watcher.frames).length === 3, 'the three that fit delivered');
    expect(deliveredEvents(watcher.frames).map((e) => utf8Bytes(JSON.stringify(e.event)))).toEqual([
      maxEventBytes - room,
      maxEventBytes,
      maxEventBytes,
    ]);
    await until(() => remote.outboxSize === 0, 'all acked');
    // The relay refused none of what the client sent: both count the same bytes.
    expect(relay.metrics().errors.event_too_large).toBe(0);
    expect(errors).toHaveLength(3);
  });
});

describe('relay: maxBufferedBytes bounds what waits for a client', () => {
  /** A payload as the relay stores it: one CloudEvent's JSON, `bytes` long. */
  const payloadOf = (id: string, bytes: number) => {
    const event = cloudEvent('p', id, 'chat/sent', { text: '' });
    return JSON.stringify({ ...event, data: { text: 'x'.repeat(bytes - JSON.stringify(event).length) } });
  };

  it('disconnects a client that stops reading before a live batch would take it past the limit (4008)', async () => {
    const maxBufferedBytes = 64 * 1024;
    const relay = await start({ maxBufferedBytes });
    const sloth = await connectRaw(relay.url, { source: 'sloth' });
    sloth.send({ op: 'subscribe', channel: 'room' });
    await sloth.next((f) => f.op === 'subscribed');
    (sloth.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Batches of ~800 KB each (one engine batch per turn), until the relay gives up on it.
    for (let round = 0; round < 50 && relay.metrics().slowConsumers === 0; round++) {
      for (let n = 0; n < 100; n++) await relay.engine.append('room', payloadOf(`e${round}-${n}`, 8 * 1024));
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => relay.metrics().slowConsumers === 1, 'slow consumer disconnected');
    expect(relay.metrics().peakBufferedBytes).toBeGreaterThan(0);
    expect(relay.metrics().peakBufferedBytes).toBeLessThanOrEqual(maxBufferedBytes);
    (sloth.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await sloth.closed).code).toBe(CLOSE_CODES.slowConsumer);
  });

  it('sends a reading client a live batch larger than a frame in several frames, in order, and keeps it', async () => {
    const maxBufferedBytes = 1024 * 1024;
    const relay = await start({ maxBufferedBytes });
    const reader = await connectRaw(relay.url, { source: 'reader' });
    const frameSizes: number[] = [];
    reader.ws.on('message', (data: Buffer) => frameSizes.push(data.length));
    reader.send({ op: 'subscribe', channel: 'room' });
    await reader.next((f) => f.op === 'subscribed');
    const count = 100;
    // One engine batch of ~800 KB: more than a frame (a quarter of maxBufferedBytes).
    const appends = [];
    for (let n = 0; n < count; n++) appends.push(relay.engine.append('room', payloadOf(`e${n}`, 8 * 1024)));
    await Promise.all(appends);
    await until(() => deliveredEvents(reader.frames).length === count, 'every event delivered');
    expect(deliveredEvents(reader.frames).map((e) => e.event.id)).toEqual([...Array(count).keys()].map((n) => `e${n}`));
    const eventFrames = reader.frames.filter((f) => f.op === 'events').length;
    expect(eventFrames).toBeGreaterThanOrEqual(4);
    expect(Math.max(...frameSizes)).toBeLessThanOrEqual(maxBufferedBytes / 4 + 1024);
    expect(relay.metrics()).toMatchObject({ slowConsumers: 0, delivered: count });
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses a maxBufferedBytes that cannot hold a frame of the largest event', async () => {
    await expect(createRelay({ port: 0, channels: ['room'], maxBufferedBytes: 16 * 1024 })).rejects.toThrow(
      /maxBufferedBytes \(16384\) must hold a frame of the largest event: at least 33792/,
    );
    await expect(
      createRelay({ port: 0, channels: ['room'], maxBufferedBytes: 16 * 1024, maxEventBytes: 8 * 1024, log: () => {} }).then((r) =>
        r.close(),
      ),
    ).resolves.toBeUndefined();
  });
});
