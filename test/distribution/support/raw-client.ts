import { WebSocket } from 'ws';
import type { ServerFrame } from '../../../src/remote/wire';

/** A bare protocol client: sends whatever a test wants, records every frame the relay sends. */
export interface RawClient {
  readonly ws: WebSocket;
  readonly frames: ServerFrame[];
  send(frame: unknown): void;
  /** Resolves with the first recorded frame (past or future) matching `test`. */
  next<T extends ServerFrame>(test: (f: ServerFrame) => f is T, timeoutMs?: number): Promise<T>;
  next(test: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/**
 * Connects and (unless `hello: false`) says hello with `source` and `token`; `origin` sends an
 * Origin header, as a browser page of that origin would.
 *
 * @example
 * const c = await rawClient(relay.url, { source: 'a' }); c.send({ op: 'subscribe', channel: 'shop' })
 */
export const rawClient = async (
  url: string,
  options: { source?: string; token?: string; hello?: boolean; origin?: string } = {},
): Promise<RawClient> => {
  const ws = new WebSocket(url, options.origin === undefined ? {} : { origin: options.origin });
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as ServerFrame);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client: RawClient = {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: (test: (f: ServerFrame) => boolean, timeoutMs = 5000) =>
      new Promise<ServerFrame>((resolve, reject) => {
        let from = 0;
        const check = () => {
          for (; from < frames.length; from++) {
            const f = frames[from] as ServerFrame;
            if (test(f)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(f);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; got: ${JSON.stringify(frames).slice(-800)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => ws.close(),
  } as RawClient;
  if (options.hello !== false) {
    client.send({
      op: 'hello',
      version: 1,
      source: options.source ?? 'raw',
      ...(options.token === undefined ? {} : { token: options.token }),
    });
    await client.next((f) => f.op === 'welcome');
  }
  return client;
};

/** A valid CloudEvent for raw publishing. */
export const cloudEvent = (source: string, id: string, type: string, data: unknown, dataversion = 1) => ({
  specversion: '1.0',
  id,
  source,
  type,
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  dataversion,
  data,
});

/** Polls `condition` until it holds (for state reached through sockets). */
export const until = async (condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
