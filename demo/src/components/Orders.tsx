import { usePublish } from '../bus/hooks';
import type { DemoConfig } from '../config';
import { useOrdersStore } from '../stores/orders';
import { usePaymentOutageStore } from '../stores/payment-outage';
import { OrderRow } from './OrderRow';
import { Panel } from './Panel';

/**
 * Orders followed through the fulfillment saga, with the control that makes the payment service
 * drop its next reply (the saga's timeout path).
 *
 * @example
 * <Orders config={config} />
 */
export function Orders({ config }: { readonly config: DemoConfig }) {
  const publish = usePublish();
  const orders = useOrdersStore((s) => s.orders);
  const armed = usePaymentOutageStore((s) => s.armed);
  return (
    <Panel title="Orders" pattern="fulfillment saga: PaymentProcessed + InventoryReserved, any order → OrderFulfillmentStarted">
      <div className="controls">
        <button type="button" disabled={armed} onClick={() => publish('payment/dropNextReply', { requestedBy: 'orders panel' })}>
          {armed ? 'Next payment reply will be dropped' : 'Drop next payment reply'}
        </button>
        <small>
          replies: {config.replyOrder} · saga timeout {config.timeoutMs} ms
        </small>
      </div>
      {orders.length === 0 ? (
        <p className="empty">No orders yet. Sign in, add something, check out.</p>
      ) : (
        <ul className="orders">
          {orders.map((o) => (
            <OrderRow key={o.orderId} order={o} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
