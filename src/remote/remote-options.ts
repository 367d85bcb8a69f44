import type { EventClass, EventMap, StringKey } from '../core/types';
import type { EventRegistry } from '../registry/create-registry';
import type { TtlSetOptions } from '../tabs/ttl-set';
import type { BackoffOptions } from './backoff';
import type { ChannelPosition, CloudEvent } from './wire';

/**
 * The part of the WebSocket API the client uses (the browser's, or `ws` in Node).
 *
 * @example
 * import { WebSocket } from 'ws'
 * connectRemote(bus, { ...options, WebSocket }) // in Node
 */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: browser and ws event types differ; only these fields are read
  onopen: ((event: any) => void) | null;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  onmessage: ((event: any) => void) | null;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  onclose: ((event: any) => void) | null;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  onerror: ((event: any) => void) | null;
}

/**
 * Connection state reported to `onStatus`.
 *
 * @example
 * onStatus: (s) => setBanner(s.state === 'reconnecting' ? `retrying in ${s.delayMs} ms` : '')
 */
export interface RemoteStatus {
  readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  readonly url: string;
  /** Reconnection attempt number (0 once connected). */
  readonly attempt: number;
  /** For 'reconnecting': the wait before the next attempt. */
  readonly delayMs?: number;
  /** For 'reconnecting': the close code and reason of the lost socket. */
  readonly code?: number;
  /** For 'reconnecting': the close reason; for 'closed' without ever connecting: why (e.g. a bad URL). */
  readonly reason?: string;
}

/**
 * Told to the app when it must reload a channel's state: events were missed and cannot be replayed.
 *
 * @example
 * onResync: ({ channel }) => queryClient.invalidateQueries({ queryKey: [channel] })
 */
export interface ResyncInfo {
  readonly channel: string;
  readonly reason: string;
  /** The channel's new position. */
  readonly position: ChannelPosition;
}

/**
 * Options of {@link connectRemote}.
 *
 * @example
 * connectRemote(bus, { url: 'wss://relay.example/ws', channels: ['shop'], types: ['cart/added'], registry, token: () => auth.token })
 */
export interface RemoteOptions<E extends object = EventMap> {
  /** The relay's URL, or several: each reconnection tries the next one. */
  url: string | readonly string[];
  /** Channels to subscribe to. Local events are published to `publishTo` (default: the first). */
  channels: readonly string[];
  /** Event types (string keys or classes) sent to and accepted from the relay; all must be in `registry`. */
  types: readonly (StringKey<E> | EventClass)[];
  /** Rebuilds and validates incoming events; its versions go out as `dataversion`. */
  registry: EventRegistry<E>;
  /** Sent in hello; the relay's `authorize(token, channel, action)` sees it. A function is called on each connection. */
  token?: string | (() => string | undefined | Promise<string | undefined>) | undefined;
  /** The channel a local event is published to. Default: `channels[0]`. */
  publishTo?: string | ((type: string) => string) | undefined;
  /** Most events kept while offline or waiting for acks; beyond it publishing throws OutboxFullError. Default 1000. */
  outboxLimit?: number | undefined;
  backoff?: BackoffOptions | undefined;
  /** Where to resume from (e.g. saved from `connection.positions()` before a reload). */
  resume?: Readonly<Record<string, ChannelPosition>> | undefined;
  /**
   * Bounds of what the bus remembers of the events that arrived, to deliver each once: one set per
   * bus, for all its connections (tabs too), sized by the first connection's option. Default
   * 10,000 events, 10 minutes.
   */
  dedupe?: TtlSetOptions | undefined;
  /** The WebSocket constructor. Default `globalThis.WebSocket`; pass `ws`'s in Node. */
  WebSocket?: (new (url: string) => WebSocketLike) | undefined;
  /**
   * This client's CloudEvents `source`. Default: the bus's, a random id shared by all its
   * connections (tabs too), so an event is known by the same (source, id) however it arrives and
   * runs its handlers once. Given to a bus's first connection, it becomes the bus's source; given
   * to a later one, it must be the same, or the events sent through this connection are known by
   * another origin (warned about in development).
   */
  source?: string | undefined;
  /**
   * Proves this client owns `source`: the relay binds a source to the first secret it sees and
   * refuses it to any other. Default: the bus's, random, shared by its connections, as `source` is.
   * If you pass a stable `source` (kept across reloads), keep and pass the same secret too.
   */
  secret?: string | undefined;
  /**
   * On a channel's first subscribe (no resume position): deliver up to this many of its newest
   * retained events first, then live ones.
   */
  rewind?: number | undefined;
  /** On a channel's first subscribe: deliver the retained events stored since this time first. One that names no time (not a Date, RFC 3339 text or ms since 1970) makes `connectRemote` throw. */
  since?: Date | string | number | undefined;
  onStatus?: ((status: RemoteStatus) => void) | undefined;
  /** The app must reload this channel's state (recovered: false). */
  onResync?: ((info: ResyncInfo) => void) | undefined;
  /**
   * Errors thrown to a publisher (OutboxFullError; TypeError for data that cannot become JSON or
   * exceeds the relay's limits; without this option they go to the bus's `onError`), outgoing
   * events the relay refused for good (RemoteRejectedError), refused subscriptions,
   * events queued before the relay named its size limits that turn out too large for them
   * (TypeError; dropped, never sent), and frames from the relay that are not shaped as the
   * protocol says (ignored).
   */
  onError?: ((error: Error) => void) | undefined;
  /** Incoming events that failed to decode or validate; they are never delivered. */
  onInvalid?: ((error: Error, event: CloudEvent) => void) | undefined;
}

/**
 * A live connection to a relay; see {@link connectRemote}.
 *
 * @example
 * sessionStorage.setItem('positions', JSON.stringify(remote.positions())); remote.close()
 */
export interface RemoteConnection {
  /** The `source` its events go out under: the bus's, unless `options.source` named another. */
  readonly source: string;
  readonly status: RemoteStatus;
  /** The last position seen on each channel: save it to resume after a reload. */
  positions(): Record<string, ChannelPosition>;
  /** Events waiting for the relay's ack. */
  readonly outboxSize: number;
  /**
   * Closes the socket and stops bridging; queued events are dropped. Then the connection keeps
   * nothing of the bus (its handlers, the options' callbacks), kept as it may be in a field or a
   * module variable; `source`, `status`, `positions()` and `outboxSize` (0) still answer. Calling
   * it again does nothing.
   */
  close(): void;
}
