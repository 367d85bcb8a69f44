let last = 0;

/**
 * The next order id: `o-1`, `o-2`... (blocked checkouts use one too, so ids show every attempt).
 *
 * @example
 * new OrderPlaced(nextOrderId(), 'ada', items, total)
 */
export const nextOrderId = (): string => `o-${++last}`;
