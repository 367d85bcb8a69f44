import type { EventRegistry } from '../registry/create-registry';
import type { Engine } from './engine';
import type { RelayOrigins } from './origins';

/**
 * What a client wants to do on a channel: what `authorize` is asked about.
 *
 * @example
 * const authorize: Authorize = (token, channel, action: RelayAction) => action === 'subscribe' || isAdmin(token)
 */
export type RelayAction = 'subscribe' | 'publish';

/**
 * Decides whether the holder of `token` (from the client's hello; undefined when none) may
 * subscribe or publish on `channel`. Called for every subscribe and every publish; may be async.
 *
 * @example
 * const authorize: Authorize = async (token, channel, action) => (await sessions.get(token))?.can(action, channel) ?? false
 */
export type Authorize = (token: string | undefined, channel: string, action: RelayAction) => boolean | Promise<boolean>;

/**
 * Options of `createRelay`.
 *
 * @example
 * await createRelay({ port: 8787, channels: ['shop'], maxEventBytes: 8192, rateLimit: { perSecond: 50, burst: 100 } })
 */
export interface RelayOptions {
  /** TCP port; 0 picks a free one (read it from `relay.port`). Default 8787. */
  port?: number | undefined;
  /** Interface to bind. Default `'127.0.0.1'`. */
  host?: string | undefined;
  /** Channels clients may use: a list, or a predicate. Anything else is refused (`unknown_channel`). */
  channels: readonly string[] | ((channel: string) => boolean);
  /** Where events are stored and fanned in. Default: a new in-memory engine (closed with the relay). */
  engine?: Engine | undefined;
  /**
   * Which web pages may connect from a browser, checked against the `Origin` header before the
   * WebSocket is accepted (others get HTTP 403, are logged once per origin and counted in
   * `metrics().refusedOrigins`). Browsers let any page open a WebSocket to any address, with no
   * CORS, so without this check a page on any site the user visits could subscribe and publish
   * on an open relay. Give exact origins (`scheme://host[:port]`; `'*'` alone accepts every
   * page, `[]` none) or a predicate given the header as sent. Clients that send no Origin (Node,
   * `ws`, servers) are not browsers, could send any Origin they like, and are never refused by
   * it: `authorize` is what stops them.
   *
   * Default: a relay listening on a loopback address (the default host 127.0.0.1) accepts pages
   * served from this machine (`http(s)://localhost`, `*.localhost`, `127.x.x.x`, `[::1]`, any
   * port); a relay listening elsewhere accepts every page and logs a warning at start.
   *
   * @example
   * await createRelay({ host: '0.0.0.0', channels: ['shop'], origins: ['https://shop.example'] })
   * await createRelay({ channels: ['shop'], origins: (origin) => /^https:\/\/pr-\d+\.preview\.shop\.example$/.test(origin) })
   */
  origins?: RelayOrigins | undefined;
  /** Access control for every subscribe and publish. Default: everything on known channels is allowed. */
  authorize?: Authorize | undefined;
  /** When given, only its event types are accepted, and each event's data must decode and validate. */
  registry?: Pick<EventRegistry, 'has' | 'decode'> | undefined;
  /** Frames above this many bytes get a `frame_too_large` error. Default 64 KiB, or maxEventBytes + 1 KiB when larger. */
  maxFrameBytes?: number | undefined;
  /** Frames above this are not even read: the socket is closed with 1009. Default 1 MiB (never below maxFrameBytes). */
  hardFrameBytes?: number | undefined;
  /** Events whose JSON exceeds this many bytes (UTF-8) get `event_too_large`. Default 32 KiB. */
  maxEventBytes?: number | undefined;
  /** Per-connection publish rate limit (token bucket), or false. Default 500/s, burst 1000. */
  rateLimit?: { perSecond: number; burst: number } | false | undefined;
  /**
   * A client whose unsent outbound data would exceed this is disconnected (close 4008) instead of
   * being sent more. Events go out in frames of at most a quarter of it (and 256 KiB), so it must
   * hold a frame of the largest event: at least maxEventBytes (or maxFrameBytes when smaller) + 1 KiB.
   * Default 4 MiB, or two such frames when larger.
   */
  maxBufferedBytes?: number | undefined;
  /** Ping interval; clients that miss a pong are dropped. Default 30 s; 0 disables. */
  heartbeatMs?: number | undefined;
  /** Most events per frame while replaying (frames also stay near 256 KiB). Default 500. */
  replayPage?: number | undefined;
  /** A connection that sends no hello within this many ms is closed (1008). Default 10,000. */
  helloTimeoutMs?: number | undefined;
  /** Open connections beyond this are closed at once (1013, "try again later"). Default 10,000. */
  maxConnections?: number | undefined;
  /**
   * How long a source stays bound to the secret that claimed it after its last connection closed;
   * until then a hello with that source and another secret is refused. Default 1 hour.
   */
  sourceLeaseMs?: number | undefined;
  /** Operational messages (start, slow consumers, engine errors). Default console.warn; pass () => {} to silence. One that throws is reported with console.error, and the relay goes on. */
  log?: ((message: string) => void) | undefined;
}
