/**
 * Child of `npm run bench:relay` (run with --expose-gc): heap of a relay on the in-memory engine
 * after CHANNELS distinct channels were subscribed and left, and, on Redis, how many channel
 * keys were left without an expiry. Prints one JSON line.
 *
 * Args: <src dir of the build to measure> <redis url> <channels> <redis channels>
 */
import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import { WebSocket } from 'ws';

const [srcDir = 'src', redisUrl = '', channelsArg = '200000', redisChannelsArg = '20000'] = process.argv.slice(2);
const CHANNELS = Number(channelsArg);
const REDIS_CHANNELS = Number(redisChannelsArg);
const BATCH = 500;
/** Idle time after which the new build frees a channel (older builds ignore the option). */
const CHANNEL_TTL_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

type RelayModule = typeof import('../../src/relay/index');
const relayModule = (await import(pathToFileURL(`${srcDir}/relay/index.ts`).href)) as RelayModule;

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** A client that counts `subscribed` answers; frames are handled in order, so they pace the churn. */
const connect = (url: string): Promise<{ ws: WebSocket; answered: () => number }> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let answered = 0;
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => {
      if (data.includes('"op":"subscribed"')) answered++;
    });
    ws.once('open', () => {
      ws.send(JSON.stringify({ op: 'hello', version: 1, source: 'churn', secret: 'churn-secret' }));
      ws.once('message', () => resolve({ ws, answered: () => answered }));
    });
  });

/** Subscribes to and leaves `count` distinct channels, BATCH at a time; bounded in time. */
const churn = async (url: string, count: number, prefix: string) => {
  const { ws, answered } = await connect(url);
  const deadline = Date.now() + 300_000;
  for (let start = 0; start < count && Date.now() < deadline; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    for (let i = start; i < end; i++) ws.send(`{"op":"subscribe","channel":"${prefix}${i}"}`);
    while (answered() < end && Date.now() < deadline) await sleep(1);
    for (let i = start; i < end; i++) ws.send(`{"op":"unsubscribe","channel":"${prefix}${i}"}`);
  }
  // One more subscribe: its answer means every unsubscribe before it was handled.
  ws.send('{"op":"subscribe","channel":"done"}');
  while (answered() < count + 1 && Date.now() < deadline) await sleep(1);
  ws.terminate();
};

const memory = async () => {
  const engine = relayModule.createMemoryEngine({ channelTtlMs: CHANNEL_TTL_MS } as never);
  const relay = await relayModule.createRelay({ port: 0, channels: () => true, engine, log: () => {}, rateLimit: false });
  const warm = await connect(relay.url);
  warm.ws.terminate();
  await sleep(200);
  const baseline = heapMb();
  const started = performance.now();
  await churn(relay.url, CHANNELS, 'c');
  const seconds = (performance.now() - started) / 1000;
  const during = heapMb();
  // Past the idle time plus one sweep.
  await sleep(CHANNEL_TTL_MS * 2 + 500);
  const after = heapMb();
  await relay.close();
  return { baseline, during, after, seconds };
};

const redis = async () => {
  if (!redisUrl) return undefined;
  const prefix = `heap${Date.now()}:`;
  const engine = await relayModule.createRedisEngine({ url: redisUrl, prefix, onError: () => {} });
  const relay = await relayModule.createRelay({ port: 0, channels: () => true, engine, log: () => {}, rateLimit: false });
  await churn(relay.url, REDIS_CHANNELS, 'r');
  const admin = createClient({ url: redisUrl });
  await admin.connect();
  let cursor = '0';
  let keys = 0;
  let forever = 0;
  do {
    const [next, batch] = await admin.sendCommand<[string, string[]]>(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000']);
    cursor = next;
    for (const key of batch) {
      keys++;
      if ((await admin.sendCommand<number>(['PTTL', key])) === -1) forever++;
    }
  } while (cursor !== '0');
  await admin.close();
  await relay.close();
  await engine.close();
  return { keys, withoutExpiry: forever };
};

const result = { memory: await memory(), redis: await redis() };
console.log(JSON.stringify(result));
process.exit(0);
