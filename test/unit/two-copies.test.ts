import { describe, expect, test, vi } from 'vitest';
import { connectDevtools } from '../../src/devtools/index';
import { createBus, createRegistry, inspect, subscriptionsOf } from '../../src/index';
import { connectRemote } from '../../src/remote/index';
import { connectTabs } from '../../src/tabs/index';
import { NeverOpenedSocket } from '../support/never-opened-socket';

/**
 * An app that loads hubbub twice (two versions, a linked package, a bundler's pre-bundled copy
 * beside a plain one): a fresh module graph stands for the second copy, with its own internals.
 */
const loadSecondCopy = async () => {
  vi.resetModules();
  const core = await import('../../src/index');
  const devtools = await import('../../src/devtools/index');
  const testing = await import('../../src/testing/index');
  return { ...core, ...devtools, ...testing };
};

const TWO_COPIES = /made by another copy of hubbub: .*npm dedupe.*resolve: \{ dedupe: \['hubbub'\] \}/;

describe('a bus made by another copy of hubbub', () => {
  test('the helpers that need its internals say two copies are loaded, and how to make them one', async () => {
    const other = await loadSecondCopy();
    const bus = other.createBus({ name: 'other' });
    expect(() => connectDevtools(bus)).toThrow(TWO_COPIES);
    expect(() => inspect(bus, () => {})).toThrow(TWO_COPIES);
    expect(() => subscriptionsOf(bus)).toThrow(TWO_COPIES);
    const registry = createRegistry<{ 'cart/added': string }>().define('cart/added');
    const transport = { types: ['cart/added'] as const, registry };
    expect(() => connectTabs(bus as never, { channel: 'shop', ...transport })).toThrow(TWO_COPIES);
    expect(() =>
      connectRemote(bus as never, { url: 'ws://127.0.0.1:1', channels: ['shop'], WebSocket: NeverOpenedSocket, ...transport }),
    ).toThrow(TWO_COPIES);
  });

  test('what is no bus at all is still named by its kind', () => {
    expect(() => connectDevtools({} as never)).toThrow(/expected a bus made by createBus\(\), got object\.$/);
    expect(() => inspect(null as never, () => {})).toThrow(/got null\.$/);
  });

  test('the helpers that only subscribe and publish work across copies: a saga, once, waitForEvent', async () => {
    const other = await loadSecondCopy();
    const errors: unknown[] = [];
    const bus = createBus<{ 'order/paid': { id: string }; 'order/shipped': { id: string }; 'order/done': { id: string } }>({
      onError: (error) => errors.push(error),
    });
    const done: string[] = [];
    bus.subscribe('order/done', (event) => {
      done.push(event.id);
    });
    other.createSaga(bus, {
      name: 'fulfil',
      steps: ['order/paid', 'order/shipped'] as const,
      correlate: (event) => event.id,
      complete: ([paid], ctx) => ctx.publish('order/done', { id: paid.id }),
    });
    const shipped = other.waitForEvent(bus, 'order/shipped');
    const paid = other.once(bus, 'order/paid');
    await bus.publish('order/paid', { id: 'o1' });
    await bus.publish('order/shipped', { id: 'o1' });
    expect(await paid).toEqual({ id: 'o1' });
    expect(await shipped).toEqual({ id: 'o1' });
    expect(done).toEqual(['o1']);
    expect(errors).toEqual([]);
  });
});
