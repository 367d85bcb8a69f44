/**
 * DevTools benchmark: the cost of `emit` (one handler) for a bus
 *   - never given to connectDevtools ("not imported": the module does nothing until called),
 *   - connectDevtools(bus, { enabled: false }) ("not connected": what production builds get),
 *   - connected, no panel listening (entries serialized into the ring buffer),
 *   - connected with a panel listening (serialized, batched, posted, received),
 *   - the same with `trace: true` (each emit's call site recorded, parsed when its batch is sent),
 * plus an inspector that does nothing (the core's observed path: the floor for any devtools).
 * Small payloads and ~10 kB payloads. Runs on happy-dom's window (postMessage there
 * JSON-stringifies each message, a stand-in for the browser's structured clone; a batch that is
 * already one JSON text is thus encoded twice there, which no browser does: the Chromium table
 * below is the real figure). Every candidate
 * runs in this one process, in interleaved rounds whose order rotates; a sample's time includes
 * the microtasks it queued (dispatch continuations, batch flushes and their postMessage), not the
 * panel's receiving; the table shows the median.
 *
 * Run: npx tsx test/bench/devtools.bench.ts   (or `npm run bench` for every bench file)
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { median } from './harness';

/** Node's own: runs after every pending microtask (happy-dom replaces the timer globals). */
const nodeSetImmediate = globalThis.setImmediate;
GlobalRegistrator.register({ url: 'http://localhost:5173/' });

const { createBus, inspect } = await import('../../src/index');
const { connectDevtools } = await import('../../src/devtools/index');
const { PANEL_SOURCE, PROTOCOL_VERSION, PAGE_SOURCE } = await import('../../src/devtools/protocol-exports');

type Op = (n: number) => Promise<void>;
interface Candidate {
  readonly name: string;
  readonly run: Op;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 60);

let sink = 0;
type Payload = { sku: string; qty: number; [key: string]: unknown };
type Events = { 'cart/added': Payload };
const handler = (p: Payload) => {
  sink += p.qty;
};

const small: Payload = { sku: 'tea', qty: 1 };
const large: Payload = { sku: 'tea', qty: 1 };
for (let i = 0; i < 100; i++) large[`field${i}`] = `value ${i} `.padEnd(96, '.');

/** Waits until every microtask has run: the page's dispatch continuations and batch flushes (postMessage included). */
const afterMicrotasks = () => new Promise((resolve) => nodeSetImmediate(resolve));
/** Lets happy-dom deliver the posted messages to the panel (its cost, not the page's: not timed). */
const deliver = () => new Promise((resolve) => setTimeout(resolve, 0));

const emitLoop =
  (bus: { emit(key: 'cart/added', p: Payload): void }, payload: Payload): Op =>
  async (n) => {
    for (let i = 0; i < n; i++) bus.emit('cart/added', payload);
    await afterMicrotasks();
  };

let received = 0;
window.addEventListener('message', (event) => {
  const data = event.data as { source?: string; kind?: string; count?: number };
  if (data?.source === PAGE_SOURCE && data.kind === 'batch') received += data.count ?? 0;
});

const candidates = (payload: Payload): Candidate[] => {
  const plain = createBus<Events>({ name: 'plain' });
  plain.subscribe('cart/added', handler);
  const disabled = createBus<Events>({ name: 'disabled' });
  disabled.subscribe('cart/added', handler);
  connectDevtools(disabled, { enabled: false });
  const inspected = createBus<Events>({ name: 'inspected' });
  inspected.subscribe('cart/added', handler);
  inspect(inspected, () => {});
  const buffering = createBus<Events>({ name: 'buffering' });
  buffering.subscribe('cart/added', handler);
  connectDevtools(buffering, { enabled: true });
  const streaming = createBus<Events>({ name: 'streaming' });
  streaming.subscribe('cart/added', handler);
  connectDevtools(streaming, { enabled: true });
  const traced = createBus<Events>({ name: 'traced' });
  traced.subscribe('cart/added', handler);
  connectDevtools(traced, { enabled: true, trace: true });
  // happy-dom: the event's source is not `window`, so deliver the panel's connect as the browser would.
  for (const bus of [streaming, traced])
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect', instanceId: bus.id },
        source: window as unknown as Window,
        origin: location.origin,
      }),
    );
  return [
    { name: 'not imported', run: emitLoop(plain, payload) },
    { name: 'not connected', run: emitLoop(disabled, payload) },
    { name: 'no-op inspector', run: emitLoop(inspected, payload) },
    { name: 'enabled, no panel', run: emitLoop(buffering, payload) },
    { name: 'panel listening', run: emitLoop(streaming, payload) },
    { name: 'panel listening, trace: true', run: emitLoop(traced, payload) },
  ];
};

const time = async (run: Op, n: number): Promise<number> => {
  const start = performance.now();
  await run(n);
  const ms = performance.now() - start;
  await deliver();
  return ms;
};

const calibrate = async (run: Op): Promise<number> => {
  let n = 16;
  for (;;) {
    const ms = await time(run, n);
    if (ms >= SAMPLE_MS / 4 || n >= 1 << 22) return Math.max(1, Math.round((n * SAMPLE_MS) / Math.max(ms, 0.001)));
    n *= 4;
  }
};

/** Median nanoseconds per emit of each candidate. */
const measure = async (list: Candidate[]): Promise<Map<string, number>> => {
  const sizes = new Map<string, number>();
  for (const c of list) sizes.set(c.name, await calibrate(c.run));
  const samples = new Map<string, number[]>(list.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < list.length; j++) {
      const c = list[(round + j) % list.length] as Candidate;
      const n = sizes.get(c.name) as number;
      samples.get(c.name)?.push(((await time(c.run, n)) * 1e6) / n);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
};

/** One table row per candidate, with its ratios to "not imported" and to the core's observed path. */
const tableRows = (label: string, results: Map<string, number>): Record<string, string>[] => {
  const base = results.get('not imported') as number;
  const observed = results.get('no-op inspector') as number;
  return [...results].map(([name, ns]) => ({
    payload: label,
    candidate: name,
    'ns / emit': ns.toFixed(0),
    'x not imported': (ns / base).toFixed(2),
    'x no-op inspector': (ns / observed).toFixed(2),
  }));
};

const summary = (rows: Record<string, string>[]) => {
  const ratio = (payload: string, name: string, column = 'x not imported') =>
    Number(rows.find((r) => r.payload === payload && r.candidate === name)?.[column]);
  return (
    `goals: panel listening, small = ${ratio('small', 'panel listening').toFixed(2)}x not imported (goal <= 3x; ` +
    `${ratio('small', 'panel listening', 'x no-op inspector').toFixed(2)}x the core's observed path); ` +
    `not connected = ${((ratio('small', 'not connected') - 1) * 100).toFixed(1)}% (small) / ` +
    `${((ratio('10 kB', 'not connected') - 1) * 100).toFixed(1)}% (10 kB) vs not imported (goal within 5%)`
  );
};

const rows: Record<string, string>[] = [];
for (const [label, payload] of [
  ['small', small],
  ['10 kB', large],
] as const) {
  rows.push(...tableRows(label, await measure(candidates(payload))));
}
if (received === 0) throw new Error('the listening panel received no entries: the benchmark measured nothing');
if (sink < 0) console.log(sink);
await GlobalRegistrator.unregister();

console.log(
  `\nhappy-dom: devtools emit cost (1 handler; ${ROUNDS} interleaved rounds of ~${SAMPLE_MS} ms; "10 kB" = ${JSON.stringify(large).length} B of JSON)`,
);
console.table(rows);
console.log(summary(rows));

/**
 * The same candidates inside real Chromium (structured clone, real message delivery to a
 * listener in the page, as the extension's content script does). Skipped with BENCH_BROWSER=0.
 */
const inChromium = async () => {
  const { fileURLToPath } = await import('node:url');
  const { createServer } = await import('vite');
  const { chromium } = await import('@playwright/test');
  const { launchOptions } = await import('../e2e/support/browser');
  const root = fileURLToPath(new URL('../e2e/devtools/fixtures', import.meta.url));
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'silent',
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null, fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
  });
  await server.listen();
  const browser = await chromium.launch(launchOptions());
  try {
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the benchmark server got no port');
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${address.port}/bench.html`);
    await page.waitForFunction(() => 'runDevtoolsBench' in window);
    const result = (await page.evaluate(
      ([rounds, sampleMs]) =>
        (window as unknown as { runDevtoolsBench(r: number, s: number): Promise<unknown> }).runDevtoolsBench(rounds, sampleMs),
      [ROUNDS, SAMPLE_MS] as const,
    )) as { small: Record<string, number>; large: Record<string, number>; received: number };
    if (result.received === 0) throw new Error('in Chromium, the listening panel received no entries: the benchmark measured nothing');
    const browserRows = [
      ...tableRows('small', new Map(Object.entries(result.small))),
      ...tableRows('10 kB', new Map(Object.entries(result.large))),
    ];
    console.log(`\nChromium ${browser.version()}: the same candidates, measured inside the page`);
    console.table(browserRows);
    console.log(summary(browserRows));
  } finally {
    await browser.close();
    await server.close();
  }
};

if (process.env.BENCH_BROWSER !== '0') await inChromium();
