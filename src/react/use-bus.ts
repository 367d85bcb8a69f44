import { useContext } from 'react';
import type { Bus, EventMap } from '../index';
import { BusContext } from './bus-context';

/**
 * The bus of the nearest `<BusProvider>`. Throws, naming the fix, when there is none.
 * Typed by `Events` when it comes from {@link createBusHooks}.
 *
 * @example
 * const bus = useBus()
 * useEffect(() => bus.use(logger, { name: 'logger' }), [bus])
 */
export function useBus<E extends object = EventMap>(): Bus<E> {
  const bus = useContext(BusContext);
  if (!bus) {
    throw new Error(
      "[hubbub] useBus, useEvent, usePublish and useLatestEvent need a bus, but this component is not inside a <BusProvider>. Fix: wrap your app (or this component in its test) in <BusProvider bus={bus}> from 'hubbub/react'.",
    );
  }
  return bus as unknown as Bus<E>;
}
