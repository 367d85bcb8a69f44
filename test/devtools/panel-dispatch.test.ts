// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectDevtools } from '../../src/devtools/index';
import type { PageMessage, StreamEntry } from '../../src/devtools/protocol-exports';
import { createBus, createRegistry } from '../../src/index';
import { cleanupsAfterEach } from '../support/cleanups';
import { createTestPanel, settle, type TestPanel } from './support/panel';

type Events = { 'cart/added': { sku: string; qty: number }; 'cart/counted': number };

class OrderPlaced {
  static type = 'order/placed';
  constructor(
    readonly orderId: string,
    readonly amount: number,
  ) {}
  get doubled() {
    return this.amount * 2;
  }
}

const cleanups = cleanupsAfterEach();

const setup = (options: Parameters<typeof connectDevtools>[1]) => {
  const bus = createBus<Events>({ onError: () => {} });
  const panel = createTestPanel(bus.id);
  cleanups.push(connectDevtools(bus, options), panel.close);
  return { bus, panel };
};

let requests = 0;
const dispatch = async (
  panel: TestPanel,
  eventType: string,
  payload: unknown,
  mode: 'dispatch' | 'replay' = 'dispatch',
  eventVersion?: number,
) => {
  const requestId = `r${++requests}`;
  panel.send({ kind: 'connect' });
  panel.send({ kind: 'dispatch', requestId, eventType, payload, mode, ...(eventVersion === undefined ? {} : { eventVersion }) });
  await settle(4);
  const result = panel.of('dispatch-result').find((m) => m.requestId === requestId);
  if (!result) throw new Error(`no dispatch-result for ${requestId}`);
  return result as Extract<PageMessage, { kind: 'dispatch-result' }>;
};

const events = (panel: TestPanel) => panel.entries().filter((e): e is Extract<StreamEntry, { type: 'event' }> => e.type === 'event');

describe('dispatch from the panel', () => {
  it('is refused without allowDispatch, with a reason the panel can show, and nothing is published', async () => {
    const { bus, panel } = setup({});
    const received: unknown[] = [];
    bus.subscribe('cart/added', (item) => received.push(item));
    const result = await dispatch(panel, 'cart/added', { sku: 'tea', qty: 1 });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('allowDispatch: true') });
    expect(received).toEqual([]);
    expect(events(panel)).toEqual([]);
  });

  it('publishes a string-key event with allowDispatch and marks it (only it) replayed in the stream', async () => {
    const { bus, panel } = setup({ allowDispatch: true });
    const received: unknown[] = [];
    bus.subscribe('cart/added', (item, ctx) => {
      received.push(item);
      ctx.emit('cart/counted', 1);
    });
    bus.emit('cart/added', { sku: 'app', qty: 1 });
    const result = await dispatch(panel, 'cart/added', { sku: 'tea', qty: 3 }, 'replay');
    expect(received).toEqual([
      { sku: 'app', qty: 1 },
      { sku: 'tea', qty: 3 },
    ]);
    expect(result.ok).toBe(true);
    const list = events(panel).map((e) => [e.eventType, e.replayed, e.via]);
    expect(list).toEqual([
      ['cart/added', false, 'emit'],
      ['cart/counted', false, 'emit'],
      ['cart/added', true, 'publish'],
      ['cart/counted', false, 'emit'],
    ]);
    expect(result.ok && result.eventId).toBe(events(panel)[2]?.id);
  });

  it('turns a recorded payload with markers back into values, and refuses one that lost data', async () => {
    const { bus, panel } = setup({ allowDispatch: true });
    const received: unknown[] = [];
    bus.subscribe('cart/added', (item) => received.push(item));
    const ok = await dispatch(panel, 'cart/added', {
      sku: 'tea',
      qty: { $hubbub: 'number', value: 'Infinity' },
      at: { $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' },
    });
    expect(ok.ok).toBe(true);
    expect(received[0]).toEqual({ sku: 'tea', qty: Number.POSITIVE_INFINITY, at: new Date('2026-01-01T00:00:00.000Z') });
    const refused = await dispatch(panel, 'cart/added', {
      sku: { $hubbub: 'truncated', reason: 'string', omitted: 5, preview: 'te' },
      qty: 1,
    });
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('truncated value at $.sku') });
    expect(received).toHaveLength(1);
  });

  it('refuses a class event without a registry, naming the fix', async () => {
    const { bus, panel } = setup({ allowDispatch: true });
    bus.subscribe(OrderPlaced, () => {});
    bus.emit(new OrderPlaced('o1', 5));
    const result = await dispatch(panel, 'order/placed', { orderId: 'o2', amount: 1 });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/class event.*registry/) });
  });

  it('rebuilds class events through the registry (instances reach class subscribers) and reports its refusals', async () => {
    const registry = createRegistry<Events>().define(OrderPlaced, {
      schema: z.object({ orderId: z.string(), amount: z.number().positive() }),
    });
    const { bus, panel } = setup({ allowDispatch: true, registry });
    const received: OrderPlaced[] = [];
    bus.subscribe(OrderPlaced, (order) => received.push(order));
    const recorded = { $hubbub: 'instance', className: 'OrderPlaced', fields: { orderId: 'o2', amount: 4 } };
    const result = await dispatch(panel, 'order/placed', recorded, 'replay');
    expect(result.ok).toBe(true);
    expect(received[0]).toBeInstanceOf(OrderPlaced);
    expect(received[0]?.doubled).toBe(8);
    const invalid = await dispatch(panel, 'order/placed', { orderId: 'o3', amount: -1 });
    expect(invalid).toMatchObject({ ok: false, reason: expect.stringContaining('The registry refused "order/placed"') });
    expect(received).toHaveLength(1);
  });

  it('event entries carry the version the registry gives their type; a replay at an older version is upcast', async () => {
    // v1 orders had `total`; v2 calls it `amount`.
    const registry = createRegistry<Events>().define(OrderPlaced, {
      version: 2,
      upcasters: { 1: (v1: { orderId: string; total: number }) => ({ orderId: v1.orderId, amount: v1.total }) },
    });
    const { bus, panel } = setup({ allowDispatch: true, registry });
    const received: OrderPlaced[] = [];
    bus.subscribe(OrderPlaced, (order) => received.push(order));
    bus.emit(new OrderPlaced('o1', 5));
    bus.emit('cart/counted', 1);
    const result = await dispatch(panel, 'order/placed', { orderId: 'o2', total: 7 }, 'replay', 1);
    expect(result.ok).toBe(true);
    expect(received.map((o) => [o.orderId, o.amount])).toEqual([
      ['o1', 5],
      ['o2', 7],
    ]);
    expect(events(panel).map((e) => [e.eventType, e.version])).toEqual([
      ['order/placed', 2],
      ['cart/counted', undefined],
      ['order/placed', 2],
    ]);
    const tooNew = await dispatch(panel, 'order/placed', { orderId: 'o3', amount: 1 }, 'replay', 3);
    expect(tooNew).toMatchObject({ ok: false, reason: expect.stringContaining('newer than this app knows') });
    const notWhole = await dispatch(panel, 'order/placed', { orderId: 'o3', amount: 1 }, 'replay', 1.5);
    expect(notWhole).toMatchObject({ ok: false, reason: expect.stringContaining('version must be a whole number') });
    expect(received).toHaveLength(2);
  });
});
