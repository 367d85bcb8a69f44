'use client';

import { createElement, type ReactElement, type ReactNode } from 'react';
import type { Bus, EventMap } from '../index';
import { BusContext } from './bus-context';

/**
 * Props of {@link BusProvider}.
 *
 * @example
 * const props: BusProviderProps<Events> = { bus, children: <App /> }
 */
export interface BusProviderProps<E extends object = EventMap> {
  /** The bus every hook below this provider uses. Swapping it re-subscribes every hook below. */
  bus: Bus<E>;
  children?: ReactNode;
}

/**
 * Makes `bus` the bus of every hubbub hook below it. Create the bus once, outside components
 * (or per request on the server), so each render passes the same object.
 *
 * @example
 * const bus = createBus<Events>({ name: 'shop' })
 * createRoot(el).render(<BusProvider bus={bus}><App /></BusProvider>)
 */
export function BusProvider<E extends object = EventMap>({ bus, children }: BusProviderProps<E>): ReactElement {
  if (typeof (bus as Partial<Bus<E>> | null | undefined)?.subscribe !== 'function') {
    throw new TypeError(
      `[hubbub] <BusProvider bus={...}> needs a bus made by createBus(); got ${bus === null ? 'null' : typeof bus}. Fix: const bus = createBus<Events>() outside your components, then <BusProvider bus={bus}>.`,
    );
  }
  return createElement(BusContext.Provider, { value: bus as unknown as Bus }, children);
}
