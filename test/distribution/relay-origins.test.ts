// Browsers apply no CORS to WebSockets: any page a user visits may open one to any address. The
// relay checks the Origin header of each upgrade (HTTP 403 before the socket is accepted), so a
// page of another site cannot read or write the app's channels. Clients that send no Origin are
// not browsers and are never refused by it.
import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createRelay, type RelayOptions } from '../../src/relay/index';
import { parseCliArgs } from '../../src/relay/parse-args';
import { cleanupsAfterEach } from '../support/cleanups';
import { cloudEvent, rawClient } from './support/raw-client';
import { runCliWithin, startRelayProcess } from './support/relay-process';
import { tryUpgrade } from './support/upgrade';

const cleanups = cleanupsAfterEach();
/** A relay of this test whose log lines are kept. */
const start = async (extra: Partial<RelayOptions> = {}) => {
  const logs: string[] = [];
  const relay = await createRelay({ port: 0, channels: ['shop'], log: (message) => logs.push(message), ...extra });
  cleanups.push(() => relay.close());
  return { relay, logs };
};

/** Sends an upgrade request written by hand (headers a WebSocket client would not send); resolves with the status line. */
const handWrittenUpgrade = (port: number, headers: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        [
          'GET / HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          ...headers,
          '',
          '',
        ].join('\r\n'),
      ),
    );
    let response = '';
    socket.on('data', (chunk: Buffer) => {
      response += chunk;
      if (response.includes('\r\n')) {
        socket.destroy();
        resolve(response.slice(0, response.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });

/** How the relay answers a page it refuses: before the upgrade, with a reason that names no origin. */
const REFUSED = { opened: false, status: 403, body: expect.stringMatching(/origin may not connect/) };
const refusalLines = (logs: readonly string[]) => logs.filter((line) => /refused (a )?browser connection/.test(line));

describe('relay: the Origin of a browser page, checked at the upgrade', () => {
  it('an origins list: a listed page connects and is served; another is refused with 403, logged once with the fix, and counted', async () => {
    const { relay, logs } = await start({ origins: ['https://shop.example', 'https://Admin.Shop.Example:443/'] });
    const page = await rawClient(relay.url, { source: 'page', origin: 'https://shop.example' });
    cleanups.push(() => page.close());
    page.send({ op: 'subscribe', channel: 'shop' });
    await page.next((frame) => frame.op === 'subscribed');
    // Entries are compared as browsers write origins: lower case, default port left out.
    expect(await tryUpgrade(relay.url, 'https://admin.shop.example')).toEqual({ opened: true });

    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual(REFUSED);
    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual(REFUSED);
    expect(await tryUpgrade(relay.url, 'http://shop.example')).toEqual(REFUSED);
    expect(refusalLines(logs)).toEqual([
      `[hubbub/relay] refused a browser connection (HTTP 403) from origin "https://evil.example": it is not in the relay's origins list. If that page is yours, add its origin to the relay's origins option: origins: ['https://evil.example'] (start npx hubbub-relay with --origin https://evil.example).`,
      expect.stringMatching(/from origin "http:\/\/shop\.example": .*--origin http:\/\/shop\.example\)\.$/),
    ]);
    expect(relay.metrics()).toMatchObject({ refusedOrigins: 3, connectionsTotal: 2 });
  });

  it('a client that sends no Origin (Node, ws, a server) connects, even when no browser page may', async () => {
    const { relay, logs } = await start({ origins: [] });
    const server = await rawClient(relay.url, { source: 'server' });
    cleanups.push(() => server.close());
    expect(server.frames.some((frame) => frame.op === 'welcome')).toBe(true);
    expect(await tryUpgrade(relay.url, 'http://localhost:5173')).toEqual(REFUSED);
    expect(refusalLines(logs)).toHaveLength(1);
    const byDefault = await start();
    expect(await tryUpgrade(byDefault.relay.url)).toEqual({ opened: true });
  });

  it('default on the loopback host: pages served from this machine connect, pages of other sites are refused', async () => {
    const { relay, logs } = await start();
    expect(relay.host).toBe('127.0.0.1');
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:3000',
      'http://[::1]:8080',
      'https://localhost',
      'http://app.localhost:5173',
    ])
      expect({ origin, answer: await tryUpgrade(relay.url, origin) }).toEqual({ origin, answer: { opened: true } });
    for (const origin of [
      'https://evil.example',
      'null',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example',
      'file://',
      'http://localhost:5173/app',
    ])
      expect({ origin, answer: await tryUpgrade(relay.url, origin) }).toEqual({ origin, answer: REFUSED });
    expect(logs.some((line) => line.includes('listening on'))).toBe(false);
    expect(refusalLines(logs)).toHaveLength(6);
    expect(refusalLines(logs)[0]).toBe(
      `[hubbub/relay] refused a browser connection (HTTP 403) from origin "https://evil.example": this relay listens on this machine only and, without an origins option, accepts only pages served from this machine (localhost, 127.0.0.1, [::1]). If that page is yours, add its origin to the relay's origins option: origins: ['https://evil.example'] (start npx hubbub-relay with --origin https://evil.example).`,
    );
    expect(refusalLines(logs)[1]).toMatch(/origin "null": .*Sandboxed frames and local files send "null", and any site can make one/);
    // Two Origin headers reach the relay joined into one ("a, b"): not an origin a page has.
    expect(await handWrittenUpgrade(relay.port, ['Origin: http://localhost:5173', 'Origin: https://evil.example'])).toBe(
      'HTTP/1.1 403 Forbidden',
    );
    expect(await handWrittenUpgrade(relay.port, ['Origin: http://localhost:5173'])).toBe('HTTP/1.1 101 Switching Protocols');
  });

  it('a relay on a non-loopback host without origins accepts every page, and warns once at start', async () => {
    const open = await start({ host: '0.0.0.0' });
    expect(open.logs).toEqual([
      "[hubbub/relay] listening on 0.0.0.0 without an origins option: a web page on any site a user visits can connect from their browser and subscribe and publish wherever authorize allows. List your app's pages: origins: ['https://app.example'] (--origin for npx hubbub-relay), or origins: ['*'] to accept every page on purpose.",
    ]);
    expect(await tryUpgrade(open.relay.url, 'https://evil.example')).toEqual({ opened: true });
    expect(await tryUpgrade(open.relay.url, 'https://other.example')).toEqual({ opened: true });
    expect(open.logs).toHaveLength(1);

    const listed = await start({ host: '0.0.0.0', origins: ['https://shop.example'] });
    expect(listed.logs).toEqual([]);
    expect(await tryUpgrade(listed.relay.url, 'https://shop.example')).toEqual({ opened: true });
    expect(await tryUpgrade(listed.relay.url, 'https://evil.example')).toEqual(REFUSED);

    const everyPage = await start({ host: '0.0.0.0', origins: ['*'] });
    expect(everyPage.logs).toEqual([]);
    expect(await tryUpgrade(everyPage.relay.url, 'https://evil.example')).toEqual({ opened: true });
  });

  it("origins: '*' on the loopback host accepts every page", async () => {
    const { relay, logs } = await start({ origins: ['*'] });
    expect(await tryUpgrade(relay.url, 'https://anywhere.example')).toEqual({ opened: true });
    expect(logs).toEqual([]);
  });

  it('an origins function is asked with the header as sent; one that throws refuses the page without harming the relay', async () => {
    const asked: string[] = [];
    const { relay, logs } = await start({
      origins: (origin) => {
        asked.push(origin);
        if (origin.includes('broken')) throw new Error('lookup failed');
        return /^https:\/\/pr-\d+\.preview\.example$/.test(origin);
      },
    });
    expect(await tryUpgrade(relay.url, 'https://pr-12.preview.example')).toEqual({ opened: true });
    expect(await tryUpgrade(relay.url, 'https://pr-x.preview.example')).toEqual(REFUSED);
    expect(await tryUpgrade(relay.url, 'https://broken.example')).toEqual(REFUSED);
    expect(await tryUpgrade(relay.url)).toEqual({ opened: true });
    expect(asked).toEqual(['https://pr-12.preview.example', 'https://pr-x.preview.example', 'https://broken.example']);
    expect(refusalLines(logs)).toEqual([
      expect.stringMatching(/"https:\/\/pr-x\.preview\.example": the relay's origins function refused it\./),
      expect.stringMatching(/"https:\/\/broken\.example": the relay's origins function threw: lookup failed\./),
    ]);
  });

  it('a hostile Origin is refused, its log line bounded; a flood of origins stops being logged one by one; the relay keeps serving', async () => {
    const { relay, logs } = await start({ origins: ['https://shop.example'] });
    const huge = `https://${'a'.repeat(12_000)}.example`;
    expect(await handWrittenUpgrade(relay.port, [`Origin: ${huge}`])).toBe('HTTP/1.1 403 Forbidden');
    expect(await handWrittenUpgrade(relay.port, ['Origin: https://shop.example\t"quoted"\\'])).toBe('HTTP/1.1 403 Forbidden');
    const [hugeLine, oddLine] = refusalLines(logs);
    expect(hugeLine?.length).toBeLessThan(1000);
    expect(hugeLine).toMatch(
      /aaaa"… \(12016 characters\): it is not in the relay's origins list\. It is not an origin as a browser writes it/,
    );
    expect(oddLine).toContain('"https://shop.example\\t\\"quoted\\"\\\\"');
    expect(oddLine).not.toMatch(/--origin/);

    for (let n = 0; n < 120; n++) expect(await tryUpgrade(relay.url, `https://site-${n}.example`)).toMatchObject({ status: 403 });
    expect(relay.metrics().refusedOrigins).toBe(122);
    expect(refusalLines(logs)).toHaveLength(101);
    expect(refusalLines(logs).at(-1)).toMatch(/from 100 different origins; further origins are refused without a log line/);
    const page = await rawClient(relay.url, { source: 'page', origin: 'https://shop.example' });
    cleanups.push(() => page.close());
    expect(page.frames.some((frame) => frame.op === 'welcome')).toBe(true);
  }, 20_000);

  it('a log callback that throws takes neither the relay nor the connection down (a refused page, an authorize that throws)', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => printed.mockRestore());
    const relay = await createRelay({
      port: 0,
      channels: ['shop'],
      log: () => {
        throw new Error('log broke');
      },
      authorize: (_token, _channel, action) => {
        if (action === 'publish') throw new Error('session store down');
        return true;
      },
    });
    cleanups.push(() => relay.close());
    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual(REFUSED);
    expect(await tryUpgrade(relay.url, 'http://localhost:5173')).toEqual({ opened: true });
    expect(relay.metrics().refusedOrigins).toBe(1);
    const client = await rawClient(relay.url, { source: 'client' });
    cleanups.push(() => client.close());
    client.send({ op: 'subscribe', channel: 'shop' });
    await client.next((frame) => frame.op === 'subscribed');
    client.send({ op: 'publish', channel: 'shop', event: cloudEvent('client', 'e1', 'cart/added', { sku: 'tea' }) });
    expect(await client.next((frame) => frame.op === 'error')).toMatchObject({ code: 'unauthorized' });
    client.send({ op: 'subscribe', channel: 'shop' });
    expect(await client.next((frame) => frame.op === 'subscribed' && client.frames.indexOf(frame) > 1)).toMatchObject({ channel: 'shop' });
    expect(printed).toHaveBeenCalledWith(
      '[hubbub/relay] the log option threw while logging:',
      expect.stringContaining('authorize() threw'),
      expect.any(Error),
    );
  });

  it('createRelay refuses an origins entry that names no origin, before listening', async () => {
    const refusedWith = (origins: unknown) =>
      createRelay({ port: 0, channels: ['shop'], log: () => {}, origins: origins as RelayOptions['origins'] }).then(
        (relay) => relay.close().then(() => 'started'),
        (error: Error) => `${error.name}: ${error.message}`,
      );
    expect(await refusedWith(['shop.example'])).toMatch(
      /^TypeError: \[hubbub\/relay\] createRelay: origins: "shop\.example" is not an origin; write scheme:\/\/host\[:port\]/,
    );
    expect(await refusedWith(['https://shop.example/app'])).toMatch(/origins: "https:\/\/shop\.example\/app" is not an origin/);
    expect(await refusedWith(['https://*.shop.example'])).toMatch(
      /wildcards inside an origin are not supported; list each origin, or pass a function/,
    );
    expect(await refusedWith(['null'])).toMatch(/"null" is the origin of sandboxed frames and local files/);
    expect(await refusedWith(['*', 'https://shop.example'])).toMatch(/'\*' accepts every page.*give '\*' alone/);
    expect(await refusedWith('https://shop.example')).toMatch(
      /origins must be a list of origins, e\.g\. \['https:\/\/shop\.example'\], or a predicate/,
    );
  });
});

describe('hubbub-relay --origin', () => {
  it('parses repeated and comma-separated flags, and HUBBUB_RELAY_ORIGINS when no flag is given', () => {
    expect(parseCliArgs(['--origin', 'https://a.example', '--origin', 'https://B.example:443, http://localhost:5173']).origins).toEqual([
      'https://a.example',
      'https://b.example',
      'http://localhost:5173',
    ]);
    expect(parseCliArgs([], { HUBBUB_RELAY_ORIGINS: 'https://a.example,https://b.example' }).origins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(parseCliArgs(['--origin', 'https://flag.example'], { HUBBUB_RELAY_ORIGINS: 'https://env.example' }).origins).toEqual([
      'https://flag.example',
    ]);
    expect(parseCliArgs(['--origin', '*']).origins).toEqual(['*']);
    expect(parseCliArgs([]).origins).toBeUndefined();
    expect(() => parseCliArgs([], { HUBBUB_RELAY_ORIGINS: 'shop.example' })).toThrow(
      /^HUBBUB_RELAY_ORIGINS: "shop\.example" is not an origin/,
    );
  });

  it.each([
    [['--origin', 'shop.example'], /--origin: "shop\.example" is not an origin; write scheme:\/\/host\[:port\]/],
    [['--origin', ' , '], /--origin must name at least one origin, e\.g\. --origin https:\/\/shop\.example/],
    [['--origin', 'https://a.example', '--origin', '*'], /--origin: '\*' accepts every page/],
  ])(
    'exits 2 on %j, naming the flag',
    async (args, message) => {
      const result = await runCliWithin(['--port', '0', ...args]);
      expect(result.code).toBe(2);
      expect(result.output).toMatch(message);
    },
    20_000,
  );

  it('a relay started with --origin refuses other pages with 403 and logs the fix; --help lists the flag', async () => {
    const relay = await startRelayProcess(['--channels', 'shop', '--origin', 'https://shop.example']);
    cleanups.push(() => relay.kill());
    expect(await tryUpgrade(relay.url, 'https://shop.example')).toEqual({ opened: true });
    expect(await tryUpgrade(relay.url, 'https://evil.example')).toEqual(REFUSED);
    expect(await tryUpgrade(relay.url)).toEqual({ opened: true });
    await expect
      .poll(() => relay.output())
      .toMatch(/refused a browser connection \(HTTP 403\) from origin "https:\/\/evil\.example".*--origin https:\/\/evil\.example/);
    expect(relay.output()).not.toMatch(/without an origins option/);
    const help = await runCliWithin(['--help']);
    expect(help.output).toMatch(/--origin +Origin \(scheme:\/\/host\[:port\]\) of web pages that may connect/);
  }, 30_000);

  it('a relay started on 0.0.0.0 without --origin warns once, before it says it listens', async () => {
    const relay = await startRelayProcess(['--channels', 'shop', '--host', '0.0.0.0']);
    cleanups.push(() => relay.kill());
    const warnings = relay.output().match(/without an origins option/g) ?? [];
    expect(warnings).toHaveLength(1);
    // The url to give pages names localhost (browsers refuse ws://0.0.0.0), and the line says where it is bound.
    expect(relay.output()).toMatch(
      /hubbub-relay listening on ws:\/\/localhost:\d+ \(engine: memory, node [^,]+, bound to 0\.0\.0\.0: every interface\)/,
    );
    expect(relay.output()).toMatch(/--origin for npx hubbub-relay/);
  }, 30_000);
});
