/**
 * Type tests, checked by `npm run typecheck` (tsc). A helper generic in a bus's events that is
 * given a bus of another interface (a TestBus to `once()`, `waitForEvent()` or your own helper
 * taking a `Bus<E>`) has E inferred member by member. `subscribe` and `last` name their payload
 * types (`SubscribedEvent<E, K>`, `LastEvent<E, K>`) so that TypeScript matches those by name, E to
 * E: written out, they made it go through the payload of every key of the map on each such call
 * (about 20 ms a call on a 2000-key map), and inferred nothing from them. `last` shows it alone.
 */
import { type Bus, createBus } from '../../../src/index';
import { createTestBus } from '../../../src/testing/index';

type Events = { 'cart/added': { sku: string }; count: number; 'app/ready': undefined };
type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

declare function eventsOfLast<E extends object>(last: Bus<E>['last']): E;

const fromBus = eventsOfLast(createBus<Events>().last);
const fromTestBus = eventsOfLast(createTestBus<Events>().last);
export const inferredFromLast: [Exact<typeof fromBus, Events>, Exact<typeof fromTestBus, Events>] = [true, true];

// What callers read is unchanged: one key's payload or undefined, and the payload in a handler.
const bus = createBus<Events>();
const lastCart = bus.last('cart/added');
export const lastIsExact: Exact<typeof lastCart, { sku: string } | undefined> = true;
bus.subscribe('cart/added', (item) => {
  const exact: Exact<typeof item, { sku: string }> = true;
  return exact;
});
bus.subscribe('*', (event, ctx) => void [event, ctx.type]);
