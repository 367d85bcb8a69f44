// @vitest-environment happy-dom
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_IN_FLIGHT } from '../../src/devtools/entries';
import { connectDevtools } from '../../src/devtools/index';
import { readLeftOut, type StreamEntry } from '../../src/devtools/protocol-exports';
import { createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, settle } from './support/panel';

afterEach(() => {
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

setFlagsFromString('--expose-gc');
/** V8's collector, reachable once `--expose-gc` is set (a new context picks the flag up). */
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap in use after full collections, in MB. */
const heapMb = () => {
  for (let round = 0; round < 3; round++) collectGarbage();
  return process.memoryUsage().heapUsed / 1e6;
};

/** A string of `length` characters, distinct for each `index`, flat and owned by the caller alone. */
const longText = (prefix: string, index: number, length: number) => `${prefix}${index}/`.padEnd(length, 'q');

const setup = (options: Parameters<typeof connectDevtools>[1], busName = 'shop') => {
  const bus = createBus<Record<string, unknown>>({ name: busName, onError: () => {} });
  const panel = createTestPanel(bus.id);
  const disconnect = connectDevtools(bus, { leaks: false, ...options });
  cleanups.push(disconnect, panel.close);
  return { bus, panel };
};

const transformedValues = (entries: StreamEntry[]) =>
  entries.flatMap((entry) => (entry.type === 'middleware' && entry.decision === 'transformed' ? [entry.value] : []));

describe('connectDevtools: what the page retains', () => {
  const denyOptions = { deny: ['noise/**'] };
  it.each([
    ['deny', denyOptions],
    ['sample', { sample: { '*': 0.5 } }],
    ['maxPerSecond', { maxPerSecond: { '*': 1 } }],
  ] as const)('%s keeps no event type longer than maxString alive (only its cut copy)', async (_option, options) => {
    const { bus, panel } = setup({ ...options, maxBuffer: 1 });
    const before = heapMb();
    // 20 types of 2 MB each: 40 MB if the counts kept them. Twice each, so sampling and the cap leave one out.
    for (let index = 0; index < 20; index++) {
      const type = longText('noise/', index, 2_000_000);
      bus.emit(type, index);
      bus.emit(type, index);
    }
    expect(heapMb() - before).toBeLessThan(10);
    panel.send({ kind: 'connect' });
    await settle();
    const leftOut = panel
      .of('batch')
      .map(readLeftOut)
      .findLast((summary) => summary !== undefined);
    expect(leftOut?.total).toBe(options === denyOptions ? 40 : 20);
    expect(leftOut?.byType).toHaveLength(20);
    for (const row of leftOut?.byType ?? []) {
      expect(row.type.startsWith('noise/')).toBe(true);
      expect(row.type.length).toBeLessThan(10_100);
      expect(row.type).toMatch(/… \(1990000 more characters\)$/);
    }
  });

  it('with sanitize, forgets a dispatch whose handler never settles', async () => {
    const { bus } = setup({ sanitize: (payload) => payload, maxBuffer: 10 });
    bus.use((event) => event, { name: 'pass' });
    bus.subscribe('hang', () => new Promise(() => {}));
    const before = heapMb();
    // Remembering 100,000 event ids and types would take about 8 MB.
    for (let index = 0; index < 100_000; index++) void bus.publish('hang', index);
    await settle();
    expect(heapMb() - before).toBeLessThan(3);
  });

  it(`with sanitize, remembers at most ${MAX_IN_FLIGHT} dispatches whose middleware has not settled`, async () => {
    const { bus } = setup({ sanitize: (payload) => payload, maxBuffer: 10, limits: { maxString: 1000 } });
    bus.use(() => new Promise(() => {}), { name: 'never' });
    const before = heapMb();
    // Each dispatch's type, cut to 1,000 characters, is a fresh 1 KB copy: 20 MB if all were remembered.
    for (let index = 0; index < 20_000; index++) void bus.publish(longText('hang/', index, 2000), index);
    await settle();
    expect(heapMb() - before).toBeLessThan(8);
  });

  it('sends a middleware replacement of a forgotten dispatch redacted, and sanitizes the others by type', async () => {
    const { bus, panel } = setup({ sanitize: (payload, type) => ({ type, payload }), maxBuffer: 20_000 });
    panel.send({ kind: 'connect' });
    await settle();
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    bus.use(async (event) => {
      await released;
      return { replaced: event };
    });
    void bus.publish('first', 0);
    for (let index = 1; index <= MAX_IN_FLIGHT; index++) void bus.publish('later', index);
    release();
    await settle();
    const values = transformedValues(panel.entries());
    expect(values).toHaveLength(MAX_IN_FLIGHT + 1);
    expect(values[0]).toEqual({ $hubbub: 'redacted' });
    expect(values[1]).toEqual({ type: 'later', payload: { replaced: 1 } });
    expect(values.at(-1)).toEqual({ type: 'later', payload: { replaced: MAX_IN_FLIGHT } });
    const events = panel.entries().filter((entry) => entry.type === 'event');
    expect(events[0]).toMatchObject({ eventType: 'first', payload: { type: 'first', payload: 0 } });
  });
});

describe('connectDevtools: hello', () => {
  it('caps the bus name and the URL at maxString (with a note of the rest), on one line', async () => {
    const { panel } = setup({ name: `shop\nline two\r\u2028\u2029${'n'.repeat(50_000)}`, limits: { maxString: 100 } });
    history.replaceState(null, '', `/${'p'.repeat(50_000)}`);
    try {
      panel.send({ kind: 'connect' });
      await settle();
      const hello = panel.of('hello').at(-1);
      expect(hello?.instance.name).toBe(`shop line two   ${'n'.repeat(84)}… (49916 more characters)`);
      expect(hello?.instance.url).toMatch(/^http.*p… \(\d+ more characters\)$/);
      expect(hello?.instance.url.length).toBeLessThan(130);
    } finally {
      history.replaceState(null, '', '/');
    }
  });
});
