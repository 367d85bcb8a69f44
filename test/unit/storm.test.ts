import { describe, expect, test } from 'vitest';
import { createBus, EventStormError, inspect, type Observation } from '../../src/index';

type Events = { ping: number; pong: number };

describe('event storms', () => {
  test('handlers publishing each other through ctx.publish are refused past maxDepth', async () => {
    const errors: unknown[] = [];
    const bus = createBus<Events>({ maxDepth: 5, onError: (e) => void errors.push(e) });
    const reports: { errors: readonly unknown[] }[] = [];
    let calls = 0;
    bus.subscribe('ping', async (n, ctx) => {
      calls++;
      reports.push(await ctx.publish('pong', n + 1));
    });
    bus.subscribe('pong', async (n, ctx) => {
      calls++;
      reports.push(await ctx.publish('ping', n + 1));
    });
    const root = await bus.publish('ping', 0);
    expect(root.errors).toEqual([]);
    expect(calls).toBe(6);
    const refused = reports[0]?.errors[0];
    expect(refused).toBeInstanceOf(EventStormError);
    expect((refused as Error).name).toBe('EventStormError');
    expect(refused).toMatchObject({ type: 'ping', depth: 6, chain: ['ping', 'pong', 'ping', 'pong', 'ping', 'pong', 'ping'] });
    expect((refused as Error).message).toMatch(/"ping" refused at depth 6.*raise createBus\(\{ maxDepth \}\)/);
    expect(errors).toEqual([refused]);
  });

  test('synchronous bus.emit inside handlers counts too: the deepest handler fails, no stack overflow', () => {
    const errors: unknown[] = [];
    const bus = createBus<Events>({ onError: (e) => void errors.push(e) });
    let calls = 0;
    bus.subscribe('ping', (n) => {
      calls++;
      bus.emit('ping', n + 1);
    });
    expect(() => bus.emit('ping', 0)).not.toThrow();
    expect(calls).toBe(33);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(EventStormError);
    expect(errors[0]).toMatchObject({ depth: 33 });
  });

  test('synchronous bus.publish inside a handler counts too', async () => {
    const bus = createBus<Events>({ maxDepth: 3, onError: () => {} });
    let calls = 0;
    let refusal: unknown;
    bus.subscribe('ping', (n) => {
      calls++;
      void bus.publish('ping', n + 1).then((r) => {
        if (r.errors.length) refusal = r.errors[0];
      });
    });
    await bus.publish('ping', 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(4);
    expect(refusal).toBeInstanceOf(EventStormError);
  });

  test('causation crosses buses: a loop between two buses is refused', () => {
    const errors: unknown[] = [];
    const a = createBus<Events>({ name: 'a', onError: (e) => void errors.push(e) });
    const b = createBus<Events>({ name: 'b', onError: (e) => void errors.push(e) });
    a.subscribe('ping', (n) => b.emit('pong', n + 1));
    b.subscribe('pong', (n) => a.emit('ping', n + 1));
    a.emit('ping', 0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(EventStormError);
  });

  test('a storm is observable', async () => {
    const bus = createBus<Events>({ maxDepth: 1, onError: () => {} });
    const storms: Observation[] = [];
    inspect(bus, (o) => {
      if (o.kind === 'storm') storms.push(o);
    });
    bus.subscribe('ping', (n, ctx) => (n < 10 ? ctx.publish('ping', n + 1) : ctx.emit('ping', n + 1)));
    await bus.publish('ping', 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(storms).toEqual([
      {
        kind: 'storm',
        via: 'publish',
        error: expect.any(EventStormError),
        meta: expect.objectContaining({ type: 'ping', depth: 2 }),
        event: 2,
      },
    ]);
    storms.length = 0;
    bus.emit('ping', 10);
    expect(storms).toEqual([
      {
        kind: 'storm',
        via: 'emit',
        error: expect.any(EventStormError),
        meta: expect.objectContaining({ type: 'ping', depth: 2 }),
        event: 12,
      },
    ]);
  });

  test('events published after the handler returned (not through ctx) start a new chain', async () => {
    const bus = createBus<Events>({ maxDepth: 2, onError: () => {} });
    const depths: number[] = [];
    bus.subscribe('ping', (n, ctx) => {
      depths.push(ctx.depth);
      if (n < 5) setTimeout(() => bus.emit('ping', n + 1), 0);
    });
    bus.emit('ping', 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(depths).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
