'use client';

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
    // process.env itself, not DEV: a bundler's define folds it, and production builds keep the short message only.
    throw new Error(
      process.env.NODE_ENV !== 'production'
        ? "[hubbub] useBus, useEvent, usePublish and useLatestEvent need a bus, but this component is not inside a <BusProvider>. Fix: wrap your app (or this component in its test) in <BusProvider bus={bus}> from 'hubbub/react'. If it is inside one, the app loads hubbub twice, and each copy has its own provider: make it one copy (`npm ls hubbub` shows them, `npm dedupe` merges them; with Vite, add resolve: { dedupe: ['hubbub'] })."
        : '[hubbub] useBus: no <BusProvider> above this component',
    );
  }
  return bus as unknown as Bus<E>;
}
