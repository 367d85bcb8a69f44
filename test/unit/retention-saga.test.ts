import { describe, expect, test } from 'vitest';
import { type Bus, createBus, createSaga, type HandlerContext, type Saga } from '../../src/index';
import { createRetentionProbe, type RetentionProbe } from './retention-support';

type Events = { paid: { orderId: string }; packed: { orderId: string }; shipped: { orderId: string } };

/** A saga whose `complete` and `onTimeout` are tracked as 'complete' and 'onTimeout'; its keys time out at once. */
const sagaOn = (bus: Bus<Events>, probe: RetentionProbe, onTimeout?: () => void) => {
  const complete = ([paid]: [Events['paid'], Events['packed']], ctx: HandlerContext<Events>) =>
    ctx.emit('shipped', { orderId: paid.orderId });
  return createSaga(bus, {
    name: 'shipping',
    steps: ['paid', 'packed'] as const,
    correlate: (event) => event.orderId,
    complete: probe.track('complete', complete),
    timeout: 0,
    onTimeout: probe.track('onTimeout', () => onTimeout?.()),
  });
};

describe('sagas: nothing is kept after a key is done, or after dispose()', () => {
  test('completed and timed-out keys let go of their events', async () => {
    const probe = createRetentionProbe();
    const bus = createBus<Events>();
    let timedOut: () => void = () => {};
    const gaveUp = new Promise<void>((resolve) => {
      timedOut = resolve;
    });
    const saga = sagaOn(bus, probe, () => timedOut());
    const arrange = () => {
      bus.emit('paid', probe.track('completed key: first step', { orderId: 'o1' }));
      bus.emit('packed', probe.track('completed key: last step', { orderId: 'o1' }));
      bus.emit('paid', probe.track('timed-out key: its step', { orderId: 'o2' }));
    };
    arrange();
    await gaveUp;
    expect(saga.pending()).toEqual([]);
    expect(await probe.retained()).toEqual(['complete', 'onTimeout']);
  });

  test('dispose() lets go of the events of the keys still pending', async () => {
    const probe = createRetentionProbe();
    const bus = createBus<Events>();
    const saga = createSaga(bus, {
      name: 'shipping',
      steps: ['paid', 'packed'] as const,
      correlate: (event) => event.orderId,
      complete: () => {},
    });
    const arrange = () => bus.emit('paid', probe.track('pending key: its step', { orderId: 'o1' }));
    arrange();
    saga.dispose();
    expect(await probe.retained()).toEqual([]);
  });

  test('a saga kept after dispose() (in a field, a test variable) keeps neither the bus nor its options', async () => {
    const probe = createRetentionProbe();
    const arrange = () => {
      const bus = probe.track('bus', createBus<Events>());
      const saga = sagaOn(bus, probe);
      bus.emit('paid', probe.track('pending key: its step', { orderId: 'o1' }));
      return saga;
    };
    const saga: Saga = arrange();
    saga.dispose();
    expect(await probe.retained()).toEqual([]);
    expect(saga.pending()).toEqual([]);
    expect(saga.name).toBe('shipping');
  });
});
