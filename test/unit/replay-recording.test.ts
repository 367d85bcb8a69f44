import { afterEach, describe, expect, test, vi } from 'vitest';
import { type Bus, createRegistry, type EventClass } from '../../src/index';
import { createTestBus, type RecordedStep, replayRecording } from '../../src/testing/index';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

class OrderPlaced {
  static type = 'OrderPlaced';
  constructor(
    readonly orderId: string,
    readonly total: number,
  ) {}
}
class PaymentProcessed {
  static type = 'PaymentProcessed';
  constructor(
    readonly orderId: string,
    readonly paidAt: number,
  ) {}
}

/** A small app: a slow payment reply per order, a handler that fails above 100, an auth middleware. */
const setup = (bus: Bus) => {
  let signedIn = false;
  const offs = [
    bus.use(
      (event, ctx) => {
        if (ctx.type === 'session/signedIn') signedIn = true;
        return ctx.type === 'OrderPlaced' && !signedIn ? ctx.block('sign in first') : event;
      },
      { name: 'auth' },
    ),
    bus.subscribe(
      OrderPlaced,
      (order, ctx) => {
        setTimeout(() => void ctx.publish(new PaymentProcessed(order.orderId, Date.now())), 300);
      },
      { label: 'payments' },
    ),
    bus.subscribe(
      OrderPlaced,
      (order) => {
        if (order.total > 100) throw new Error(`total ${order.total} over the limit`);
      },
      { label: 'analytics' },
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
};

/** v1 orders had `amount`; v2 calls it `total`. */
const registry = createRegistry()
  .define(OrderPlaced as EventClass, {
    version: 2,
    upcasters: { 1: (v1: { orderId: string; amount: number }) => ({ orderId: v1.orderId, total: v1.amount }) },
  })
  .define(PaymentProcessed as EventClass);

describe('replayRecording', () => {
  test('reports, step by step, the follow-up events and the handler failures; blocked steps say by whom', async () => {
    vi.useFakeTimers({ now: 1_000 });
    const bus = createTestBus();
    setup(bus);
    const recording: RecordedStep[] = [
      { type: 'OrderPlaced', version: 2, payload: { $hubbub: 'instance', className: 'OrderPlaced', fields: { orderId: 'o-0', total: 5 } } },
      { type: 'session/signedIn', payload: { userId: 'ada' } },
      // Recorded at v1: the registry upcasts `amount` to `total`.
      { type: 'OrderPlaced', version: 1, payload: { orderId: 'o-1', amount: 120 } },
    ];
    const logged: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void logged.push(parts));
    const steps = await replayRecording(bus, recording, { registry, settle: () => vi.runAllTimersAsync() });
    // The analytics handler has no onError: the bus's default logs its failure, as in the app.
    expect(logged).toEqual([['[hubbub]', '"OrderPlaced" failed:', new Error('total 120 over the limit')]]);
    expect(steps).toEqual([
      { type: 'OrderPlaced', blockedBy: 'auth', blockReason: 'sign in first', followUps: [], failures: [] },
      { type: 'session/signedIn', followUps: [], failures: [] },
      {
        type: 'OrderPlaced',
        followUps: [{ type: 'PaymentProcessed', payload: { orderId: 'o-1', paidAt: 1_300 } }],
        failures: [{ eventType: 'OrderPlaced', label: 'analytics', message: 'total 120 over the limit' }],
      },
    ]);
    expect(steps[2]?.followUps[0]?.payload).toBeInstanceOf(PaymentProcessed);
  });

  test('revives recorded markers (dates, Maps, bigints) before publishing a string-keyed event', async () => {
    const bus = createTestBus();
    const got: unknown[] = [];
    bus.subscribe('import/done', (payload) => got.push(payload));
    await replayRecording(bus, [
      {
        type: 'import/done',
        payload: {
          at: { $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' },
          rows: { $hubbub: 'bigint', value: '12' },
          tags: { $hubbub: 'map', size: 1, entries: [['a', 1]] },
        },
      },
    ]);
    expect(got).toEqual([{ at: new Date('2026-01-01T00:00:00.000Z'), rows: 12n, tags: new Map([['a', 1]]) }]);
  });

  test('a class event without a registry, or a payload the recording lost, throws naming the step and the fix; nothing stays attached', async () => {
    const bus = createTestBus();
    await expect(
      replayRecording(bus, [
        { type: 'OrderPlaced', payload: { $hubbub: 'instance', className: 'OrderPlaced', fields: { orderId: 'o-1' } } },
      ]),
    ).rejects.toThrow(/step 0 \("OrderPlaced"\).*only a registry can rebuild it.*registry\.define\(OrderPlaced\)/);
    await expect(replayRecording(bus, [{ type: 'login', payload: { password: { $hubbub: 'redacted' } } }])).rejects.toThrow(
      /step 0 \("login"\): the payload holds a redacted value at \$\.password/,
    );
    await expect(replayRecording(bus, [{ type: 'OrderPlaced', version: 3, payload: {} }], { registry })).rejects.toThrow(
      /newer than this app knows/,
    );
    // Its inspector is detached even when a step throws: a later replay sees only its own events.
    bus.subscribe('ping', () => {});
    expect(await replayRecording(bus, [{ type: 'ping', payload: 1 }])).toEqual([{ type: 'ping', followUps: [], failures: [] }]);
  });

  test("follow-ups are only the events of the step's own correlation, not other roots published meanwhile", async () => {
    vi.useFakeTimers();
    const bus = createTestBus();
    bus.subscribe('tick', (_n, ctx) => {
      setTimeout(() => void ctx.publish('tock', 1), 10);
      // A bare publish from a timer starts a new chain: not a follow-up.
      setTimeout(() => void bus.publish('unrelated', 2), 20);
    });
    const steps = await replayRecording(bus, [{ type: 'tick', payload: 0 }], { settle: () => vi.runAllTimersAsync() });
    expect(steps).toEqual([{ type: 'tick', followUps: [{ type: 'tock', payload: 1 }], failures: [] }]);
  });
});
