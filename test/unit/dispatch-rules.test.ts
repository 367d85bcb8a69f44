/**
 * DESIGN's dispatch rules as plain examples: one test per way the core once broke them (issue 12),
 * each on every path where it broke. The model-based test (dispatch.model.test.ts) generalises these.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Bus, createBus, type HandlerContext, inspect, type PublishReport } from '../../src/index';
import { createTestBus } from '../../src/testing/index';
import { isHubbubLog, type ProcessWatch, settle, watchProcess } from './model/watch-process';

type Events = { k: number | undefined; ready: undefined; ping: number };
/** The middleware context's explicit block (typed here so this file compiles against any core version). */
type Blockable = { block(reason?: string): null };
const block = (ctx: HandlerContext<Events>, reason?: string) => (ctx as unknown as Blockable).block(reason);
const reasonOf = (report: PublishReport) => (report as { blockReason?: string }).blockReason;

const MAX_DEPTH = 4;
/** How often a failing participant fails before giving up: bounds a looping core, so a broken rule fails instead of hanging. */
const FAILURE_CAP = 50;

/** The ways a bus can be set up: plain, with a pass-through middleware, inspected, or the test bus. */
const setups = {
  plain: () => createBus<Events>({ maxDepth: MAX_DEPTH, onError: () => {} }),
  'pass-through middleware': () => {
    const bus = createBus<Events>({ maxDepth: MAX_DEPTH, onError: () => {} });
    bus.use((event) => event, { name: 'pass' });
    return bus;
  },
  inspected: () => {
    const bus = createBus<Events>({ maxDepth: MAX_DEPTH, onError: () => {} });
    inspect(bus, () => {});
    return bus;
  },
  'test bus': () => createTestBus<Events>({ maxDepth: MAX_DEPTH, onError: () => {} }),
} satisfies Record<string, () => Bus<Events>>;
const setupNames = Object.keys(setups) as (keyof typeof setups)[];
const methods = ['emit', 'publish'] as const;

/** Dispatches `k` with emit or (awaited) publish, then lets anything later settle. */
const dispatch = async (bus: Bus<Events>, method: (typeof methods)[number], payload?: number) => {
  if (method === 'emit') bus.emit('k', payload);
  else await bus.publish('k', payload);
  await settle();
};

let watch: ProcessWatch;
beforeEach(() => {
  watch = watchProcess();
});
afterEach(async () => {
  await watch.stop();
});

describe.each(setupNames)('on a bus with %s', (setup) => {
  describe.each(methods)('%s', (method) => {
    test('a once subscription runs once and never makes the next handler be skipped', async () => {
      const bus = setups[setup]();
      const calls: string[] = [];
      bus.subscribe('k', () => void calls.push('a'));
      bus.subscribe('k', () => void calls.push('b'), { once: true });
      bus.subscribe('k', () => void calls.push('c'));
      bus.subscribe('k', () => void calls.push('d'));
      await dispatch(bus, method);
      await dispatch(bus, method);
      expect(calls).toEqual(['a', 'b', 'c', 'd', 'a', 'c', 'd']);
    });

    test('a handler removed before its turn (unsubscribe, abort) does not run; no other is skipped or run twice', async () => {
      const bus = setups[setup]();
      const calls: string[] = [];
      const controller = new AbortController();
      let offC = () => {};
      bus.subscribe('k', () => {
        calls.push('a');
        offC();
        controller.abort();
      });
      bus.subscribe('k', () => void calls.push('b'));
      offC = bus.subscribe('k', () => void calls.push('c'));
      bus.subscribe('k', () => void calls.push('d'), { signal: controller.signal });
      bus.subscribe('k', () => void calls.push('e'));
      await dispatch(bus, method);
      await dispatch(bus, method);
      expect(calls).toEqual(['a', 'b', 'e', 'a', 'b', 'e']);
    });

    test('an onError that unsubscribes its own handler never makes the next handler be skipped', async () => {
      const bus = setups[setup]();
      const calls: string[] = [];
      const off = bus.subscribe(
        'k',
        () => {
          calls.push('failing');
          throw new Error('boom');
        },
        { onError: () => off() },
      );
      bus.subscribe('k', () => void calls.push('next'));
      await dispatch(bus, method);
      await dispatch(bus, method);
      expect(calls).toEqual(['failing', 'next', 'next']);
    });

    test('an onError that subscribes a higher-priority handler: the dispatch ends, the new handler gets the next event', async () => {
      const bus = setups[setup]();
      const calls: string[] = [];
      let failures = 0;
      bus.subscribe(
        'k',
        () => {
          calls.push('failing');
          if (++failures < FAILURE_CAP) throw new Error('boom');
        },
        {
          onError: () => {
            bus.subscribe('k', () => void calls.push('added'), { priority: 10 });
          },
        },
      );
      await dispatch(bus, method);
      expect(calls).toEqual(['failing']);
      calls.length = 0;
      await dispatch(bus, method);
      expect(calls).toEqual(['added', 'failing']);
    });

    test('a middleware that removes itself never lets the event bypass the next middleware', async () => {
      const bus = setups[setup]();
      const delivered: unknown[] = [];
      bus.subscribe('k', (value) => void delivered.push(value));
      const remove = bus.use((event) => {
        remove();
        return event;
      });
      bus.use(() => null, { name: 'auth' });
      if (method === 'publish') expect((await bus.publish('k', 1)).blockedBy).toBe('auth');
      else bus.emit('k', 1);
      await settle();
      expect(delivered).toEqual([]);
    });

    test('removing an earlier middleware while an async one is pending never skips a later one', async () => {
      const bus = setups[setup]();
      const seen: string[] = [];
      const removeFirst = bus.use((event) => {
        seen.push('first');
        return event;
      });
      bus.use(async (event) => {
        seen.push('async');
        await new Promise((resolve) => setImmediate(resolve));
        return event;
      });
      bus.use((event) => {
        seen.push('last');
        return event;
      });
      bus.subscribe('k', () => void seen.push('handler'));
      const done = dispatch(bus, method);
      removeFirst();
      await done;
      await settle();
      expect(seen).toEqual(['first', 'async', 'last', 'handler']);
    });

    test('a middleware added during a dispatch first sees the next event', async () => {
      const bus = setups[setup]();
      const seen: unknown[] = [];
      let added = false;
      bus.use((event) => {
        if (!added) {
          added = true;
          bus.use((later) => {
            seen.push(later);
            return later;
          });
        }
        return event;
      });
      await dispatch(bus, method, 1);
      await dispatch(bus, method, 2);
      expect(seen).toEqual([2]);
    });

    test('a handler subscribed while an async middleware is pending first receives the next event', async () => {
      const bus = setups[setup]();
      const calls: unknown[] = [];
      bus.use(async (event) => {
        await new Promise((resolve) => setImmediate(resolve));
        return event;
      });
      const done = dispatch(bus, method, 1);
      bus.subscribe('k', (value) => void calls.push(value));
      await done;
      await dispatch(bus, method, 2);
      expect(calls).toEqual([2]);
    });
  });
});

describe('a ctx kept from an earlier dispatch', () => {
  test.each(setupNames)(
    'used to emit from a one-parameter handler (%s): the rest of the dispatch keeps its ctx and its isolation',
    async (setup) => {
      const bus = setups[setup]();
      let kept: HandlerContext<Events> | undefined;
      const errors: unknown[] = [];
      const contexts: (HandlerContext<Events> | undefined)[] = [];
      bus.subscribe('ping', (_, ctx) => {
        kept = ctx;
      });
      bus.emit('ping', 1);
      bus.subscribe('k', (_value) => kept?.emit('ping', 2));
      bus.subscribe('k', (_value, ctx) => void contexts.push(ctx));
      bus.subscribe(
        'k',
        () => {
          throw new Error('later handler fails');
        },
        { onError: (error) => void errors.push(error) },
      );
      bus.subscribe('k', (_value, ctx) => void contexts.push(ctx));
      expect(() => bus.emit('k', 0)).not.toThrow();
      expect(contexts).toHaveLength(2);
      expect(contexts.map((ctx) => ctx?.depth)).toEqual([0, 0]);
      expect(errors).toEqual([new Error('later handler fails')]);
    },
  );
});

describe('failures of onError and inspectors are logged, never unhandled', () => {
  const rejectLater = () => new Promise((_, reject) => setImmediate(() => reject(new Error('rejected later'))));

  test.each(methods)("a subscription's async onError that rejects (%s)", async (method) => {
    const bus = createBus<Events>();
    bus.subscribe(
      'k',
      () => {
        throw new Error('boom');
      },
      { onError: rejectLater },
    );
    await dispatch(bus, method);
    await settle();
    expect(watch.unhandled).toEqual([]);
    expect(watch.logged).toHaveLength(1);
    expect(watch.logged.every(isHubbubLog)).toBe(true);
  });

  test.each(methods)("the bus's async onError that rejects (%s)", async (method) => {
    const bus = createBus<Events>({ onError: rejectLater });
    bus.subscribe('k', () => {
      throw new Error('boom');
    });
    await dispatch(bus, method);
    await settle();
    expect(watch.unhandled).toEqual([]);
    expect(watch.logged).toHaveLength(1);
    expect(watch.logged.every(isHubbubLog)).toBe(true);
  });

  test.each(methods)('an async inspector that rejects (%s): logged, and the handlers all ran', async (method) => {
    const bus = createBus<Events>();
    const calls: string[] = [];
    inspect(bus, (observation) => {
      if (observation.kind === 'handler-start') return rejectLater();
    });
    bus.subscribe('k', () => void calls.push('a'));
    bus.subscribe('k', () => void calls.push('b'));
    await dispatch(bus, method);
    await settle();
    expect(calls).toEqual(['a', 'b']);
    expect(watch.unhandled).toEqual([]);
    expect(watch.logged.length).toBeGreaterThan(0);
    expect(watch.logged.every(isHubbubLog)).toBe(true);
  });
});

describe('storms', () => {
  test.each(methods)(
    'an onError that re-dispatches the failing event with bus.%s ends in a storm refusal, no RangeError',
    async (method) => {
      const refusals: unknown[] = [];
      let failures = 0;
      const bus = createBus<Events>({
        maxDepth: MAX_DEPTH,
        onError: (error, event, ctx) => {
          if ((error as Error).name === 'EventStormError') return void refusals.push(error);
          if (method === 'emit') bus.emit(ctx.type as 'ping', event as number);
          else void bus.publish(ctx.type as 'ping', event as number);
        },
      });
      const depths: number[] = [];
      bus.subscribe('ping', (_, ctx) => {
        depths.push(ctx.depth);
        if (++failures < FAILURE_CAP) throw new Error('boom');
      });
      if (method === 'emit') bus.emit('ping', 0);
      else await bus.publish('ping', 0);
      await settle();
      expect(depths).toEqual([0, 1, 2, 3, 4]);
      if (method === 'publish') expect(refusals).toEqual([expect.objectContaining({ name: 'EventStormError' })]);
      // emit throws its refusal into the re-dispatching onError: a failing onError, logged once.
      else expect(watch.logged.map(isHubbubLog)).toEqual([true]);
    },
  );

  test('an onError called after an async rejection runs inside the failed event: its bare bus.emit is one level deeper', async () => {
    const depths: number[] = [];
    let failures = 0;
    const bus = createBus<Events>({ maxDepth: MAX_DEPTH, onError: () => {} });
    bus.subscribe(
      'ping',
      async (_, ctx) => {
        depths.push(ctx.depth);
        await new Promise((resolve) => setImmediate(resolve));
        if (++failures < FAILURE_CAP) throw new Error('boom');
      },
      { onError: (_error, event) => bus.emit('ping', event) },
    );
    bus.emit('ping', 0);
    for (let turn = 0; turn < FAILURE_CAP && failures < FAILURE_CAP; turn++) await settle();
    expect(depths).toEqual([0, 1, 2, 3, 4]);
  });

  test("a refused publish goes to the bus onError only at maxDepth + 1: an onError that re-publishes from the refusal's ctx ends", async () => {
    const refusedDepths: number[] = [];
    const bus = createBus<Events>({
      maxDepth: MAX_DEPTH,
      onError: (_error, event, ctx) => {
        refusedDepths.push(ctx.depth);
        if (refusedDepths.length < FAILURE_CAP) void ctx.publish('ping', event as number);
      },
    });
    bus.subscribe('ping', (n, ctx) => void ctx.publish('ping', n + 1));
    await bus.publish('ping', 0);
    await settle();
    expect(refusedDepths).toEqual([MAX_DEPTH + 1]);
  });

  test('an emit deeper than maxDepth is refused even when nothing listens to its key', () => {
    const errors: unknown[] = [];
    const bus = createBus<Events>({ maxDepth: MAX_DEPTH, onError: (error) => void errors.push(error) });
    bus.subscribe('ping', (n, ctx) => {
      if (ctx.depth < MAX_DEPTH) ctx.emit('ping', n + 1);
      else ctx.emit('ready');
    });
    bus.emit('ping', 0);
    expect(errors).toEqual([expect.objectContaining({ name: 'EventStormError' })]);
  });

  test('createTestBus().published includes storm-refused publishes and emits', async () => {
    const bus = createTestBus<Events>({ maxDepth: 1, onError: () => {} });
    bus.subscribe('ping', (n, ctx) => {
      if (n === 0) void ctx.publish('ping', 1);
      if (n === 1) {
        void ctx.publish('ping', 2);
        ctx.emit('ping', 3);
      }
    });
    await bus.publish('ping', 0);
    await settle();
    expect(bus.published).toEqual([
      { type: 'ping', event: 0 },
      { type: 'ping', event: 1 },
      { type: 'ping', event: 2 },
      { type: 'ping', event: 3 },
    ]);
  });
});

describe('ctx.block on payload-less events', () => {
  test.each(methods)(
    '%s: ctx.block(reason) blocks (not a failure), with the reason in the report; a pass-through passes',
    async (method) => {
      const failures: unknown[] = [];
      const bus = createBus<Events>({ onError: (error) => void failures.push(error) });
      const calls: unknown[] = [];
      bus.subscribe('ready', (value) => void calls.push(value));
      const removePass = bus.use((event) => event, { name: 'pass' });
      if (method === 'publish') {
        const passed = await bus.publish('ready');
        expect(passed.blockedBy).toBeUndefined();
        expect(passed.delivered).toBe(1);
      } else bus.emit('ready');
      expect(calls).toEqual([undefined]);
      removePass();
      bus.use((_event, ctx) => block(ctx, 'not yet'), { name: 'gate' });
      if (method === 'publish') {
        const report = await bus.publish('ready');
        expect(report).toMatchObject({ delivered: 0, errors: [], blockedBy: 'gate' });
        expect(reasonOf(report)).toBe('not yet');
      } else bus.emit('ready');
      expect(calls).toEqual([undefined]);
      expect(failures).toEqual([]);
    },
  );

  test('an inspector sees the decision and its reason; ctx.block() without a reason reports none', async () => {
    const bus = createBus<Events>();
    const decisions: unknown[] = [];
    inspect(bus, (observation) => {
      if (observation.kind === 'middleware')
        decisions.push({ name: observation.name, decision: observation.decision, reason: (observation as { reason?: unknown }).reason });
    });
    const removeGate = bus.use((_event, ctx) => block(ctx, 'why'), { name: 'gate' });
    await bus.publish('ready');
    removeGate();
    bus.use((_event, ctx) => block(ctx), { name: 'silent' });
    const report = await bus.publish('ready');
    expect(report.blockedBy).toBe('silent');
    expect(reasonOf(report)).toBeUndefined();
    expect(decisions).toEqual([
      { name: 'gate', decision: 'blocked', reason: 'why' },
      { name: 'silent', decision: 'blocked', reason: undefined },
    ]);
  });
});
