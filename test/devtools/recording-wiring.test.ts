// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { readLeftOut, type StreamEntry } from '../../src/devtools/protocol-exports';
import { createBus } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, settle, type TestPanel } from './support/panel';

type Events = {
  'pointer/move': { x: number };
  'pointer/down': { x: number };
  'cart/added': { sku: string };
  'scroll/y': number;
  tick: number;
};

afterEach(() => {
  vi.restoreAllMocks();
});
const cleanups = cleanupsAfterEach();

const setup = async (options: Parameters<typeof connectDevtools>[1]) => {
  const bus = createBus<Events>({ name: 'shop', onError: () => {} });
  const panel = createTestPanel(bus.id);
  const disconnect = connectDevtools(bus, { leaks: false, ...options });
  cleanups.push(disconnect, panel.close);
  panel.send({ kind: 'connect' });
  await settle();
  return { bus, panel, disconnect };
};

const eventTypes = (entries: StreamEntry[]) => entries.flatMap((e) => (e.type === 'event' ? [e.eventType] : []));
const latestLeftOut = (panel: TestPanel) =>
  panel
    .of('batch')
    .map(readLeftOut)
    .filter((summary) => summary !== undefined)
    .at(-1);

describe('connectDevtools: recording controls', () => {
  it('never sends a denied event, nor its middleware, handler runs or dispatch summary, and counts it', async () => {
    const { bus, panel } = await setup({ deny: ['pointer/*'] });
    bus.use((event) => event, { name: 'logger' });
    bus.subscribe('pointer/move', () => {}, { label: 'cursor' });
    bus.subscribe('cart/added', () => {}, { label: 'badge' });
    bus.emit('pointer/move', { x: 1 });
    bus.emit('cart/added', { sku: 'tea' });
    bus.emit('pointer/down', { x: 2 });
    await settle();
    const entries = panel.entries();
    expect(eventTypes(entries)).toEqual(['cart/added']);
    const cartId = entries.find((e) => e.type === 'event')?.id;
    const followUps = entries.filter((e) => e.type === 'middleware' || e.type === 'handler' || e.type === 'dispatched');
    expect(followUps.length).toBeGreaterThanOrEqual(3);
    for (const entry of followUps) expect('eventId' in entry && entry.eventId).toBe(cartId);
    // No payload of a pointer event (`{ x }`) left the page.
    expect(panel.messages.filter((m) => m.kind === 'batch' && String(m.entries).includes('"x":'))).toEqual([]);
    expect(latestLeftOut(panel)).toEqual({
      total: 2,
      byType: [
        { type: 'pointer/move', denied: 1, 'sampled-out': 0, 'over-cap': 0 },
        { type: 'pointer/down', denied: 1, 'sampled-out': 0, 'over-cap': 0 },
      ],
      otherTypes: { denied: 0, 'sampled-out': 0, 'over-cap': 0 },
    });
  });

  it('skips the async handler end of a left-out event, which arrives after its dispatch summary', async () => {
    const { bus, panel } = await setup({ deny: ['pointer/move'] });
    let finish = () => {};
    bus.subscribe('pointer/move', () => new Promise<void>((resolve) => (finish = resolve)), { label: 'slow' });
    bus.emit('pointer/move', { x: 1 });
    await settle();
    finish();
    await settle();
    expect(panel.entries().filter((e) => e.type !== 'subscription')).toEqual([]);
  });

  it('keeps one in ten of a sampled type, sends the left-out counts even when nothing else is sent, and resends them to a viewer that connects later', async () => {
    const { bus, panel } = await setup({ sample: { 'scroll/*': 0.1 } });
    for (let i = 0; i < 20; i++) bus.emit('scroll/y', i);
    await settle();
    const kept = panel.entries().filter((e) => e.type === 'event');
    expect(kept.map((e) => e.type === 'event' && e.payload)).toEqual([0, 10]);
    expect(latestLeftOut(panel)?.byType).toEqual([{ type: 'scroll/y', denied: 0, 'sampled-out': 18, 'over-cap': 0 }]);

    const later = createTestPanel(bus.id);
    cleanups.push(later.close);
    later.send({ kind: 'connect' });
    await settle();
    expect(latestLeftOut(later)?.total).toBe(18);
  });

  it('sends only allowed events and caps a type per second', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { bus, panel } = await setup({ allow: ['cart/**', 'tick'], maxPerSecond: { tick: 2 } });
    for (let i = 0; i < 5; i++) bus.emit('tick', i);
    bus.emit('cart/added', { sku: 'tea' });
    bus.emit('pointer/move', { x: 0 });
    await settle();
    now = 1500;
    bus.emit('tick', 5);
    await settle();
    expect(eventTypes(panel.entries())).toEqual(['tick', 'tick', 'cart/added', 'tick']);
    expect(latestLeftOut(panel)?.byType).toEqual([
      { type: 'tick', denied: 0, 'sampled-out': 0, 'over-cap': 3 },
      { type: 'pointer/move', denied: 1, 'sampled-out': 0, 'over-cap': 0 },
    ]);
  });

  it('records an event the panel dispatched even when its type is denied (the panel waits for it)', async () => {
    const { panel } = await setup({ deny: ['cart/*'], allowDispatch: true });
    panel.send({ kind: 'dispatch', requestId: 'r1', eventType: 'cart/added', payload: { sku: 'tea' }, mode: 'dispatch' });
    await settle();
    const [result] = panel.of('dispatch-result');
    expect(result).toMatchObject({ ok: true });
    const event = panel.entries().find((e) => e.type === 'event');
    expect(event).toMatchObject({ eventType: 'cart/added', replayed: true, id: result?.ok ? result.eventId : '' });
    expect(panel.entries().filter((e) => e.type === 'dispatched')).toHaveLength(1);
  });

  it('fails at connect time with the controls TypeError naming the option', () => {
    const bus = createBus<Events>();
    expect(() => connectDevtools(bus, { sample: { 'pointer/move': 2 } })).toThrow(/sample\['pointer\/move'\] must be a rate/);
    expect(() => connectDevtools(bus, { deny: ['point*'] })).toThrow(/'point\*' is not a pattern/);
    expect(() => connectDevtools(bus, { leaks: { minGrowth: 0 } })).toThrow(/minGrowth must be a whole number >= 1/);
  });
});
