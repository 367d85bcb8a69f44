import { describe, expect, test } from 'vitest';
import type { Bus } from '../../src/index';
import { createTestBus } from '../../src/testing/index';
import { OrderPlaced } from './fixtures';

/** The seed's OrderService: places an order by publishing OrderPlaced. */
class OrderService {
  constructor(private readonly bus: Bus) {}
  async placeOrder(userId: string, amount: number) {
    await this.bus.publish(new OrderPlaced(`order-${userId}`, userId, amount));
  }
}

describe("the seed's tests, in TypeScript", () => {
  test('test_order_placement_publishes_event', async () => {
    const bus = createTestBus();
    const service = new OrderService(bus);
    await service.placeOrder('u1', 49.99);
    expect(bus.published).toHaveLength(1);
    expect(bus.published[0]?.event).toBeInstanceOf(OrderPlaced);
    expect(bus.published[0]?.event).toMatchObject({ userId: 'u1' });
    expect(bus.published[0]?.type).toBe('OrderPlaced');
  });

  test('test_order_triggers_email_and_inventory', async () => {
    const bus = createTestBus();
    const emailSent: OrderPlaced[] = [];
    const inventoryReserved: OrderPlaced[] = [];
    bus.subscribe(OrderPlaced, (e) => emailSent.push(e));
    bus.subscribe(OrderPlaced, (e) => inventoryReserved.push(e));
    await bus.publish(new OrderPlaced('1', 'u1', 50));
    expect(emailSent).toHaveLength(1);
    expect(inventoryReserved).toHaveLength(1);
  });
});
