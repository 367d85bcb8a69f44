import { type Bus, inspect, type Observation } from 'hubbub';
import { OrderPlaced } from '../domain/order-events';
import type { ShopEvents } from '../domain/shop-events';
import { useMetricsStore } from '../stores/metrics-store';
import { useProblemsStore } from '../stores/problems-store';
import { useTraceStore } from '../stores/trace-store';

const errorParts = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: 'thrown value', message: String(error) };

/**
 * Attaches the shop's own inspector (the same hook devtools use): counts blocked events per
 * middleware, reports every isolated handler failure, storm and saga timeout to the Problems
 * panel with the handler's label, and records the handler run order of each order. Returns the
 * detacher.
 *
 * @example
 * const detach = watchBus(bus)
 */
export const watchBus = (bus: Bus<ShopEvents>): (() => void) => {
  /** Event id -> type (and order id, for OrderPlaced) while a dispatch runs. */
  const running = new Map<string, { readonly type: string; readonly orderId?: string }>();
  const { block } = useMetricsStore.getState();
  const { report } = useProblemsStore.getState();
  const { add } = useTraceStore.getState();

  return inspect(bus, (o: Observation) => {
    switch (o.kind) {
      case 'event':
        running.set(o.meta.id, o.event instanceof OrderPlaced ? { type: o.meta.type, orderId: o.event.orderId } : { type: o.meta.type });
        break;
      case 'middleware':
        if (o.decision === 'blocked' || o.decision === 'threw') block(o.name);
        break;
      case 'handler-end': {
        const event = running.get(o.eventId);
        if (event?.orderId !== undefined)
          add(event.orderId, { label: o.subscription.label, priority: o.subscription.priority, outcome: o.outcome });
        if (o.outcome === 'error')
          report({ source: 'handler', where: event?.type ?? 'an event', who: o.subscription.label, ...errorParts(o.error) });
        break;
      }
      case 'dispatched':
        running.delete(o.report.id);
        break;
      case 'storm':
        report({ source: 'storm', where: o.meta.type, who: 'refused by the bus', ...errorParts(o.error) });
        break;
      case 'saga':
        if (o.status === 'timedOut') {
          report({
            source: 'saga',
            where: o.key,
            who: `saga ${o.saga}`,
            name: 'timed out',
            message: `received only ${o.received.join(', ') || 'nothing'}`,
          });
        }
        break;
    }
  });
};
