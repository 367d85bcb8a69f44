import { connect } from 'node:net';
import { WebSocket } from 'ws';

/** How a server answered a WebSocket upgrade: opened, or refused with this status and body. */
export type UpgradeAnswer = { opened: true } | { opened: false; status: number; body: string };

/**
 * Opens a WebSocket as a page of `origin` would (none: as a Node client does), closes it, and
 * tells how the server answered.
 *
 * @example
 * expect(await tryUpgrade(relay.url, 'https://evil.example')).toMatchObject({ status: 403 })
 */
export const tryUpgrade = (url: string, origin?: string): Promise<UpgradeAnswer> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ opened: false, status: response.statusCode ?? 0, body });
      });
    });
    ws.on('error', reject);
  });

/**
 * Writes a WebSocket upgrade request for `path` by hand and resolves with everything the server
 * wrote once it closed the connection; rejects when it does neither within `limitMs` (a socket
 * nobody answers hangs).
 *
 * @example
 * expect(await upgradeByHand(port, '/nowhere')).toMatch(/^HTTP\/1\.1 404 Not Found/)
 */
export const upgradeByHand = (port: number, path: string, limitMs = 3000): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      ),
    );
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to an upgrade of ${path} within ${limitMs} ms; got ${JSON.stringify(response)}`));
    }, limitMs);
    socket.on('data', (chunk: Buffer) => (response += chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(response);
    });
    socket.on('error', () => {});
  });
