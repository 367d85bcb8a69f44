import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type Bus, createBus, createRegistry, inspect, type Observation } from '../../src/index';
import { createRelay, type RelayOptions } from '../../src/relay/index';
import { connectRemote, type RemoteConnection, type RemoteOptions, type RemoteStatus } from '../../src/remote/index';
import { parseServerFrame, type ServerFrame } from '../../src/remote/wire';
import { cleanupsAfterEach } from '../support/cleanups';
import { collectConsoleErrors } from '../support/console';
import { cloudEvent, rawClient, until } from './support/raw-client';

const cleanups = cleanupsAfterEach();

const welcome = { op: 'welcome', version: 1, node: 'n', limits: { maxFrameBytes: 65536, maxEventBytes: 32768 } };
const delivered = (id: string, offset: string, text = id) => ({ offset, event: cloudEvent('other', id, 'chat/sent', { text }) });
const events = (...entries: unknown[]) => ({ op: 'events', channel: 'room', epoch: 'e1', events: entries });

/** A well-formed frame of every op the relay sends. */
const validFrames: ServerFrame[] = [
  welcome as ServerFrame,
  { op: 'subscribed', channel: 'room', epoch: 'e1', offset: '0-0', recovered: true },
  { op: 'subscribed', channel: 'room', epoch: 'e1', offset: '0-0', recovered: false, reason: 'trimmed' },
  events(delivered('a', '0-1')) as ServerFrame,
  { op: 'resync', channel: 'room', epoch: 'e2', offset: '0-0', reason: 'reset' },
  { op: 'ack', id: 'x', channel: 'room', offset: '0-1' },
  { op: 'unsubscribed', channel: 'room' },
  { op: 'error', code: 'rate_limited', message: 'slow down', ref: 'x', channel: 'room', retryAfterMs: 10 },
  { op: 'error', code: 'malformed', message: 'bad' },
];

/** Junk for every op, and the problem the parser must name. */
const junkFrames: [string, RegExp][] = [
  ['not json', /frame is not JSON/],
  ['[1,2]', /frame is not a JSON object/],
  ['null', /frame is not a JSON object/],
  ['{"events":[]}', /unknown op undefined/],
  ['{"op":"explode"}', /unknown op "explode"/],
  ['{"op":"toString"}', /unknown op "toString"/],
  ['{"op":"__proto__"}', /unknown op "__proto__"/],
  ['{"op":"welcome","version":1,"node":"n"}', /welcome\.limits must be an object/],
  [
    '{"op":"welcome","version":1,"node":"n","limits":{"maxFrameBytes":1,"maxEventBytes":"big"}}',
    /welcome\.limits\.maxEventBytes must be a number/,
  ],
  ['{"op":"welcome","node":"n","limits":{"maxFrameBytes":1,"maxEventBytes":1}}', /welcome\.version must be a number/],
  ['{"op":"subscribed","channel":"room","epoch":"e1","offset":"0-0"}', /subscribed\.recovered must be a boolean/],
  ['{"op":"subscribed","channel":"room","epoch":"e1","offset":7,"recovered":true}', /subscribed\.offset must be a string/],
  ['{"op":"subscribed","channel":"room","epoch":"e1","offset":"0-0","recovered":false,"reason":{}}', /subscribed\.reason must be a string/],
  ['{"op":"events","channel":"room","epoch":"e1"}', /events\.events must be an array/],
  ['{"op":"events","channel":"room","epoch":"e1","events":{"0":{}}}', /events\.events must be an array/],
  ['{"op":"events","channel":"room","epoch":"e1","events":[null]}', /events\.events\[0\] must be an object/],
  ['{"op":"events","channel":"room","epoch":"e1","events":[{"event":{}}]}', /events\.events\[0\]\.offset must be a string/],
  [
    '{"op":"events","channel":"room","epoch":"e1","events":[{"offset":"0-1","event":null}]}',
    /events\.events\[0\]\.event must be an object/,
  ],
  [
    '{"op":"events","channel":"room","epoch":"e1","events":[{"offset":"0-1","event":{"id":"a","source":"s","type":"t"}},{"offset":"0-2","event":{"id":2,"source":"s","type":"t"}}]}',
    /events\.events\[1\]\.event\.id must be a string/,
  ],
  ['{"op":"events","epoch":"e1","events":[]}', /events\.channel must be a string/],
  ['{"op":"resync","channel":"room","epoch":"e2","offset":"0-0"}', /resync\.reason must be a string/],
  ['{"op":"ack","id":5,"channel":"room","offset":"0-1"}', /ack\.id must be a string/],
  ['{"op":"unsubscribed"}', /unsubscribed\.channel must be a string/],
  ['{"op":"error","message":"m"}', /error\.code must be a string/],
  ['{"op":"error","code":"unavailable","message":"m","ref":["x"]}', /error\.ref must be a string/],
  ['{"op":"error","code":"unavailable","message":"m","retryAfterMs":"soon"}', /error\.retryAfterMs must be a number/],
];

describe('parseServerFrame', () => {
  it('returns well-formed frames of every op as they are', () => {
    for (const frame of validFrames) expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it.each(junkFrames)('names the problem of %s', (text, problem) => {
    const result = parseServerFrame(text);
    expect(typeof result).toBe('string');
    expect(result).toMatch(problem);
  });

  it('refuses what is not text', () => {
    expect(parseServerFrame(undefined)).toMatch(/not a JSON object/);
    expect(parseServerFrame(42)).toMatch(/not a JSON object/);
  });
});

type Events = { 'chat/sent': { text: string } };

/** A fake relay that answers hello with `greeting` frames and records what the client sends. */
const fakeRelay = async (greeting: readonly string[]) => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const received: Record<string, unknown>[] = [];
  let socket: WebSocket | undefined;
  server.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      received.push(frame);
      if (frame.op === 'hello') for (const text of greeting) ws.send(text);
    });
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    send: (frames: readonly (string | object)[]) => {
      for (const f of frames) socket?.send(typeof f === 'string' ? f : JSON.stringify(f));
    },
  };
};

const connect = (url: string, extra: Partial<RemoteOptions<Events>> = {}) => {
  const bus = createBus<Events>();
  const texts: string[] = [];
  bus.subscribe('chat/sent', (e) => {
    texts.push(e.text);
  });
  const observations: Observation[] = [];
  inspect(bus, (o) => observations.push(o));
  const errors: Error[] = [];
  const invalid: Error[] = [];
  const connection: RemoteConnection = connectRemote(bus, {
    url,
    channels: ['room'],
    types: ['chat/sent'],
    registry: createRegistry<Events>().define('chat/sent'),
    WebSocket: WebSocket as never,
    source: 'me',
    onError: (e) => errors.push(e),
    onInvalid: (e) => invalid.push(e),
    ...extra,
  });
  cleanups.push(() => connection.close());
  return { bus, texts, errors, invalid, observations, connection };
};

describe('connectRemote against a relay that sends junk', () => {
  it('ignores and reports junk of every op, and keeps serving the valid frames around it', async () => {
    // Junk welcomes first: the client opens only on the valid one.
    const junkWelcomes = junkFrames.filter(([text]) => text.includes('"welcome"')).map(([text]) => text);
    const relay = await fakeRelay([...junkWelcomes, JSON.stringify(welcome)]);
    const client = connect(relay.url);
    await until(() => client.connection.status.state === 'open', 'open after the valid welcome');
    await until(() => relay.received.some((f) => f.op === 'subscribe'), 'subscribed');
    relay.send([{ op: 'subscribed', channel: 'room', epoch: 'e1', offset: '0-0', recovered: true }]);

    client.bus.emit('chat/sent', { text: 'mine' });
    await until(() => relay.received.some((f) => f.op === 'publish'), 'published');
    const published = relay.received.find((f) => f.op === 'publish') as { event: { id: string } };
    expect(client.connection.outboxSize).toBe(1);

    relay.send([
      events(delivered('first', '0-1')),
      ...junkFrames.map(([text]) => text),
      // An ack that is junk settles nothing; the valid one does.
      { op: 'ack', id: published.event.id, channel: 'room' },
      events(delivered('second', '0-2'), delivered('third', '0-3')),
      { op: 'ack', id: published.event.id, channel: 'room', offset: '0-4' },
    ]);
    await until(() => client.texts.length === 4, 'the valid events delivered');
    expect(client.texts).toEqual(['mine', 'first', 'second', 'third']);
    await until(() => client.connection.outboxSize === 0, 'the valid ack settles the event');

    const ignored = client.errors.filter((e) => e.message.startsWith('[hubbub/remote] ignored a frame from the relay'));
    expect(ignored).toHaveLength(junkWelcomes.length + junkFrames.length + 1);
    expect(ignored.map((e) => e.message)).toEqual(expect.arrayContaining(junkFrames.map(([, problem]) => expect.stringMatching(problem))));
    expect(client.errors).toHaveLength(ignored.length);
    expect(client.invalid).toEqual([]);
    expect(client.observations.filter((o) => o.kind === 'transport' && o.event === 'invalid')).toHaveLength(ignored.length);
    // Junk moved no position; the valid events did.
    expect(client.connection.positions()).toEqual({ room: { epoch: 'e1', offset: '0-3' } });
    expect(client.connection.status.state).toBe('open');
  });

  it('reports an event whose data does not decode through onInvalid, and delivers the next one', async () => {
    const relay = await fakeRelay([JSON.stringify(welcome)]);
    const client = connect(relay.url);
    await until(() => relay.received.some((f) => f.op === 'subscribe'), 'subscribed');
    relay.send([
      events(
        { offset: '0-1', event: { ...cloudEvent('other', 'v9', 'chat/sent', { text: 'x' }), dataversion: 9 } },
        delivered('after', '0-2'),
      ),
    ]);
    await until(() => client.texts.length === 1, 'the valid event delivered');
    expect(client.texts).toEqual(['after']);
    expect(client.invalid).toHaveLength(1);
    expect(client.errors).toEqual([]);
  });

  it('logs an app callback that throws (onInvalid, onError, onStatus) and keeps delivering', async () => {
    const relay = await fakeRelay([JSON.stringify(welcome)]);
    const bus = createBus<Events>();
    const texts: string[] = [];
    bus.subscribe('chat/sent', (e) => void texts.push(e.text));
    const logged = collectConsoleErrors(cleanups);
    const boom = () => {
      throw new Error('app callback failed');
    };
    const connection = connectRemote(bus, {
      url: relay.url,
      channels: ['room'],
      types: ['chat/sent'],
      registry: createRegistry<Events>().define('chat/sent'),
      WebSocket: WebSocket as never,
      onInvalid: boom,
      onError: boom,
      onStatus: boom,
    });
    cleanups.push(() => connection.close());
    await until(() => relay.received.some((f) => f.op === 'subscribe'), 'subscribed');
    relay.send([
      events({ offset: '0-1', event: { ...cloudEvent('other', 'v9', 'chat/sent', { text: 'x' }), dataversion: 9 } }),
      'junk',
      events(delivered('after', '0-2')),
    ]);
    await until(() => texts.length === 1, 'the event after the failing callbacks');
    expect(texts).toEqual(['after']);
    const names = logged.map((parts) => String(parts[0]));
    expect(names).toEqual(expect.arrayContaining(['[hubbub/remote] options.onInvalid threw:', '[hubbub/remote] options.onError threw:']));
    expect(names).toContain('[hubbub/remote] options.onStatus threw:');
  });
});

describe('connectRemote: events the relay would refuse for their size are never sent', () => {
  type SizeEvents = Events & { 'local/tick': undefined };
  /** A real relay (in process) and a client of it, with the client's errors and the relay's metrics. */
  const startPair = async (relayOptions: Partial<RelayOptions>) => {
    const relay = await createRelay({ port: 0, channels: ['room'], log: () => {}, rateLimit: false, ...relayOptions });
    cleanups.push(() => relay.close());
    const watcher = await rawClient(relay.url, { source: 'watcher' });
    cleanups.push(() => watcher.close());
    watcher.send({ op: 'subscribe', channel: 'room' });
    await watcher.next((f) => f.op === 'subscribed');
    const bus = createBus<SizeEvents>();
    const errors: Error[] = [];
    const statuses: RemoteStatus[] = [];
    const remote = connectRemote(bus, {
      url: relay.url,
      channels: ['room'],
      types: ['chat/sent'],
      registry: createRegistry<SizeEvents>().define('chat/sent'),
      WebSocket: WebSocket as never,
      source: 'me',
      onError: (e) => errors.push(e),
      onStatus: (s) => statuses.push(s),
    });
    cleanups.push(() => remote.close());
    const delivered = () =>
      watcher.frames.flatMap((f) => (f.op === 'events' ? f.events.map((e) => (e.event.data as Events['chat/sent']).text) : []));
    return { relay, watcher, bus, errors, statuses, remote, delivered };
  };
  const sent = async (bus: Bus<SizeEvents>, text: string) => (await bus.publish('chat/sent', { text })).errors.map((e) => String(e));

  it('refuses to the publisher an event that fits maxEventBytes but whose frame would exceed maxFrameBytes', async () => {
    const maxFrameBytes = 2048;
    const { relay, watcher, bus, errors, remote, delivered } = await startPair({ maxFrameBytes, maxEventBytes: 8192 });
    await until(() => remote.status.state === 'open', 'open');
    // Two-digit event ids from here on: every event below has the same envelope size.
    for (let n = 0; n < 10; n++) bus.emit('local/tick', undefined);
    expect(await sent(bus, '')).toEqual([]);
    const empty = (await watcher.next((f) => f.op === 'events')) as Extract<ServerFrame, { op: 'events' }>;
    const emptyEvent = JSON.stringify(empty.events[0]?.event);
    const emptyFrame = `{"op":"publish","channel":"room","event":${emptyEvent}}`;
    // A publish frame of exactly maxFrameBytes is accepted; one byte more is refused before it is sent.
    const room = maxFrameBytes - Buffer.byteLength(emptyFrame);
    const accepted = Buffer.byteLength(emptyEvent) + room;
    const text = `${'€'.repeat(Math.floor(room / 3))}${'x'.repeat(room % 3)}`;
    expect(await sent(bus, text)).toEqual([]);
    const refusal = `TypeError: [hubbub/remote] cannot send "chat/sent": it is ${accepted + 1} bytes and the relay accepts ${accepted}. Send ids, not whole records.`;
    expect(await sent(bus, `${text}x`)).toEqual([refusal]);
    expect(await sent(bus, 'after')).toEqual([]);
    await until(() => delivered().length === 3, 'the events that fit delivered');
    expect(delivered().map((t) => Buffer.byteLength(t))).toEqual([0, room, 5]);
    await until(() => remote.outboxSize === 0, 'all acked');
    expect(relay.metrics().errors.frame_too_large).toBe(0);
    // The publisher's error also reaches onError, as the bridge's subscription reports it there.
    expect(errors.map(String)).toEqual([refusal]);
  });

  it('drops and reports events queued before the welcome that turn out too large, and sends the rest in order', async () => {
    const { relay, bus, errors, statuses, remote, delivered } = await startPair({
      maxFrameBytes: 4096,
      maxEventBytes: 8192,
      hardFrameBytes: 64 * 1024,
    });
    // Published at once: the client does not know the relay's limits yet, so all four are queued.
    expect(await sent(bus, 'first')).toEqual([]);
    expect(await sent(bus, 'x'.repeat(100_000))).toEqual([]); // above the relay's hard limit: it would close the socket (1009)
    expect(await sent(bus, 'x'.repeat(6000))).toEqual([]); // above maxFrameBytes: refused without naming the event
    expect(await sent(bus, 'last')).toEqual([]);
    expect(remote.outboxSize).toBe(4);
    await until(() => delivered().length === 2, 'the two that fit delivered');
    expect(delivered()).toEqual(['first', 'last']);
    await until(() => remote.outboxSize === 0, 'all settled');
    expect(errors.map(String)).toEqual([
      expect.stringMatching(/^TypeError: \[hubbub\/remote\] cannot send "chat\/sent": it is 100\d{3} bytes and the relay accepts 40\d\d\./),
      expect.stringMatching(/^TypeError: \[hubbub\/remote\] cannot send "chat\/sent": it is 6\d{3} bytes and the relay accepts 40\d\d\./),
    ]);
    expect(relay.metrics()).toMatchObject({ connectionsTotal: 2, oversizedClosed: 0, errors: { frame_too_large: 0 } });
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'open']);
  });
});

describe('connectRemote: a channel the relay would refuse is never sent', () => {
  it('refuses to the publisher an event whose publishTo channel is no channel name, and leaves nothing in the outbox', async () => {
    const relay = await createRelay({ port: 0, channels: ['room'], log: () => {}, rateLimit: false });
    cleanups.push(() => relay.close());
    const {
      bus,
      errors,
      connection: remote,
    } = connect(relay.url, {
      publishTo: (type) => (type === 'chat/sent' ? 'bad channel!' : 'room'),
    });
    await until(() => remote.status.state === 'open', 'open');
    const report = await bus.publish('chat/sent', { text: 'hi' });
    const refusal =
      'TypeError: [hubbub/remote] cannot send "chat/sent" to channel "bad channel!": publishTo must name a channel matching /^[A-Za-z0-9._:/-]{1,128}$/.';
    expect(report.errors.map(String)).toEqual([refusal]);
    expect(errors.map(String)).toEqual([refusal]);
    expect(remote.outboxSize).toBe(0);
    expect(relay.metrics().errors.malformed ?? 0).toBe(0);
  });
});
