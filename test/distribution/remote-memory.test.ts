import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createBus, createRegistry, inspect, type Observation } from '../../src/index';
import { createRelay, type Relay } from '../../src/relay/index';
import {
  connectRemote,
  OutboxFullError,
  type RemoteConnection,
  type RemoteOptions,
  type RemoteStatus,
  type ResyncInfo,
} from '../../src/remote/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { collectConsoleErrors } from '../support/console';
import { cloudEvent, rawClient, until } from './support/raw-client';
import { freePort } from './support/redis-server';

type Events = { 'chat/sent': { text: string; n: number }; 'cart/added': { sku: string } };
const registry = () =>
  createRegistry<Events>()
    .define('chat/sent', {
      schema: {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: (v) =>
            typeof (v as { text?: unknown })?.text === 'string'
              ? { value: v as Events['chat/sent'] }
              : { issues: [{ message: 'text must be a string', path: ['text'] }] },
        },
      },
    })
    .define('cart/added');

const cleanups = cleanupsAfterEach();
const relayOn = async (port = 0, extra: Partial<Parameters<typeof createRelay>[0]> = {}) => {
  const relay = await createRelay({ port, channels: ['room'], log: () => {}, ...extra });
  cleanups.push(() => relay.close());
  return relay;
};
const client = (url: string | string[], extra: Partial<RemoteOptions<Events>> = {}) => {
  const bus = createBus<Events>();
  const received: Events['chat/sent'][] = [];
  bus.subscribe('chat/sent', (e) => {
    received.push(e);
  });
  const connection: RemoteConnection = connectRemote(bus, {
    url,
    channels: ['room'],
    types: ['chat/sent'],
    registry: registry(),
    WebSocket: WebSocket as never,
    backoff: { initialMs: 20, maxMs: 200 },
    ...extra,
  });
  cleanups.push(() => connection.close());
  return { bus, received, connection };
};
const open = (c: { connection: RemoteConnection }) => until(() => c.connection.status.state === 'open', 'connection open');
const subscribed = (r: Relay, n: number) => until(() => r.metrics().connections >= n, `${n} connections`);

describe('connectRemote through a relay (in-memory engine)', () => {
  it('delivers another client’s events in order, runs local handlers at once and never echoes', async () => {
    const relay = await relayOn();
    const a = client(relay.url);
    const b = client(relay.url);
    await Promise.all([open(a), open(b)]);
    await new Promise((r) => setTimeout(r, 50));
    for (let n = 0; n < 50; n++) {
      a.bus.emit('chat/sent', { text: `m${n}`, n });
      expect(a.received).toHaveLength(n + 1);
    }
    await until(() => b.received.length === 50, 'b receives 50');
    expect(b.received.map((e) => e.n)).toEqual([...Array(50).keys()]);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.received).toHaveLength(50);
    expect(b.received).toHaveLength(50);
    expect(relay.metrics().published).toBe(50);
  });

  it('keeps events in the outbox while the relay is down and sends them once it is up', async () => {
    const port = await freePort();
    const statuses: RemoteStatus[] = [];
    const a = client(`ws://127.0.0.1:${port}`, { onStatus: (s) => statuses.push(s) });
    for (let n = 0; n < 5; n++) a.bus.emit('chat/sent', { text: 'offline', n });
    expect(a.connection.outboxSize).toBe(5);
    await until(() => statuses.filter((s) => s.state === 'reconnecting').length >= 3, 'a few reconnection attempts');
    const relay = await relayOn(port);
    const b = client(relay.url);
    await open(b);
    await until(() => b.received.length === 5 || relay.metrics().published === 5, 'outbox flushed');
    await until(() => a.connection.outboxSize === 0, 'acks');
    expect(relay.metrics().published).toBe(5);
  });

  it('backs off with jitter between half and all of a doubling ceiling, capped at maxMs', async () => {
    const port = await freePort();
    const statuses: RemoteStatus[] = [];
    client(`ws://127.0.0.1:${port}`, { backoff: { initialMs: 10, maxMs: 80 }, onStatus: (s) => statuses.push(s) });
    await until(() => statuses.filter((s) => s.delayMs !== undefined).length >= 7, '7 scheduled retries', 5000);
    const delays = statuses.filter((s) => s.delayMs !== undefined).map((s) => [s.attempt, s.delayMs as number] as const);
    for (const [attempt, delay] of delays) {
      const ceiling = Math.min(80, 10 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
    expect(delays.slice(-3).every(([, d]) => d >= 40)).toBe(true);
  });

  it('reports a full outbox to the publisher and keeps what it already holds', async () => {
    const port = await freePort();
    const errors: unknown[] = [];
    const a = client(`ws://127.0.0.1:${port}`, { outboxLimit: 3 });
    const logged = collectConsoleErrors(cleanups);
    for (let n = 0; n < 3; n++) a.bus.emit('chat/sent', { text: 'x', n });
    const report = await a.bus.publish('chat/sent', { text: 'one too many', n: 3 });
    // The transport's handler failed: with no onError given, the bus's default logs it.
    expect(logged).toEqual([['[hubbub]', '"chat/sent" failed:', report.errors[0]]]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toBeInstanceOf(OutboxFullError);
    expect(String((report.errors[0] as Error).message)).toMatch(/outbox already holds 3 events.*outboxLimit/);
    expect(a.received).toHaveLength(4);
    expect(a.connection.outboxSize).toBe(3);
    errors.push(...report.errors);
  });

  it('gives the publisher a clear error for data that cannot become JSON', async () => {
    const relay = await relayOn();
    const a = client(relay.url);
    const logged = collectConsoleErrors(cleanups);
    const report = await a.bus.publish('chat/sent', { text: 'big', n: 10n as unknown as number });
    expect(logged).toEqual([['[hubbub]', '"chat/sent" failed:', report.errors[0]]]);
    expect(report.errors[0]).toBeInstanceOf(TypeError);
    expect((report.errors[0] as Error).message).toMatch(/cannot send "chat\/sent".*JSON/);
    expect(a.connection.outboxSize).toBe(0);
  });

  it.each([
    ['a function', { text: 'x', n: 1, format: () => 'x' }, /\("format": function\)/],
    ['a symbol', { text: 'x', n: 1, tag: Symbol('t') }, /\("tag": symbol\)/],
    ['a Map', { text: 'x', n: 1, seen: new Map([['a', 1]]) }, /\("seen": Map\)/],
    ['a Set', { text: 'x', n: 1, tags: new Set(['a']) }, /\("tags": Set\)/],
    ['an Error', { text: 'x', n: 1, cause: new Error('down') }, /\("cause": Error\)/],
  ])('refuses data JSON would lose without a word (%s) to the publisher, naming the field', async (_, data, reason) => {
    const relay = await relayOn();
    const onError = vi.fn();
    const a = client(relay.url, { onError });
    const report = await a.bus.publish('chat/sent', data as never);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toBeInstanceOf(TypeError);
    expect((report.errors[0] as Error).message).toMatch(/cannot send "chat\/sent": its data cannot be turned into JSON faithfully/);
    expect((report.errors[0] as Error).message).toMatch(reason);
    expect(onError).toHaveBeenCalledWith(report.errors[0]);
    expect(a.connection.outboxSize).toBe(0);
  });

  it('sends a Date as its ISO text, and empty plain objects as they are', async () => {
    const relay = await relayOn();
    const [a, b] = [client(relay.url), client(relay.url)];
    await Promise.all([open(a), open(b)]);
    await subscribed(relay, 2);
    const report = await a.bus.publish('chat/sent', { text: 'x', n: 1, at: new Date(0), meta: {}, bare: Object.create(null) } as never);
    expect(report.errors).toEqual([]);
    await until(() => b.received.length === 1, 'b receives');
    expect(b.received).toEqual([{ text: 'x', n: 1, at: '1970-01-01T00:00:00.000Z', meta: {}, bare: {} }]);
  });

  it('drops invalid incoming events, reports them to onInvalid and the bus inspection, delivers the rest', async () => {
    const relay = await relayOn();
    const invalid: string[] = [];
    const observed: Observation[] = [];
    const b = client(relay.url, { onInvalid: (e) => invalid.push(e.message) });
    inspect(b.bus, (o) => observed.push(o));
    await open(b);
    await new Promise((r) => setTimeout(r, 50));
    const raw = await rawClient(relay.url, { source: 'mallory' });
    cleanups.push(() => raw.close());
    raw.send({ op: 'publish', channel: 'room', event: cloudEvent('mallory', '1', 'chat/sent', { text: 42, n: 1 }) });
    raw.send({ op: 'publish', channel: 'room', event: cloudEvent('mallory', '2', 'chat/sent', { text: 'ok', n: 2 }) });
    raw.send({ op: 'publish', channel: 'room', event: cloudEvent('mallory', '2', 'chat/sent', { text: 'dup', n: 2 }) });
    await until(() => b.received.length === 1 && invalid.length === 1, 'one delivered, one refused');
    await new Promise((r) => setTimeout(r, 100));
    expect(b.received).toEqual([{ text: 'ok', n: 2 }]);
    expect(invalid[0]).toMatch(/text: text must be a string/);
    expect(
      observed.some(
        (o) =>
          (o as unknown as { kind: string; event: string }).kind === 'transport' && (o as unknown as { event: string }).event === 'invalid',
      ),
    ).toBe(true);
  });

  it('resumes from its offset after a reconnect, and is told to reload when the relay lost its memory', async () => {
    const port = await freePort();
    const relay = await createRelay({ port, channels: ['room'], log: () => {} });
    const resyncs: ResyncInfo[] = [];
    const b = client(relay.url, { onResync: (r) => resyncs.push(r) });
    const a = client(relay.url);
    await Promise.all([open(a), open(b)]);
    await subscribed(relay, 2);
    await new Promise((r) => setTimeout(r, 50));
    a.bus.emit('chat/sent', { text: 'before', n: 0 });
    await until(() => b.received.length === 1, 'first event');
    await relay.close();
    const fresh = await relayOn(port);
    await until(() => resyncs.length === 1, 'resync after the relay restarted empty');
    expect(resyncs[0]?.channel).toBe('room');
    expect(resyncs[0]?.reason).toMatch(/new epoch|reload/);
    await until(() => a.connection.status.state === 'open' && b.connection.status.state === 'open', 'both reconnected');
    a.bus.emit('chat/sent', { text: 'after', n: 1 });
    await until(() => b.received.length === 2, 'event after resync');
    expect(fresh.metrics().connections).toBe(2);
  });
});
