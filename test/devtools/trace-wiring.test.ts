// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { type CallSiteFrame, isHubbubFrame, MAX_CALL_SITE_FRAMES, parseStack } from '../../src/devtools/call-site';
import { connectDevtools } from '../../src/devtools/index';
import { type EntryOf, fromWire, type StreamEntry } from '../../src/devtools/protocol';
import { type Bus, createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, settle } from './support/panel';

type Events = { 'cart/added': { sku: string } };

const originalPrepare = Error.prepareStackTrace;
afterEach(() => {
  Error.prepareStackTrace = originalPrepare;
});
const cleanups = cleanupsAfterEach();

const setup = async (options: Parameters<typeof connectDevtools>[1]) => {
  const bus = createBus<Events>({ name: 'shop', onError: () => {} });
  const panel = createTestPanel(bus.id);
  cleanups.push(connectDevtools(bus, { leaks: false, ...options }), panel.close);
  panel.send({ kind: 'connect' });
  await settle();
  return { bus, panel };
};

const eventsOf = (entries: StreamEntry[]) => entries.filter((e): e is EntryOf<'event'> => e.type === 'event');

/** A named app function that publishes; returns the frame of the line just above its emit. */
function addToCart(bus: Bus<Events>): CallSiteFrame {
  const above = parseStack(new Error().stack)[0] as CallSiteFrame;
  bus.emit('cart/added', { sku: 'tea' });
  return above;
}

describe('connectDevtools({ trace: true })', () => {
  it("sends each event with the app's call site: this file's function and line, no Hubbub frame", async () => {
    const { bus, panel } = await setup({ trace: true });
    const above = addToCart(bus);
    await settle();
    const [event] = eventsOf(panel.entries());
    const trace = event?.trace ?? [];
    expect(trace[0]).toEqual({ functionName: 'addToCart', url: above.url, line: above.line + 1, column: expect.any(Number) });
    expect(above.url).toContain('trace-wiring.test.ts');
    expect(trace.length).toBeGreaterThan(1);
    expect(trace.length).toBeLessThanOrEqual(MAX_CALL_SITE_FRAMES);
    expect(trace.filter((frame) => isHubbubFrame(frame.url))).toEqual([]);
  });

  it('sends events exactly as before without the option: no trace field on the wire', async () => {
    const { bus, panel } = await setup({});
    addToCart(bus);
    await settle();
    const [event] = eventsOf(panel.entries());
    expect(event).toBeDefined();
    expect(event && 'trace' in event).toBe(false);
    const wire = panel.of('batch').flatMap((batch) => (typeof batch.entries === 'string' ? JSON.parse(batch.entries) : batch.entries));
    const eventTuple = wire.find((tuple: unknown[]) => tuple[0] === 'event');
    expect(eventTuple).toHaveLength(11);
  });

  it('caps a hostile stack: frames, and every string at limits.maxString; a throwing stack gives no frames', async () => {
    const { bus, panel } = await setup({ trace: true, limits: { maxString: 100 } });
    const longLine = `    at ${'f'.repeat(5_000)} (http://evil.test/${'a'.repeat(5_000)}.js:7:3)`;
    const hugeLine = `    at ${'f'.repeat(50_000)} (http://evil.test/${'a'.repeat(50_000)}.js:1:1)`;
    const manyFrames = Array.from({ length: 500 }, (_, i) => `    at app${i} (http://app.test/${'p'.repeat(300)}.js:${i + 1}:1)`);
    // V8 calls prepareStackTrace when the entry is sent (the stack is parsed then, not inside the emit).
    Error.prepareStackTrace = () => `Error\n${manyFrames.join('\n')}`;
    bus.emit('cart/added', { sku: 'many' });
    await settle();
    Error.prepareStackTrace = () => `Error\n${longLine}`;
    bus.emit('cart/added', { sku: 'long' });
    await settle();
    Error.prepareStackTrace = () => `Error\n${hugeLine}`;
    bus.emit('cart/added', { sku: 'huge' });
    await settle();
    Error.prepareStackTrace = () => {
      throw new Error('hostile prepareStackTrace');
    };
    bus.emit('cart/added', { sku: 'throws' });
    await settle();
    Error.prepareStackTrace = originalPrepare;

    const [many, long, huge, throws] = eventsOf(panel.entries());
    expect(long?.trace).toEqual([
      {
        functionName: expect.stringMatching(/^f{100}… \(4900 more characters\)$/),
        url: expect.stringContaining('more characters'),
        line: 7,
        column: 3,
      },
    ]);
    expect(many?.trace).toHaveLength(MAX_CALL_SITE_FRAMES);
    expect(many?.trace?.[0]).toMatchObject({ functionName: 'app0', line: 1 });
    for (const frame of [...(many?.trace ?? []), ...(long?.trace ?? [])]) {
      expect(frame.url.length).toBeLessThan(150);
      expect(frame.functionName.length).toBeLessThan(150);
    }
    // The 50,000-character line is past the stack text parsed (20,000 characters): no frame, no stall.
    expect(huge?.trace).toEqual([]);
    expect(throws?.trace).toEqual([]);
    const batchText = panel.of('batch').reduce((sum, batch) => sum + JSON.stringify(batch.entries).length, 0);
    expect(batchText).toBeLessThan(20_000);
  });
});

describe('the event entry trace field on the wire', () => {
  const eventTuple = (trace: unknown) => ['event', 1, 'shop-1', 'cart/added', null, 0, 'shop-1', null, 0, 'emit', false, trace];
  const frame = { functionName: 'addToCart', url: 'http://localhost:5173/src/cart.ts', line: 12, column: 7 };

  it('reads a trace of frames, and an entry without one as before', () => {
    expect(fromWire(eventTuple([frame]))).toMatchObject({ type: 'event', trace: [frame] });
    expect(fromWire(eventTuple(null))).not.toHaveProperty('trace');
    expect(fromWire(eventTuple(undefined).slice(0, 11))).not.toHaveProperty('trace');
  });

  it('refuses a trace longer than MAX_CALL_SITE_FRAMES or with a malformed frame', () => {
    expect(fromWire(eventTuple(Array.from({ length: MAX_CALL_SITE_FRAMES + 1 }, () => frame)))).toBeUndefined();
    expect(fromWire(eventTuple([{ ...frame, line: '12' }]))).toBeUndefined();
    expect(fromWire(eventTuple('at addToCart (cart.ts:12:7)'))).toBeUndefined();
  });
});
