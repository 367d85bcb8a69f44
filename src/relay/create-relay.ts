import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerOptions, WebSocketServer } from 'ws';
import { CHANNEL_PATTERN, CLOSE_CODES, type ServerFrame } from '../remote/wire';
import { attachToServer, notFoundMessage, relayEndpoint, relayPlacement, relayScheme, requestPath } from './attach';
import { createChannelHubs } from './channel-hub';
import { checkRelayOptions } from './check-relay-options';
import { serveConnection } from './connection';
import type { Engine } from './engine';
import { createMemoryEngine } from './memory-engine';
import { createMetrics, type RelayMetrics } from './metrics';
import { createOriginRule, createRefusalLog, isLoopbackAddress, normalizeOriginList, type OriginRule } from './origins';
import type { RelayOptions } from './relay-options';
import { createSourceClaims } from './source-claims';

/**
 * A running relay node; see {@link createRelay}. On an app's `server`, `port`, `host` and `url`
 * are read from that server's address (the last one known if it stopped listening): 0 and empty
 * until it first listens.
 *
 * @example
 * const relay = await createRelay({ port: 0, channels: ['shop'] }); console.log(relay.url, relay.metrics().connections)
 */
export interface Relay {
  /** The bound port (useful with `port: 0`); with `server`, that server's port. */
  readonly port: number;
  /** The `host` option (default 127.0.0.1); with `server`, the address it is bound to (`::` for all interfaces). */
  readonly host: string;
  /**
   * `ws://host:port`, and the `path` when one is given (always with `server`; `wss://` on an https
   * server), for clients. Bound to every interface (`0.0.0.0`, `::`), it names `localhost`: browsers
   * refuse to connect to those addresses.
   */
  readonly url: string;
  /** This node's id (sent to clients in `welcome`). */
  readonly node: string;
  readonly engine: Engine;
  /** A snapshot of this node's counters. */
  metrics(): RelayMetrics;
  /**
   * Closes every socket (code 1001, clients reconnect elsewhere), stops listening, closes its own
   * engine. With `server`, takes the relay's upgrade listener off it and leaves it running.
   */
  close(): Promise<void>;
}

/** Most bytes of events in one frame, live or replayed (a quarter of maxBufferedBytes when that is less). */
const FRAME_BYTES = 256 * 1024;
/** What a frame holding one event spends besides the event: op, channel, epoch and offset. */
const ONE_EVENT_FRAME_OVERHEAD = 1024;
/** Default largest event accepted, in bytes of JSON. */
const DEFAULT_MAX_EVENT_BYTES = 32 * 1024;
/** Default largest frame accepted, in bytes, unless one event's frame needs more. */
const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
/** Default most unsent bytes per client, unless {@link BUFFERED_EVENT_FRAMES} frames of the largest event need more. */
const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Frames of the largest event the default maxBufferedBytes holds at least. */
const BUFFERED_EVENT_FRAMES = 2;

const positive = (name: string, value: number) => {
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(
      `[hubbub/relay] ${name} must be a positive number, got ${typeof value === 'string' ? JSON.stringify(value) : value}.`,
    );
  return value;
};

/** The message of a failed listen: the problem and what to pass instead. */
const explainListenFailure = (error: NodeJS.ErrnoException, host: string, port: number): string => {
  const otherHost = 'use an address of this machine, 0.0.0.0 for all interfaces, or 127.0.0.1 for this machine only';
  switch (error.code) {
    case 'EADDRINUSE':
      return `[hubbub/relay] port ${port} is already in use; pick another port (or 0 for a free one).`;
    case 'EADDRNOTAVAIL':
      return `[hubbub/relay] cannot listen on host ${host}: it is not an address of this machine (${error.message}); ${otherHost}.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `[hubbub/relay] cannot listen on host ${host}: the name does not resolve (${error.message}); check its spelling, or ${otherHost}.`;
    case 'EACCES':
      return `[hubbub/relay] cannot listen on port ${port}: permission denied (${error.message}); pick a port above 1023 (or 0 for a free one).`;
    default:
      return `[hubbub/relay] cannot listen on ${host} port ${port}: ${error.message}`;
  }
};

/**
 * Starts a relay: a WebSocket server that fans events out per channel, stores them in an engine
 * (in memory by default, Redis Streams to scale out) and lets clients resume from an offset.
 * Browser pages connect only from `origins` (default: pages served from this machine while the
 * relay listens on loopback, as it does by default; any page, with a warning at start, when it
 * listens elsewhere); others are refused with HTTP 403 before the upgrade. It listens on a port of
 * its own, or with `server` on a path (`/hubbub`) of an app's own HTTP server, which may start
 * listening later.
 *
 * @example
 * const relay = await createRelay({
 *   port: 8787,
 *   channels: ['shop'],
 *   origins: ['https://shop.example'],
 *   engine: await createRedisEngine({ url: 'redis://127.0.0.1:6379' }),
 *   authorize: (token, channel, action) => verify(token)?.channels.includes(channel) ?? false,
 * })
 * console.log(relay.url) // ws://127.0.0.1:8787
 *
 * const server = http.createServer(app)
 * const shared = await createRelay({ server, path: '/hubbub', channels: ['shop'] })
 * server.listen(3000, '127.0.0.1') // shared.url: ws://127.0.0.1:3000/hubbub
 */
export const createRelay = async (options: RelayOptions): Promise<Relay> => {
  checkRelayOptions(options);
  const { channels } = options;
  if (Array.isArray(channels)) {
    const bad = channels.find((c) => typeof c !== 'string' || !CHANNEL_PATTERN.test(c));
    if (bad !== undefined)
      throw new TypeError(
        `[hubbub/relay] createRelay: channel ${JSON.stringify(bad)} is not a valid name; use 1-128 letters, digits and ._:/-.`,
      );
  }
  const allowed =
    typeof channels === 'function'
      ? channels
      : (
          (set: Set<string>) => (c: string) =>
            set.has(c)
        )(new Set(channels));
  let origins = options.origins;
  if (origins !== undefined && typeof origins !== 'function') {
    if (!Array.isArray(origins))
      throw new TypeError(
        "[hubbub/relay] createRelay: origins must be a list of origins, e.g. ['https://shop.example'], or a predicate (origin) => boolean.",
      );
    try {
      origins = normalizeOriginList(origins);
    } catch (error) {
      throw new TypeError(`[hubbub/relay] createRelay: origins: ${(error as Error).message}`);
    }
  }
  const placement = relayPlacement(options);
  const ownEngine = options.engine === undefined;
  const engine = options.engine ?? createMemoryEngine();
  const appLog = options.log ?? ((message: string) => console.warn(message));
  // Called from socket, timer and Redis callbacks: a log option that throws must not take the relay down.
  const log = (message: string) => {
    try {
      appLog(message);
    } catch (error) {
      console.error('[hubbub/relay] the log option threw while logging:', message, error);
    }
  };
  const maxEventBytes = positive('maxEventBytes', options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES);
  // The defaults grow with maxEventBytes: an event comes in a publish frame and goes out in an events frame.
  const eventFrame = maxEventBytes + ONE_EVENT_FRAME_OVERHEAD;
  const limits = {
    maxFrameBytes: positive('maxFrameBytes', options.maxFrameBytes ?? Math.max(DEFAULT_MAX_FRAME_BYTES, eventFrame)),
    maxEventBytes,
    maxBufferedBytes: positive(
      'maxBufferedBytes',
      options.maxBufferedBytes ?? Math.max(DEFAULT_MAX_BUFFERED_BYTES, BUFFERED_EVENT_FRAMES * eventFrame),
    ),
    replayPage: positive('replayPage', options.replayPage ?? 500),
    helloTimeoutMs: positive('helloTimeoutMs', options.helloTimeoutMs ?? 10_000),
    rateLimit: options.rateLimit ?? { perSecond: 500, burst: 1000 },
  };
  const maxConnections = positive('maxConnections', options.maxConnections ?? 10_000);
  const sourceLeaseMs = positive('sourceLeaseMs', options.sourceLeaseMs ?? 3_600_000);
  if (limits.rateLimit) {
    positive('rateLimit.perSecond', limits.rateLimit.perSecond);
    positive('rateLimit.burst', limits.rateLimit.burst);
  }
  const hardFrameBytes = Math.max(options.hardFrameBytes ?? 1024 * 1024, limits.maxFrameBytes);
  // An event arrives in a publish frame, so it is never larger than maxFrameBytes either.
  const largestEvent = Math.min(limits.maxEventBytes, limits.maxFrameBytes);
  if (limits.maxBufferedBytes < largestEvent + ONE_EVENT_FRAME_OVERHEAD) {
    throw new TypeError(
      `[hubbub/relay] maxBufferedBytes (${limits.maxBufferedBytes}) must hold a frame of the largest event: at least ${largestEvent + ONE_EVENT_FRAME_OVERHEAD} (maxEventBytes, or maxFrameBytes when smaller, + ${ONE_EVENT_FRAME_OVERHEAD}).`,
    );
  }
  const frameBytes = Math.min(FRAME_BYTES, limits.maxBufferedBytes / 4);
  const claims = createSourceClaims(engine, sourceLeaseMs);
  const metrics = createMetrics();
  const node = randomUUID();
  const hubs = createChannelHubs(engine, frameBytes, (sub, epoch, offset) => {
    const frame: ServerFrame = { op: 'resync', channel: sub.channel, epoch, offset, reason: 'the channel storage was reset; reload state' };
    sub.send(JSON.stringify(frame), 0);
  });
  const context = {
    node,
    engine,
    hubs,
    claims,
    metrics,
    allowed,
    authorize: options.authorize ?? (() => true),
    registry: options.registry,
    limits: { ...limits, hardFrameBytes, frameBytes },
    log,
  };

  // Decided once listening, by the bound address; until then browser pages are refused, never let through.
  let originRule: OriginRule | undefined = { allows: () => ({ allowed: false, why: 'the relay is still starting' }) };
  let warnedOfEveryPage = false;
  const decideOriginRule = (address: Pick<AddressInfo, 'address' | 'port'> | string | null, shownHost: string) => {
    const loopbackOnly = typeof address === 'object' && address !== null && isLoopbackAddress(address.address);
    originRule = createOriginRule(origins, loopbackOnly);
    if (origins === undefined && !loopbackOnly && !warnedOfEveryPage) {
      warnedOfEveryPage = true;
      log(
        `[hubbub/relay] listening on ${shownHost} without an origins option: a web page on any site a user visits can connect from their browser and subscribe and publish wherever authorize allows. List your app's pages: origins: ['https://app.example'] (--origin for npx hubbub-relay), or origins: ['*'] to accept every page on purpose.`,
      );
    }
  };
  const reportRefusal = createRefusalLog(log);
  const wssOptions: ServerOptions = {
    maxPayload: hardFrameBytes,
    perMessageDeflate: false,
    // Refused here, before the upgrade: a refused page never gets an open socket, nor a frame.
    verifyClient: (info, accept) => {
      // On its own port ws hands over upgrades to every path; on an app's server attachToServer already checked.
      if (placement.path !== undefined && requestPath(info.req.url) !== placement.path)
        return accept(false, 404, notFoundMessage(placement.path));
      const origin: unknown = info.origin;
      // No Origin: not a browser (which always sends one), and a non-browser can send any Origin anyway.
      if (typeof origin !== 'string' || originRule === undefined) return accept(true);
      const verdict = originRule.allows(origin);
      if (verdict.allowed) return accept(true);
      metrics.refusedOrigins++;
      accept(false, 403, "This page's origin may not connect to this relay; the relay log says why.");
      reportRefusal(origin, verdict.why);
    },
  };

  let wss: WebSocketServer;
  /** Where clients reach the relay now: the address its own port is bound to, or its app server's (the last known). */
  let currentAddress: () => Pick<AddressInfo, 'address' | 'port'> | string | null;
  /** Takes the relay off an app's server; nothing to do on its own port (closing wss closes that). */
  let detach = () => {};
  if (placement.server === undefined) {
    const { host, port } = placement;
    wss = new WebSocketServer({ ...wssOptions, host, port });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', (error: NodeJS.ErrnoException) => reject(new Error(explainListenFailure(error, host, port), { cause: error })));
    });
    wss.on('error', (error) => log(`[hubbub/relay] server error: ${error.message}`));
    const boundAddress = wss.address();
    decideOriginRule(boundAddress, host);
    const boundPort = typeof boundAddress === 'object' && boundAddress ? boundAddress.port : port;
    currentAddress = () => ({ address: host, port: boundPort });
  } else {
    const { server, path } = placement;
    wss = new WebSocketServer({ ...wssOptions, noServer: true });
    let lastAddress: Pick<AddressInfo, 'address' | 'port'> | string | null = null;
    currentAddress = () => {
      lastAddress = server.address() ?? lastAddress;
      return lastAddress;
    };
    // Not awaited: apps often call server.listen() after createRelay.
    detach = attachToServer(server, path, wss, (bound) => decideOriginRule(bound, typeof bound === 'string' ? bound : bound.address), log);
  }
  const scheme = relayScheme(placement.server);
  const endpoint = () => relayEndpoint(scheme, currentAddress(), placement.path);

  const alive = new WeakSet<object>();
  wss.on('connection', (ws) => {
    if (metrics.connections >= maxConnections) {
      metrics.refusedConnections++;
      ws.close(CLOSE_CODES.tryAgainLater, `relay is at its limit of ${maxConnections} connections; try again later`);
      setTimeout(() => ws.terminate(), 2000).unref();
      return;
    }
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    serveConnection(ws, context);
  });
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          for (const ws of wss.clients) {
            if (!alive.delete(ws)) ws.terminate();
            else ws.ping();
          }
        }, heartbeatMs).unref()
      : undefined;

  return {
    get port() {
      return endpoint().port;
    },
    get host() {
      return endpoint().host;
    },
    get url() {
      return endpoint().url;
    },
    node,
    engine,
    metrics: () => structuredClone(metrics),
    async close() {
      detach();
      if (heartbeat) clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(CLOSE_CODES.goingAway, 'relay shutting down; reconnect');
      await new Promise<void>((resolve) => {
        wss.close(() => resolve());
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000).unref();
      });
      hubs.closeAll();
      claims.close();
      if (ownEngine) await engine.close();
    },
  };
};
