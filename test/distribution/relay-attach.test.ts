// createRelay({ server }) serves the relay on a path of an app's own HTTP server (Express, Fastify,
// a Next.js custom server, Vite's dev server): the app keeps its pages and its own WebSockets on
// the same port. Real sockets only: node:http servers, ws clients and connectRemote.
import { type EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { notFoundMessage, relayEndpoint, relayScheme } from '../../src/relay/attach';
import { createRelay, type Relay, type RelayOptions } from '../../src/relay/index';
import type { RelayServer } from '../../src/relay/relay-options';
import { cleanupsAfterEach } from '../support/cleanups';
import { rawClient, until } from './support/raw-client';
import { runCliWithin, startRelayProcess } from './support/relay-process';
import { isOpen, tickClient } from './support/tick-clients';
import { tryUpgrade, upgradeByHand } from './support/upgrade';

const cleanups = cleanupsAfterEach();
const APP_PAGE = 'the app page';

/** Closes `server` after the test (after the relays made later), destroying the sockets it still has. */
const closedAfterTest = <S extends NetServer>(server: S): S => {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  );
  return server;
};

/** An app's HTTP server that answers every request with APP_PAGE; not listening yet. */
const appServer = (): Server => closedAfterTest(createServer((_request, response) => response.end(APP_PAGE)));

/** Starts `server` listening on a free port of `host`; resolves with the port. */
const listen = async (server: NetServer, host = '127.0.0.1'): Promise<number> => {
  server.listen(0, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
};

/** A relay of this test on `server`, channel 'room', whose log lines are kept. */
const relayOn = async (server: RelayServer, extra: Partial<RelayOptions> = {}) => {
  const logs: string[] = [];
  const relay = await createRelay({ server, channels: ['room'], log: (message) => logs.push(message), ...extra });
  cleanups.push(() => relay.close());
  return { relay, logs };
};

const get = async (port: number, path = '/') => (await fetch(`http://127.0.0.1:${port}${path}`)).text();

/** Two connectRemote clients on `url`; resolves once each received the other's tick. */
const exchangeTicks = async (url: string) => {
  // rewind: a tick published before the other subscribed is replayed to it, so no wait is needed.
  const alice = tickClient(cleanups, url, { rewind: 100 });
  const bob = tickClient(cleanups, url, { rewind: 100 });
  await isOpen(alice, bob);
  alice.bus.emit('tick/sent', { from: 'alice', n: 1 });
  bob.bus.emit('tick/sent', { from: 'bob', n: 2 });
  await until(
    () => alice.received.some((tick) => tick.from === 'bob') && bob.received.some((tick) => tick.from === 'alice'),
    "each client receives the other's tick",
  );
};

const EVERY_PAGE_WARNING = (host: string) =>
  `[hubbub/relay] listening on ${host} without an origins option: a web page on any site a user visits can connect from their browser and subscribe and publish wherever authorize allows. List your app's pages: origins: ['https://app.example'] (--origin for npx hubbub-relay), or origins: ['*'] to accept every page on purpose.`;
const REFUSED_PAGE = { opened: false, status: 403, body: expect.stringMatching(/origin may not connect/) };

describe('createRelay({ server }): the relay on a path of the app’s own server', () => {
  it('connectRemote clients on ws://127.0.0.1:PORT/hubbub exchange events, and the app still answers its requests', async () => {
    const server = appServer();
    const port = await listen(server);
    const { relay, logs } = await relayOn(server);
    expect({ port: relay.port, host: relay.host, url: relay.url }).toEqual({
      port,
      host: '127.0.0.1',
      url: `ws://127.0.0.1:${port}/hubbub`,
    });
    await exchangeTicks(`ws://127.0.0.1:${port}/hubbub`);
    expect(relay.metrics()).toMatchObject({ connections: 2, published: 2 });
    expect(await get(port, '/')).toBe(APP_PAGE);
    // Only upgrades are the relay's: a plain request to its path is the app's too.
    expect(await get(port, '/hubbub')).toBe(APP_PAGE);
    expect(logs).toEqual([]);
  });

  it("the app's own WebSocketServer (noServer) on /other works beside it, and an unknown path is left to the app's listener", async () => {
    const server = appServer();
    const port = await listen(server);
    // The relay's listener comes first: it must not answer what is not its own.
    const { relay } = await relayOn(server);
    const echo = new WebSocketServer({ noServer: true });
    cleanups.push(() => {
      for (const ws of echo.clients) ws.terminate();
      echo.close();
    });
    echo.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo: ${String(data)}`)));
    server.on('upgrade', (request, socket, head) => {
      if (request.url === '/other') echo.handleUpgrade(request, socket, head, (ws) => echo.emit('connection', ws, request));
      else if (request.url !== '/hubbub')
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 14\r\n\r\nnot an app url');
    });

    const other = new WebSocket(`ws://127.0.0.1:${port}/other`);
    cleanups.push(() => other.terminate());
    await once(other, 'open');
    other.send('hello');
    const [reply] = await once(other, 'message');
    expect(String(reply)).toBe('echo: hello');

    const client = await rawClient(relay.url, { source: 'beside-echo' });
    cleanups.push(() => client.close());
    expect(relay.metrics().connections).toBe(1);
    expect(echo.clients.size).toBe(1);
    expect(await upgradeByHand(port, '/unknown')).toBe(
      'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 14\r\n\r\nnot an app url',
    );
  });

  it('an upgrade to another path gets 404 while the relay is the only upgrade listener; the query is ignored', async () => {
    const server = appServer();
    const port = await listen(server);
    const { relay } = await relayOn(server);
    const answer = await upgradeByHand(port, '/nowhere?x=1');
    expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(answer.endsWith(`\r\n\r\n${notFoundMessage('/hubbub')}`)).toBe(true);
    expect(await tryUpgrade(`ws://127.0.0.1:${port}/hubbub/`)).toEqual({ opened: false, status: 404, body: notFoundMessage('/hubbub') });
    expect(await tryUpgrade(`${relay.url}?token=abc`)).toEqual({ opened: true });
    expect(await get(port)).toBe(APP_PAGE);
  });

  it("close() closes the relay's clients and takes its listeners off the server, which goes on listening and serving", async () => {
    const server = appServer();
    const port = await listen(server);
    const listenersBefore = { upgrade: server.listenerCount('upgrade'), listening: server.listenerCount('listening') };
    const relay = await createRelay({ server, channels: ['room'], log: () => {} });
    expect(server.listenerCount('upgrade')).toBe(listenersBefore.upgrade + 1);
    const client = await rawClient(relay.url, { source: 'closing' });

    await relay.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'relay shutting down; reconnect' });
    expect(server.listening).toBe(true);
    expect({ upgrade: server.listenerCount('upgrade'), listening: server.listenerCount('listening') }).toEqual(listenersBefore);
    expect(await get(port)).toBe(APP_PAGE);
    // With no upgrade listener left, Node hands an upgrade to the app's request handler.
    expect(await tryUpgrade(relay.url)).toEqual({ opened: false, status: 200, body: APP_PAGE });
  });

  it('made before server.listen(): createRelay does not wait; once listening, url has the port, clients connect, other sites are refused', async () => {
    const server = appServer();
    const { relay, logs } = await relayOn(server);
    expect(server.listening).toBe(false);
    expect({ port: relay.port, host: relay.host, url: relay.url }).toEqual({ port: 0, host: '', url: '' });

    const port = await listen(server);
    expect(relay.url).toBe(`ws://127.0.0.1:${port}/hubbub`);
    await exchangeTicks(relay.url);
    // On a loopback server, without origins: pages served from this machine only.
    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual(REFUSED_PAGE);
    expect(await tryUpgrade(relay.url, `http://localhost:${port}`)).toEqual({ opened: true });
    expect(relay.metrics().refusedOrigins).toBe(1);
    expect(logs).toEqual([
      expect.stringMatching(
        /^\[hubbub\/relay\] refused a browser connection \(HTTP 403\) from origin "https:\/\/evil\.example": this relay listens on this machine only/,
      ),
    ]);
  });

  it('on all interfaces without origins: every page may connect, with one warning once the address is known; the rule follows a new address', async () => {
    const listeningAlready = appServer();
    await listen(listeningAlready, '0.0.0.0');
    expect((await relayOn(listeningAlready)).logs).toEqual([EVERY_PAGE_WARNING('0.0.0.0')]);

    const server = appServer();
    const { relay, logs } = await relayOn(server);
    expect(logs).toEqual([]);
    const port = await listen(server, '0.0.0.0');
    expect(logs).toEqual([EVERY_PAGE_WARNING('0.0.0.0')]);
    // Browsers refuse ws://0.0.0.0: the url names localhost, which every interface includes.
    expect(relay.url).toBe(`ws://localhost:${port}/hubbub`);
    expect(relay.host).toBe('0.0.0.0');
    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual({ opened: true });

    await new Promise((resolve) => server.close(resolve));
    expect(relay.url).toBe(`ws://localhost:${port}/hubbub`);
    const portAgain = await listen(server, '0.0.0.0');
    expect(relay.url).toBe(`ws://localhost:${portAgain}/hubbub`);
    await new Promise((resolve) => server.close(resolve));
    const loopbackPort = await listen(server, '127.0.0.1');
    expect(relay.url).toBe(`ws://127.0.0.1:${loopbackPort}/hubbub`);
    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual(REFUSED_PAGE);
    expect(logs.filter((line) => line.startsWith('[hubbub/relay] listening on'))).toHaveLength(1);
  });

  it("server.listen(port) with no host (every interface, '::' where IPv6 is on): url names localhost, and a client reaches the relay there", async () => {
    const server = appServer();
    server.listen(0);
    await once(server, 'listening');
    const { address, port } = server.address() as AddressInfo;
    const { relay } = await relayOn(server, { origins: ['*'] });
    expect(relay.host).toBe(address);
    expect(relay.url).toBe(`ws://localhost:${port}/hubbub`);
    expect(await tryUpgrade(relay.url, 'https://shop.example')).toEqual({ opened: true });
  });

  it('with origins, a listed page connects on a shared server and another is refused, whatever the address', async () => {
    const server = appServer();
    const port = await listen(server, '0.0.0.0');
    const { relay, logs } = await relayOn(server, { origins: ['https://shop.example'] });
    const url = `ws://127.0.0.1:${port}/hubbub`;
    expect(await tryUpgrade(url, 'https://shop.example')).toEqual({ opened: true });
    expect(await tryUpgrade(url, 'http://localhost:5173')).toEqual(REFUSED_PAGE);
    expect(relay.metrics().refusedOrigins).toBe(1);
    expect(logs).toEqual([expect.stringMatching(/from origin "http:\/\/localhost:5173": it is not in the relay's origins list/)]);
  });

  it('url says wss:// on an https server (and for http2 secure servers, as Vite uses with https)', async () => {
    const server = closedAfterTest(createHttpsServer());
    const port = await listen(server);
    const { relay } = await relayOn(server);
    expect(relay.url).toBe(`wss://127.0.0.1:${port}/hubbub`);
    expect(relayScheme(createSecureServer({ allowHTTP1: true }))).toBe('wss');
    expect(relayScheme(createServer())).toBe('ws');
    expect(relayScheme(undefined)).toBe('ws');
    expect(relayEndpoint('ws', { address: '::1', port: 3000 }, '/hubbub')).toEqual({
      host: '::1',
      port: 3000,
      url: 'ws://[::1]:3000/hubbub',
    });
    expect(relayEndpoint('wss', null, '/hubbub')).toEqual({ host: '', port: 0, url: '' });
    expect(relayEndpoint('ws', { address: '::', port: 3000 }, '/hubbub')).toEqual({
      host: '::',
      port: 3000,
      url: 'ws://localhost:3000/hubbub',
    });
    expect(relayEndpoint('wss', { address: '0.0.0.0', port: 443 }).url).toBe('wss://localhost:443');
    // RelayServer names no @types/node type (hubbub/relay's types must compile without them), yet Node's servers are ones.
    expectTypeOf<Server>().toExtend<RelayServer>();
    expectTypeOf<HttpsServer>().toExtend<RelayServer>();
    expectTypeOf<Http2SecureServer>().toExtend<RelayServer>();
    expectTypeOf<NonNullable<ViteDevServer['httpServer']>>().toExtend<RelayServer>();
    // An Express app is an EventEmitter, not its server.
    expectTypeOf<EventEmitter>().not.toExtend<RelayServer>();
  });

  it('on a server bound to a Unix socket, url is the ws+unix address the ws client connects to', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hubbub-relay-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const server = appServer();
    const socketPath = join(directory, 'app.sock');
    server.listen(socketPath);
    await once(server, 'listening');
    const { relay, logs } = await relayOn(server);
    expect({ port: relay.port, host: relay.host, url: relay.url }).toEqual({
      port: 0,
      host: socketPath,
      url: `ws+unix://${socketPath}:/hubbub`,
    });
    const client = await rawClient(relay.url, { source: 'over-unix' });
    cleanups.push(() => client.close());
    expect(client.frames[0]).toMatchObject({ op: 'welcome' });
    // Behind a proxy, pages of any site may reach a socket file: treated as not loopback.
    expect(logs).toEqual([EVERY_PAGE_WARNING(socketPath)]);
  });

  it("in Vite's dev server, as docs/RELAY.md's plugin does: the relay and Vite's HMR socket share its port", async () => {
    const root = await mkdtemp(join(tmpdir(), 'hubbub-vite-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const relays: Relay[] = [];
    const vite = await createViteServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1' },
      plugins: [
        {
          name: 'hubbub-relay',
          async configureServer(server) {
            const relay = await createRelay({ server: server.httpServer!, path: '/hubbub', channels: ['room'], log: () => {} });
            server.httpServer!.once('close', () => relay.close());
            relays.push(relay);
          },
        },
      ],
    });
    cleanups.push(() => vite.close());
    await vite.listen();
    const port = (vite.httpServer!.address() as AddressInfo).port;
    expect(relays.map((relay) => relay.url)).toEqual([`ws://127.0.0.1:${port}/hubbub`]);
    await exchangeTicks(`ws://127.0.0.1:${port}/hubbub`);
    const hmr = new WebSocket(`ws://127.0.0.1:${port}/`, 'vite-hmr');
    cleanups.push(() => hmr.terminate());
    const [hello] = await once(hmr, 'message');
    expect(JSON.parse(String(hello))).toEqual({ type: 'connected' });
    // Still a sound WebSocket: nothing else was written on Vite's socket.
    hmr.ping();
    const closed = once(hmr, 'close').then(([code]) => `closed with ${code}`);
    expect(await Promise.race([once(hmr, 'pong').then(() => 'pong'), closed])).toBe('pong');
  });

  it("an app's ws server without a path takes the relay's upgrades too: logged, and the app goes on", async () => {
    const server = appServer();
    const port = await listen(server);
    const greedy = new WebSocketServer({ server });
    cleanups.push(() => {
      for (const ws of greedy.clients) ws.terminate();
      greedy.close();
    });
    const { logs } = await relayOn(server);
    const taken = new WebSocket(`ws://127.0.0.1:${port}/hubbub`);
    cleanups.push(() => taken.terminate());
    await once(taken, 'open');
    expect(greedy.clients.size).toBe(1);
    expect(logs).toEqual([
      expect.stringMatching(/another upgrade listener of this server also took a request for \/hubbub: .*noServer: true/),
    ]);
    expect(await get(port)).toBe(APP_PAGE);
  });
});

describe('path on the relay’s own port', () => {
  const ownPort = async (extra: Partial<RelayOptions> = {}) => {
    const relay = await createRelay({ port: 0, channels: ['room'], log: () => {}, ...extra });
    cleanups.push(() => relay.close());
    return relay;
  };

  it('npx hubbub-relay --path takes it the same way, and says the path it listens on; a path without / exits 2 naming the flag', async () => {
    const relay = await startRelayProcess(['--channels', 'room', '--path', '/events']);
    cleanups.push(() => relay.kill());
    expect(relay.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/events$/);
    expect(await tryUpgrade(relay.url)).toEqual({ opened: true });
    expect(await tryUpgrade(relay.url.replace(/\/events$/, '/other'))).toMatchObject({ opened: false, status: 404 });
    const bad = await runCliWithin(['--path', 'events']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--path must be a URL path that starts with /, without a query, e.g. --path /hubbub; got "events".');
  }, 30_000);

  it('only that path connects (query ignored); another gets 404', async () => {
    const relay = await ownPort({ path: '/events' });
    expect(relay.url).toBe(`ws://127.0.0.1:${relay.port}/events`);
    const client = await rawClient(relay.url, { source: 'on-path' });
    cleanups.push(() => client.close());
    expect(await tryUpgrade(`${relay.url}?token=abc`)).toEqual({ opened: true });
    expect(await tryUpgrade(`ws://127.0.0.1:${relay.port}/other`)).toEqual({
      opened: false,
      status: 404,
      body: notFoundMessage('/events'),
    });
    expect(await tryUpgrade(`ws://127.0.0.1:${relay.port}/`)).toMatchObject({ opened: false, status: 404 });
  });

  it('without path, any path connects, as before', async () => {
    const relay = await ownPort();
    expect(relay.url).toBe(`ws://127.0.0.1:${relay.port}`);
    expect(await tryUpgrade(`${relay.url}/anything?at=all`)).toEqual({ opened: true });
    expect(await tryUpgrade(relay.url)).toEqual({ opened: true });
  });
});

describe('createRelay refuses a placement that cannot work, before listening', () => {
  const refusal = (options: Partial<RelayOptions>) =>
    createRelay({ channels: ['room'], log: () => {}, ...options }).then(
      (relay) => relay.close().then(() => 'started'),
      (error: Error) => `${error.name}: ${error.message}`,
    );

  it('server with port or host: names the conflict and the fix, and leaves the server alone', async () => {
    const server = appServer();
    expect(await refusal({ server, port: 3000 })).toBe(
      "TypeError: [hubbub/relay] createRelay: port and server cannot go together: with server the relay answers on that server's address. Drop port, or drop server to give the relay a port of its own.",
    );
    expect(await refusal({ server, host: '0.0.0.0' })).toMatch(
      /^TypeError: .*host and server cannot go together: .*Drop host, or drop server/,
    );
    expect(server.listenerCount('upgrade')).toBe(0);
    const expressApp = Object.assign(() => {}, { on: () => {} });
    expect(await refusal({ server: expressApp as never })).toMatch(
      /^TypeError: .*server must be a Node HTTP server, e\.g\. http\.createServer\(app\) or the return value of app\.listen\(3000\)/,
    );
  });

  it('a path that does not start with / names the value and the fix; so does one with a query', async () => {
    expect(await refusal({ server: appServer(), path: 'hubbub' })).toBe(
      `TypeError: [hubbub/relay] createRelay: path "hubbub" must start with '/', e.g. path: '/hubbub'.`,
    );
    expect(await refusal({ port: 0, path: 'events/' })).toMatch(/path "events\/" must start with '\/', e\.g\. path: '\/events\/'/);
    expect(await refusal({ port: 0, path: '' })).toMatch(/path "" must start with '\/'/);
    expect(await refusal({ port: 0, path: 42 as never })).toMatch(/path 42 must start with '\/', e\.g\. path: '\/42'/);
    expect(await refusal({ port: 0, path: '/hubbub?v=1' })).toMatch(
      /path "\/hubbub\?v=1" is compared with the request's path, without its query/,
    );
  });
});
