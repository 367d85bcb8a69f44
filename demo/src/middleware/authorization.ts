import type { Middleware } from 'hubbub';
import type { ShopEvents } from '../domain/shop-events';

/**
 * The seed's authorization middleware: an event that carries a `userId` passes only when that user
 * is signed in. It learns who is signed in from the session events that flow through it, so it
 * needs nothing from React. Blocking shows up in the publish report as `blockedBy: 'authorization'`
 * with `blockReason: 'sign in to place orders'`, and in the devtools on the blocked row.
 *
 * @example
 * bus.use(authorization(), { name: 'authorization' })
 */
export const authorization = (): Middleware<ShopEvents> => {
  let signedIn: string | undefined;
  return (event, ctx) => {
    if (ctx.type === 'session/signedIn') {
      signedIn = (event as ShopEvents['session/signedIn']).userId;
      return event;
    }
    if (ctx.type === 'session/signedOut') {
      signedIn = undefined;
      return event;
    }
    const userId = typeof event === 'object' && event !== null && 'userId' in event ? event.userId : undefined;
    return userId === undefined || userId === signedIn ? event : ctx.block('sign in to place orders');
  };
};
