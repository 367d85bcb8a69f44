/**
 * The root of the shop's class events: the audit log subscribes to it and so receives every
 * subclass (the seed's typed hierarchy).
 *
 * @example
 * bus.subscribe(DomainEvent, (event) => console.log(event.summary()))
 */
export abstract class DomainEvent {
  static type = 'DomainEvent';
  /** When it happened (ms since epoch). */
  readonly occurredAt: number = Date.now();
  /** One line for the audit log. */
  abstract summary(): string;
}
