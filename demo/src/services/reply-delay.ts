import type { ReplyOrder } from '../config';

/** A simulated service. */
export type ServiceName = 'payment' | 'inventory';

/**
 * How long a simulated service takes to reply: random for humans (so replies arrive in either
 * order), fixed for tests (`payment-first`, `inventory-first`).
 *
 * @example
 * setTimeout(reply, replyDelay('payment-first', 'payment'))
 */
export const replyDelay = (order: ReplyOrder, service: ServiceName): number => {
  if (order === 'random') return 150 + Math.floor(Math.random() * 1000);
  const first = order === 'payment-first' ? 'payment' : 'inventory';
  return service === first ? 100 : 300;
};
