/**
 * The relay's hostile-client figures for `npm run bench:relay` (issue: no spoofing, bounded memory
 * under replay, no retry storms, state that is freed). Every target is a loopback relay this run
 * started; every loop is bounded in count and time.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { createBus, createRegistry } from '../../src/index';
import { connectRemote } from '../../src/remote/index';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
export const memoryOf = (pid: number): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

const openClient = (url: string, source: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(JSON.stringify({ op: 'hello', version: 1, source, secret: `${source}-secret` }));
      ws.once('message', () => resolve(ws));
    });
  });

const event = (source: string, id: string, data: string) =>
  `{"op":"publish","channel":"replay","event":{"specversion":"1.0","id":"${id}","source":"${source}","type":"bench/big","time":"${new Date().toISOString()}","datacontenttype":"application/json","dataversion":1,"data":{"text":"${data}"}}}`;

/**
 * RSS of a relay while `sockets` clients that stopped reading each replay a channel of `events`
 * events of `eventBytes` from offset 0, and whether a healthy live subscriber still gets every
 * live event meanwhile.
 */
export const pausedReplayRss = async (
  relay: { url: string; child: ChildProcess },
  options: { events: number; eventBytes: number; sockets: number; holdMs: number },
) => {
  const pid = relay.child.pid as number;
  const publisher = await openClient(relay.url, 'filler');
  let acked = 0;
  publisher.on('message', (data: Buffer) => {
    if (data.includes('"op":"ack"')) acked++;
  });
  publisher.send('{"op":"subscribe","channel":"replay","rewind":0}');
  const epoch = await new Promise<string>((resolve) =>
    publisher.on('message', (data: Buffer) => {
      const text = String(data);
      if (text.includes('"op":"subscribed"')) resolve((JSON.parse(text) as { epoch: string }).epoch);
    }),
  );
  publisher.send('{"op":"unsubscribe","channel":"replay"}');
  const text = 'x'.repeat(options.eventBytes);
  const deadline = Date.now() + 120_000;
  for (let sent = 0; sent < options.events && Date.now() < deadline; ) {
    while (sent - acked < 200 && sent < options.events) publisher.send(event('filler', `f${sent++}`, text));
    await sleep(1);
  }
  while (acked < options.events && Date.now() < deadline) await sleep(10);
  await sleep(500);
  const before = memoryOf(pid);

  const healthy = await openClient(relay.url, 'healthy');
  let healthyGot = 0;
  healthy.on('message', (data: Buffer) => {
    if (data.includes('"op":"events"')) healthyGot += String(data).split('"offset"').length - 1;
  });
  healthy.send('{"op":"subscribe","channel":"replay"}');
  await sleep(200);
  const sloths: WebSocket[] = [];
  let slowClosed = 0;
  for (let i = 0; i < options.sockets; i++) {
    const ws = await openClient(relay.url, `sloth-${i}`);
    ws.on('close', (code) => code === 4008 && slowClosed++);
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'replay', from: { epoch, offset: '0-0' } }));
    // Stops reading at once: the relay's replay must wait for it, not buffer for it.
    (ws as unknown as { _socket: Socket })._socket.pause();
    sloths.push(ws);
  }
  let peakRss = 0;
  const live = 200;
  for (let i = 0; i < live; i++) {
    publisher.send(event('filler', `live${i}`, 'small'));
    if (i % 20 === 19) {
      peakRss = Math.max(peakRss, memoryOf(pid).rss);
      await sleep(options.holdMs / 10);
    }
  }
  const end = Date.now() + options.holdMs;
  while (Date.now() < end) {
    peakRss = Math.max(peakRss, memoryOf(pid).rss);
    await sleep(100);
  }
  const during = memoryOf(pid);
  for (const ws of [publisher, healthy, ...sloths]) ws.terminate();
  return { rssBefore: before.rss, peakRss: Math.max(peakRss, during.rss), healthyGot, live, slowClosed };
};

type Events = { 'bench/tick': { n: number } };

/**
 * Publishes `count` events through connectRemote to a relay limited to `perSecond` publishes/s
 * and counts the publish frames the client wrote until all were acknowledged.
 */
export const framesPerEvent = async (url: string, count: number, timeoutMs: number) => {
  let publishFrames = 0;
  class CountingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (typeof data === 'string' && data.startsWith('{"op":"publish"')) publishFrames++;
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const registry = createRegistry<Events>().define('bench/tick');
  const bus = createBus<Events>({ onError: () => {} });
  const remote = connectRemote(bus, {
    url,
    channels: ['bench'],
    types: ['bench/tick'],
    registry,
    WebSocket: CountingWebSocket as never,
    outboxLimit: count,
    onError: () => {},
  });
  const deadline = Date.now() + 10_000;
  while (remote.status.state !== 'open' && Date.now() < deadline) await sleep(10);
  const started = performance.now();
  for (let n = 0; n < count; n++) bus.emit('bench/tick', { n });
  const end = Date.now() + timeoutMs;
  while (remote.outboxSize > 0 && Date.now() < end) await sleep(20);
  const seconds = (performance.now() - started) / 1000;
  const unacked = remote.outboxSize;
  remote.close();
  return { publishFrames, perEvent: publishFrames / count, seconds, unacked };
};
