import { describe, expect, test, vi } from 'vitest';
import { createBus, inspect, type Observation } from '../../src/index';
import { collect, flush } from './fixtures';

type Events = { a: number; b: string };

describe('middleware', () => {
  test('runs in registration order before handlers and can transform the event', async () => {
    const bus = createBus<Events>();
    const log: string[] = [];
    bus.use(
      (event) => {
        log.push(`m1:${String(event)}`);
        return (event as number) + 1;
      },
      { name: 'plus' },
    );
    bus.use(
      (event) => {
        log.push(`m2:${String(event)}`);
        return (event as number) * 10;
      },
      { name: 'times' },
    );
    bus.subscribe('a', (n) => log.push(`h:${n}`));
    const report = await bus.publish('a', 1);
    expect(log).toEqual(['m1:1', 'm2:2', 'h:20']);
    expect(report).toMatchObject({ delivered: 1, errors: [] });
  });

  test('null or undefined blocks: no handler runs and the report names the middleware', async () => {
    const bus = createBus<Events>();
    const handler = vi.fn();
    bus.subscribe('a', handler);
    const remove = bus.use(() => null, { name: 'auth' });
    expect(await bus.publish('a', 1)).toMatchObject({ delivered: 0, errors: [], blockedBy: 'auth' });
    remove();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    bus.use(function dropAll() {
      return undefined;
    });
    expect((await bus.publish('a', 1)).blockedBy).toBe('dropAll');
    expect(handler).not.toHaveBeenCalled();
    // Most likely a forgotten `return event`: said once per middleware, in development.
    bus.emit('a', 2);
    expect(warn.mock.calls).toEqual([
      [
        '[hubbub] middleware "dropAll" returned undefined for "a", which blocks it. Return the event to pass it on; to block on purpose, return ctx.block(reason) or null, which say so (and silence this).',
      ],
    ]);
    warn.mockRestore();
  });

  test('a dispatch reads process.env (a slow lookup in Node) only when it has something to warn about', async () => {
    const bus = createBus<Events>();
    bus.subscribe('a', () => {});
    bus.use((event) => event, { name: 'pass' });
    bus.use((event, ctx) => (ctx.type === 'b' ? null : event), { name: 'null-blocks-b' });
    const env = process.env;
    let reads = 0;
    process.env = new Proxy(env, {
      get: (target, key) => {
        reads++;
        return Reflect.get(target, key);
      },
    });
    try {
      for (let i = 0; i < 100; i++) {
        bus.emit('a', i);
        await bus.publish('a', i);
        await bus.publish('b', 'x');
      }
    } finally {
      process.env = env;
    }
    expect(reads).toBe(0);
  });

  test('blocking on purpose (null, ctx.block) and passing a payload-less event by returning nothing are not warned about', async () => {
    type WithReady = Events & { ready: undefined };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bus = createBus<WithReady>();
    const handler = vi.fn();
    bus.subscribe('ready', handler);
    bus.use(function logOnly(_event, ctx) {
      if (ctx.type !== 'ready') return ctx.type === 'a' ? null : ctx.block('no b');
    });
    expect(await bus.publish('ready')).toMatchObject({ delivered: 1 });
    expect((await bus.publish('a', 1)).blockedBy).toBe('logOnly');
    expect(await bus.publish('b', 'x')).toMatchObject({ blockedBy: 'logOnly', blockReason: 'no b' });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('a throwing middleware blocks (fail closed); its error is in the report and goes to onError', async () => {
    const { errors, onError } = collect();
    const bus = createBus<Events>({ onError });
    const handler = vi.fn();
    bus.subscribe('a', handler);
    const later = vi.fn((e: unknown) => e);
    const boom = new Error('mw');
    bus.use(
      () => {
        throw boom;
      },
      { name: 'broken' },
    );
    bus.use(later);
    const report = await bus.publish('a', 1);
    expect(report).toMatchObject({ delivered: 0, errors: [boom], blockedBy: 'broken' });
    expect(errors).toEqual([boom]);
    expect(handler).not.toHaveBeenCalled();
    expect(later).not.toHaveBeenCalled();
  });

  test('async middleware is awaited; a rejection blocks too', async () => {
    const bus = createBus<Events>({ onError: () => {} });
    const got: number[] = [];
    bus.subscribe('a', (n) => got.push(n));
    const remove = bus.use(async (e) => (e as number) + 100);
    await bus.publish('a', 1);
    remove();
    bus.use(() => Promise.reject(new Error('no')), { name: 'async-deny' });
    const report = await bus.publish('a', 2);
    expect(got).toEqual([101]);
    expect(report.blockedBy).toBe('async-deny');
  });

  test('emit through sync middleware delivers synchronously; through async middleware, later', async () => {
    const bus = createBus<Events>();
    const got: number[] = [];
    bus.subscribe('a', (n) => got.push(n));
    const remove = bus.use((e) => e);
    bus.emit('a', 1);
    expect(got).toEqual([1]);
    remove();
    bus.use(async (e) => e);
    bus.emit('a', 2);
    expect(got).toEqual([1]);
    await flush();
    expect(got).toEqual([1, 2]);
  });

  test('middleware sees the context and class instances; a removed middleware no longer runs', async () => {
    const bus = createBus<Events>();
    const seen: string[] = [];
    const remove = bus.use((event, ctx) => {
      seen.push(`${ctx.type}:${String(event)}`);
      return event;
    });
    bus.emit('b', 'x');
    remove();
    remove();
    bus.emit('b', 'y');
    expect(seen).toEqual(['b:x']);
  });

  test('each decision is observable with name, decision and duration', async () => {
    const bus = createBus<Events>({ onError: () => {} });
    const decisions: unknown[] = [];
    inspect(bus, (o: Observation) => {
      if (o.kind === 'middleware')
        decisions.push({ name: o.name, decision: o.decision, value: o.value, error: o.error, duration: o.duration });
    });
    bus.use((e) => e, { name: 'pass' });
    bus.use((e) => (e as number) + 1, { name: 'change' });
    bus.use((e) => ((e as number) > 5 ? null : e), { name: 'limit' });
    bus.subscribe('a', () => {});
    await bus.publish('a', 1);
    await bus.publish('a', 9);
    const boom = new Error('x');
    bus.use(
      () => {
        throw boom;
      },
      { name: 'throws' },
    );
    await bus.publish('a', 1);
    const d = expect.any(Number);
    expect(decisions).toEqual([
      { name: 'pass', decision: 'passed', value: undefined, error: undefined, duration: d },
      { name: 'change', decision: 'transformed', value: 2, error: undefined, duration: d },
      { name: 'limit', decision: 'passed', value: undefined, error: undefined, duration: d },
      { name: 'pass', decision: 'passed', value: undefined, error: undefined, duration: d },
      { name: 'change', decision: 'transformed', value: 10, error: undefined, duration: d },
      { name: 'limit', decision: 'blocked', value: undefined, error: undefined, duration: d },
      { name: 'pass', decision: 'passed', value: undefined, error: undefined, duration: d },
      { name: 'change', decision: 'transformed', value: 2, error: undefined, duration: d },
      { name: 'limit', decision: 'passed', value: undefined, error: undefined, duration: d },
      { name: 'throws', decision: 'threw', value: undefined, error: boom, duration: d },
    ]);
  });
  test('a payload-less event passes a middleware that returns it (undefined === event); null blocks it', async () => {
    const bus = createBus<{ ready: undefined }>();
    const handler = vi.fn();
    bus.subscribe('ready', handler);
    const remove = bus.use((event) => event, { name: 'identity' });
    expect(await bus.publish('ready')).toMatchObject({ delivered: 1 });
    remove();
    bus.use(() => null, { name: 'deny' });
    expect(await bus.publish('ready')).toMatchObject({ delivered: 0, blockedBy: 'deny' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  test('with an inspector and no middleware, emit still delivers synchronously and reports the dispatch', () => {
    const bus = createBus<Events>();
    const kinds: string[] = [];
    inspect(bus, (o) => void kinds.push(o.kind));
    bus.subscribe('a', () => void kinds.push('handler'));
    bus.emit('a', 1);
    expect(kinds).toEqual(['subscribe', 'event', 'handler-start', 'handler', 'handler-end', 'dispatched']);
  });
});
