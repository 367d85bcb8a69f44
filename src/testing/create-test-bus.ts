import { type Bus, createBus } from '../core/bus';
import { inspect } from '../core/inspect';
import type { BusOptions, EventMap } from '../core/types';

/**
 * One recorded dispatch of a test bus.
 *
 * @example
 * expect(bus.published[0]).toEqual({ type: 'order/placed', event: { id: 'o1' } })
 */
export interface PublishedRecord {
  /** The event name. */
  readonly type: string;
  /** The payload (string keys) or instance (classes), as given to emit/publish. */
  readonly event: unknown;
}

/**
 * A bus that records every emit and publish; see {@link createTestBus}.
 *
 * @example
 * const bus: TestBus<Events> = createTestBus<Events>()
 */
export interface TestBus<E extends object = EventMap> extends Bus<E> {
  /**
   * Every emit/publish, in call order (blocked ones and those refused as a storm included). Each
   * payload is kept until `clear()` (or until the test bus itself is let go of): clear it in a long
   * test that dispatches many events.
   */
  readonly published: PublishedRecord[];
  /** Empties `published`. */
  clear(): void;
}

/**
 * A real bus (same semantics) that records everything published on it: the seed's TestEventBus.
 *
 * @example
 * const bus = createTestBus<Events>()
 * await placeOrder(bus, { userId: 'u1' })
 * expect(bus.published).toEqual([{ type: 'order/placed', event: { userId: 'u1' } }])
 */
export const createTestBus = <E extends object = EventMap>(options?: BusOptions<E>): TestBus<E> => {
  const bus = createBus<E>(options);
  const published: PublishedRecord[] = [];
  inspect(bus, (o) => {
    if (o.kind === 'event') published.push({ type: o.meta.type, event: o.event });
    else if (o.kind === 'storm') published.push({ type: o.meta.type, event: o.event });
  });
  return Object.assign(bus, {
    published,
    clear: () => {
      published.length = 0;
    },
  });
};
