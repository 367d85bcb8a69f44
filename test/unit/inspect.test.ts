import { afterEach, describe, expect, test, vi } from 'vitest';
import { CORE } from '../../src/core/internals';
import { type Bus, createBus, type EventMap, inspect, notify, type Observation, subscriptionsOf } from '../../src/index';
import { flush } from './fixtures';

afterEach(() => vi.restoreAllMocks());

const record = <E extends EventMap>(bus: Bus<E>) => {
  const seen: Observation[] = [];
  const detach = inspect(bus, (o) => void seen.push(o));
  return { seen, detach, kinds: () => seen.map((o) => o.kind) };
};

describe('inspection hook', () => {
  test('sees the event, each handler start and end, and the dispatched report, in order', async () => {
    const bus = createBus<{ a: number }>({ onError: () => {} });
    const { seen, kinds } = record(bus);
    bus.subscribe('a', function ok() {}, { label: 'first' });
    bus.subscribe('a', () => {
      throw new Error('bad');
    });
    const report = await bus.publish('a', 5);
    expect(kinds()).toEqual([
      'subscribe',
      'subscribe',
      'event',
      'handler-start',
      'handler-end',
      'handler-start',
      'handler-end',
      'dispatched',
    ]);
    expect(seen[2]).toEqual({
      kind: 'event',
      via: 'publish',
      event: 5,
      meta: { type: 'a', id: report.id, timestamp: expect.any(Number), correlationId: report.id, causationId: undefined, depth: 0 },
    });
    expect(seen[4]).toMatchObject({
      kind: 'handler-end',
      eventId: report.id,
      outcome: 'ok',
      async: false,
      subscription: { label: 'first' },
    });
    expect(seen[6]).toMatchObject({ kind: 'handler-end', outcome: 'error', error: expect.objectContaining({ message: 'bad' }) });
    expect(seen[7]).toEqual({ kind: 'dispatched', report });
  });

  test('async handlers end when their promise settles, with async: true and a duration', async () => {
    const bus = createBus<{ a: undefined }>();
    const { seen } = record(bus);
    bus.subscribe('a', () => new Promise((r) => setTimeout(r, 5)));
    bus.emit('a');
    expect(seen.filter((o) => o.kind === 'handler-end')).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    const end = seen.find((o) => o.kind === 'handler-end');
    expect(end).toMatchObject({ outcome: 'ok', async: true });
    expect((end as { duration: number }).duration).toBeGreaterThan(0);
  });

  test('emit is observed with via: emit; subscribe/unsubscribe with the same info object', () => {
    const bus = createBus<{ a: undefined }>();
    const { seen } = record(bus);
    const off = bus.subscribe('a', () => {});
    bus.emit('a');
    off();
    const sub = seen.find((o) => o.kind === 'subscribe');
    const unsub = seen.find((o) => o.kind === 'unsubscribe');
    expect(seen.find((o) => o.kind === 'event')).toMatchObject({ via: 'emit' });
    expect(sub && 'subscription' in sub && unsub && 'subscription' in unsub && sub.subscription === unsub.subscription).toBe(true);
  });

  test('a handler unsubscribed during an observed dispatch is not called; once is honoured', async () => {
    const bus = createBus<{ a: undefined }>();
    record(bus);
    const calls: string[] = [];
    bus.subscribe('a', () => {
      calls.push('first');
      offSecond();
    });
    const offSecond = bus.subscribe('a', () => calls.push('second'));
    bus.subscribe('a', () => calls.push('once'), { once: true });
    await bus.publish('a');
    await bus.publish('a');
    expect(calls).toEqual(['first', 'once', 'first']);
  });

  test.each(['emit', 'publish'] as const)(
    'what an inspector subscribes or uses on an event first meets the next one; what it removes is skipped (%s)',
    async (method) => {
      const bus = createBus<{ a: string }>();
      const calls: string[] = [];
      const offLater = bus.subscribe('a', (value) => void calls.push(`later ${value}`), { priority: -1 });
      let changed = false;
      inspect(bus, (observation) => {
        if (observation.kind !== 'event' || changed) return;
        changed = true;
        bus.subscribe('a', (value) => void calls.push(`added ${value}`), { priority: 1 });
        bus.use((event) => `${event}!`);
        offLater();
      });
      const report = method === 'publish' ? await bus.publish('a', 'first') : bus.emit('a', 'first');
      expect(calls).toEqual([]);
      if (report) expect(report).toMatchObject({ delivered: 0, errors: [] });
      bus.emit('a', 'second');
      expect(calls).toEqual(['added second!']);
    },
  );

  const moments = ['event', 'middleware', 'handler-start', 'handler-end', 'dispatched'] as const;
  test.each(
    moments.flatMap(
      (moment) =>
        [
          [moment, 'emit'],
          [moment, 'publish'],
        ] as const,
    ),
  )('what an inspector dispatches on a "%s" observation is caused by the observed event (%s)', async (moment, method) => {
    const bus = createBus<{ a: undefined; note: undefined }>();
    bus.use((event) => event, { name: 'pass' });
    const notes: { causationId: string | undefined; depth: number }[] = [];
    bus.subscribe('note', (_event, ctx) => void notes.push({ causationId: ctx.causationId, depth: ctx.depth }));
    const seenIds: string[] = [];
    // Async, so that its end is observed when its promise settles, outside the handler loop.
    bus.subscribe('a', async (_event, ctx) => void seenIds.push(ctx.id));
    let sent = false;
    inspect(bus, (observation) => {
      if (observation.kind !== moment || sent) return;
      sent = true;
      if (method === 'emit') bus.emit('note');
      else void bus.publish('note');
    });
    await bus.publish('a');
    await flush();
    expect(notes).toEqual([{ causationId: seenIds[0], depth: 1 }]);
  });

  test.each(['emit', 'publish'] as const)(
    'an inspector that dispatches on every event meets an EventStormError, not a stack overflow (%s)',
    async (method) => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => {});
      const bus = createBus<{ a: undefined; note: undefined }>({ maxDepth: 4 });
      let calls = 0;
      inspect(bus, (observation) => {
        if (observation.kind !== 'event') return;
        calls++;
        if (method === 'emit') bus.emit('note');
        else void bus.publish('note');
      });
      const { seen } = record(bus);
      bus.emit('a');
      await flush();
      // The root 'a', then 'note' at depths 1 to 4; the fifth is refused.
      expect(calls).toBe(5);
      const storms = seen.filter((o) => o.kind === 'storm');
      expect(storms).toHaveLength(1);
      expect(storms[0]).toMatchObject({ meta: { type: 'note', depth: 5 }, error: { name: 'EventStormError' } });
      if (method === 'emit')
        expect(log).toHaveBeenCalledWith('[hubbub]', 'an inspector failed:', expect.objectContaining({ name: 'EventStormError' }));
    },
  );

  test('an inspector that dispatches on every storm it sees stops a level past the first refusal', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ a: undefined }>({ maxDepth: 2 });
    bus.subscribe('a', (_event, ctx) => void ctx.publish('a'));
    const { seen } = record(bus);
    let reactions = 0;
    inspect(bus, (observation) => {
      if (observation.kind !== 'storm') return;
      reactions++;
      void bus.publish('a');
    });
    await bus.publish('a');
    await flush();
    // Refused at depth 3 (the handlers' chain), then the inspector's reaction at depth 4; its own reaction (depth 5) is refused unobserved.
    expect(seen.filter((o) => o.kind === 'storm').map((o) => (o.kind === 'storm' ? o.meta.depth : 0))).toEqual([3, 4]);
    expect(reactions).toBe(2);
  });

  test('a throwing inspector is logged and never disturbs the dispatch or other inspectors', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<{ a: undefined }>();
    inspect(bus, () => {
      throw new Error('inspector');
    });
    const { kinds } = record(bus);
    const handler = vi.fn();
    bus.subscribe('a', handler);
    const report = await bus.publish('a');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(report.errors).toEqual([]);
    expect(kinds()).toContain('dispatched');
    expect(log).toHaveBeenCalledWith('[hubbub]', 'an inspector failed:', expect.any(Error));
  });

  test('detach stops observations and restores the fast path', async () => {
    const bus = createBus<{ a: undefined }>();
    const { seen, detach } = record(bus);
    bus.subscribe('a', () => {});
    detach();
    detach();
    bus.emit('a');
    await bus.publish('a');
    expect(seen.map((o) => o.kind)).toEqual(['subscribe']);
    const clock = vi.spyOn(performance, 'now');
    bus.emit('a');
    expect(clock).not.toHaveBeenCalled();
  });

  test('a detached inspector is told nothing more, not even the rest of a publish still running', async () => {
    const bus = createBus<{ a: undefined }>();
    const { kinds, detach } = record(bus);
    bus.subscribe('a', async () => {
      await flush();
    });
    bus.subscribe('a', () => {});
    const report = bus.publish('a');
    detach();
    await report;
    expect(kinds()).toEqual(['subscribe', 'subscribe', 'event', 'handler-start']);
  });

  test('an inspector that detaches itself while it observes a handler sees no more of that dispatch', () => {
    const bus = createBus<{ a: undefined }>();
    bus.subscribe('a', () => {});
    bus.subscribe('a', () => {});
    const { kinds: otherKinds } = record(bus);
    const seen: string[] = [];
    const detach = inspect(bus, (o) => {
      seen.push(o.kind);
      if (o.kind === 'handler-start') detach();
    });
    bus.emit('a');
    expect(seen).toEqual(['event', 'handler-start']);
    expect(otherKinds()).toEqual(['event', 'handler-start', 'handler-end', 'handler-start', 'handler-end', 'dispatched']);
  });

  test('an inspector attached while a dispatch runs first sees the next one', () => {
    const bus = createBus<{ a: number }>();
    const seen: string[] = [];
    bus.subscribe('a', (value) => {
      if (value === 1) inspect(bus, (o) => void seen.push(o.kind === 'event' ? `event ${o.event}` : o.kind));
    });
    bus.subscribe('a', () => {});
    bus.emit('a', 1);
    expect(seen).toEqual([]);
    bus.emit('a', 2);
    expect(seen).toEqual(['event 2', 'handler-start', 'handler-end', 'handler-start', 'handler-end', 'dispatched']);
  });

  test('emit through an inspector still runs handlers synchronously', async () => {
    const bus = createBus<{ a: undefined }>();
    record(bus);
    const handler = vi.fn();
    bus.subscribe('a', handler);
    bus.emit('a');
    expect(handler).toHaveBeenCalledTimes(1);
    await flush();
  });
});

describe('inspect() lives beside the bus', () => {
  test('the bus carries an observer only while an inspector is attached', () => {
    const bus = createBus<{ a: number }>();
    expect(bus[CORE]._observer).toBeUndefined();
    const first = inspect(bus, () => {});
    const second = inspect(bus, () => {});
    expect(bus[CORE]._observer).toBeDefined();
    first();
    first();
    expect(bus[CORE]._observer).toBeDefined();
    second();
    expect(bus[CORE]._observer).toBeUndefined();
  });

  test('the same function attached twice sees each observation twice, and each detach removes one', () => {
    const bus = createBus<{ a: number }>();
    const kinds: string[] = [];
    const inspector = (o: Observation) => void (o.kind === 'event' && kinds.push(o.kind));
    const detachA = inspect(bus, inspector);
    const detachB = inspect(bus, inspector);
    bus.emit('a', 1);
    expect(kinds).toEqual(['event', 'event']);
    detachA();
    bus.emit('a', 2);
    expect(kinds).toEqual(['event', 'event', 'event']);
    detachB();
    bus.emit('a', 3);
    expect(kinds).toHaveLength(3);
  });

  test('notify() reaches the inspectors of that bus only, and does nothing with none', () => {
    const a = createBus<{ x: number }>();
    const b = createBus<{ x: number }>();
    const seen: Observation[] = [];
    inspect(a, (o) => void seen.push(o));
    const transport = { kind: 'transport', transport: 'tabs', name: 'shop', event: 'status', message: 'open' } as const;
    notify(a, transport);
    notify(b, transport);
    expect(seen).toEqual([transport]);
  });

  test('subscriptionsOf() lists active subscriptions, classes included, and forgets removed ones', () => {
    class Ping {}
    const bus = createBus<{ a: number }>();
    const off = bus.subscribe('a', function onA() {}, { priority: 2 });
    bus.subscribe(Ping, () => {}, { label: 'ping', once: true });
    expect(subscriptionsOf(bus)).toEqual([
      { id: expect.any(Number), type: 'a', isClass: false, label: 'onA', priority: 2, once: false },
      { id: expect.any(Number), type: 'Ping', isClass: true, label: 'ping', priority: 0, once: true },
    ]);
    off();
    bus.emit(new Ping());
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});

describe('inspectors used carelessly', () => {
  /** Whether `target` can be reached from `root` through own properties (what keeping `root` would keep alive). */
  const reaches = (root: unknown, target: unknown, visited = new Set<unknown>()): boolean => {
    if (root === target) return true;
    if (typeof root !== 'object' || root === null || visited.has(root)) return false;
    visited.add(root);
    return Reflect.ownKeys(root).some((key) => reaches((root as Record<PropertyKey, unknown>)[key], target, visited));
  };

  test('observations kept after a dispatch hold its payload only where they show it (event, storm, a transformed value)', async () => {
    const bus = createBus<{ big: { rows: number[] } }>();
    const kept: Observation[] = [];
    inspect(bus, (o) => void kept.push(o));
    bus.use((event) => event, { name: 'pass' });
    bus.subscribe('big', () => {}, { label: 'sync' });
    bus.subscribe('big', async () => {}, { label: 'async' });
    const payload = { rows: Array.from({ length: 1000 }, (_, index) => index) };
    await bus.publish('big', payload);
    bus.emit('big', payload);
    await flush();
    const holding = kept.filter((o) => reaches(o, payload)).map((o) => o.kind);
    expect(holding).toEqual(['event', 'event']);
    expect(kept.map((o) => o.kind)).toContain('dispatched');
    expect(kept.map((o) => o.kind)).toContain('handler-end');
  });

  test('an inspector that detaches and re-attaches itself mid-dispatch sees the next dispatch once, never doubled', () => {
    const bus = createBus<{ a: number }>();
    bus.subscribe('a', () => {});
    bus.subscribe('a', () => {});
    const seen: string[] = [];
    let reattached = false;
    const observe = (o: Observation) => {
      seen.push(o.kind === 'event' ? `event ${o.event}` : o.kind);
      if (o.kind === 'handler-start' && !reattached) {
        reattached = true;
        detach();
        detach = inspect(bus, observe);
      }
    };
    let detach = inspect(bus, observe);
    bus.emit('a', 1);
    bus.emit('a', 2);
    expect(seen).toEqual([
      'event 1',
      'handler-start',
      'event 2',
      'handler-start',
      'handler-end',
      'handler-start',
      'handler-end',
      'dispatched',
    ]);
    detach();
    expect(bus[CORE]._observer).toBeUndefined();
  });

  test('inspectors that throw or reject on every observation change nothing the handlers see, and leave no unhandled rejection', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const bus = createBus<{ a: number }>();
      const calls: string[] = [];
      bus.subscribe('a', (value) => void calls.push(`low ${value}`));
      bus.subscribe('a', (value) => void calls.push(`high ${value}`), { priority: 1 });
      inspect(bus, () => {
        throw new Error('sync inspector');
      });
      inspect(bus, async () => {
        throw new Error('async inspector');
      });
      bus.emit('a', 1);
      const report = await bus.publish('a', 2);
      await flush();
      expect(calls).toEqual(['high 1', 'low 1', 'high 2', 'low 2']);
      expect(report.errors).toEqual([]);
      expect(unhandled).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledWith('[hubbub]', 'an inspector failed:', expect.any(Error));
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('inspect and subscriptionsOf with careless input (development)', () => {
  test('a non-function inspector is a TypeError at inspect(), not a logged failure per observation', () => {
    const bus = createBus();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => inspect(bus, undefined as never)).toThrow(
        'inspect(bus, inspector): inspector must be a function (observation) => void; got undefined.',
      );
      bus.emit('x', 1);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  test('a missing bus is a TypeError naming inspect or subscriptionsOf and what they need', () => {
    expect(() => inspect(undefined as never, () => {})).toThrow(
      'inspect(bus, inspector): bus must be a bus made by createBus(); got undefined.',
    );
    expect(() => subscriptionsOf({} as never)).toThrow('subscriptionsOf(bus): bus must be a bus made by createBus(); got object.');
  });
});
