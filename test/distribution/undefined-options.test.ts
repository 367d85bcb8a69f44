// @vitest-environment happy-dom
// An option given as `undefined` means "use the default", exactly as if it were left out (the
// option types say so under exactOptionalPropertyTypes). These tests pass each option as undefined
// where a `{ ...DEFAULTS, ...options }` spread, an `'x' in options` check or a default under a
// spread would have lost the default.
import { BroadcastChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CORE } from '../../src/core/internals';
import { connectDevtools as connectDevtoolsAlwaysOn } from '../../src/devtools/always-on';
import { connectDevtools } from '../../src/devtools/index';
import { mountFloatingPanel } from '../../src/devtools/panel/always-on';
import { PAGE_SOURCE, PROTOCOL_VERSION, type StreamEntry, toWire } from '../../src/devtools/protocol-exports';
import { createBus, createRegistry, createSaga, inspect, type Observation } from '../../src/index';
import { createMemoryEngine, createRedisEngine, createRelay } from '../../src/relay/index';
import { backoffDelay, connectRemote, type RemoteStatus } from '../../src/remote/index';
import type { ServerFrame } from '../../src/remote/wire';
import { connectTabs, createTtlSet } from '../../src/tabs/index';
import { recordBus } from '../../src/testing/playwright/record-bus';
import { fakePage } from '../devtools/support/fake-page';
import { createTestPanel, settle } from '../devtools/support/panel';
import { cleanupsAfterEach } from '../support/cleanups';
import { cloudEvent, rawClient, until } from './support/raw-client';
import { freePort } from './support/redis-server';

type Events = { 'chat/sent': { text: string }; 'cart/added': { sku: string }; 'order/paid': { orderId: string } };
const registry = () => createRegistry<Events>().define('chat/sent').define('cart/added').define('order/paid');
const cleanups = cleanupsAfterEach();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRelay: options given as undefined', () => {
  const startWith = async (options: Parameters<typeof createRelay>[0]) => {
    const relay = await createRelay(options);
    cleanups.push(() => relay.close());
    return relay;
  };
  const welcomeOf = async (url: string) => {
    const c = await rawClient(url, { source: 'raw' });
    cleanups.push(() => c.close());
    const welcome = c.frames.find((f): f is Extract<ServerFrame, { op: 'welcome' }> => f.op === 'welcome');
    return { c, limits: welcome?.limits };
  };

  it('enforce the default limits (maxEventBytes 32 KiB, maxFrameBytes 64 KiB)', async () => {
    const relay = await startWith({
      port: 0,
      channels: ['room'],
      log: () => {},
      host: undefined,
      engine: undefined,
      origins: undefined,
      authorize: undefined,
      registry: undefined,
      maxFrameBytes: undefined,
      hardFrameBytes: undefined,
      maxEventBytes: undefined,
      rateLimit: undefined,
      maxBufferedBytes: undefined,
      heartbeatMs: undefined,
      replayPage: undefined,
      helloTimeoutMs: undefined,
      maxConnections: undefined,
      sourceLeaseMs: undefined,
    });
    expect(relay.host).toBe('127.0.0.1');
    // origins: the loopback default, pages of other sites refused.
    await expect(rawClient(relay.url, { origin: 'https://evil.example' })).rejects.toThrow(/Unexpected server response: 403/);
    const { c, limits } = await welcomeOf(relay.url);
    expect(limits).toEqual({ maxEventBytes: 32 * 1024, maxFrameBytes: 64 * 1024 });
    // Left out: the same limits.
    const plain = await startWith({ port: 0, channels: ['room'], log: () => {} });
    expect((await welcomeOf(plain.url)).limits).toEqual(limits);

    c.send({ op: 'subscribe', channel: 'room' });
    c.send({ op: 'publish', channel: 'room', event: cloudEvent('raw', 'small', 'chat/sent', { text: 'hi' }) });
    c.send({ op: 'publish', channel: 'room', event: cloudEvent('raw', 'big', 'chat/sent', { text: 'x'.repeat(40_000) }) });
    await until(() => c.frames.filter((f) => f.op === 'ack' || (f.op === 'error' && f.ref !== undefined)).length === 2, '2 answers');
    expect(c.frames.some((f) => f.op === 'ack' && f.id === 'small')).toBe(true);
    expect(c.frames.find((f) => f.op === 'error' && f.ref === 'big')).toMatchObject({ code: 'event_too_large' });
  });

  it('memory engine: default retain and channelTtlMs', async () => {
    const engine = createMemoryEngine({ retain: undefined, batchMs: undefined, channelTtlMs: undefined });
    cleanups.push(() => engine.close());
    for (let n = 0; n < 3; n++) await engine.append('room', `e${n}`);
    expect((await engine.range('room', '0-0', 10)).map((e) => e.payload)).toEqual(['e0', 'e1', 'e2']);
  });

  it('redis engine: the default connectTimeoutMs, named in no message as "undefined"', async () => {
    const port = await freePort();
    const started = createRedisEngine({
      url: `redis://127.0.0.1:${port}`,
      prefix: undefined,
      maxLength: undefined,
      readCount: undefined,
      batchMs: undefined,
      connectTimeoutMs: undefined,
      channelTtlMs: undefined,
      onError: undefined,
      log: undefined,
    });
    const error = await started.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/cannot reach Redis/);
    expect(error?.message).not.toMatch(/undefined/);
  });
});

describe('connectRemote: options given as undefined', () => {
  const relayOn = async (port: number) => {
    const relay = await createRelay({ port, channels: ['room'], log: () => {} });
    cleanups.push(() => relay.close());
    return relay;
  };

  it('publishes to the first channel, and reconnects after the default backoff', async () => {
    const port = await freePort();
    const relay = await relayOn(port);
    const statuses: RemoteStatus[] = [];
    const a = createBus<Events>();
    const remote = connectRemote(a, {
      url: relay.url,
      channels: ['room'],
      types: ['chat/sent'],
      registry: registry(),
      WebSocket: WebSocket as never,
      token: undefined,
      publishTo: undefined,
      outboxLimit: undefined,
      backoff: undefined,
      resume: undefined,
      dedupe: undefined,
      source: undefined,
      secret: undefined,
      rewind: undefined,
      since: undefined,
      onStatus: (status) => statuses.push(status),
      onResync: undefined,
      onError: undefined,
      onInvalid: undefined,
    });
    cleanups.push(() => remote.close());
    const b = createBus<Events>();
    const received: string[] = [];
    b.subscribe('chat/sent', (e) => {
      received.push(e.text);
    });
    const other = connectRemote(b, {
      url: relay.url,
      channels: ['room'],
      types: ['chat/sent'],
      registry: registry(),
      WebSocket: WebSocket as never,
    });
    cleanups.push(() => other.close());
    await until(() => remote.status.state === 'open' && other.status.state === 'open', 'both open');
    await until(() => relay.metrics().connections === 2, 'both subscribed');
    await sleep(50);
    a.emit('chat/sent', { text: 'hello' });
    await until(() => received.length === 1, 'delivered');
    expect(remote.source).toMatch(/\S/);

    await relay.close();
    await relayOn(port);
    await until(() => remote.status.state === 'open' && statuses.some((s) => s.state === 'reconnecting'), 'reconnected', 5000);
    // The first retry of the default backoff (initialMs 250): between 125 and 250 ms.
    const delay = statuses.find((s) => s.delayMs !== undefined)?.delayMs;
    expect(delay).toBeGreaterThanOrEqual(125);
    expect(delay).toBeLessThanOrEqual(250);
  });

  it('backoff and dedupe fields given as undefined keep their defaults', () => {
    const random = () => 1;
    for (const attempt of [1, 3, 10]) {
      expect(backoffDelay(attempt, { initialMs: undefined, maxMs: undefined, factor: undefined }, random)).toBe(
        backoffDelay(attempt, {}, random),
      );
    }
    expect(backoffDelay(3, { initialMs: undefined }, random)).toBe(1000);
    const seen = createTtlSet({ max: undefined, ttlMs: undefined });
    expect(seen.add('a')).toBe(true);
    expect(seen.add('b')).toBe(true);
    expect(seen.add('a')).toBe(false);
    expect(seen.size).toBe(2);
  });
});

describe('connectTabs: options given as undefined', () => {
  it('asks for sticky values and waits the default 150 ms for them', async () => {
    const channel = `undefined-options-${Math.random()}`;
    const tab = (syncSticky?: boolean) => {
      const bus = createBus<Events>({ sticky: ['cart/added'] });
      const disconnect = connectTabs(bus, {
        channel,
        types: ['cart/added'],
        registry: registry(),
        BroadcastChannel: BroadcastChannel as never,
        syncSticky,
        syncWaitMs: undefined,
        dedupe: undefined,
        onError: undefined,
        onInvalid: undefined,
      });
      cleanups.push(disconnect);
      return { bus, disconnect };
    };
    const first = tab(false);
    first.bus.emit('cart/added', { sku: 'tea' });
    const started = Date.now();
    const second = tab(undefined);
    expect(await second.disconnect.ready).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(second.bus.last('cart/added')).toEqual({ sku: 'tea' });
  });
});

describe('createSaga: options given as undefined', () => {
  it('no timeout, 10,000 keys pending at most, and the default duplicate window', async () => {
    const bus = createBus<Events>();
    const statuses: string[] = [];
    inspect(bus, (o: Observation) => {
      if (o.kind === 'saga') statuses.push(`${o.key}:${o.status}`);
    });
    const completed: string[] = [];
    const saga = createSaga(bus, {
      name: 'checkout',
      steps: ['cart/added', 'order/paid'],
      correlate: (e) => ('sku' in e ? e.sku : e.orderId),
      complete: ([added]) => {
        completed.push(added.sku);
      },
      timeout: undefined,
      onTimeout: undefined,
      duplicateWindow: undefined,
      maxPending: undefined,
    });
    cleanups.push(() => saga.dispose());
    for (const key of ['o1', 'o2', 'o3']) bus.emit('cart/added', { sku: key });
    // A default under a spread would give up a key at once (maxPending undefined) or time it out.
    expect(saga.pending().map((p) => [p.key, p.deadline])).toEqual([
      ['o1', undefined],
      ['o2', undefined],
      ['o3', undefined],
    ]);
    bus.emit('order/paid', { orderId: 'o1' });
    await settle();
    expect(completed).toEqual(['o1']);
    // Within the default 5 s window, a redelivered step is a duplicate, not a new attempt.
    bus.emit('cart/added', { sku: 'o1' });
    expect(statuses).toContain('o1:duplicate');
    expect(saga.pending().map((p) => p.key)).toEqual(['o2', 'o3']);
    expect(statuses.filter((s) => s.endsWith(':failed'))).toEqual([]);
  });
});

describe('connectDevtools: options given as undefined', () => {
  type Page = Record<string, unknown>;
  const emitLong = async (options: Parameters<typeof connectDevtools>[1]) => {
    const bus = createBus<Page>({ name: 'shop' });
    const panel = createTestPanel(bus.id);
    cleanups.push(connectDevtools(bus, options), panel.close);
    panel.send({ kind: 'connect' });
    await settle();
    bus.emit('note', { text: 'x'.repeat(30_000), deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: 1 } } } } } } } } } } } });
    await settle();
    const event = panel.entries().find((e) => e.type === 'event' && e.eventType === 'note');
    return { panel, payload: JSON.stringify(event?.type === 'event' ? event.payload : undefined) };
  };

  it('limits: undefined, and each cap undefined, keep the default caps', async () => {
    const capped = await emitLong({ limits: undefined });
    expect(capped.payload.length).toBeLessThan(11_000);
    const eachUndefined = await emitLong({
      limits: { maxDepth: undefined, maxKeys: undefined, maxString: undefined, maxBytes: undefined },
    });
    expect(eachUndefined.payload).toBe(capped.payload);
  });

  it('name, maxBuffer, leaks and the recording controls given as undefined', async () => {
    const { panel, payload } = await emitLong({
      name: undefined,
      enabled: undefined,
      sanitize: undefined,
      redact: undefined,
      maxBuffer: undefined,
      allowDispatch: undefined,
      registry: undefined,
      trace: undefined,
      allow: undefined,
      deny: undefined,
      sample: undefined,
      maxPerSecond: undefined,
      leaks: { growthChecks: undefined, minGrowth: undefined, intervalMs: undefined },
    });
    expect(payload.length).toBeLessThan(11_000);
    expect(panel.of('hello').at(-1)?.instance).toMatchObject({ name: 'shop', allowDispatch: false });
  });

  it("'hubbub/devtools/production' stays on with enabled: undefined in a production build", async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const bus = createBus<Page>();
      cleanups.push(connectDevtoolsAlwaysOn(bus, { enabled: undefined }));
      expect(bus[CORE]._observer).not.toBeUndefined();
      const off = createBus<Page>();
      cleanups.push(connectDevtoolsAlwaysOn(off, { enabled: false }));
      expect(off[CORE]._observer).toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('mountFloatingPanel: every option undefined', () => {
    const unmount = mountFloatingPanel({
      open: undefined,
      position: undefined,
      height: undefined,
      container: undefined,
      buttonLabel: undefined,
    });
    cleanups.push(unmount);
    const host = document.querySelector('[data-hubbub-floating-panel]');
    const toggle = host?.shadowRoot?.querySelector('button');
    expect(toggle?.textContent).toBe('Hubbub');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(toggle?.style.cssText).toMatch(/bottom: ?12px/);
  });
});

describe('recordBus: options given as undefined', () => {
  it('waits with the default timeout, not none', async () => {
    const { page, send } = fakePage();
    const recorder = await recordBus(page, { bus: undefined, timeout: undefined });
    cleanups.push(() => recorder.stop());
    const waiting = recorder.waitFor('cart/added', { where: undefined, timeout: undefined });
    const settled = vi.fn();
    waiting.then(settled, settled);
    await sleep(100);
    expect(settled).not.toHaveBeenCalled();
    const base = { source: PAGE_SOURCE, version: PROTOCOL_VERSION, sessionId: 's1', instanceId: 'bus-1' };
    send({
      ...base,
      kind: 'hello',
      instance: { id: 'bus-1', name: 'shop', allowDispatch: false, url: 'http://localhost/', buffered: 0, dropped: 0, streaming: true },
    });
    const event: StreamEntry = {
      type: 'event',
      seq: 1,
      id: 'e1',
      eventType: 'cart/added',
      payload: { sku: 'tea' },
      timestamp: 0,
      correlationId: 'e1',
      causationId: undefined,
      depth: 0,
      via: 'emit',
      replayed: false,
    };
    send({ ...base, kind: 'batch', entries: JSON.stringify([toWire(event)]), count: 1, dropped: 0 });
    expect((await waiting).payload).toEqual({ sku: 'tea' });
  });
});
