import { DomainEvent } from './domain-event';
import type { OrderLine } from './order-events';

/**
 * The payment service charged an order.
 *
 * @example
 * bus.publish(new PaymentProcessed('o-1', 'tx-1', 8))
 */
export class PaymentProcessed extends DomainEvent {
  static override type = 'PaymentProcessed';
  constructor(
    readonly orderId: string,
    readonly transactionId: string,
    readonly amount: number,
  ) {
    super();
  }
  override summary(): string {
    return `${this.orderId} paid (${this.transactionId}, €${this.amount})`;
  }
}

/**
 * The inventory service set stock aside for an order.
 *
 * @example
 * bus.publish(new InventoryReserved('o-1', 'north', items))
 */
export class InventoryReserved extends DomainEvent {
  static override type = 'InventoryReserved';
  constructor(
    readonly orderId: string,
    readonly warehouse: string,
    readonly items: readonly OrderLine[],
  ) {
    super();
  }
  override summary(): string {
    return `${this.orderId} stock reserved in ${this.warehouse}`;
  }
}

/**
 * Reserved stock went back on the shelf (its order was cancelled).
 *
 * @example
 * bus.publish(new InventoryReleased('o-1', items))
 */
export class InventoryReleased extends DomainEvent {
  static override type = 'InventoryReleased';
  constructor(
    readonly orderId: string,
    readonly items: readonly OrderLine[],
  ) {
    super();
  }
  override summary(): string {
    return `${this.orderId} stock released`;
  }
}
