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
 * An app's own server the relay can share (see {@link RelayOptions.server}): `http.createServer()`,
 * `https.createServer()`, or `http2.createSecureServer({ allowHTTP1: true })` as Vite's dev server
 * uses with https (upgrades arrive over its HTTP/1.1 connections). Written out as what the relay
 * uses of one, so that these types need no `@types/node`.
 *
 * @example
 * const server: RelayServer = http.createServer(app)
 */
export interface RelayServer {
  readonly listening: boolean;
  address(): { address: string; port: number } | string | null;
  /** The relay listens for `'upgrade'` (request, socket, head) and `'listening'`. */
  on(event: 'upgrade' | 'listening', listener: ServerListener): unknown;
  off(event: 'upgrade' | 'listening', listener: ServerListener): unknown;
  listenerCount(event: 'upgrade'): number;
}

// biome-ignore lint/suspicious/noExplicitAny: Node's servers take listeners of any arguments; narrower ones would refuse http.Server
type ServerListener = (...args: any[]) => void;

/**
 * Options of `createRelay`.
 *
 * @example
 * await createRelay({ port: 8787, channels: ['shop'], maxEventBytes: 8192, rateLimit: { perSecond: 50, burst: 100 } })
 */
export interface RelayOptions {
  /** TCP port; 0 picks a free one (read it from `relay.port`). Default 8787. Not with `server`. */
  port?: number | undefined;
  /** Interface to bind. Default `'127.0.0.1'`. Not with `server`. */
  host?: string | undefined;
  /**
   * Serve the relay on this server of your app (its port, beside its pages and its own WebSockets)
   * instead of a port of its own. The relay answers WebSocket upgrades whose path (query ignored)
   * is `path` and leaves every other request and upgrade to the app's handlers; an upgrade to
   * another path is answered 404 only when no other upgrade listener is there to answer it. Give
   * the app's own `ws` servers `noServer: true` and a path check (ws's `server` + `path` options
   * answer 400 to every other path, the relay's included). The server may start listening after
   * `createRelay`; `origins` is decided from its address once it listens. `port` and `host` are
   * not used with it (passing them throws); `close()` leaves the server running.
   *
   * @example
   * const server = http.createServer(app)
   * await createRelay({ server, path: '/hubbub', channels: ['shop'], origins: ['https://shop.example'] })
   * server.listen(3000) // pages of https://shop.example connect to wss://shop.example/hubbub through its proxy
   */
  server?: RelayServer | undefined;
  /**
   * The URL path (query ignored) the relay answers WebSocket upgrades on; it must start with `/`.
   * With `server`, default `'/hubbub'`. On the relay's own port, upgrades to another path are
   * refused with HTTP 404; default: any path is accepted.
   *
   * @example
   * await createRelay({ port: 8787, path: '/events', channels: ['shop'] }) // ws://127.0.0.1:8787/events
   */
  path?: string | undefined;
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
