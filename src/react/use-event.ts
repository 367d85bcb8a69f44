import { useEffect, useInsertionEffect, useRef } from 'react';
import { type EventClass, type EventMap, eventTypeOf, type Handler, type HandlerContext } from '../index';
import type { UseEvent, UseEventOptions } from './types';
import { useBus } from './use-bus';

/**
 * Calls `handler` for every event of `key` (a string key, a pattern such as `'cart/*'`, `'*'`, or an event class) while the
 * component is mounted. Subscribes in an effect, so StrictMode's double mount still delivers each
 * event once. Always calls the latest `handler` and `onError` without re-subscribing; re-subscribes
 * only when the bus, `key`, `priority`, `once`, `label`, `enabled` or the presence of `onError`
 * changes. The devtools label is `label`, else the handler's function name, else `useEvent(<key>)`
 * (React exposes no public way to read the calling component's name: name the handler, or pass
 * `label: 'CartBadge'`). With `once`, it fires once per mount (and per change of those options).
 *
 * @example
 * useEvent('cart/added', function onCartAdded(item) { setCount((n) => n + item.qty) })
 * useEvent(OrderEvent, (order, ctx) => log(order, ctx.correlationId), { priority: 10, label: 'OrderLog' })
 */
export const useEvent: UseEvent = (
  key: string | EventClass,
  handler: Handler<never, EventMap, never>,
  options: UseEventOptions<never> = {},
): void => {
  const bus = useBus();
  const { priority = 0, once = false, onError, enabled = true } = options;
  if (typeof handler !== 'function') {
    throw new TypeError(`[hubbub] useEvent(key, handler) needs a function as its handler; got ${typeof handler}.`);
  }
  const name = options.label ?? handler.name;
  // A ref written in an insertion effect (runs at commit, before any layout or passive effect that
  // could emit) rather than React 19.2's useEffectEvent: the peer range is react >= 18, and an
  // effect event may only be called from effects, not from a bus dispatch.
  const latest = useRef({ handler, onError });
  useInsertionEffect(() => {
    latest.current = { handler, onError };
  });
  const hasOnError = onError !== undefined;
  useEffect(() => {
    if (!enabled) return;
    return bus.subscribe(key as string, (event, ctx) => latest.current.handler(event as never, ctx as never), {
      label: name || `useEvent(${typeof key === 'string' ? key : eventTypeOf(key)})`,
      priority,
      once,
      ...(hasOnError && {
        onError: (error: unknown, event: unknown, ctx: HandlerContext) => latest.current.onError?.(error, event as never, ctx),
      }),
    });
  }, [bus, key, name, priority, once, hasOnError, enabled]);
};
