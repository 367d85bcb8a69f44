import { afterEach, describe, expect, test, vi } from 'vitest';
import { type Bus, createBus, createSaga, once, type SagaOptions, subscriptionsOf } from '../../src/index';
import { JEST_DEFAULT_FAKES } from './fake-timers-support';

afterEach(() => vi.useRealTimers());

type Events = {
  'payment/processed': { orderId: string };
  'inventory/reserved': { orderId: string };
  'order/cancelled': { orderId: string };
  tick: number;
};

/** Vitest's default, Jest's default (`queueMicrotask` faked too), and timers alone (a real `Date`). */
const CONFIGS = {
  'vitest default': undefined,
  'jest default': JEST_DEFAULT_FAKES,
  'timers only': ['setTimeout', 'clearTimeout'],
} as const;
const fakeTimers = (config: keyof typeof CONFIGS) => {
  const toFake = CONFIGS[config];
  vi.useFakeTimers(toFake === undefined ? undefined : { toFake: [...toFake] });
};

/** The seed's fulfillment saga on `bus`: payment and inventory per order within 1 s, nothing done on completion unless `overrides` says. */
const startFulfillment = (
  bus: Bus<Events>,
  overrides: Partial<SagaOptions<Events, readonly ['payment/processed', 'inventory/reserved']>> = {},
) =>
  createSaga(bus, {
    name: 'fulfillment',
    steps: ['payment/processed', 'inventory/reserved'],
    correlate: (event) => event.orderId,
    complete: () => {},
    timeout: 1000,
    ...overrides,
  });

describe.each(Object.keys(CONFIGS) as (keyof typeof CONFIGS)[])('under fake timers (%s)', (config) => {
  test('once(): a synchronous advanceTimersByTime fires its timeout; settling any way leaves no timer', async () => {
    fakeTimers(config);
    const bus = createBus<Events>();
    const timedOut = once(bus, 'tick', { timeout: 100 });
    vi.advanceTimersByTime(100);
    await expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const aborted = once(bus, 'tick', { timeout: 100, signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('createSaga: a synchronous advanceTimersByTime runs onTimeout, whose compensation is dispatched at once', () => {
    fakeTimers(config);
    const bus = createBus<Events>();
    const cancelled: string[] = [];
    bus.subscribe('order/cancelled', (event) => void cancelled.push(event.orderId));
    const saga = startFulfillment(bus, { onTimeout: (_got, orderId, ctx) => ctx.emit('order/cancelled', { orderId }) });
    bus.emit('payment/processed', { orderId: 'o1' });
    vi.advanceTimersByTime(999);
    expect(cancelled).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(cancelled).toEqual(['o1']);
    expect(saga.pending()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('createSaga: dispose() leaves no timer behind', () => {
    fakeTimers(config);
    const bus = createBus<Events>();
    const saga = startFulfillment(bus);
    bus.emit('payment/processed', { orderId: 'o1' });
    bus.emit('payment/processed', { orderId: 'o2' });
    expect(vi.getTimerCount()).toBe(2);
    saga.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createSaga on a faked Date', () => {
  test("the duplicate window and the deadline follow the test's clock, whether it advances timers or only sets the time", () => {
    vi.useFakeTimers({ now: 10_000 });
    const bus = createBus<Events>();
    const completed: string[] = [];
    const saga = startFulfillment(bus, { complete: ([payment]) => void completed.push(payment.orderId) });
    bus.emit('payment/processed', { orderId: 'o1' });
    expect(saga.pending()).toEqual([expect.objectContaining({ key: 'o1', startedAt: 10_000, deadline: 11_000 })]);
    bus.emit('inventory/reserved', { orderId: 'o1' });
    vi.advanceTimersByTime(4999);
    bus.emit('payment/processed', { orderId: 'o1' });
    expect(saga.pending()).toEqual([]);
    vi.setSystemTime(Date.now() + 1);
    bus.emit('payment/processed', { orderId: 'o1' });
    expect(saga.pending()).toEqual([expect.objectContaining({ key: 'o1', startedAt: 15_000 })]);
    expect(completed).toEqual(['o1']);
  });
});

describe('ctx.timestamp under a fake clock', () => {
  test('read at the epoch (a fake clock set to 0), it stays what it was first read as', () => {
    vi.useFakeTimers({ now: 0 });
    const bus = createBus<Events>();
    const read: number[] = [];
    bus.subscribe('tick', (_n, ctx) => {
      read.push(ctx.timestamp);
      vi.advanceTimersByTime(5);
      read.push(ctx.timestamp);
    });
    bus.emit('tick', 1);
    expect(read).toEqual([0, 0]);
  });
});
