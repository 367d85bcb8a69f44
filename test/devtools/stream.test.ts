// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CORE } from '../../src/core/internals';
import { connectDevtools, REDACTED } from '../../src/devtools/index';
import { checkPageMessage, PAGE_SOURCE, PROTOCOL_VERSION, type StreamEntry } from '../../src/devtools/protocol-exports';
import { createStreamReader } from '../../src/devtools/stream-reader';
import { type Bus, createBus, createSaga } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, entriesOf, settle, type TestPanel } from './support/panel';

type Events = { 'cart/added': { sku: string; qty: number }; 'user/login': { name: string; password: string }; ping: number; pong: number };

afterEach(() => {
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

const setup = (options: Parameters<typeof connectDevtools>[1] = {}) => {
  const bus = createBus<Events>({ name: 'shop', onError: () => {} });
  const panel = createTestPanel(bus.id);
  const disconnect = connectDevtools(bus, options);
  cleanups.push(disconnect, panel.close);
  return { bus, panel, disconnect };
};

const connect = async (panel: TestPanel, instanceId?: string) => {
  panel.send(instanceId === undefined ? { kind: 'connect' } : { kind: 'connect', instanceId });
  await settle();
};

/** Drops entries whose seq was already seen, as a panel does with a re-sent history. */
const unseen = (entries: StreamEntry[]) => {
  let last = 0;
  return entries.filter((e) => {
    if (e.seq <= last) return false;
    last = e.seq;
    return true;
  });
};

const ofType = <T extends StreamEntry['type']>(entries: StreamEntry[], type: T) =>
  entries.filter((e): e is Extract<StreamEntry, { type: T }> => e.type === type);

describe('connectDevtools: handshake and stream', () => {
  it('says hello on connect with the bus as an instance, every message valid under the protocol', async () => {
    const { bus, panel } = setup({ name: 'Shop bus', allowDispatch: true });
    await settle();
    const [hello] = panel.of('hello');
    expect(hello).toMatchObject({
      source: PAGE_SOURCE,
      version: PROTOCOL_VERSION,
      instanceId: bus.id,
      instance: { id: bus.id, name: 'Shop bus', allowDispatch: true, url: location.href, buffered: 0, dropped: 0, streaming: false },
    });
    expect(typeof hello?.sessionId).toBe('string');
    await connect(panel);
    bus.emit('cart/added', { sku: 'tea', qty: 1 });
    await settle();
    expect(panel.messages.slice(0, 4).map((m) => m.kind)).toEqual(['hello', 'hello', 'snapshot', 'batch']);
    expect(panel.of('hello')[1]?.instance.streaming).toBe(true);
    for (const message of panel.messages) expect(checkPageMessage(message)).toEqual({ ok: true, message });
  });

  it('streams events with payload, metadata and causation, then handler runs and the dispatch summary', async () => {
    const { bus, panel } = setup();
    await connect(panel);
    bus.subscribe('cart/added', function countItems(_item, ctx) {
      ctx.emit('ping', 1);
    });
    bus.subscribe(
      'ping',
      () => {
        throw new TypeError('ping failed');
      },
      { label: 'pinger' },
    );
    bus.emit('cart/added', { sku: 'tea', qty: 2 });
    await settle();
    const entries = panel.entries();
    const [added, ping] = ofType(entries, 'event');
    expect(added).toMatchObject({
      eventType: 'cart/added',
      payload: { sku: 'tea', qty: 2 },
      via: 'emit',
      depth: 0,
      replayed: false,
    });
    expect(added?.causationId).toBeUndefined();
    expect(added?.correlationId).toBe(added?.id);
    expect(ping).toMatchObject({ eventType: 'ping', payload: 1, causationId: added?.id, correlationId: added?.id, depth: 1 });
    const handlers = ofType(entries, 'handler');
    expect(handlers.map((h) => [h.label, h.outcome])).toEqual([
      ['pinger', 'error'],
      ['countItems', 'ok'],
    ]);
    expect(handlers[0]?.error).toMatchObject({ name: 'TypeError', message: 'ping failed' });
    expect(handlers[0]?.error?.stack).toContain('ping failed');
    expect(ofType(entries, 'dispatched').map((d) => [d.eventId, d.delivered, d.errorCount])).toEqual([
      [ping?.id, 1, 1],
      [added?.id, 1, 0],
    ]);
    expect(ofType(entries, 'subscription').map((s) => [s.change, s.subscription.label])).toEqual([
      ['added', 'countItems'],
      ['added', 'pinger'],
    ]);
    const seqs = entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('streams middleware decisions with names, the transformed value and what a middleware threw', async () => {
    const { bus, panel } = setup();
    await connect(panel);
    bus.use((e) => e, { name: 'logger' });
    bus.use((e, ctx) => (ctx.type === 'cart/added' ? { ...(e as object), qty: 99 } : e), { name: 'bulk' });
    bus.use((e, ctx) => (ctx.type === 'ping' ? null : e), { name: 'no-ping' });
    bus.use(
      (e, ctx) => {
        if (ctx.type === 'pong') throw new Error('pong refused');
        return e;
      },
      { name: 'strict' },
    );
    await bus.publish('cart/added', { sku: 'tea', qty: 1 });
    await bus.publish('ping', 1);
    await bus.publish('pong', 2);
    await settle();
    const decisions = ofType(panel.entries(), 'middleware').map((m) => [m.name, m.decision, m.value ?? m.error?.message ?? null]);
    expect(decisions).toEqual([
      ['logger', 'passed', null],
      ['bulk', 'transformed', { sku: 'tea', qty: 99 }],
      ['no-ping', 'passed', null],
      ['strict', 'passed', null],
      ['logger', 'passed', null],
      ['bulk', 'passed', null],
      ['no-ping', 'blocked', null],
      ['logger', 'passed', null],
      ['bulk', 'passed', null],
      ['no-ping', 'passed', null],
      ['strict', 'threw', 'pong refused'],
    ]);
    expect(ofType(panel.entries(), 'dispatched').map((d) => d.blockedBy)).toEqual([undefined, 'no-ping', 'strict']);
  });

  it('streams storm warnings and saga changes', async () => {
    const bus = createBus<Events>({ maxDepth: 3, onError: () => {} });
    const panel = createTestPanel(bus.id);
    cleanups.push(connectDevtools(bus), panel.close);
    await connect(panel);
    bus.subscribe('ping', (n, ctx) => ctx.emit('pong', n));
    bus.subscribe('pong', (n, ctx) => ctx.emit('ping', n));
    const saga = createSaga(bus, { name: 'checkout', steps: ['cart/added', 'user/login'], correlate: () => 'k1', complete: () => {} });
    cleanups.push(saga.dispose);
    bus.emit('ping', 1);
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    bus.emit('user/login', { name: 'ann', password: 'x' });
    await settle();
    const [storm] = ofType(panel.entries(), 'storm');
    expect(storm).toMatchObject({ eventType: expect.stringMatching(/ping|pong/), depth: 4 });
    expect(storm?.message).toMatch(/maxDepth/);
    expect(storm?.chain).toHaveLength(5);
    // The refused event has its own entry, so a reader (the panel's) joins the storm to a listed
    // event, with its payload and cause, instead of dropping it for want of one.
    const refused = ofType(panel.entries(), 'event').find((e) => e.id === storm?.eventId);
    expect(refused).toMatchObject({ eventType: storm?.eventType, depth: 4, via: 'emit', payload: 1 });
    expect(refused?.causationId).toBe(ofType(panel.entries(), 'event').find((e) => e.depth === 3)?.id);
    const { joined } = createStreamReader().read('page', panel.entries());
    expect(joined.filter(({ part }) => part.type === 'storm').map(({ event }) => event.id)).toEqual([storm?.eventId]);
    expect(ofType(panel.entries(), 'saga').map((s) => [s.saga, s.key, s.status])).toContainEqual(['checkout', 'k1', 'completed']);
  });

  it('answers request-snapshot with the current subscriptions', async () => {
    const { bus, panel } = setup();
    bus.subscribe('ping', () => {}, { label: 'a', priority: 5 });
    bus.subscribe('*', () => {}, { label: 'spy', once: true });
    panel.send({ kind: 'request-snapshot' });
    await settle();
    const [snapshot] = panel.of('snapshot');
    expect(snapshot?.subscriptions.map((s) => [s.type, s.label, s.priority, s.once])).toEqual(
      expect.arrayContaining([
        ['ping', 'a', 5, false],
        ['*', 'spy', 0, true],
      ]),
    );
  });
});

describe('connectDevtools: batching and the buffer', () => {
  it('batches per microtask: 50 synchronous emits travel in a couple of messages, not 50', async () => {
    const { bus, panel } = setup();
    await connect(panel);
    panel.clear();
    for (let i = 0; i < 50; i++) bus.emit('ping', i);
    await settle();
    expect(panel.of('batch').length).toBeLessThanOrEqual(2);
    expect(ofType(panel.entries(), 'dispatched')).toHaveLength(50);
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('sends small entries as one JSON text, and entries with big payloads as tuples (cheaper to clone than to escape)', async () => {
    const { bus, panel } = setup();
    await connect(panel);
    panel.clear();
    bus.emit('cart/added', { sku: 'tea', qty: 1 });
    await settle();
    const big = { name: 'x'.repeat(9000), password: 'p' };
    bus.emit('user/login', big);
    await settle();
    const [small, large] = panel.of('batch');
    expect(typeof small?.entries).toBe('string');
    expect(Array.isArray(large?.entries)).toBe(true);
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([{ sku: 'tea', qty: 1 }, big]);
    expect(panel.of('batch').map((b) => b.count)).toEqual([2, 2]);
  });

  it('keeps what happened before a panel connected, drops the oldest past maxBuffer and reports the count', async () => {
    const { bus, panel } = setup({ maxBuffer: 10 });
    bus.subscribe('ping', () => {});
    for (let i = 0; i < 25; i++) bus.emit('ping', i);
    await settle();
    expect(panel.of('batch')).toHaveLength(0);
    await connect(panel);
    const [hello] = panel.of('hello').slice(-1);
    expect(hello?.instance).toMatchObject({ buffered: 10, dropped: 66 });
    const [batch] = panel.of('batch');
    expect(batch?.dropped).toBe(66);
    expect(batch?.count).toBe(10);
    expect(batch && entriesOf(batch)).toHaveLength(10);
    expect(batch && entriesOf(batch).at(-1)).toMatchObject({ type: 'dispatched' });
  });

  it('drops nothing while a panel listens, even for a synchronous burst far past maxBuffer', async () => {
    const { bus, panel } = setup({ maxBuffer: 100 });
    await connect(panel);
    for (let i = 0; i < 5000; i++) bus.emit('ping', i);
    await settle();
    expect(panel.of('batch').reduce((n, b) => n + b.dropped, 0)).toBe(0);
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('says hello again when the page comes back from the back/forward cache', async () => {
    const { panel } = setup();
    await settle();
    panel.clear();
    // happy-dom's PageTransitionEvent ignores `persisted` in its init: set it as a browser would.
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    await settle();
    expect(panel.messages.map((m) => m.kind)).toEqual(['hello']);
  });

  it('splits a flush into messages of bounded size', async () => {
    const { bus, panel } = setup();
    const big = 'x'.repeat(9000);
    for (let i = 0; i < 300; i++) bus.emit('user/login', { name: big, password: 'p' });
    await connect(panel);
    const batches = panel.of('batch');
    expect(batches.length).toBeGreaterThan(2);
    for (const batch of batches) {
      expect(JSON.stringify(batch).length).toBeLessThan(1.2 * 1024 * 1024);
      expect(entriesOf(batch)).toHaveLength(batch.count);
    }
    expect(ofType(panel.entries(), 'event')).toHaveLength(300);
  });

  it('pause buffers, resume delivers what was buffered, clear empties it, disconnect stops the stream', async () => {
    const { bus, panel } = setup();
    await connect(panel);
    panel.send({ kind: 'pause' });
    await settle();
    bus.emit('ping', 1);
    await settle();
    expect(ofType(panel.entries(), 'event')).toHaveLength(0);
    panel.send({ kind: 'resume' });
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1]);
    panel.send({ kind: 'pause' });
    await settle();
    bus.emit('ping', 2);
    panel.send({ kind: 'clear' });
    panel.send({ kind: 'resume' });
    await settle();
    bus.emit('ping', 3);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1, 3]);
    panel.send({ kind: 'disconnect' });
    await settle();
    bus.emit('ping', 4);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1, 3]);
    await connect(panel);
    // The reconnect re-sends the retained history (3 again, then 4); a panel skips seqs it has seen.
    expect(ofType(unseen(panel.entries()), 'event').map((e) => e.payload)).toEqual([1, 3, 4]);
  });

  it('streams while any viewer is connected: one viewer leaving does not stop the others', async () => {
    const { bus, panel } = setup();
    bus.subscribe('ping', () => {});
    panel.send({ kind: 'connect', viewer: 'floating-panel' });
    panel.send({ kind: 'connect', viewer: 'devtools-panel' });
    await settle();
    panel.send({ kind: 'disconnect', viewer: 'devtools-panel' });
    await settle();
    panel.clear();
    bus.emit('ping', 1);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1]);
    panel.send({ kind: 'disconnect', viewer: 'floating-panel' });
    await settle();
    bus.emit('ping', 2);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1]);
  });

  it('one viewer pausing holds nothing back from the others; the page holds batches only while every viewer is paused', async () => {
    const { bus, panel } = setup();
    bus.subscribe('ping', () => {});
    panel.send({ kind: 'connect', viewer: 'floating-panel' });
    panel.send({ kind: 'connect', viewer: 'devtools-panel' });
    panel.send({ kind: 'pause', viewer: 'devtools-panel' });
    await settle();
    panel.clear();
    bus.emit('ping', 1);
    await settle();
    // The floating panel still gets it (the paused DevTools panel records nothing while paused, on its side).
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1]);
    panel.send({ kind: 'pause', viewer: 'floating-panel' });
    await settle();
    bus.emit('ping', 2);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1]);
    // DevTools closes while paused: the floating panel, paused too, still holds; once it resumes, it gets what was held.
    panel.send({ kind: 'disconnect', viewer: 'devtools-panel' });
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1]);
    panel.send({ kind: 'resume', viewer: 'floating-panel' });
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([1, 2]);
    // A viewer that connects again streams, whatever it asked before it left.
    panel.send({ kind: 'pause', viewer: 'floating-panel' });
    panel.send({ kind: 'disconnect', viewer: 'floating-panel' });
    panel.send({ kind: 'connect', viewer: 'floating-panel' });
    await settle();
    panel.clear();
    bus.emit('ping', 3);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([3]);
  });

  it('re-sends the retained history to every viewer that connects, after hello and snapshot', async () => {
    const { bus, panel } = setup({ maxBuffer: 50 });
    bus.subscribe('ping', () => {});
    await connect(panel);
    for (let i = 0; i < 5; i++) bus.emit('ping', i);
    await settle();
    expect(ofType(panel.entries(), 'event').map((e) => e.payload)).toEqual([0, 1, 2, 3, 4]);
    const first = panel.entries().map((e) => e.seq);

    // A second viewer (say the floating panel opened later) connects: it hears everything again.
    const second = createTestPanel(bus.id);
    cleanups.push(second.close);
    await connect(second);
    expect(second.messages.map((m) => m.kind)).toEqual(['hello', 'snapshot', 'batch']);
    expect(second.of('hello')[0]?.instance).toMatchObject({ streaming: true, buffered: first.length, dropped: 0 });
    expect(second.entries().map((e) => e.seq)).toEqual(first);
    expect(ofType(second.entries(), 'event').map((e) => e.payload)).toEqual([0, 1, 2, 3, 4]);
    expect(second.of('batch')[0]?.dropped).toBe(0);

    // Then both continue live; the first one saw the history twice but with the same seqs.
    bus.emit('ping', 5);
    await settle();
    expect(ofType(unseen(second.entries()), 'event').map((e) => e.payload)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ofType(unseen(panel.entries()), 'event').map((e) => e.payload)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(panel.of('batch').reduce((n, b) => n + b.dropped, 0)).toBe(0);
  });

  it('keeps only the newest maxBuffer entries for later viewers; what they missed is in hello.dropped', async () => {
    const { bus, panel } = setup({ maxBuffer: 6 });
    await connect(panel);
    for (let i = 0; i < 10; i++) bus.emit('ping', i);
    await settle();
    expect(panel.of('batch').reduce((n, b) => n + b.dropped, 0)).toBe(0);
    const streamed = panel.entries().map((e) => e.seq);
    const later = createTestPanel(bus.id);
    cleanups.push(later.close);
    await connect(later);
    expect(later.entries()).toHaveLength(6);
    expect(later.entries().map((e) => e.seq)).toEqual(streamed.slice(-6));
    expect(later.of('hello')[0]?.instance.dropped).toBe(streamed.length - 6);
    expect(ofType(later.entries(), 'event').map((e) => e.payload)).toEqual([7, 8, 9]);
  });

  it('says goodbye and detaches on disconnect, and on pagehide', async () => {
    const { bus, panel, disconnect } = setup();
    await connect(panel);
    window.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(panel.of('goodbye')).toHaveLength(1);
    disconnect();
    disconnect();
    await settle();
    expect(panel.of('goodbye')).toHaveLength(2);
    panel.clear();
    bus.emit('ping', 1);
    await connect(panel);
    expect(panel.messages).toEqual([]);
  });
});

describe('connectDevtools: sanitize', () => {
  it('sends what sanitize returns, REDACTED as the redacted marker, middleware values included', async () => {
    const { bus, panel } = setup({
      sanitize: (payload, type) => (type === 'user/login' ? { ...(payload as object), password: REDACTED } : payload),
    });
    bus.use((e) => ({ ...(e as object), password: 'changed' }), { name: 'rewrite' });
    await connect(panel);
    bus.emit('user/login', { name: 'ann', password: 'hunter2' });
    await settle();
    const text = JSON.stringify(panel.messages);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('changed');
    expect(ofType(panel.entries(), 'event')[0]?.payload).toEqual({ name: 'ann', password: { $hubbub: 'redacted' } });
  });

  it('redact hides fields by name (case-insensitive) or pattern at any depth, the app still gets them', async () => {
    const { bus, panel } = setup({ redact: ['password', /^card/i] });
    const received: unknown[] = [];
    bus.subscribe('user/login', (u) => received.push(u));
    await connect(panel);
    const login = {
      name: 'ann',
      password: 'hunter2',
      nested: { PassWord: 'secret-x1', cardNumber: '4111-1111', list: [{ password: 'secret-y2' }] },
    };
    bus.emit('user/login', login as never);
    await settle();
    expect(received).toEqual([login]);
    expect(ofType(panel.entries(), 'event')[0]?.payload).toEqual({
      name: 'ann',
      password: { $hubbub: 'redacted' },
      nested: { PassWord: { $hubbub: 'redacted' }, cardNumber: { $hubbub: 'redacted' }, list: [{ password: { $hubbub: 'redacted' } }] },
    });
    // Distinctive secrets: short ones could turn up inside random ids.
    expect(JSON.stringify(panel.messages)).not.toMatch(/hunter2|secret-x1|4111-1111|secret-y2/);
  });

  it('reports a throwing sanitizer as a warning, redacts the payload, and the app goes on', async () => {
    const { bus, panel } = setup({
      sanitize: () => {
        throw new Error('sanitizer bug');
      },
    });
    const received: unknown[] = [];
    bus.subscribe('user/login', (u) => received.push(u));
    await connect(panel);
    expect(() => bus.emit('user/login', { name: 'ann', password: 'hunter2' })).not.toThrow();
    await settle();
    expect(received).toHaveLength(1);
    expect(JSON.stringify(panel.messages)).not.toContain('hunter2');
    expect(ofType(panel.entries(), 'event')[0]?.payload).toEqual({ $hubbub: 'redacted' });
    expect(ofType(panel.entries(), 'warning')[0]?.message).toMatch(/sanitize\(\) threw for "user\/login".*sanitizer bug/);
  });
});

/** Whether anything observes the bus (the core's observer slot, set by `inspect()` while an inspector is attached). */
const isInspected = (bus: Bus<Events>) => bus[CORE]._observer !== undefined;

describe('connectDevtools: enabling', () => {
  it('is off in production builds unless enabled: true, attaching nothing to the bus', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const bus = createBus<Events>();
      const panel = createTestPanel(bus.id);
      cleanups.push(panel.close);
      const disconnect = connectDevtools(bus);
      await connect(panel);
      bus.emit('ping', 1);
      await settle();
      expect(isInspected(bus)).toBe(false);
      expect(panel.messages).toEqual([]);
      disconnect();
      cleanups.push(connectDevtools(bus, { enabled: true }));
      await connect(panel);
      expect(isInspected(bus)).toBe(true);
      expect(panel.of('hello').length).toBeGreaterThan(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('enabled: false attaches nothing, even in development', () => {
    const bus = createBus<Events>();
    connectDevtools(bus, { enabled: false })();
    expect(isInspected(bus)).toBe(false);
  });

  it('keeps several buses apart as separate instances, addressed by instanceId', async () => {
    const a = createBus<Events>({ name: 'a' });
    const b = createBus<Events>({ name: 'b' });
    const panel = createTestPanel(a.id, b.id);
    cleanups.push(connectDevtools(a), connectDevtools(b), panel.close);
    await connect(panel, b.id);
    a.emit('ping', 1);
    b.emit('ping', 2);
    await settle();
    const batches = panel.of('batch');
    expect(new Set(batches.map((m) => m.instanceId))).toEqual(new Set([b.id]));
    expect(new Set(panel.of('hello').map((h) => h.instance.name))).toEqual(new Set(['a', 'b']));
  });

  it('warns and keeps the first connection when a bus is connected twice', () => {
    const bus = createBus<Events>();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = connectDevtools(bus);
    cleanups.push(first);
    expect(connectDevtools(bus)).toBe(first);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('called twice'));
  });

  it('rejects what is not a bus, and a sanitize that is not a function, saying what to pass', () => {
    expect(() => connectDevtools({} as never)).toThrow(/expected a bus made by createBus\(\)/);
    expect(() => connectDevtools(createBus(), { sanitize: 'password' as never })).toThrow(/sanitize must be a function/);
    expect(() => connectDevtools(createBus(), { maxBuffer: -1 })).toThrow(/maxBuffer must be a whole number/);
    expect(() => connectDevtools(createBus(), { redact: 'password' as never })).toThrow(/redact must be an array of key names or RegExps/);
  });
});
