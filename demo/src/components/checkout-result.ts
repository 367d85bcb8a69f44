import type { PublishReport } from 'hubbub';
import type { Verdict } from '../handlers/validation';

/** What the Cart shows after a checkout: one sentence, and whether the order went ahead. */
export interface CheckoutResult {
  readonly text: string;
  readonly accepted: boolean;
}

/**
 * One sentence about what the bus did with a checkout, from its publish report and the verdict
 * validation gave the order (undefined when a middleware blocked it before any handler ran).
 *
 * @example
 * describeCheckout('o-1', { id: 'x', type: 'OrderPlaced', delivered: 0, errors: [], blockedBy: 'authorization', blockReason: 'sign in to place orders' }, undefined)
 * // { text: 'Order o-1 blocked by middleware "authorization": sign in to place orders.', accepted: false }
 */
export const describeCheckout = (orderId: string, report: PublishReport, verdict: Verdict | undefined): CheckoutResult => {
  if (report.blockedBy !== undefined) {
    const hint = report.blockReason ?? 'see the devtools panel';
    return { text: `Order ${orderId} blocked by middleware "${report.blockedBy}": ${hint}.`, accepted: false };
  }
  const failed = report.errors.length;
  const ran = `${report.delivered} handlers ran${failed ? `, ${failed} failed and ${failed === 1 ? 'was' : 'were'} isolated` : ''}`;
  if (verdict && !verdict.ok) {
    return { text: `Order ${orderId} cancelled by validation: ${verdict.reason} (${ran}). The cart is kept.`, accepted: false };
  }
  return { text: `Order ${orderId} placed: ${ran}.`, accepted: true };
};
