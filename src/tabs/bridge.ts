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

/**
 * Ids of received events kept per bus. Only the newest matter: a bridge looks an id up when the
 * event's handlers run, at once, or after an async middleware; one a middleware blocked never runs them.
 */
const MAX_ARRIVED_IDS = 1000;

/** The transports (`link`s) each bus is connected to now, to warn about a second connection to the same one. Development only. */
const liveLinks = new WeakMap<object, string[]>();

/**
 * Connects a bus to a transport: local events of the chosen types go to `send` (after every local
 * handler, which run first and synchronously), and `deliver` emits events that came from elsewhere
 * without sending them back out (no echo loops). A received event is known by its dispatch's id,
 * not by its payload: a middleware may replace the payload, or delay the handlers (async). The ids
 * are kept per bus, not per bridge: no bridge of the bus sends out what any of them delivered, so
 * two bridges (two tabs channels, tabs and a relay, a connection made twice) never pass an event
 * back and forth forever. `link` names the transport: a second live bridge to the same one is
 * warned about in development (each event would arrive twice).
 *
 * @example
 * const bridge = createBridge(bus, ['cart/added'], (type, event) => channel.postMessage({ type, event }), { label: 'tabs', link: 'tabs channel "shop"' })
 * channel.onmessage = (m) => bridge.deliver(m.data.type, m.data.event)
 */
export const createBridge = (
  bus: Bus<never>,
  types: readonly BridgedType[],
  send: Send,
  /** `link`: read in development only (production builds may pass ''). */
  options: { label: string; link: string; onError?: ((error: unknown) => void) | undefined },
) => {
  const core = bus[CORE];
  core._arrivedIds ??= new Set();
  const arrived = core._arrivedIds;
  let lastId = '';
  if (process.env.NODE_ENV !== 'production') {
    const links = liveLinks.get(core) ?? [];
    if (links.includes(options.link)) {
      console.warn(
        `[hubbub] ${options.label}: bus "${bus.name}" is already connected to ${options.link}, so each event will arrive twice. Call the first connection's disconnect (or close) before connecting again, as an effect's cleanup does.`,
      );
    }
    liveLinks.set(core, [...links, options.link]);
  }

  const handler = (event: unknown, ctx: HandlerContext<never>) => {
    // A class event also matches subscriptions to its ancestors: send it once.
    if (ctx.id === lastId) return;
    lastId = ctx.id;
    if (arrived.has(ctx.id)) return;
    send(ctx.type, event, ctx);
  };

  const subscribeOptions: SubscribeOptions<never, never> = { priority: Number.MIN_SAFE_INTEGER, label: options.label };
  const { onError } = options;
  // Only the error: as a subscription's onError it would get the bus's event and context too.
  if (onError) subscribeOptions.onError = (error) => onError(error);
  const offs = types.map((key) => bus.subscribe(key as never, handler as never, subscribeOptions as never));

  return {
    /**
     * Emits an event that came from elsewhere on the bus; it is not sent back out. Called from a
     * transport's message callback, outside any dispatch: the emit is then a root, whose id is the
     * bus's next number, known before any middleware or handler runs.
     */
    deliver(key: BridgedType, event: unknown): void {
      arrived.add(eventIdOf(core, core._dispatchCount + 1));
      if (arrived.size > MAX_ARRIVED_IDS) arrived.delete(arrived.values().next().value as string);
      if (typeof key === 'string') bus.emit(key as never, event as never);
      else bus.emit(event as object);
    },
    close(): void {
      for (const off of offs) off();
      if (process.env.NODE_ENV !== 'production') {
        const links = liveLinks.get(core) ?? [];
        const index = links.indexOf(options.link);
        if (index !== -1) links.splice(index, 1);
      }
    },
  };
};
