/**
 * React bindings benchmark: delivering one event to 1,000 mounted `useEvent` listeners (real
 * react-dom on happy-dom) against 1,000 plain `bus.subscribe` handlers doing the same work; and
 * mounting + unmounting 1,000 `useEvent` components against 1,000 subscribe + unsubscribe calls.
 * Candidates of a scenario run in the same process, in interleaved rounds whose order rotates;
 * the table shows the median time per operation and the ratio to the plain bus.
 *
 * Run: npx tsx test/bench/react.bench.ts   (or `npm run bench` for every bench file)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { median } from './harness';

// Measure what users ship: React's production build, which React chooses when it is first
// imported. The bundled bench imports it before any line here runs (the hooks import it), so the
// process itself must start with NODE_ENV=production: run again with it, once.
if (process.env.NODE_ENV !== 'production') {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.exit(child.status ?? 1);
}
GlobalRegistrator.register();
// react-dom decides whether a DOM exists when it is first imported: import it after registering.
const { createElement, Fragment } = await import('react');
const { createRoot } = await import('react-dom/client');
const { flushSync } = await import('react-dom');
const { createBus, subscriptionsOf } = await import('../../src/index');
const { BusProvider, useEvent } = await import('../../src/react/index');

const LISTENERS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 25);

type Events = { tick: number };
type Op = (n: number) => void;
interface Candidate {
  readonly name: string;
  readonly run: Op;
}

let sink = 0;

const time = (run: Op, n: number): number => {
  const start = performance.now();
  run(n);
  return performance.now() - start;
};

/** How many operations fill about SAMPLE_MS, warming the candidate up on the way. */
const calibrate = (run: Op): number => {
  let n = 1;
  for (;;) {
    const ms = time(run, n);
    if (ms >= SAMPLE_MS / 4 || n >= 1 << 20) return Math.max(1, Math.round((n * SAMPLE_MS) / Math.max(ms, 0.001)));
    n *= 2;
  }
};

/** Median microseconds per operation of each candidate. */
const measure = (candidates: readonly Candidate[]): Map<string, number> => {
  const sizes = new Map(candidates.map((c) => [c.name, calibrate(c.run)]));
  const samples = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < candidates.length; j++) {
      const c = candidates[(round + j) % candidates.length] as Candidate;
      const n = sizes.get(c.name) as number;
      samples.get(c.name)?.push((time(c.run, n) * 1000) / n);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
};

function Listener() {
  useEvent('tick', (x) => {
    sink += x as number;
  });
  return null;
}

const listeners = (bus: ReturnType<typeof createBus<Events>>) =>
  createElement(
    BusProvider<Events>,
    { bus },
    createElement(Fragment, null, ...Array.from({ length: LISTENERS }, (_, i) => createElement(Listener, { key: i }))),
  );

/** A root with 1,000 mounted useEvent listeners; flushSync also runs their effects (the subscriptions). */
const mountListeners = () => {
  const bus = createBus<Events>();
  const root = createRoot(document.createElement('div'));
  flushSync(() => root.render(listeners(bus)));
  if (subscriptionsOf(bus).length !== LISTENERS) throw new Error(`expected ${LISTENERS} subscriptions, got ${subscriptionsOf(bus).length}`);
  return { bus, root };
};

const plainBus = () => {
  const bus = createBus<Events>();
  for (let i = 0; i < LISTENERS; i++) {
    bus.subscribe('tick', (x) => {
      sink += x;
    });
  }
  return bus;
};

const deliver = (): Map<string, number> => {
  const mounted = mountListeners();
  const plain = plainBus();
  const result = measure([
    {
      name: '1,000 useEvent listeners',
      run: (n) => {
        for (let i = 0; i < n; i++) mounted.bus.emit('tick', i);
      },
    },
    {
      name: '1,000 bus.subscribe handlers',
      run: (n) => {
        for (let i = 0; i < n; i++) plain.emit('tick', i);
      },
    },
  ]);
  flushSync(() => mounted.root.unmount());
  return result;
};

const mountUnmount = (): Map<string, number> => {
  const bus = createBus<Events>();
  const container = document.createElement('div');
  const handler = (x: number) => {
    sink += x;
  };
  return measure([
    {
      name: 'mount + unmount 1,000 useEvent components',
      run: (n) => {
        for (let i = 0; i < n; i++) {
          const root = createRoot(container);
          flushSync(() => root.render(listeners(bus)));
          flushSync(() => root.unmount());
        }
      },
    },
    {
      name: '1,000 bus.subscribe + unsubscribe',
      run: (n) => {
        for (let i = 0; i < n; i++) {
          const offs = Array.from({ length: LISTENERS }, () => bus.subscribe('tick', handler));
          for (const off of offs) off();
        }
      },
    },
  ]);
};

const print = (title: string, results: Map<string, number>, baseline: string) => {
  const base = results.get(baseline) as number;
  console.log(`\n${title}`);
  console.table(
    [...results].map(([name, us]) => ({
      candidate: name,
      'µs / op': Number(us.toFixed(2)),
      'ratio to plain bus': Number((us / base).toFixed(2)),
    })),
  );
};

print('deliver one event (emit) to 1,000 listeners', deliver(), '1,000 bus.subscribe handlers');
print('mount + unmount 1,000 listeners', mountUnmount(), '1,000 bus.subscribe + unsubscribe');
if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);
