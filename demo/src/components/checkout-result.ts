import type { PublishReport } from 'hubbub';

/**
 * One sentence about what the bus did with a checkout, from its publish report.
 *
 * @example
 * describeCheckout('o-1', { id: 'x', type: 'OrderPlaced', delivered: 0, errors: [], blockedBy: 'authorization', blockReason: 'sign in to place orders' })
 * // 'Order o-1 blocked by middleware "authorization": sign in to place orders.'
 */
export const describeCheckout = (orderId: string, report: PublishReport): string => {
  if (report.blockedBy !== undefined) {
    const hint = report.blockReason ?? 'see the devtools panel';
    return `Order ${orderId} blocked by middleware "${report.blockedBy}": ${hint}.`;
  }
  const failed = report.errors.length;
  return `Order ${orderId} placed: ${report.delivered} handlers ran${failed ? `, ${failed} failed and ${failed === 1 ? 'was' : 'were'} isolated` : ''}.`;
};
