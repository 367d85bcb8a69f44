import { describe, expect, test } from 'vitest';
import { createTestBus, replayRecording, waitForEvent } from '../../src/testing/index';
import { createRetentionProbe } from './retention-support';

type Events = { 'cart/added': { sku: string }; 'order/placed': { id: string } };

describe('hubbub/testing: nothing is kept after it is let go of', () => {
  test('a test bus keeps what it recorded until clear(), and nothing after', async () => {
    const probe = createRetentionProbe();
    const bus = createTestBus<Events>();
    const arrange = () => bus.emit('cart/added', probe.track('recorded payload', { sku: 'tea' }));
    arrange();
    expect(await probe.retained()).toEqual(['recorded payload']);
    bus.clear();
    expect(await probe.retained()).toEqual([]);
  });

  test('a test bus let go of is collected with what it recorded', async () => {
    const probe = createRetentionProbe();
    const arrange = () => {
      const bus = probe.track('test bus', createTestBus<Events>());
      bus.subscribe(
        'cart/added',
        probe.track('handler', () => {}),
      );
      bus.emit('cart/added', probe.track('recorded payload', { sku: 'tea' }));
    };
    arrange();
    expect(await probe.retained()).toEqual([]);
  });

  test('a settled waitForEvent lets go of its where() and the event (its timer is cleared)', async () => {
    const probe = createRetentionProbe();
    const bus = createTestBus<Events>();
    const arrange = async () => {
      const placed = waitForEvent(bus, 'order/placed', { where: probe.track('where', () => true) });
      bus.emit('order/placed', probe.track('awaited event', { id: 'o1' }));
      await placed;
      bus.clear();
    };
    await arrange();
    expect(await probe.retained()).toEqual([]);
  });

  test('replayRecording keeps nothing once it resolved: neither the replayed events nor their follow-ups', async () => {
    const probe = createRetentionProbe();
    const bus = createTestBus<Events>();
    bus.subscribe('cart/added', (item, ctx) => ctx.emit('order/placed', probe.track('follow-up', { id: item.sku })));
    const arrange = async () => {
      const steps = await replayRecording(bus, [{ type: 'cart/added', payload: { sku: 'tea' } }]);
      expect(steps).toEqual([{ type: 'cart/added', followUps: [{ type: 'order/placed', payload: { id: 'tea' } }], failures: [] }]);
      bus.clear();
    };
    await arrange();
    expect(await probe.retained()).toEqual([]);
  });
});
