import type { Bus } from '../core/bus';
import { eventIdOf } from '../core/context';
import { CORE } from '../core/internals';
import type { EventClass, HandlerContext, SubscribeOptions } from '../core/types';

/**
 * A chosen event type: a string key or an event class.
 *
 * @example
 * const types: BridgedType[] = ['cart/updated', OrderPlaced]
 */
export type BridgedType = string | EventClass;

/** Sends one local event elsewhere; throwing tells the publisher (PublishReport.errors / onError). */
export type Send = (type: string, event: unknown, ctx: HandlerContext<never>) => void;

/** Received events whose dispatch a middleware blocked never reach the bridge's handler: past this many, the oldest ids are forgotten. */
const MAX_UNSEEN_RECEIVED = 1000;

/**
 * Connects a bus to a transport: local events of the chosen types go to `send` (after every local
 * handler, which run first and synchronously), and `deliver` emits events that came from elsewhere
 * without sending them back out (no echo loops). A received event is known by its dispatch's id,
 * not by its payload: a middleware may replace the payload, or delay the handlers (async).
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
  const core = bus[CORE];
  /** Ids of the dispatches `deliver` started whose handlers have not run yet (an async middleware delays them). */
  const received = new Set<string>();
  let lastId = '';

  const handler = (event: unknown, ctx: HandlerContext<never>) => {
    // A class event also matches subscriptions to its ancestors: send it once.
    if (ctx.id === lastId) return;
    lastId = ctx.id;
    if (received.delete(ctx.id)) return;
    send(ctx.type, event, ctx);
  };

  const subscribeOptions: SubscribeOptions<never, never> = { priority: Number.MIN_SAFE_INTEGER, label: options.label };
  if (options.onError) subscribeOptions.onError = options.onError;
  const offs = types.map((key) => bus.subscribe(key as never, handler as never, subscribeOptions as never));

  return {
    /**
     * Emits an event that came from elsewhere on the bus; it is not sent back out. Called from a
     * transport's message callback, outside any dispatch: the emit is then a root, whose id is the
     * bus's next number, known before any middleware or handler runs.
     */
    deliver(key: BridgedType, event: unknown): void {
      received.add(eventIdOf(core, core._dispatchCount + 1));
      if (received.size > MAX_UNSEEN_RECEIVED) received.delete(received.values().next().value as string);
      if (typeof key === 'string') bus.emit(key as never, event as never);
      else bus.emit(event as object);
    },
    close(): void {
      for (const off of offs) off();
    },
  };
};
