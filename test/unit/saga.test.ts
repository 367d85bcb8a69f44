import { afterEach, describe, expect, test, vi } from 'vitest';
import { createBus, createSaga, inspect, type Observation, subscriptionsOf } from '../../src/index';
import { InventoryReserved, OrderFulfillmentStarted, PaymentProcessed } from './fixtures';

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
