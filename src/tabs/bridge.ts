import type { Bus } from '../core/bus';
import { eventTypeOf } from '../core/event-type';
import type { EventClass, HandlerContext, SubscribeOptions } from '../core/types';

/** A chosen event type: a string key or an event class. */
export type BridgedType = string | EventClass;

/** Sends one local event elsewhere; throwing tells the publisher (PublishReport.errors / onError). */
export type Send = (type: string, event: unknown, ctx: HandlerContext<never>) => void;

interface Inbound {
  readonly type: string;
  readonly event: unknown;
  seen: boolean;
}

/**
 * Connects a bus to a transport: local events of the chosen types go to `send` (after every local
 * handler, which run first and synchronously), and `deliver` emits events that came from elsewhere
 * without sending them back out (no echo loops).
 *
 * @example
 * const bridge = createBridge(bus, ['cart/added'], (type, event) => channel.postMessage({ type, event }), { label: 'tabs' })
 * channel.onmessage = (m) => bridge.deliver(m.data.type, m.data.event)
 */
export const createBridge = (
  bus: Bus<never>,
  types: readonly BridgedType[],
  send: Send,
  options: { label: string; onError?: (error: unknown) => void },
) => {
  let inbound: Inbound | undefined;
  // Inbound events whose handlers did not run during emit (async middleware): matched later by identity.
  const deferred: (Inbound & { expires: number })[] = [];
  let lastId = '';

  const isEcho = (type: string, event: unknown): boolean => {
    if (inbound && inbound.type === type && Object.is(inbound.event, event)) {
      inbound.seen = true;
      return true;
    }
    const now = Date.now();
    while (deferred.length && (deferred[0] as { expires: number }).expires < now) deferred.shift();
    const i = deferred.findIndex((d) => d.type === type && Object.is(d.event, event));
    if (i < 0) return false;
    deferred.splice(i, 1);
    return true;
  };

  const handler = (event: unknown, ctx: HandlerContext<never>) => {
    // A class event also matches subscriptions to its ancestors: send it once.
    if (ctx.id === lastId) return;
    lastId = ctx.id;
    if (isEcho(ctx.type, event)) return;
    send(ctx.type, event, ctx);
  };

  const subscribeOptions: SubscribeOptions<never, never> = { priority: Number.MIN_SAFE_INTEGER, label: options.label };
  if (options.onError) subscribeOptions.onError = options.onError;
  const offs = types.map((key) => bus.subscribe(key as never, handler as never, subscribeOptions as never));

  return {
    /** Emits an event that came from elsewhere on the bus; it is not sent back out. */
    deliver(key: BridgedType, event: unknown): void {
      const type = typeof key === 'string' ? key : eventTypeOf(key);
      const entry: Inbound = { type, event, seen: false };
      inbound = entry;
      try {
        if (typeof key === 'string') bus.emit(key as never, event as never);
        else bus.emit(event as object);
      } finally {
        inbound = undefined;
        if (!entry.seen) deferred.push({ ...entry, expires: Date.now() + 60_000 });
        if (deferred.length > 1000) deferred.shift();
      }
    },
    close(): void {
      for (const off of offs) off();
    },
  };
};
