import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBus, createRegistry, inspect, type Observation } from '../../src/index';
import { connectTabs } from '../../src/tabs/index';
import { collectConsoleErrors } from '../support/console';
import { until } from './support/raw-client';

// Node has BroadcastChannel too: instances with one name in one process reach each other, like tabs.
type Events = { 'cart/added': { sku: string } };
const registry = () => createRegistry<Events>().define('cart/added');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  vi.restoreAllMocks();
});
let n = 0;
const pair = (setupA?: (bus: ReturnType<typeof createBus<Events>>) => void) => {
  const channel = `node-tabs-${++n}`;
  return [setupA, undefined].map((setup) => {
    const bus = createBus<Events>({ onError: () => {} });
    setup?.(bus);
    const received: string[] = [];
    bus.subscribe('cart/added', (e) => {
      received.push(e.sku);
    });
    const disconnect = connectTabs(bus, { channel, types: ['cart/added'], registry: registry(), syncSticky: false });
    cleanups.push(disconnect);
    return { bus, received };
  }) as [
    { bus: ReturnType<typeof createBus<Events>>; received: string[] },
    { bus: ReturnType<typeof createBus<Events>>; received: string[] },
  ];
};

describe('connectTabs (Node BroadcastChannel)', () => {
  it('does not echo events back, even when an async middleware delays the handlers', async () => {
    const [a, b] = pair((bus) => bus.use(async (event) => event, { name: 'async-audit' }));
    b.bus.emit('cart/added', { sku: 'tea' });
    await until(() => a.received.length === 1, 'a receives');
    a.bus.emit('cart/added', { sku: 'milk' });
    await until(() => b.received.length === 2, 'b receives');
    await new Promise((r) => setTimeout(r, 150));
    expect(a.received).toEqual(['tea', 'milk']);
    expect(b.received).toEqual(['tea', 'milk']);
  });

  it('refuses to bridge a type the registry does not know, naming the fix', () => {
    const bus = createBus<Events>();
    // Plain JavaScript callers get no type error, so the runtime check must catch it.
    const types = ['cart/added', 'cart/removed'] as never;
    expect(() => connectTabs(bus, { channel: 'x', types, registry: registry() })).toThrow(
      /type "cart\/removed" is not in the registry; add registry.define\('cart\/removed'/,
    );
  });

  it.each([
    ['a middleware that replaces the event', (event: { sku: string }) => ({ ...event })],
    ['an async middleware that replaces the event', async (event: { sku: string }) => ({ ...event })],
  ])('does not echo or loop when %s in every tab', async (_, replace) => {
    const [a, b] = pair((bus) => bus.use(replace as never, { name: 'normalize' }));
    b.bus.use(replace as never, { name: 'normalize' });
    let posts = 0;
    const listener = new BroadcastChannel(`node-tabs-${n}`);
    listener.onmessage = () => posts++;
    cleanups.push(() => listener.close());
    a.bus.emit('cart/added', { sku: 'tea' });
    await until(() => b.received.length === 1, 'b receives');
    b.bus.emit('cart/added', { sku: 'milk' });
    await until(() => a.received.length === 2, 'a receives');
    await new Promise((r) => setTimeout(r, 150));
    expect(a.received).toEqual(['tea', 'milk']);
    expect(b.received).toEqual(['tea', 'milk']);
    expect(posts).toBe(2);
  });

  it('two bridges on one bus never pass an event back and forth: two channels carrying one type', async () => {
    // Each bus bridges 'cart/added' over two channels (as tabs plus a relay would): what one
    // bridge delivers, the other must not send out again, or the event circles for ever.
    const channels = [`node-tabs-${++n}`, `node-tabs-${++n}`];
    const tabs = [0, 1].map(() => {
      const bus = createBus<Events>({ onError: () => {} });
      const received: string[] = [];
      bus.subscribe('cart/added', (e) => void received.push(e.sku));
      for (const channel of channels) {
        cleanups.push(connectTabs(bus, { channel, types: ['cart/added'], registry: registry(), syncSticky: false }));
      }
      return { bus, received };
    });
    let posts = 0;
    const listeners = channels.map((channel) => new BroadcastChannel(channel));
    for (const listener of listeners) {
      listener.onmessage = () => posts++;
      cleanups.push(() => listener.close());
    }
    tabs[0]?.bus.emit('cart/added', { sku: 'tea' });
    await until(() => posts === 2 && tabs[1]?.received.length === 1, 'the event over both channels');
    await new Promise((r) => setTimeout(r, 200));
    // Delivered once though it came by both channels (as by a channel and a relay); never sent back.
    expect(tabs.map((tab) => tab.received)).toEqual([['tea'], ['tea']]);
    expect(posts).toBe(2);
  });

  it('a bus connected twice to one channel loops no event, and the second connection is warned about', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const channel = `node-tabs-${++n}`;
    const twice = createBus<Events>({ name: 'twice', onError: () => {} });
    const once = createBus<Events>({ onError: () => {} });
    const received = { twice: [] as string[], once: [] as string[] };
    twice.subscribe('cart/added', (e) => void received.twice.push(e.sku));
    once.subscribe('cart/added', (e) => void received.once.push(e.sku));
    const options = { channel, types: ['cart/added'] as const, registry: registry(), syncSticky: false };
    const first = connectTabs(twice, options);
    expect(warnings).not.toHaveBeenCalled();
    const second = connectTabs(twice, options);
    cleanups.push(first, second, connectTabs(once, options));
    expect(warnings.mock.calls).toEqual([
      [
        expect.stringMatching(
          /bus "twice" is already connected to the tabs channel "node-tabs-\d+", so each event will be sent twice\. Call the first connection's disconnect/,
        ),
      ],
    ]);
    once.emit('cart/added', { sku: 'tea' });
    await until(() => received.twice.length === 1, 'a connection delivers');
    await new Promise((r) => setTimeout(r, 200));
    // Both connections receive it; the bus runs its handlers once.
    expect(received).toEqual({ twice: ['tea'], once: ['tea'] });
    // Disconnected, they no longer count: connecting again is not warned about.
    first();
    second();
    cleanups.push(connectTabs(twice, options));
    expect(warnings).toHaveBeenCalledTimes(1);
  });

  it('still sends what a handler emits in reaction to a received event', async () => {
    type Chat = { 'chat/asked': { text: string }; 'chat/answered': { text: string } };
    const chatRegistry = () => createRegistry<Chat>().define('chat/asked').define('chat/answered');
    const channel = `node-tabs-${++n}`;
    const [asker, answerer] = [createBus<Chat>(), createBus<Chat>()];
    answerer.subscribe('chat/asked', (question, ctx) => ctx.emit('chat/answered', { text: `re: ${question.text}` }));
    const answers: string[] = [];
    asker.subscribe('chat/answered', (answer) => void answers.push(answer.text));
    for (const bus of [asker, answerer]) {
      cleanups.push(connectTabs(bus, { channel, types: ['chat/asked', 'chat/answered'], registry: chatRegistry(), syncSticky: false }));
    }
    asker.emit('chat/asked', { text: 'tea?' });
    await until(() => answers.length === 1, 'the answer arrives');
    expect(answers).toEqual(['re: tea?']);
  });

  it('reports a malformed message of any kind, a BigInt too, to onInvalid without throwing', async () => {
    const bus = createBus<Events>();
    const invalid: string[] = [];
    const channel = `node-tabs-${++n}`;
    cleanups.push(
      connectTabs(bus, {
        channel,
        types: ['cart/added'],
        registry: registry(),
        syncSticky: false,
        onInvalid: (e) => invalid.push(e.message),
      }),
    );
    const sender = new BroadcastChannel(channel);
    cleanups.push(() => sender.close());
    sender.postMessage({ hubbub: 'tabs', version: 2, source: 'other', kind: 10n });
    sender.postMessage({ hubbub: 'tabs', version: 2, source: 'other', kind: 'x'.repeat(10_000) });
    await until(() => invalid.length === 2, 'both reported');
    expect(invalid[0]).toBe('[hubbub/tabs] malformed: unknown kind bigint');
    expect(invalid[1]?.length).toBeLessThan(200);
  });

  it('tells onError and the inspection stream about an event whose type the registry lacks, and throws it to the publisher', async () => {
    class OrderEvent {
      static type = 'order/event';
      constructor(readonly id: string) {}
    }
    class OrderPlaced extends OrderEvent {
      static override type = 'order/placed';
    }
    const busErrors: unknown[] = [];
    const bus = createBus({ onError: (error) => void busErrors.push(error) });
    const sendErrors: string[] = [];
    const observed: Observation[] = [];
    inspect(bus, (observation) => void observed.push(observation));
    const types = [OrderEvent];
    const classRegistry = createRegistry().define(OrderEvent);
    cleanups.push(
      connectTabs(bus, {
        channel: `node-tabs-${++n}`,
        types,
        registry: classRegistry,
        syncSticky: false,
        onError: (e) => sendErrors.push(e.message),
      }),
    );
    const report = await bus.publish(new OrderPlaced('o1'));
    expect(report.errors).toHaveLength(1);
    expect(sendErrors).toEqual([expect.stringMatching(/cannot send "order\/placed": it is not in the registry/)]);
    // Once, to the connection's onError only (as connectRemote does): the bus's onError is not told again.
    expect(busErrors).toEqual([]);
    expect(observed).toContainEqual(expect.objectContaining({ kind: 'transport', event: 'send-failed' }));
  });

  it('logs an onInvalid that throws, and delivers the events after it', async () => {
    const channel = `node-tabs-${++n}`;
    const bus = createBus<Events>();
    const received: string[] = [];
    bus.subscribe('cart/added', (e) => void received.push(e.sku));
    const logged = collectConsoleErrors(cleanups);
    const onInvalid = () => {
      throw new Error('app callback failed');
    };
    cleanups.push(connectTabs(bus, { channel, types: ['cart/added'], registry: registry(), syncSticky: false, onInvalid }));
    const sender = new BroadcastChannel(channel);
    cleanups.push(() => sender.close());
    const event = (id: string, data: unknown) => ({
      hubbub: 'tabs',
      version: 2,
      kind: 'event',
      source: 'other',
      id,
      time: Date.now(),
      envelope: { type: 'cart/added', version: 9, data },
    });
    sender.postMessage({ hubbub: 'tabs', version: 2, source: 'other', kind: 'nope' });
    sender.postMessage(event('1', { sku: 'too new' }));
    sender.postMessage({ ...event('2', { sku: 'tea' }), envelope: { type: 'cart/added', version: 1, data: { sku: 'tea' } } });
    await until(() => received.length === 1, 'the valid event');
    expect(received).toEqual(['tea']);
    expect(logged.map((parts) => parts[0])).toEqual(['[hubbub/tabs] options.onInvalid threw:', '[hubbub/tabs] options.onInvalid threw:']);
  });
});
