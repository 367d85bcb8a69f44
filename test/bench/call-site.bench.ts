/**
 * Call-site bench: what "Trace: who published this?" costs. Reports ns per captureCallSite() (at
 * the bench's own shallow stack and 20 frames deeper, as inside a React event handler) and per
 * deferCallSite() (the recording alone, then with the parse), and an emit to one handler with an
 * inspector that captures the call site of each event against the same emit with an inspector
 * that does not (and with none, and with one that defers the parse to a later batch). Candidates of a scenario run in one
 * process, in interleaved rounds whose order rotates; the table shows medians.
 *
 * The bundle holds Hubbub's code too, so no frame is dropped as Hubbub's own here: the parse and
 * the matcher run over every frame, as they do in an app.
 *
 * Run: flock /work/bench.lock npm run bench -- call-site
 */
import { type CallSiteFrame, captureCallSite, deferCallSite } from '../../src/devtools/call-site';
import { createBus, inspect } from '../../src/index';
import { type Candidate, medianMsPerOp, type Op, ROUNDS, SAMPLE_MS } from './harness';

interface Scenario {
  readonly name: string;
  readonly candidates: readonly Candidate[];
  /** The candidate every other is compared with. */
  readonly reference: string;
}

const DEEP_STACK = 20;
const NS_PER_MS = 1e6;

let sink = 0;
/** The newest unparsed recording, kept so the recording is not optimized away. */
let latest: (() => CallSiteFrame[]) | undefined;

/** Median ns per operation of each candidate. */
const measure = async (scenario: Scenario): Promise<Map<string, number>> =>
  new Map([...(await medianMsPerOp(scenario.candidates))].map(([name, msPerOp]) => [name, msPerOp * NS_PER_MS]));

const loop =
  (operation: (index: number) => void): Op =>
  (n) => {
    for (let index = 0; index < n; index++) operation(index);
  };

/** Runs `operation` `depth` frames deeper than the caller. */
const atDepth = (depth: number, operation: () => void): void => (depth === 0 ? operation() : atDepth(depth - 1, operation));

const capture = (): Scenario => ({
  name: 'captureCallSite()',
  reference: 'captureCallSite, shallow',
  candidates: [
    { name: 'captureCallSite, shallow', run: loop(() => (sink += captureCallSite().length)) },
    {
      name: `captureCallSite, ${DEEP_STACK} frames deeper`,
      run: (n) => atDepth(DEEP_STACK, () => loop(() => (sink += captureCallSite().length))(n)),
    },
    { name: 'deferCallSite, recording only', run: loop(() => (sink += deferCallSite().length)) },
    { name: 'deferCallSite, recording + parse', run: loop(() => (sink += deferCallSite()().length)) },
    { name: 'new Error().stack alone', run: loop(() => (sink += new Error().stack?.length ?? 0)) },
  ],
});

const emitWithTrace = (): Scenario => {
  const handler = (value: number) => {
    sink += value;
  };
  const busOf = (inspector?: Parameters<typeof inspect>[1]) => {
    const bus = createBus<{ 'cart/added': number }>();
    bus.subscribe('cart/added', handler);
    if (inspector) inspect(bus, inspector);
    return bus;
  };
  const plain = busOf((observation) => {
    if (observation.kind === 'event') sink++;
  });
  const traced = busOf((observation) => {
    if (observation.kind === 'event') sink += captureCallSite().length;
  });
  const bare = busOf();
  /** Parsed in batches, as devtools serializes: the emit pays the recording only. */
  const BATCH = 64;
  const pending: (() => CallSiteFrame[])[] = [];
  const deferred = busOf((observation) => {
    if (observation.kind !== 'event') return;
    pending.push(deferCallSite());
    if (pending.length < BATCH) return;
    for (const trace of pending) sink += trace().length;
    pending.length = 0;
  });
  /** What the emit itself pays when the parse is deferred (the recordings are dropped unparsed). */
  const recordOnly = busOf((observation) => {
    if (observation.kind === 'event') latest = deferCallSite();
  });
  return {
    name: 'emit, 1 handler, 1 inspector',
    reference: 'inspector, no trace',
    candidates: [
      { name: 'inspector, no trace', run: loop((index) => plain.emit('cart/added', index)) },
      { name: 'inspector capturing the call site', run: loop((index) => traced.emit('cart/added', index)) },
      { name: 'inspector deferring the parse (batches of 64)', run: loop((index) => deferred.emit('cart/added', index)) },
      { name: 'inspector deferring, parse never run', run: loop((index) => recordOnly.emit('cart/added', index)) },
      { name: 'no inspector', run: loop((index) => bare.emit('cart/added', index)) },
    ],
  };
};

const format = (nanoseconds: number) => (nanoseconds >= 1000 ? `${(nanoseconds / 1000).toFixed(2)} µs` : `${nanoseconds.toFixed(0)} ns`);

const main = async () => {
  const only = process.argv[2];
  const rows: string[][] = [['scenario', 'candidate', 'time per op (median)', 'vs reference']];
  console.log(`call-site bench: ${ROUNDS} interleaved rounds of ~${SAMPLE_MS} ms per candidate, Node ${process.version}\n`);
  for (const scenario of [capture(), emitWithTrace()]) {
    if (only && !scenario.name.includes(only)) continue;
    const results = await measure(scenario);
    const reference = results.get(scenario.reference) as number;
    for (const [name, nanoseconds] of results) {
      rows.push([scenario.name, name, format(nanoseconds), name === scenario.reference ? '-' : `${(nanoseconds / reference).toFixed(2)}x`]);
    }
  }
  const widths = (rows[0] as string[]).map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
  if (sink === 42 || latest?.().length === 42) console.log('');
};

await main();
