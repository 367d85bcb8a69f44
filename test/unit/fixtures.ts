/** The seed's typed hierarchy, shared by the unit tests. */
export class DomainEvent {
  static type = 'DomainEvent';
  readonly timestamp = 0;
}
export class OrderEvent extends DomainEvent {
  static override type = 'OrderEvent';
  constructor(readonly orderId: string) {
    super();
  }
}
export class OrderPlaced extends OrderEvent {
  static override type = 'OrderPlaced';
  constructor(
    orderId: string,
    readonly userId = 'u1',
    readonly amount = 50,
  ) {
    super(orderId);
  }
}
export class OrderCancelled extends OrderEvent {
  static override type = 'OrderCancelled';
  constructor(
    orderId: string,
    readonly reason = '',
  ) {
    super(orderId);
  }
}
export class PaymentProcessed extends DomainEvent {
  static override type = 'PaymentProcessed';
  constructor(
    readonly orderId: string,
    readonly transactionId = 't1',
  ) {
    super();
  }
}
export class InventoryReserved extends DomainEvent {
  static override type = 'InventoryReserved';
  constructor(
    readonly orderId: string,
    readonly warehouse = 'w1',
  ) {
    super();
  }
}
export class OrderFulfillmentStarted extends DomainEvent {
  static override type = 'OrderFulfillmentStarted';
  constructor(readonly orderId: string) {
    super();
  }
}

/** A bus onError that collects instead of logging. */
export const collect = () => {
  const errors: unknown[] = [];
  return { errors, onError: (error: unknown) => void errors.push(error) };
};

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
