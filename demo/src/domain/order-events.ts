import { DomainEvent } from './domain-event';

/** One line of an order, priced when it was placed. */
export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly price: number;
  readonly qty: number;
}

/**
 * Anything that happens to one order; subscribe to it to follow every order's life.
 *
 * @example
 * bus.subscribe(OrderEvent, (event) => console.log(event.orderId))
 */
export abstract class OrderEvent extends DomainEvent {
  static override type = 'OrderEvent';
  constructor(readonly orderId: string) {
    super();
  }
}

/**
 * A customer checked out. Carries the user, so the authorization middleware can check it.
 *
 * @example
 * await bus.publish(new OrderPlaced('o-1', 'ada', [{ sku: 'tea', name: 'Tea', price: 8, qty: 1 }], 8))
 */
export class OrderPlaced extends OrderEvent {
  static override type = 'OrderPlaced';
  constructor(
    orderId: string,
    readonly userId: string,
    readonly items: readonly OrderLine[],
    readonly total: number,
  ) {
    super(orderId);
  }
  override summary(): string {
    return `${this.orderId} placed by ${this.userId}: ${this.items.length} line(s), €${this.total}`;
  }
}

/**
 * An order stopped: invalid, or a service never answered.
 *
 * @example
 * bus.publish(new OrderCancelled('o-1', 'payment timed out'))
 */
export class OrderCancelled extends OrderEvent {
  static override type = 'OrderCancelled';
  constructor(
    orderId: string,
    readonly reason: string,
  ) {
    super(orderId);
  }
  override summary(): string {
    return `${this.orderId} cancelled: ${this.reason}`;
  }
}

/**
 * Payment and stock are both secured: the fulfillment saga's outcome.
 *
 * @example
 * ctx.publish(new OrderFulfillmentStarted('o-1'))
 */
export class OrderFulfillmentStarted extends OrderEvent {
  static override type = 'OrderFulfillmentStarted';
  override summary(): string {
    return `${this.orderId} fulfillment started`;
  }
}
