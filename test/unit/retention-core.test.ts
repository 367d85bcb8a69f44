import { describe, expect, test } from 'vitest';
import { createBus, createRegistry, events, inspect, once } from '../../src/index';
import { createRetentionProbe } from './retention-support';

// Each test makes what it tracks inside a function that has returned before `retained()` is
// awaited: the test's own async body would keep its locals alive while it waits.
type Events = { 'cart/added': { sku: string }; 'cart/updated': { items: number }; loop: { n: number }; fail: { n: number } };

const quiet = { onError: () => {} };

describe('core: nothing is kept after it is let go of', () => {
  test('a bus let go of is collected, with its handlers, middleware, inspectors and every payload it dispatched', async () => {
    const probe = createRetentionProbe();
    const arrange = async () => {
      const bus = probe.track('bus', createBus<Events>());
      bus.subscribe(
        'cart/added',
        probe.track('handler', (_item: { sku: string }) => {}),
      );
      bus.subscribe(
        '*',
        probe.track('wildcard handler', () => {}),
      );
      bus.use(probe.track('middleware', (event: unknown) => event));
      inspect(
        bus,
        probe.track('inspector', () => {}),
      );
      bus.emit('cart/added', probe.track('emitted payload', { sku: 'tea' }));
      await bus.publish('cart/added', probe.track('published payload', { sku: 'cake' }));
    };
    await arrange();
    expect(await probe.retained()).toEqual([]);
  });

  describe('while the bus lives', () => {
    test('a handler is let go of once unsubscribed: by its function, by its signal, by once', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>();
      const arrange = () => {
        bus.subscribe(
          'cart/added',
          probe.track('unsubscribed handler', () => {}),
        )();
        const controller = new AbortController();
        bus.subscribe(
          'cart/added',
          probe.track('handler whose signal aborted', () => {}),
          { signal: controller.signal },
        );
        controller.abort();
        bus.subscribe(
          'cart/added',
          probe.track('once handler, called', () => {}),
          { once: true },
        );
        bus.emit('cart/added', probe.track('payload', { sku: 'tea' }));
      };
      arrange();
      expect(await probe.retained()).toEqual([]);
    });

    test('removed middleware and detached inspectors are let go of, and so are the events they saw', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>();
      const arrange = async () => {
        const remove = bus.use(probe.track('middleware', (event: unknown) => event));
        const detach = inspect(
          bus,
          probe.track('inspector', () => {}),
        );
        bus.emit('cart/added', probe.track('emitted payload', { sku: 'tea' }));
        await bus.publish('cart/added', probe.track('published payload', { sku: 'cake' }));
        remove();
        detach();
      };
      await arrange();
      expect(await probe.retained()).toEqual([]);
    });

    test('a sticky key keeps its latest value only: the one it replaced is collected', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>({ sticky: ['cart/updated'] });
      const arrange = () => {
        bus.emit('cart/updated', probe.track('replaced value', { items: 1 }));
        bus.emit('cart/updated', probe.track('latest value', { items: 2 }));
      };
      arrange();
      expect(await probe.retained()).toEqual(['latest value']);
    });

    test('what handlers threw or rejected with is let go of once onError and the report are done with it', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>({ onError: probe.track('bus onError', () => {}) });
      const arrange = async () => {
        bus.subscribe('fail', () => {
          throw probe.track('thrown error', new Error('thrown'));
        });
        bus.subscribe('fail', () => Promise.reject(probe.track('rejection', new Error('rejected'))));
        bus.emit('fail', probe.track('emitted payload', { n: 1 }));
        const report = await bus.publish('fail', probe.track('published payload', { n: 2 }));
        expect(report.errors).toHaveLength(2);
      };
      await arrange();
      expect(await probe.retained()).toEqual(['bus onError']);
    });

    test('an event storm keeps nothing of the refused events, emitted or published', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>({ ...quiet, maxDepth: 4 });
      bus.subscribe('loop', (_event, ctx) => ctx.emit('loop', probe.track('nested payload', { n: 1 })));
      const arrange = async () => {
        expect(() => bus.emit('loop', probe.track('emitted root', { n: 0 }))).not.toThrow();
        await bus.publish('loop', probe.track('published root', { n: 0 }));
      };
      await arrange();
      expect(await probe.retained()).toEqual([]);
    });
  });

  describe('once() and events()', () => {
    test('a once() that resolved, was aborted or timed out lets go of its where() and the event', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>();
      const arrange = async () => {
        const resolved = once(bus, 'cart/added', { where: probe.track('where, resolved', () => true) });
        bus.emit('cart/added', probe.track('awaited event', { sku: 'tea' }));
        await resolved;
        const controller = new AbortController();
        const aborted = once(bus, 'cart/added', { where: probe.track('where, aborted', () => true), signal: controller.signal });
        controller.abort();
        await aborted.catch(() => {});
        await once(bus, 'cart/added', { where: probe.track('where, timed out', () => true), timeout: 0 }).catch(() => {});
      };
      await arrange();
      expect(await probe.retained()).toEqual([]);
    });

    test('a once() without timeout, left pending on a bus let go of, keeps nothing alive', async () => {
      const probe = createRetentionProbe();
      const arrange = () => {
        const bus = probe.track('bus', createBus<Events>());
        void once(bus, 'cart/added', { where: probe.track('where', () => true) });
      };
      arrange();
      expect(await probe.retained()).toEqual([]);
    });

    test('a signal that outlives the bus keeps a pending once() and its bus until it aborts, as any AbortSignal listener does', async () => {
      const probe = createRetentionProbe();
      const controller = new AbortController();
      const arrange = () => {
        const bus = probe.track('bus', createBus<Events>());
        once(bus, 'cart/added', { signal: controller.signal }).catch(() => {});
        bus.subscribe(
          'cart/updated',
          probe.track('handler', () => {}),
          { signal: controller.signal },
        );
      };
      arrange();
      expect(await probe.retained()).toEqual(['bus', 'handler']);
      controller.abort();
      expect(await probe.retained()).toEqual([]);
    });

    test('an events() stream lets go of its subscription when the loop ends, and an abandoned one goes with its bus', async () => {
      const probe = createRetentionProbe();
      const bus = createBus<Events>();
      const arrange = async () => {
        const stream = events(bus, 'cart/added');
        bus.emit('cart/added', probe.track('read event', { sku: 'tea' }));
        bus.emit('cart/added', probe.track('buffered event, never read', { sku: 'cake' }));
        await stream.next();
        await stream.return?.();
        const otherBus = probe.track('bus of an abandoned stream', createBus<Events>());
        events(otherBus, 'cart/added');
        otherBus.emit('cart/added', probe.track('event buffered by the abandoned stream', { sku: 'jam' }));
      };
      await arrange();
      expect(await probe.retained()).toEqual([]);
    });
  });

  test('a registry keeps nothing it decoded', async () => {
    const probe = createRetentionProbe();
    const registry = createRegistry<Events>().define('cart/added', { upcasters: { 1: (data: { sku: string }) => data }, version: 2 });
    const arrange = async () => {
      const decoded = await registry.decode(probe.track('envelope', { type: 'cart/added', version: 1, data: { sku: 'tea' } }));
      probe.track('decoded event', decoded.event as object);
      await registry.decode({ type: 'unknown', version: 1, data: probe.track('data of a refused envelope', {}) }).catch(() => {});
    };
    await arrange();
    expect(await probe.retained()).toEqual([]);
  });
});

describe('core: event classes', () => {
  test('a class dispatched on a bus that lives on is collected once the app lets go of it (a class of a test, or of a module before a hot reload)', async () => {
    const probe = createRetentionProbe();
    const bus = createBus({ onError: () => {} });
    bus.subscribe('*', () => {});
    const arrange = () => {
      class CartCleared {
        constructor(readonly reason: string) {}
      }
      probe.track('class', CartCleared);
      bus.emit(new CartCleared('checkout'));
    };
    arrange();
    expect(await probe.retained()).toEqual([]);
  });
});
