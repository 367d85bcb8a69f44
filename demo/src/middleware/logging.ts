import type { Middleware } from 'hubbub';
import type { ShopEvents } from '../domain/shop-events';

/**
 * Writes one line per event (type, id, depth) and passes it on unchanged.
 *
 * @example
 * bus.use(logging((line) => console.debug(line)), { name: 'logging' })
 */
export const logging =
  (write: (line: string) => void): Middleware<ShopEvents> =>
  (event, ctx) => {
    write(`${ctx.type} ${ctx.id}${ctx.depth > 0 ? ` (depth ${ctx.depth}, caused by ${ctx.causationId})` : ''}`);
    return event;
  };
