/**
 * Relay benchmark: one relay node (the real `hubbub-relay` CLI in its own process) on Redis
 * Streams and on the in-memory engine, measured side by side in one run, in interleaved rounds.
 * Spawns its own redis-server on a free loopback port; everything stays on 127.0.0.1.
 *
 * First the hostile-client figures (test/bench/relay-hardening.ts, relay-heap.ts): relay RSS while
 * 150 sockets that stopped reading replay 10,000 events of 30 kB; publish frames per event from
 * connectRemote against a relay limited to 100/s; heap after 200,000 channels come and go (and
 * Redis channel keys left without an expiry).
 *
 * With BENCH_BASELINE=<git revision>, that revision's src/ is extracted to a temporary folder and
 * measured too (its own relay process, same Redis, rounds alternating A B A B): throughput and
 * the channel-churn heap.
 *
 * - throughput: one publisher as fast as the relay takes it (bounded in flight, end to end) to 100
 *   subscribers; "delivered events/s" counts deliveries to subscribers.
 * - latency, publish to arrival at the subscriber the relay serves last: 5,000 events/s to one
 *   subscriber; 50 events/s to 100 subscribers (5,000 deliveries/s); 5,000 events/s to 100
 *   subscribers (500,000 deliveries/s: past saturation on 2 cores, shown as a stress figure).
 *
 * Run: npm run bench:relay   (env: BENCH_ROUNDS=3, BENCH_SECONDS=2, BENCH_SUBSCRIBERS=100,
 *      BENCH_BASELINE=<git revision>, BENCH_PART=hardening|throughput)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { type RedisServer, startRedis } from '../distribution/support/redis-server';
import { framesPerEvent, pausedReplayRss } from './relay-hardening';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100);
const RATE = 5000;
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const BASELINE = process.env.BENCH_BASELINE;
/** 'hardening' or 'throughput' runs only that part. */
const PART = process.env.BENCH_PART;
const cliOf = (src: string) => join(src, 'relay', 'cli.ts');
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const startRelay = (args: string[], src = SRC, rate = '1000000'): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliOf(src), '--port', '0', '--rate', rate, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (c: Buffer) => {
      out += c;
      const url = /listening on (ws:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
      else return;
      // Relay warnings (slow consumers, Redis trouble) belong in the bench output.
      for (const line of String(c).split('\n')) if (line.includes('[hubbub/relay]')) process.stderr.write(`relay: ${line}\n`);
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
  /** Subscribers currently subscribed (the first `active`). */
  active: number;
  delivered: number;
  /** Deliveries owed: each publish adds the number of active subscribers. */
  expected: number;
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
    active: 0,
    delivered: 0,
    expected: 0,
    acked: 0,
    sent: 0,
    closedSlow: 0,
    latencies: undefined,
  };
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = await open(url, `sub-${name}-${i}`);
    ws.on('message', (data: Buffer) => {
      node.delivered += countEvents(data);
      // The probe is the last active subscriber: the relay writes to it last.
      if (i === node.active - 1 && node.latencies) {
        const t = now();
        const frame = JSON.parse(String(data)) as { events?: { event: { data: { t: number } } }[] };
        for (const e of frame.events ?? []) node.latencies.push(t - e.event.data.t);
      }
    });
    ws.on('close', (code) => code === 4008 && node.closedSlow++);
    node.subscribers.push(ws);
  }
  node.publisher.on('message', (data: Buffer) => {
    if (data.includes('"op":"ack"')) node.acked++;
  });
  await setActive(node, SUBSCRIBERS);
  return node;
};

/** Subscribes the first `count` subscribers and unsubscribes the rest. */
const setActive = async (node: Node, count: number) => {
  node.subscribers.forEach((ws, i) => {
    if (i < count && i >= node.active) ws.send(JSON.stringify({ op: 'subscribe', channel: 'bench' }));
    if (i >= count && i < node.active) ws.send(JSON.stringify({ op: 'unsubscribe', channel: 'bench' }));
  });
  node.active = count;
  await sleep(300);
};

let seq = 0;
const publish = (node: Node) => {
  node.sent++;
  node.expected += node.active;
  node.publisher.send(
    `{"op":"publish","channel":"bench","event":{"specversion":"1.0","id":"${++seq}","source":"pub-${node.name}","type":"bench/tick","time":"${new Date().toISOString()}","datacontenttype":"application/json","dataversion":1,"data":{"t":${now()},"sku":"tea","qty":1}}}`,
  );
};

const drain = async (node: Node) => {
  const end = Date.now() + 15_000;
  while ((node.acked < node.sent || node.delivered < node.expected) && Date.now() < end) await sleep(20);
  node.delivered = node.expected = 0;
};

const throughput = async (node: Node, seconds = SECONDS) => {
  await setActive(node, SUBSCRIBERS);
  await drain(node);
  const s0 = node.acked;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    // Bounded in flight, end to end: at most 2,000 unacked and 200,000 undelivered deliveries.
    while (node.sent - node.acked < 2000 && node.expected - node.delivered < 200_000) publish(node);
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = (performance.now() - start) / 1000;
  const result = { delivered: node.delivered / elapsed, published: (node.acked - s0) / elapsed };
  await drain(node);
  return result;
};

/** Publishes `rate` events/s for SECONDS to `subscribers` subscribers; latency at the last one. */
const latency = async (node: Node, rate: number, subscribers: number) => {
  await setActive(node, subscribers);
  await drain(node);
  node.latencies = [];
  const start = performance.now();
  const total = rate * SECONDS;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    for (; sent < due; sent++) publish(node);
    await sleep(1);
  }
  await drain(node);
  const sorted = node.latencies.sort((a, b) => a - b);
  node.latencies = undefined;
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), samples: sorted.length };
};

/** The latency scenarios: published rate and subscribers. */
const SCENARIOS = [
  { label: '5k/s to 1 sub', rate: RATE, subscribers: 1 },
  { label: '50/s to 100 subs (5k deliveries/s)', rate: RATE / SUBSCRIBERS, subscribers: SUBSCRIBERS },
  { label: `5k/s to ${SUBSCRIBERS} subs (overload)`, rate: RATE, subscribers: SUBSCRIBERS },
] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Extracts `revision`'s src/ into a temporary folder that resolves packages from this checkout. */
const extractBaseline = (revision: string): string => {
  const root = mkdtempSync(join(tmpdir(), 'hubbub-baseline-'));
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync('sh', ['-c', `git -C "${repo}" archive "${revision}" src | tar -x -C "${root}"`]);
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  return join(root, 'src');
};

/** Runs relay-heap.ts for one build in its own process (it needs --expose-gc). */
const channelChurn = (src: string, redisUrl: string) => {
  const script = fileURLToPath(new URL('./relay-heap.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, src, redisUrl, '200000', '20000'], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as {
    memory: { baseline: number; during: number; after: number; seconds: number };
    redis: { keys: number; withoutExpiry: number };
  };
};

const mb = (n: number) => `${Math.round(n)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const hardening = async (redis: RedisServer, baselineSrc: string | undefined, children: ChildProcess[]) => {
  console.log('\nRelay under hostile clients (loopback, one relay process each):');
  const replayRelay = await startRelay(['--redis', redis.url, '--channels', 'replay', '--max-event-bytes', '32768']);
  children.push(replayRelay.child);
  const rss = await pausedReplayRss(replayRelay, { events: 10_000, eventBytes: 30_000, sockets: 150, holdMs: 8000 });
  replayRelay.child.kill('SIGKILL');
  const limited = await startRelay(['--redis', redis.url, '--channels', 'bench'], SRC, '100');
  children.push(limited.child);
  const storm = await framesPerEvent(limited.url, 1000, 60_000);
  limited.child.kill('SIGKILL');
  const churns = [{ build: 'this build', ...channelChurn(SRC, redis.url) }];
  if (baselineSrc) churns.push({ build: `baseline ${BASELINE}`, ...channelChurn(baselineSrc, redis.url) });
  console.table([
    {
      figure: 'relay RSS, 150 paused sockets replaying 10,000 x 30 kB (Redis)',
      value: `${mb(rss.peakRss)} peak (${mb(rss.rssBefore)} before)`,
      goal: '< 500 MB',
      met: rss.peakRss < 500 ? 'yes' : 'NO',
    },
    {
      figure: '  healthy live subscriber meanwhile',
      value: `${rss.healthyGot} of ${rss.live} live events; ${rss.slowClosed} paused sockets closed (4008)`,
      goal: 'all',
      met: rss.healthyGot >= rss.live ? 'yes' : 'NO',
    },
    {
      figure: 'connectRemote publish frames per event, relay at 100/s (burst 200)',
      value: `${storm.perEvent.toFixed(2)} (${storm.publishFrames} frames for 1,000 events in ${storm.seconds.toFixed(1)} s; ${storm.unacked} unacked)`,
      goal: '<= 2',
      met: storm.perEvent <= 2 && storm.unacked === 0 ? 'yes' : 'NO',
    },
    ...churns.flatMap((c) => [
      {
        figure: `heap after 200,000 channels came and went (memory engine, ${c.build})`,
        value: `${mb(c.memory.after)} vs ${mb(c.memory.baseline)} baseline (${mb(c.memory.during)} right after; churn took ${c.memory.seconds.toFixed(1)} s)`,
        goal: 'within 10%',
        met: c.memory.after <= c.memory.baseline * 1.1 ? 'yes' : 'NO',
      },
      {
        figure: `Redis keys left without an expiry after 20,000 channels (${c.build})`,
        value: `${fmt(c.redis.withoutExpiry)} of ${fmt(c.redis.keys)}`,
        goal: '0',
        met: c.redis.withoutExpiry === 0 ? 'yes' : 'NO',
      },
    ]),
  ]);
};

const main = async () => {
  let redis: RedisServer | undefined;
  let baselineRedis: RedisServer | undefined;
  const children: ChildProcess[] = [];
  const baselineSrc = BASELINE ? extractBaseline(BASELINE) : undefined;
  try {
    redis = await startRedis();
    if (PART !== 'throughput') await hardening(redis, baselineSrc, children);
    if (PART === 'hardening') return;
    const starts: [string, Promise<{ url: string; child: ChildProcess }>][] = [
      ['redis', startRelay(['--redis', redis.url, '--channels', 'bench'])],
      ['memory', startRelay(['--channels', 'bench'])],
    ];
    if (baselineSrc) {
      // Its own redis-server: relays sharing one would both fan out every stream entry.
      baselineRedis = await startRedis();
      starts.push(['redis-baseline', startRelay(['--redis', baselineRedis.url, '--channels', 'bench'], baselineSrc)]);
    }
    const nodes: Node[] = [];
    for (const [name, starting] of starts) {
      const relay = await starting;
      children.push(relay.child);
      nodes.push(await connectNode(name, relay.url));
    }
    const results = new Map(
      nodes.map((n) => [
        n.name,
        {
          delivered: [] as number[],
          published: [] as number[],
          p50: SCENARIOS.map(() => [] as number[]),
          p99: SCENARIOS.map(() => [] as number[]),
        },
      ]),
    );
    // Warm-up (JIT, connection pools, first stream entries), not measured.
    for (const node of nodes) await throughput(node, 1);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? nodes : [...nodes].reverse();
      for (const node of order) {
        const r = results.get(node.name)!;
        const t = await throughput(node);
        r.delivered.push(t.delivered);
        r.published.push(t.published);
        for (const [i, scenario] of SCENARIOS.entries()) {
          const l = await latency(node, scenario.rate, scenario.subscribers);
          r.p50[i]?.push(l.p50);
          r.p99[i]?.push(l.p99);
        }
        process.stderr.write(`round ${round + 1} ${node.name}: ${Math.round(t.delivered)} delivered/s\n`);
      }
    }
    const name = (n: string) =>
      n === 'redis' ? 'Redis Streams' : n === 'redis-baseline' ? `Redis Streams, baseline ${BASELINE}` : 'in-memory';
    console.log(`\nRelay: one node, loopback, ${ROUNDS} interleaved rounds of ${SECONDS} s per figure (medians)`);
    console.table(
      nodes.map((n) => {
        const r = results.get(n.name)!;
        return {
          engine: name(n.name),
          [`delivered events/s (${SUBSCRIBERS} subs)`]: fmt(median(r.delivered)),
          'published events/s': fmt(median(r.published)),
          'slow-consumer drops': n.closedSlow,
        };
      }),
    );
    console.log('Latency, publish to arrival at the last-served subscriber (ms, p50 / p99):');
    console.table(
      nodes.map((n) => {
        const r = results.get(n.name)!;
        const row: Record<string, string> = { engine: name(n.name) };
        SCENARIOS.forEach((sc, i) => {
          row[sc.label] = `${median(r.p50[i] ?? []).toFixed(2)} / ${median(r.p99[i] ?? []).toFixed(2)}`;
        });
        return row;
      }),
    );
    console.log(
      `Machine load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores: figures are only as quiet as the machine.`,
    );
    const redisRow = results.get('redis')!;
    const memoryRow = results.get('memory')!;
    console.log(`Redis / in-memory delivered throughput: ${(median(redisRow.delivered) / median(memoryRow.delivered)).toFixed(2)}x`);
    const p99at5k = median(redisRow.p99[0] ?? []);
    const baselineRow = results.get('redis-baseline');
    if (baselineRow)
      console.log(
        `This build / baseline ${BASELINE} delivered throughput on Redis (same run, alternating rounds): ${(median(redisRow.delivered) / median(baselineRow.delivered)).toFixed(2)}x`,
      );
    console.log(
      `Goals on Redis: >= 50,000 delivered/s: ${median(redisRow.delivered) >= 50_000 ? 'met' : 'NOT met'}; p99 < 20 ms at 5,000 events/s (1 subscriber): ${p99at5k < 20 ? 'met' : 'NOT met'}`,
    );
    for (const n of nodes) for (const ws of [n.publisher, ...n.subscribers]) ws.terminate();
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.stop();
    await baselineRedis?.stop();
    // Removes the extracted baseline (the node_modules link, not what it points to).
    if (baselineSrc) rmSync(dirname(baselineSrc), { recursive: true, force: true });
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
