/**
 * Relay benchmark: one relay node (the real `hubbub-relay` CLI in its own process) with 100
 * subscribers, on Redis Streams and on the in-memory engine, measured side by side in the same
 * run, in interleaved rounds. Spawns its own redis-server on a free loopback port.
 *
 * - throughput: one publisher as fast as the relay takes it (bounded in-flight window), for a fixed
 *   time; "delivered/s" counts event deliveries to the 100 subscribers.
 * - latency: a fixed 5,000 events/s; latency from publish to arrival at the subscriber that joined
 *   last (the relay serves it last), in ms.
 *
 * Run: npm run bench:relay   (env: BENCH_ROUNDS=2, BENCH_SECONDS=3, BENCH_SUBSCRIBERS=100)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { type RedisServer, startRedis } from '../distribution/support/redis-server';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100);
const RATE = 5000;
const cli = fileURLToPath(new URL('../../src/relay/cli.ts', import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const startRelay = (args: string[]): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--channels', 'bench', '--rate', '1000000', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (c: Buffer) => {
      out += c;
      const url = /listening on (ws:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${out}`)));
  });

const OFFSET = Buffer.from('"offset"');
const countEvents = (data: Buffer): number => {
  let n = 0;
  for (let i = data.indexOf(OFFSET); i >= 0; i = data.indexOf(OFFSET, i + 8)) n++;
  return n;
};

const open = (url: string, source: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(JSON.stringify({ op: 'hello', version: 1, source }));
      ws.once('message', () => resolve(ws));
    });
  });

interface Node {
  readonly name: string;
  readonly publisher: WebSocket;
  readonly subscribers: WebSocket[];
  delivered: number;
  acked: number;
  sent: number;
  closedSlow: number;
  latencies: number[] | undefined;
}

const connectNode = async (name: string, url: string): Promise<Node> => {
  const node: Node = {
    name,
    publisher: await open(url, `pub-${name}`),
    subscribers: [],
    delivered: 0,
    acked: 0,
    sent: 0,
    closedSlow: 0,
    latencies: undefined,
  };
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = await open(url, `sub-${name}-${i}`);
    const probe = i === SUBSCRIBERS - 1;
    ws.on('message', (data: Buffer) => {
      node.delivered += countEvents(data);
      if (probe && node.latencies) {
        const t = now();
        const frame = JSON.parse(String(data)) as { events?: { event: { data: { t: number } } }[] };
        for (const e of frame.events ?? []) node.latencies.push(t - e.event.data.t);
      }
    });
    ws.on('close', (code) => code === 4008 && node.closedSlow++);
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'bench' }));
    node.subscribers.push(ws);
  }
  node.publisher.on('message', (data: Buffer) => {
    if (data.includes('"op":"ack"')) node.acked++;
  });
  await sleep(300);
  return node;
};

let seq = 0;
const publish = (node: Node) => {
  node.sent++;
  node.publisher.send(
    `{"op":"publish","channel":"bench","event":{"specversion":"1.0","id":"${++seq}","source":"pub-${node.name}","type":"bench/tick","time":"${new Date().toISOString()}","datacontenttype":"application/json","dataversion":1,"data":{"t":${now()},"sku":"tea","qty":1}}}`,
  );
};

const drain = async (node: Node) => {
  const end = Date.now() + 15_000;
  while ((node.acked < node.sent || node.delivered < node.sent * SUBSCRIBERS) && Date.now() < end) await sleep(20);
};

const throughput = async (node: Node) => {
  await drain(node);
  const d0 = node.delivered;
  const s0 = node.acked;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    // Bounded in flight, end to end: at most 2,000 unacked and 200,000 undelivered deliveries.
    while (node.sent - node.acked < 2000 && node.sent * SUBSCRIBERS - node.delivered < 200_000) publish(node);
    await new Promise((r) => setImmediate(r));
  }
  const seconds = (performance.now() - start) / 1000;
  const result = { delivered: (node.delivered - d0) / seconds, published: (node.acked - s0) / seconds };
  await drain(node);
  return result;
};

const latency = async (node: Node) => {
  await drain(node);
  node.latencies = [];
  const start = performance.now();
  const total = RATE * SECONDS;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * RATE) / 1000));
    for (; sent < due; sent++) publish(node);
    await sleep(1);
  }
  await drain(node);
  const sorted = node.latencies.sort((a, b) => a - b);
  node.latencies = undefined;
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN, samples: sorted.length };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const main = async () => {
  let redis: RedisServer | undefined;
  const children: ChildProcess[] = [];
  try {
    redis = await startRedis();
    const [memory, onRedis] = await Promise.all([startRelay([]), startRelay(['--redis', redis.url])]);
    children.push(memory.child, onRedis.child);
    const nodes = [await connectNode('redis', onRedis.url), await connectNode('memory', memory.url)];
    const results = new Map(
      nodes.map((n) => [
        n.name,
        { delivered: [] as number[], published: [] as number[], p50: [] as number[], p99: [] as number[], max: [] as number[] },
      ]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? nodes : [...nodes].reverse();
      for (const node of order) {
        const r = results.get(node.name)!;
        const t = await throughput(node);
        r.delivered.push(t.delivered);
        r.published.push(t.published);
        const l = await latency(node);
        r.p50.push(l.p50);
        r.p99.push(l.p99);
        r.max.push(l.max);
        process.stderr.write(
          `round ${round + 1} ${node.name}: ${Math.round(t.delivered)} delivered/s, p99 ${l.p99.toFixed(2)} ms (${l.samples} samples)\n`,
        );
      }
    }
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const rows = nodes.map((n) => {
      const r = results.get(n.name)!;
      return {
        engine: n.name === 'redis' ? 'Redis Streams' : 'in-memory',
        'delivered events/s': fmt(median(r.delivered)),
        'published events/s': fmt(median(r.published)),
        'p50 ms @5k/s': median(r.p50).toFixed(2),
        'p99 ms @5k/s': median(r.p99).toFixed(2),
        'max ms @5k/s': median(r.max).toFixed(2),
        'slow-consumer drops': n.closedSlow,
      };
    });
    console.log(
      `\nRelay: one node, ${SUBSCRIBERS} subscribers on one channel, loopback, ${ROUNDS} interleaved rounds of ${SECONDS} s (medians)`,
    );
    console.log(
      `Machine load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores: figures are only as quiet as the machine.`,
    );
    console.table(rows);
    const redisRow = results.get('redis')!;
    const memoryRow = results.get('memory')!;
    console.log(`Redis / in-memory delivered throughput: ${(median(redisRow.delivered) / median(memoryRow.delivered)).toFixed(2)}x`);
    console.log(
      `Goals: >= 50,000 delivered/s on Redis: ${median(redisRow.delivered) >= 50_000 ? 'met' : 'NOT met'}; p99 < 20 ms at 5,000/s on Redis: ${median(redisRow.p99) < 20 ? 'met' : 'NOT met'}`,
    );
    for (const n of nodes) for (const ws of [n.publisher, ...n.subscribers]) ws.terminate();
  } finally {
    for (const child of children) if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    await redis?.stop();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
