import { randomId } from '../async/random-id';
import type { Bus } from '../core/bus';
import { eventIdOf } from '../core/context';
import { CORE } from '../core/internals';
import { notABus } from '../core/not-a-bus';
import type { EventClass, HandlerContext, SubscribeOptions } from '../core/types';
import { createTtlSet, type TtlSetOptions } from './ttl-set';

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
 * back and forth forever.
 *
 * Every bridge of a bus sends under one `source`, the bus's (made by its first bridge, from that
 * one's `source` option if it has one), so an event is known by the same origin, its source and
 * id, on every transport. `firstArrival` records origins in one bounded set per bus: an event that
 * arrives by two transports (tabs and a relay), by two connections, or again in a relay's replay,
 * is delivered once. `link` names the transport: a second live bridge to the same one is warned
 * about in development (each event would be sent twice).
 *
 * @example
 * const bridge = createBridge(bus, { types: ['cart/added'] }, (type, event, ctx) => channel.postMessage({ source: bridge.source, id: ctx.id, type, event }), 'tabs', 'tabs channel "shop"')
 * channel.onmessage = ({ data }) => { if (data.source !== bridge.source && bridge.firstArrival(data.source, data.id)) bridge.deliver(data.type, data.event) }
 */
export const createBridge = (
  bus: Bus<never>,
  /** The connection's options (connectTabs', connectRemote's); `source`, `secret` and `dedupe` are read by the bus's first bridge only. */
  options: {
    readonly types: readonly BridgedType[];
    /** Gets what `send` throws; else the bus's onError does. */
    readonly onError?: ((error: Error) => void) | undefined;
    /** The bus's source (default random), and the secret that proves it to relays. */
    readonly source?: string | undefined;
    readonly secret?: string | undefined;
    /** Bounds of the set of origins of arrived events. */
    readonly dedupe?: TtlSetOptions | undefined;
  },
  send: Send,
  /** Names the subscription (`hubbub/tabs`, `hubbub/remote`) and the warnings. */
  label: string,
  /** Names the transport; read in development only (production builds may pass ''). */
  link: string,
) => {
  const core = bus[CORE];
  // process.env itself, not DEV: a bundler's define folds it, and production builds keep none of this.
  if (process.env.NODE_ENV !== 'production' && !core) {
    throw new TypeError(`[hubbub] ${label}: bus must be a bus made by createBus(); ${notABus(bus)}.`);
  }
  if (process.env.NODE_ENV !== 'production') {
    // A bad bound would turn deduplication off without a word (NaN compares false): each event could then run twice.
    for (const bound of ['max', 'ttlMs'] as const) {
      const value = options.dedupe?.[bound];
      if (value !== undefined && !(typeof value === 'number' && value > 0)) {
        throw new TypeError(`[hubbub] ${label}: options.dedupe.${bound} must be a number above 0; got ${String(value)}.`);
      }
    }
  }
  if (process.env.NODE_ENV !== 'production' && core._bridges && options.dedupe) {
    console.warn(
      `[hubbub] ${label}: options.dedupe is ignored: bus "${bus.name}" keeps one set of arrived events for all its connections, sized by its first connection's dedupe. Pass it there.`,
    );
  }
  core._bridges ??= {
    _source: options.source ?? randomId(),
    _secret: options.secret ?? `${randomId()}${randomId()}`,
    _arrivedIds: new Set(),
    _delivered: createTtlSet(options.dedupe),
  };
  const shared = core._bridges;
  if (process.env.NODE_ENV !== 'production' && options.source !== undefined && options.source !== shared._source) {
    console.warn(
      `[hubbub] ${label}: options.source "${options.source}" is not the source of bus "${bus.name}" ("${shared._source}", from its first connection), so an event of this bus that reaches another tab both by this connection and another way runs its handlers twice there. Connect this one first, or leave source out.`,
    );
  }
  const arrived = shared._arrivedIds;
  let lastId = '';
  if (process.env.NODE_ENV !== 'production') {
    const links = liveLinks.get(core) ?? [];
    if (links.includes(link)) {
      console.warn(
        `[hubbub] ${label}: bus "${bus.name}" is already connected to ${link}, so each event will be sent twice. Call the first connection's disconnect (or close) before connecting again, as an effect's cleanup does.`,
      );
    }
    liveLinks.set(core, [...links, link]);
  }

  const handler = (event: unknown, ctx: HandlerContext<never>) => {
    // A class event also matches subscriptions to its ancestors: send it once.
    if (ctx.id === lastId) return;
    lastId = ctx.id;
    if (arrived.has(ctx.id)) return;
    send(ctx.type, event, ctx);
  };

  const subscribeOptions: SubscribeOptions<never, never> = { priority: Number.MIN_SAFE_INTEGER, label };
  const { onError } = options;
  // Only the error: as a subscription's onError it would get the bus's event and context too.
  if (onError) subscribeOptions.onError = (error) => onError(error as Error);
  const offs = options.types.map((key) => bus.subscribe(key as never, handler as never, subscribeOptions as never));

  return {
    /** The source this connection sends under: the bus's, unless its options name another. */
    source: options.source ?? shared._source,
    /** What proves `source` to relays: the bus's, unless the options name another. */
    secret: options.secret ?? shared._secret,
    /**
     * Records the origin of an event that came from elsewhere; true the first time it reaches the
     * bus, by any bridge (call it once the event's type is known to be bridged here).
     */
    firstArrival: (source: string, id: string): boolean => shared._delivered.add(`${source}\u0000${id}`),
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
        const index = links.indexOf(link);
        if (index !== -1) links.splice(index, 1);
      }
    },
  };
};
