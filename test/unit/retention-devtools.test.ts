// @vitest-environment happy-dom
import { getHeapStatistics } from 'node:v8';
import { describe, expect, test } from 'vitest';
import { connectDevtools, type DevtoolsOptions } from '../../src/devtools/index';
import { checkPageMessage, PAGE_SOURCE } from '../../src/devtools/protocol';
import { PANEL_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol-exports';
import { type Bus, createBus } from '../../src/index';
import { postFromThisWindow, settle } from '../devtools/support/panel';
import { createRetentionProbe, type RetentionProbe } from './retention-support';

type Events = { 'cart/added': { sku: string } };

/** A viewer connecting to the bus, as the panel does. */
const connectViewer = (bus: Bus<Events>) =>
  postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect', instanceId: bus.id, viewer: 'retention' });

/**
 * A bus connected to devtools, with a handler and an event emitted from a closure of its own (with
 * `trace: true`, its call site is recorded). Only `disconnect` is returned.
 */
const arrange = (probe: RetentionProbe, options: DevtoolsOptions = {}, viewer = false) => {
  const bus = probe.track('bus', createBus<Events>({ name: 'retention' }));
  const disconnect = connectDevtools(bus, { leaks: { intervalMs: 60_000 }, ...options });
  bus.subscribe(
    'cart/added',
    probe.track('handler', () => {}),
  );
  if (viewer) connectViewer(bus);
  const addToCart = probe.track('function that emitted', () => bus.emit('cart/added', probe.track('payload', { sku: 'tea' })));
  addToCart();
  return { disconnect };
};

/**
 * Calls the held disconnect and lets go of it, in a frame of its own: called from the test's async
 * body, the function could stay in that body's saved registers while it awaits.
 */
const disconnectAndLetGo = (held: { disconnect?: () => void }) => {
  held.disconnect?.();
  delete held.disconnect;
};

describe('hubbub/devtools: nothing is kept after disconnect', () => {
  test.each([
    ['no viewer', {}, false],
    ['a viewer streaming', {}, true],
    ['trace: true', { trace: true }, false],
  ] as const)('disconnect() lets go of the bus, its handlers and what its buffer held (%s)', async (_, options, viewer) => {
    const probe = createRetentionProbe();
    const connection: { disconnect?: () => void } = arrange(probe, options, viewer);
    await settle();
    disconnectAndLetGo(connection);
    expect(await probe.retained()).toEqual([]);
  });

  test.each([
    ['', {}],
    [', with trace: true (its buffer held the stacks of the emits)', { trace: true }],
  ] as const)('a disconnect function kept after its call (a listener, a field) keeps nothing of the connection%s', async (_, options) => {
    const probe = createRetentionProbe();
    const { disconnect } = arrange(probe, options);
    await settle();
    disconnect();
    expect(await probe.retained()).toEqual([]);
    disconnect();
  });

  test('while no viewer is connected, the buffer holds serialized copies, never the payloads, and at most maxBuffer entries', async () => {
    const probe = createRetentionProbe();
    const bus = createBus<Events>({ name: 'retention' });
    const disconnect = connectDevtools(bus, { maxBuffer: 10, leaks: false });
    const emitMany = () => {
      for (let index = 0; index < 50; index++) bus.emit('cart/added', probe.track(`payload ${index}`, { sku: `sku-${index}` }));
    };
    emitMany();
    expect(await probe.retained()).toEqual([]);
    const hellos: unknown[] = [];
    const listen = (event: MessageEvent) => {
      if ((event.data as { kind?: unknown } | null)?.kind === 'hello') hellos.push(event.data);
    };
    window.addEventListener('message', listen);
    connectViewer(bus);
    await settle();
    window.removeEventListener('message', listen);
    disconnect();
    // Each event is two entries here (the event and its dispatch summary): the newest ten are kept.
    expect(hellos.at(-1)).toMatchObject({ instance: { buffered: 10, dropped: 90 } });
  });

  test('trace: true with no viewer keeps the functions on each buffered stack, at most maxBuffer events, until a viewer takes them', async () => {
    const probe = createRetentionProbe();
    const bus = createBus<Events>({ name: 'retention' });
    const disconnect = connectDevtools(bus, { trace: true, maxBuffer: 4, leaks: false });
    const emitFrom = (name: string) => {
      const emitter = probe.track(name, () => bus.emit('cart/added', { sku: name }));
      emitter();
    };
    emitFrom('pushed out of the buffer');
    for (let index = 0; index < 4; index++) bus.emit('cart/added', { sku: 'filler' });
    emitFrom('buffered');
    expect(await probe.retained()).toEqual(['buffered']);
    connectViewer(bus);
    await settle();
    expect(await probe.retained()).toEqual([]);
    disconnect();
  });

  test('a bus never disconnected stays connected: the page keeps it (and its buffer) until disconnect()', async () => {
    const probe = createRetentionProbe();
    const connection: { disconnect?: () => void } = arrange(probe, {});
    expect(await probe.retained()).toEqual(['bus', 'handler']);
    disconnectAndLetGo(connection);
    expect(await probe.retained()).toEqual([]);
  });
});

describe('the protocol check: what a refusal keeps of a hostile message', () => {
  test('the reason for an unknown kind quotes its start without keeping a huge kind alive', async () => {
    const KIND_CHARACTERS = 8_000_000;
    const used = async () => {
      await createRetentionProbe().retained();
      return getHeapStatistics().used_heap_size;
    };
    const before = await used();
    const refusals = Array.from({ length: 5 }, (_, n) =>
      checkPageMessage({ source: PAGE_SOURCE, version: PROTOCOL_VERSION, kind: `${n}`.padEnd(KIND_CHARACTERS, 'k') }),
    );
    const after = await used();
    expect(refusals[0]).toEqual({ ok: false, reason: 'malformed', detail: `unknown kind "0${'k'.repeat(99)}"` });
    // Each refusal used to keep a JSON copy of its whole kind (8 MB): 40 MB for five.
    expect(after - before).toBeLessThan(KIND_CHARACTERS);
  });
});
