import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server as TlsServer } from 'node:tls';
import type { WebSocket, WebSocketServer } from 'ws';
import type { RelayOptions, RelayServer } from './relay-options';

/** The path the relay answers on an app's own server when no `path` is given. */
const DEFAULT_SHARED_PATH = '/hubbub';

/** Where a relay listens: a port of its own (any path, unless `path` is given), or a path of an app's server. */
export type RelayPlacement =
  | { server: undefined; host: string; port: number; path: string | undefined }
  | { server: RelayServer; path: string };

/**
 * Checks where the relay is asked to listen (`server`, `port`, `host`, `path`) and fills in the
 * defaults; throws a TypeError naming the conflict and the fix.
 *
 * @example
 * relayPlacement({ server }) // { server, path: '/hubbub' }
 */
export const relayPlacement = (options: Pick<RelayOptions, 'server' | 'port' | 'host' | 'path'>): RelayPlacement => {
  const { server } = options;
  const path = checkedPath(options.path);
  if (server === undefined) return { server, host: options.host ?? '127.0.0.1', port: options.port ?? 8787, path };
  if (server === null || typeof server.address !== 'function' || typeof server.on !== 'function')
    throw new TypeError(
      '[hubbub/relay] createRelay: server must be a Node HTTP server, e.g. http.createServer(app) or the return value of app.listen(3000) (not the Express app itself).',
    );
  for (const own of ['port', 'host'] as const) {
    if (options[own] !== undefined)
      throw new TypeError(
        `[hubbub/relay] createRelay: ${own} and server cannot go together: with server the relay answers on that server's address. Drop ${own}, or drop server to give the relay a port of its own.`,
      );
  }
  return { server, path: path ?? DEFAULT_SHARED_PATH };
};

const checkedPath = (path: unknown): string | undefined => {
  if (path === undefined) return undefined;
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw new TypeError(
      `[hubbub/relay] createRelay: path ${JSON.stringify(path)} must start with '/', e.g. path: '/${String(path).replace(/^\/*/, '')}'.`,
    );
  if (/[?#]/.test(path))
    throw new TypeError(
      `[hubbub/relay] createRelay: path ${JSON.stringify(path)} is compared with the request's path, without its query: leave out what follows '?' or '#'.`,
    );
  return path;
};

/** The path of a request's URL, without its query string. */
export const requestPath = (url: string | undefined): string => {
  const target = url ?? '';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
};

/**
 * The scheme clients use to reach a relay on `server`: `wss` for a TLS server (`https.Server`,
 * `http2.createSecureServer`), `ws` otherwise (also for the relay's own port, `undefined`).
 *
 * @example
 * relayScheme(https.createServer(credentials)) // 'wss'
 */
export const relayScheme = (server: RelayServer | undefined): 'ws' | 'wss' => (server instanceof TlsServer ? 'wss' : 'ws');

/**
 * Whether `host` means every interface (`0.0.0.0`, or `::` where `server.listen(3000)` binds): a
 * relay bound there is reached at `localhost` from this machine.
 *
 * @example
 * isEveryInterface('::') // true
 */
export const isEveryInterface = (host: string): boolean => host === '0.0.0.0' || host === '::';

/**
 * The relay's `host`, `port` and `url` for a bound address: `ws://host:port/path` (an IPv6 host in
 * brackets). Bound to every interface (`0.0.0.0`, or `::` where `server.listen(3000)` binds), the
 * url names `localhost`: browsers refuse to connect to `0.0.0.0` and `[::]`, and `host` keeps the
 * bound address. For a server bound to a Unix socket, the socket's path as host, port 0 and
 * `ws+unix://<socket>:/path` as the `ws` client writes it; empty (port 0) while there is no address.
 *
 * @example
 * relayEndpoint('ws', { address: '::1', port: 3000 }, '/hubbub').url // 'ws://[::1]:3000/hubbub'
 * relayEndpoint('ws', { address: '::', port: 3000 }, '/hubbub').url // 'ws://localhost:3000/hubbub'
 */
export const relayEndpoint = (
  scheme: 'ws' | 'wss',
  address: Pick<AddressInfo, 'address' | 'port'> | string | null,
  path = '',
): { host: string; port: number; url: string } => {
  if (address === null) return { host: '', port: 0, url: '' };
  if (typeof address === 'string') return { host: address, port: 0, url: `${scheme}+unix://${address}:${path || '/'}` };
  const { address: host, port } = address;
  const reachedAt = isEveryInterface(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { host, port, url: `${scheme}://${reachedAt}:${port}${path}` };
};

/** The body of the 404 answered to an upgrade on another path than the relay's. */
export const notFoundMessage = (path: string) => `Not Found: this relay answers WebSocket upgrades on ${path} only.`;

/** Answers an upgrade no one takes with a 404, as `ws` answers the upgrades it refuses, and closes the socket. */
const answerNotFound = (socket: Duplex, path: string) => {
  const body = notFoundMessage(path);
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};

/**
 * Serves the relay's WebSocket upgrades on an app's own server: upgrades on `path` go to `wss`
 * (its verifyClient still runs), others are left to the app's own upgrade listeners, or answered
 * with 404 when the relay's is the only one (nobody else would answer and the socket would hang).
 * Calls `onListening` with the server's address now if it is listening, and on each `'listening'`.
 * Returns what takes the relay off the server again, leaving the server running.
 *
 * @example
 * const detach = attachToServer(server, '/hubbub', wss, (address) => decideOrigins(address), log) // detach() on close
 */
export const attachToServer = (
  server: RelayServer,
  path: string,
  wss: WebSocketServer,
  onListening: (address: Pick<AddressInfo, 'address' | 'port'> | string) => void,
  log: (message: string) => void,
): (() => void) => {
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (requestPath(request.url) !== path) {
      if (server.listenerCount('upgrade') === 1) answerNotFound(socket, path);
      return;
    }
    try {
      wss.handleUpgrade(request, socket, head, (ws: WebSocket) => wss.emit('connection', ws, request));
    } catch (error) {
      // Another listener took this socket first (ws throws then); thrown on, it would crash the app's server.
      log(
        `[hubbub/relay] another upgrade listener of this server also took a request for ${path}: ${(error as Error).message}. Give the app's own WebSocketServer a path of its own (with noServer: true and a path check in its upgrade listener).`,
      );
    }
  };
  const onServerListening = () => {
    const address = server.address();
    if (address !== null) onListening(address);
  };
  server.on('upgrade', onUpgrade);
  server.on('listening', onServerListening);
  if (server.listening) onServerListening();
  return () => {
    server.off('upgrade', onUpgrade);
    server.off('listening', onServerListening);
  };
};
