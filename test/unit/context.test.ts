import { describe, expect, test, vi } from 'vitest';
import { createBus, type HandlerContext } from '../../src/index';

type Events = { a: number; b: number; c: number };

describe('handler context', () => {
  test('carries type, id, timestamp, correlationId, causationId and depth', () => {
    const bus = createBus<Events>();
    const seen: { a?: HandlerContext<Events>; b?: HandlerContext<Events>; c?: HandlerContext<Events> } = {};
    bus.subscribe('a', (_, ctx) => {
      seen.a = ctx;
      ctx.emit('b', 1);
    });
    bus.subscribe('b', (_, ctx) => {
      seen.b = ctx;
      bus.emit('c', 1);
    });
    bus.subscribe('c', (_, ctx) => {
      seen.c = ctx;
    });
    const before = Date.now();
    bus.emit('a', 1);
    const { a, b, c } = seen as Required<typeof seen>;
    expect(a.type).toBe('a');
    expect(a.depth).toBe(0);
    expect(a.causationId).toBeUndefined();
    expect(a.correlationId).toBe(a.id);
    expect(b.causationId).toBe(a.id);
    expect(c.causationId).toBe(b.id);
    expect(c.correlationId).toBe(a.id);
    expect(c.depth).toBe(2);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(a.timestamp).toBeGreaterThanOrEqual(before);
    expect(a.timestamp).toBe(a.timestamp);
  });

  test('ids are the bus id, a dot and an increasing decimal number, unique across buses and hundreds', async () => {
    const a = createBus<Events>({ name: 'a' });
    const b = createBus<Events>({ name: 'b' });
    const seen = new Set<string>();
    const last = new Map<string, number>();
    for (let i = 0; i < 450; i++) {
      const bus = i % 3 === 0 ? b : a;
      const viaCtx: string[] = [];
      const off = bus.subscribe('a', (_n, ctx) => viaCtx.push(ctx.id));
      const report = await bus.publish('a', i);
      off();
      expect(viaCtx).toEqual([report.id]);
      const [prefix, number] = report.id.split(/\.(?=\d+$)/);
      expect(prefix).toBe(bus.id);
      expect(number).toMatch(/^(0|[1-9]\d*)$/);
      expect(Number(number)).toBeGreaterThan(last.get(bus.id) ?? -1);
      last.set(bus.id, Number(number));
      seen.add(report.id);
    }
    expect(seen.size).toBe(450);
  });

  test('emit and publish can be destructured and still record causation', async () => {
    const bus = createBus<Events>();
    let cause: string | undefined;
    let parent: string | undefined;
    bus.subscribe('a', (_, { id, publish }) => {
      parent = id;
      return publish('b', 2);
    });
    bus.subscribe('b', (_, ctx) => {
      cause = ctx.causationId;
    });
    await bus.publish('a', 1);
    expect(cause).toBe(parent);
  });

  test('ctx.publish after an await still records causation', async () => {
    const bus = createBus<Events>();
    let depth = -1;
    bus.subscribe('a', async (_, ctx) => {
      await new Promise((r) => setTimeout(r, 1));
      await ctx.publish('b', 1);
    });
    bus.subscribe('b', (_, ctx) => {
      depth = ctx.depth;
    });
    await bus.publish('a', 1);
    expect(depth).toBe(1);
  });

  test('a plain emit outside any handler is a root event, even right after one ran', () => {
    const bus = createBus<Events>();
    const depths: number[] = [];
    bus.subscribe('a', (_, ctx) => depths.push(ctx.depth));
    bus.emit('a', 1);
    bus.emit('a', 2);
    expect(depths).toEqual([0, 0]);
  });

  test('emit reads no clock when nobody looks at the timestamp (hot path)', () => {
    const bus = createBus<Events>();
    bus.subscribe('a', () => {});
    const now = vi.spyOn(Date, 'now');
    const perf = vi.spyOn(performance, 'now');
    bus.emit('a', 1);
    expect(now).not.toHaveBeenCalled();
    expect(perf).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  test('an async handler fixes the timestamp when the dispatch goes async', async () => {
    const bus = createBus<Events>();
    let ctxSeen: HandlerContext<Events> | undefined;
    bus.subscribe('a', async (_, ctx) => {
      ctxSeen = ctx;
    });
    const before = Date.now();
    bus.emit('a', 1);
    await new Promise((r) => setTimeout(r, 15));
    expect(ctxSeen?.timestamp).toBeGreaterThanOrEqual(before);
    expect(ctxSeen?.timestamp).toBeLessThan(before + 10);
  });
});
