import type { Middleware } from 'hubbub';
import type { ShopEvents } from '../domain/shop-events';

/**
 * Counts every event that reaches it, by type (it runs after authorization, so blocked events
 * are not counted here; the bus watcher counts those per middleware).
 *
 * @example
 * bus.use(metrics((type) => counters[type]++), { name: 'metrics' })
 */
export const metrics =
  (count: (type: string) => void): Middleware<ShopEvents> =>
  (event, ctx) => {
    count(ctx.type);
    return event;
  };
