import { afterEach, describe, expect, test, vi } from 'vitest';
import { createBus, createSaga, inspect, type Observation, subscriptionsOf } from '../../src/index';
import { InventoryReserved, OrderEvent, OrderFulfillmentStarted, OrderPlaced, PaymentProcessed } from './fixtures';

afterEach(() => vi.useRealTimers());

const setup = (options: { timeout?: number; onTimeout?: (got: unknown[], key: string) => unknown; duplicateWindow?: number } = {}) => {
  const bus = createBus({ onError: () => {} });
  const started: OrderFulfillmentStarted[] = [];
  const causes: (string | undefined)[] = [];
  bus.subscribe(OrderFulfillmentStarted, (e, ctx) => {
    started.push(e);
    causes.push(ctx.causationId);
  });
  const sagaEvents: Observation[] = [];
  inspect(bus, (o) => {
    if (o.kind === 'saga') sagaEvents.push(o);
  });
  const saga = createSaga(bus, {
    name: 'fulfillment',
    steps: [PaymentProcessed, InventoryReserved] as const,
    correlate: (e) => e.orderId,
    complete: ([payment], ctx) => ctx.publish(new OrderFulfillmentStarted(payment.orderId)),
    ...options,
  });
  return { bus, saga, started, causes, sagaEvents };
};

describe('createSaga (the seed FulfillmentSaga)', () => {
  test.each([
    ['payment first', [new PaymentProcessed('o1'), new InventoryReserved('o1')]],
    ['inventory first', [new InventoryReserved('o1'), new PaymentProcessed('o1')]],
  ])('completes once every step arrived, in any order (%s)', async (_, events) => {
    const { bus, started, saga } = setup();
    await bus.publish(events[0] as object);
    expect(started).toEqual([]);
    expect(saga.pending()).toEqual([
      expect.objectContaining({ key: 'o1', received: [events[0]?.constructor.name], missing: [events[1]?.constructor.name] }),
    ]);
    await bus.publish(events[1] as object);
    expect(started).toEqual([new OrderFulfillmentStarted('o1')]);
    expect(saga.pending()).toEqual([]);
  });

  test('completion publishes with the last event as its cause, and publish awaits it', async () => {
    const { bus, started, causes } = setup();
    await bus.publish(new PaymentProcessed('o1'));
    const last = await bus.publish(new InventoryReserved('o1'));
    expect(started).toHaveLength(1);
    expect(causes).toEqual([last.id]);
  });

  test('keys are independent; duplicates are ignored (and reported) while pending and after completion', async () => {
    const { bus, started, saga, sagaEvents } = setup();
    await bus.publish(new PaymentProcessed('o1'));
    await bus.publish(new PaymentProcessed('o2'));
    await bus.publish(new PaymentProcessed('o1'));
    expect(saga.pending().map((p) => p.key)).toEqual(['o1', 'o2']);
    await bus.publish(new InventoryReserved('o1'));
    await bus.publish(new InventoryReserved('o1'));
    await bus.publish(new PaymentProcessed('o1'));
    expect(started.map((s) => s.orderId)).toEqual(['o1']);
    expect(saga.pending().map((p) => p.key)).toEqual(['o2']);
    expect(sagaEvents.map((o) => (o.kind === 'saga' ? `${o.key}:${o.status}` : ''))).toEqual([
      'o1:started',
      'o2:started',
      'o1:duplicate',
      'o1:completed',
      'o1:duplicate',
      'o1:duplicate',
    ]);
  });

  test("times out with its own outcome and cleans up; the key's next event starts a new attempt", async () => {
    vi.useFakeTimers();
    const timedOut: unknown[] = [];
    const { bus, saga, started, sagaEvents } = setup({ timeout: 1000, onTimeout: (got, key) => timedOut.push([key, got]) });
    const payment = new PaymentProcessed('o1');
    await bus.publish(payment);
    expect(saga.pending()[0]?.deadline).toBe(saga.pending()[0]!.startedAt + 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(timedOut).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(timedOut).toEqual([['o1', [payment, undefined]]]);
    expect(saga.pending()).toEqual([]);
    await bus.publish(new InventoryReserved('o1'));
    expect(saga.pending()).toEqual([expect.objectContaining({ key: 'o1', received: ['InventoryReserved'] })]);
    await bus.publish(new PaymentProcessed('o1'));
    expect(started).toEqual([new OrderFulfillmentStarted('o1')]);
    expect(sagaEvents.map((o) => (o.kind === 'saga' ? o.status : ''))).toEqual(['started', 'timedOut', 'started', 'completed']);
  });

  test('a complete that failed is no completion: the steps sent again complete the key (a retry, not duplicates)', async () => {
    const bus = createBus({ onError: () => {} });
    let attempts = 0;
    const statuses: string[] = [];
    inspect(bus, (o) => {
      if (o.kind === 'saga') statuses.push(o.status);
    });
    createSaga(bus, {
      name: 'fulfillment',
      steps: [PaymentProcessed, InventoryReserved] as const,
      correlate: (e) => e.orderId,
      complete: () => {
        attempts++;
        if (attempts === 1) throw new Error('warehouse offline');
      },
    });
    for (let round = 0; round < 2; round++) {
      await bus.publish(new PaymentProcessed('o1'));
      await bus.publish(new InventoryReserved('o1'));
    }
    expect(attempts).toBe(2);
    expect(statuses).toEqual(['started', 'failed', 'started', 'completed']);
  });

  test("onTimeout's ctx is the last step's: what it publishes joins that step's chain", async () => {
    vi.useFakeTimers();
    const bus = createBus({ onError: () => {} });
    const cancellations: { id: string; correlationId: string; causationId: string | undefined }[] = [];
    bus.subscribe(
      'order/cancelled',
      (_orderId: unknown, ctx) => void cancellations.push({ id: ctx.id, correlationId: ctx.correlationId, causationId: ctx.causationId }),
    );
    createSaga(bus, {
      name: 'fulfillment',
      steps: [PaymentProcessed, InventoryReserved] as const,
      correlate: (e) => e.orderId,
      complete: () => {},
      timeout: 1000,
      onTimeout: (_got, orderId, ctx) => ctx.publish('order/cancelled', orderId),
    });
    let placed = { id: '', correlationId: '' };
    bus.subscribe(OrderPlaced, (order, ctx) => {
      placed = { id: ctx.id, correlationId: ctx.correlationId };
      return ctx.publish(new PaymentProcessed(order.orderId));
    });
    let paymentId = '';
    bus.subscribe(PaymentProcessed, (_payment, ctx) => {
      paymentId = ctx.id;
    });
    await bus.publish(new OrderPlaced('o1'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(cancellations).toEqual([{ id: expect.any(String), correlationId: placed.correlationId, causationId: paymentId }]);
    expect(paymentId).not.toBe(placed.id);
  });

  test('after completion, duplicates are ignored for duplicateWindow (default 5 s) and reported; then the key starts anew', async () => {
    vi.useFakeTimers();
    const { bus, saga, started, sagaEvents } = setup();
    await bus.publish(new PaymentProcessed('o1'));
    await bus.publish(new InventoryReserved('o1'));
    await vi.advanceTimersByTimeAsync(4999);
    const late = await bus.publish(new PaymentProcessed('o1'));
    expect(saga.pending()).toEqual([]);
    expect(sagaEvents.at(-1)).toEqual({
      kind: 'saga',
      saga: 'fulfillment',
      key: 'o1',
      status: 'duplicate',
      received: ['PaymentProcessed', 'InventoryReserved'],
      eventId: late.id,
    });
    await vi.advanceTimersByTimeAsync(1);
    await bus.publish(new PaymentProcessed('o1'));
    await bus.publish(new InventoryReserved('o1'));
    expect(started.map((s) => s.orderId)).toEqual(['o1', 'o1']);
    expect(sagaEvents.map((o) => (o.kind === 'saga' ? o.status : ''))).toEqual([
      'started',
      'completed',
      'duplicate',
      'started',
      'completed',
    ]);
  });

  test('duplicateWindow sets the window; 0 turns it off', async () => {
    vi.useFakeTimers();
    const short = setup({ duplicateWindow: 100 });
    await short.bus.publish(new PaymentProcessed('o1'));
    await short.bus.publish(new InventoryReserved('o1'));
    await vi.advanceTimersByTimeAsync(100);
    await short.bus.publish(new PaymentProcessed('o1'));
    expect(short.saga.pending().map((p) => p.key)).toEqual(['o1']);

    const off = setup({ duplicateWindow: 0 });
    await off.bus.publish(new PaymentProcessed('o1'));
    await off.bus.publish(new InventoryReserved('o1'));
    await off.bus.publish(new PaymentProcessed('o1'));
    expect(off.saga.pending().map((p) => p.key)).toEqual(['o1']);
  });

  test.each([
    ['steps', { steps: [] }, /steps must be a non-empty array of event keys and event classes; got an array of 0/],
    ['steps', { steps: [undefined] }, /steps must be a non-empty array/],
    ['steps', { steps: [PaymentProcessed, PaymentProcessed] }, /steps must be distinct event keys and classes/],
    ['correlate', { correlate: undefined }, /correlate must be a function/],
    ['complete', { complete: 'x' }, /complete must be a function; got "x"/],
    [
      'timeout',
      { timeout: Number.NaN },
      /timeout must be a number of ms from 0 to 2147483647 \(about 24.8 days\), or undefined for none; got NaN/,
    ],
    ['timeout', { timeout: -1 }, /timeout must be a number of ms from 0/],
    ['onTimeout', { onTimeout: 1 }, /onTimeout must be a function, or undefined; got 1/],
    ['duplicateWindow', { duplicateWindow: -1 }, /duplicateWindow must be a number of ms >= 0/],
  ])('a bad %s is a TypeError naming the saga, the option and what it accepts', (_, bad, message) => {
    const bus = createBus();
    const create = () =>
      createSaga(bus, {
        name: 'checked',
        steps: [PaymentProcessed, InventoryReserved] as const,
        correlate: (e) => e.orderId,
        complete: () => {},
        ...(bad as object),
      });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(/createSaga\("checked"\): /);
    expect(create).toThrow(message);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('completion cancels the timer', async () => {
    vi.useFakeTimers();
    const onTimeout = vi.fn();
    const { bus } = setup({ timeout: 100, onTimeout });
    await bus.publish(new PaymentProcessed('o1'));
    await bus.publish(new InventoryReserved('o1'));
    await vi.advanceTimersByTimeAsync(500);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a failing onTimeout is reported as a failed saga and logged', async () => {
    vi.useFakeTimers();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { bus, sagaEvents } = setup({
      timeout: 10,
      onTimeout: async () => {
        throw new Error('cancel failed');
      },
    });
    await bus.publish(new PaymentProcessed('o1'));
    await vi.advanceTimersByTimeAsync(10);
    expect(sagaEvents.map((o) => (o.kind === 'saga' ? o.status : ''))).toEqual(['started', 'timedOut', 'failed']);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('onTimeout for "o1" failed'), expect.any(Error));
    log.mockRestore();
  });

  test('a failing complete is that handler failure, in the report, and a failed saga', async () => {
    const bus = createBus({ onError: () => {} });
    const statuses: string[] = [];
    inspect(bus, (o) => o.kind === 'saga' && statuses.push(o.status));
    const boom = new Error('complete failed');
    createSaga(bus, {
      name: 's',
      steps: [PaymentProcessed, InventoryReserved] as const,
      correlate: (e) => e.orderId,
      complete: () => {
        throw boom;
      },
    });
    await bus.publish(new PaymentProcessed('o1'));
    const report = await bus.publish(new InventoryReserved('o1'));
    expect(report.errors).toEqual([boom]);
    expect(statuses).toEqual(['started', 'failed']);
  });

  test('string-key steps and an undefined correlation key (ignored)', async () => {
    const bus = createBus<{ paid: { id?: string }; packed: { id: string } }>();
    const done: string[] = [];
    const saga = createSaga(bus, {
      name: 'strings',
      steps: ['paid', 'packed'] as const,
      correlate: (e) => e.id,
      complete: ([paid, packed]) => void done.push(`${paid.id}/${packed.id}`),
    });
    bus.emit('paid', {});
    expect(saga.pending()).toEqual([]);
    bus.emit('packed', { id: 'x' });
    bus.emit('paid', { id: 'x' });
    await Promise.resolve();
    expect(done).toEqual(['x/x']);
  });

  test('dispose unsubscribes, cancels timers and forgets pending keys', async () => {
    vi.useFakeTimers();
    const onTimeout = vi.fn();
    const { bus, saga } = setup({ timeout: 100, onTimeout });
    await bus.publish(new PaymentProcessed('o1'));
    const subscribed = subscriptionsOf(bus).length;
    saga.dispose();
    expect(saga.pending()).toEqual([]);
    expect(subscriptionsOf(bus).length).toBe(subscribed - 2);
    await vi.advanceTimersByTimeAsync(200);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});

describe('createSaga with careless or hostile input', () => {
  const fulfillment = { name: 'checked', steps: [PaymentProcessed, InventoryReserved] as const, complete: () => {} };

  test.each([
    ['an object', {}, /got object/],
    ['NaN', Number.NaN, /got NaN/],
    ['null', null, /got null/],
    ['a number', 7, /got 7/],
  ])(
    'a correlation key that is %s is that handler failure (a TypeError naming the saga and the fix), and starts nothing',
    async (_, key, got) => {
      const bus = createBus({ onError: () => {} });
      const saga = createSaga(bus, { ...fulfillment, correlate: () => key as unknown as string });
      const report = await bus.publish(new PaymentProcessed('o1'));
      expect(report.errors).toEqual([expect.any(TypeError)]);
      const message = (report.errors[0] as Error).message;
      expect(message).toMatch(
        /createSaga\("checked"\): correlate\(PaymentProcessed\)'s result must be a string, or undefined to ignore the event/,
      );
      expect(message).toMatch(/String\(id\)/);
      expect(message).toMatch(got);
      expect(saga.pending()).toEqual([]);
    },
  );

  test('a throwing correlate is that handler failure, through emit too, and starts nothing', async () => {
    const errors: unknown[] = [];
    const bus = createBus({ onError: (error) => void errors.push(error) });
    const boom = new Error('no order id');
    const saga = createSaga(bus, {
      ...fulfillment,
      correlate: () => {
        throw boom;
      },
    });
    const report = await bus.publish(new PaymentProcessed('o1'));
    bus.emit(new InventoryReserved('o1'));
    await Promise.resolve();
    expect(report.errors).toEqual([boom]);
    expect(errors).toEqual([boom, boom]);
    expect(saga.pending()).toEqual([]);
  });

  test.each([
    ['no options', [createBus(), undefined], /createSaga\("undefined"\): options must be an object/],
    ['no bus', [undefined, { name: 'checked' }], /createSaga\("checked"\): bus must be a bus made by createBus\(\); got undefined/],
    [
      'a class and its subclass',
      [createBus(), { steps: [OrderEvent, OrderPlaced] }],
      /steps must be free of a class and its subclass \(one event would fill both steps\); got "OrderPlaced"/,
    ],
    ["'*'", [createBus(), { steps: ['*', 'paid'] }], /steps must be event keys and classes, not '\*' or patterns; got "\*"/],
    ['a pattern', [createBus(), { steps: ['cart/*', 'paid'] }], /not '\*' or patterns; got "cart\/\*"/],
    ['maxPending 0', [createBus(), { maxPending: 0 }], /maxPending must be a whole number >= 1/],
    ['maxPending NaN', [createBus(), { maxPending: Number.NaN }], /maxPending must be a whole number >= 1.*got NaN/],
  ])('%s: a TypeError naming the problem, and nothing subscribed', (_, [bus, options], message) => {
    const create = () =>
      createSaga(
        bus as never,
        options === undefined ? (undefined as never) : ({ ...fulfillment, correlate: () => 'x', ...options } as never),
      );
    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
    if (bus) expect(subscriptionsOf(bus as never)).toEqual([]);
  });

  test('one event of a subclass never fills two steps at once (refused above); sibling classes stay fine', async () => {
    const bus = createBus();
    const done = vi.fn();
    createSaga(bus, { name: 'siblings', steps: [OrderPlaced, PaymentProcessed] as const, correlate: (e) => e.orderId, complete: done });
    await bus.publish(new OrderPlaced('o1'));
    expect(done).not.toHaveBeenCalled();
    await bus.publish(new PaymentProcessed('o1'));
    expect(done).toHaveBeenCalledTimes(1);
  });

  test('a long or multi-line correlation key is quoted cut and escaped in messages (keys may come from other tabs or servers)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const bus = createBus({ onError: () => {} });
      createSaga(bus, {
        name: 'bounded',
        steps: [PaymentProcessed, InventoryReserved] as const,
        correlate: (e) => e.orderId,
        complete: () => {},
        maxPending: 1,
      });
      await bus.publish(new PaymentProcessed(`${'x'.repeat(10_000)}\n[hubbub] all good`));
      await bus.publish(new PaymentProcessed('o2'));
      const message = String(warn.mock.calls[0]?.[0]);
      expect(message).toContain(`gave up the oldest, "${'x'.repeat(80)}..."`);
      expect(message.length).toBeLessThan(300);
      expect(message).not.toContain('\n');
    } finally {
      warn.mockRestore();
    }
  });

  test('pending keys are bounded by maxPending: the oldest gives up (failed, then onTimeout), warned once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const timedOut: unknown[] = [];
    const { bus, saga, sagaEvents } = setup({ onTimeout: (got, key) => timedOut.push([key, got]) });
    saga.dispose();
    const bounded = createSaga(bus, {
      name: 'bounded',
      steps: [PaymentProcessed, InventoryReserved] as const,
      correlate: (e) => e.orderId,
      complete: () => {},
      maxPending: 2,
      onTimeout: (got, key) => timedOut.push([key, got]),
    });
    const first = new PaymentProcessed('o1');
    await bus.publish(first);
    await bus.publish(new PaymentProcessed('o2'));
    await bus.publish(new PaymentProcessed('o3'));
    await bus.publish(new PaymentProcessed('o4'));
    expect(bounded.pending().map((p) => p.key)).toEqual(['o3', 'o4']);
    expect(timedOut).toEqual([
      ['o1', [first, undefined]],
      ['o2', [new PaymentProcessed('o2'), undefined]],
    ]);
    const failed = sagaEvents.filter((o) => o.kind === 'saga' && o.status === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ saga: 'bounded', key: 'o1', received: ['PaymentProcessed'], error: expect.any(RangeError) }),
      expect.objectContaining({ key: 'o2' }),
    ]);
    expect(String((failed[0] as { error: Error }).error.message)).toMatch(/more than 2 keys pending.*set a timeout, or raise maxPending/);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  test('by default at most 10,000 keys are pending, with no timeout', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bus = createBus();
    const saga = createSaga(bus, { ...fulfillment, correlate: (e) => e.orderId });
    for (let index = 0; index <= 10_000; index++) bus.emit(new PaymentProcessed(`o${index}`));
    expect(saga.pending()).toHaveLength(10_000);
    expect(saga.pending()[0]?.key).toBe('o1');
    warn.mockRestore();
  });

  test('a giving-up key cancels its timer', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const onTimeout = vi.fn();
    const bus = createBus();
    createSaga(bus, { ...fulfillment, correlate: (e) => e.orderId, timeout: 1000, maxPending: 1, onTimeout });
    bus.emit(new PaymentProcessed('o1'));
    bus.emit(new PaymentProcessed('o2'));
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onTimeout.mock.calls.map(([, key]) => key)).toEqual(['o1', 'o2']);
    vi.restoreAllMocks();
  });

  test('an onTimeout that restarts the key it gave up keeps the bound, and one that always does is storm-limited', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus({ onError: () => {} });
    const retryFirst = createSaga(bus, {
      ...fulfillment,
      correlate: (e) => e.orderId,
      maxPending: 2,
      onTimeout: (_, key) => key === 'o1' && bus.emit(new PaymentProcessed('o1')),
    });
    for (const key of ['o1', 'o2', 'o3']) bus.emit(new PaymentProcessed(key));
    expect(retryFirst.pending().map((p) => p.key)).toEqual(['o3', 'o1']);
    retryFirst.dispose();

    const retryAll = createSaga(bus, {
      ...fulfillment,
      correlate: (e) => e.orderId,
      maxPending: 2,
      onTimeout: (_, key) => bus.emit(new PaymentProcessed(key)),
    });
    for (const key of ['o1', 'o2', 'o3']) bus.emit(new PaymentProcessed(key));
    expect(retryAll.pending()).toHaveLength(2);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('onTimeout for'), expect.objectContaining({ name: 'EventStormError' }));
    vi.restoreAllMocks();
  });

  test('a complete that publishes its own steps again (duplicateWindow 0) is storm-limited, not a loop', async () => {
    const bus = createBus({ onError: () => {} });
    let completions = 0;
    createSaga(bus, {
      name: 'echo',
      steps: [PaymentProcessed, InventoryReserved] as const,
      correlate: (e) => e.orderId,
      duplicateWindow: 0,
      complete: async (_, ctx) => {
        completions++;
        await ctx.publish(new PaymentProcessed('o1'));
        await ctx.publish(new InventoryReserved('o1'));
      },
    });
    await bus.publish(new PaymentProcessed('o1'));
    await bus.publish(new InventoryReserved('o1'));
    expect(completions).toBeGreaterThan(1);
    expect(completions).toBeLessThanOrEqual(33);
  });

  test('dispose from inside complete: that completion finishes and is reported, then nothing more', async () => {
    const bus = createBus();
    const statuses: string[] = [];
    inspect(bus, (o) => o.kind === 'saga' && statuses.push(`${o.saga}:${o.key}:${o.status}`));
    const saga: ReturnType<typeof createSaga> = createSaga(bus, {
      ...fulfillment,
      name: 'a',
      correlate: (e) => e.orderId,
      complete: () => saga.dispose(),
    });
    const other = createSaga(bus, { ...fulfillment, name: 'b', correlate: (e) => e.orderId });
    await bus.publish(new PaymentProcessed('o1'));
    await bus.publish(new InventoryReserved('o1'));
    await bus.publish(new PaymentProcessed('o2'));
    expect(statuses).toEqual(['a:o1:started', 'b:o1:started', 'a:o1:completed', 'b:o1:completed', 'b:o2:started']);
    expect(saga.pending()).toEqual([]);
    expect(other.pending().map((p) => p.key)).toEqual(['o2']);
    expect(subscriptionsOf(bus).map((s) => s.label)).toEqual(['saga b: PaymentProcessed', 'saga b: InventoryReserved']);
  });
});
