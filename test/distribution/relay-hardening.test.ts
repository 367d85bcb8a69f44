import type { Socket } from 'node:net';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMemoryEngine, createRedisEngine, createRelay, type Relay, type RelayOptions } from '../../src/relay/index';
import { CLOSE_CODES, type RemoteOptions } from '../../src/remote/index';
import type { ServerFrame } from '../../src/remote/wire';
import { cleanupsAfterEach } from '../support/cleanups';
import { cloudEvent, rawClient, until } from './support/raw-client';
import { redisForThisFile } from './support/redis-server';
import { runCli } from './support/relay-process';
import { isOpen, type TickEvents, tickClient } from './support/tick-clients';

type Events = TickEvents;
type EventsFrame = Extract<ServerFrame, { op: 'events' }>;

const redis = redisForThisFile();

const cleanups = cleanupsAfterEach();

let prefixes = 0;
/** A relay on this file's Redis; `prefix` shares storage between relays. */
const redisRelay = async (extra: Partial<RelayOptions> = {}, prefix = `h${++prefixes}:`, engineLog: string[] = []) => {
  const engine = await createRedisEngine({ url: redis().url, prefix, onError: () => {}, log: (m) => engineLog.push(m) });
  const relay = await createRelay({ port: 0, channels: ['room', 'secret'], engine, log: () => {}, rateLimit: false, ...extra });
  cleanups.push(async () => {
    await relay.close();
    await engine.close();
  });
  return relay;
};
const raw = async (url: string, options: Parameters<typeof rawClient>[1] = {}) => {
  const c = await rawClient(url, options);
  cleanups.push(() => c.close());
  return c;
};
const client = (url: string | string[], extra: Partial<RemoteOptions<Events>> = {}) => tickClient(cleanups, url, extra);
const events = (frames: ServerFrame[]) => frames.filter((f): f is EventsFrame => f.op === 'events').flatMap((f) => f.events);
const tick = (source: string, id: string, n: number, data: Record<string, unknown> = {}) =>
  cloudEvent(source, id, 'tick/sent', { from: source, n, ...data });

describe('relay hardening (Redis)', () => {
  it('vouches for source: nobody can say hello as another client, on any relay sharing the Redis', async () => {
    const prefix = `h${++prefixes}:`;
    const [r1, r2] = [await redisRelay({}, prefix), await redisRelay({}, prefix)];
    const victim = client(r1.url, { source: 'victim' });
    const observer = client(r1.url);
    await isOpen(victim, observer);
    await until(() => r1.metrics().connections === 2, 'both connected');
    await new Promise((r) => setTimeout(r, 50));
    for (const relay of [r1, r2]) {
      const mallory = await rawClient(relay.url, { source: 'mallory', hello: false });
      cleanups.push(() => mallory.close());
      mallory.send({ op: 'hello', version: 1, source: 'victim', secret: 'guess' });
      const refused = await mallory.next((f) => f.op === 'error');
      expect(refused).toMatchObject({ code: 'unauthorized', ref: 'victim' });
      expect(refused.op === 'error' && refused.message).toMatch(/source "victim" is held by another client/);
      expect(await mallory.closed).toMatchObject({ code: CLOSE_CODES.policy, reason: 'source held by another client' });
    }
    // Under its own name it may publish, even with the ids the victim uses next: they do not collide.
    const mallory = await raw(r2.url, { source: 'mallory' });
    const busId = victim.bus.id;
    for (let n = 1; n <= 30; n++) mallory.send({ op: 'publish', channel: 'room', event: tick('mallory', `${busId}.${n}`, n) });
    await mallory.next((f) => f.op === 'ack' && f.id === `${busId}.30`);
    for (let n = 0; n < 20; n++) victim.bus.emit('tick/sent', { from: 'victim', n });
    await until(() => observer.received.filter((e) => e.from === 'victim').length === 20, "the victim's 20 events");
    expect(observer.received.filter((e) => e.from === 'victim').map((e) => e.n)).toEqual([...Array(20).keys()]);
    // The victim's own secret still works on the other relay (a reconnect elsewhere).
    const again = await rawClient(r2.url, { hello: false });
    cleanups.push(() => again.close());
    again.send({ op: 'hello', version: 1, source: 'victim', secret: 'guess' });
    await again.next((f) => f.op === 'error' && f.code === 'unauthorized');
  });

  it('a hello without a secret binds the source to that connection; a second hello is refused', async () => {
    const relay = await redisRelay();
    const first = await raw(relay.url, { source: 'plain' });
    first.send({ op: 'hello', version: 1, source: 'other' });
    expect(await first.next((f) => f.op === 'error')).toMatchObject({
      code: 'malformed',
      message: expect.stringMatching(/already accepted/),
    });
    const copycat = await rawClient(relay.url, { hello: false });
    cleanups.push(() => copycat.close());
    copycat.send({ op: 'hello', version: 1, source: 'plain' });
    expect(await copycat.next((f) => f.op === 'error')).toMatchObject({ code: 'unauthorized', ref: 'plain' });
    expect((await copycat.closed).code).toBe(CLOSE_CODES.policy);
    first.send({ op: 'publish', channel: 'room', event: tick('plain', 'still-mine', 1) });
    await first.next((f) => f.op === 'ack' && f.id === 'still-mine');
  });

  it('paces a replay by the socket: a client that stops reading holds one frame, others keep receiving', async () => {
    const maxBufferedBytes = 512 * 1024;
    const relay = await redisRelay({ maxBufferedBytes, heartbeatMs: 0 });
    const publisher = await raw(relay.url, { source: 'p' });
    const filler = 'x'.repeat(16 * 1024);
    const stored = 800;
    for (let n = 0; n < stored; n++) publisher.send({ op: 'publish', channel: 'room', event: tick('p', `e${n}`, n, { filler }) });
    await publisher.next((f) => f.op === 'ack' && f.id === `e${stored - 1}`, 20_000);
    // ~13 MB stored; this client asks for all of it and stops reading at once.
    const sloth = await raw(relay.url, { source: 'sloth' });
    const socket = (sloth.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    sloth.send({ op: 'subscribe', channel: 'room', rewind: 100_000 });
    const healthy = await raw(relay.url, { source: 'healthy' });
    healthy.send({ op: 'subscribe', channel: 'room' });
    await healthy.next((f) => f.op === 'subscribed');
    for (let n = stored; n < stored + 50; n++) publisher.send({ op: 'publish', channel: 'room', event: tick('p', `e${n}`, n) });
    await healthy.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === `e${stored + 49}`));
    expect(events(healthy.frames)).toHaveLength(50);
    await new Promise((r) => setTimeout(r, 300));
    expect(relay.metrics().peakBufferedBytes).toBeLessThanOrEqual(maxBufferedBytes);
    expect(relay.metrics().slowConsumers).toBe(0);
    // Reading again, it gets every event once, in order: the replay, then the live ones it missed.
    socket.resume();
    await sloth.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === `e${stored + 49}`), 20_000);
    expect(events(sloth.frames).map((e) => e.event.id)).toEqual([...Array(stored + 50).keys()].map((n) => `e${n}`));
  });

  it('connectRemote against a rate-limited relay: one retry timer, at most 2 frames per event, order kept', async () => {
    const relay = await redisRelay({ rateLimit: { perSecond: 200, burst: 100 } });
    const observer = client(relay.url);
    const publisher = client(relay.url, { source: 'fast' });
    await isOpen(observer, publisher);
    await until(() => relay.metrics().connections === 2, 'connected');
    await new Promise((r) => setTimeout(r, 50));
    const before = relay.metrics().framesIn;
    const count = 400;
    for (let n = 0; n < count; n++) publisher.bus.emit('tick/sent', { from: 'fast', n });
    await until(() => publisher.connection.outboxSize === 0, 'all acked', 15_000);
    const frames = relay.metrics().framesIn - before;
    expect(frames / count).toBeLessThanOrEqual(2);
    await until(() => observer.received.length === count, 'observer has all');
    expect(observer.received.map((e) => e.n)).toEqual([...Array(count).keys()]);
  });

  it('events refused as unavailable while Redis drops connections are stored in publication order; the reconnect is logged', async () => {
    const engineLog: string[] = [];
    const prefix = `h${++prefixes}:`;
    const relay = await redisRelay({}, prefix, engineLog);
    const publisher = client(relay.url, { source: 'steady' });
    await isOpen(publisher);
    const admin = createClient({ url: redis().url });
    await admin.connect();
    cleanups.push(() => admin.close());
    const total = 600;
    let n = 0;
    const emitting = (async () => {
      for (; n < total; n++) {
        publisher.bus.emit('tick/sent', { from: 'steady', n });
        if (n % 10 === 9) await new Promise((r) => setTimeout(r, 2));
      }
    })();
    for (let k = 0; k < 6; k++) {
      await new Promise((r) => setTimeout(r, 40));
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
    }
    await emitting;
    await until(() => publisher.connection.outboxSize === 0, 'all stored', 20_000);
    const entries = await admin.sendCommand<[string, string[]][]>(['XRANGE', `${prefix}stream:room`, '-', '+']);
    const stored = entries.map(([, fields]) => (JSON.parse(fields[1] as string) as { data: { n: number } }).data.n);
    // At least once: an event whose ack was lost may be stored again, but never before a later one.
    const firsts = stored.filter((value, i) => stored.indexOf(value) === i);
    expect(firsts).toEqual([...Array(total).keys()]);
    expect(relay.metrics().errors.unavailable).toBeGreaterThan(0);
    expect(engineLog.join('\n')).toMatch(/reconnected to Redis at redis:\/\/127\.0\.0\.1/);
  });

  it('idle channels expire on Redis: epoch and stream get a TTL, kept alive while followed', async () => {
    const prefix = `h${++prefixes}:`;
    const engine = await createRedisEngine({ url: redis().url, prefix, channelTtlMs: 1500, onError: () => {} });
    const relay = await createRelay({ port: 0, channels: (c) => c.startsWith('c'), engine, log: () => {} });
    cleanups.push(async () => {
      await relay.close();
      await engine.close();
    });
    const admin = createClient({ url: redis().url });
    await admin.connect();
    cleanups.push(() => admin.close());
    const c = await raw(relay.url, { source: 'c' });
    for (const channel of ['c1', 'c2']) {
      c.send({ op: 'subscribe', channel });
      await c.next((f) => f.op === 'subscribed' && f.channel === channel);
      c.send({ op: 'publish', channel, event: tick('c', `${channel}-1`, 1) });
      await c.next((f) => f.op === 'ack' && f.id === `${channel}-1`);
    }
    c.send({ op: 'unsubscribe', channel: 'c1' });
    await c.next((f) => f.op === 'unsubscribed' && f.channel === 'c1');
    for (const key of ['epoch:c1', 'stream:c1']) expect(await admin.sendCommand<number>(['PTTL', `${prefix}${key}`])).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await admin.sendCommand<number>(['EXISTS', `${prefix}epoch:c1`, `${prefix}stream:c1`])).toBe(0);
    // c2 is still followed: alive.
    expect(await admin.sendCommand<number>(['EXISTS', `${prefix}epoch:c2`, `${prefix}stream:c2`])).toBe(2);
  });

  it('hello deadline, connection cap, 1009 with a reason, an answer to every unsubscribe', async () => {
    const relay = await redisRelay({ helloTimeoutMs: 200, maxConnections: 3, hardFrameBytes: 128 * 1024 });
    const silent = await raw(relay.url, { hello: false });
    expect(await silent.closed).toEqual({ code: CLOSE_CODES.policy, reason: 'no hello within 200 ms' });
    expect(relay.metrics().helloTimeouts).toBe(1);
    const clients = [await raw(relay.url, { source: 'a' }), await raw(relay.url, { source: 'b' }), await raw(relay.url, { source: 'c' })];
    const fourth = new WebSocket(relay.url);
    cleanups.push(() => fourth.terminate());
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      fourth.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    expect(closed).toEqual({ code: CLOSE_CODES.tryAgainLater, reason: 'relay is at its limit of 3 connections; try again later' });
    expect(relay.metrics().refusedConnections).toBe(1);
    const [a, b] = clients as [NonNullable<(typeof clients)[0]>, NonNullable<(typeof clients)[0]>];
    a.send({ op: 'unsubscribe', channel: 'room' });
    await a.next((f) => f.op === 'unsubscribed' && f.channel === 'room');
    b.send('x'.repeat(200 * 1024));
    expect(await b.closed).toEqual({
      code: CLOSE_CODES.tooLarge,
      reason: "frame above the relay's hard limit of 131072 bytes; send smaller frames",
    });
  });

  it('a refused publish names its channel and event; bad channel names are refused at start', async () => {
    const relay = await redisRelay({ authorize: (_token, channel) => channel !== 'secret' });
    const errors: Error[] = [];
    const a = client(relay.url, { publishTo: 'secret', onError: (e) => errors.push(e) });
    await isOpen(a);
    a.bus.emit('tick/sent', { from: 'a', n: 1 });
    await until(() => errors.length === 1, 'refusal reported');
    expect(errors[0]?.message).toMatch(
      /the relay refused "[^"]+" on channel "secret" \(unauthorized\): not allowed to publish on "secret"/,
    );
    await expect(createRelay({ port: 0, channels: ['bad channel!'] })).rejects.toThrow(/"bad channel!" is not a valid name/);
    const cli = await runCli(['--channels', 'shop,bad channel!']);
    expect(cli.code).toBe(2);
    expect(cli.output).toMatch(/--channels: "bad channel!" is not a valid channel name/);
  });
});

describe('idle channels in memory', () => {
  it('a channel nobody follows or publishes to is forgotten after channelTtlMs (its epoch too)', async () => {
    const engine = createMemoryEngine({ channelTtlMs: 200 });
    const relay = await createRelay({ port: 0, channels: ['room', 'busy'], engine, log: () => {} });
    cleanups.push(() => relay.close());
    const c = await raw(relay.url, { source: 'c' });
    const positions: Record<string, { epoch: string; offset: string }> = {};
    for (const channel of ['room', 'busy']) {
      c.send({ op: 'subscribe', channel });
      const subscribed = await c.next((f) => f.op === 'subscribed' && f.channel === channel);
      c.send({ op: 'publish', channel, event: tick('c', `${channel}-1`, 1) });
      const ack = await c.next((f) => f.op === 'ack' && f.id === `${channel}-1`);
      if (subscribed.op === 'subscribed' && ack.op === 'ack') positions[channel] = { epoch: subscribed.epoch, offset: ack.offset };
    }
    c.send({ op: 'unsubscribe', channel: 'room' });
    await c.next((f) => f.op === 'unsubscribed');
    await new Promise((r) => setTimeout(r, 700));
    const later = await raw(relay.url, { source: 'later' });
    for (const channel of ['room', 'busy']) later.send({ op: 'subscribe', channel, from: positions[channel] });
    const answer = (channel: string) => later.next((f) => f.op === 'subscribed' && f.channel === channel);
    expect(await answer('room')).toMatchObject({ recovered: false, reason: expect.stringMatching(/new epoch/) });
    expect(await answer('busy')).toMatchObject({ recovered: true, epoch: positions.busy?.epoch });
  });
});

describe('rewind on subscribe', () => {
  const engines = {
    memory: () => createRelay({ port: 0, channels: ['room'], log: () => {}, rateLimit: false }),
    redis: () => redisRelay(),
  } as const;
  for (const [engine, start] of Object.entries(engines)) {
    it(`${engine}: rewind N and since <time> send retained history first, then live`, async () => {
      const relay: Relay = await start();
      if (engine === 'memory') cleanups.push(() => relay.close());
      const publisher = await raw(relay.url, { source: 'p' });
      const publish = async (from: number, to: number) => {
        for (let n = from; n < to; n++) publisher.send({ op: 'publish', channel: 'room', event: tick('p', `e${n}`, n) });
        await publisher.next((f) => f.op === 'ack' && f.id === `e${to - 1}`);
      };
      await publish(0, 6);
      await new Promise((r) => setTimeout(r, 30));
      const since = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      await publish(6, 10);
      const last3 = await raw(relay.url, { source: 'r' });
      last3.send({ op: 'subscribe', channel: 'room', rewind: 3 });
      const fromTime = await raw(relay.url, { source: 's' });
      fromTime.send({ op: 'subscribe', channel: 'room', since });
      const everything = await raw(relay.url, { source: 't' });
      everything.send({ op: 'subscribe', channel: 'room', rewind: 1000 });
      for (const c of [last3, fromTime, everything]) await c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e9'));
      await publish(10, 11);
      for (const c of [last3, fromTime, everything]) await c.next((f) => f.op === 'events' && f.events.some((e) => e.event.id === 'e10'));
      const ids = (c: { frames: ServerFrame[] }) => events(c.frames).map((e) => e.event.id);
      expect(ids(last3)).toEqual(['e7', 'e8', 'e9', 'e10']);
      expect(ids(fromTime)).toEqual(['e6', 'e7', 'e8', 'e9', 'e10']);
      expect(ids(everything)).toEqual([...Array(11).keys()].map((n) => `e${n}`));
      const bad = await raw(relay.url, { source: 'b' });
      bad.send({ op: 'subscribe', channel: 'room', rewind: 2, from: { epoch: 'x', offset: '0-1' } });
      expect(await bad.next((f) => f.op === 'error')).toMatchObject({ code: 'malformed', message: expect.stringMatching(/not both/) });
      // The same option in connectRemote: the newest 2 reach the bus, then live ones.
      const remote = client(relay.url, { rewind: 2 });
      await until(() => remote.received.length === 2, 'rewound events on the bus');
      await publish(11, 12);
      await until(() => remote.received.length === 3, 'live after rewind');
      expect(remote.received.map((e) => e.n)).toEqual([9, 10, 11]);
    });
  }
});

describe('clear errors for mistakes (issue 13)', () => {
  it('connectRemote with a bad URL reports it through onError and onStatus, never an unhandled rejection', async () => {
    const errors: Error[] = [];
    const states: string[] = [];
    const a = client('not a url', { onError: (e) => errors.push(e), onStatus: (s) => states.push(`${s.state}: ${s.reason ?? ''}`) });
    await new Promise((r) => setTimeout(r, 50));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/options\.url: "not a url" is not a relay URL; pass one like wss:\/\//),
    ]);
    expect(states.at(-1)).toMatch(/^closed: "not a url" is not a relay URL/);
    expect(a.connection.status.state).toBe('closed');
    // Local handlers still run.
    a.bus.emit('tick/sent', { from: 'me', n: 1 });
    expect(a.received).toHaveLength(1);
  });

  it('connectRemote refuses a bad since at once; a bad rewind is refused by the relay through onError, as a raw bad since is', async () => {
    const relay = await redisRelay();
    for (const since of ['yesterday', -5, new Date(Number.NaN)]) {
      expect(() => client(relay.url, { since })).toThrow(/options\.since .* is not a Date, RFC 3339 time or ms since 1970/);
    }
    const errors: Error[] = [];
    client(relay.url, { rewind: -1, onError: (e) => errors.push(e) });
    await until(() => errors.length === 1, 'rewind refused');
    expect(errors[0]?.message).toMatch(/\(malformed\): subscribe\.rewind must be a whole number/);
    const bad = await raw(relay.url, { source: 'b' });
    bad.send({ op: 'subscribe', channel: 'room', since: 'yesterday' });
    expect(await bad.next((f) => f.op === 'error')).toMatchObject({
      code: 'malformed',
      message: expect.stringMatching(/subscribe\.since must be an RFC 3339 time/),
    });
  });

  it('createRelay() without options names the option and the fix', async () => {
    await expect((createRelay as unknown as () => Promise<Relay>)()).rejects.toThrow(
      "[hubbub/relay] createRelay(options): options must be an object, such as { port: 8787, channels: ['shop'] }; got undefined.",
    );
  });

  // As a JavaScript app or a config file passes them: each mistake named, none ignored in silence.
  it.each([
    // Used to listen on a Unix socket named "8787" in the working directory.
    [
      'port as text',
      { port: '8787' },
      'options.port must be a port number from 0 (any free port) to 65535, such as port: 8787; got "8787".',
    ],
    [
      'no channels',
      { channels: undefined },
      "options.channels must be the channel names clients may use, such as channels: ['shop'], or a predicate (channel) => boolean; got undefined.",
    ],
    [
      'channel for channels',
      { channels: undefined, channel: 'shop' },
      'options.channels must be the channel names clients may use, such as channels: [\'shop\'], or a predicate (channel) => boolean; got "channel": "shop" instead.',
    ],
    // Used to start, then refuse every client.
    ['authorize that is not a function', { authorize: true }, 'options.authorize must be a function; got boolean.'],
    [
      'a registry that is not one',
      { registry: {} },
      'options.registry must be the registry made by createRegistry() that defines the events clients may publish; got object.',
    ],
  ])('%s: refused before anything listens, naming the option and what to write', async (_, bad, message) => {
    await expect(createRelay({ port: 0, channels: ['shop'], log: () => {}, ...(bad as object) } as never)).rejects.toThrow(
      new TypeError(`[hubbub/relay] createRelay(options): ${message}`),
    );
  });

  it('an option it does not know is said through its log, with the one most likely meant, and the relay starts', async () => {
    const logs: string[] = [];
    const relay = await createRelay({
      port: 0,
      channels: ['shop'],
      log: (message: string) => logs.push(message),
      orgins: ['https://shop.example'],
    } as never);
    await relay.close();
    expect(logs).toContain('[hubbub/relay] createRelay(options): unknown option "orgins", ignored; did you mean "origins"?');
  });
});
