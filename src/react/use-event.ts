'use client';

import { useEffect, useInsertionEffect, useRef } from 'react';
import { type EventClass, type EventMap, eventTypeOf, type Handler, type HandlerContext } from '../index';
import { checkKey } from './check-key';
import type { UseEvent, UseEventOptions } from './types';
import { useBus } from './use-bus';

/**
 * Calls `handler` for every event of `key` (a string key, a pattern such as `'cart/*'`, `'*'`, or an event class) while the
 * component is mounted. Subscribes in an effect, so StrictMode's double mount still delivers each
 * event once. Always calls the latest `handler` and `onError` without re-subscribing; re-subscribes
 * only when the bus, `key`, `priority`, `once`, `label`, `enabled` or the presence of `onError`
 * changes. From the commit that changes one of those, or unmounts the component, the old
 * subscription delivers nothing more, even before React's effects remove it. The devtools label
 * is `label`, else the handler's function name when it subscribed, else `useEvent(<key>)`
 * (React exposes no public way to read the calling component's name: name the handler, or pass
 * `label: 'CartBadge'`). With `once`, it fires once per mount (and per change of those options).
 * Inside `<Activity mode="hidden">` it unsubscribes with the component's other passive effects
 * (an event emitted by a layout effect of the very commit that hides it still arrives), and
 * subscribes again when shown: events published meanwhile are not replayed. Content hidden behind
 * a Suspense fallback keeps listening, as its passive effects stay.
 *
 * @example
 * // Payloads are `unknown` here; createBusHooks<Events>().useEvent types them.
 * useEvent('cart/added', function onCartAdded(item) { setCount((n) => n + (item as CartItem).qty) })
 * useEvent(OrderEvent, (order, ctx) => log(order, ctx.correlationId), { priority: 10, label: 'OrderLog' })
 */
export const useEvent: UseEvent = (
  key: string | EventClass,
  handler: Handler<never, EventMap, never>,
  options: UseEventOptions<never> = {},
): void => {
  const bus = useBus();
  const { priority = 0, once = false, onError, enabled = true, label } = options;
  checkKey('useEvent(key, handler)', key);
  if (typeof handler !== 'function') {
    throw new TypeError(`[hubbub] useEvent(key, handler) needs a function as its handler; got ${typeof handler}.`);
  }
  const hasOnError = onError !== undefined;
  // The latest handler, written in an insertion effect (it runs at commit, before any layout or
  // passive effect that could emit) rather than React 19.2's useEffectEvent: the peer range is
  // react >= 18, and an effect event may only be called from effects, not from a bus dispatch.
  const latest = useRef({ handler, onError });
  useInsertionEffect(() => {
    latest.current = { handler, onError };
  });
  // Whether the subscription made from these options may deliver. It goes off at the commit that
  // changes them or unmounts the component, while the subscription stays on the bus until the
  // passive effects run: meanwhile it must not deliver (an old key's event to the new handler, an
  // event to an unmounted or disabled component). StrictMode does not run insertion effects twice.
  const delivering = useRef({ on: false });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options that make a subscription, the same as the subscribing effect's: this effect marks when they change
  useInsertionEffect(() => {
    const state = { on: true };
    delivering.current = state;
    return () => {
      state.on = false;
    };
  }, [bus, key, label, priority, once, hasOnError, enabled]);
  useEffect(() => {
    if (!enabled) return;
    const state = delivering.current;
    return bus.subscribe(key as string, (event, ctx) => (state.on ? latest.current.handler(event as never, ctx as never) : undefined), {
      // The handler's name when it subscribes: naming another function later does not re-subscribe.
      label: label ?? (latest.current.handler.name || `useEvent(${typeof key === 'string' ? key : eventTypeOf(key)})`),
      priority,
      once,
      ...(hasOnError && {
        onError: (error: unknown, event: unknown, ctx: HandlerContext) => latest.current.onError?.(error, event as never, ctx),
      }),
    });
  }, [bus, key, label, priority, once, hasOnError, enabled]);
};
