/**
 * Core benchmark: hubbub's emit/publish side by side with mitt, nanoevents, eventemitter3,
 * emittery and a plain function-call loop (the limit). Every candidate of a scenario runs in the
 * same process, in interleaved rounds whose order rotates, and each scenario runs in several fresh
 * processes: the table shows each candidate's median ops/s, and the median of the per-process
 * ratios with their range (the spread between processes is most of the noise).
 *
 * Run: npm run bench -- core   (bundled first, as an app ships it; `npm run bench` runs every bench file)
 *      BENCH_PROCESSES=5 npm run bench -- core publish   (more processes; only scenarios whose name has "publish")
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Emittery from 'emittery';
import { EventEmitter } from 'eventemitter3';
import mitt from 'mitt';
import { createNanoEvents } from 'nanoevents';
import { createBus } from '../../src/index';
import { type Candidate, median, medianMsPerOp, type Op, ROUNDS, SAMPLE_MS } from './harness';

interface Scenario {
  readonly name: string;
  readonly candidates: readonly Candidate[];
  /** Ratios printed as `ours / them` for these candidates. */
  readonly ours: string;
}

let sink = 0;
const handler = (x: number) => {
  sink += x;
};
const handlers = Array.from({ length: 10 }, (_, i) => (x: number) => {
  sink += x + i;
});

/** Median operations per second of each candidate. */
const measure = async (scenario: Scenario): Promise<Map<string, number>> =>
  new Map([...(await medianMsPerOp(scenario.candidates))].map(([name, msPerOp]) => [name, 1000 / msPerOp]));

const syncLoop =
  (emit: (x: number) => void): Op =>
  (n) => {
    for (let i = 0; i < n; i++) emit(i);
  };

// --- emit to 1 handler
const emitOne = (): Scenario => {
  const bus = createBus<{ a: number }>();
  bus.subscribe('a', handler);
  const m = mitt<{ a: number }>();
  m.on('a', handler);
  const nano = createNanoEvents<{ a: (x: number) => void }>();
  nano.on('a', handler);
  const ee = new EventEmitter();
  ee.on('a', handler);
  return {
    name: 'emit, 1 handler',
    ours: 'hubbub emit',
    candidates: [
      { name: 'hubbub emit', run: syncLoop((x) => bus.emit('a', x)) },
      { name: 'mitt', run: syncLoop((x) => m.emit('a', x)) },
      { name: 'nanoevents', run: syncLoop((x) => nano.emit('a', x)) },
      { name: 'eventemitter3', run: syncLoop((x) => ee.emit('a', x)) },
      { name: 'direct call', run: syncLoop((x) => handler(x)) },
    ],
  };
};

// --- emit to 1 handler that declares the context parameter (the hot path then makes the context)
const emitOneWithContext = (): Scenario => {
  const withContext = (x: number, ctx: unknown) => {
    sink += ctx === undefined ? 0 : x;
  };
  const bus = createBus<{ a: number }>();
  bus.subscribe('a', withContext);
  const m = mitt<{ a: number }>();
  m.on('a', handler);
  const ee = new EventEmitter();
  ee.on('a', handler);
  return {
    name: 'emit, 1 handler declaring ctx',
    ours: 'hubbub emit',
    candidates: [
      { name: 'hubbub emit', run: syncLoop((x) => bus.emit('a', x)) },
      { name: 'mitt', run: syncLoop((x) => m.emit('a', x)) },
      { name: 'eventemitter3', run: syncLoop((x) => ee.emit('a', x)) },
      { name: 'direct call', run: syncLoop((x) => withContext(x, undefined)) },
    ],
  };
};

// --- emit to 10 handlers
const emitTen = (): Scenario => {
  const bus = createBus<{ a: number }>();
  const m = mitt<{ a: number }>();
  const nano = createNanoEvents<{ a: (x: number) => void }>();
  const ee = new EventEmitter();
  for (const h of handlers) {
    bus.subscribe('a', h);
    m.on('a', h);
    nano.on('a', h);
    ee.on('a', h);
  }
  const direct = (x: number) => {
    for (let i = 0; i < handlers.length; i++) (handlers[i] as typeof handler)(x);
  };
  return {
    name: 'emit, 10 handlers',
    ours: 'hubbub emit',
    candidates: [
      { name: 'hubbub emit', run: syncLoop((x) => bus.emit('a', x)) },
      { name: 'mitt', run: syncLoop((x) => m.emit('a', x)) },
      { name: 'nanoevents', run: syncLoop((x) => nano.emit('a', x)) },
      { name: 'eventemitter3', run: syncLoop((x) => ee.emit('a', x)) },
      { name: 'direct call', run: syncLoop(direct) },
    ],
  };
};

// --- subscribe + unsubscribe churn (one other listener stays subscribed, as in an app)
/**
 * Subscribe then unsubscribe on key `k`, with one other subscriber on 'a' (so with k = 'a' the
 * key keeps a list; with another key it is the sole subscriber, as a mounting component often is).
 */
const churnOn = (k: 'a' | 'b', name: string) => (): Scenario => {
  const bus = createBus<{ a: number; b: number }>();
  bus.subscribe('a', handler);
  const m = mitt<{ a: number; b: number }>();
  m.on('a', handler);
  const nano = createNanoEvents<{ a: (x: number) => void; b: (x: number) => void }>();
  nano.on('a', handler);
  const ee = new EventEmitter();
  ee.on('a', handler);
  const list: ((x: number) => void)[] = [handler];
  const h = handlers[0] as typeof handler;
  return {
    name,
    ours: 'hubbub subscribe',
    candidates: [
      { name: 'hubbub subscribe', run: syncLoop(() => bus.subscribe(k, h)()) },
      {
        name: 'mitt',
        run: syncLoop(() => {
          m.on(k, h);
          m.off(k, h);
        }),
      },
      { name: 'nanoevents', run: syncLoop(() => nano.on(k, h)()) },
      {
        name: 'eventemitter3',
        run: syncLoop(() => {
          ee.on(k, h);
          ee.off(k, h);
        }),
      },
      {
        name: 'direct call',
        run: syncLoop(() => {
          list.push(h);
          list.pop();
        }),
      },
    ],
  };
};

// --- emit with no subscribers
const emitNone = (): Scenario => {
  const bus = createBus<{ a: number; b: number }>();
  bus.subscribe('b', handler);
  const m = mitt<{ a: number; b: number }>();
  m.on('b', handler);
  const nano = createNanoEvents<{ a: (x: number) => void; b: (x: number) => void }>();
  nano.on('b', handler);
  const ee = new EventEmitter();
  ee.on('b', handler);
  const noop = (_x: number) => {};
  return {
    name: 'emit, no subscribers',
    ours: 'hubbub emit',
    candidates: [
      { name: 'hubbub emit', run: syncLoop((x) => bus.emit('a', x)) },
      { name: 'mitt', run: syncLoop((x) => m.emit('a', x)) },
      { name: 'nanoevents', run: syncLoop((x) => nano.emit('a', x)) },
      { name: 'eventemitter3', run: syncLoop((x) => ee.emit('a', x)) },
      { name: 'direct call', run: syncLoop(noop) },
    ],
  };
};

// --- emit to 1 handler while 50 pattern subscriptions elsewhere match nothing (routes are cached per key)
const emitBesidePatterns = (): Scenario => {
  const plain = createBus<Record<string, number>>();
  plain.subscribe('cart/added', handler);
  const withPatterns = createBus<Record<string, number>>();
  withPatterns.subscribe('cart/added', handler);
  for (let i = 0; i < 50; i++) withPatterns.subscribe(`area${i}/*`, handler);
  return {
    name: 'emit, 1 handler, 50 non-matching patterns',
    ours: 'hubbub, 50 patterns',
    candidates: [
      { name: 'hubbub, 50 patterns', run: syncLoop((x) => withPatterns.emit('cart/added', x)) },
      { name: 'hubbub, no patterns', run: syncLoop((x) => plain.emit('cart/added', x)) },
      { name: 'direct call', run: syncLoop((x) => handler(x)) },
    ],
  };
};

/** A bus whose one handler runs after 3 pass-through middleware, one without them, and the direct call's stand-in for a middleware. */
const withMiddleware = () => {
  const bus = createBus<{ a: number }>();
  bus.subscribe('a', handler);
  for (const name of ['log', 'auth', 'metrics']) bus.use((event) => event, { name });
  const plain = createBus<{ a: number }>();
  plain.subscribe('a', handler);
  return { bus, plain, pass: (x: number) => x };
};

// --- emit through 3 synchronous middleware (no competitor has middleware: beside our plain emit and eventemitter3)
const emitMiddleware = (): Scenario => {
  const { bus, plain, pass } = withMiddleware();
  const ee = new EventEmitter();
  ee.on('a', handler);
  return {
    name: 'emit, 3 sync middleware',
    ours: 'hubbub emit+3mw',
    candidates: [
      { name: 'hubbub emit+3mw', run: syncLoop((x) => bus.emit('a', x)) },
      { name: 'hubbub emit, 0mw', run: syncLoop((x) => plain.emit('a', x)) },
      { name: 'eventemitter3', run: syncLoop((x) => ee.emit('a', x)) },
      { name: 'direct call', run: syncLoop((x) => handler(pass(pass(pass(x))))) },
    ],
  };
};

// --- awaited publish, 1 handler
const publishOne = (): Scenario => {
  const bus = createBus<{ a: number }>();
  bus.subscribe('a', handler);
  const emittery = new Emittery<{ a: number }>();
  emittery.on('a', handler);
  const direct = async (x: number) => handler(x);
  return {
    name: 'awaited publish, 1 handler',
    ours: 'hubbub publish',
    candidates: [
      {
        name: 'hubbub publish',
        run: async (n) => {
          for (let i = 0; i < n; i++) await bus.publish('a', i);
        },
      },
      {
        name: 'emittery emit',
        run: async (n) => {
          for (let i = 0; i < n; i++) await emittery.emit('a', i);
        },
      },
      {
        name: 'direct call',
        run: async (n) => {
          for (let i = 0; i < n; i++) await direct(i);
        },
      },
    ],
  };
};

// --- awaited publish through 3 synchronous middleware
const publishMiddleware = (): Scenario => {
  const { bus, plain, pass } = withMiddleware();
  const emittery = new Emittery<{ a: number }>();
  emittery.on('a', handler);
  const direct = async (x: number) => handler(pass(pass(pass(x))));
  return {
    name: 'awaited publish, 3 sync middleware',
    ours: 'hubbub publish+3mw',
    candidates: [
      {
        name: 'hubbub publish+3mw',
        run: async (n) => {
          for (let i = 0; i < n; i++) await bus.publish('a', i);
        },
      },
      {
        name: 'hubbub publish, 0mw',
        run: async (n) => {
          for (let i = 0; i < n; i++) await plain.publish('a', i);
        },
      },
      {
        name: 'emittery emit',
        run: async (n) => {
          for (let i = 0; i < n; i++) await emittery.emit('a', i);
        },
      },
      {
        name: 'direct call',
        run: async (n) => {
          for (let i = 0; i < n; i++) await direct(i);
        },
      },
    ],
  };
};

const format = (opsPerSecond: number) =>
  opsPerSecond >= 1e6 ? `${(opsPerSecond / 1e6).toFixed(2)} M` : `${(opsPerSecond / 1e3).toFixed(1)} k`;

/** Every scenario, by name; each is set up only in the process that measures it. */
const makers = [
  emitOne,
  emitOneWithContext,
  emitTen,
  churnOn('a', 'subscribe + unsubscribe'),
  churnOn('b', 'subscribe + unsubscribe, sole'),
  emitNone,
  emitBesidePatterns,
  emitMiddleware,
  publishOne,
  publishMiddleware,
];

/** What one process measured of one scenario: each candidate's median operations per second. */
interface ProcessResult {
  readonly name: string;
  readonly ours: string;
  readonly opsPerSecond: [candidate: string, ops: number][];
}

/** Fresh processes per scenario: a figure is the median of theirs (V8's choices differ from process to process). */
const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 3));

/** Measures one scenario (by index) in this process and prints the result as JSON for the parent. */
const measureOne = async (index: number) => {
  const scenario = (makers[index] as () => Scenario)();
  const result: ProcessResult = { name: scenario.name, ours: scenario.ours, opsPerSecond: [...(await measure(scenario))] };
  console.log(JSON.stringify(result));
  if (sink === 42) console.log('');
};

const runProcess = (index: number): ProcessResult => {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--scenario', String(index)], {
    encoding: 'utf8',
    env: process.env,
  });
  if (child.status !== 0) throw new Error(`scenario ${index} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as ProcessResult;
};

/** A scenario's rows: each candidate's median ops/s over the processes, and the median (and range) of the per-process ratios. */
const rowsOf = (results: readonly ProcessResult[]): string[][] => {
  const first = results[0] as ProcessResult;
  return first.opsPerSecond.map(([candidate]) => {
    const opsOf = (result: ProcessResult, name: string) => result.opsPerSecond.find(([other]) => other === name)?.[1] as number;
    const ops = results.map((result) => opsOf(result, candidate));
    if (candidate === first.ours) return [first.name, candidate, format(median(ops)), '-', ''];
    const ratios = results.map((result) => opsOf(result, first.ours) / opsOf(result, candidate));
    const range = ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : '';
    return [first.name, candidate, format(median(ops)), `${median(ratios).toFixed(2)}x`, range];
  });
};

/**
 * Runs each scenario in PROCESSES fresh Node processes, taking the scenarios in turn, so that a
 * slow minute of the machine falls on several scenarios rather than on all processes of one. Fresh
 * processes also keep a scenario that feeds the engine many keys (50 patterns) from leaving shared
 * code slower for the scenarios after it (V8's caches for property reads see every key).
 */
const main = () => {
  const only = process.argv[2];
  const chosen = makers.flatMap((make, index) => (only && !make().name.includes(only) ? [] : [index]));
  console.log(
    `core bench: each scenario in ${PROCESSES} fresh process(es) (BENCH_PROCESSES), ${ROUNDS} interleaved rounds of ~${SAMPLE_MS} ms per candidate in each, Node ${process.version}`,
  );
  console.log('ops/s: median over the processes; hubbub / candidate: median of the per-process ratios, with their range\n');
  const results = new Map<number, ProcessResult[]>(chosen.map((index) => [index, []]));
  for (let round = 0; round < PROCESSES; round++) for (const index of chosen) results.get(index)?.push(runProcess(index));
  const rows: string[][] = [['scenario', 'candidate', 'ops/s (median)', 'hubbub / candidate', 'range']];
  for (const index of chosen) rows.push(...rowsOf(results.get(index) as ProcessResult[]));
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  '));
};

if (process.argv[2] === '--scenario') await measureOne(Number(process.argv[3]));
else main();
