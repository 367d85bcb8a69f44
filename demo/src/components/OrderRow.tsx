import type { OrderView } from '../stores/orders';
import { HandlerTrace } from './HandlerTrace';

const step = (done: boolean, label: string) => <span className={done ? 'step done' : 'step'}>{`${done ? '✓' : '…'} ${label}`}</span>;

/**
 * One order: its status, which service replied first, and its handler trace.
 *
 * @example
 * <OrderRow order={order} />
 */
export function OrderRow({ order }: { readonly order: OrderView }) {
  return (
    <li className={`order ${order.status.replace(' ', '-')}`} aria-label={`Order ${order.orderId}`}>
      <div className="order-head">
        <strong>{order.orderId}</strong>
        <span>
          {order.userId} · €{order.total}
        </span>
        <span className="status" data-testid={`status-${order.orderId}`}>
          {order.status}
        </span>
      </div>
      <div className="steps">
        {step(order.paid, 'payment')}
        {step(order.reserved, 'inventory')}
        {order.replies.length > 0 && <span className="replies">replies: {order.replies.join(' then ')}</span>}
        {order.paymentDropped && <span className="dropped">payment reply dropped</span>}
      </div>
      {order.reason && <p className="reason">{order.reason}</p>}
      <HandlerTrace orderId={order.orderId} />
    </li>
  );
}
