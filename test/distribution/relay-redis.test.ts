import { describe, expect, it } from 'vitest';
import { createRedisEngine, createRelay } from '../../src/relay/index';
import type { RemoteOptions, ResyncInfo } from '../../src/remote/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { until } from './support/raw-client';
import { redisForThisFile } from './support/redis-server';
import { runCli, startRelayProcess } from './support/relay-process';
import { isOpen, type TickEvents, tickClient } from './support/tick-clients';

type Events = TickEvents;

const redis = redisForThisFile();

const cleanups = cleanupsAfterEach();

let prefixes = 0;
const redisRelay = async (prefix: string) => {
  const engine = await createRedisEngine({ url: redis().url, prefix, onError: () => {} });
  const relay = await createRelay({ port: 0, channels: ['room'], engine, log: () => {}, rateLimit: false });
  cleanups.push(async () => {
    await relay.close();
    await engine.close();
  });
  return relay;
};
const client = (url: string | string[], extra: Partial<RemoteOptions<Events>> = {}) => tickClient(cleanups, url, extra);
const from = (list: Events['tick/sent'][], who: string) => list.filter((e) => e.from === who).map((e) => e.n);

describe('relay on Redis Streams', () => {
  it('two relays on one Redis: a client on each sees the other’s events, in order', async () => {
    const prefix = `t${++prefixes}:`;
    const [r1, r2] = await Promise.all([redisRelay(prefix), redisRelay(prefix)]);
    const a = client(r1.url);
    const b = client(r2.url);
    await isOpen(a, b);
    await until(() => r1.metrics().connections === 1 && r2.metrics().connections === 1, 'connected');
    await new Promise((r) => setTimeout(r, 100));
    for (let n = 0; n < 200; n++) {
      a.bus.emit('tick/sent', { from: 'a', n });
      b.bus.emit('tick/sent', { from: 'b', n });
    }
    await until(() => from(a.received, 'b').length === 200 && from(b.received, 'a').length === 200, 'both sides receive 200');
    expect(from(b.received, 'a')).toEqual([...Array(200).keys()]);
    expect(from(a.received, 'b')).toEqual([...Array(200).keys()]);
    expect(r1.metrics().published + r2.metrics().published).toBe(400);
  }, 30_000);

  it('a relay killed mid-stream: clients move to the other and lose nothing, duplicate nothing', async () => {
    const prefix = `t${++prefixes}:`;
    const args = ['--redis', redis().url, '--channels', 'room', '--rate', '100000'];
    // The CLI has no --prefix: isolate this test's streams by flushing them first.
    const { createClient } = await import('redis');
    const admin = createClient({ url: redis().url });
    await admin.connect();
    await admin.del(['hubbub:stream:room', 'hubbub:epoch:room']);
    await admin.close();
    const [p1, p2] = await Promise.all([startRelayProcess(args), startRelayProcess(args)]);
    cleanups.push(
      () => p1.kill(),
      () => p2.kill(),
    );
    const resyncs: ResyncInfo[] = [];
    const subscriber = client([p1.url, p2.url], { onResync: (r) => resyncs.push(r) });
    const publisher = client([p1.url, p2.url]);
    await isOpen(subscriber, publisher);
    await new Promise((r) => setTimeout(r, 100));
    const total = 600;
    for (let n = 0; n < total; n++) {
      publisher.bus.emit('tick/sent', { from: 'p', n });
      if (n === 300) await p1.kill();
      if (n % 20 === 19) await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => subscriber.received.length >= total && publisher.connection.outboxSize === 0, `all ${total} events`, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const ns = from(subscriber.received, 'p');
    expect(ns).toHaveLength(total);
    expect(ns).toEqual([...Array(total).keys()]);
    expect(resyncs).toEqual([]);
    expect(subscriber.connection.status.url).toBe(p2.url);
    void prefix;
  }, 60_000);

  it('Redis restarted empty: live clients are told recovered: false, then receive the new epoch', async () => {
    const prefix = `t${++prefixes}:`;
    const relay = await redisRelay(prefix);
    const resyncs: ResyncInfo[] = [];
    const b = client(relay.url, { onResync: (r) => resyncs.push(r) });
    const a = client(relay.url);
    await isOpen(a, b);
    await new Promise((r) => setTimeout(r, 100));
    a.bus.emit('tick/sent', { from: 'a', n: 0 });
    await until(() => b.received.length === 1, 'first event');
    const epoch = b.connection.positions().room?.epoch;
    await redis().restart();
    await until(() => resyncs.length === 1, 'told to reload', 15_000);
    expect(resyncs[0]?.position.epoch).not.toBe(epoch);
    a.bus.emit('tick/sent', { from: 'a', n: 1 });
    await until(() => b.received.length === 2, 'event of the new epoch', 15_000);
    expect(b.received.map((e) => e.n)).toEqual([0, 1]);
  }, 40_000);

  it('the CLI explains bad flags and an unreachable Redis', async () => {
    const badPort = await runCli(['--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.output).toMatch(/--port must be a whole number from 0 to 65535, got "eighty"/);
    const unknown = await runCli(['--colour', 'blue']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown option '--colour'.*--help/s);
    const noRedis = await runCli(['--port', '0', '--redis', 'redis://127.0.0.1:1']);
    expect(noRedis.code).toBe(1);
    expect(noRedis.output).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*apt-get install redis-server/);
  }, 30_000);
});
