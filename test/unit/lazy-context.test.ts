import { describe, expect, test, vi } from 'vitest';
import { createBus, type HandlerContext, inspect, type Observation } from '../../src/index';

type Events = { a: number; b: number; c: number };

/**
 * The emit hot path makes a handler's context only when something needs it: a handler that
 * declares one, a nested dispatch (its cause) or a failure (onError's ctx). These tests pin
 * that nothing observable changes because of it.
 */
describe('context made on demand', () => {
  test('a handler that takes only the event still causes what it emits (causation, correlation, depth)', () => {
    const bus = createBus<Events>();
    const seen: HandlerContext<Events>[] = [];
    bus.subscribe('a', (n) => bus.emit('b', n + 1));
    bus.subscribe('b', (n) => bus.emit('c', n + 1));
    bus.subscribe('c', (_n, ctx) => void seen.push(ctx));
    bus.emit('a', 1);
    const ctx = seen[0] as HandlerContext<Events>;
    expect(ctx.type).toBe('c');
    expect(ctx.depth).toBe(2);
    expect(ctx.causationId).toMatch(new RegExp(`^${bus.id}\\.\\d+$`));
    expect(ctx.correlationId).not.toBe(ctx.id);
    expect(ctx.correlationId).not.toBe(ctx.causationId);
  });

  test('two emits from one handler share one cause; the next event starts a new correlation', () => {
    const bus = createBus<Events>();
    const causes: (string | undefined)[] = [];
    const correlations: string[] = [];
    bus.subscribe('a', (n) => {
      bus.emit('b', n);
      bus.emit('b', n);
    });
    bus.subscribe('b', (_n, ctx) => {
      causes.push(ctx.causationId);
      correlations.push(ctx.correlationId);
    });
    bus.emit('a', 1);
    bus.emit('a', 2);
    expect(causes[0]).toBe(causes[1]);
    expect(causes[2]).toBe(causes[3]);
    expect(causes[0]).not.toBe(causes[2]);
    expect(correlations[0]).toBe(causes[0]);
    expect(correlations[2]).toBe(causes[2]);
  });

  test('a top-level emit after a dispatch has no cause left over from it', () => {
    const bus = createBus<Events>();
    const ctxs: HandlerContext<Events>[] = [];
    bus.subscribe('a', (n) => void n);
    bus.subscribe('b', (_n, ctx) => void ctxs.push(ctx));
    bus.emit('a', 1);
    bus.emit('b', 2);
    expect(ctxs[0]?.causationId).toBeUndefined();
    expect(ctxs[0]?.depth).toBe(0);
  });

  test('handlers with a context parameter, rest parameters or none get the context; onError always does', () => {
    const bus = createBus<Events>();
    const withCtx = vi.fn((_n: number, ctx: HandlerContext<Events>) => ctx.type);
    const rest = vi.fn((...args: unknown[]) => args.length);
    const onError = vi.fn();
    bus.subscribe('a', withCtx);
    bus.subscribe('a', rest);
    bus.subscribe(
      'a',
      (n) => {
        throw new Error(`bad ${n}`);
      },
      { onError },
    );
    bus.emit('a', 7);
    expect(withCtx.mock.calls[0]?.[1]).toMatchObject({ type: 'a' });
    expect(rest.mock.calls[0]?.[1]).toMatchObject({ type: 'a' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'bad 7' }), 7, expect.objectContaining({ type: 'a' }));
    expect(withCtx.mock.calls[0]?.[1]).toBe(rest.mock.calls[0]?.[1]);
  });

  test('a rejected promise from an event-only handler reaches onError with the context of its event', async () => {
    const bus = createBus<Events>();
    const onError = vi.fn();
    bus.subscribe('a', async (n) => Promise.reject(new Error(`late ${n}`)), { onError });
    const before = Date.now();
    bus.emit('a', 3);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [error, event, ctx] = onError.mock.calls[0] as [Error, number, HandlerContext<Events>];
    expect(error.message).toBe('late 3');
    expect(event).toBe(3);
    expect(ctx.type).toBe('a');
    expect(ctx.timestamp).toBeGreaterThanOrEqual(before);
  });

  test('an inspector attached later sees the same ids and causation as handlers', () => {
    const bus = createBus<Events>();
    const seen: Observation[] = [];
    inspect(bus, (o) => void seen.push(o));
    bus.subscribe('a', (n) => bus.emit('b', n));
    bus.subscribe('b', (n) => void n);
    bus.emit('a', 1);
    const events = seen.filter((o) => o.kind === 'event');
    expect(events.map((o) => o.meta.type)).toEqual(['a', 'b']);
    expect(events[1]?.meta.causationId).toBe(events[0]?.meta.id);
  });

  test('the context a handler declares is the one its later handlers and onError get, and the cause of a bare bus.emit made between them', () => {
    const bus = createBus<Events>();
    const ctxs: HandlerContext<Events>[] = [];
    const causes: (string | undefined)[] = [];
    const onError = vi.fn();
    bus.subscribe('a', (_n, ctx) => void ctxs.push(ctx));
    bus.subscribe('a', (n) => bus.emit('b', n));
    bus.subscribe('a', (_n, ctx) => void ctxs.push(ctx));
    bus.subscribe(
      'a',
      () => {
        throw new Error('bad');
      },
      { onError },
    );
    bus.subscribe('b', (_n, ctx) => void causes.push(ctx.causationId));
    bus.emit('a', 1);
    expect(ctxs[1]).toBe(ctxs[0]);
    expect(onError.mock.calls[0]?.[2]).toBe(ctxs[0]);
    expect(causes).toEqual([ctxs[0]?.id]);
  });

  test("a bare bus.emit before the first handler that declares a context: its cause has that context's id", () => {
    const bus = createBus<Events>();
    const ctxs: HandlerContext<Events>[] = [];
    const causes: (string | undefined)[] = [];
    bus.subscribe('a', (n) => bus.emit('b', n));
    bus.subscribe('a', (_n, ctx) => void ctxs.push(ctx));
    bus.subscribe('b', (_n, ctx) => void causes.push(ctx.causationId));
    bus.emit('a', 1);
    bus.emit('a', 2);
    expect(causes).toEqual([ctxs[0]?.id, ctxs[1]?.id]);
    expect(ctxs[0]?.id).not.toBe(ctxs[1]?.id);
  });

  test('a context kept from a hot-path emit works later: its id stays its own, and it causes what it emits and publishes', async () => {
    const bus = createBus<Events>();
    const kept: HandlerContext<Events>[] = [];
    const children: HandlerContext<Events>[] = [];
    bus.subscribe('a', (_n, ctx) => void kept.push(ctx));
    bus.subscribe('b', (_n, ctx) => void children.push(ctx));
    bus.emit('a', 1);
    bus.emit('a', 2);
    const [first, second] = kept as [HandlerContext<Events>, HandlerContext<Events>];
    expect(first.id).not.toBe(second.id);
    expect(first.depth).toBe(0);
    first.emit('b', 3);
    const report = await first.publish('b', 4);
    expect(children.map((ctx) => [ctx.causationId, ctx.correlationId, ctx.depth])).toEqual([
      [first.id, first.id, 1],
      [first.id, first.id, 1],
    ]);
    expect(report.delivered).toBe(1);
    expect(first.timestamp).toBe(first.timestamp);
  });
});
